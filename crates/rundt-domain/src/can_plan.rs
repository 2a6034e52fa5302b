//! MST-CAN's treatment plan and its modules (issue 12): the goals the
//! family and the therapist agree on, each in one of MST-CAN's theme areas
//! with the intermediate goals on the way, who agreed and how progress is
//! seen; and the treatment modules a family takes as needed (RBT for a
//! parent's substance use with its drug screens, PE for a parent's trauma,
//! TF-CBT for a child's, CBT anger management, clarification), each with
//! its start, end, sessions held, who delivers it and where it stands.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::msg;
use crate::treatment::Attainment;

string_coded! {
    /// The theme areas an MST-CAN plan's goals are grouped in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum ThemeArea {
        /// Safety and a good place to grow up.
        Safety => "safety",
        /// The parents' understanding of the violence or neglect.
        ParentsUnderstanding => "parents_understanding",
        /// The family's social support.
        SocialSupport => "social_support",
        /// Practical needs: housing, money, debt, work.
        PracticalNeeds => "practical_needs",
        /// Clarification: freeing the children of guilt.
        Clarification => "clarification",
    }
}

/// One overarching goal of the plan and the intermediate goals towards it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanGoal {
    pub theme: ThemeArea,
    pub overarching: String,
    /// The steps on the way, in order.
    pub intermediate: Vec<String>,
    /// Who agreed to the goal (the mother, the father, the child welfare
    /// caseworker…), as the family says it.
    pub agreed_by: String,
    /// How progress is seen or measured.
    pub measured_by: String,
}

/// The treatment plan, made with the family on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreatmentPlan {
    pub goals: Vec<PlanGoal>,
    pub made_with_family_on: NaiveDate,
}

/// The most goals a plan has, and intermediate goals a goal has.
pub const MAX_GOALS: usize = 20;
pub const MAX_INTERMEDIATE: usize = 12;

impl TreatmentPlan {
    /// The plan with its texts trimmed, when it has at least one goal and
    /// every goal an overarching goal, at least one intermediate goal, who
    /// agreed and how progress is measured; made on a day that has come.
    /// Otherwise every problem, by field.
    pub fn validated(&self, today: NaiveDate) -> Result<TreatmentPlan, DomainError> {
        let mut v = Validator::new();
        v.check(!self.goals.is_empty(), "goals", msg!("plan-goal-missing"));
        v.check(
            self.goals.len() <= MAX_GOALS,
            "goals",
            msg!("plan-too-many-goals", max = MAX_GOALS),
        );
        let mut goals = Vec::with_capacity(self.goals.len());
        for (i, g) in self.goals.iter().enumerate() {
            let overarching = v.take(clean_text(
                &format!("goals[{i}].overarching"),
                &g.overarching,
                1000,
            ));
            v.check(
                !g.intermediate.is_empty(),
                &format!("goals[{i}].intermediate"),
                msg!("plan-intermediate-goal-missing"),
            );
            v.check(
                g.intermediate.len() <= MAX_INTERMEDIATE,
                &format!("goals[{i}].intermediate"),
                msg!("plan-too-many-intermediate", max = MAX_INTERMEDIATE),
            );
            let intermediate: Vec<Option<String>> = g
                .intermediate
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    v.take(clean_text(
                        &format!("goals[{i}].intermediate[{j}]"),
                        s,
                        1000,
                    ))
                })
                .collect();
            let agreed_by = v.take(clean_name(
                &format!("goals[{i}].agreed_by"),
                &g.agreed_by,
                300,
            ));
            let measured_by = v.take(clean_text(
                &format!("goals[{i}].measured_by"),
                &g.measured_by,
                1000,
            ));
            if let (Some(overarching), Some(intermediate), Some(agreed_by), Some(measured_by)) = (
                overarching,
                intermediate.into_iter().collect::<Option<Vec<_>>>(),
                agreed_by,
                measured_by,
            ) {
                goals.push(PlanGoal {
                    theme: g.theme,
                    overarching,
                    intermediate,
                    agreed_by,
                    measured_by,
                });
            }
        }
        v.check(
            self.made_with_family_on <= today,
            "made_with_family_on",
            msg!("date-in-future"),
        );
        v.finish()?;
        Ok(TreatmentPlan {
            goals,
            made_with_family_on: self.made_with_family_on,
        })
    }

    /// The goals of each theme area that has any, in the areas' order.
    pub fn by_theme(&self) -> Vec<(ThemeArea, Vec<&PlanGoal>)> {
        ThemeArea::ALL
            .iter()
            .map(|t| {
                (
                    *t,
                    self.goals
                        .iter()
                        .filter(|g| g.theme == *t)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, goals)| !goals.is_empty())
            .collect()
    }
}

