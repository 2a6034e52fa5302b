//! The auditor's tools through the use cases, on both backends: who may
//! read the audit log, a person looked up by national id (audited, found or
//! not), the log narrowed to one person (their access log, audited), and a
//! period of days on the auditor's own clock.

use chrono::{DateTime, Utc};
use rundt_app::audit_search::{self, AuditCriteria, AuditQuery};
use rundt_app::cases::{self, PersonInput, ReferFamily};
use rundt_app::{Actor, AppError};
use rundt_domain::access::Principal;
use rundt_domain::audit::{ActionFilter, AuditAction, Outcome};
use rundt_domain::id::{PersonId, UserId};
use rundt_store::StoredAuditEvent;
use rundt_testkit::{TestApp, sample_referral};

/// Mikkel's CPR number in these scenarios (born 15 March 2011).
const MIKKEL_CPR: &str = "150311-4107";

async fn principal(t: &TestApp, username: &str) -> Principal {
    match t.actor_on(username, t.app.clock.today()).await {
        Actor::User(p) => p,
        other => panic!("{username} is {other:?}"),
    }
}

/// The Aarhus team, Louise's referral of Mikkel (with his CPR number) and
/// his mother, and Louise reading the family once; the auditors of both
/// countries and Denmark's office. Returns Mikkel's person id.
async fn a_family_and_the_auditors(t: &TestApp) -> PersonId {
    let (team, _) = t.aarhus_team().await;
    t.user("dk_auditor", "auditor", "DK", None).await;
    t.user("no_auditor", "auditor", "NO", None).await;
    t.user("dk_admin", "national_admin", "DK", None).await;
    let person = |given: &str, cpr: &str| PersonInput {
        given_name: given.into(),
        family_name: "Andersen".into(),
        national_id: Some(cpr.into()),
        birth_date: None,
    };
    let louise = t.actor_on("louise", t.app.clock.today()).await;
    let case = cases::refer_family(
        &t.app,
        &louise,
        &ReferFamily {
            team_id: team,
            referring_municipality: None,
            young_person: person("Mikkel", MIKKEL_CPR),
            other_children: Vec::new(),
            caregivers: vec![person("Lone", "020682-1108")],
            referral: sample_referral(),
        },
    )
    .await
    .unwrap();
    cases::read_case(&t.app, &louise, case.id).await.unwrap();
    case.people
        .iter()
        .find(|p| p.given_name == "Mikkel")
        .unwrap()
        .id
}

async fn all_events(t: &TestApp) -> Vec<StoredAuditEvent> {
    t.store.audit_events(0, 100_000).await.unwrap()
}

fn criteria(pairs: &[(&str, &str)]) -> AuditCriteria {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| (*v).to_owned())
    };
    AuditQuery {
        user: get("user"),
        action: get("action"),
        person: get("person"),
        case: get("case"),
        from: get("from"),
        to: get("to"),
        ..AuditQuery::default()
    }
    .read()
    .unwrap()
}

async fn only_auditors_and_the_national_office_read_the_audit_log(t: TestApp) {
    a_family_and_the_auditors(&t).await;
    for who in ["jonas", "mette", "louise"] {
        let p = principal(&t, who).await;
        let refused = audit_search::search(&t.app, &p, &AuditCriteria::default(), 50)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, AppError::Forbidden(_)),
            "{who}: {refused:?}"
        );
        let last = all_events(&t).await.pop().unwrap();
        assert_eq!(
            last.event.action, "audit.read",
            "{who}'s attempt is audited"
        );
        assert_eq!(last.event.outcome, Outcome::Denied);
        assert_eq!(last.event.actor_user_id, Some(p.user_id));
    }
    for who in ["dk_auditor", "dk_admin", "no_auditor"] {
        let p = principal(&t, who).await;
        let page = audit_search::search(&t.app, &p, &AuditCriteria::default(), 10)
            .await
            .unwrap();
        assert_eq!(page.entries.len(), 10, "{who}");
    }
}

