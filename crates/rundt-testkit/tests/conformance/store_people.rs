//! The team's people through the `Store` trait on both backends: courses
//! with their certificates (the bytes read only with the certificate), the
//! supervisor's training exceptions, who was at each supervision and
//! consultation meeting, boosters planned and held at the version read,
//! development plans with every version kept and their reviews, and the
//! team's ratings of its consultant. Every write appends exactly one audit
//! event; a refused write appends none and stores nothing.

use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::people::{
    AbsenceReason, Booster, Certificate, CertificateInfo, CertificateType, Competence,
    ConsultantRatingRow, DevelopmentGoal, HeldMeeting, HoldBooster, MeetingAttendance, MeetingKind,
    NewBooster, NewPlanReview, NewPlanVersion, NewTrainingRecord, TrainingKind,
};
use rundt_domain::user::User;
use rundt_store::{NewConsultantRatingRow, Store, StoreError, SupervisionRecord, Written};
use rundt_testkit::TestDb;

use super::store_support::*;

/// An Aarhus team and a Randers team; a supervisor, two therapists and the
/// consultant.
struct People {
    db: TestDb,
    aarhus: TeamId,
    randers: TeamId,
    supervisor: User,
    mette: User,
    jonas: User,
    karin: User,
}

impl People {
    async fn new(db: TestDb) -> Self {
        let store = &*db.store;
        prepared(store).await;
        let aarhus = dk_team(store, "MST Aarhus", "0751").await.id;
        let randers = dk_team(store, "MST Randers", "0730").await.id;
        let supervisor = therapist(store, "sofie", "Sofie Lund", "hash-1").await;
        let mette = therapist(store, "mette", "Mette Berg", "hash-2").await;
        let jonas = therapist(store, "jonas", "Jonas Holm", "hash-3").await;
        let karin = therapist(store, "karin", "Karin Dahl", "hash-4").await;
        Self {
            db,
            aarhus,
            randers,
            supervisor,
            mette,
            jonas,
            karin,
        }
    }

    fn store(&self) -> &dyn Store {
        &*self.db.store
    }

    fn event(&self, action: AuditAction, kind: ObjectKind) -> AuditEvent {
        by(self.supervisor.id, action, kind)
    }

    /// Written by the supervisor at [`micros_now`].
    fn written(&self) -> Written {
        Written {
            by: Some(self.supervisor.id),
            at: instant(),
        }
    }
}

fn course(kind: TrainingKind, started: &str, finished: &str, days: u8) -> NewTrainingRecord {
    NewTrainingRecord {
        kind,
        title: None,
        provider: "MST Danmark".into(),
        started_on: day(started),
        finished_on: day(finished),
        days,
    }
}

fn pdf(bytes: &[u8]) -> Certificate {
    Certificate {
        info: CertificateInfo {
            file_name: "orientation.pdf".into(),
            content_type: CertificateType::Pdf,
            size_bytes: u32::try_from(bytes.len()).unwrap(),
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        },
        bytes: bytes.to_vec(),
    }
}

fn goal(competence: Competence, goal: &str) -> DevelopmentGoal {
    DevelopmentGoal {
        competence,
        goal: goal.into(),
        actions: format!("{goal}: practise in supervision"),
    }
}

fn present(user_id: UserId) -> MeetingAttendance {
    MeetingAttendance {
        user_id,
        present: true,
        absence_reason: None,
    }
}

fn away(user_id: UserId, reason: AbsenceReason) -> MeetingAttendance {
    MeetingAttendance {
        user_id,
        present: false,
        absence_reason: Some(reason),
    }
}