string_coded! {
    /// A treatment module of MST-CAN.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum ModuleKind {
        /// Reinforcement-based treatment of a parent's substance use, with
        /// drug screens.
        Rbt => "rbt",
        /// Prolonged exposure: a parent's trauma treatment.
        Pe => "pe",
        /// Trauma-focused CBT: a child's trauma treatment.
        TfCbt => "tf_cbt",
        /// Anger management (CBT).
        CbtAnger => "cbt_anger",
        /// Clarification: the parent takes responsibility and frees the
        /// children of guilt.
        Clarification => "clarification",
    }
}

string_coded! {
    /// Where a module stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum ModuleStatus {
        Planned => "planned",
        Ongoing => "ongoing",
        Completed => "completed",
        /// Ended before it was completed.
        Stopped => "stopped",
    }
}

impl ModuleStatus {
    /// Completed and stopped modules have ended (and have an end date).
    pub fn has_ended(self) -> bool {
        matches!(self, ModuleStatus::Completed | ModuleStatus::Stopped)
    }
}

string_coded! {
    /// The result of a drug screen.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum ScreenResult {
        Negative => "negative",
        Positive => "positive",
        /// The parent declined to give a sample.
        Refused => "refused",
        /// The sample was too diluted to read.
        Diluted => "diluted",
    }
}

/// One drug screen of an RBT module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrugScreen {
    pub on: NaiveDate,
    pub result: ScreenResult,
}

/// A module as stored: it has started (or is planned to) on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Module {
    pub kind: ModuleKind,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub sessions_held: u32,
    pub delivered_by: String,
    pub status: ModuleStatus,
    /// Only for RBT; oldest first.
    #[serde(default)]
    pub drug_screens: Vec<DrugScreen>,
}

/// A module as the therapist enters it. The start may be missing from what
/// was sent, so that its absence is said like any other field's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewModule {
    pub kind: ModuleKind,
    /// Required; `null` or absent is refused as `module-start-missing`.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub sessions_held: u32,
    pub delivered_by: String,
    pub status: ModuleStatus,
    #[serde(default)]
    pub drug_screens: Vec<DrugScreen>,
}

/// How a module has gone since it started: what an update changes (its
/// kind and start stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleProgress {
    #[serde(default)]
    pub end: Option<NaiveDate>,
    pub sessions_held: u32,
    pub delivered_by: String,
    pub status: ModuleStatus,
    #[serde(default)]
    pub drug_screens: Vec<DrugScreen>,
}

/// The most sessions a module records.
pub const MAX_SESSIONS: u32 = 200;
/// The most drug screens an RBT module records.
pub const MAX_SCREENS: usize = 300;

impl NewModule {
    /// The module to store, when it has a start and its parts agree (see
    /// [`check_module`]); otherwise every problem, by field.
    pub fn validated(&self, today: NaiveDate) -> Result<Module, DomainError> {
        let mut v = Validator::new();
        v.check(self.start.is_some(), "start", msg!("module-start-missing"));
        let module = check_module(
            &mut v,
            self.kind,
            self.start,
            &ModuleProgress {
                end: self.end,
                sessions_held: self.sessions_held,
                delivered_by: self.delivered_by.clone(),
                status: self.status,
                drug_screens: self.drug_screens.clone(),
            },
            today,
        );
        v.finish()?;
        module.ok_or_else(|| DomainError::invalid("start", msg!("module-start-missing")))
    }
}

impl Module {
    /// The module after `progress`, checked as a new one is.
    pub fn updated(
        &self,
        progress: &ModuleProgress,
        today: NaiveDate,
    ) -> Result<Module, DomainError> {
        let mut v = Validator::new();
        let module = check_module(&mut v, self.kind, Some(self.start), progress, today);
        v.finish()?;
        module.ok_or_else(|| DomainError::invalid("start", msg!("module-start-missing")))
    }