async fn the_audit_log_is_newest_first_with_the_names_of_who_did_it(t: TestApp) {
    a_family_and_the_auditors(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    let louise = t.named("louise").await;
    let mut newest: Vec<i64> = all_events(&t).await.iter().map(|e| e.seq).collect();
    newest.reverse();

    let first = audit_search::search(&t.app, &auditor, &AuditCriteria::default(), 5)
        .await
        .unwrap();
    let seqs: Vec<i64> = first.entries.iter().map(|e| e.event.seq).collect();
    assert_eq!(seqs, newest[..5]);
    // Louise's read of the family is the newest: one event per person.
    assert_eq!(first.entries[0].event.event.action, "case.read");
    assert_eq!(first.entries[0].actor_name.as_deref(), Some("Test louise"));
    assert_eq!(first.older, Some(newest[4]));
    // Every account can be chosen, by name.
    assert!(first.accounts.iter().any(|a| a.id == louise.id));

    // The next page starts below the last one shown.
    let next = AuditCriteria {
        before: first.older,
        ..AuditCriteria::default()
    };
    let second = audit_search::search(&t.app, &auditor, &next, 5)
        .await
        .unwrap();
    assert_eq!(second.entries[0].event.seq, newest[5]);

    // Narrowed to Louise's reads of families.
    let hers = criteria(&[("user", &louise.id.to_string()), ("action", "case.read")]);
    let page = audit_search::search(&t.app, &auditor, &hers, 50)
        .await
        .unwrap();
    assert_eq!(page.entries.len(), 2, "Mikkel and his mother");
    assert!(page.older.is_none(), "one page");
    assert!(
        page.entries
            .iter()
            .all(|e| e.event.event.action == "case.read"
                && e.event.event.actor_user_id == Some(louise.id))
    );

    // An account that does not exist is a bad filter, not an empty list.
    let ghost = AuditCriteria {
        user: Some(UserId::new(999_999)),
        ..AuditCriteria::default()
    };
    let e = audit_search::search(&t.app, &auditor, &ghost, 50)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid(f) if f[0].field == "user"),
        "{e:?}"
    );
}

async fn looking_a_person_up_by_national_id_is_audited_found_or_not(t: TestApp) {
    let mikkel = a_family_and_the_auditors(&t).await;
    let auditor = principal(&t, "dk_auditor").await;

    // Typed with or without the hyphen, Mikkel is found, and the look-up
    // is in his access log.
    for typed in [MIKKEL_CPR, " 1503114107 "] {
        let before = all_events(&t).await.len();
        let found = audit_search::find_person(&t.app, &auditor, typed)
            .await
            .unwrap();
        assert_eq!(found, mikkel);
        let events = all_events(&t).await;
        assert_eq!(events.len(), before + 1, "one event for one look-up");
        let e = &events[before].event;
        assert_eq!(e.action, "person.lookup");
        assert_eq!(e.person_id, Some(mikkel));
        assert_eq!(e.actor_user_id, Some(auditor.user_id));
        assert_eq!(e.outcome, Outcome::Success);
    }

    // A well-formed number of nobody in Rundt: said so, and audited
    // without a person (the number itself is never stored).
    let before = all_events(&t).await.len();
    let e = audit_search::find_person(&t.app, &auditor, "010190-1234")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid(f) if f[0].field == "national_id" && f[0].message.code == "national-id-no-person"),
        "{e:?}"
    );
    let events = all_events(&t).await;
    assert_eq!(events.len(), before + 1);
    assert_eq!(events[before].event.action, "person.lookup");
    assert_eq!(events[before].event.person_id, None);
    assert!(!format!("{events:?}").contains("0101901234"));

    // A malformed number is refused before anything is looked up.
    for (typed, code) in [("15031-4107", "cpr-shape"), ("", "text-empty")] {
        let e = audit_search::find_person(&t.app, &auditor, typed)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(f) if f[0].field == "national_id" && f[0].message.code == code),
            "{typed:?}: {e:?}"
        );
    }
    assert_eq!(all_events(&t).await.len(), before + 1, "nothing looked up");

    // A Norwegian auditor looks up by fødselsnummer: a CPR number is not one.
    let no = principal(&t, "no_auditor").await;
    let e = audit_search::find_person(&t.app, &no, MIKKEL_CPR)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid(f) if f[0].message.code == "fnr-shape"),
        "{e:?}"
    );

    // A therapist may not look people up; the attempt is audited.
    let jonas = principal(&t, "jonas").await;
    let e = audit_search::find_person(&t.app, &jonas, MIKKEL_CPR)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    let last = all_events(&t).await.pop().unwrap();
    assert_eq!(last.event.action, "person.lookup");
    assert_eq!(last.event.outcome, Outcome::Denied);
    assert_eq!(last.event.actor_user_id, Some(jonas.user_id));
}

