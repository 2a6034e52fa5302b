//! Feasibility studies through the `Store` trait on both backends: every
//! version of a study kept whole, a save only after the version read, the
//! studies of a municipality newest first, comments on the version they
//! were written on, approvals only of the newest version, and the last
//! approval creating the team in the same transaction. Every write appends
//! its audit event; a refused write appends none and stores nothing.

use chrono::{DateTime, Duration, Utc};
use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::feasibility::{
    Barrier, ByScenario, CostLine, PostSalary, PotentialFigure, PotentialMeasure, ReferralShare,
    StudyAssumptions, StudyDocument, StudyStatus,
};
use rundt_domain::money::Currency;
use rundt_domain::team::{NewTeam, Ownership, Position, TeamId};
use rundt_domain::user::User;
use rundt_store::{Store, TeamFromStudy, Written};
use rundt_testkit::{TestDb, code};

use super::store_support::*;

/// A national-office adviser who writes the studies.
struct Studies {
    db: TestDb,
    adviser: User,
}

impl Studies {
    async fn new(db: TestDb) -> Self {
        let store = &*db.store;
        prepared(store).await;
        let adviser = therapist(store, "anne", "Anne Krogh", "hash-1").await;
        Self { db, adviser }
    }

    fn store(&self) -> &dyn Store {
        &*self.db.store
    }

    fn event(&self, action: AuditAction) -> AuditEvent {
        by(self.adviser.id, action, ObjectKind::FeasibilityStudy)
    }

    /// Written by the adviser `minutes` after [`instant`].
    fn written(&self, minutes: i64) -> Written {
        Written {
            by: Some(self.adviser.id),
            at: instant() + Duration::minutes(minutes),
        }
    }
}

/// [`micros_now`] `minutes` later.
fn at(minutes: i64) -> DateTime<Utc> {
    micros_now() + Duration::minutes(minutes)
}

/// A Danish MST study titled `title` by the municipalities `owners` (code,
/// share in basis points), its team to be named `team`.
fn document(title: &str, team: &str, owners: &[(&str, u32)]) -> StudyDocument {
    let municipalities: Vec<Ownership> = owners
        .iter()
        .map(|(c, share_bp)| Ownership {
            municipality_code: code(c),
            share_bp: *share_bp,
        })
        .collect();
    let potential = municipalities
        .iter()
        .map(|m| PotentialFigure {
            municipality: m.municipality_code.clone(),
            measure: PotentialMeasure::PlacedOutOfHome,
            count: 40,
            source: "Danmarks Statistik, ANBAAR".into(),
            year: 2025,
        })
        .collect();
    StudyDocument {
        title: title.into(),
        team_name: team.into(),
        country: Country::DK,
        programme_model: "MST".into(),
        currency: Currency::Dkk,
        municipalities,
        potential,
        referral_shares: vec![ReferralShare {
            measure: PotentialMeasure::PlacedOutOfHome,
            share_bp: ByScenario {
                low: 1_000,
                expected: 1_500,
                high: 2_000,
            },
        }],
        barriers: vec![Barrier {
            text: "The treatment culture favours placement".into(),
            note: "Meeting with the heads of the children's services".into(),
            owner: "Head of children's services".into(),
            resolved: false,
        }],
        assumptions: StudyAssumptions {
            starts_on: day("2027-01-01"),
            years: 5,
            ramp_up_months: 6,
            families_per_therapist_year: 8,
            families_per_therapist_source: "MST Services".into(),
            therapist_salary: 60_000_000,
            posts: vec![PostSalary {
                position: Position::Supervisor,
                yearly: 70_000_000,
                fte_bp: 10_000,
            }],
            salary_source: "KL's wage statistics".into(),
            licence_fee_per_year: 20_000_000,
            licence_from_year: 2,
            licence_source: "MST Danmark".into(),
            start_up: vec![CostLine {
                description: "Initial training".into(),
                amount: 25_000_000,
                source: "MST Danmark".into(),
            }],
            later_therapist_training: 4_000_000,
            travel_per_year: 3_000_000,
            overhead_bp: 1_500,
            placement_cost_per_year: 120_000_000,
            placement_months: 18,
            placement_source: "The municipalities' accounts".into(),
            avoided_share_bp: ByScenario {
                low: 3_000,
                expected: 4_500,
                high: 6_000,
            },
            avoided_source: "Danish evaluation".into(),
        },
    }
}