    /// The latest drug screen, if any.
    pub fn last_screen(&self) -> Option<&DrugScreen> {
        self.drug_screens.iter().max_by_key(|s| s.on)
    }
}

/// A module's rules: the start a day that has come unless the module is
/// only planned; an end not before the start and not in the future, given
/// exactly when the module is completed or stopped; a planned module has
/// held no sessions; at most [`MAX_SESSIONS`] sessions; who delivers it
/// named; drug screens only in RBT, each between the start and the end (or
/// today). Returns the module with its texts trimmed and its screens in
/// date order when nothing was wrong.
fn check_module(
    v: &mut Validator,
    kind: ModuleKind,
    start: Option<NaiveDate>,
    p: &ModuleProgress,
    today: NaiveDate,
) -> Option<Module> {
    let mut fine = true;
    let mut check = |v: &mut Validator, ok: bool, field: &str, m| {
        v.check(ok, field, m);
        fine &= ok;
    };
    if let Some(start) = start {
        check(
            v,
            p.status == ModuleStatus::Planned || start <= today,
            "start",
            msg!("module-start-in-future"),
        );
    }
    match p.end {
        Some(end) => {
            check(v, end <= today, "end", msg!("date-in-future"));
            if let Some(start) = start {
                check(v, end >= start, "end", msg!("module-end-before-start"));
            }
            check(
                v,
                p.status.has_ended(),
                "status",
                msg!("module-end-but-not-ended"),
            );
        }
        None => check(
            v,
            !p.status.has_ended(),
            "end",
            msg!("module-ended-without-end"),
        ),
    }
    check(
        v,
        p.sessions_held <= MAX_SESSIONS,
        "sessions_held",
        msg!("module-sessions-range", max = MAX_SESSIONS),
    );
    check(
        v,
        p.status != ModuleStatus::Planned || p.sessions_held == 0,
        "sessions_held",
        msg!("module-planned-with-sessions"),
    );
    let delivered_by = v.take(clean_name("delivered_by", &p.delivered_by, 200));
    if kind == ModuleKind::Rbt {
        check(
            v,
            p.drug_screens.len() <= MAX_SCREENS,
            "drug_screens",
            msg!("module-too-many-screens", max = MAX_SCREENS),
        );
        let last = p.end.unwrap_or(today).min(today);
        for (i, s) in p.drug_screens.iter().enumerate() {
            let within = start.is_none_or(|start| s.on >= start) && s.on <= last;
            check(
                v,
                within,
                &format!("drug_screens[{i}].on"),
                msg!("module-screen-outside"),
            );
        }
    } else {
        check(
            v,
            p.drug_screens.is_empty(),
            "drug_screens",
            msg!("module-screens-only-rbt"),
        );
    }
    let mut drug_screens = p.drug_screens.clone();
    drug_screens.sort_by_key(|s| s.on);
    match (fine, start, delivered_by) {
        (true, Some(start), Some(delivered_by)) => Some(Module {
            kind,
            start,
            end: p.end,
            sessions_held: p.sessions_held,
            delivered_by,
            status: p.status,
            drug_screens,
        }),
        _ => None,
    }
}

/// How many goals of one theme area were met, partly met and not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeAttainment {
    pub theme: ThemeArea,
    pub met: u32,
    pub partly_met: u32,
    pub not_met: u32,
}

