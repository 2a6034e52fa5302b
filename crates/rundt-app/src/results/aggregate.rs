//! The figures of a dashboard, from what was loaded and what the viewer may
//! see: pure, so every rule about adding up, judging against targets and
//! hiding small cells is tested without a database.

use chrono::NaiveDate;
use rundt_domain::id::UserId;
use std::collections::{BTreeMap, HashMap};

use rundt_domain::access::ResultsView;
use rundt_domain::adherence::AdherenceCounts;
use rundt_domain::experience::ExperienceCounts;
use rundt_domain::indicators::can::{CanCounts, CanFamilyFacts, CanIndicators};
use rundt_domain::indicators::{
    Denominator, FollowUpCounts, MIN_CELL, OutcomeCounts, Share, TargetStatus, Targets,
    against_targets, protect_small_cells, reveals_few,
};
use rundt_domain::period::Month;
use rundt_domain::programme::{MST_CAN, ProgrammeModel};
use rundt_domain::team::{Team, TeamId};
use rundt_store::{
    AdherenceRollupRow, AdherenceSummaryRow, OutcomeSummaryRow, SupervisionSummaryRow,
};

use super::load::{Loaded, SummaryContext, SummaryData, SummaryRows};
use super::{
    CanGroup, CanResults, Dashboard, DashboardRequest, FAMILIES_PER_PAGE, FamilyTable,
    GroupFigures, PeriodFigures, ResultFigures, Scope, StatusCount, TherapistAdherence,
};
use crate::AppResult;

/// Cells of summary rows, added up.
#[derive(Debug, Clone, Default)]
struct Cell {
    outcomes: OutcomeCounts,
    follow_ups: [FollowUpCounts; 3],
    experience: ExperienceCounts,
    adherence: AdherenceCounts,
    /// Families interviewed, per month: their most in any one month is the
    /// least number of families behind the cell's interviews.
    adherence_families: BTreeMap<Month, u32>,
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

    /// Adds another cell's counts to this one.
    fn merge(&mut self, other: Cell) {
        self.outcomes.add(&other.outcomes);
        for (a, b) in self.follow_ups.iter_mut().zip(other.follow_ups.iter()) {
            a.add(b);
        }
        self.experience.add(&other.experience);
        self.adherence.add(&other.adherence);
        for (month, families) in other.adherence_families {
            *self.adherence_families.entry(month).or_default() += families;
        }
        self.supervision.add(&other.supervision);
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
            adherence: self
                .adherence
                .figures_hidden(
                    suppress
                        && (self.adherence.scored < MIN_CELL
                            || self.adherence_families.values().max().copied().unwrap_or(0)
                                < MIN_CELL),
                )
                .share_hidden_if(
                    suppress && reveals_few(self.adherence.adherent, self.adherence.scored),
                ),
            supervisor_adherence: self.supervision.figures(true),
            hidden_to_protect_others: false,
        }
    }
}

/// An adherence row of either grain: per therapist (the team's table) or
/// rolled up over therapists (every other grouping). Cells add them alike.
trait AdherenceRow {
    fn month(&self) -> Month;
    fn counts(&self) -> &AdherenceCounts;
    fn families(&self) -> u32;
}

impl AdherenceRow for AdherenceSummaryRow {
    fn month(&self) -> Month {
        self.month
    }
    fn counts(&self) -> &AdherenceCounts {
        &self.counts
    }
    fn families(&self) -> u32 {
        self.families
    }
}

impl AdherenceRow for AdherenceRollupRow {
    fn month(&self) -> Month {
        self.month
    }
    fn counts(&self) -> &AdherenceCounts {
        &self.counts
    }
    fn families(&self) -> u32 {
        self.families
    }
}

