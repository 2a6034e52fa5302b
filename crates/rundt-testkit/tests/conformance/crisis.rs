//! An MST family's crisis plan and crisis contact log on both backends
//! (issue 13): the plan in versions, each read in every family member's
//! access log; a contact logged by the supervisor is unread for the
//! family's own therapist until they open it; refusals store nothing and
//! are audited; the agenda brings the week's contacts.

use chrono::{Duration, NaiveDate};
use rundt_app::supervision_agenda::agenda;
use rundt_app::{AppError, crisis_contact, crisis_plan};
use rundt_domain::crisis_contact::{Caller, CrisisContact, CrisisResponse, CrisisRisk};
use rundt_domain::crisis_plan::{CrisisPlan, CrisisPlanDue, PersonToCall};
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_testkit::{Family, TestApp, test_now};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn plan(first_to_call: &str) -> CrisisPlan {
    CrisisPlan {
        people_to_call: vec![
            PersonToCall {
                name: first_to_call.into(),
                relation: "mor".into(),
                phone: "+45 20 12 34 56".into(),
            },
            PersonToCall {
                name: "Morfar Erik".into(),
                relation: "morfar".into(),
                phone: "40 11 22 33".into(),
            },
        ],
        what_calms: "En tur med hunden; ikke at blive talt til i flere minutter".into(),
        risks_and_warning_signs: "Smækker med døre og går ud om natten".into(),
        agreements: "Mor ringer til vagttelefonen før hun ringer til politiet".into(),
    }
}

/// A call from the mother last night (22:30 UTC the evening before).
fn last_night() -> CrisisContact {
    CrisisContact {
        at: test_now() - Duration::minutes(13 * 60 + 30),
        caller: Caller::Caregiver,
        about: "Mikkel er ikke kommet hjem og svarer ikke".into(),
        risk: CrisisRisk::High,
        responses: vec![CrisisResponse::PhoneAdvice, CrisisResponse::HomeVisit],
        minutes: 90,
        follow_up: "Tal med mor om aftalen om hjemkomst".into(),
    }
}

/// The Aarhus team with Jonas's family in treatment since 1 October.
async fn family(t: &TestApp) -> Family {
    family_of_team(t).await.1
}

async fn family_of_team(t: &TestApp) -> (rundt_domain::team::TeamId, Family) {
    let (team, _) = t.aarhus_team().await;
    let f = t
        .start_family(team, "louise", "mette", "jonas", day("2026-10-01"))
        .await;
    (team, f)
}

async fn actions(t: &TestApp, prefix: &str) -> Vec<String> {
    t.store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.action.starts_with(prefix))
        .map(|e| format!("{} {:?}", e.event.action, e.event.outcome))
        .collect()
}

async fn the_crisis_plan_is_kept_in_versions_and_each_read_is_in_every_members_access_log(
    t: TestApp,
) {
    let f = family(&t).await;
    let today = test_now().date_naive();
    let jonas = t.actor_on("jonas", today).await;
    let mette = t.actor_on("mette", today).await;

    // Eight weeks in treatment without a plan: it is due.
    let read = crisis_plan::read_plan(&t.app, &mette, f.case_id)
        .await
        .unwrap();
    assert!(read.plans.is_empty());
    assert_eq!(read.due, Some(CrisisPlanDue::Missing));

    let first = crisis_plan::save_plan(&t.app, &jonas, f.case_id, &plan("Lone"), None)
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    // A second "first" plan is stale; the next names the latest.
    let stale = crisis_plan::save_plan(&t.app, &jonas, f.case_id, &plan("Lone"), None).await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { current: 1 })),
        "{stale:?}"
    );
    let second = crisis_plan::save_plan(&t.app, &mette, f.case_id, &plan("Lone Hansen"), Some(1))
        .await
        .unwrap();
    assert_eq!(second.version, 2);

    let read = crisis_plan::read_plan(&t.app, &mette, f.case_id)
        .await
        .unwrap();
    let versions: Vec<i64> = read.plans.iter().map(|p| p.version).collect();
    assert_eq!(versions, [2, 1], "newest first, none replaced");
    assert_eq!(read.plans[0].plan.people_to_call[0].name, "Lone Hansen");
    assert_eq!(read.plans[1].plan.people_to_call[0].name, "Lone");
    assert_eq!(read.due, None, "just saved");
    assert!(!read.via_on_call);

    // Four weeks and a day later the plan is no longer current.
    let later = t.app.on_day(today + Duration::days(29));
    let mette_later = t.actor_on("mette", today + Duration::days(29)).await;
    let read = crisis_plan::read_plan(&later, &mette_later, f.case_id)
        .await
        .unwrap();
    assert_eq!(read.due, Some(CrisisPlanDue::NotCurrent));

    // Every person of the family has the supervisor's reading in their
    // access log.
    let mette_id = t.named("mette").await.id;
    for person in [f.young_person_id, f.caregiver_id] {
        let log = t.store.person_access_log(person).await.unwrap();
        assert!(
            log.iter().any(|e| e.event.actor_user_id == Some(mette_id)
                && e.event.action == "case.crisis_essentials.read"),
            "person {person}"
        );
    }
    assert_eq!(
        actions(&t, "case.crisis_plan").await,
        [
            "case.crisis_plan.save Success",
            "case.crisis_plan.save Success"
        ],
        "the stale save was refused before it was audited as a save"
    );
}

