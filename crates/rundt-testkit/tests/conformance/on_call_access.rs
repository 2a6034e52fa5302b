//! What the team's person on call may see at night (issue 13), on both
//! backends: a therapist on call opens a colleague's family's crisis
//! essentials during the shift and the hour after it, as an on-call access
//! in every family member's access log and in the supervisor's review;
//! logs a crisis contact the family's own therapist then sees unread; never
//! opens the whole case; and is refused — the refusal audited — outside
//! the window. "On call now" lists the team's families only while on call.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use rundt_app::clock::FixedClock;
use rundt_app::oncall::ShiftInput;
use rundt_app::{
    App, AppError, cases, crisis_contact, crisis_essentials, crisis_plan, on_call_access,
    on_call_now, oncall,
};
use rundt_domain::crisis_contact::{Caller, CrisisContact, CrisisResponse, CrisisRisk};
use rundt_testkit::{Family, TestApp};

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    local(s).and_utc()
}

fn at(t: &TestApp, instant: &str) -> App {
    t.app.with_clock(Arc::new(FixedClock(utc(instant))))
}

/// Jonas's family in the Aarhus team; Sofie, his colleague, is on call
/// from Wednesday 25 November 16:00 to Thursday 08:00 (Danish time).
async fn sofie_on_call_for_jonass_family(t: &TestApp) -> (rundt_domain::team::TeamId, Family) {
    let (team, _) = t.aarhus_team().await;
    let f = t
        .start_family(
            team,
            "louise",
            "mette",
            "jonas",
            "2026-10-01".parse().unwrap(),
        )
        .await;
    let mette = t.actor_on("mette", "2026-11-25".parse().unwrap()).await;
    let sofie = t.named("sofie").await;
    oncall::add_shift(
        &t.app,
        &mette,
        team,
        &ShiftInput {
            person_id: sofie.id,
            starts: local("2026-11-25 16:00"),
            ends: local("2026-11-26 08:00"),
        },
    )
    .await
    .unwrap();
    (team, f)
}

fn call_at(instant: &str) -> CrisisContact {
    CrisisContact {
        at: utc(instant),
        caller: Caller::Caregiver,
        about: "Mor ringer: Mikkel er ikke kommet hjem".into(),
        risk: CrisisRisk::Moderate,
        responses: vec![CrisisResponse::PhoneAdvice],
        minutes: 20,
        follow_up: "Tal med mor om aftalen om hjemkomst".into(),
    }
}

