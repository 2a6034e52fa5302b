//! A referral's hand-off from the municipality to the team, through the use
//! cases on both backends and on the test clock: the receipt, the team's
//! acknowledgement within three working days, the escalation of an overdue
//! one to both sides, and the caseworker's added information and
//! withdrawal before the team decides.

use chrono::{DateTime, TimeZone, Utc};
use rundt_app::cases::{PersonInput, ReferFamily};
use rundt_app::organisation::{self, CreateTeam, OwnerInput};
use rundt_app::referrals::{self, AwaitingReferral, Received};
use rundt_app::{AppError, cases, treatment};
use rundt_domain::Arg;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_testkit::{TestApp, sample_referral};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Wednesday 25 November 2026, 13:00 in Aarhus: the suite's clock.
fn wednesday() -> DateTime<Utc> {
    rundt_testkit::test_now()
}

/// `caseworker` refers a 14-year-old and a parent to `team` at `when`
/// (consent given that day).
pub(super) async fn refer_at(
    t: &TestApp,
    team: TeamId,
    caseworker: &str,
    when: DateTime<Utc>,
) -> Received {
    let on = when.date_naive();
    let mut details = sample_referral();
    details.consent.as_mut().unwrap().given_on = on;
    details.school = "Skåde Skole".into();
    let person = |given: &str, years: i64| PersonInput {
        given_name: given.into(),
        family_name: "Testesen".into(),
        national_id: None,
        birth_date: Some(on - chrono::Duration::days(years * 365 + 100)),
    };
    let input = ReferFamily {
        team_id: team,
        referring_municipality: None,
        young_person: person("Mikkel", 14),
        other_children: Vec::new(),
        caregivers: vec![person("Lone", 40)],
        referral: details,
    };
    let actor = t.actor_on(caseworker, on).await;
    referrals::refer(&t.at(when), &actor, &input).await.unwrap()
}

/// The referrals `who` waits on or answers for at `when`.
async fn awaiting_as(t: &TestApp, who: &str, when: DateTime<Utc>) -> Vec<AwaitingReferral> {
    let actor = t.actor_on(who, when.date_naive()).await;
    referrals::awaiting(&t.at(when), &actor).await.unwrap()
}

