//! MST-CAN's treatment plan and modules on both backends: every version of
//! the plan kept, a save on a stale version refused; a module changed only
//! on the version it was read at; both gone when the case is anonymised;
//! nothing of either saved for an MST-CAN family before its safety plan.

use chrono::NaiveDate;
use rundt_app::Actor;
use rundt_domain::audit::{AuditAction, AuditEvent, Object};
use rundt_domain::can_plan::{
    DrugScreen, Module, ModuleKind, ModuleStatus, PlanGoal, ScreenResult, ThemeArea, TreatmentPlan,
};
use rundt_domain::discharge::{DischargeReason, UltimateOutcomes};
use rundt_domain::id::CaseId;
use rundt_store::{AuditFilter, CaseErasure, StoreError};
use rundt_testkit::{Family, TestApp, test_now};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn plan(overarching: &str) -> TreatmentPlan {
    TreatmentPlan {
        goals: vec![PlanGoal {
            theme: ThemeArea::SocialSupport,
            overarching: overarching.into(),
            intermediate: vec!["Mormor kommer på besøk hver søndag".into()],
            agreed_by: "Mor og mormor".into(),
            measured_by: "Antall besøk i måneden".into(),
        }],
        made_with_family_on: day("2026-10-20"),
    }
}

fn rbt() -> Module {
    Module {
        kind: ModuleKind::Rbt,
        start: day("2026-10-12"),
        end: None,
        sessions_held: 4,
        delivered_by: "Jonas".into(),
        status: ModuleStatus::Ongoing,
        drug_screens: vec![DrugScreen {
            on: day("2026-10-19"),
            result: ScreenResult::Negative,
        }],
    }
}

fn event(action: AuditAction, case: CaseId) -> AuditEvent {
    Actor::cli().event(test_now(), action, Object::case(case))
}

async fn a_family(t: &TestApp) -> Family {
    let (team, _) = t.aarhus_team().await;
    t.start_family(team, "louise", "mette", "jonas", day("2026-10-05"))
        .await
}

async fn every_version_of_a_treatment_plan_is_kept_and_a_stale_save_refused(t: TestApp) {
    let case = a_family(&t).await.case_id;
    let save = AuditAction::CaseTreatmentPlanSave;
    let first = t
        .store
        .save_treatment_plan(
            case,
            &plan("Mor har folk å ringe"),
            None,
            &event(save, case),
        )
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    let second = t
        .store
        .save_treatment_plan(
            case,
            &plan("Mor har tre voksne å ringe"),
            Some(1),
            &event(save, case),
        )
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    for expected in [Some(1), None] {
        let stale = t
            .store
            .save_treatment_plan(case, &plan("Et annet mål"), expected, &event(save, case))
            .await;
        assert!(
            matches!(stale, Err(StoreError::VersionMismatch { current: 2 })),
            "{stale:?}"
        );
    }
    let versions = t.store.treatment_plans(case).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(
        versions[1].plan.goals[0].overarching,
        "Mor har folk å ringe"
    );
    assert_eq!(versions[0].saved_at, test_now());
    assert!(
        t.try_raw_execute("UPDATE treatment_plans SET content = '{}'")
            .await
            .is_err(),
        "a saved version cannot be edited in place"
    );
    let missing = t
        .store
        .save_treatment_plan(CaseId::new(9_999), &plan("x"), None, &event(save, case))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

async fn a_module_is_changed_on_the_version_it_was_read_at(t: TestApp) {
    let case = a_family(&t).await.case_id;
    let start = AuditAction::CaseModuleStart;
    let update = AuditAction::CaseModuleUpdate;
    let mut clarification = rbt();
    clarification.kind = ModuleKind::Clarification;
    clarification.start = day("2026-11-02");
    clarification.drug_screens.clear();
    let later = t
        .store
        .start_module(case, &clarification, &event(start, case))
        .await
        .unwrap();
    let started = t
        .store
        .start_module(case, &rbt(), &event(start, case))
        .await
        .unwrap();
    assert_eq!(started.version, 1);
    assert_eq!(started.module, rbt());

    let mut done = rbt();
    done.sessions_held = 12;
    done.end = Some(day("2026-11-20"));
    done.status = ModuleStatus::Completed;
    done.drug_screens.push(DrugScreen {
        on: day("2026-11-16"),
        result: ScreenResult::Diluted,
    });
    let updated = t
        .store
        .update_module(case, started.id, &done, 1, &event(update, case))
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.module, done);
    let stale = t
        .store
        .update_module(case, started.id, &rbt(), 1, &event(update, case))
        .await;
    assert!(
        matches!(stale, Err(StoreError::VersionMismatch { current: 2 })),
        "{stale:?}"
    );
    let elsewhere = t
        .store
        .update_module(
            CaseId::new(9_999),
            started.id,
            &done,
            2,
            &event(update, case),
        )
        .await;
    assert!(
        matches!(elsewhere, Err(StoreError::NotFound(_))),
        "{elsewhere:?}"
    );
    let listed = t.store.modules(case).await.unwrap();
    assert_eq!(listed, vec![updated, later], "in the order they started");
    let audited = t
        .store
        .search_audit_events(
            &AuditFilter {
                actions: vec![start, update],
                ..AuditFilter::default()
            },
            100,
        )
        .await
        .unwrap();
    assert_eq!(
        audited.len(),
        3,
        "two starts and the one update that was made"
    );
}