/// The team the study `doc` starts.
fn team_of(doc: &StudyDocument) -> NewTeam {
    NewTeam {
        name: doc.team_name.clone(),
        country: doc.country,
        programme_model: doc.programme_model.clone(),
        owners: doc.municipalities.clone(),
        started_on: doc.assumptions.starts_on,
    }
}

async fn a_study_saved_in_versions_keeps_every_version(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let first = document("MST Østjylland", "MST Østjylland", &[("0751", 10_000)]);
    let create = AuditAction::FeasibilityStudyCreate;
    let study = one_event(
        store,
        create,
        store.create_study(&first, s.written(0), &s.event(create)),
    )
    .await;
    assert_eq!(study.status, StudyStatus::Draft);
    assert_eq!(study.team_id, None);
    assert_eq!(study.created_at, at(0));
    assert_eq!(study.created_by, Some(s.adviser.id));
    assert_eq!(study.current.version, 1);
    assert_eq!(study.current.document, first);
    assert!(study.comments.is_empty() && study.approvals.is_empty());
    let events = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(events.last().unwrap().event.object_id, Some(study.id));

    // Randers joins, then the shares change.
    let second = document(
        "MST Østjylland",
        "MST Østjylland",
        &[("0751", 6_000), ("0730", 4_000)],
    );
    let third = document(
        "MST Østjylland, 2027",
        "MST Østjylland",
        &[("0751", 5_000), ("0730", 5_000)],
    );
    let save = AuditAction::FeasibilityStudySave;
    for (expected, (minutes, doc)) in [(1, (10, &second)), (2, (20, &third))] {
        let saved = one_event(
            store,
            save,
            store.save_study_version(study.id, expected, doc, s.written(minutes), &s.event(save)),
        )
        .await;
        assert_eq!(saved.current.version, expected + 1);
        assert_eq!(&saved.current.document, doc);
        assert_eq!(saved.current.saved_at, at(minutes));
        assert_eq!(saved.created_at, at(0), "the study keeps its creation");
    }

    let read = store.study(study.id).await.unwrap().unwrap();
    assert_eq!(read.current.version, 3);
    assert_eq!(read.current.document, third);
    let versions = store.study_versions(study.id).await.unwrap();
    let kept: Vec<(i64, &StudyDocument, DateTime<Utc>)> = versions
        .iter()
        .map(|v| (v.version, &v.document, v.saved_at))
        .collect();
    assert_eq!(
        kept,
        [
            (1, &first, at(0)),
            (2, &second, at(10)),
            (3, &third, at(20))
        ]
    );
    assert!(versions.iter().all(|v| v.study_id == study.id));
    assert!(versions.iter().all(|v| v.saved_by == Some(s.adviser.id)));
    assert_eq!(store.study(999_999).await.unwrap(), None);
    assert!(store.study_versions(999_999).await.unwrap().is_empty());
    check_chain(store).await;
}

async fn a_stale_save_is_refused_and_stores_nothing(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let save = AuditAction::FeasibilityStudySave;
    let first = document("MST Aarhus", "MST Aarhus", &[("0751", 10_000)]);
    let create = s.event(AuditAction::FeasibilityStudyCreate);
    let study = store
        .create_study(&first, s.written(0), &create)
        .await
        .unwrap();
    let mine = document("MST Aarhus, mine", "MST Aarhus", &[("0751", 10_000)]);
    store
        .save_study_version(study.id, 1, &mine, s.written(5), &s.event(save))
        .await
        .unwrap();

    // A colleague who read version 1 saves over it: refused.
    let theirs = document("MST Aarhus, theirs", "MST Aarhus", &[("0751", 10_000)]);
    let stale_event = s.event(save);
    let stale = store.save_study_version(study.id, 1, &theirs, s.written(6), &stale_event);
    assert_eq!(mismatch(no_event(store, stale).await), 2);
    let versions = store.study_versions(study.id).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].document, mine);

    // A version ahead of the stored one is as stale.
    let ahead_event = s.event(save);
    let ahead = store.save_study_version(study.id, 7, &theirs, s.written(6), &ahead_event);
    assert_eq!(mismatch(no_event(store, ahead).await), 2);

    let unknown_event = s.event(save);
    let unknown = store.save_study_version(999_999, 1, &theirs, s.written(6), &unknown_event);
    let missing = not_found(no_event(store, unknown).await);
    assert!(missing.contains("999999"), "{missing}");
    assert_eq!(store.study_versions(study.id).await.unwrap().len(), 2);
    check_chain(store).await;
}