async fn another_therapist_neither_reads_nor_writes_the_plan_and_each_refusal_is_audited(
    t: TestApp,
) {
    let f = family(&t).await;
    let today = test_now().date_naive();
    let sofie = t.actor_on("sofie", today).await;
    let refused = crisis_plan::read_plan(&t.app, &sofie, f.case_id).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let refused = crisis_plan::save_plan(&t.app, &sofie, f.case_id, &plan("Lone"), None).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(t.count_rows("crisis_plans").await, 0);
    assert_eq!(
        actions(&t, "case.crisis").await,
        [
            "case.crisis_essentials.read Denied",
            "case.crisis_plan.save Denied"
        ]
    );
}

async fn a_plan_with_nobody_to_call_is_refused_and_nothing_is_stored(t: TestApp) {
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", test_now().date_naive()).await;
    let mut empty = plan("Lone");
    empty.people_to_call.clear();
    let refused = crisis_plan::save_plan(&t.app, &jonas, f.case_id, &empty, None).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused: {refused:?}");
    };
    assert_eq!(fields[0].field, "people_to_call");
    assert_eq!(t.count_rows("crisis_plans").await, 0);
    assert!(actions(&t, "case.crisis_plan").await.is_empty());
}

async fn a_contact_logged_by_the_supervisor_is_unread_for_the_own_therapist_until_opened(
    t: TestApp,
) {
    let (team, f) = family_of_team(&t).await;
    let today = test_now().date_naive();
    let jonas = t.actor_on("jonas", today).await;
    let mette = t.actor_on("mette", today).await;
    let jonas_id = t.named("jonas").await.id;
    let mette_id = t.named("mette").await.id;

    let logged = crisis_contact::log(&t.app, &mette, f.case_id, &last_night())
        .await
        .unwrap();
    assert_eq!(logged.logged_by, Some(mette_id));
    assert_eq!(
        logged.read_by,
        [mette_id],
        "the one who logs it has read it"
    );
    assert_eq!(logged.contact, last_night());

    let unread = crisis_contact::unread_for(&t.app, &jonas).await.unwrap();
    assert_eq!(unread.len(), 1);
    assert_eq!((unread[0].case_id, unread[0].unread), (f.case_id, 1));
    let listed = crisis_contact::list(&t.app, &jonas, f.case_id)
        .await
        .unwrap();
    assert_eq!(listed.contacts.len(), 1);
    assert!(
        !listed.contacts[0].read_by(jonas_id),
        "listing is not opening"
    );

    let opened = crisis_contact::open(&t.app, &jonas, f.case_id, logged.id)
        .await
        .unwrap();
    assert_eq!(opened.read_by, [mette_id, jonas_id]);
    assert!(
        crisis_contact::unread_for(&t.app, &jonas)
            .await
            .unwrap()
            .is_empty()
    );
    // Opening twice keeps one receipt.
    let again = crisis_contact::open(&t.app, &jonas, f.case_id, logged.id)
        .await
        .unwrap();
    assert_eq!(again.read_by, [mette_id, jonas_id]);
    assert_eq!(t.count_rows("crisis_contact_reads").await, 2);

    // A contact of another family is not found through this one.
    let missing = crisis_contact::open(&t.app, &jonas, f.case_id, logged.id + 1000).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");

    // The log is audited once, each read once per family member.
    let log = actions(&t, "case.crisis_contact").await;
    assert_eq!(log[0], "case.crisis_contact.log Success");
    for person in [f.young_person_id, f.caregiver_id] {
        let access = t.store.person_access_log(person).await.unwrap();
        let reads = access
            .iter()
            .filter(|e| {
                e.event.actor_user_id == Some(jonas_id)
                    && e.event.action == "case.crisis_contact.read"
            })
            .count();
        assert_eq!(reads, 3, "listed once, opened twice: person {person}");
    }

    // The week's contacts and the supervision agenda.
    assert_eq!(listed.of_week(day("2026-11-23")).len(), 1);
    assert!(listed.of_week(day("2026-11-16")).is_empty());
    let items = agenda(&t.app, &mette, team).await.unwrap();
    let item = items.iter().find(|i| i.case_id == f.case_id).unwrap();
    assert_eq!(item.crisis_contacts, [last_night()]);
    assert_eq!(item.crisis_plan_due, Some(CrisisPlanDue::Missing));
}

