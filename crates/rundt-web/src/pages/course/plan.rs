//! MST-CAN's treatment plan and modules (issue 12): the goals made with the
//! family grouped by theme area, the modules with their sessions and drug
//! screens, and the forms that save the plan, start a module and update
//! one. Each form posts to its own address; what the use case refuses is
//! shown beside that form's fields, in the page's language.

use super::*;
use crate::pages::cases::opt_day;
use rundt_app::can_plan::{self, CasePlan};
use rundt_domain::can_plan::{
    DrugScreen, ModuleKind, ModuleProgress, ModuleStatus, NewModule, PlanGoal, ScreenResult,
    ThemeArea, TreatmentPlan,
};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::user::Role;

use crate::pages::{LangQuery, with_lang};
use axum::extract::Query;

/// Goal rows the plan form offers beyond those typed (spare rows).
const SPARE_GOALS: usize = 2;
/// Drug screen rows an RBT module's form offers beyond those recorded.
const SPARE_SCREENS: usize = 2;
/// The most drug screen rows a posted form is read for.
const MAX_SCREEN_ROWS: usize = 300;

/// A goal as the plan form shows it: as stored, or as typed.
#[derive(Debug, Clone, Default)]
pub struct GoalRow {
    theme: String,
    overarching: String,
    /// One intermediate goal a line.
    intermediate: String,
    agreed_by: String,
    measured_by: String,
}

/// The plan form as shown.
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    made_with_family_on: String,
    goals: Vec<GoalRow>,
}

/// A goal as the plan shows it.
#[derive(Debug, Clone)]
pub struct GoalShow {
    overarching: String,
    intermediate: Vec<String>,
    agreed_by: String,
    measured_by: String,
}

/// A drug screen row of a module form.
#[derive(Debug, Clone, Default)]
pub struct ScreenRow {
    on: String,
    result: String,
}

/// The fields of a module form (start or update) as shown.
#[derive(Debug, Clone, Default)]
pub struct ModuleForm {
    kind: String,
    start: String,
    end: String,
    sessions_held: String,
    delivered_by: String,
    status: String,
    screens: Vec<ScreenRow>,
}

/// A module as the page lists it, with its update form.
#[derive(Debug, Clone)]
pub struct ModuleShow {
    id: i64,
    /// `module-<id>`: how `failed` names its update form.
    form_id: String,
    version: i64,
    kind: &'static str,
    rbt: bool,
    start: String,
    end: String,
    sessions_held: u32,
    delivered_by: String,
    status: &'static str,
    /// (date, result) of each drug screen, oldest first.
    screens: Vec<(String, &'static str)>,
    form: ModuleForm,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    case_id: CaseId,
    /// The forms are offered: a clinician, while the family is in treatment.
    editable: bool,
    /// The plan's latest version ("" before the first), for the form.
    plan_version: String,
    made_on: String,
    themes: Vec<(&'static str, Vec<GoalShow>)>,
    plan_form: PlanForm,
    modules: Vec<ModuleShow>,
    new_module: ModuleForm,
    theme_choices: Choices,
    kind_choices: Choices,
    status_choices: Choices,
    result_choices: Choices,
    /// Which form came back refused: `plan`, `start` or `module-<id>`.
    failed: String,
    errors: Errors,
    /// What the forms that did not come back show: nothing wrong.
    no_errors: Errors,
}

fn theme_label(tr: Tr, t: ThemeArea) -> &'static str {
    tr.t(&format!("theme_{}", t.as_str()))
}

pub(crate) fn kind_label(tr: Tr, k: ModuleKind) -> &'static str {
    tr.t(&format!("module_{}", k.as_str()))
}

pub(crate) fn status_label(tr: Tr, s: ModuleStatus) -> &'static str {
    tr.t(&format!("module_status_{}", s.as_str()))
}

pub(crate) fn result_label(tr: Tr, r: ScreenResult) -> &'static str {
    tr.t(&format!("screen_{}", r.as_str()))
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Choices {
    all.iter().map(|x| (code(*x), label(*x))).collect()
}

fn goal_row(g: &PlanGoal) -> GoalRow {
    GoalRow {
        theme: g.theme.as_str().into(),
        overarching: g.overarching.clone(),
        intermediate: g.intermediate.join("\n"),
        agreed_by: g.agreed_by.clone(),
        measured_by: g.measured_by.clone(),
    }
}

