//! Finding a family: the list shows the young person's name and age to
//! those who may see the family, finds families by name or national
//! identifier (through its keyed hash), and logs every person it shows.

use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::family_list::{Showing, find_families};
use rundt_app::{Actor, AppError};
use rundt_domain::id::CaseId;
use rundt_domain::team::TeamId;
use rundt_store::ParticipantRole;
use rundt_testkit::{TestApp, sample_referral, test_now};

/// `louise` refers a young person born `born` with one caregiver.
async fn refer(
    t: &TestApp,
    team: TeamId,
    young: (&str, &str, chrono::NaiveDate),
    caregiver: (&str, Option<&str>),
) -> CaseId {
    let on = test_now().date_naive();
    let mut details = sample_referral();
    details.consent.as_mut().unwrap().given_on = on;
    let input = ReferFamily {
        team_id: team,
        referring_municipality: None,
        young_person: PersonInput {
            given_name: young.0.into(),
            family_name: young.1.into(),
            national_id: None,
            birth_date: Some(young.2),
        },
        other_children: Vec::new(),
        caregivers: vec![PersonInput {
            given_name: caregiver.0.into(),
            family_name: young.1.into(),
            national_id: caregiver.1.map(Into::into),
            birth_date: caregiver.1.is_none().then(|| ymd(1982, 3, 15)),
        }],
        referral: details,
    };
    let actor = t.actor_on("louise", on).await;
    cases::refer_family(&t.app, &actor, &input)
        .await
        .unwrap()
        .id
}

fn ymd(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn as_user(t: &TestApp, name: &str) -> Actor {
    t.actor_on(name, test_now().date_naive()).await
}

async fn a_supervisor_finds_a_family_by_the_young_persons_name_and_sees_the_age(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let mads = refer(
        &t,
        team,
        ("Mads", "Kærgaard", ymd(2012, 3, 1)),
        ("Hanne", None),
    )
    .await;
    refer(&t, team, ("Ida", "Holm", ymd(2011, 6, 9)), ("Per", None)).await;
    let mette = as_user(&t, "mette").await;

    let everyone = find_families(&t.app, &mette, Showing::Current, "")
        .await
        .unwrap();
    assert_eq!(everyone.len(), 2, "both referred families are current");

    // Typed without the Danish letters, in the wrong order, in lower case.
    let found = find_families(&t.app, &mette, Showing::Current, "kaergaard mad")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].case.id, mads);
    let young = &found[0].young_persons;
    assert_eq!(young.len(), 1);
    assert_eq!(
        (young[0].given_name.as_str(), young[0].age),
        ("Mads", Some(14))
    );
    assert!(
        found[0].also_found.is_empty(),
        "the young person was the match"
    );

    let nobody = find_families(&t.app, &mette, Showing::Current, "Jensen")
        .await
        .unwrap();
    assert!(nobody.is_empty());
}

async fn a_family_is_found_by_a_caregivers_national_id_and_a_malformed_one_is_refused(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let case = refer(
        &t,
        team,
        ("Mads", "Kærgaard", ymd(2012, 3, 1)),
        ("Hanne", Some("1503821234")),
    )
    .await;
    refer(&t, team, ("Ida", "Holm", ymd(2011, 6, 9)), ("Per", None)).await;
    let mette = as_user(&t, "mette").await;

    let found = find_families(&t.app, &mette, Showing::Current, "150382-1234")
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].case.id, case);
    let also = &found[0].also_found;
    assert_eq!(also.len(), 1, "the caregiver the number belongs to");
    assert_eq!(also[0].given_name, "Hanne");
    assert_eq!(also[0].role, ParticipantRole::Caregiver);

    // A mistyped number (no 32nd of March) is refused on the search
    // field, not searched for.
    let mistyped = find_families(&t.app, &mette, Showing::Current, "320382-1234").await;
    match mistyped {
        Err(AppError::Invalid(fields)) => assert!(fields.iter().all(|f| f.field == "q")),
        other => panic!("expected the search field refused, got {other:?}"),
    }
    let one_letter = find_families(&t.app, &mette, Showing::Current, "M").await;
    assert!(
        matches!(one_letter, Err(AppError::Invalid(_))),
        "{one_letter:?}"
    );
}