async fn a_certificate_is_kept_with_its_training_record(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let action = AuditAction::PeopleTrainingRecord;
    let orientation = course(TrainingKind::MstOrientation, "2026-02-02", "2026-02-06", 5);
    let bytes = b"%PDF-1.7 certificate of the MST orientation".as_slice();
    let record = one_event(
        store,
        action,
        store.add_training_record(
            p.mette.id,
            &orientation,
            Some(&pdf(bytes)),
            p.written(),
            &p.event(action, ObjectKind::TrainingRecord),
        ),
    )
    .await;
    assert_eq!(record.user_id, p.mette.id);
    assert_eq!(record.kind, TrainingKind::MstOrientation);
    assert_eq!(record.provider, "MST Danmark");
    assert_eq!(record.days, 5);
    assert_eq!(record.started_on, day("2026-02-02"));
    assert_eq!(record.finished_on, day("2026-02-06"));
    assert_eq!(record.certificate, Some(pdf(bytes).info));
    assert_eq!(record.recorded_at, micros_now());
    assert_eq!(record.recorded_by, Some(p.supervisor.id));
    let last = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(last.last().unwrap().event.object_id, Some(record.id));

    let (read, certificate) = store.certificate(record.id).await.unwrap().unwrap();
    assert_eq!(read, record);
    assert_eq!(certificate, pdf(bytes));

    // A course without a certificate has none to give; nor has a record
    // that does not exist.
    let mut trauma = course(TrainingKind::Other, "2026-03-02", "2026-03-03", 2);
    trauma.title = Some("Traumefokuseret kognitiv terapi".into());
    let bare = one_event(
        store,
        action,
        store.add_training_record(
            p.mette.id,
            &trauma,
            None,
            p.written(),
            &p.event(action, ObjectKind::TrainingRecord),
        ),
    )
    .await;
    assert_eq!(bare.certificate, None);
    assert_eq!(
        bare.title.as_deref(),
        Some("Traumefokuseret kognitiv terapi")
    );
    assert_eq!(store.certificate(bare.id).await.unwrap(), None);
    assert_eq!(store.certificate(999_999).await.unwrap(), None);

    // A course of someone unknown is refused, and nothing is kept.
    let unknown = no_event(
        store,
        store.add_training_record(
            UserId::new(999_999),
            &orientation,
            Some(&pdf(bytes)),
            p.written(),
            &p.event(action, ObjectKind::TrainingRecord),
        ),
    )
    .await;
    assert_eq!(not_found(unknown), "user 999999");
    assert_eq!(p.db.count_rows("training_records").await, 2);
    assert_eq!(p.db.count_rows("training_certificates").await, 1);
}

