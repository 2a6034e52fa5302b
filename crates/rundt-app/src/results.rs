//! Results at any time: the team, municipality and national dashboards.
//!
//! Figures come from the summary tables (see `rundt_store::results`), never
//! from scanning history. Whoever may not see every family behind a figure
//! gets cells about fewer than five families suppressed; whoever may see
//! families also gets the per-family table, audited per family.

use rundt_domain::audit::{AuditAction, ObjectKind};
use rundt_domain::msg;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rundt_domain::access::{Action, Principal};
use rundt_domain::adherence::{AdherenceCounts, AdherenceFigures};
use rundt_domain::country::Country;
use rundt_domain::experience::{ExperienceCounts, ExperienceFigures};
use rundt_domain::indicators::{
    Denominator, FollowUpCounts, FollowUpFigures, Indicators, MIN_CELL, OutcomeCounts,
    TargetReport, TargetStatus, Targets, against_targets, protect_small_cells,
};
use rundt_domain::period::{Grouping, Month, MonthRange};
use rundt_domain::team::{Team, TeamId};
use rundt_domain::user::Role;
use rundt_store::{
    AdherenceSummaryRow, FamilyResultRow, FamilyResultsFilter, OutcomeSummaryRow, SummaryFilter,
    SupervisionSummaryRow,
};
use serde::Serialize;

use crate::fidelity::{self, InterviewDue};
use crate::{Actor, App, AppError, AppResult, access};

/// Whose results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Team(TeamId),
    /// Families referred by a municipality, and the teams it owns.
    Municipality(String),
    /// Every team of a country (only one's own may be seen).
    National(Country),
}

/// What a dashboard is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardRequest {
    pub scope: Scope,
    pub range: MonthRange,
    pub grouping: Grouping,
    pub denominator: Denominator,
}

