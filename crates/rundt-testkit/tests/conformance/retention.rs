//! Retention on both backends: a Danish course ten years after its last
//! entry is anonymised only with the archive authority's decision named;
//! its people and documents go, its counts stay, so the results read the
//! same; the audit chain still verifies and says what happened; a legal
//! hold keeps a case until it is lifted; old sign-in records are deleted.

use chrono::NaiveDate;
use rundt_app::retention::{self, Review, ReviewedCase};
use rundt_app::{Actor, AppError, audit_log, cases, treatment};
use rundt_domain::audit::{AuditAction, Outcome};
use rundt_domain::country::Country;
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_domain::id::CaseId;
use rundt_domain::period::Month;
use rundt_domain::retention::{RecordKind, RetentionPolicy, Verdict};
use rundt_domain::team::TeamId;
use rundt_store::{AuditFilter, CaseErasure, StoreError, SummaryFilter};
use rundt_testkit::{Family, TestApp};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const GOOD: UltimateOutcomes = UltimateOutcomes {
    living_at_home: true,
    in_school_or_working: true,
    no_new_arrests: true,
};

/// An Aarhus team working since 2010, with a supervisor (mette), a
/// therapist (jonas), a caseworker (louise), and an auditor (dpo).
async fn old_team(t: &TestApp) -> TeamId {
    let (team, _) = t.aarhus_team_since(day("2010-01-01")).await;
    t.user("dpo", "auditor", "DK", None).await;
    team
}

/// The case `case` as the review of today judges it.
async fn reviewed(t: &TestApp, case: CaseId) -> ReviewedCase {
    retention::review(&t.app, &Actor::cli(), &policy())
        .await
        .unwrap()
        .cases
        .into_iter()
        .find(|c| c.case_id == case)
        .unwrap()
}

/// A course from March 2014 to July 2014, followed up until January 2016.
async fn old_course(t: &TestApp, team: TeamId) -> Family {
    let mut f = t
        .start_family(team, "louise", "mette", "jonas", day("2014-03-03"))
        .await;
    t.discharge_family(
        &mut f,
        "jonas",
        day("2014-07-01"),
        DischargeReason::Completed,
        GOOD,
    )
    .await;
    for months in [6, 12, 18] {
        t.follow_up_family(&mut f, "jonas", months, GOOD).await;
    }
    f
}

/// A referral of 2015 the supervisor declined.
async fn old_declined_referral(t: &TestApp, team: TeamId) -> CaseId {
    let referred = day("2015-06-01");
    let case = cases::refer_family(
        &t.app.on_day(referred),
        &t.actor_on("louise", referred).await,
        &cases::ReferFamily {
            team_id: team,
            referring_municipality: None,
            young_person: cases::PersonInput {
                given_name: "Emil".into(),
                family_name: "Afvist".into(),
                national_id: None,
                birth_date: Some(day("2001-02-03")),
            },
            other_children: Vec::new(),
            caregivers: vec![],
            referral: {
                let mut details = rundt_testkit::sample_referral();
                if let Some(consent) = details.consent.as_mut() {
                    consent.given_on = referred;
                }
                details
            },
        },
    )
    .await
    .unwrap();
    treatment::decline(
        &t.app.on_day(referred),
        &t.actor_on("mette", referred).await,
        case.id,
        case.version,
        "Not within the target group",
    )
    .await
    .unwrap();
    case.id
}

fn policy() -> RetentionPolicy {
    RetentionPolicy::built_in().unwrap()
}

fn verdict_of(review: &Review, case: CaseId) -> Option<Verdict> {
    review
        .cases
        .iter()
        .find(|c| c.case_id == case)
        .map(|c| c.verdict)
}

async fn results(t: &TestApp) -> String {
    let filter = SummaryFilter {
        country: Country::DK,
        team_ids: None,
        municipality: None,
        from_month: Month::parse("2000-01").unwrap(),
        to_month: Month::parse("2030-12").unwrap(),
    };
    format!(
        "{:?} {:?} {:?}",
        t.store.outcome_summary(&filter).await.unwrap(),
        t.store.adherence_summary(&filter).await.unwrap(),
        t.store
            .status_counts(Country::DK, None, None)
            .await
            .unwrap()
    )
}