async fn training_records_are_read_without_the_certificate_bytes(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let action = AuditAction::PeopleTrainingRecord;
    let add = |user: UserId, record: NewTrainingRecord, with: Option<Certificate>| {
        let event = p.event(action, ObjectKind::TrainingRecord);
        let written = p.written();
        async move {
            store
                .add_training_record(user, &record, with.as_ref(), written, &event)
                .await
                .unwrap()
        }
    };
    let big = vec![7_u8; 300_000];
    let can = add(
        p.jonas.id,
        course(TrainingKind::MstCan, "2026-05-04", "2026-05-07", 4),
        Some(pdf(&big)),
    )
    .await;
    let orientation = add(
        p.jonas.id,
        course(TrainingKind::MstOrientation, "2026-01-12", "2026-01-16", 5),
        None,
    )
    .await;
    let mettes = add(
        p.mette.id,
        course(
            TrainingKind::SupervisorTraining,
            "2026-04-01",
            "2026-04-02",
            2,
        ),
        Some(pdf(b"%PDF-1.4 supervisor")),
    )
    .await;
    add(
        p.karin.id,
        course(TrainingKind::MstOrientation, "2025-09-01", "2025-09-05", 5),
        None,
    )
    .await;

    let read = store
        .training_records(&[p.jonas.id, p.mette.id])
        .await
        .unwrap();
    // By person (ids in creation order: Mette before Jonas), then by the
    // day each course finished.
    assert_eq!(read, [mettes, orientation, can.clone()]);
    let described = read.iter().find(|r| r.id == can.id).unwrap();
    assert_eq!(described.certificate.as_ref().unwrap().size_bytes, 300_000);
    // The bytes come only with the certificate itself.
    let (_, certificate) = store.certificate(can.id).await.unwrap().unwrap();
    assert_eq!(certificate.bytes, big);
    assert!(store.training_records(&[]).await.unwrap().is_empty());
    assert!(
        store
            .training_records(&[UserId::new(999_999)])
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_second_training_exception_is_kept_beside_the_first(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let action = AuditAction::PeopleTrainingExceptionRecord;
    let except = |team: TeamId, user: UserId, reason: &'static str| {
        let event = p.event(action, ObjectKind::User);
        let written = p.written();
        async move {
            store
                .add_training_exception(team, user, reason, written, &event)
                .await
        }
    };
    let first = one_event(
        store,
        action,
        except(p.aarhus, p.jonas.id, "Orientation booked for March"),
    )
    .await;
    assert_eq!(first.team_id, p.aarhus);
    assert_eq!(first.user_id, p.jonas.id);
    assert_eq!(first.reason, "Orientation booked for March");
    assert_eq!(first.recorded_at, micros_now());
    assert_eq!(first.recorded_by, Some(p.supervisor.id));
    let second = one_event(
        store,
        action,
        except(p.aarhus, p.jonas.id, "Orientation moved to May"),
    )
    .await;
    one_event(store, action, except(p.randers, p.mette.id, "Randers")).await;
    assert_eq!(
        store.training_exceptions(p.aarhus).await.unwrap(),
        [first, second]
    );
    let unknown = no_event(store, except(TeamId::new(999_999), p.jonas.id, "No team")).await;
    assert_eq!(not_found(unknown), "team 999999");
    assert_eq!(p.db.count_rows("training_exceptions").await, 3);
}

async fn attendance_is_kept_with_the_meeting(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let action = AuditAction::TeamSupervisionRecord;
    let meet = |team: TeamId, held: &str, kind: &str, attendance: Vec<MeetingAttendance>| {
        let session = SupervisionRecord {
            id: 0,
            team_id: team,
            held_on: day(held),
            kind: kind.into(),
            attendees: vec!["Sofie Lund".into()],
            attendance,
            recommendations: Vec::new(),
        };
        let event = p.event(action, ObjectKind::Supervision);
        async move { store.create_supervision(&session, &event).await }
    };
    // Users are created supervisor, Mette, Jonas, Karin: attendance comes
    // back by person in that order.
    let week1 = vec![
        present(p.supervisor.id),
        present(p.mette.id),
        away(p.jonas.id, AbsenceReason::Illness),
    ];
    let s1 = one_event(
        store,
        action,
        meet(p.aarhus, "2026-03-02", "supervision", week1),
    )
    .await;
    let week1_consult = vec![
        present(p.mette.id),
        away(p.jonas.id, AbsenceReason::FamilyCrisis),
    ];
    let c1 = one_event(
        store,
        action,
        meet(p.aarhus, "2026-03-05", "consultation", week1_consult),
    )
    .await;
    // A meeting recorded without attendance, one outside the days asked
    // for, and one of another team.
    let s2 = one_event(
        store,
        action,
        meet(p.aarhus, "2026-03-09", "supervision", vec![]),
    )
    .await;
    one_event(
        store,
        action,
        meet(
            p.aarhus,
            "2026-03-16",
            "supervision",
            vec![present(p.mette.id)],
        ),
    )
    .await;
    one_event(
        store,
        action,
        meet(
            p.randers,
            "2026-03-03",
            "supervision",
            vec![present(p.karin.id)],
        ),
    )
    .await;

    let held = store
        .team_meetings_between(p.aarhus, day("2026-03-02"), day("2026-03-09"))
        .await
        .unwrap();
    assert_eq!(
        held,
        [
            HeldMeeting {
                session_id: s1.id,
                held_on: day("2026-03-02"),
                kind: MeetingKind::Supervision,
                attendance: s1.attendance.clone(),
            },
            HeldMeeting {
                session_id: c1.id,
                held_on: day("2026-03-05"),
                kind: MeetingKind::Consultation,
                attendance: c1.attendance.clone(),
            },
            HeldMeeting {
                session_id: s2.id,
                held_on: day("2026-03-09"),
                kind: MeetingKind::Supervision,
                attendance: Vec::new(),
            },
        ]
    );
    assert_eq!(
        held[0].attendance[2],
        away(p.jonas.id, AbsenceReason::Illness)
    );

    // The team's meetings, newest first, carry their attendance too.
    let read = event(AuditAction::TeamSupervisionRead, ObjectKind::Team);
    let listed = store.team_supervisions(p.aarhus, 10, &read).await.unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[2], c1);
    assert_eq!(listed[3], s1);
    assert_eq!(listed[3].attendance.len(), 3);
    assert!(listed[1].attendance.is_empty());

    // A person named twice is refused, and the meeting is not kept.
    let twice = vec![present(p.mette.id), away(p.mette.id, AbsenceReason::Leave)];
    let refused = no_event(store, meet(p.aarhus, "2026-03-23", "supervision", twice)).await;
    assert!(matches!(refused, Err(StoreError::Conflict(_))));
    assert_eq!(p.db.count_rows("supervision_sessions").await, 5);
    assert_eq!(p.db.count_rows("meeting_attendance").await, 7);
}