async fn the_log_narrowed_to_a_person_is_their_access_log_and_reading_it_is_audited(t: TestApp) {
    let mikkel = a_family_and_the_auditors(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    let about = criteria(&[("person", &mikkel.to_string())]);
    let page = audit_search::search(&t.app, &auditor, &about, 50)
        .await
        .unwrap();
    let actions: Vec<&str> = page
        .entries
        .iter()
        .map(|e| e.event.event.action.as_str())
        .collect();
    assert_eq!(actions, ["case.read", "case.create"], "newest first");
    assert!(
        page.entries
            .iter()
            .all(|e| e.event.event.person_id == Some(mikkel))
    );
    let last = all_events(&t).await.pop().unwrap();
    assert_eq!(last.event.action, "person.access_log.read");
    assert_eq!(last.event.person_id, Some(mikkel));
    assert_eq!(last.event.actor_user_id, Some(auditor.user_id));

    // The next look shows the first one on top.
    let again = audit_search::search(&t.app, &auditor, &about, 50)
        .await
        .unwrap();
    assert_eq!(
        again.entries[0].event.event.action,
        "person.access_log.read"
    );
    assert_eq!(
        again.entries[0].actor_name.as_deref(),
        Some("Test dk_auditor")
    );

    // A Norwegian auditor may not read a Danish person's access log.
    let no = principal(&t, "no_auditor").await;
    let e = audit_search::search(&t.app, &no, &about, 50)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    // A person who does not exist is a bad filter.
    let nobody = criteria(&[("person", "987654")]);
    let e = audit_search::search(&t.app, &auditor, &nobody, 50)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid(f) if f[0].field == "person" && f[0].message.code == "audit-person-unknown"),
        "{e:?}"
    );
    // Break-glass steps and the family's case.
    let glass = AuditCriteria {
        action: Some(ActionFilter::BreakGlass),
        ..AuditCriteria::default()
    };
    let page = audit_search::search(&t.app, &auditor, &glass, 50)
        .await
        .unwrap();
    assert!(page.entries.is_empty(), "no one broke the glass");
}

/// 00:30 on 25 November in Copenhagen is 23:30 on the 24th in UTC.
fn half_past_midnight_in_copenhagen() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-24T23:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn a_period_is_days_on_the_auditors_own_clock(t: TestApp) {
    a_family_and_the_auditors(&t).await;
    let auditor = principal(&t, "dk_auditor").await;
    let late = t.at(half_past_midnight_in_copenhagen());
    audit_search::find_person(&late, &auditor, MIKKEL_CPR)
        .await
        .unwrap();
    let lookups = |day: &str| criteria(&[("action", "person.lookup"), ("from", day), ("to", day)]);
    let on_the_25th = audit_search::search(&t.app, &auditor, &lookups("2026-11-25"), 50)
        .await
        .unwrap();
    assert_eq!(on_the_25th.entries.len(), 1, "the 25th in Denmark");
    assert_eq!(
        on_the_25th.entries[0].event.event.at,
        half_past_midnight_in_copenhagen()
    );
    let on_the_24th = audit_search::search(&t.app, &auditor, &lookups("2026-11-24"), 50)
        .await
        .unwrap();
    assert!(on_the_24th.entries.is_empty(), "not the 24th");
    // Only the start or only the end.
    let since = criteria(&[("action", "person.lookup"), ("from", "2026-11-25")]);
    assert_eq!(
        audit_search::search(&t.app, &auditor, &since, 50)
            .await
            .unwrap()
            .entries
            .len(),
        1
    );
    let until = criteria(&[("action", "person.lookup"), ("to", "2026-11-24")]);
    assert!(
        audit_search::search(&t.app, &auditor, &until, 50)
            .await
            .unwrap()
            .entries
            .is_empty()
    );
    assert!(matches!(
        all_events(&t).await.iter().rev().find(|e| e.event.action == AuditAction::PersonLookup.as_str()),
        Some(e) if e.event.at == half_past_midnight_in_copenhagen()
    ));
}

rundt_testkit::scenarios!(app:
    only_auditors_and_the_national_office_read_the_audit_log,
    the_audit_log_is_newest_first_with_the_names_of_who_did_it,
    looking_a_person_up_by_national_id_is_audited_found_or_not,
    the_log_narrowed_to_a_person_is_their_access_log_and_reading_it_is_audited,
    a_period_is_days_on_the_auditors_own_clock,
);