/// Goal attainment per theme area, for the discharge report: each goal
/// with how far it was reached (as the discharge rates goals) counted in
/// its theme area; only the areas with a goal,
/// in the areas' order.
pub fn attainment_by_theme<'a>(
    rated: impl IntoIterator<Item = (&'a PlanGoal, Attainment)>,
) -> Vec<ThemeAttainment> {
    let mut out: Vec<ThemeAttainment> = Vec::new();
    for (goal, result) in rated {
        let i = match out.iter().position(|a| a.theme == goal.theme) {
            Some(i) => i,
            None => {
                out.push(ThemeAttainment {
                    theme: goal.theme,
                    met: 0,
                    partly_met: 0,
                    not_met: 0,
                });
                out.len() - 1
            }
        };
        let count = match result {
            Attainment::Met => &mut out[i].met,
            Attainment::Partly => &mut out[i].partly_met,
            Attainment::NotMet => &mut out[i].not_met,
        };
        *count += 1;
    }
    out.sort_by_key(|a| a.theme);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-25";

    fn goal(theme: ThemeArea, overarching: &str) -> PlanGoal {
        PlanGoal {
            theme,
            overarching: overarching.into(),
            intermediate: vec!["Mor og far lager en avtale om leggetid".into()],
            agreed_by: "Mor, far og saksbehandler i barneverntjenesten".into(),
            measured_by: "Mor fører dagbok over kveldene, gjennomgås hver uke".into(),
        }
    }

    fn plan() -> TreatmentPlan {
        TreatmentPlan {
            goals: vec![
                goal(
                    ThemeArea::Safety,
                    "Emma og Jonas er trygge hjemme hver kveld",
                ),
                goal(
                    ThemeArea::PracticalNeeds,
                    "Familien har en nedbetalingsplan for gjelden",
                ),
            ],
            made_with_family_on: day("2026-11-18"),
        }
    }

    fn fields(e: DomainError) -> Vec<(String, &'static str)> {
        let DomainError::Invalid(fields) = e else {
            panic!("refused as invalid: {e:?}");
        };
        fields
            .into_iter()
            .map(|f| (f.field, f.message.code))
            .collect()
    }

    #[test]
    fn a_plan_made_with_the_family_is_accepted_with_its_texts_trimmed() {
        let mut p = plan();
        p.goals[0].overarching = "  Emma og Jonas er trygge hjemme hver kveld \r\n".into();
        let saved = p.validated(day(TODAY)).unwrap();
        assert_eq!(
            saved.goals[0].overarching,
            "Emma og Jonas er trygge hjemme hver kveld"
        );
        assert_eq!(saved.goals.len(), 2);
    }

    #[test]
    fn a_plan_without_goals_or_made_on_a_day_to_come_is_refused() {
        let p = TreatmentPlan {
            goals: vec![],
            made_with_family_on: day("2026-11-26"),
        };
        let refused = fields(p.validated(day(TODAY)).unwrap_err());
        assert!(refused.contains(&("goals".into(), "plan-goal-missing")));
        assert!(refused.contains(&("made_with_family_on".into(), "date-in-future")));
    }

    #[test]
    fn every_goal_says_its_steps_who_agreed_and_how_progress_is_measured() {
        let mut p = plan();
        p.goals[1].intermediate.clear();
        p.goals[1].agreed_by = " ".into();
        p.goals[0].measured_by = String::new();
        let refused = fields(p.validated(day(TODAY)).unwrap_err());
        assert_eq!(
            refused,
            vec![
                ("goals[0].measured_by".into(), "text-empty"),
                (
                    "goals[1].intermediate".into(),
                    "plan-intermediate-goal-missing"
                ),
                ("goals[1].agreed_by".into(), "text-empty"),
            ]
        );
    }

    #[test]
    fn the_goals_are_shown_by_theme_area_in_the_areas_order() {
        let mut p = plan();
        p.goals.push(goal(ThemeArea::Safety, "Ingen slag"));
        let grouped = p.by_theme();
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].0, ThemeArea::Safety);
        assert_eq!(grouped[0].1.len(), 2);
        assert_eq!(grouped[1].0, ThemeArea::PracticalNeeds);
    }

    fn rbt() -> NewModule {
        NewModule {
            kind: ModuleKind::Rbt,
            start: Some(day("2026-10-01")),
            end: None,
            sessions_held: 6,
            delivered_by: "Nina Berg (terapeut)".into(),
            status: ModuleStatus::Ongoing,
            drug_screens: vec![
                DrugScreen {
                    on: day("2026-10-15"),
                    result: ScreenResult::Positive,
                },
                DrugScreen {
                    on: day("2026-10-08"),
                    result: ScreenResult::Negative,
                },
            ],
        }
    }

    #[test]
    fn an_rbt_module_keeps_its_drug_screens_in_date_order() {
        let m = rbt().validated(day(TODAY)).unwrap();
        assert_eq!(m.start, day("2026-10-01"));
        assert_eq!(m.drug_screens[0].on, day("2026-10-08"));
        assert_eq!(
            m.last_screen().map(|s| s.result),
            Some(ScreenResult::Positive)
        );
    }

    #[test]
    fn a_module_without_a_start_date_is_refused() {
        let mut m = rbt();
        m.start = None;
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(refused, vec![("start".into(), "module-start-missing")]);
    }

    #[test]
    fn a_module_without_a_start_date_is_read_as_missing_not_as_broken_input() {
        let m: NewModule =
            serde_json::from_str(r#"{"kind":"pe","delivered_by":"Kari","status":"planned"}"#)
                .unwrap();
        assert_eq!(m.start, None);
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(refused, vec![("start".into(), "module-start-missing")]);
    }

    #[test]
    fn an_end_must_follow_the_start_and_match_the_status() {
        let mut m = rbt();
        m.end = Some(day("2026-09-30"));
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert!(refused.contains(&("end".into(), "module-end-before-start")));
        assert!(refused.contains(&("status".into(), "module-end-but-not-ended")));

        let mut m = rbt();
        m.status = ModuleStatus::Completed;
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(refused, vec![("end".into(), "module-ended-without-end")]);

        m.end = Some(day("2026-11-30"));
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert!(refused.contains(&("end".into(), "date-in-future")));
    }

    #[test]
    fn sessions_are_counted_up_to_two_hundred_and_a_planned_module_has_none() {
        let mut m = rbt();
        m.sessions_held = 201;
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(
            refused,
            vec![("sessions_held".into(), "module-sessions-range")]
        );

        let mut m = rbt();
        m.status = ModuleStatus::Planned;
        m.start = Some(day("2026-12-01"));
        m.drug_screens.clear();
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(
            refused,
            vec![("sessions_held".into(), "module-planned-with-sessions")]
        );
        m.sessions_held = 0;
        assert!(
            m.validated(day(TODAY)).is_ok(),
            "planned to start next week"
        );
    }

    #[test]
    fn drug_screens_belong_to_rbt_and_fall_within_the_module() {
        let mut m = rbt();
        m.kind = ModuleKind::TfCbt;
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(
            refused,
            vec![("drug_screens".into(), "module-screens-only-rbt")]
        );

        let mut m = rbt();
        m.drug_screens[1].on = day("2026-09-20");
        let refused = fields(m.validated(day(TODAY)).unwrap_err());
        assert_eq!(
            refused,
            vec![("drug_screens[1].on".into(), "module-screen-outside")]
        );
    }

    #[test]
    fn an_update_keeps_the_kind_and_start_and_is_checked_again() {
        let m = rbt().validated(day(TODAY)).unwrap();
        let done = m
            .updated(
                &ModuleProgress {
                    end: Some(day("2026-11-20")),
                    sessions_held: 14,
                    delivered_by: "Nina Berg".into(),
                    status: ModuleStatus::Completed,
                    drug_screens: m.drug_screens.clone(),
                },
                day(TODAY),
            )
            .unwrap();
        assert_eq!((done.kind, done.start), (ModuleKind::Rbt, m.start));
        assert_eq!(done.sessions_held, 14);
        let stopped_without_end = ModuleProgress {
            end: None,
            sessions_held: 3,
            delivered_by: "Nina Berg".into(),
            status: ModuleStatus::Stopped,
            drug_screens: vec![],
        };
        assert!(m.updated(&stopped_without_end, day(TODAY)).is_err());
    }

    #[test]
    fn goal_attainment_is_counted_per_theme_area() {
        let p = plan();
        let extra = goal(ThemeArea::Safety, "Barna vet hvem de kan ringe");
        let counted = attainment_by_theme([
            (&p.goals[1], Attainment::Partly),
            (&p.goals[0], Attainment::Met),
            (&extra, Attainment::NotMet),
        ]);
        assert_eq!(
            counted,
            vec![
                ThemeAttainment {
                    theme: ThemeArea::Safety,
                    met: 1,
                    partly_met: 0,
                    not_met: 1
                },
                ThemeAttainment {
                    theme: ThemeArea::PracticalNeeds,
                    met: 0,
                    partly_met: 1,
                    not_met: 0
                },
            ]
        );
    }
}