fn planned(on: &str, topic: &str) -> NewBooster {
    NewBooster {
        planned_on: day(on),
        topic: topic.into(),
        trainer: "MST Services".into(),
        held_on: None,
        attendees: Vec::new(),
    }
}

async fn a_booster_held_twice_at_an_old_version_is_refused(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let plan = AuditAction::PeopleBoosterPlan;
    let hold_action = AuditAction::PeopleBoosterHold;
    let booster = one_event(
        store,
        plan,
        store.add_booster(
            p.aarhus,
            &planned("2026-04-14", "Engagement"),
            &p.event(plan, ObjectKind::Booster),
        ),
    )
    .await;
    assert_eq!(
        booster,
        Booster {
            id: booster.id,
            team_id: p.aarhus,
            planned_on: day("2026-04-14"),
            held_on: None,
            topic: "Engagement".into(),
            trainer: "MST Services".into(),
            attendees: Vec::new(),
            version: 1,
        }
    );
    let hold = |held: &str, attendees: Vec<UserId>, version: i64, id: i64| {
        let event = p.event(hold_action, ObjectKind::Booster);
        let hold = HoldBooster {
            held_on: day(held),
            attendees,
        };
        async move { store.hold_booster(id, version, &hold, &event).await }
    };
    let everyone = vec![p.supervisor.id, p.mette.id, p.jonas.id];
    let held = one_event(
        store,
        hold_action,
        hold("2026-04-15", everyone.clone(), 1, booster.id),
    )
    .await;
    assert_eq!(held.version, 2);
    assert_eq!(held.held_on, Some(day("2026-04-15")));
    assert_eq!(held.attendees, everyone);
    assert_eq!(
        store.get_booster(booster.id).await.unwrap(),
        Some(held.clone())
    );

    let again = no_event(store, hold("2026-04-16", vec![p.mette.id], 1, booster.id)).await;
    assert_eq!(mismatch(again), 2);
    assert_eq!(store.get_booster(booster.id).await.unwrap(), Some(held));
    assert_eq!(p.db.count_rows("booster_attendees").await, 3);

    let unknown = no_event(store, hold("2026-04-16", vec![], 1, 999_999)).await;
    assert_eq!(not_found(unknown), "booster 999999");
    assert_eq!(store.get_booster(999_999).await.unwrap(), None);
}

