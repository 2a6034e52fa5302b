//! MST-CAN's results on both backends: each child's outcome at discharge
//! and at follow-up is kept in the discharge's and follow-up's transaction
//! and read back; a discharge without a child's outcome, or naming someone
//! who is not a child of the family, is refused and stores nothing; the
//! team's dashboard counts the family's children, its safety plan, its
//! incident and the child heard, apart from MST — and, while the family
//! is in treatment, its safety plan alone.

use chrono::{Months, NaiveDate};
use rundt_app::results::{self, DashboardRequest, Scope};
use rundt_app::treatment;
use rundt_app::{AppError, mapping, safety};
use rundt_domain::discharge::{
    ChildFollowUp, ChildOutcome, Discharge, DischargeReason, FollowUp, UltimateOutcomes,
};
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::incident::{Incident, Notification};
use rundt_domain::indicators::Denominator;
use rundt_domain::mapping::{ChildVoice, HeardBy, Voice};
use rundt_domain::period::{Grouping, Month, MonthRange};
use rundt_domain::safety::{AdultAction, ChildContact, Risk, RiskKind, SafetyPlan};
use rundt_domain::team::TeamId;
use rundt_store::ParticipantRole;
use rundt_testkit::TestApp;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const START: &str = "2026-01-12";

fn plan(agreed: NaiveDate) -> SafetyPlan {
    SafetyPlan {
        risks: vec![Risk {
            kind: RiskKind::Neglect,
            from_whom: "Tone".into(),
            to_whom: "Emma og Jonas".into(),
            situations: "Når Tone ikke kommer seg opp om morgenen".into(),
        }],
        warning_signs: vec!["Ingen mat i kjøleskapet".into()],
        adult_actions: vec![AdultAction {
            adult: "Tone".into(),
            instead: "Ringer mormor før skolen".into(),
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

struct CanFamily {
    team: TeamId,
    case: CaseId,
    emma: PersonId,
    jonas: PersonId,
    tone: PersonId,
}

/// Emma and Jonas's family in treatment with nina from `START`: the
/// safety plan agreed on day 3, one incident in the second month, Emma
/// heard and Jonas not (yet).
async fn family_in_treatment(t: &TestApp) -> CanFamily {
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day(START)).await;
    let start = day(START);
    let on = |d: i64| start + chrono::Duration::days(d);
    let nina = async |d: NaiveDate| t.actor_on("nina", d).await;
    safety::save_plan(
        &t.app.on_day(on(3)),
        &nina(on(3)).await,
        case,
        &plan(on(3)),
        None,
    )
    .await
    .unwrap();
    let children = t
        .store
        .case_people_in_role(case, ParticipantRole::YoungPerson)
        .await
        .unwrap();
    let tone = t
        .store
        .case_people_in_role(case, ParticipantRole::Caregiver)
        .await
        .unwrap()[0];
    let (mut emma, mut jonas) = (children[0], children[1]);
    if t.store.get_person(emma).await.unwrap().unwrap().given_name != "Emma" {
        std::mem::swap(&mut emma, &mut jonas);
    }
    let incident = Incident {
        at: on(40).and_hms_opt(18, 0, 0).unwrap().and_utc(),
        children: vec![jonas],
        what_happened: "Jonas var alene hjemme hele kvelden".into(),
        what_was_done: "Mormor hentet ham".into(),
        emergency_services: false,
        notification: Notification::Missing,
    };
    safety::record_incident(&t.app.on_day(on(41)), &nina(on(41)).await, case, &incident)
        .await
        .unwrap();
    let heard = ChildVoice {
        child: emma,
        on: on(20),
        voice: Voice::Heard {
            how: HeardBy::Conversation,
            present: "Nina".into(),
            said: "Jeg vil at mamma står opp".into(),
            wishes: "Frokost hjemme".into(),
        },
    };
    mapping::record_child_voice(&t.app.on_day(on(20)), &nina(on(20)).await, case, &heard)
        .await
        .unwrap();
    CanFamily {
        team,
        case,
        emma,
        jonas,
        tone,
    }
}

fn discharge(on: NaiveDate, children: Vec<ChildOutcome>) -> Discharge {
    Discharge {
        date: on,
        reason: DischargeReason::Completed,
        reason_note: String::new(),
        clinical_evaluation: "Familien har holdt sikkerhetsplanen i tolv uker.".into(),
        goals: Vec::new(),
        outcomes: UltimateOutcomes {
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: true,
        },
        children,
    }
}

fn outcome(child: PersonId, at_home: bool, care_order: bool) -> ChildOutcome {
    ChildOutcome {
        child,
        living_at_home: at_home,
        care_order_during_treatment: care_order,
    }
}

async fn team_results(t: &TestApp, team: TeamId, who: &str, on: NaiveDate) -> results::Dashboard {
    let req = DashboardRequest {
        scope: Scope::Team(team),
        range: MonthRange {
            from: Month::parse("2026-01").unwrap(),
            to: Month::parse("2026-12").unwrap(),
        },
        grouping: Grouping::Quarter,
        denominator: Denominator::AllDischarges,
    };
    results::dashboard(
        &t.app.on_day(on),
        &t.actor_on(who, on).await,
        &req,
        results::FamilyTable::Page(1),
    )
    .await
    .unwrap()
}

async fn each_childs_outcome_is_kept_and_counted_for_the_team(t: TestApp) {
    let f = family_in_treatment(&t).await;
    let discharged = day(START).checked_add_months(Months::new(7)).unwrap();
    let (app, nina) = (
        t.app.on_day(discharged),
        t.actor_on("nina", discharged).await,
    );
    let version = rundt_app::cases::read_case(&app, &nina, f.case)
        .await
        .unwrap()
        .version;
    // In treatment, the family counts for its safety plan alone.
    let now = team_results(&t, f.team, "kari", discharged).await;
    let can = now.can.expect("the MST-CAN section").totals;
    assert_eq!(can.discharged, 0);
    assert_eq!(can.safety_plan_within_7_days.count, Some(1));
    assert_eq!(can.safety_plan_within_7_days.of, Some(1));
    let before = (
        t.count_rows("discharges").await,
        t.count_rows("can_child_outcomes").await,
        t.count_rows("can_results").await,
    );

    // Jonas's outcome is missing; Tone is no child.
    let missing = discharge(discharged, vec![outcome(f.emma, true, false)]);
    let refused = treatment::discharge(&app, &nina, f.case, version, &missing).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused without Jonas: {refused:?}");
    };
    assert_eq!(fields[0].field, "children");
    assert_eq!(fields[0].message.code, "child-outcome-missing");
    assert_eq!(
        fields[0].message.to_string(),
        "child-outcome-missing (child=Jonas)"
    );
    let stranger = discharge(
        discharged,
        vec![
            outcome(f.emma, true, false),
            outcome(f.jonas, true, false),
            outcome(f.tone, true, false),
        ],
    );
    let refused = treatment::discharge(&app, &nina, f.case, version, &stranger).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused with Tone: {refused:?}");
    };
    assert_eq!(fields[0].field, "children[2].child");
    assert_eq!(fields[0].message.code, "child-outcome-not-a-child");
    let after = (
        t.count_rows("discharges").await,
        t.count_rows("can_child_outcomes").await,
        t.count_rows("can_results").await,
    );
    assert_eq!(after, before, "nothing stored");

    // Emma lives at home; Jonas was taken into care during treatment.
    let audits = t.count_rows("audit_events").await;
    let rows = vec![outcome(f.jonas, false, true), outcome(f.emma, true, false)];
    let view = treatment::discharge(&app, &nina, f.case, version, &discharge(discharged, rows))
        .await
        .unwrap();
    assert_eq!(t.count_rows("audit_events").await, audits + 1);
    let mut kept = t.store.can_child_outcomes(f.case).await.unwrap();
    kept.sort_by_key(|o| o.child);
    let mut expected = vec![outcome(f.emma, true, false), outcome(f.jonas, false, true)];
    expected.sort_by_key(|o| o.child);
    assert_eq!(kept, expected);

    let supervisor = team_results(&t, f.team, "kari", discharged).await;
    let can = supervisor.can.expect("the MST-CAN section").totals;
    assert_eq!((can.discharged, can.children), (1, 2));
    assert_eq!(can.living_at_home_at_discharge.count, Some(1));
    assert_eq!(can.living_at_home_at_discharge.percent, Some(50.0));
    assert_eq!(can.care_order_during_treatment.count, Some(1));
    assert_eq!(can.new_incident_during_treatment.count, Some(1));
    assert_eq!(can.safety_plan_within_7_days.percent, Some(100.0));
    assert_eq!(
        can.safety_plan_within_7_days.of,
        Some(1),
        "counted once, now as discharged"
    );
    assert_eq!(can.children_heard.count, Some(1));
    assert_eq!(can.stay_within_months.count, Some(1), "seven months");
    assert_eq!(can.care_order_in_follow_up.of, Some(0), "no follow-up yet");
    assert_eq!(can.median_treatment_days, Some(212.0));
    assert_eq!(
        supervisor.totals.indicators.discharges, 0,
        "the MST-CAN family is counted apart, never in the MST outcomes"
    );

    // Six months on, a care order has been made for Emma too.
    let due = rundt_domain::discharge::follow_up_due(discharged, 6);
    let follow_up = FollowUp {
        months: 6,
        date: due,
        outcomes: UltimateOutcomes {
            living_at_home: false,
            in_school_or_working: true,
            no_new_arrests: true,
        },
        notes: "Telefon med Tone".into(),
        children: vec![
            ChildFollowUp {
                child: f.emma,
                care_order: true,
            },
            ChildFollowUp {
                child: f.jonas,
                care_order: true,
            },
        ],
    };
    let (app, nina) = (t.app.on_day(due), t.actor_on("nina", due).await);
    let without = FollowUp {
        children: Vec::new(),
        ..follow_up.clone()
    };
    let refused = treatment::follow_up(&app, &nina, f.case, view.version, &without).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    treatment::follow_up(&app, &nina, f.case, view.version, &follow_up)
        .await
        .unwrap();
    let rows = t.store.can_child_follow_ups(f.case).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.months == 6 && r.row.care_order));
    let file = treatment::case_file(&app, &nina, f.case).await.unwrap();
    assert_eq!(file.follow_ups[0].children.len(), 2);
    assert_eq!(file.discharge.unwrap().children.len(), 2);
    let can = team_results(&t, f.team, "kari", due)
        .await
        .can
        .unwrap()
        .totals;
    assert_eq!(can.care_order_in_follow_up.count, Some(2));
    assert_eq!(can.care_order_in_follow_up.of, Some(2));

    // A therapist looking at the team sees one family hidden.
    let thomas = team_results(&t, f.team, "thomas", due).await;
    let hidden = thomas.can.unwrap().totals;
    assert!(hidden.suppressed);
    assert_eq!(hidden.living_at_home_at_discharge.percent, None);
}