async fn the_studies_of_a_municipality_are_listed_newest_first(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let create = s.event(AuditAction::FeasibilityStudyCreate);
    let save = s.event(AuditAction::FeasibilityStudySave);
    let aarhus_randers = document(
        "Aarhus and Randers",
        "MST Østjylland",
        &[("0751", 6_000), ("0730", 4_000)],
    );
    let aarhus = document("Aarhus", "MST Aarhus", &[("0751", 10_000)]);
    let randers = document("Randers", "MST Randers", &[("0730", 10_000)]);
    let oslo = StudyDocument {
        country: Country::NO,
        currency: Currency::Nok,
        ..document("Oslo", "MST Oslo", &[("0301", 10_000)])
    };
    let mut ids = Vec::new();
    for (minutes, doc) in [
        (0, &aarhus_randers),
        (10, &aarhus),
        (20, &randers),
        (30, &oslo),
    ] {
        let study = store
            .create_study(doc, s.written(minutes), &create)
            .await
            .unwrap();
        ids.push(study.id);
    }
    let [both, aarhus_only, randers_only, oslo_only] = ids[..] else {
        panic!("four studies");
    };

    let listed = |country, municipality: Option<&'static str>| async move {
        let given = municipality.map(code);
        store
            .studies(country, given.as_ref())
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.version, s.municipalities))
            .collect::<Vec<_>>()
    };
    let (c0751, c0730) = (code("0751"), code("0730"));
    assert_eq!(
        listed(Country::DK, None).await,
        [
            (randers_only, 1, vec![c0730.clone()]),
            (aarhus_only, 1, vec![c0751.clone()]),
            (both, 1, vec![c0730.clone(), c0751.clone()]),
        ]
    );
    assert_eq!(
        listed(Country::DK, Some("0751"))
            .await
            .iter()
            .map(|l| l.0)
            .collect::<Vec<_>>(),
        [aarhus_only, both]
    );
    assert_eq!(
        listed(Country::NO, None)
            .await
            .iter()
            .map(|l| l.0)
            .collect::<Vec<_>>(),
        [oslo_only]
    );
    assert!(listed(Country::NO, Some("0751")).await.is_empty());

    // Aarhus leaves the joint study in its newest version, saved last: the
    // study comes first, and no longer under Aarhus.
    let randers_alone = document("Randers alone", "MST Randers", &[("0730", 10_000)]);
    store
        .save_study_version(both, 1, &randers_alone, s.written(40), &save)
        .await
        .unwrap();
    assert_eq!(
        listed(Country::DK, Some("0751")).await,
        [(aarhus_only, 1, vec![c0751.clone()])]
    );
    assert_eq!(
        listed(Country::DK, Some("0730")).await,
        [
            (both, 2, vec![c0730.clone()]),
            (randers_only, 1, vec![c0730.clone()]),
        ]
    );
    let line = store.studies(Country::DK, None).await.unwrap().remove(0);
    assert_eq!(line.id, both);
    assert_eq!(line.title, "Randers alone");
    assert_eq!(line.country, Country::DK);
    assert_eq!(line.programme_model, "MST");
    assert_eq!(line.status, StudyStatus::Draft);
    assert_eq!(line.team_id, None);
    assert_eq!(line.saved_at, at(40));
}