async fn boosters_of_the_teams_planned_or_held_since_a_day(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let plan = AuditAction::PeopleBoosterPlan;
    let add = |team: TeamId, booster: NewBooster| {
        let event = p.event(plan, ObjectKind::Booster);
        async move { store.add_booster(team, &booster, &event).await.unwrap() }
    };
    let old = add(p.aarhus, planned("2025-11-03", "Safety")).await;
    // Planned before the day, held after it.
    let late = add(p.aarhus, planned("2025-12-29", "Do-loop")).await;
    let late = store
        .hold_booster(
            late.id,
            1,
            &HoldBooster {
                held_on: day("2026-01-08"),
                attendees: vec![p.mette.id],
            },
            &p.event(AuditAction::PeopleBoosterHold, ObjectKind::Booster),
        )
        .await
        .unwrap();
    // Recorded as held at once; a person named twice attends once.
    let mut at_once = planned("2026-02-10", "Principle 5");
    at_once.held_on = Some(day("2026-02-10"));
    at_once.attendees = vec![p.jonas.id, p.mette.id, p.jonas.id];
    let at_once = add(p.aarhus, at_once).await;
    assert_eq!(at_once.attendees, [p.mette.id, p.jonas.id]);
    assert_eq!(at_once.version, 1);
    let randers = add(p.randers, planned("2026-01-20", "Engagement")).await;
    let ahead = add(p.aarhus, planned("2026-06-01", "Adherence")).await;

    let since = day("2026-01-01");
    assert_eq!(
        store.team_boosters(&[p.aarhus], since).await.unwrap(),
        [late.clone(), at_once.clone(), ahead.clone()]
    );
    assert_eq!(
        store
            .team_boosters(&[p.aarhus, p.randers], since)
            .await
            .unwrap(),
        [late.clone(), randers, at_once.clone(), ahead.clone()]
    );
    assert_eq!(
        store
            .team_boosters(&[p.aarhus], day("2025-01-01"))
            .await
            .unwrap(),
        [old, late, at_once, ahead]
    );
    assert!(store.team_boosters(&[], since).await.unwrap().is_empty());
}

async fn every_plan_version_is_kept(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let save = AuditAction::PeoplePlanSave;
    let write = |user: UserId,
                 expected: Option<i64>,
                 goals: Vec<DevelopmentGoal>,
                 on: &str,
                 review: &str| {
        let event = p.event(save, ObjectKind::DevelopmentPlan);
        let plan = NewPlanVersion {
            goals,
            review_on: day(review),
        };
        let (team, on, written) = (p.aarhus, day(on), p.written());
        async move {
            store
                .save_plan_version(team, user, expected, &plan, on, written, &event)
                .await
        }
    };
    let first_goals = vec![goal(Competence::Engagement, "Engage fathers")];
    let v1 = one_event(
        store,
        save,
        write(
            p.mette.id,
            None,
            first_goals.clone(),
            "2026-01-10",
            "2026-04-10",
        ),
    )
    .await;
    assert_eq!(v1.version, 1);
    assert_eq!(v1.team_id, p.aarhus);
    assert_eq!(v1.user_id, p.mette.id);
    assert_eq!(v1.goals, first_goals);
    assert_eq!(v1.started_on, day("2026-01-10"));
    assert_eq!(v1.written_on, day("2026-01-10"));
    assert_eq!(v1.review_on, day("2026-04-10"));
    assert_eq!(v1.written_at, micros_now());
    assert_eq!(v1.written_by, Some(p.supervisor.id));
    assert!(v1.reviews.is_empty());

    // A review, then the next version: the review stays with the plan.
    let review = one_event(
        store,
        AuditAction::PeoplePlanReview,
        store.add_plan_review(
            v1.id,
            &NewPlanReview {
                reviewed_on: day("2026-04-09"),
                notes: "Fathers engaged in 3 of 4 families".into(),
                next_review_on: day("2026-07-09"),
            },
            p.written(),
            &p.event(AuditAction::PeoplePlanReview, ObjectKind::DevelopmentPlan),
        ),
    )
    .await;
    let second_goals = vec![
        goal(Competence::Principle5, "Action-oriented sessions"),
        goal(Competence::AnalyticProcess, "Do-loop in every summary"),
    ];
    let v2 = one_event(
        store,
        save,
        write(
            p.mette.id,
            Some(1),
            second_goals.clone(),
            "2026-04-20",
            "2026-08-01",
        ),
    )
    .await;
    assert_eq!(v2.id, v1.id);
    assert_eq!(v2.version, 2);
    assert_eq!(v2.goals, second_goals);
    assert_eq!(v2.started_on, day("2026-01-10"));
    assert_eq!(v2.written_on, day("2026-04-20"));
    assert_eq!(v2.reviews, std::slice::from_ref(&review));

    let versions = store.plan_versions(v1.id).await.unwrap();
    let mut v1_now = v1.clone();
    v1_now.reviews = vec![review.clone()];
    assert_eq!(versions, [v1_now, v2.clone()]);
    assert_eq!(
        store.development_plan(p.aarhus, p.mette.id).await.unwrap(),
        Some(v2.clone())
    );
    assert_eq!(
        store.development_plan(p.randers, p.mette.id).await.unwrap(),
        None
    );

    // The team's plans: the newest version of each.
    let jonas = one_event(
        store,
        save,
        write(p.jonas.id, None, first_goals, "2026-02-01", "2026-05-01"),
    )
    .await;
    // By person: Mette's id is lower than Jonas's.
    assert_eq!(store.team_plans(&[p.aarhus]).await.unwrap(), [v2, jonas]);
    assert!(store.team_plans(&[p.randers]).await.unwrap().is_empty());
    assert!(store.plan_versions(999_999).await.unwrap().is_empty());
    assert_eq!(p.db.count_rows("development_plan_versions").await, 3);
}