/// The outcome and adherence rows added up into cells by a key of their own.
fn group<K: Ord + Clone, A: AdherenceRow>(
    outcomes: &[OutcomeSummaryRow],
    adherence: &[A],
    key_o: impl Fn(&OutcomeSummaryRow) -> K,
    key_a: impl Fn(&A) -> K,
) -> BTreeMap<K, Cell> {
    let mut cells: BTreeMap<K, Cell> = BTreeMap::new();
    for r in outcomes {
        cells.entry(key_o(r)).or_default().add_outcomes(r);
    }
    for r in adherence {
        let cell = cells.entry(key_a(r)).or_default();
        cell.adherence.add(r.counts());
        *cell.adherence_families.entry(r.month()).or_default() += r.families();
    }
    cells
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

/// All of a filter's rows, supervision included, by one key.
fn group_all<K: Ord + Clone>(
    rows: &SummaryRows,
    key_o: impl Fn(&OutcomeSummaryRow) -> K,
    key_a: impl Fn(&AdherenceRollupRow) -> K,
    key_s: impl Fn(&SupervisionSummaryRow) -> K,
) -> BTreeMap<K, Cell> {
    let mut cells = group(&rows.outcomes, &rows.adherence, key_o, key_a);
    add_supervision(&mut cells, &rows.supervision, key_s);
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

/// The cells of each month the rows name, added up into the request's
/// periods.
fn by_period(req: &DashboardRequest, rows: &SummaryRows) -> BTreeMap<String, Cell> {
    let by_month = group_all(rows, |r| r.month, |r| r.month, |r| r.month);
    let mut periods: BTreeMap<String, Cell> = BTreeMap::new();
    for (month, cell) in by_month {
        periods
            .entry(req.grouping.label(month))
            .or_default()
            .merge(cell);
    }
    periods
}

/// The programme models of the teams in scope (for a municipality, also of
/// the teams its families were in), sorted.
fn programmes(
    req: &DashboardRequest,
    c: &SummaryContext,
    data: &SummaryData,
    team_by_id: &HashMap<TeamId, &Team>,
) -> Vec<String> {
    let ids: Vec<TeamId> = match &req.scope {
        Scope::Municipality(_) => data
            .rows
            .outcomes
            .iter()
            .map(|r| r.team_id)
            .chain(c.scope_teams.iter().copied())
            .collect(),
        _ => c.scope_teams.clone(),
    };
    let mut out: Vec<String> = ids
        .iter()
        .filter_map(|id| team_by_id.get(id).map(|t| t.programme_model.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn targets_of(models: &[ProgrammeModel], code: &str) -> Option<Targets> {
    models
        .iter()
        .find(|m| m.code == code)
        .map(|m| Targets::for_programme(&m.code, m.min_duration_months, m.max_duration_months))
}

/// Families now by status; small numbers hidden when suppressing.
fn status_counts(counts: &[(String, u32)], suppress: bool) -> Vec<StatusCount> {
    [
        "referred",
        "waiting",
        "in_treatment",
        "discharged",
        "closed",
        "withdrawn",
    ]
    .iter()
    .map(|st| {
        let n = counts.iter().find(|(s, _)| s == st).map_or(0, |(_, n)| *n);
        StatusCount {
            status: (*st).to_owned(),
            families: (!suppress || n == 0 || n >= MIN_CELL).then_some(n),
        }
    })
    .collect()
}

/// The figures of a dashboard that come from the summary rows alone:
/// the same for every viewer who sees small cells alike, so they are what
/// the cache keeps ([`super::cache`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryFigures {
    pub targets: Targets,
    pub programmes: Vec<String>,
    pub totals: ResultFigures,
    pub trend: Vec<PeriodFigures>,
    pub by_team: Vec<GroupFigures>,
    pub by_municipality: Vec<GroupFigures>,
    pub owned_teams: Vec<GroupFigures>,
    /// The discharged MST-CAN families' counts per team (empty without
    /// the MST-CAN model).
    pub can_discharged: BTreeMap<TeamId, CanCounts>,
}

/// The team's name, or its id when it is not known.
fn team_name(teams: &[Team], id: TeamId) -> String {
    teams
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| id.to_string(), |t| t.name.clone())
}

/// Totals, trend and breakdowns of the summary rows, with cells about few
/// families hidden when `suppress`.
pub fn summary_figures(
    req: &DashboardRequest,
    suppress: bool,
    c: &SummaryContext,
    data: &SummaryData,
    today: NaiveDate,
) -> SummaryFigures {
    let team_by_id: HashMap<TeamId, &Team> = c.teams.iter().map(|t| (t.id, t)).collect();
    let programmes = programmes(req, c, data, &team_by_id);
    let targets = match programmes.as_slice() {
        [one] => targets_of(&c.models, one).unwrap_or_default(),
        _ => Targets::default(),
    };
    let team_targets: HashMap<TeamId, Targets> = c
        .teams
        .iter()
        .filter_map(|t| Some((t.id, targets_of(&c.models, &t.programme_model)?)))
        .collect();
    let (d, s) = (req.denominator, suppress);
    let mixed = programmes.len() > 1;

    // With several programmes in scope the length of stay has no single
    // target: it is judged per team below.
    let judge = |mut f: ResultFigures| {
        if mixed {
            f.against_targets.length_of_stay = TargetStatus::Unknown;
        }
        f
    };
    let rows = &data.rows;
    let mut all = group_all(rows, |_| (), |_| (), |_| ());
    let totals = judge(all.remove(&()).unwrap_or_default().figures(d, s, &targets));

    let mut by_period = by_period(req, rows);
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
    let by_team = match req.scope {
        Scope::Team(_) => Vec::new(),
        _ => {
            let cells = group_all(rows, |r| r.team_id, |r| r.team_id, |r| r.team_id);
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
            // Supervisor adherence belongs to teams, not municipalities.
            let cells = group(
                &rows.outcomes,
                &rows.adherence,
                |r| r.municipality_code.clone(),
                |r| r.municipality_code.clone(),
            );
            protected(cells.into_iter().collect(), d, s, |_| &targets)
                .into_iter()
                .map(|(code, figures)| GroupFigures {
                    name: c
                        .municipalities
                        .get(&code)
                        .cloned()
                        .unwrap_or_else(|| code.to_string()),
                    key: code.to_string(),
                    figures,
                })
                .collect()
        }
    };
    let owned_teams = match &req.scope {
        Scope::Municipality(_) => {
            let cells = group_all(
                &data.owned_rows,
                |r| r.team_id,
                |r| r.team_id,
                |r| r.team_id,
            );
            c.scope_teams
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
    SummaryFigures {
        targets,
        programmes,
        totals,
        trend,
        by_team,
        by_municipality,
        owned_teams,
        can_discharged: can_discharged(c, data, today),
    }
}

/// The dashboard: the summary figures (computed for this view's
/// suppression) with what is read per viewer and live, suppressed as
/// `view` says.
pub fn aggregate(
    req: &DashboardRequest,
    view: &ResultsView,
    l: Loaded,
    summary: &SummaryFigures,
) -> AppResult<Dashboard> {
    let s = view.suppress_small_cells;
    let by_therapist = if view.per_therapist {
        // Adherence only: no outcome rows, so their key is never asked for.
        group(
            &[],
            &l.therapist_adherence,
            |_| UserId::new(0),
            |r| r.therapist_id,
        )
        .into_iter()
        .map(|(therapist_id, c)| TherapistAdherence {
            therapist_id,
            name: l
                .therapist_names
                .get(&therapist_id)
                .cloned()
                .unwrap_or_else(|| therapist_id.to_string()),
            adherence: c.adherence.figures(false),
        })
        .collect()
    } else {
        Vec::new()
    };

    let can = can_results(req, view, &l, &summary.can_discharged);
    let (_, to_day) = req.range.days()?;
    let families_total = l.families.as_ref().map(|f| f.total);
    let families = l.families.map(|f| {
        let mut rows = f.rows;
        for r in &mut rows {
            // Adherence per family is the team's quality data.
            if !view.family_adherence {
                r.interviews = 0;
                r.last_adherence_score = None;
            }
            if r.treatment_days.is_none() {
                r.treatment_days = r
                    .treatment_start
                    .map(|st| (l.today.min(to_day) - st).num_days().max(0));
            }
        }
        rows
    });

    Ok(Dashboard {
        scope: l.scope,
        from: req.range.from.to_string(),
        to: req.range.to.to_string(),
        grouping: req.grouping,
        denominator: req.denominator,
        targets: summary.targets.clone(),
        programmes: summary.programmes.clone(),
        small_cells_suppressed: s,
        min_cell: MIN_CELL,
        now: status_counts(&l.status, s),
        totals: summary.totals.clone(),
        trend: summary.trend.clone(),
        by_team: summary.by_team.clone(),
        by_municipality: summary.by_municipality.clone(),
        owned_teams: summary.owned_teams.clone(),
        by_therapist,
        families,
        families_total,
        families_page: match l.family_table {
            FamilyTable::Page(n) => Some(n),
            FamilyTable::All => None,
        },
        families_per_page: FAMILIES_PER_PAGE,
        families_show_adherence: view.family_adherence,
        can,
        interviews_due: l.interviews_due,
    })
}

/// The discharged MST-CAN families' counts per team, judged on `today`.
fn can_discharged(
    c: &SummaryContext,
    data: &SummaryData,
    today: NaiveDate,
) -> BTreeMap<TeamId, CanCounts> {
    let mut teams: BTreeMap<TeamId, CanCounts> = BTreeMap::new();
    let Some(model) = c.models.iter().find(|m| m.code == MST_CAN) else {
        return teams;
    };
    let (min, max) = (model.min_duration_months, model.max_duration_months);
    for r in &data.can {
        teams
            .entry(r.team_id)
            .or_default()
            .add(&CanCounts::of(&r.facts, min, max, today));
    }
    teams
}

/// MST-CAN's results, when the scope has an MST-CAN team or an MST-CAN
/// family was discharged in it: the totals and, beside a municipality's
/// or the country's, each team's — teams about fewer than five families
/// hidden, and as many more as keep them from being worked out.
fn can_results(
    req: &DashboardRequest,
    view: &ResultsView,
    l: &Loaded,
    discharged: &BTreeMap<TeamId, CanCounts>,
) -> Option<CanResults> {
    let c = &l.context;
    let model = c.models.iter().find(|m| m.code == MST_CAN)?;
    let can_team = c.scope_teams.iter().any(|id| {
        c.teams
            .iter()
            .any(|t| t.id == *id && t.programme_model == MST_CAN)
    });
    if !can_team && discharged.is_empty() {
        return None;
    }
    let (min, max) = (model.min_duration_months, model.max_duration_months);
    let s = view.suppress_small_cells;
    let mut teams = discharged.clone();
    // A family in treatment counts for its safety plan alone, once its
    // seven days are settled.
    for r in &l.can_in_treatment {
        let facts = CanFamilyFacts {
            treatment_start: r.treatment_start,
            discharged_on: None,
            children: Vec::new(),
            first_safety_plan_on: r.first_safety_plan_on,
            incidents_during_treatment: 0,
        };
        teams
            .entry(r.team_id)
            .or_default()
            .add(&CanCounts::of(&facts, min, max, l.today));
    }
    let totals = CanCounts::sum(teams.values()).indicators(min, max, s);
    let by_team = match req.scope {
        Scope::Team(_) => Vec::new(),
        _ => {
            let families: Vec<u32> = teams.values().map(|c| c.discharged).collect();
            let hide = if s {
                protect_small_cells(&families)
            } else {
                vec![(false, false); families.len()]
            };
            teams
                .iter()
                .zip(hide)
                .map(|((id, counts), (_, for_others))| {
                    let indicators = if for_others {
                        CanIndicators {
                            safety_plan_within_7_days: Share::HIDDEN,
                            ..CanCounts::default().indicators(min, max, true)
                        }
                    } else {
                        counts.indicators(min, max, s)
                    };
                    CanGroup {
                        key: id.to_string(),
                        name: team_name(&c.teams, *id),
                        indicators,
                        hidden_to_protect_others: for_others,
                    }
                })
                .collect()
        }
    };
    Some(CanResults { totals, by_team })
}

#[cfg(test)]
mod tests {
    use rundt_domain::municipality::MunicipalityCode;
    /// The municipality with this four-digit code.
    fn code(digits: &str) -> MunicipalityCode {
        MunicipalityCode::from_stored(digits).unwrap()
    }

    use super::*;
    use chrono::NaiveDate;
    use rundt_domain::access::FamilyRows;
    use rundt_domain::country::Country;
    use rundt_domain::discharge::DischargeReason;
    use rundt_domain::id::CaseId;
    use rundt_domain::indicators::{DischargeFacts, Share};
    use rundt_domain::period::{Grouping, MonthRange};
    use rundt_domain::programme::ProgrammeModel;
    use rundt_domain::team::Ownership;
    use rundt_store::{CanResultRow, FamilyResultRow, FamilyResults};

    use crate::results::ScopeView;

    fn team(id: TeamId, name: &str, programme: &str) -> Team {
        Team {
            id,
            name: name.into(),
            country: Country::DK,
            programme_model: programme.into(),
            owners: vec![Ownership {
                municipality_code: code("0751"),
                share_bp: 10_000,
            }],
            started_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            closed_on: None,
            version: 1,
        }
    }

    /// `n` completed discharges of 120 days, all at home, in school and
    /// without arrests, of a team's families from a municipality.
    fn discharged(team_id: TeamId, municipality: &str, month: &str, n: usize) -> OutcomeSummaryRow {
        let one = OutcomeCounts::of(&DischargeFacts {
            reason: DischargeReason::Completed,
            treatment_days: 120,
            living_at_home: true,
            in_school_or_working: true,
            no_new_arrests: true,
        });
        OutcomeSummaryRow {
            team_id,
            municipality_code: code(municipality),
            month: Month::parse(month).unwrap(),
            outcomes: OutcomeCounts::sum(std::iter::repeat_n(&one, n)),
            follow_ups: Default::default(),
            experience: ExperienceCounts::default(),
        }
    }

    fn interviewed(therapist_id: UserId, month: &str, scores: &[f64]) -> AdherenceSummaryRow {
        let counts: Vec<AdherenceCounts> = scores
            .iter()
            .map(|s| AdherenceCounts::of(Some(*s)))
            .collect();
        let mut sum = AdherenceCounts::default();
        for c in &counts {
            sum.add(c);
        }
        AdherenceSummaryRow {
            team_id: TeamId::new(1),
            therapist_id,
            municipality_code: code("0751"),
            month: Month::parse(month).unwrap(),
            counts: sum,
            families: u32::try_from(scores.len()).unwrap_or(0),
        }
    }

    /// What a dashboard is computed from: the loaded part and the summary
    /// rows.
    #[derive(Clone)]
    struct Fixture {
        live: Loaded,
        summary: SummaryData,
    }

    fn loaded(outcomes: Vec<OutcomeSummaryRow>) -> Fixture {
        Fixture {
            live: Loaded {
                scope: ScopeView {
                    kind: "team".into(),
                    key: "1".into(),
                    name: "Team Aarhus".into(),
                    country: Country::DK,
                },
                context: SummaryContext {
                    scope_teams: vec![TeamId::new(1)],
                    teams: vec![
                        team(TeamId::new(1), "Team Aarhus", "MST"),
                        team(TeamId::new(2), "Team CAN", "MST-CAN"),
                    ],
                    models: vec![ProgrammeModel::mst(), ProgrammeModel::mst_can()],
                    municipalities: std::sync::Arc::new(
                        [(code("0751"), "Aarhus".to_owned())].into(),
                    ),
                },
                therapist_adherence: Vec::new(),
                therapist_names: HashMap::new(),
                status: vec![("in_treatment".into(), 3), ("discharged".into(), 7)],
                families: None,
                family_table: FamilyTable::Page(1),
                interviews_due: Vec::new(),
                can_in_treatment: Vec::new(),
                today: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default(),
            },
            summary: SummaryData {
                rows: SummaryRows {
                    outcomes,
                    ..SummaryRows::default()
                },
                ..SummaryData::default()
            },
        }
    }

    /// The dashboard of a fixture: its summary figures for the view's
    /// suppression, then the rest.
    fn aggregate(req: &DashboardRequest, view: &ResultsView, f: Fixture) -> AppResult<Dashboard> {
        let figures = summary_figures(
            req,
            view.suppress_small_cells,
            &f.live.context,
            &f.summary,
            f.live.today,
        );
        super::aggregate(req, view, f.live, &figures)
    }

    fn request(scope: Scope) -> DashboardRequest {
        DashboardRequest {
            scope,
            range: MonthRange {
                from: Month {
                    year: 2026,
                    month: 1,
                },
                to: Month {
                    year: 2026,
                    month: 12,
                },
            },
            grouping: Grouping::Quarter,
            denominator: Denominator::AllDischarges,
        }
    }

    fn whole() -> ResultsView {
        ResultsView {
            suppress_small_cells: false,
            families: None,
            family_adherence: true,
            per_therapist: true,
        }
    }

    fn outsider() -> ResultsView {
        ResultsView {
            suppress_small_cells: true,
            families: None,
            family_adherence: false,
            per_therapist: false,
        }
    }

    #[test]
    fn a_manager_sees_eight_discharges_but_not_the_one_placed_family() {
        let req = request(Scope::Municipality(code("0751")));
        let mut row = discharged(TeamId::new(1), "0751", "2026-02", 7);
        row.outcomes.add(&OutcomeCounts::of(&DischargeFacts {
            reason: DischargeReason::Placed,
            treatment_days: 60,
            living_at_home: false,
            in_school_or_working: true,
            no_new_arrests: true,
        }));
        let manager = aggregate(&req, &outsider(), loaded(vec![row.clone()])).unwrap();
        let i = &manager.totals.indicators;
        assert_eq!(i.discharges, 8, "eight families are enough for the total");
        for key in ["placed", "completed", "living_at_home"] {
            assert!(i[key].hidden, "{key} is 1 of 8 or 7 of 8");
            assert_eq!(i[key].count, None);
            assert_eq!(i[key].percent, None);
        }
        assert_eq!(i["lack_of_engagement"].percent, Some(0.0), "none of eight");
        assert_eq!(i["in_school_or_working"].percent, Some(100.0));
        let json = serde_json::to_value(&manager.totals.indicators).unwrap();
        assert_eq!(json["placed"]["count"], serde_json::Value::Null);
        assert_eq!(json["placed"]["hidden"], true);
        let team = aggregate(&req, &whole(), loaded(vec![row])).unwrap();
        assert_eq!(team.totals.indicators["placed"].percent, Some(12.5));
    }

    #[test]
    fn the_team_sees_its_four_families_an_outsider_sees_them_hidden() {
        let req = request(Scope::Team(TeamId::new(1)));
        let rows = vec![discharged(TeamId::new(1), "0751", "2026-02", 4)];
        let own = aggregate(&req, &whole(), loaded(rows.clone())).unwrap();
        assert_eq!(own.totals.indicators.discharges, 4);
        assert_eq!(own.totals.indicators["completed"].percent, Some(100.0));
        assert_eq!(own.now[2].families, Some(3));
        let other = aggregate(&req, &outsider(), loaded(rows)).unwrap();
        assert!(other.small_cells_suppressed);
        assert!(other.totals.indicators.suppressed);
        assert_eq!(other.totals.indicators["completed"].percent, None);
        assert_eq!(
            other.now[2].families, None,
            "three families in treatment are too few to show"
        );
        assert_eq!(other.now[3].families, Some(7));
    }

    #[test]
    fn withdrawn_referrals_are_counted_among_the_families_now() {
        let req = request(Scope::Team(TeamId::new(1)));
        let mut l = loaded(Vec::new());
        l.live.status.push(("withdrawn".into(), 2));
        let own = aggregate(&req, &whole(), l).unwrap();
        let last = own.now.last().unwrap();
        assert_eq!(
            (last.status.as_str(), last.families),
            ("withdrawn", Some(2))
        );
    }

    #[test]
    fn a_small_quarter_beside_a_shown_total_takes_the_next_smallest_with_it() {
        let req = request(Scope::Team(TeamId::new(1)));
        let rows = vec![
            discharged(TeamId::new(1), "0751", "2026-02", 3),
            discharged(TeamId::new(1), "0751", "2026-05", 9),
            discharged(TeamId::new(1), "0751", "2026-08", 7),
        ];
        let d = aggregate(&req, &outsider(), loaded(rows)).unwrap();
        assert_eq!(d.totals.indicators.discharges, 19);
        let q: Vec<(&str, bool, bool)> = d
            .trend
            .iter()
            .map(|p| {
                (
                    p.period.as_str(),
                    p.figures.indicators.suppressed,
                    p.figures.hidden_to_protect_others,
                )
            })
            .collect();
        assert_eq!(
            q,
            [
                ("2026-Q1", true, false),
                ("2026-Q2", false, false),
                ("2026-Q3", true, true),
                ("2026-Q4", true, false),
            ]
        );
    }

    #[test]
    fn a_national_view_breaks_down_by_team_and_judges_mixed_programmes_per_team() {
        let mut l = loaded(vec![
            discharged(TeamId::new(1), "0751", "2026-02", 6),
            discharged(TeamId::new(2), "0751", "2026-03", 5),
        ]);
        l.live.context.scope_teams = vec![TeamId::new(1), TeamId::new(2)];
        let d = aggregate(&request(Scope::National(Country::DK)), &outsider(), l).unwrap();
        assert_eq!(d.programmes, ["MST", "MST-CAN"]);
        assert_eq!(
            d.totals.against_targets.length_of_stay,
            TargetStatus::Unknown,
            "no one length of stay fits two programmes"
        );
        let can = &d.by_team[1];
        assert_eq!(can.name, "Team CAN");
        assert_eq!(
            can.figures.against_targets.length_of_stay,
            TargetStatus::NotMet,
            "120 days is short for MST-CAN"
        );
        assert_eq!(
            d.by_team[0].figures.against_targets.length_of_stay,
            TargetStatus::Met
        );
        assert_eq!(d.by_municipality[0].name, "Aarhus");
        assert_eq!(
            d.by_municipality[0].figures.indicators["completed"],
            Share {
                count: Some(11),
                of: Some(11),
                percent: Some(100.0),
                hidden: false,
            }
        );
    }

    #[test]
    fn figures_per_therapist_only_for_those_who_may_see_them() {
        let mut l = loaded(Vec::new());
        l.live.therapist_adherence = vec![interviewed(UserId::new(21), "2026-03", &[0.7, 0.5])];
        l.live.therapist_names.insert(UserId::new(21), "Ida".into());
        let req = request(Scope::Team(TeamId::new(1)));
        let own = aggregate(&req, &whole(), l.clone()).unwrap();
        assert_eq!(own.by_therapist.len(), 1);
        assert_eq!(own.by_therapist[0].name, "Ida");
        assert_eq!(own.by_therapist[0].adherence.interviews, 2);
        assert!(
            aggregate(&req, &outsider(), l)
                .unwrap()
                .by_therapist
                .is_empty()
        );
    }

    #[test]
    fn a_caseworker_gets_the_families_without_their_adherence() {
        let mut l = loaded(Vec::new());
        l.live.families = Some(FamilyResults {
            total: 51,
            rows: vec![FamilyResultRow {
                case_id: CaseId::new(5),
                team_id: TeamId::new(1),
                therapist_id: Some(UserId::new(21)),
                referring_municipality: code("0751"),
                status: rundt_domain::lifecycle::CaseStatus::InTreatment,
                treatment_start: NaiveDate::from_ymd_opt(2026, 11, 3),
                discharged_on: None,
                discharge_reason: None,
                treatment_days: None,
                at_discharge: None,
                follow_up_6: None,
                follow_up_12: None,
                follow_up_18: None,
                experience_score: None,
                interviews: 2,
                last_adherence_score: Some(0.7),
            }],
        });
        let view = ResultsView {
            families: Some(FamilyRows {
                team: Some(TeamId::new(1)),
                therapist: None,
                municipality: Some(code("0751")),
            }),
            ..outsider()
        };
        let d = aggregate(&request(Scope::Team(TeamId::new(1))), &view, l).unwrap();
        let rows = d.families.unwrap_or_default();
        assert_eq!(rows[0].interviews, 0);
        assert_eq!(rows[0].last_adherence_score, None);
        assert_eq!(rows[0].treatment_days, Some(30), "in treatment until today");
        assert!(!d.families_show_adherence);
        assert_eq!(
            (d.families_total, d.families_page, d.families_per_page),
            (Some(51), Some(1), FAMILIES_PER_PAGE)
        );
    }

    /// An MST-CAN family of team 2 discharged after `months` whole months
    /// with its children `(at home, care order)`, a plan on day 3.
    fn can_family(team: i64, months: u32, children: &[(bool, bool)]) -> CanResultRow {
        use rundt_domain::indicators::can::{CanChildFacts, CanFamilyFacts};
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let end = start
            .checked_add_months(chrono::Months::new(months))
            .unwrap();
        CanResultRow {
            team_id: TeamId::new(team),
            municipality_code: code("0751"),
            month: Month::of(end),
            facts: CanFamilyFacts {
                treatment_start: start,
                discharged_on: Some(end),
                children: children
                    .iter()
                    .map(|(home, order)| CanChildFacts {
                        living_at_home_at_discharge: Some(*home),
                        care_order_during_treatment: *order,
                        care_order_in_follow_up: None,
                        heard: true,
                    })
                    .collect(),
                first_safety_plan_on: start.checked_add_days(chrono::Days::new(3)),
                incidents_during_treatment: 0,
            },
        }
    }

    #[test]
    fn an_mst_team_has_no_mst_can_section() {
        let d = aggregate(
            &request(Scope::Team(TeamId::new(1))),
            &whole(),
            loaded(Vec::new()),
        );
        assert_eq!(d.unwrap().can, None);
    }

    #[test]
    fn an_mst_can_team_shows_its_section_even_before_its_first_discharge() {
        let mut l = loaded(Vec::new());
        l.live.context.scope_teams = vec![TeamId::new(2)];
        let d = aggregate(&request(Scope::Team(TeamId::new(2))), &whole(), l).unwrap();
        let can = d.can.expect("the MST-CAN section");
        assert_eq!(can.totals.discharged, 0);
        assert_eq!((can.totals.min_months, can.totals.max_months), (6, 9));
        assert!(can.by_team.is_empty(), "a team's own dashboard is the team");
    }

    #[test]
    fn the_country_sees_mst_can_teams_apart_and_a_small_one_hidden_with_its_neighbour() {
        let mut l = loaded(Vec::new());
        l.live
            .context
            .teams
            .push(team(TeamId::new(3), "Team CAN 2", "MST-CAN"));
        l.live.context.scope_teams = vec![TeamId::new(1), TeamId::new(2), TeamId::new(3)];
        // Team 2: five families, six children, one of them taken into care.
        l.summary.can = vec![
            can_family(2, 7, &[(true, false), (true, false)]),
            can_family(2, 8, &[(true, false)]),
            can_family(2, 6, &[(false, true)]),
            can_family(2, 10, &[(true, false)]),
            can_family(2, 3, &[(true, false)]),
            // Team 3: one family.
            can_family(3, 7, &[(true, false)]),
        ];
        let req = request(Scope::National(Country::DK));
        let office = aggregate(&req, &outsider(), l.clone()).unwrap();
        let can = office.can.expect("the MST-CAN section");
        assert_eq!((can.totals.discharged, can.totals.children), (6, 7));
        assert!(
            can.totals.care_order_during_treatment.hidden,
            "one child of one family"
        );
        assert_eq!(can.totals.children_heard.percent, Some(100.0));
        assert!(
            can.totals.stay_within_months.hidden,
            "four of six within 6–9 months leaves two families outside"
        );
        let shown: Vec<(&str, bool, bool)> = can
            .by_team
            .iter()
            .map(|g| {
                (
                    g.key.as_str(),
                    g.indicators.suppressed,
                    g.hidden_to_protect_others,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [("2", true, true), ("3", true, false)],
            "one family is too few, and the five beside it would give it away"
        );
        let team2 = aggregate(&req, &whole(), l).unwrap().can.unwrap();
        assert_eq!(team2.totals.stay_within_months.count, Some(4));
        assert_eq!(team2.totals.stay_longer.count, Some(1));
        assert_eq!(
            team2.by_team[0]
                .indicators
                .care_order_during_treatment
                .count,
            Some(1)
        );
        assert_eq!(
            team2.by_team[0].indicators.median_treatment_days,
            Some(212.0)
        );
    }
}