fn conflict_code<T: std::fmt::Debug>(r: Result<T, AppError>) -> (String, Option<Arg>) {
    match r {
        Err(AppError::Conflict(m)) => (m.code.to_string(), m.arg("hint").cloned()),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn the_caseworker_gets_a_receipt_with_number_local_time_team_and_deadline(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let received = refer_at(&t, team, "louise", wednesday()).await;
    let r = &received.receipt;
    assert_eq!(r.referral_number, received.case.id);
    assert_eq!(r.team_name, "MST Aarhus");
    assert_eq!(r.received_at, wednesday());
    assert_eq!(r.received_at_local, "2026-11-25 13:00");
    assert_eq!(r.time_zone, "Europe/Copenhagen");
    // Thursday, Friday, Monday.
    assert_eq!(r.acknowledge_by.to_string(), "2026-11-30");
    assert_eq!(r.acknowledge_within_working_days, 3);
    // Her name and e-mail came from her account; the school from the form.
    let file = treatment::case_file(
        &t.app,
        &t.actor_on("louise", wednesday().date_naive()).await,
        received.case.id,
    )
    .await
    .unwrap();
    let referral = file.referral.unwrap();
    assert_eq!(referral.contact.name, "Test louise");
    assert_eq!(referral.school, "Skåde Skole");
    assert_eq!(referral.placement_considered, None, "not recorded");
    // The receipt again, for whoever may read the family; not for others.
    let again = referrals::receipt(
        &t.app,
        &t.actor_on("mette", wednesday().date_naive()).await,
        received.case.id,
    )
    .await
    .unwrap();
    assert_eq!(&again, r);
    let jonas = t.actor_on("jonas", wednesday().date_naive()).await;
    let refused = referrals::receipt(&t.app, &jonas, received.case.id).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let looked = t.store.audit_events(0, 100_000).await.unwrap();
    assert!(
        looked
            .iter()
            .any(|e| e.event.action == "case.referral.receipt"
                && e.event.actor_user_id == Some(users["mette"]))
    );
}

async fn a_referral_on_maundy_thursday_is_due_after_easter_monday(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    // 11:00 in Aarhus (summer time) on Maundy Thursday 2026.
    let received = refer_at(&t, team, "louise", at(2026, 4, 2, 9, 0)).await;
    assert_eq!(received.receipt.received_at_local, "2026-04-02 11:00");
    // Good Friday, the weekend and Easter Monday do not count.
    assert_eq!(received.receipt.acknowledge_by.to_string(), "2026-04-09");
}

async fn a_norwegian_referral_before_the_seventeenth_of_may_is_due_a_day_later(t: TestApp) {
    let team = CreateTeam {
        name: "MST Oslo".into(),
        country: "NO".into(),
        programme_model: "MST".into(),
        owners: vec![OwnerInput {
            municipality_code: "0301".into(),
            share_percent: 100.0,
        }],
        started_on: None,
    };
    let team = organisation::create_team(&t.app, &rundt_app::Actor::cli(), &team)
        .await
        .unwrap()
        .id;
    t.user("marte", "municipal_caseworker", "NO", Some("0301"))
        .await;
    // Tuesday 16 May 2028 in Oslo; Wednesday the 17th is a holiday.
    let received = refer_at(&t, team, "marte", at(2028, 5, 16, 10, 0)).await;
    assert_eq!(received.receipt.time_zone, "Europe/Oslo");
    assert_eq!(received.receipt.received_at_local, "2028-05-16 12:00");
    assert_eq!(received.receipt.acknowledge_by.to_string(), "2028-05-22");
}

async fn a_referral_not_acknowledged_in_three_working_days_is_overdue_for_both(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let id = refer_at(&t, team, "louise", wednesday()).await.case.id;
    let waiting = |overdue| {
        vec![AwaitingReferral {
            case_id: id,
            team_id: team,
            referring_municipality: rundt_testkit::code("0751"),
            received_at: wednesday(),
            acknowledge_by: "2026-11-30".parse().unwrap(),
            overdue,
        }]
    };
    // Monday 30 November, the last day: awaited, not yet overdue.
    let monday = at(2026, 11, 30, 15, 0);
    assert_eq!(awaiting_as(&t, "mette", monday).await, waiting(false));
    assert_eq!(awaiting_as(&t, "louise", monday).await, waiting(false));
    // Tuesday 1 December: overdue for the team's supervisor and the
    // referring caseworker alike.
    let tuesday = at(2026, 12, 1, 8, 0);
    assert_eq!(awaiting_as(&t, "mette", tuesday).await, waiting(true));
    assert_eq!(awaiting_as(&t, "louise", tuesday).await, waiting(true));
    // The family itself says so to both.
    for who in ["mette", "louise"] {
        let actor = t.actor_on(who, tuesday.date_naive()).await;
        let case = cases::read_case(&t.at(tuesday), &actor, id).await.unwrap();
        let a = case.awaiting_acknowledgement.unwrap();
        assert!(a.overdue, "{who}");
    }
    // A therapist answers for no referral.
    assert!(awaiting_as(&t, "jonas", tuesday).await.is_empty());
}

async fn acknowledging_records_who_and_when_and_clears_the_escalation(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let received = refer_at(&t, team, "louise", wednesday()).await;
    let (id, version) = (received.case.id, received.case.version);
    let tuesday = at(2026, 12, 1, 8, 15);
    let app = t.at(tuesday);
    let as_ = |who: &'static str| t.actor_on(who, tuesday.date_naive());
    // Only the team's supervisor acknowledges.
    for who in ["jonas", "louise"] {
        let r = referrals::acknowledge(&app, &as_(who).await, id, version).await;
        assert!(matches!(r, Err(AppError::Forbidden(_))), "{who}: {r:?}");
    }
    let mette = as_("mette").await;
    let stale = referrals::acknowledge(&app, &mette, id, version + 1).await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { .. })),
        "{stale:?}"
    );

    let acknowledged = referrals::acknowledge(&app, &mette, id, version)
        .await
        .unwrap();
    assert_eq!(acknowledged.acknowledged_at, Some(tuesday));
    assert_eq!(acknowledged.acknowledged_by, Some(users["mette"]));
    assert_eq!(acknowledged.awaiting_acknowledgement, None);
    assert_eq!(acknowledged.status, CaseStatus::Referred, "not yet decided");
    // The escalation is gone on both sides.
    assert!(awaiting_as(&t, "mette", tuesday).await.is_empty());
    assert!(awaiting_as(&t, "louise", tuesday).await.is_empty());
    // Recorded once.
    let again = referrals::acknowledge(&app, &mette, id, acknowledged.version).await;
    assert_eq!(
        again.unwrap_err().message(),
        msg!("referral-acknowledged", on = tuesday.date_naive())
    );
    // Accepting later keeps who acknowledged it and when.
    let accepted = treatment::accept(
        &t.at(at(2026, 12, 3, 9, 0)),
        &mette,
        id,
        acknowledged.version,
        None,
    )
    .await
    .unwrap();
    assert_eq!(accepted.acknowledged_at, Some(tuesday));
    let audited = t.store.audit_events(0, 100_000).await.unwrap();
    let acks: Vec<_> = audited
        .iter()
        .filter(|e| e.event.action == "case.acknowledge")
        .filter(|e| e.event.outcome.as_str() == "success")
        .collect();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].event.actor_user_id, Some(users["mette"]));
    assert_eq!(acks[0].event.object_id, Some(id.get()));
}