async fn a_second_first_version_is_a_conflict_and_stores_nothing(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let save = AuditAction::PeoplePlanSave;
    let write = |user: UserId, expected: Option<i64>| {
        let event = p.event(save, ObjectKind::DevelopmentPlan);
        let plan = NewPlanVersion {
            goals: vec![goal(Competence::Principle1, "Find the fit")],
            review_on: day("2026-06-01"),
        };
        let (team, written) = (p.aarhus, p.written());
        async move {
            store
                .save_plan_version(
                    team,
                    user,
                    expected,
                    &plan,
                    day("2026-03-01"),
                    written,
                    &event,
                )
                .await
        }
    };
    let first = one_event(store, save, write(p.mette.id, None)).await;
    let again = no_event(store, write(p.mette.id, None)).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(p.db.count_rows("development_plans").await, 1);
    assert_eq!(p.db.count_rows("development_plan_versions").await, 1);

    // A next version at a version not stored, or of no plan.
    assert_eq!(
        mismatch(no_event(store, write(p.mette.id, Some(5))).await),
        1
    );
    let none = no_event(store, write(p.jonas.id, Some(1))).await;
    assert_eq!(
        not_found(none),
        format!(
            "development plan of user {} in team {}",
            p.jonas.id, p.aarhus
        )
    );
    assert_eq!(
        store.development_plan(p.aarhus, p.mette.id).await.unwrap(),
        Some(first)
    );

    // Six writers racing for the first version: one stores it.
    let tasks = (0..6)
        .map(|_| {
            let store = p.db.store.clone();
            let (team, user, written) = (p.aarhus, p.jonas.id, p.written());
            let event = p.event(save, ObjectKind::DevelopmentPlan);
            let plan = NewPlanVersion {
                goals: Vec::new(),
                review_on: day("2026-06-01"),
            };
            tokio::spawn(async move {
                store
                    .save_plan_version(team, user, None, &plan, day("2026-03-02"), written, &event)
                    .await
            })
        })
        .collect();
    let taken = |refusal: StoreError| {
        assert!(matches!(refusal, StoreError::Conflict(_)), "{refusal:?}");
    };
    assert_eq!(
        winners(tasks, |plan| assert_eq!(plan.version, 1), taken).await,
        1
    );
    assert_eq!(p.db.count_rows("development_plan_versions").await, 2);
}