fn screen_rows(screens: &[DrugScreen]) -> Vec<ScreenRow> {
    screens
        .iter()
        .map(|s| ScreenRow {
            on: day(s.on),
            result: s.result.as_str().into(),
        })
        .collect()
}

/// What the page shows as typed instead of as stored, after a refusal.
#[derive(Default)]
struct Typed {
    failed: String,
    plan: Option<PlanForm>,
    new_module: Option<ModuleForm>,
    /// The update form of one module, as typed.
    module: Option<(i64, ModuleForm)>,
}

async fn plan_page(
    p: &Page,
    id: CaseId,
    status: StatusCode,
    typed: Typed,
    errors: Errors,
) -> PageResult {
    let CasePlan {
        plan,
        modules,
        status: case_status,
    } = can_plan::case_plan(p.app(), &p.actor(), id).await.on(p)?;
    let tr = p.tr;
    let clinician = matches!(p.who.principal.role, Role::Therapist | Role::Supervisor);
    let stored = plan.as_ref().map(|v| &v.plan);
    let themes = stored
        .map(|plan| {
            plan.by_theme()
                .into_iter()
                .map(|(theme, goals)| {
                    let shown = goals
                        .into_iter()
                        .map(|g| GoalShow {
                            overarching: g.overarching.clone(),
                            intermediate: g.intermediate.clone(),
                            agreed_by: g.agreed_by.clone(),
                            measured_by: g.measured_by.clone(),
                        })
                        .collect();
                    (theme_label(tr, theme), shown)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut plan_form = typed.plan.unwrap_or_else(|| PlanForm {
        made_with_family_on: stored
            .map(|s| day(s.made_with_family_on))
            .unwrap_or_else(|| day(p.app().clock.today())),
        goals: stored
            .map(|s| s.goals.iter().map(goal_row).collect())
            .unwrap_or_default(),
    });
    let rows = (plan_form.goals.len() + SPARE_GOALS).min(rundt_domain::can_plan::MAX_GOALS);
    plan_form
        .goals
        .resize(rows.max(plan_form.goals.len()), GoalRow::default());
    let mut typed_module = typed.module;
    let modules = modules
        .into_iter()
        .map(|r| {
            let m = &r.module;
            let rbt = m.kind == ModuleKind::Rbt;
            let mut form = match typed_module.take_if(|(mid, _)| *mid == r.id) {
                Some((_, form)) => form,
                None => ModuleForm {
                    kind: m.kind.as_str().into(),
                    start: day(m.start),
                    end: opt_day(m.end),
                    sessions_held: m.sessions_held.to_string(),
                    delivered_by: m.delivered_by.clone(),
                    status: m.status.as_str().into(),
                    screens: screen_rows(&m.drug_screens),
                },
            };
            if rbt {
                let n = form.screens.len() + SPARE_SCREENS;
                form.screens.resize(n, ScreenRow::default());
            }
            ModuleShow {
                id: r.id,
                form_id: format!("module-{}", r.id),
                version: r.version,
                kind: kind_label(tr, m.kind),
                rbt,
                start: day(m.start),
                end: opt_day(m.end),
                sessions_held: m.sessions_held,
                delivered_by: m.delivered_by.clone(),
                status: status_label(tr, m.status),
                screens: m
                    .drug_screens
                    .iter()
                    .map(|s| (day(s.on), result_label(tr, s.result)))
                    .collect(),
                form,
            }
        })
        .collect();
    let new_module = typed.new_module.unwrap_or_else(|| ModuleForm {
        start: day(p.app().clock.today()),
        sessions_held: "0".into(),
        status: ModuleStatus::Ongoing.as_str().into(),
        ..ModuleForm::default()
    });
    Ok(p.render(
        status,
        &PlanPage {
            tr,
            title: family_title(tr, "treatment_plan", id),
            nav: p.nav(),
            csrf: p.who.csrf_token().to_owned(),
            case_id: id,
            editable: clinician && case_status == CaseStatus::InTreatment,
            plan_version: plan
                .as_ref()
                .map(|v| v.version.to_string())
                .unwrap_or_default(),
            made_on: stored
                .map(|s| day(s.made_with_family_on))
                .unwrap_or_default(),
            themes,
            plan_form,
            modules,
            new_module,
            theme_choices: choices(&ThemeArea::ALL, ThemeArea::as_str, |t| theme_label(tr, t)),
            kind_choices: choices(&ModuleKind::ALL, ModuleKind::as_str, |k| kind_label(tr, k)),
            status_choices: choices(&ModuleStatus::ALL, ModuleStatus::as_str, |s| {
                status_label(tr, s)
            }),
            result_choices: choices(&ScreenResult::ALL, ScreenResult::as_str, |r| {
                result_label(tr, r)
            }),
            failed: typed.failed,
            errors,
            no_errors: Errors::none(),
        },
    ))
}

fn plan_address(id: CaseId) -> String {
    format!("/cases/{id}/plan")
}

pub async fn treatment_plan_show(p: Page, PageId(id): PageId<CaseId>) -> PageResult {
    plan_page(&p, id, StatusCode::OK, Typed::default(), Errors::none()).await
}

/// The plan as the form posted it, and what could not be read.
fn read_plan(f: &Fields) -> (PlanForm, Result<TreatmentPlan, AppError>) {
    let typed = PlanForm {
        made_with_family_on: f.get("made_with_family_on"),
        goals: (0..f.rows("goals", rundt_domain::can_plan::MAX_GOALS))
            .map(|i| GoalRow {
                theme: f.get(&format!("goals[{i}].theme")),
                overarching: form::multi_line(&f.text(&format!("goals[{i}].overarching"))),
                intermediate: form::multi_line(&f.text(&format!("goals[{i}].intermediate"))),
                agreed_by: form::one_line(&f.text(&format!("goals[{i}].agreed_by"))),
                measured_by: form::multi_line(&f.text(&format!("goals[{i}].measured_by"))),
            })
            // A row left empty is a spare row, not a goal (its theme is
            // only the select's first choice).
            .filter(|g| {
                form::any_filled(&[
                    &g.overarching,
                    &g.intermediate,
                    &g.agreed_by,
                    &g.measured_by,
                ])
            })
            .collect(),
    };
    let mut errors = Vec::new();
    let made = form::date(
        &typed.made_with_family_on,
        "made_with_family_on",
        &mut errors,
        msg!("bad_date"),
    );
    if typed.made_with_family_on.is_empty() {
        required("made_with_family_on", &mut errors);
    }
    let mut goals = Vec::new();
    for (i, g) in typed.goals.iter().enumerate() {
        let Some(theme) = ThemeArea::from_code(&g.theme) else {
            errors.push(FieldError::new(format!("goals[{i}].theme"), msg!("choose")));
            continue;
        };
        goals.push(PlanGoal {
            theme,
            overarching: g.overarching.clone(),
            intermediate: g
                .intermediate
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            agreed_by: g.agreed_by.clone(),
            measured_by: g.measured_by.clone(),
        });
    }
    let plan = match made {
        Some(made_with_family_on) if errors.is_empty() => Ok(TreatmentPlan {
            goals,
            made_with_family_on,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    (typed, plan)
}

pub async fn treatment_plan_submit(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let (typed, plan) = read_plan(&f);
    let version = f.version();
    let result = form::then(plan, async |plan| {
        can_plan::save_plan(p.app(), &p.actor(), id, &plan, version).await
    })
    .await;
    let target = format!("{}#plan", plan_address(id));
    form::settle(&p, result, &target, |status, errors| {
        let typed = Typed {
            failed: "plan".into(),
            plan: Some(typed),
            ..Typed::default()
        };
        plan_page(&p, id, status, typed, errors)
    })
    .await
}

/// The module fields a form posted (a start form also has kind and start).
fn read_module_form(f: &Fields) -> ModuleForm {
    ModuleForm {
        kind: f.get("kind"),
        start: f.get("start"),
        end: f.get("end"),
        sessions_held: f.get("sessions_held"),
        delivered_by: form::one_line(&f.text("delivered_by")),
        status: f.get("status"),
        screens: (0..f.rows("drug_screens", MAX_SCREEN_ROWS))
            .map(|i| ScreenRow {
                on: f.get(&format!("drug_screens[{i}].on")),
                result: f.get(&format!("drug_screens[{i}].result")),
            })
            .filter(|s| !s.on.is_empty())
            .collect(),
    }
}

/// How a module has gone, as the form says it; what could not be read is
/// named field by field.
fn read_progress(typed: &ModuleForm, errors: &mut Vec<FieldError>) -> Option<ModuleProgress> {
    let end = form::date(&typed.end, "end", errors, msg!("bad_date"));
    let sessions_held = if typed.sessions_held.is_empty() {
        Some(0)
    } else {
        let n = typed.sessions_held.parse::<u32>().ok();
        if n.is_none() {
            errors.push(FieldError::new(
                "sessions_held",
                msg!(
                    "module-sessions-range",
                    max = rundt_domain::can_plan::MAX_SESSIONS
                ),
            ));
        }
        n
    };
    let status = ModuleStatus::from_code(&typed.status);
    if status.is_none() {
        errors.push(FieldError::new("status", msg!("choose")));
    }
    let mut drug_screens = Vec::new();
    for (i, s) in typed.screens.iter().enumerate() {
        let on = form::date(
            &s.on,
            &format!("drug_screens[{i}].on"),
            errors,
            msg!("bad_date"),
        );
        let result = ScreenResult::from_code(&s.result);
        if result.is_none() {
            errors.push(FieldError::new(
                format!("drug_screens[{i}].result"),
                msg!("choose"),
            ));
        }
        if let (Some(on), Some(result)) = (on, result) {
            drug_screens.push(DrugScreen { on, result });
        }
    }
    Some(ModuleProgress {
        end,
        sessions_held: sessions_held?,
        delivered_by: typed.delivered_by.clone(),
        status: status?,
        drug_screens,
    })
}

pub async fn module_start(p: Page, PageId(id): PageId<CaseId>, f: Fields) -> PageResult {
    let typed = read_module_form(&f);
    let mut errors = Vec::new();
    let kind = ModuleKind::from_code(&typed.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", msg!("choose")));
    }
    // A missing start is the use case's to say (module-start-missing).
    let start = form::date(&typed.start, "start", &mut errors, msg!("bad_date"));
    let progress = read_progress(&typed, &mut errors);
    let module = match (kind, progress) {
        (Some(kind), Some(pr)) if errors.is_empty() => Ok(NewModule {
            kind,
            start,
            end: pr.end,
            sessions_held: pr.sessions_held,
            delivered_by: pr.delivered_by,
            status: pr.status,
            drug_screens: pr.drug_screens,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(module, async |module| {
        can_plan::start_module(p.app(), &p.actor(), id, &module).await
    })
    .await;
    let target = format!("{}#modules", plan_address(id));
    form::settle(&p, result, &target, |status, errors| {
        let typed = Typed {
            failed: "start".into(),
            new_module: Some(typed),
            ..Typed::default()
        };
        plan_page(&p, id, status, typed, errors)
    })
    .await
}

pub async fn module_update(
    p: Page,
    Path((id, module_id)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, module_id) = parse_id::<CaseId>(&id)
        .and_then(|id| Ok((id, parse_id::<i64>(&module_id)?)))
        .on(&p)?;
    let typed = read_module_form(&f);
    let version = f.required_version().on(&p)?;
    let mut errors = Vec::new();
    let progress = match read_progress(&typed, &mut errors) {
        Some(pr) if errors.is_empty() => Ok(pr),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(progress, async |progress| {
        can_plan::update_module(p.app(), &p.actor(), id, module_id, &progress, version).await
    })
    .await;
    let target = format!("{}#module-{module_id}", plan_address(id));
    form::settle(&p, result, &target, |status, errors| {
        let typed = Typed {
            failed: format!("module-{module_id}"),
            module: Some((module_id, typed)),
            ..Typed::default()
        };
        plan_page(&p, id, status, typed, errors)
    })
    .await
}

/// A GET on a module's address (say, after choosing a language on a form
/// the page re-rendered) leads to the plan page.
pub async fn plan_at(
    Path((id, _module)): Path<(String, String)>,
    Query(q): Query<LangQuery>,
) -> axum::response::Redirect {
    let target = match parse_id::<CaseId>(&id) {
        Ok(id) => plan_address(id),
        Err(_) => "/cases".to_owned(),
    };
    axum::response::Redirect::to(&with_lang(&target, &q))
}