async fn deciding_on_a_referral_acknowledges_it(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let accepted_one = refer_at(&t, team, "louise", wednesday()).await.case;
    let declined_one = refer_at(&t, team, "louise", wednesday()).await.case;
    let friday = at(2026, 11, 27, 10, 0);
    let mette = t.actor_on("mette", friday.date_naive()).await;
    let app = t.at(friday);
    let accepted = treatment::accept(&app, &mette, accepted_one.id, accepted_one.version, None)
        .await
        .unwrap();
    let declined = treatment::decline(
        &app,
        &mette,
        declined_one.id,
        declined_one.version,
        "not MST",
    )
    .await
    .unwrap();
    for case in [accepted, declined] {
        assert_eq!(case.acknowledged_at, Some(friday));
        assert_eq!(case.acknowledged_by, Some(users["mette"]));
    }
    assert!(
        awaiting_as(&t, "louise", at(2026, 12, 10, 9, 0))
            .await
            .is_empty()
    );
}

async fn a_caseworker_withdraws_a_referral_before_the_team_decides_not_after(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    t.user("karen", "municipal_caseworker", "DK", Some("0461"))
        .await;
    let first = refer_at(&t, team, "louise", wednesday()).await.case;
    let second = refer_at(&t, team, "louise", wednesday()).await.case;
    let thursday = at(2026, 11, 26, 9, 0);
    let app = t.at(thursday);
    let louise = t.actor_on("louise", thursday.date_naive()).await;
    let why = "The family has moved to Odense; Odense takes over the case.";
    // Another municipality's caseworker and the team may not withdraw it.
    for who in ["karen", "mette"] {
        let actor = t.actor_on(who, thursday.date_naive()).await;
        let r = referrals::withdraw(&app, &actor, first.id, first.version, why).await;
        assert!(matches!(r, Err(AppError::Forbidden(_))), "{who}: {r:?}");
    }
    // A reason is needed.
    let bare = referrals::withdraw(&app, &louise, first.id, first.version, " ").await;
    assert!(matches!(bare, Err(AppError::Invalid(_))), "{bare:?}");

    let withdrawn = referrals::withdraw(&app, &louise, first.id, first.version, why)
        .await
        .unwrap();
    assert_eq!(withdrawn.status, CaseStatus::Withdrawn);
    assert_eq!(withdrawn.awaiting_acknowledgement, None);
    // Nothing is deleted: the family and the reason stay on file.
    let file = treatment::case_file(&app, &louise, first.id).await.unwrap();
    let last = file.history.last().unwrap();
    assert_eq!(
        (last.from_status, last.to_status),
        (CaseStatus::Referred, CaseStatus::Withdrawn)
    );
    assert_eq!(last.note.as_deref(), Some(why));
    assert_eq!(last.by_user_id, Some(users["louise"]));
    assert!(file.referral.is_some());
    let waiting: Vec<CaseId> = awaiting_as(&t, "mette", thursday)
        .await
        .iter()
        .map(|a| a.case_id)
        .collect();
    assert_eq!(waiting, [second.id], "a withdrawn referral awaits nothing");
    let again = referrals::withdraw(&app, &louise, first.id, withdrawn.version, why).await;
    assert_eq!(
        conflict_code(again),
        ("step-refused".into(), Some(Arg::from("withdrawn")))
    );

    // Once the team has decided, she may not withdraw it: 409, and only at
    // the version she has seen (an older one is stale first).
    let mette = t.actor_on("mette", thursday.date_naive()).await;
    let accepted = treatment::accept(&app, &mette, second.id, second.version, None)
        .await
        .unwrap();
    let stale = referrals::withdraw(&app, &louise, second.id, second.version, why).await;
    assert!(
        matches!(stale, Err(AppError::VersionMismatch { .. })),
        "{stale:?}"
    );
    let late = referrals::withdraw(&app, &louise, second.id, accepted.version, why).await;
    assert_eq!(
        conflict_code(late),
        ("step-refused".into(), Some(Arg::from("team_decided")))
    );
    let events = t.store.audit_events(0, 100_000).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event.action == "case.withdraw" && e.event.outcome.as_str() == "success")
            .count(),
        1
    );
}