async fn anonymising_a_case_removes_its_plan_and_modules(t: TestApp) {
    let mut family = a_family(&t).await;
    let case = family.case_id;
    t.store
        .save_treatment_plan(
            case,
            &plan("Mor har folk å ringe"),
            None,
            &event(AuditAction::CaseTreatmentPlanSave, case),
        )
        .await
        .unwrap();
    t.store
        .start_module(case, &rbt(), &event(AuditAction::CaseModuleStart, case))
        .await
        .unwrap();
    let good = UltimateOutcomes {
        living_at_home: true,
        in_school_or_working: true,
        no_new_arrests: true,
    };
    t.discharge_family(
        &mut family,
        "jonas",
        day("2026-11-24"),
        DischargeReason::Completed,
        good,
    )
    .await;
    let erasure = CaseErasure {
        case_id: case,
        rule: "DK/course".into(),
        last_entry_by: day("2026-11-25"),
        on: day("2026-11-25"),
    };
    t.store
        .erase_case(&erasure, &event(AuditAction::RetentionAnonymise, case))
        .await
        .unwrap();
    assert_eq!(t.count_rows("treatment_plans").await, 0);
    assert_eq!(t.count_rows("treatment_modules").await, 0);
}

async fn nothing_of_the_plan_is_saved_for_an_mst_can_family_before_its_safety_plan(t: TestApp) {
    use rundt_domain::can_plan::NewModule;
    let (team, _) = t.baerum_can_team().await;
    let case = t.start_can_family(team, day("2026-10-05")).await;
    let cli = Actor::cli();
    let refused = rundt_app::can_plan::save_plan(&t.app, &cli, case, &plan("Trygg"), None).await;
    let Err(rundt_app::AppError::Conflict(why)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(why.code, "safety-plan-first");
    let module = NewModule {
        kind: ModuleKind::Pe,
        start: Some(day("2026-10-12")),
        end: None,
        sessions_held: 1,
        delivered_by: "Nina".into(),
        status: ModuleStatus::Ongoing,
        drug_screens: vec![],
    };
    let refused = rundt_app::can_plan::start_module(&t.app, &cli, case, &module).await;
    assert!(
        matches!(refused, Err(rundt_app::AppError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(t.count_rows("treatment_plans").await, 0);
    assert_eq!(t.count_rows("treatment_modules").await, 0);
}

rundt_testkit::scenarios!(app:
    nothing_of_the_plan_is_saved_for_an_mst_can_family_before_its_safety_plan,
    every_version_of_a_treatment_plan_is_kept_and_a_stale_save_refused,
    a_module_is_changed_on_the_version_it_was_read_at,
    anonymising_a_case_removes_its_plan_and_modules,
);