async fn a_danish_course_ten_years_after_its_last_entry_is_anonymised_and_the_results_stay(
    t: TestApp,
) {
    let team = old_team(&t).await;
    let course = old_course(&t, team).await;
    let open = t
        .start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await;
    let before = results(&t).await;
    let people_before = t.count_rows("persons").await;

    let review = retention::review(&t.app, &Actor::cli(), &policy())
        .await
        .unwrap();
    assert_eq!(
        verdict_of(&review, course.case_id),
        Some(Verdict::Due(day("2026-01-01")))
    );
    assert_eq!(
        verdict_of(&review, open.case_id),
        None,
        "an open case is no record kind"
    );
    let item = review
        .cases
        .iter()
        .find(|c| c.case_id == course.case_id)
        .unwrap()
        .clone();
    assert_eq!(item.kind, RecordKind::Course);

    // Denmark's rule needs the archive authority's decision.
    let refused = retention::anonymise(&t.app, &Actor::cli(), &policy(), &item, None).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");

    let erased = retention::anonymise(
        &t.app,
        &Actor::cli(),
        &policy(),
        &item,
        Some("Rigsarkivet j.nr. 2026-1234"),
    )
    .await
    .unwrap();
    let mut removed = erased.persons_removed.clone();
    removed.sort();
    let mut expected = vec![course.young_person_id, course.caregiver_id];
    expected.sort();
    assert_eq!(removed, expected);
    assert_eq!(t.count_rows("persons").await, people_before - 2);

    // Nothing of the family can be opened; the open family is untouched.
    let gone = cases::read_case(&t.app, &Actor::cli(), course.case_id).await;
    assert!(matches!(gone, Err(AppError::NotFound(_))), "{gone:?}");
    cases::read_case(&t.app, &Actor::cli(), open.case_id)
        .await
        .unwrap();
    for (table, left) in [
        ("discharges", 0),
        ("follow_ups", 0),
        ("referrals", 1),
        ("assessments", 1),
    ] {
        assert_eq!(
            t.count_rows(table).await,
            left,
            "{table}: only the open family's"
        );
    }

    // The results read exactly as before.
    assert_eq!(results(&t).await, before);

    // The chain verifies, and each person's log says what happened.
    assert!(audit_log::verify(&t.app).await.unwrap().is_intact());
    let events = t
        .store
        .search_audit_events(
            &AuditFilter {
                actions: vec![AuditAction::RetentionAnonymise],
                ..AuditFilter::default()
            },
            100,
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 2, "one per person of the family");
    assert!(events.iter().all(|e| {
        e.event.outcome == Outcome::Success
            && e.event.object_id == Some(course.case_id.get())
            && e.event
                .purpose
                .as_deref()
                .is_some_and(|p| p.contains("DK/course") && p.contains("j.nr. 2026-1234"))
    }));

    // Once is enough: the case is no longer a candidate, and again is refused.
    let again = retention::review(&t.app, &Actor::cli(), &policy())
        .await
        .unwrap();
    assert_eq!(verdict_of(&again, course.case_id), None);
    let twice = retention::anonymise(
        &t.app,
        &Actor::cli(),
        &policy(),
        &item,
        Some("Rigsarkivet j.nr. 2026-1234"),
    )
    .await;
    assert!(matches!(twice, Err(AppError::Conflict(_))), "{twice:?}");
}

async fn a_declined_referral_is_due_ten_years_after_the_decision(t: TestApp) {
    let team = old_team(&t).await;
    let declined = old_declined_referral(&t, team).await;
    let item = reviewed(&t, declined).await;
    assert_eq!(item.kind, RecordKind::ReferralNotTakenUp);
    assert_eq!(item.verdict, Verdict::Due(day("2025-06-01")));
    // On the day before the ten years ran out it was not yet due.
    let earlier = t.at(day("2025-05-31").and_hms_opt(12, 0, 0).unwrap().and_utc());
    let then = retention::review(&earlier, &Actor::cli(), &policy())
        .await
        .unwrap();
    assert_eq!(
        verdict_of(&then, declined),
        Some(Verdict::NotYet(day("2025-06-01")))
    );
    let erased = retention::anonymise(&t.app, &Actor::cli(), &policy(), &item, Some("RA 17"))
        .await
        .unwrap();
    assert_eq!(erased.persons_removed.len(), 1);
    retention::scrub(&t.app, &Actor::cli()).await.unwrap();
    assert!(
        !t.raw_contents().await.contains("Afvist"),
        "the name is gone from the database's files too"
    );
}