async fn a_review_of_a_missing_plan_is_not_found(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let action = AuditAction::PeoplePlanReview;
    let review = |plan_id: i64, on: &str, next: &str| {
        let event = p.event(action, ObjectKind::DevelopmentPlan);
        let review = NewPlanReview {
            reviewed_on: day(on),
            notes: format!("Reviewed {on}"),
            next_review_on: day(next),
        };
        let written = p.written();
        async move {
            store
                .add_plan_review(plan_id, &review, written, &event)
                .await
        }
    };
    let missing = no_event(store, review(999_999, "2026-05-01", "2026-08-01")).await;
    assert_eq!(not_found(missing), "development plan 999999");
    assert_eq!(p.db.count_rows("development_plan_reviews").await, 0);

    let plan = store
        .save_plan_version(
            p.aarhus,
            p.mette.id,
            None,
            &NewPlanVersion {
                goals: vec![goal(Competence::AdherenceFindings, "TAM-R above 0.61")],
                review_on: day("2026-05-01"),
            },
            day("2026-02-01"),
            p.written(),
            &p.event(AuditAction::PeoplePlanSave, ObjectKind::DevelopmentPlan),
        )
        .await
        .unwrap();
    // Recorded out of order; read back oldest first.
    let later = one_event(store, action, review(plan.id, "2026-08-03", "2026-11-03")).await;
    let earlier = one_event(store, action, review(plan.id, "2026-05-04", "2026-08-04")).await;
    assert_eq!(earlier.plan_id, plan.id);
    assert_eq!(earlier.notes, "Reviewed 2026-05-04");
    assert_eq!(earlier.next_review_on, day("2026-08-04"));
    assert_eq!(earlier.reviewed_at, micros_now());
    assert_eq!(earlier.reviewed_by, Some(p.supervisor.id));
    let read = store.development_plan(p.aarhus, p.mette.id).await.unwrap();
    assert_eq!(read.unwrap().reviews, [earlier, later]);
}

async fn consultant_ratings_since_a_day(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let action = AuditAction::PeopleConsultantRating;
    let rate = |team: TeamId, rater: UserId, on: &str, score: Option<f64>| {
        let event = p.event(action, ObjectKind::ConsultantRating);
        let rating = NewConsultantRatingRow {
            team_id: team,
            consultant_id: p.karin.id,
            rater_id: rater,
            rated_on: day(on),
            answers: vec![Some(4), None, Some(5)],
            score,
            created_at: instant(),
        };
        async move { store.record_consultant_rating(&rating, &event).await }
    };
    one_event(
        store,
        action,
        rate(p.aarhus, p.mette.id, "2025-12-01", Some(3.5)),
    )
    .await;
    one_event(
        store,
        action,
        rate(p.aarhus, p.mette.id, "2026-03-01", Some(4.25)),
    )
    .await;
    one_event(
        store,
        action,
        rate(p.aarhus, p.jonas.id, "2026-02-01", None),
    )
    .await;
    one_event(
        store,
        action,
        rate(p.randers, p.mette.id, "2026-02-15", Some(2.0)),
    )
    .await;
    let unknown = no_event(
        store,
        rate(TeamId::new(999_999), p.mette.id, "2026-03-01", None),
    )
    .await;
    assert_eq!(not_found(unknown), "team 999999");

    let row = |team: TeamId, rater: UserId, on: &str, score: Option<f64>| ConsultantRatingRow {
        team_id: team,
        consultant_id: p.karin.id,
        rater_id: rater,
        rated_on: day(on),
        score,
    };
    assert_eq!(
        store
            .consultant_ratings(&[p.aarhus], day("2026-01-01"))
            .await
            .unwrap(),
        [
            row(p.aarhus, p.jonas.id, "2026-02-01", None),
            row(p.aarhus, p.mette.id, "2026-03-01", Some(4.25)),
        ]
    );
    assert_eq!(
        store
            .consultant_ratings(&[p.aarhus, p.randers], day("2026-02-01"))
            .await
            .unwrap(),
        [
            row(p.aarhus, p.jonas.id, "2026-02-01", None),
            row(p.randers, p.mette.id, "2026-02-15", Some(2.0)),
            row(p.aarhus, p.mette.id, "2026-03-01", Some(4.25)),
        ]
    );
    assert_eq!(
        store
            .last_consultant_rating(p.aarhus, p.mette.id)
            .await
            .unwrap(),
        Some(day("2026-03-01"))
    );
    assert_eq!(
        store
            .last_consultant_rating(p.randers, p.jonas.id)
            .await
            .unwrap(),
        None
    );
    assert_eq!(p.db.count_rows("consultant_ratings").await, 4);
}

