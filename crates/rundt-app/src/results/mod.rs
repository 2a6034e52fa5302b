//! Results at any time: the team, municipality and national dashboards.
//!
//! Figures come from the summary tables (see `rundt_store::results`), never
//! from scanning history. What the viewer may see is the domain's
//! [`ResultsView`](rundt_domain::access::ResultsView): whoever may not see
//! every family behind a figure gets cells about fewer than five families
//! suppressed; whoever may see families also gets the per-family table,
//! audited per family.
//!
//! A dashboard is asked for ([`request`]), loaded ([`load`]: access, audit
//! and reads) and added up ([`aggregate`]: pure). The figures that come from
//! the summary tables alone are the same for every viewer who sees small
//! cells alike: they are kept per app server ([`cache`]) under the summary
//! tables' version, while access, the audit of every look and everything
//! per viewer or live is done afresh on each request.

pub mod aggregate;
pub mod cache;
pub mod load;
pub mod names;
pub mod request;

use rundt_domain::adherence::AdherenceFigures;
use rundt_domain::country::Country;
use rundt_domain::experience::ExperienceFigures;
use rundt_domain::id::UserId;
use rundt_domain::indicators::can::CanIndicators;
use rundt_domain::indicators::{Denominator, FollowUpFigures, Indicators, TargetReport, Targets};
use rundt_domain::period::Grouping;
use rundt_store::FamilyResultRow;
use serde::Serialize;

use crate::fidelity::InterviewDue;
use crate::{Actor, App, AppResult};

use std::sync::Arc;

pub use request::{
    DashboardRequest, FAMILIES_PER_PAGE, FamilyTable, Scope, home_scope, range_from,
};

/// MST-CAN's results, apart from the MST figures: the scope's discharged
/// MST-CAN families and their children (issue 12), against the model's
/// length of stay.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanResults {
    pub totals: CanIndicators,
    /// Per MST-CAN team (municipality and national dashboards); a team
    /// hidden only so that a smaller one cannot be worked out has
    /// `hidden_to_protect_others`.
    pub by_team: Vec<CanGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanGroup {
    /// Team id.
    pub key: String,
    pub name: String,
    pub indicators: CanIndicators,
    pub hidden_to_protect_others: bool,
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
    pub therapist_id: UserId,
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
    /// Families the viewer may see, newest case first: page
    /// `families_page` of the list, or every family when that is `None`;
    /// `None` for aggregate-only viewers.
    pub families: Option<Vec<FamilyResultRow>>,
    /// How many families the whole list has (`None` for aggregate-only
    /// viewers).
    pub families_total: Option<u64>,
    /// The page of the list in `families`, the first being 1; `None` when
    /// it holds every family (exports).
    pub families_page: Option<u32>,
    /// Families on a page.
    pub families_per_page: u32,
    /// Whether the families' adherence columns are filled (team members
    /// only; municipalities see adherence as aggregates).
    pub families_show_adherence: bool,
    /// Team dashboards, for the supervisor and consultant.
    pub interviews_due: Vec<InterviewDue>,
    /// MST-CAN's results when the scope has an MST-CAN team or families.
    pub can: Option<CanResults>,
}

/// The dashboard for a scope and period.
/// The per-family table, for viewers who may see families, carries the
/// rows `families` asks for; only they are read and audited.
pub async fn dashboard(
    app: &App,
    actor: &Actor,
    req: &DashboardRequest,
    families: FamilyTable,
) -> AppResult<Dashboard> {
    // Read before the names and the summary rows: what they give is at
    // least as new as this version.
    let version = app.store.results_version().await?;
    let (view, loaded) = load::load(app, actor, req, families, version).await?;
    let key = cache::FiguresKey {
        country: loaded.scope.country,
        request: req.clone(),
        suppress_small_cells: view.suppress_small_cells,
        today: loaded.today,
    };
    // The version first, then the rows: figures kept under a version are
    // never older than it, whatever is written meanwhile.
    let figures = match app.results_cache.get(&key, version, &loaded.context) {
        Some(figures) => figures,
        None => {
            let data = load::summary(app, key.country, req, &loaded.context).await?;
            let figures = Arc::new(aggregate::summary_figures(
                req,
                key.suppress_small_cells,
                &loaded.context,
                &data,
                loaded.today,
            ));
            app.results_cache
                .put(key, version, loaded.context.clone(), figures.clone());
            figures
        }
    };
    aggregate::aggregate(req, &view, loaded, &figures)
}