async fn a_therapist_finds_only_the_families_she_works_with(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    t.start_family(team, "louise", "mette", "jonas", ymd(2026, 10, 1))
        .await;
    let jonas = as_user(&t, "jonas").await;
    let sofie = as_user(&t, "sofie").await;
    let his = find_families(&t.app, &jonas, Showing::Current, "Mikkel")
        .await
        .unwrap();
    assert_eq!(his.len(), 1);
    let hers = find_families(&t.app, &sofie, Showing::All, "Mikkel")
        .await
        .unwrap();
    assert!(hers.is_empty(), "another therapist's family is not found");
    let auditor = t.user("anne", "auditor", "DK", None).await;
    let auditor = as_user(&t, &auditor.username).await;
    let refused = find_families(&t.app, &auditor, Showing::All, "").await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
}

async fn a_discharged_family_leaves_the_current_list_and_is_still_found(t: TestApp) {
    use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
    use rundt_domain::lifecycle::CaseStatus;
    let (team, _) = t.aarhus_team().await;
    let mut mikkel = t
        .start_family(team, "louise", "mette", "jonas", ymd(2026, 4, 6))
        .await;
    let met = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    t.discharge_family(
        &mut mikkel,
        "jonas",
        ymd(2026, 8, 28),
        DischargeReason::Completed,
        met,
    )
    .await;
    let ida = refer(&t, team, ("Ida", "Holm", ymd(2011, 6, 9)), ("Per", None)).await;
    let mette = as_user(&t, "mette").await;
    let cases_of = |rows: Vec<rundt_app::family_list::FamilyRow>| {
        rows.into_iter().map(|r| r.case.id).collect::<Vec<_>>()
    };

    let current = find_families(&t.app, &mette, Showing::Current, "")
        .await
        .unwrap();
    assert_eq!(cases_of(current), vec![ida], "only the referred family");
    let discharged = find_families(&t.app, &mette, Showing::Status(CaseStatus::Discharged), "")
        .await
        .unwrap();
    assert_eq!(cases_of(discharged), vec![mikkel.case_id]);
    let mut all = cases_of(
        find_families(&t.app, &mette, Showing::All, "")
            .await
            .unwrap(),
    );
    all.sort();
    let mut both = vec![ida, mikkel.case_id];
    both.sort();
    assert_eq!(all, both);
    let found = find_families(&t.app, &mette, Showing::Current, "Mikkel")
        .await
        .unwrap();
    assert_eq!(
        cases_of(found),
        vec![mikkel.case_id],
        "a search looks through the discharged families too"
    );
}

async fn every_person_the_list_shows_is_in_their_access_log_and_no_one_else(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let case = refer(
        &t,
        team,
        ("Mads", "Kærgaard", ymd(2012, 3, 1)),
        ("Hanne", None),
    )
    .await;
    let mette = as_user(&t, "mette").await;
    let shown = find_families(&t.app, &mette, Showing::Current, "")
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);

    let file = cases::read_case(&t.app, &Actor::cli(), case).await.unwrap();
    let person = |role| file.people.iter().find(|p| p.role == role).unwrap().id;
    t.user("anne", "auditor", "DK", None).await;
    let anne = as_user(&t, "anne").await;
    let listed = |log: &[cases::AccessLogEntry]| {
        log.iter()
            .filter(|e| e.action == "case.list" && e.who.contains("mette"))
            .count()
    };
    let young_log = cases::person_access_log(
        &t.app,
        &anne,
        person(ParticipantRole::YoungPerson),
        cases::AccessLogCursor::newest(),
    )
    .await
    .unwrap()
    .entries;
    assert_eq!(listed(&young_log), 1, "the young person was shown once");
    let parent_log = cases::person_access_log(
        &t.app,
        &anne,
        person(ParticipantRole::Caregiver),
        cases::AccessLogCursor::newest(),
    )
    .await
    .unwrap()
    .entries;
    assert_eq!(listed(&parent_log), 0, "the caregiver was not shown");
}

rundt_testkit::scenarios!(app:
    a_supervisor_finds_a_family_by_the_young_persons_name_and_sees_the_age,
    a_family_is_found_by_a_caregivers_national_id_and_a_malformed_one_is_refused,
    a_therapist_finds_only_the_families_she_works_with,
    a_discharged_family_leaves_the_current_list_and_is_still_found,
    every_person_the_list_shows_is_in_their_access_log_and_no_one_else,
);