async fn comments_keep_the_version_they_were_written_on(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let comment = AuditAction::FeasibilityStudyComment;
    let doc = document("Aarhus", "MST Aarhus", &[("0751", 10_000)]);
    let create = s.event(AuditAction::FeasibilityStudyCreate);
    let study = store
        .create_study(&doc, s.written(0), &create)
        .await
        .unwrap();
    let on_first = one_event(
        store,
        comment,
        store.add_study_comment(
            study.id,
            1,
            "The potential needs a source",
            s.written(1),
            &s.event(comment),
        ),
    )
    .await;
    assert_eq!(on_first.study_id, study.id);
    assert_eq!(on_first.version, 1);
    assert_eq!(on_first.text, "The potential needs a source");
    assert_eq!(on_first.written_at, at(1));
    assert_eq!(on_first.written_by, Some(s.adviser.id));
    let events = store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(events.last().unwrap().event.object_id, Some(study.id));

    let save = s.event(AuditAction::FeasibilityStudySave);
    store
        .save_study_version(study.id, 1, &doc, s.written(2), &save)
        .await
        .unwrap();
    let on_second = store
        .add_study_comment(
            study.id,
            2,
            "Sourced: thank you",
            s.written(3),
            &s.event(comment),
        )
        .await
        .unwrap();
    // A late answer on the first version stays on it.
    let late = store
        .add_study_comment(study.id, 1, "Agreed", s.written(4), &s.event(comment))
        .await
        .unwrap();

    let read = store.study(study.id).await.unwrap().unwrap();
    let kept: Vec<(i64, &str)> = read
        .comments
        .iter()
        .map(|c| (c.version, c.text.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            (1, "The potential needs a source"),
            (2, "Sourced: thank you"),
            (1, "Agreed")
        ]
    );
    assert_eq!(read.comments, [on_first, on_second, late]);

    let no_version_event = s.event(comment);
    let no_version = store.add_study_comment(study.id, 3, "Ahead", s.written(5), &no_version_event);
    not_found(no_event(store, no_version).await);
    let no_study_event = s.event(comment);
    let no_study = store.add_study_comment(999_999, 1, "Lost", s.written(5), &no_study_event);
    not_found(no_event(store, no_study).await);
    assert_eq!(
        store.study(study.id).await.unwrap().unwrap().comments.len(),
        3
    );
}

async fn an_approval_of_an_old_version_is_refused(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let approve = AuditAction::FeasibilityStudyApprove;
    let doc = document(
        "Aarhus and Randers",
        "MST Østjylland",
        &[("0751", 6_000), ("0730", 4_000)],
    );
    let create = s.event(AuditAction::FeasibilityStudyCreate);
    let study = store
        .create_study(&doc, s.written(0), &create)
        .await
        .unwrap();
    let save = s.event(AuditAction::FeasibilityStudySave);
    store
        .save_study_version(study.id, 1, &doc, s.written(1), &save)
        .await
        .unwrap();

    // Aarhus approves the version its council read, which was replaced.
    let aarhus = code("0751");
    let old_event = s.event(approve);
    let old = store.approve_study(study.id, 1, &aarhus, s.written(2), &old_event, None);
    assert_eq!(mismatch(no_event(store, old).await), 2);

    let approved = one_event(
        store,
        approve,
        store.approve_study(study.id, 2, &aarhus, s.written(3), &s.event(approve), None),
    )
    .await;
    assert_eq!(
        approved.status,
        StudyStatus::Draft,
        "Randers has not approved"
    );
    assert_eq!(approved.team_id, None);
    assert_eq!(approved.approvals.len(), 1);
    let given = &approved.approvals[0];
    assert_eq!(
        (given.study_id, given.version, &given.municipality),
        (study.id, 2, &aarhus)
    );
    assert_eq!(given.approved_at, at(3));
    assert_eq!(given.approved_by, Some(s.adviser.id));

    // The same approval twice is refused.
    let twice_event = s.event(approve);
    let twice = store.approve_study(study.id, 2, &aarhus, s.written(4), &twice_event, None);
    assert_eq!(conflict(no_event(store, twice).await).code, "record-exists");
    let unknown_event = s.event(approve);
    let unknown = store.approve_study(999_999, 1, &aarhus, s.written(4), &unknown_event, None);
    not_found(no_event(store, unknown).await);
    assert_eq!(
        store.study(study.id).await.unwrap().unwrap().approvals,
        approved.approvals
    );
}