async fn a_therapist_cannot_log_for_another_therapists_family_and_the_refusal_is_audited(
    t: TestApp,
) {
    let f = family(&t).await;
    let sofie = t.actor_on("sofie", test_now().date_naive()).await;
    let refused = crisis_contact::log(&t.app, &sofie, f.case_id, &last_night()).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(t.count_rows("crisis_contacts").await, 0);
    assert_eq!(
        actions(&t, "case.crisis_contact").await,
        ["case.crisis_contact.log Denied"]
    );
}

async fn a_contact_for_a_family_not_in_treatment_in_the_future_or_too_long_stores_nothing(
    t: TestApp,
) {
    let mut f = family(&t).await;
    let today = test_now().date_naive();
    let jonas = t.actor_on("jonas", today).await;

    let mut future = last_night();
    future.at = test_now() + Duration::minutes(5);
    let refused = crisis_contact::log(&t.app, &jonas, f.case_id, &future).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused: {refused:?}");
    };
    assert_eq!(fields[0].message.code, "crisis-contact-in-future");

    for minutes in [0, 1441] {
        let mut long = last_night();
        long.minutes = minutes;
        let refused = crisis_contact::log(&t.app, &jonas, f.case_id, &long).await;
        assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    }
    let mut nothing_done = last_night();
    nothing_done.responses.clear();
    nothing_done.about = " ".into();
    let refused = crisis_contact::log(&t.app, &jonas, f.case_id, &nothing_done).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused: {refused:?}");
    };
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, ["about", "responses"]);

    t.discharge_family(
        &mut f,
        "jonas",
        day("2026-11-20"),
        DischargeReason::Completed,
        UltimateOutcomes {
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: true,
        },
    )
    .await;
    let discharged = crisis_contact::log(&t.app, &jonas, f.case_id, &last_night()).await;
    let Err(AppError::Conflict(why)) = discharged else {
        panic!("refused: {discharged:?}");
    };
    assert_eq!(why.code, "crisis-contact-not-in-treatment");
    assert_eq!(t.count_rows("crisis_contacts").await, 0);
    assert_eq!(t.count_rows("crisis_contact_reads").await, 0);
}