async fn the_therapist_on_call_opens_a_colleagues_family_only_during_the_shift(t: TestApp) {
    let (team, f) = sofie_on_call_for_jonass_family(&t).await;
    let sofie = t.actor_on("sofie", "2026-11-26".parse().unwrap()).await;
    let sofie_id = t.named("sofie").await.id;

    // 02:00 Danish time (01:00 UTC): on call.
    let night = at(&t, "2026-11-26 01:00");
    let e = crisis_essentials::crisis_essentials(&night, &sofie, f.case_id)
        .await
        .unwrap();
    assert!(e.on_call_shift.is_some(), "opened as the person on call");
    assert!(!e.people.is_empty());
    let plan = crisis_plan::read_plan(&at(&t, "2026-11-26 01:05"), &sofie, f.case_id)
        .await
        .unwrap();
    assert!(plan.via_on_call);
    // Being on call opens the crisis essentials, never the whole case.
    let whole = cases::read_case(&night, &sofie, f.case_id).await;
    assert!(matches!(whole, Err(AppError::Forbidden(_))), "{whole:?}");

    // She logs the call; it is unread for Jonas.
    let night_later = at(&t, "2026-11-26 01:40");
    crisis_contact::log(
        &night_later,
        &sofie,
        f.case_id,
        &call_at("2026-11-26 01:10"),
    )
    .await
    .unwrap();
    let jonas = t.actor_on("jonas", "2026-11-26".parse().unwrap()).await;
    let morning = at(&t, "2026-11-26 07:30");
    let unread = crisis_contact::unread_for(&morning, &jonas).await.unwrap();
    assert_eq!(unread.len(), 1, "{unread:?}");
    assert_eq!(unread[0].case_id, f.case_id);
    // The team's figures count the call in November, no call-out.
    let mette = t.actor_on("mette", "2026-11-26".parse().unwrap()).await;
    let rota = oncall::rota(&morning, &mette, team).await.unwrap();
    let november = rota.contact_months.last().unwrap();
    assert_eq!(november.month.to_string(), "2026-11");
    assert_eq!(
        (november.contacts, november.families, november.call_outs),
        (1, 1, 0)
    );
    assert_eq!(november.in_treatment, 1);
    assert_eq!(november.per_family(), Some(1.0));
    assert_eq!(rota.contact_months.len(), 6, "the last six months");

    // Every person of the family has the on-call opening in their access
    // log, with the shift as its purpose.
    for person in [f.young_person_id, f.caregiver_id] {
        let log = t.store.person_access_log(person).await.unwrap();
        let opening = log
            .iter()
            .find(|e| {
                e.event.actor_user_id == Some(sofie_id)
                    && e.event.action == "case.crisis_essentials.read.on_call"
            })
            .unwrap_or_else(|| panic!("person {person}: {log:#?}"));
        assert!(
            opening
                .event
                .purpose
                .as_deref()
                .is_some_and(|p| p.starts_with("on call: 2026-11-25 16:00")),
            "{:?}",
            opening.event.purpose
        );
    }

    // 08:30, half an hour after the shift: still open, to write it down.
    let after = at(&t, "2026-11-26 07:30");
    assert!(
        crisis_essentials::crisis_essentials(&after, &sofie, f.case_id)
            .await
            .is_ok()
    );
    // 09:30 and 14:00: refused, and the refusal is audited.
    for instant in ["2026-11-26 08:30", "2026-11-26 13:00"] {
        let day = at(&t, instant);
        let refused = crisis_essentials::crisis_essentials(&day, &sofie, f.case_id).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden(_))),
            "{instant}: {refused:?}"
        );
        let logged =
            crisis_contact::log(&day, &sofie, f.case_id, &call_at("2026-11-26 07:50")).await;
        assert!(
            matches!(logged, Err(AppError::Forbidden(_))),
            "{instant}: {logged:?}"
        );
    }
    let denied = t
        .store
        .audit_events(0, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.event.actor_user_id == Some(sofie_id)
                && e.event.action == "case.crisis_essentials.read"
                && e.event.outcome == rundt_domain::audit::Outcome::Denied
        })
        .count();
    assert_eq!(denied, 2, "each refusal audited");

    // The supervisor's review lists Sofie's opening and her logged call.
    let review =
        on_call_access::on_call_review(&at(&t, "2026-11-26 09:00"), mette.principal().unwrap())
            .await
            .unwrap();
    let what: Vec<&str> = review
        .iter()
        .filter(|a| a.user_id == Some(sofie_id))
        .map(|a| a.action.as_str())
        .collect();
    assert!(
        what.contains(&"case.crisis_essentials.read.on_call"),
        "{what:?}"
    );
    assert!(
        what.contains(&"case.crisis_contact.log.on_call"),
        "{what:?}"
    );
    assert_eq!(
        what.iter()
            .filter(|a| **a == "case.crisis_essentials.read.on_call")
            .count(),
        3,
        "one line per opening (essentials at 02:00 and 08:30, the plan at 02:05), not per person"
    );
}

async fn on_call_now_lists_the_teams_families_only_while_on_call(t: TestApp) {
    let (_, f) = sofie_on_call_for_jonass_family(&t).await;
    let sofie = t.actor_on("sofie", "2026-11-26".parse().unwrap()).await;
    let night = on_call_now::my_on_call(&at(&t, "2026-11-26 01:00"), &sofie)
        .await
        .unwrap();
    assert_eq!(night.duties.len(), 1);
    let families = &night.duties[0].families;
    assert_eq!(families.len(), 1);
    assert_eq!(families[0].case_id, f.case_id);
    assert!(
        !families[0].young_persons.is_empty(),
        "named, to be found by the caller's words"
    );
    let day = on_call_now::my_on_call(&at(&t, "2026-11-26 13:00"), &sofie)
        .await
        .unwrap();
    assert!(day.duties.is_empty());
    // Before the shift, it is the next one.
    let before = on_call_now::my_on_call(&at(&t, "2026-11-25 13:00"), &sofie)
        .await
        .unwrap();
    assert!(before.duties.is_empty());
    assert_eq!(
        before.next_shift.map(|s| s.starts_at),
        Some(utc("2026-11-25 15:00"))
    );
    // Jonas, not on call, is never on duty.
    let jonas = t.actor_on("jonas", "2026-11-26".parse().unwrap()).await;
    assert!(
        on_call_now::my_on_call(&at(&t, "2026-11-26 01:00"), &jonas)
            .await
            .unwrap()
            .duties
            .is_empty()
    );
}

rundt_testkit::scenarios!(app:
    the_therapist_on_call_opens_a_colleagues_family_only_during_the_shift,
    on_call_now_lists_the_teams_families_only_while_on_call,
);