async fn an_mst_discharge_names_no_children(t: TestApp) {
    let (team, _) = t.aarhus_team().await;
    let family = t
        .start_family(team, "louise", "mette", "jonas", day("2026-05-04"))
        .await;
    let on = day("2026-09-01");
    let (app, jonas) = (t.app.on_day(on), t.actor_on("jonas", on).await);
    let child = family.young_person_id;
    let mut d = discharge(on, vec![outcome(child, true, false)]);
    d.goals = rundt_testkit::FAMILY_GOALS
        .iter()
        .map(|g| rundt_domain::discharge::GoalResult {
            goal: (*g).into(),
            result: rundt_domain::treatment::Attainment::Met,
        })
        .collect();
    let refused = treatment::discharge(&app, &jonas, family.case_id, family.version, &d).await;
    let Err(AppError::Invalid(fields)) = refused else {
        panic!("refused: {refused:?}");
    };
    assert_eq!(fields[0].message.code, "child-outcomes-only-can");
    d.children.clear();
    treatment::discharge(&app, &jonas, family.case_id, family.version, &d)
        .await
        .unwrap();
    assert_eq!(t.count_rows("can_results").await, 0);
    let mst = team_results(&t, team, "mette", on).await;
    assert_eq!(mst.can, None, "an MST team has no MST-CAN section");
    assert_eq!(mst.totals.indicators.discharges, 1);
}

rundt_testkit::scenarios!(app:
    each_childs_outcome_is_kept_and_counted_for_the_team,
    an_mst_discharge_names_no_children,
);