async fn the_last_approval_creates_the_team_in_the_same_transaction(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let approve = AuditAction::FeasibilityStudyApprove;
    let doc = document(
        "Aarhus and Randers",
        "MST Østjylland",
        &[("0751", 6_000), ("0730", 4_000)],
    );
    let create = s.event(AuditAction::FeasibilityStudyCreate);
    let study = store
        .create_study(&doc, s.written(0), &create)
        .await
        .unwrap();
    let (aarhus, randers) = (code("0751"), code("0730"));
    store
        .approve_study(study.id, 1, &aarhus, s.written(1), &s.event(approve), None)
        .await
        .unwrap();

    let team = team_of(&doc);
    let team_event = by(s.adviser.id, AuditAction::TeamCreate, ObjectKind::Team);
    let before = audited(store).await;
    let approved = store
        .approve_study(
            study.id,
            1,
            &randers,
            s.written(2),
            &s.event(approve),
            Some(TeamFromStudy {
                team: &team,
                audit: &team_event,
            }),
        )
        .await
        .unwrap();
    assert_eq!(approved.status, StudyStatus::Approved);
    let team_id = approved.team_id.expect("the study is linked to its team");
    assert_eq!(approved.approvals.len(), 2);

    // The approval's event, then the team's.
    let events = store.audit_events(before as i64, 100).await.unwrap();
    let written: Vec<(&str, Option<i64>)> = events
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.object_id))
        .collect();
    assert_eq!(
        written,
        [
            ("feasibility.study.approve", Some(study.id)),
            ("team.create", Some(team_id.get())),
        ]
    );

    let teams = store.list_teams().await.unwrap();
    let created = teams.iter().find(|t| t.id == team_id).unwrap();
    assert_eq!(created.name, "MST Østjylland");
    assert_eq!(created.country, Country::DK);
    assert_eq!(created.programme_model, "MST");
    assert_eq!(created.started_on, day("2027-01-01"));
    let shares: Vec<(&str, u32)> = created
        .owners
        .iter()
        .map(|o| (o.municipality_code.as_str(), o.share_bp))
        .collect();
    assert_eq!(shares, [("0730", 4_000), ("0751", 6_000)]);
    assert_eq!(store.study_of_team(team_id).await.unwrap(), Some(approved));

    // An approved study takes no new version and no further approval.
    let save = s.event(AuditAction::FeasibilityStudySave);
    let again = store.save_study_version(study.id, 1, &doc, s.written(3), &save);
    assert_eq!(
        conflict(no_event(store, again).await).code,
        "study-approved"
    );
    let late_event = s.event(approve);
    let late = store.approve_study(study.id, 1, &aarhus, s.written(3), &late_event, None);
    assert_eq!(conflict(no_event(store, late).await).code, "study-approved");

    let other = store
        .create_study(&doc, s.written(4), &create)
        .await
        .unwrap();
    assert_eq!(
        store.study_of_team(TeamId::new(999_999)).await.unwrap(),
        None
    );
    assert_eq!(store.study(other.id).await.unwrap().unwrap().team_id, None);
    check_chain(store).await;
}

async fn a_refused_team_leaves_the_last_approval_unwritten(db: TestDb) {
    let s = Studies::new(db).await;
    let store = s.store();
    let approve = AuditAction::FeasibilityStudyApprove;
    dk_team(store, "MST Aarhus", "0751").await;
    // The team's name is taken by the time the study is approved.
    let doc = document("Aarhus", "MST Aarhus", &[("0751", 10_000)]);
    let create = s.event(AuditAction::FeasibilityStudyCreate);
    let study = store
        .create_study(&doc, s.written(0), &create)
        .await
        .unwrap();
    let team = team_of(&doc);
    let team_event = by(s.adviser.id, AuditAction::TeamCreate, ObjectKind::Team);
    let teams_before = store.list_teams().await.unwrap().len();
    let (aarhus, approval) = (code("0751"), s.event(approve));
    let refused = store.approve_study(
        study.id,
        1,
        &aarhus,
        s.written(1),
        &approval,
        Some(TeamFromStudy {
            team: &team,
            audit: &team_event,
        }),
    );
    assert_eq!(
        conflict(no_event(store, refused).await).code,
        "team-name-taken"
    );

    let read = store.study(study.id).await.unwrap().unwrap();
    assert_eq!(read.status, StudyStatus::Draft);
    assert_eq!(read.team_id, None);
    assert!(read.approvals.is_empty(), "the approval is rolled back");
    assert_eq!(store.list_teams().await.unwrap().len(), teams_before);

    // Under a free name, the same approval goes through.
    let renamed = NewTeam {
        name: "MST Aarhus Syd".into(),
        ..team
    };
    let approved = store
        .approve_study(
            study.id,
            1,
            &code("0751"),
            s.written(2),
            &s.event(approve),
            Some(TeamFromStudy {
                team: &renamed,
                audit: &team_event,
            }),
        )
        .await
        .unwrap();
    assert_eq!(approved.status, StudyStatus::Approved);
    check_chain(store).await;
}

rundt_testkit::scenarios!(store:
    a_study_saved_in_versions_keeps_every_version,
    a_stale_save_is_refused_and_stores_nothing,
    the_studies_of_a_municipality_are_listed_newest_first,
    comments_keep_the_version_they_were_written_on,
    an_approval_of_an_old_version_is_refused,
    the_last_approval_creates_the_team_in_the_same_transaction,
    a_refused_team_leaves_the_last_approval_unwritten,
);