async fn the_store_audits_a_read_in_the_same_transaction_or_not_at_all(t: TestApp) {
    use rundt_domain::audit::{AuditAction, Object};
    let f = family(&t).await;
    let jonas = t.actor_on("jonas", test_now().date_naive()).await;
    let before = t.store.audit_events(0, 100_000).await.unwrap().len();
    // A case that is not there: nothing read, nothing audited.
    let nowhere = rundt_domain::id::CaseId::new(f.case_id.get() + 999);
    let event = jonas.event(
        test_now(),
        AuditAction::CaseCrisisEssentialsRead,
        Object::case(nowhere),
    );
    assert!(t.store.read_crisis_plans(nowhere, &event).await.is_err());
    assert!(t.store.read_crisis_contacts(nowhere, &event).await.is_err());
    assert!(
        t.store
            .log_crisis_contact(nowhere, &last_night(), &event)
            .await
            .is_err()
    );
    assert_eq!(
        t.store.audit_events(0, 100_000).await.unwrap().len(),
        before
    );
    // The family's: one event per person.
    let event = jonas.event(
        test_now(),
        AuditAction::CaseCrisisEssentialsRead,
        Object::case(f.case_id),
    );
    t.store.read_crisis_plans(f.case_id, &event).await.unwrap();
    assert_eq!(
        t.store.audit_events(0, 100_000).await.unwrap().len(),
        before + 2
    );
}

async fn the_persons_copy_holds_the_crisis_plan_without_phones_and_the_contacts(t: TestApp) {
    let f = family(&t).await;
    t.user("dk_auditor", "auditor", "DK", None).await;
    let today = test_now().date_naive();
    let jonas = t.actor_on("jonas", today).await;
    crisis_plan::save_plan(&t.app, &jonas, f.case_id, &plan("Lone"), None)
        .await
        .unwrap();
    crisis_contact::log(&t.app, &jonas, f.case_id, &last_night())
        .await
        .unwrap();
    let rundt_app::Actor::User(auditor) = t.actor_on("dk_auditor", today).await else {
        panic!("a person");
    };
    for person in [f.young_person_id, f.caregiver_id] {
        let copy = rundt_app::subject_access::copy(&t.app, &auditor, person)
            .await
            .unwrap();
        let case = &copy.cases[0];
        assert_eq!(case.crisis_plans.len(), 1);
        assert_eq!(case.crisis_plans[0].people_to_call[0].name, "Lone");
        assert_eq!(case.crisis_contacts.len(), 1);
        assert_eq!(case.crisis_contacts[0].contact, last_night());
        let text = serde_json::to_string(case).unwrap();
        assert!(!text.contains("20 12 34 56"), "a third party's phone");
    }
}

/// An old course with a crisis plan and a contact: anonymising it removes
/// both, with the read receipts, once the last entry is ten years old.
async fn anonymising_a_course_removes_its_crisis_plan_and_contacts(t: TestApp) {
    use rundt_app::retention;
    use rundt_domain::retention::RetentionPolicy;
    let good = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    let (team, _) = t.aarhus_team_since(day("2010-01-01")).await;
    let mut f = t
        .start_family(team, "louise", "mette", "jonas", day("2014-03-03"))
        .await;
    let in_march = t.app.on_day(day("2014-03-20"));
    let jonas = t.actor_on("jonas", day("2014-03-20")).await;
    let mette = t.actor_on("mette", day("2014-03-20")).await;
    crisis_plan::save_plan(&in_march, &jonas, f.case_id, &plan("Lone"), None)
        .await
        .unwrap();
    let mut call = last_night();
    call.at = in_march.clock.now() - Duration::hours(10);
    let logged = crisis_contact::log(&in_march, &mette, f.case_id, &call)
        .await
        .unwrap();
    crisis_contact::open(&in_march, &jonas, f.case_id, logged.id)
        .await
        .unwrap();
    t.discharge_family(
        &mut f,
        "jonas",
        day("2014-07-01"),
        DischargeReason::Completed,
        good,
    )
    .await;
    for months in [6, 12, 18] {
        t.follow_up_family(&mut f, "jonas", months, good).await;
    }
    let policy = RetentionPolicy::built_in().unwrap();
    let review = retention::review(&t.app, &rundt_app::Actor::cli(), &policy)
        .await
        .unwrap();
    let item = review
        .cases
        .into_iter()
        .find(|c| c.case_id == f.case_id)
        .unwrap();
    retention::anonymise(
        &t.app,
        &rundt_app::Actor::cli(),
        &policy,
        &item,
        Some("Rigsarkivet j.nr. 2026-1234"),
    )
    .await
    .unwrap();
    for table in ["crisis_plans", "crisis_contacts", "crisis_contact_reads"] {
        assert_eq!(t.count_rows(table).await, 0, "{table}");
    }
}