async fn a_legal_hold_keeps_a_due_case_until_it_is_lifted(t: TestApp) {
    let team = old_team(&t).await;
    let course = old_course(&t, team).await;
    let dpo = t.actor_on("dpo", day("2026-11-25")).await;
    let hold = retention::place_hold(&t.app, &dpo, course.case_id, "Klage til Ankestyrelsen")
        .await
        .unwrap();
    assert!(hold.is_active());
    let second = retention::place_hold(&t.app, &dpo, course.case_id, "Endnu en klage").await;
    assert!(matches!(second, Err(AppError::Conflict(_))), "{second:?}");

    let item = reviewed(&t, course.case_id).await;
    assert_eq!(item.verdict, Verdict::OnHold);
    // Even a stale list cannot remove a held case.
    let mut stale = item.clone();
    stale.verdict = Verdict::Due(day("2026-01-01"));
    let refused =
        retention::anonymise(&t.app, &Actor::cli(), &policy(), &stale, Some("RA 1")).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");

    let lifted = retention::lift_hold(&t.app, &dpo, course.case_id, "Klagen er afgjort")
        .await
        .unwrap();
    assert!(!lifted.is_active());
    assert_eq!(lifted.lift_reason.as_deref(), Some("Klagen er afgjort"));
    let nothing = retention::lift_hold(&t.app, &dpo, course.case_id, "Igen, ved en fejl").await;
    assert!(matches!(nothing, Err(AppError::Conflict(_))), "{nothing:?}");
    assert_eq!(
        retention::holds(&t.app, &dpo, false).await.unwrap().len(),
        1
    );
    retention::anonymise(&t.app, &Actor::cli(), &policy(), &stale, Some("RA 1"))
        .await
        .unwrap();
}

async fn only_the_auditor_of_the_cases_country_places_a_hold(t: TestApp) {
    let team = old_team(&t).await;
    let course = old_course(&t, team).await;
    let today = day("2026-11-25");
    let supervisor = t.actor_on("mette", today).await;
    let refused =
        retention::place_hold(&t.app, &supervisor, course.case_id, "Jeg vil beholde den").await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let review = retention::review(&t.app, &supervisor, &policy()).await;
    assert!(matches!(review, Err(AppError::Forbidden(_))), "{review:?}");

    t.user("tilsyn", "auditor", "NO", None).await;
    let norwegian = t.actor_on("tilsyn", today).await;
    let foreign = retention::place_hold(&t.app, &norwegian, course.case_id, "Klage i Norge").await;
    assert!(matches!(foreign, Err(AppError::NotFound(_))), "{foreign:?}");
    let theirs = retention::review(&t.app, &norwegian, &policy())
        .await
        .unwrap();
    assert!(
        theirs.cases.is_empty(),
        "a Norwegian auditor sees no Danish case"
    );

    let short =
        retention::place_hold(&t.app, &t.actor_on("dpo", today).await, course.case_id, " ").await;
    assert!(matches!(short, Err(AppError::Invalid(_))), "{short:?}");
}

async fn a_case_with_an_entry_after_the_cutoff_is_not_anonymised(t: TestApp) {
    let team = old_team(&t).await;
    let course = old_course(&t, team).await;
    let erasure = CaseErasure {
        case_id: course.case_id,
        rule: "DK/course".into(),
        last_entry_by: day("2015-12-31"),
        on: day("2026-11-25"),
    };
    let event = Actor::cli().event(
        t.app.clock.now(),
        AuditAction::RetentionAnonymise,
        rundt_domain::audit::Object::case(course.case_id),
    );
    let refused = t.store.erase_case(&erasure, &event).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(t.count_rows("discharges").await, 1, "nothing was removed");
    let missing = CaseErasure {
        case_id: CaseId::new(9_999),
        ..erasure
    };
    let refused = t.store.erase_case(&missing, &event).await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
}

async fn sign_in_records_older_than_a_year_are_deleted_and_newer_ones_kept(t: TestApp) {
    t.raw_execute(
        "INSERT INTO login_attempts (username, address, at, success) VALUES \
         ('jonas', '10.0.0.1', '2024-01-02T08:00:00Z', true), \
         ('jonas', '10.0.0.1', '2025-10-02T08:00:00Z', false), \
         ('jonas', '10.0.0.1', '2026-11-20T08:00:00Z', true)",
    )
    .await;
    let review = retention::review(&t.app, &Actor::cli(), &policy())
        .await
        .unwrap();
    let sign_in = review
        .rules
        .iter()
        .find(|r| r.rule.kind == RecordKind::SignInRecords)
        .unwrap();
    assert_eq!(sign_in.sign_in_records_due, 2);
    let deleted = retention::delete_sign_in_records(&t.app, &Actor::cli(), &policy())
        .await
        .unwrap();
    assert_eq!(deleted, 2);
    assert_eq!(t.count_rows("login_attempts").await, 1);
    assert_eq!(
        retention::delete_sign_in_records(&t.app, &Actor::cli(), &policy())
            .await
            .unwrap(),
        0
    );
    assert!(audit_log::verify(&t.app).await.unwrap().is_intact());
}

rundt_testkit::scenarios!(app:
    a_danish_course_ten_years_after_its_last_entry_is_anonymised_and_the_results_stay,
    a_declined_referral_is_due_ten_years_after_the_decision,
    a_legal_hold_keeps_a_due_case_until_it_is_lifted,
    only_the_auditor_of_the_cases_country_places_a_hold,
    a_case_with_an_entry_after_the_cutoff_is_not_anonymised,
    sign_in_records_older_than_a_year_are_deleted_and_newer_ones_kept,
);
