//! National identifiers never appear in plaintext in the database, and the
//! audit log resists tampering, on both backends.

use rundt_app::audit_log::{self, ChainProblem};
use rundt_app::cases::{self, CaseView, PersonInput, ReferFamily};
use rundt_app::{Actor, AppResult};
use rundt_domain::id::{CaseId, TeamId};
use rundt_testkit::TestApp;

/// Someone of the Andersen family, known by a national identifier.
pub(super) fn andersen(given_name: &str, national_id: &str) -> PersonInput {
    PersonInput {
        given_name: given_name.into(),
        family_name: "Andersen".into(),
        national_id: Some(national_id.into()),
        birth_date: None,
    }
}

/// Refers a family to `team_id` from Aarhus, as the command line.
pub(super) async fn refer(
    t: &TestApp,
    team_id: TeamId,
    young_person: PersonInput,
    caregivers: Vec<PersonInput>,
) -> AppResult<CaseView> {
    let form = ReferFamily {
        team_id,
        referring_municipality: Some("0751".into()),
        young_person,
        other_children: Vec::new(),
        caregivers,
        referral: rundt_testkit::sample_referral(),
    };
    cases::refer_family(&t.app, &Actor::cli(), &form).await
}

/// Mikkel and his mother Lone, both with national identifiers, referred to
/// a new Aarhus team; returns the case id.
pub(super) async fn family_with_identifiers(t: &TestApp) -> CaseId {
    let team_id = t.empty_aarhus_team().await;
    let young_person = andersen("Mikkel", "150311-4127");
    let mother = andersen("Lone", "2110620629");
    refer(t, team_id, young_person, vec![mother])
        .await
        .unwrap()
        .id
}

async fn a_plaintext_identifier_appears_nowhere_in_the_database(t: TestApp) {
    let case_id = family_with_identifiers(&t).await;
    // The birth date comes from the number; the number itself is masked.
    let case = cases::read_case(&t.app, &Actor::cli(), case_id)
        .await
        .unwrap();
    assert_eq!(
        case.people[0].birth_date,
        chrono::NaiveDate::from_ymd_opt(2011, 3, 15)
    );
    assert_eq!(
        case.people[0].national_id_masked.as_deref(),
        Some("150311-XXXX")
    );
    let raw = t.raw_contents().await;
    assert!(raw.contains("Andersen"), "the scan does read stored values");
    for needle in ["1503114127", "150311-4127", "2110620629", "211062-0629"] {
        assert!(!raw.contains(needle), "{needle} found in the database");
    }
}

async fn the_same_person_referred_twice_is_found_by_the_keyed_index(t: TestApp) {
    let first = family_with_identifiers(&t).await;
    let team = t.store.list_teams().await.unwrap()[0].id;
    // The same number, written without the dash.
    let second = refer(&t, team, andersen("Mikkel", "1503114127"), vec![])
        .await
        .unwrap();
    let first = cases::read_case(&t.app, &Actor::cli(), first)
        .await
        .unwrap();
    assert_eq!(
        first.people[0].id, second.people[0].id,
        "one person, two cases"
    );
}

async fn an_invalid_identifier_is_refused_with_the_reason(t: TestApp) {
    family_with_identifiers(&t).await;
    let team = t.store.list_teams().await.unwrap()[0].id;
    let impossible_date = PersonInput {
        given_name: "X".into(),
        family_name: "Y".into(),
        national_id: Some("321362-1234".into()),
        birth_date: None,
    };
    let err = refer(&t, team, impossible_date, vec![]).await.unwrap_err();
    assert!(
        err.to_string().contains("young_person.national_id"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("321362-1234"),
        "errors never echo the number"
    );
}

async fn chain_problems(t: &TestApp) -> Vec<ChainProblem> {
    audit_log::verify(&t.app).await.unwrap().problems
}

fn drop_triggers(t: &TestApp) -> &'static str {
    match t.store.backend() {
        rundt_store::Backend::Sqlite => {
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;"
        }
        rundt_store::Backend::Postgres => "DROP TRIGGER audit_events_no_update ON audit_events;",
    }
}

async fn editing_deleting_or_reordering_audit_rows_is_detected(first: TestApp) {
    let backend = first.store.backend();
    drop(first);
    for attack in ["edit", "delete", "reorder"] {
        let t = TestApp::on(backend).await;
        family_with_identifiers(&t).await;
        assert!(chain_problems(&t).await.is_empty());
        let sql = match attack {
            "edit" => "UPDATE audit_events SET actor_role = 'nobody' WHERE seq = 3;",
            "delete" => "DELETE FROM audit_events WHERE seq = 3;",
            _ => {
                "UPDATE audit_events SET seq = -1 WHERE seq = 3;
                 UPDATE audit_events SET seq = 3 WHERE seq = 4;
                 UPDATE audit_events SET seq = 4 WHERE seq = -1;"
            }
        };
        t.raw_execute(&format!("{} {sql}", drop_triggers(&t))).await;
        let problems = chain_problems(&t).await;
        match attack {
            "edit" => assert_eq!(problems, vec![ChainProblem::Edited { seq: 3 }]),
            "delete" => assert_eq!(
                problems,
                vec![ChainProblem::Missing {
                    from_seq: 3,
                    to_seq: 3
                }]
            ),
            _ => assert!(
                problems.contains(&ChainProblem::Edited { seq: 3 }),
                "{problems:?}"
            ),
        }
    }
}

async fn the_database_refuses_to_change_or_delete_audit_rows(t: TestApp) {
    family_with_identifiers(&t).await;
    for sql in [
        "UPDATE audit_events SET actor_role = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ] {
        let refusal = t.try_raw_execute(sql).await.unwrap_err();
        assert!(refusal.contains("append-only"), "{sql}: {refusal}");
    }
    assert!(chain_problems(&t).await.is_empty());
}

rundt_testkit::scenarios!(app:
    editing_deleting_or_reordering_audit_rows_is_detected,
    a_plaintext_identifier_appears_nowhere_in_the_database,
    the_same_person_referred_twice_is_found_by_the_keyed_index,
    an_invalid_identifier_is_refused_with_the_reason,
    the_database_refuses_to_change_or_delete_audit_rows,
);