/// An MST-CAN family has its safety plan, not a crisis plan, but a call at
/// night is logged for it too and is unread on its family page.
async fn an_mst_can_family_has_no_crisis_plan_but_its_contacts_are_unread_for_its_therapist(
    t: TestApp,
) {
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day("2026-11-02")).await;
    let today = test_now().date_naive();
    let kari = t.actor_on("kari", today).await;
    let nina = t.actor_on("nina", today).await;
    crisis_contact::log(&t.app, &kari, case, &last_night())
        .await
        .unwrap();
    let file = rundt_app::treatment::case_file(&t.app, &nina, case)
        .await
        .unwrap();
    let crisis = file.crisis.unwrap();
    assert!(!crisis.plan_applies);
    assert_eq!(crisis.plan_due, None, "the safety plan is MST-CAN's");
    assert_eq!((crisis.contacts, crisis.unread_contacts), (1, 1));
    let unread = crisis_contact::unread_for(&t.app, &nina).await.unwrap();
    assert_eq!(unread.len(), 1);
}

/// The rota's monthly figures read the contacts of a whole team at once:
/// those from the first instant of the first month on, oldest first, and
/// none of another team's families.
async fn a_teams_contacts_since_a_time_are_read_at_once_oldest_first(t: TestApp) {
    use rundt_domain::audit::{AuditAction, AuditEvent, ObjectKind};
    let (aarhus, f) = family_of_team(&t).await;
    let (baerum, _) = t.baerum_can_team().await;
    let other = t.start_can_family(baerum, day("2026-10-05")).await;
    let event = AuditEvent::system(
        test_now(),
        "cli",
        AuditAction::CaseCrisisContactLog,
        ObjectKind::Case,
    );
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let log = |case, when: &str| {
        let contact = CrisisContact {
            at: at(when),
            ..last_night()
        };
        let (store, event) = (&t.store, &event);
        async move {
            store
                .log_crisis_contact(case, &contact, event)
                .await
                .unwrap()
        }
    };
    // 1 November begins at 23:00 UTC on 31 October in Aarhus.
    log(f.case_id, "2026-11-20T09:00:00Z").await;
    log(f.case_id, "2026-10-31T22:59:59Z").await;
    log(f.case_id, "2026-10-31T23:00:00Z").await;
    log(other, "2026-11-21T09:00:00Z").await;
    let since = rundt_domain::country::Country::DK.start_of_day(day("2026-11-01"));
    assert_eq!(since, at("2026-10-31T23:00:00Z"));
    let read = t
        .store
        .team_crisis_contacts_since(aarhus, since)
        .await
        .unwrap();
    let seen: Vec<_> = read.iter().map(|c| (c.case_id, c.contact.at)).collect();
    assert_eq!(
        seen,
        [
            (f.case_id, at("2026-10-31T23:00:00Z")),
            (f.case_id, at("2026-11-20T09:00:00Z")),
        ]
    );
    assert_eq!(read[0].contact.responses, last_night().responses);
    let theirs = t.store.team_crisis_contacts_since(baerum, since).await;
    assert_eq!(theirs.unwrap().len(), 1);
}

rundt_testkit::scenarios!(app:
    the_crisis_plan_is_kept_in_versions_and_each_read_is_in_every_members_access_log,
    another_therapist_neither_reads_nor_writes_the_plan_and_each_refusal_is_audited,
    a_plan_with_nobody_to_call_is_refused_and_nothing_is_stored,
    a_contact_logged_by_the_supervisor_is_unread_for_the_own_therapist_until_opened,
    a_therapist_cannot_log_for_another_therapists_family_and_the_refusal_is_audited,
    a_contact_for_a_family_not_in_treatment_in_the_future_or_too_long_stores_nothing,
    the_store_audits_a_read_in_the_same_transaction_or_not_at_all,
    the_persons_copy_holds_the_crisis_plan_without_phones_and_the_contacts,
    anonymising_a_course_removes_its_crisis_plan_and_contacts,
    an_mst_can_family_has_no_crisis_plan_but_its_contacts_are_unread_for_its_therapist,
    a_teams_contacts_since_a_time_are_read_at_once_oldest_first,
);
