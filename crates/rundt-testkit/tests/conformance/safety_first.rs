//! MST-CAN's safety first on both backends: nothing is recorded for a
//! family before its safety plan (the refusal says why), every weekly
//! summary reviews the plan, and the supervisor is warned of a family
//! without a plan after seven days.

use chrono::NaiveDate;
use rundt_app::treatment;
use rundt_app::{AppError, safety};
use rundt_domain::id::CaseId;
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan, SafetyReview};
use rundt_domain::treatment::{
    Assessment, KeyParticipant, OverarchingGoal, System, SystemAssessment, WeeklySummary,
};
use rundt_testkit::TestApp;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const START: &str = "2026-11-02";

fn plan(agreed: NaiveDate) -> SafetyPlan {
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::PhysicalViolence,
            from_whom: "Far".into(),
            to_whom: "Emma".into(),
            situations: "Når far har drukket om kvelden".into(),
        }],
        warning_signs: vec!["Far hever stemmen".into()],
        adult_actions: vec![AdultAction {
            adult: "Far".into(),
            instead: "Går en tur og ringer terapeuten".into(),
        }],
        child_contacts: vec![ChildContact {
            child: "Emma".into(),
            contact_person: "Mormor Randi".into(),
            how: "Telefon 915 00 000".into(),
        }],
        agreed_with_family_on: agreed,
        shared_with_child_welfare_on: None,
    }
}

fn assessment() -> Assessment {
    Assessment {
        systems: System::ALL
            .iter()
            .map(|s| SystemAssessment {
                system: *s,
                strengths: "trygg mormor i nærheten".into(),
                needs: "faste rutiner om kvelden".into(),
            })
            .collect(),
        key_participants: vec![KeyParticipant {
            name: "Randi".into(),
            relation: "mormor".into(),
            desired_outcome: "Emma er trygg hjemme".into(),
        }],
        overarching_goals: vec![OverarchingGoal {
            goal: "Ingen vold i hjemmet".into(),
            measure: "ingen hendelser på 8 uker".into(),
        }],
    }
}

fn summary(week: NaiveDate, review: Option<SafetyReview>) -> WeeklySummary {
    WeeklySummary {
        week_start: week,
        contacts: vec![],
        last_week_goals: vec![],
        advances: "Far gikk ut da han ble sint".into(),
        barriers: String::new(),
        fit_drivers: vec![],
        next_week_goals: vec!["Kveldsrutine med mormor".into()],
        overarching_progress: vec![],
        safety: String::new(),
        safety_review: review,
        questions: String::new(),
    }
}

/// A family referred by Bærum's child welfare, accepted and in treatment
/// with nina from `START`.
async fn can_family(t: &TestApp) -> CaseId {
    let (team, _) = t.baerum_can_team().await;
    t.start_can_family(team, day(START)).await
}

async fn nothing_is_recorded_for_an_mst_can_family_before_its_safety_plan(t: TestApp) {
    let case = can_family(&t).await;
    let on = day("2026-11-04");
    let (app, nina) = (t.app.on_day(on), t.actor_on("nina", on).await);
    let refused = treatment::save_assessment(&app, &nina, case, &assessment(), None).await;
    let Err(AppError::Conflict(why)) = refused else {
        panic!("refused before the plan: {refused:?}");
    };
    assert_eq!(why.code, "safety-plan-first");
    let week = day(START);
    let unreviewed = summary(week, None);
    let refused = treatment::save_weekly_summary(&app, &nina, case, &unreviewed, None).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))));

    safety::save_plan(&app, &nina, case, &plan(on), None)
        .await
        .unwrap();
    treatment::save_assessment(&app, &nina, case, &assessment(), None)
        .await
        .unwrap();
    let on = day("2026-11-08");
    let (app, nina) = (t.app.on_day(on), t.actor_on("nina", on).await);
    let refused = treatment::save_weekly_summary(&app, &nina, case, &unreviewed, None).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("a summary without the plan's review is refused");
    };
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].field, "safety_review");
    assert_eq!(fields[0].message.code, "safety-review-missing");
    let reviewed = summary(week, Some(SafetyReview::Holds));
    let saved = treatment::save_weekly_summary(&app, &nina, case, &reviewed, None)
        .await
        .unwrap();
    assert_eq!(saved.summary.safety_review, Some(SafetyReview::Holds));
}

async fn the_supervisor_is_warned_of_a_family_without_a_plan_after_seven_days(t: TestApp) {
    let case = can_family(&t).await;
    let warned = async |on: &str| {
        let on = day(on);
        safety::needing_attention(&t.app.on_day(on), &t.actor_on("kari", on).await)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.case_id == case)
            .is_some_and(|a| a.status.plan_overdue)
    };
    assert!(!warned("2026-11-09").await, "seven days are allowed");
    assert!(warned("2026-11-10").await, "the eighth day warns");
    let on = day("2026-11-10");
    safety::save_plan(
        &t.app.on_day(on),
        &t.actor_on("nina", on).await,
        case,
        &plan(on),
        None,
    )
    .await
    .unwrap();
    assert!(!warned("2026-11-11").await, "the plan clears the warning");
    // Only the team's own see it: a caseworker's list of warnings is empty.
    let linn = t.actor_on("linn", on).await;
    let theirs = safety::needing_attention(&t.app.on_day(on), &linn)
        .await
        .unwrap();
    assert!(theirs.is_empty());
}

rundt_testkit::scenarios!(app:
    nothing_is_recorded_for_an_mst_can_family_before_its_safety_plan,
    the_supervisor_is_warned_of_a_family_without_a_plan_after_seven_days,
);