/// The figures of one cell: a period, a team, a municipality, or all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultFigures {
    pub indicators: Indicators,
    pub against_targets: TargetReport,
    /// Treatment days of the families discharged; `None` when suppressed.
    pub treatment_days_total: Option<i64>,
    /// At 6, 12 and 18 months after discharge.
    pub follow_ups: Vec<FollowUpFigures>,
    pub experience: ExperienceFigures,
    pub adherence: AdherenceFigures,
    /// Therapists' ratings of their supervisor (SAM structure); always
    /// hidden below five ratings.
    pub supervisor_adherence: AdherenceFigures,
    /// Hidden although about five families or more, so that a smaller
    /// cell beside it cannot be worked out from the total.
    pub hidden_to_protect_others: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodFigures {
    /// `2026-07`, `2026-Q3` or `2026`.
    pub period: String,
    pub figures: ResultFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFigures {
    /// Team id or municipality code.
    pub key: String,
    pub name: String,
    pub figures: ResultFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TherapistAdherence {
    pub therapist_id: i64,
    pub name: String,
    pub adherence: AdherenceFigures,
}

/// Families now, by status; `None` where suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: String,
    pub families: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeView {
    /// `team`, `municipality` or `national`.
    pub kind: String,
    /// Team id or municipality code; the country code for `national`.
    pub key: String,
    pub name: String,
    pub country: Country,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub scope: ScopeView,
    /// First and last month, `YYYY-MM`.
    pub from: String,
    pub to: String,
    pub grouping: Grouping,
    pub denominator: Denominator,
    pub targets: Targets,
    /// Programme models of the teams in scope.
    pub programmes: Vec<String>,
    /// True when cells about fewer than `min_cell` families are hidden.
    pub small_cells_suppressed: bool,
    pub min_cell: u32,
    pub now: Vec<StatusCount>,
    pub totals: ResultFigures,
    pub trend: Vec<PeriodFigures>,
    /// Per team (national; municipality: the teams its families were in).
    pub by_team: Vec<GroupFigures>,
    /// Per municipality (national, team).
    pub by_municipality: Vec<GroupFigures>,
    /// Municipality dashboards: the teams the municipality owns, with all
    /// their families (always suppressed below five).
    pub owned_teams: Vec<GroupFigures>,
    /// Team dashboards, for the supervisor and consultant.
    pub by_therapist: Vec<TherapistAdherence>,
    /// Families the viewer may see; `None` for aggregate-only viewers.
    pub families: Option<Vec<FamilyResultRow>>,
    /// Whether the families' adherence columns are filled (team members
    /// only; municipalities see adherence as aggregates).
    pub families_show_adherence: bool,
    /// Team dashboards, for the supervisor and consultant.
    pub interviews_due: Vec<InterviewDue>,
}

/// Cells of summary rows, added up.
#[derive(Debug, Clone, Default)]
struct Cell {
    outcomes: OutcomeCounts,
    follow_ups: [FollowUpCounts; 3],
    experience: ExperienceCounts,
    adherence: AdherenceCounts,
    /// Families interviewed, per month: their most in any one month is the
    /// least number of families behind the cell's interviews.
    adherence_families: BTreeMap<String, u32>,
    supervision: AdherenceCounts,
}

impl Cell {
    fn add_outcomes(&mut self, r: &OutcomeSummaryRow) {
        self.outcomes.add(&r.outcomes);
        for (a, b) in self.follow_ups.iter_mut().zip(r.follow_ups.iter()) {
            a.add(b);
        }
        self.experience.add(&r.experience);
    }

    fn figures(&self, d: Denominator, suppress: bool, targets: &Targets) -> ResultFigures {
        let indicators = self.outcomes.indicators(d, suppress);
        ResultFigures {
            against_targets: against_targets(&indicators, targets),
            treatment_days_total: (!indicators.suppressed && self.outcomes.discharges > 0)
                .then_some(self.outcomes.treatment_days),
            indicators,
            follow_ups: [6u8, 12, 18]
                .iter()
                .zip(self.follow_ups.iter())
                .map(|(m, c)| c.figures(*m, suppress))
                .collect(),
            experience: self.experience.figures(suppress),
            adherence: self.adherence.figures_hidden(
                suppress
                    && (self.adherence.scored < MIN_CELL
                        || self.adherence_families.values().max().copied().unwrap_or(0) < MIN_CELL),
            ),
            supervisor_adherence: self.supervision.figures(true),
            hidden_to_protect_others: false,
        }
    }
}

fn group<K: Ord + Clone>(
    outcomes: &[OutcomeSummaryRow],
    adherence: &[AdherenceSummaryRow],
    key_o: impl Fn(&OutcomeSummaryRow) -> K,
    key_a: impl Fn(&AdherenceSummaryRow) -> K,
) -> BTreeMap<K, Cell> {
    let mut cells: BTreeMap<K, Cell> = BTreeMap::new();
    for r in outcomes {
        cells.entry(key_o(r)).or_default().add_outcomes(r);
    }
    for r in adherence {
        let cell = cells.entry(key_a(r)).or_default();
        cell.adherence.add(&r.counts);
        *cell.adherence_families.entry(r.month.clone()).or_default() += r.families;
    }
    cells
}

/// The figures of a breakdown whose total is shown: with `suppress`, cells
/// about fewer than five families are hidden, and so are the cells needed
/// to keep them from being worked out by subtraction
/// ([`protect_small_cells`]).
fn protected<'t, K>(
    cells: Vec<(K, Cell)>,
    d: Denominator,
    suppress: bool,
    targets: impl Fn(&K) -> &'t Targets,
) -> Vec<(K, ResultFigures)> {
    let families: Vec<u32> = cells.iter().map(|(_, c)| c.outcomes.discharges).collect();
    let hide = if suppress {
        protect_small_cells(&families)
    } else {
        vec![(false, false); families.len()]
    };
    cells
        .into_iter()
        .zip(hide)
        .map(|((k, c), (_, for_others))| {
            let t = targets(&k);
            let f = if for_others {
                let mut f = Cell::default().figures(d, true, t);
                f.hidden_to_protect_others = true;
                f
            } else {
                c.figures(d, suppress, t)
            };
            (k, f)
        })
        .collect()
}

/// Adds the supervision ratings to cells by the same keys.
fn add_supervision<K: Ord + Clone>(
    cells: &mut BTreeMap<K, Cell>,
    rows: &[SupervisionSummaryRow],
    key: impl Fn(&SupervisionSummaryRow) -> K,
) {
    for r in rows {
        cells.entry(key(r)).or_default().supervision.add(&r.counts);
    }
}

fn month_of(s: &str) -> Month {
    Month::parse(s).unwrap_or(Month {
        year: 1970,
        month: 1,
    })
}

/// Who may see which families of the scope, and whether aggregates are
/// suppressed for them.
struct Viewing {
    suppress: bool,
    families: Option<FamilyResultsFilter>,
    therapists_and_reminders: bool,
}

/// The dashboard for a scope and period.
pub async fn dashboard(app: &App, actor: &Actor, req: &DashboardRequest) -> AppResult<Dashboard> {
    let who = actor
        .principal()
        .ok_or_else(|| AppError::Forbidden(msg!("results-need-login")))?;
    if who.role == Role::Auditor {
        return Err(access::refuse(
            app,
            who,
            AuditAction::ResultsView,
            ObjectKind::Results,
            None,
            msg!("results-not-for-auditors"),
        )
        .await);
    }
    let country = who.country;
    let teams = app.store.list_teams().await?;
    let team_by_id: HashMap<TeamId, &Team> = teams.iter().map(|t| (t.id, t)).collect();
    let (from_day, to_day) = (
        req.range.from.first_day().unwrap_or_default(),
        req.range.to.last_day().unwrap_or_default(),
    );
    let family_filter = |therapist: Option<i64>, teams: Option<Vec<TeamId>>, m: Option<String>| {
        Some(FamilyResultsFilter {
            country,
            therapist_id: therapist,
            team_ids: teams,
            municipality: m,
            from: from_day,
            to: to_day,
        })
    };
    let mut summary = SummaryFilter {
        country,
        team_ids: None,
        municipality: None,
        from_month: req.range.from.to_string(),
        to_month: req.range.to.to_string(),
    };
    let (scope_view, viewing, scope_teams): (ScopeView, Viewing, Vec<TeamId>) = match &req.scope {
        Scope::Team(id) => {
            let team = team_by_id
                .get(id)
                .ok_or_else(|| AppError::NotFound(format!("team {id}")))?;
            access::require(
                app,
                who,
                &Action::ViewTeam(&crate::organisation::team_scope(team)),
                AuditAction::ResultsTeam,
                ObjectKind::Team,
                Some(*id),
            )
            .await?;
            summary.team_ids = Some(vec![*id]);
            let own = matches!(who.role, Role::Supervisor | Role::Consultant)
                && who.team_ids.contains(id);
            let families = match who.role {
                _ if own => family_filter(None, Some(vec![*id]), None),
                Role::Therapist => family_filter(Some(who.user_id), Some(vec![*id]), None),
                Role::MunicipalCaseworker => {
                    family_filter(None, Some(vec![*id]), who.municipality_code.clone())
                }
                _ => None,
            };
            (
                ScopeView {
                    kind: "team".into(),
                    key: id.to_string(),
                    name: team.name.clone(),
                    country,
                },
                Viewing {
                    suppress: !own,
                    families,
                    therapists_and_reminders: own,
                },
                vec![*id],
            )
        }
        Scope::Municipality(code) => {
            access::require(
                app,
                who,
                &Action::ViewMunicipalityAggregates {
                    country,
                    municipality: code,
                },
                AuditAction::ResultsMunicipality,
                ObjectKind::Municipality,
                None,
            )
            .await?;
            let name = app
                .store
                .find_municipality(country, code, app.clock.today())
                .await?
                .map(|m| m.name)
                .ok_or_else(|| AppError::NotFound(format!("municipality {code}")))?;
            summary.municipality = Some(code.clone());
            let own = who.role == Role::MunicipalCaseworker
                && who.municipality_code.as_deref() == Some(code);
            let families = own
                .then(|| family_filter(None, None, Some(code.clone())))
                .flatten();
            let owned: Vec<TeamId> = teams
                .iter()
                .filter(|t| {
                    t.country == country && t.owners.iter().any(|o| &o.municipality_code == code)
                })
                .map(|t| t.id)
                .collect();
            (
                ScopeView {
                    kind: "municipality".into(),
                    key: code.clone(),
                    name,
                    country,
                },
                Viewing {
                    suppress: !own,
                    families,
                    therapists_and_reminders: false,
                },
                owned,
            )
        }
        Scope::National(requested) => {
            access::require(
                app,
                who,
                &Action::ViewNationalAggregates(*requested),
                AuditAction::ResultsNational,
                ObjectKind::Country,
                None,
            )
            .await?;
            (
                ScopeView {
                    kind: "national".into(),
                    key: country.code().into(),
                    name: country.name().into(),
                    country,
                },
                Viewing {
                    suppress: true,
                    families: None,
                    therapists_and_reminders: false,
                },
                teams
                    .iter()
                    .filter(|t| t.country == country)
                    .map(|t| t.id)
                    .collect(),
            )
        }
    };

    // Looking at results is logged like any access (no personal data in
    // it; the per-family table below adds an event per family).
    let (kind, object_id) = match &req.scope {
        Scope::Team(id) => (ObjectKind::Team, Some(*id)),
        Scope::Municipality(code) => (ObjectKind::Municipality, code.parse::<i64>().ok()),
        Scope::National(_) => (ObjectKind::Country, None),
    };
    app.store
        .append_audit(&actor.event(app.clock.now(), AuditAction::ResultsView, kind, object_id))
        .await?;
    let outcomes = app.store.outcome_summary(&summary).await?;
    let adherence = app.store.adherence_summary(&summary).await?;
    // Supervisor adherence belongs to teams, not to a municipality's families.
    let supervision = match req.scope {
        Scope::Municipality(_) => Vec::new(),
        _ => app.store.supervision_summary(&summary).await?,
    };

    // Targets: the programme's, when the scope holds one programme.
    let mut programmes: Vec<String> = match &req.scope {
        Scope::Municipality(_) => outcomes
            .iter()
            .map(|r| r.team_id)
            .chain(scope_teams.iter().copied())
            .filter_map(|id| team_by_id.get(&id).map(|t| t.programme_model.clone()))
            .collect(),
        _ => scope_teams
            .iter()
            .filter_map(|id| team_by_id.get(id).map(|t| t.programme_model.clone()))
            .collect(),
    };
    programmes.sort();
    programmes.dedup();
    let targets = match programmes.as_slice() {
        [one] => match app.store.get_programme_model(one).await? {
            Some(m) => {
                Targets::for_programme(&m.code, m.min_duration_months, m.max_duration_months)
            }
            None => Targets::default(),
        },
        _ => Targets::default(),
    };
    let (d, s) = (req.denominator, viewing.suppress);
    let mixed = programmes.len() > 1;
    let models = app.store.list_programme_models().await?;
    let team_targets: HashMap<TeamId, Targets> = teams
        .iter()
        .filter_map(|t| {
            let m = models.iter().find(|m| m.code == t.programme_model)?;
            Some((
                t.id,
                Targets::for_programme(&m.code, m.min_duration_months, m.max_duration_months),
            ))
        })
        .collect();

    let mut all = group(&outcomes, &adherence, |_| (), |_| ());
    add_supervision(&mut all, &supervision, |_| ());
    // With several programmes in scope the length of stay has no single
    // target: it is judged per team below.
    let judge = |mut f: ResultFigures| {
        if mixed {
            f.against_targets.length_of_stay = TargetStatus::Unknown;
        }
        f
    };
    let totals = judge(all.remove(&()).unwrap_or_default().figures(d, s, &targets));
    let mut by_period = group(
        &outcomes,
        &adherence,
        |r| req.grouping.label(month_of(&r.month)),
        |r| req.grouping.label(month_of(&r.month)),
    );
    add_supervision(&mut by_period, &supervision, |r| {
        req.grouping.label(month_of(&r.month))
    });
    let periods: Vec<(String, Cell)> = req
        .range
        .periods(req.grouping)
        .into_iter()
        .map(|p| {
            let c = by_period.remove(&p).unwrap_or_default();
            (p, c)
        })
        .collect();
    let trend = protected(periods, d, s, |_| &targets)
        .into_iter()
        .map(|(period, f)| PeriodFigures {
            figures: judge(f),
            period,
        })
        .collect();

    let team_name = |id: TeamId| {
        team_by_id
            .get(&id)
            .map_or_else(|| id.to_string(), |t| t.name.clone())
    };
    let municipalities: HashMap<String, String> = app
        .store
        .list_municipalities(Some(country), None)
        .await?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let municipality_name = |code: &str| {
        municipalities
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    };

    let by_team = match req.scope {
        Scope::Team(_) => Vec::new(),
        _ => {
            let mut cells = group(&outcomes, &adherence, |r| r.team_id, |r| r.team_id);
            add_supervision(&mut cells, &supervision, |r| r.team_id);
            protected(cells.into_iter().collect(), d, s, |id| {
                team_targets.get(id).unwrap_or(&targets)
            })
            .into_iter()
            .map(|(id, figures)| GroupFigures {
                key: id.to_string(),
                name: team_name(id),
                figures,
            })
            .collect()
        }
    };
    let by_municipality = match req.scope {
        Scope::Municipality(_) => Vec::new(),
        _ => {
            let cells = group(
                &outcomes,
                &adherence,
                |r| r.municipality_code.clone(),
                |r| r.municipality_code.clone(),
            );
            protected(cells.into_iter().collect(), d, s, |_| &targets)
                .into_iter()
                .map(|(code, figures)| GroupFigures {
                    name: municipality_name(&code),
                    key: code,
                    figures,
                })
                .collect()
        }
    };
    let owned_teams = match &req.scope {
        Scope::Municipality(_) if !scope_teams.is_empty() => {
            let f = SummaryFilter {
                team_ids: Some(scope_teams.clone()),
                municipality: None,
                ..summary.clone()
            };
            let (o, a) = (
                app.store.outcome_summary(&f).await?,
                app.store.adherence_summary(&f).await?,
            );
            let mut cells = group(&o, &a, |r| r.team_id, |r| r.team_id);
            add_supervision(&mut cells, &app.store.supervision_summary(&f).await?, |r| {
                r.team_id
            });
            scope_teams
                .iter()
                .map(|id| GroupFigures {
                    key: id.to_string(),
                    name: team_name(*id),
                    figures: cells.get(id).cloned().unwrap_or_default().figures(
                        d,
                        true,
                        team_targets.get(id).unwrap_or(&targets),
                    ),
                })
                .collect()
        }
        _ => Vec::new(),
    };

    let mut by_therapist = Vec::new();
    let mut interviews_due = Vec::new();
    if viewing.therapists_and_reminders
        && let Scope::Team(id) = req.scope
    {
        for (therapist_id, c) in group(&[], &adherence, |_| 0, |r| r.therapist_id) {
            let name = app
                .store
                .get_user(therapist_id)
                .await?
                .map_or_else(|| therapist_id.to_string(), |u| u.display_name);
            by_therapist.push(TherapistAdherence {
                therapist_id,
                name,
                adherence: c.adherence.figures(false),
            });
        }
        interviews_due = fidelity::interviews_due(app, actor, id).await?;
    }

    let now = status_counts(app, who, &req.scope, s).await?;

    let team_member = matches!(
        who.role,
        Role::Therapist | Role::Supervisor | Role::Consultant
    );
    let families = match viewing.families {
        Some(f) => {
            let event = actor.event(
                app.clock.now(),
                AuditAction::ResultsFamilies,
                ObjectKind::Case,
                None,
            );
            let today = app.clock.today();
            let mut rows = app.store.family_results(&f, &event).await?;
            for r in &mut rows {
                // Adherence per family is the team's quality data.
                if !team_member {
                    r.interviews = 0;
                    r.last_adherence_score = None;
                }
                if r.treatment_days.is_none() {
                    r.treatment_days = r
                        .treatment_start
                        .map(|st| (today.min(to_day) - st).num_days().max(0));
                }
            }
            Some(rows)
        }
        None => None,
    };

    Ok(Dashboard {
        scope: scope_view,
        from: req.range.from.to_string(),
        to: req.range.to.to_string(),
        grouping: req.grouping,
        denominator: req.denominator,
        targets,
        programmes,
        small_cells_suppressed: s,
        min_cell: MIN_CELL,
        now,
        totals,
        trend,
        by_team,
        by_municipality,
        owned_teams,
        by_therapist,
        families,
        families_show_adherence: team_member,
        interviews_due,
    })
}

async fn status_counts(
    app: &App,
    who: &Principal,
    scope: &Scope,
    suppress: bool,
) -> AppResult<Vec<StatusCount>> {
    let counts = match scope {
        Scope::Team(id) => {
            app.store
                .status_counts(who.country, Some(&[*id]), None)
                .await?
        }
        Scope::Municipality(code) => {
            app.store
                .status_counts(who.country, None, Some(code))
                .await?
        }
        Scope::National(_) => app.store.status_counts(who.country, None, None).await?,
    };
    Ok([
        "referred",
        "waiting",
        "in_treatment",
        "discharged",
        "closed",
    ]
    .iter()
    .map(|st| {
        let n = counts.iter().find(|(s, _)| s == st).map_or(0, |(_, n)| *n);
        StatusCount {
            status: (*st).to_owned(),
            families: (!suppress || n == 0 || n >= MIN_CELL).then_some(n),
        }
    })
    .collect())
}

/// Where a person's results start: the scope their role looks at first.
pub fn home_scope(who: &Principal) -> Option<Scope> {
    match who.role {
        Role::NationalAdmin => Some(Scope::National(who.country)),
        Role::MunicipalManager | Role::MunicipalCaseworker => {
            who.municipality_code.clone().map(Scope::Municipality)
        }
        Role::Supervisor | Role::Therapist | Role::Consultant => {
            who.team_ids.first().copied().map(Scope::Team)
        }
        Role::Auditor => None,
    }
}

/// Parses the period of a request, defaulting to the last twelve months.
pub fn range_from(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> AppResult<MonthRange> {
    let default = MonthRange::last_twelve_months(today);
    let parse = |s: Option<&str>, field: &str, d: Month| -> AppResult<Month> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(d),
            Some(s) => Month::parse(s).ok_or_else(|| AppError::invalid(field, msg!("month-shape"))),
        }
    };
    let to_m = parse(to, "to", default.to)?;
    let from_m = parse(
        from,
        "from",
        if to.is_some() {
            to_m.minus(11)
        } else {
            default.from
        },
    )?;
    Ok(MonthRange::new(from_m, to_m)?)
}