async fn every_write_appends_its_audit_event(db: TestDb) {
    let p = People::new(db).await;
    let store = p.store();
    let before = audited(store).await;
    let record = store
        .add_training_record(
            p.mette.id,
            &course(TrainingKind::MstOrientation, "2026-01-05", "2026-01-09", 5),
            None,
            p.written(),
            &p.event(
                AuditAction::PeopleTrainingRecord,
                ObjectKind::TrainingRecord,
            ),
        )
        .await
        .unwrap();
    let exception = store
        .add_training_exception(
            p.aarhus,
            p.jonas.id,
            "Booked",
            p.written(),
            &p.event(AuditAction::PeopleTrainingExceptionRecord, ObjectKind::User),
        )
        .await
        .unwrap();
    let booster = store
        .add_booster(
            p.aarhus,
            &planned("2026-02-02", "Engagement"),
            &p.event(AuditAction::PeopleBoosterPlan, ObjectKind::Booster),
        )
        .await
        .unwrap();
    store
        .hold_booster(
            booster.id,
            1,
            &HoldBooster {
                held_on: day("2026-02-02"),
                attendees: vec![p.mette.id],
            },
            &p.event(AuditAction::PeopleBoosterHold, ObjectKind::Booster),
        )
        .await
        .unwrap();
    let plan = store
        .save_plan_version(
            p.aarhus,
            p.mette.id,
            None,
            &NewPlanVersion {
                goals: Vec::new(),
                review_on: day("2026-05-01"),
            },
            day("2026-02-01"),
            p.written(),
            &p.event(AuditAction::PeoplePlanSave, ObjectKind::DevelopmentPlan),
        )
        .await
        .unwrap();
    store
        .add_plan_review(
            plan.id,
            &NewPlanReview {
                reviewed_on: day("2026-05-01"),
                notes: "On track".into(),
                next_review_on: day("2026-08-01"),
            },
            p.written(),
            &p.event(AuditAction::PeoplePlanReview, ObjectKind::DevelopmentPlan),
        )
        .await
        .unwrap();
    store
        .record_consultant_rating(
            &NewConsultantRatingRow {
                team_id: p.aarhus,
                consultant_id: p.karin.id,
                rater_id: p.mette.id,
                rated_on: day("2026-05-02"),
                answers: vec![Some(5)],
                score: Some(5.0),
                created_at: instant(),
            },
            &p.event(
                AuditAction::PeopleConsultantRating,
                ObjectKind::ConsultantRating,
            ),
        )
        .await
        .unwrap();

    let events = store.audit_events(before as i64, 100).await.unwrap();
    let written: Vec<(&str, Option<i64>)> = events
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.object_id))
        .collect();
    assert_eq!(
        written,
        [
            ("people.training.record", Some(record.id)),
            ("people.training_exception.record", Some(exception.id)),
            ("people.booster.plan", Some(booster.id)),
            ("people.booster.hold", Some(booster.id)),
            ("people.plan.save", Some(plan.id)),
            ("people.plan.review", Some(plan.id)),
            ("people.consultant_rating", Some(1)),
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| e.event.actor_user_id == Some(p.supervisor.id))
    );
    check_chain(store).await;
}

rundt_testkit::scenarios!(store:
    a_certificate_is_kept_with_its_training_record,
    training_records_are_read_without_the_certificate_bytes,
    a_second_training_exception_is_kept_beside_the_first,
    attendance_is_kept_with_the_meeting,
    a_booster_held_twice_at_an_old_version_is_refused,
    boosters_of_the_teams_planned_or_held_since_a_day,
    every_plan_version_is_kept,
    a_second_first_version_is_a_conflict_and_stores_nothing,
    a_review_of_a_missing_plan_is_not_found,
    consultant_ratings_since_a_day,
    every_write_appends_its_audit_event,
);