async fn added_information_is_shown_to_the_team(t: TestApp) {
    let (team, users) = t.aarhus_team().await;
    let case = refer_at(&t, team, "louise", wednesday()).await.case;
    let thursday = at(2026, 11, 26, 14, 30);
    let app = t.at(thursday);
    let louise = t.actor_on("louise", thursday.date_naive()).await;
    let text = "The school reports twelve days of absence since the referral.";
    let blank = referrals::add_information(&app, &louise, case.id, case.version, "").await;
    assert!(matches!(blank, Err(AppError::Invalid(_))), "{blank:?}");
    let mette = t.actor_on("mette", thursday.date_naive()).await;
    let by_team = referrals::add_information(&app, &mette, case.id, case.version, text).await;
    assert!(
        matches!(by_team, Err(AppError::Forbidden(_))),
        "{by_team:?}"
    );

    let added = referrals::add_information(&app, &louise, case.id, case.version, text)
        .await
        .unwrap();
    assert_eq!(added.status, CaseStatus::Referred);
    // The supervisor reads it with the referral: what, when, by whom.
    let file = treatment::case_file(&app, &mette, case.id).await.unwrap();
    let additions = &file.handoff.additions;
    assert_eq!(additions.len(), 1);
    assert_eq!(additions[0].text, text);
    assert_eq!(additions[0].added_at, thursday);
    assert_eq!(additions[0].added_by, Some(users["louise"]));
    // A decision made on the version before it is refused: the team
    // decides on what it has seen.
    let blind = treatment::accept(&app, &mette, case.id, case.version, None).await;
    assert!(
        matches!(blind, Err(AppError::VersionMismatch { .. })),
        "{blind:?}"
    );
    let accepted = treatment::accept(&app, &mette, case.id, added.version, None)
        .await
        .unwrap();
    // After the decision there is nothing to add to the referral.
    let late = referrals::add_information(&app, &louise, case.id, accepted.version, text).await;
    assert_eq!(
        conflict_code(late),
        ("step-refused".into(), Some(Arg::from("team_decided")))
    );
}

rundt_testkit::scenarios!(app:
    the_caseworker_gets_a_receipt_with_number_local_time_team_and_deadline,
    a_referral_on_maundy_thursday_is_due_after_easter_monday,
    a_norwegian_referral_before_the_seventeenth_of_may_is_due_a_day_later,
    a_referral_not_acknowledged_in_three_working_days_is_overdue_for_both,
    acknowledging_records_who_and_when_and_clears_the_escalation,
    deciding_on_a_referral_acknowledges_it,
    a_caseworker_withdraws_a_referral_before_the_team_decides_not_after,
    added_information_is_shown_to_the_team,
);
