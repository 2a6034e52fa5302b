//! Loading a dashboard: deciding what the viewer may see (the domain's
//! [`results_view`](rundt_domain::access::results_view) through the audited
//! refusal path), logging the look, and reading the summary rows, names and
//! families it needs. No figures are computed here.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rundt_domain::access::{Principal, ResultsScope, ResultsView};
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::msg;
use rundt_domain::programme::ProgrammeModel;
use rundt_domain::team::{Team, TeamId};
use rundt_domain::user::UserId;
use rundt_store::{
    AdherenceRollupRow, AdherenceSummaryRow, CanInTreatmentRow, CanResultRow, FamilyResults,
    FamilyResultsFilter, OutcomeSummaryRow, SummaryFilter, SupervisionSummaryRow,
};

use super::names::{MunicipalityNames, municipality_names};
use super::{DashboardRequest, FamilyTable, Scope, ScopeView};
use crate::fidelity::{self, InterviewDue};
use crate::{Actor, App, AppError, AppResult, access};

/// The summary rows of one filter. Adherence comes from the roll-up (per
/// team, municipality and month): no dashboard groups it by therapist except
/// the team's own table, read apart ([`Loaded::therapist_adherence`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryRows {
    pub outcomes: Vec<OutcomeSummaryRow>,
    pub adherence: Vec<AdherenceRollupRow>,
    pub supervision: Vec<SupervisionSummaryRow>,
}

/// What the summary figures are computed from besides the summary rows:
/// the teams, models and names they are grouped, judged and named by. A
/// cached figure is used only with the context it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryContext {
    /// The teams of the scope: the team, a municipality's own teams, or
    /// every team of the country.
    pub scope_teams: Vec<TeamId>,
    pub teams: Vec<Team>,
    pub models: Vec<ProgrammeModel>,
    /// Municipality names by code.
    pub municipalities: MunicipalityNames,
}

/// The summary tables' rows of a dashboard: all its figures that are the
/// same for every viewer come from these (and the context).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryData {
    pub rows: SummaryRows,
    /// A municipality's own teams, all their families (municipality scope).
    pub owned_rows: SummaryRows,
    /// The discharged MST-CAN families of the scope and months.
    pub can: Vec<CanResultRow>,
}

/// What a dashboard is computed from apart from the summary rows: the
/// context, and what is read per viewer or is live.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub scope: ScopeView,
    pub context: SummaryContext,
    /// The team's adherence per therapist, for those who may see figures
    /// per therapist (empty otherwise).
    pub therapist_adherence: Vec<AdherenceSummaryRow>,
    /// Names of the therapists in those rows.
    pub therapist_names: HashMap<UserId, String>,
    /// Families by status now.
    pub status: Vec<(String, u32)>,
    /// The per-family table's rows asked for, as the store gives them,
    /// with the size of the whole list.
    pub families: Option<FamilyResults>,
    /// Which rows those are.
    pub family_table: FamilyTable,
    pub interviews_due: Vec<InterviewDue>,
    /// The MST-CAN families of the scope in treatment now, when the months
    /// reach this month (their safety plan's seven days).
    pub can_in_treatment: Vec<CanInTreatmentRow>,
    pub today: NaiveDate,
}

/// Decides what the actor may see, logs the look and loads all but the
/// summary rows ([`summary`]); `version` is the summary tables' version
/// read before.
pub async fn load(
    app: &App,
    actor: &Actor,
    req: &DashboardRequest,
    table: FamilyTable,
    version: i64,
) -> AppResult<(ResultsView, Loaded)> {
    let who = actor
        .principal()
        .ok_or_else(|| AppError::Forbidden(msg!("results-need-login")))?;
    let country = who.country;
    let teams = app.store.list_teams().await?;
    let (view, scope, scope_teams) = match &req.scope {
        Scope::Team(id) => {
            let team = teams
                .iter()
                .find(|t| t.id == *id)
                .ok_or_else(|| AppError::NotFound(format!("team {id}")))?;
            let view = access::results_view(
                app,
                who,
                &ResultsScope::Team(&crate::organisation::team_scope(team)),
                AuditAction::ResultsTeam,
                Object::team(*id),
            )
            .await?;
            let scope = ScopeView {
                kind: "team".into(),
                key: id.to_string(),
                name: team.name.clone(),
                country,
            };
            (view, scope, vec![*id])
        }
        Scope::Municipality(code) => {
            let view = access::results_view(
                app,
                who,
                &ResultsScope::Municipality {
                    country,
                    municipality: code,
                },
                AuditAction::ResultsMunicipality,
                Object::of(ObjectKind::Municipality),
            )
            .await?;
            let name = app
                .store
                .find_municipality(country, code, app.clock.today())
                .await?
                .map(|m| m.name)
                .ok_or_else(|| AppError::NotFound(format!("municipality {code}")))?;
            let owned = teams
                .iter()
                .filter(|t| {
                    t.country == country && t.owners.iter().any(|o| &o.municipality_code == code)
                })
                .map(|t| t.id)
                .collect();
            let scope = ScopeView {
                kind: "municipality".into(),
                key: code.to_string(),
                name,
                country,
            };
            (view, scope, owned)
        }
        Scope::National(requested) => {
            let view = access::results_view(
                app,
                who,
                &ResultsScope::National(*requested),
                AuditAction::ResultsNational,
                Object::of(ObjectKind::Country),
            )
            .await?;
            let scope = ScopeView {
                kind: "national".into(),
                key: country.code().into(),
                name: country.name().into(),
                country,
            };
            let all = teams
                .iter()
                .filter(|t| t.country == country)
                .map(|t| t.id)
                .collect();
            (view, scope, all)
        }
    };

    // Looking at results is logged like any access (no personal data in
    // it; the per-family table below adds an event per family).
    let object = match &req.scope {
        Scope::Team(id) => Object::team(*id),
        // A municipality's code is its key (four digits).
        Scope::Municipality(code) => match code.as_str().parse() {
            Ok(key) => Object::keyed(ObjectKind::Municipality, key),
            Err(_) => Object::of(ObjectKind::Municipality),
        },
        Scope::National(_) => Object::of(ObjectKind::Country),
    };
    app.store
        .append_audit(&actor.event(app.clock.now(), AuditAction::ResultsView, object))
        .await?;

    let filter = summary_filter(country, req);
    let models = app.store.list_programme_models().await?;

    let mut therapist_names = HashMap::new();
    let mut therapist_adherence = Vec::new();
    let mut interviews_due = Vec::new();
    if view.per_therapist
        && let Scope::Team(id) = req.scope
    {
        therapist_adherence = app.store.adherence_summary(&filter).await?;
        let ids: BTreeSet<UserId> = therapist_adherence.iter().map(|r| r.therapist_id).collect();
        let ids: Vec<UserId> = ids.into_iter().collect();
        for u in app.store.users_by_ids(&ids).await? {
            therapist_names.insert(u.id, u.display_name);
        }
        interviews_due = fidelity::interviews_due(app, actor, id).await?;
    }

    let status = status_counts(app, who, &req.scope).await?;
    let families = match &view.families {
        Some(f) => {
            let (from, to) = req.range.days()?;
            let filter = FamilyResultsFilter {
                country,
                therapist_id: f.therapist,
                team_ids: f.team.map(|t| vec![t]),
                municipality: f.municipality.clone(),
                from,
                to,
                page: table.rows(),
            };
            let event = actor.event(
                app.clock.now(),
                AuditAction::ResultsFamilies,
                Object::of(ObjectKind::Case),
            );
            Some(app.store.family_results(&filter, &event).await?)
        }
        None => None,
    };
    let municipalities = municipality_names(app, country, version).await?;

    Ok((
        view,
        Loaded {
            scope,
            context: SummaryContext {
                scope_teams,
                teams,
                models,
                municipalities,
            },
            therapist_adherence,
            therapist_names,
            status,
            families,
            family_table: table,
            interviews_due,
            can_in_treatment: if req.range.to >= rundt_domain::period::Month::of(app.clock.today())
            {
                app.store.can_in_treatment(&filter).await?
            } else {
                Vec::new()
            },
            today: app.clock.today(),
        },
    ))
}

/// The summary filter of a request in the viewer's country.
fn summary_filter(country: Country, req: &DashboardRequest) -> SummaryFilter {
    SummaryFilter {
        country,
        team_ids: match &req.scope {
            Scope::Team(id) => Some(vec![*id]),
            _ => None,
        },
        municipality: match &req.scope {
            Scope::Municipality(code) => Some(code.clone()),
            _ => None,
        },
        from_month: req.range.from,
        to_month: req.range.to,
    }
}

/// Reads the summary rows of a request: call it after reading the summary
/// tables' version, so that what it reads is at least that new.
pub async fn summary(
    app: &App,
    country: Country,
    req: &DashboardRequest,
    context: &SummaryContext,
) -> AppResult<SummaryData> {
    let filter = summary_filter(country, req);
    // Supervisor adherence belongs to teams, not to a municipality's families.
    let mut rows = summary_rows(app, &filter, !matches!(req.scope, Scope::Municipality(_))).await?;
    let mut owned_rows = match &req.scope {
        Scope::Municipality(_) if !context.scope_teams.is_empty() => {
            let owned = SummaryFilter {
                team_ids: Some(context.scope_teams.clone()),
                municipality: None,
                ..filter.clone()
            };
            summary_rows(app, &owned, true).await?
        }
        _ => SummaryRows::default(),
    };
    // MST-CAN's families are counted apart (`can`, below), never in the
    // MST outcomes beside them.
    let safety_first = safety_first_teams(&context.teams, &context.models);
    rows.outcomes.retain(|r| !safety_first.contains(&r.team_id));
    owned_rows
        .outcomes
        .retain(|r| !safety_first.contains(&r.team_id));
    Ok(SummaryData {
        rows,
        owned_rows,
        can: app.store.can_results(&filter).await?,
    })
}

/// The teams whose model works safety first (MST-CAN), whose results are
/// counted apart from MST's.
fn safety_first_teams(teams: &[Team], models: &[ProgrammeModel]) -> BTreeSet<TeamId> {
    teams
        .iter()
        .filter(|t| {
            models
                .iter()
                .find(|m| m.code == t.programme_model)
                .is_some_and(rundt_domain::safety::is_safety_first)
        })
        .map(|t| t.id)
        .collect()
}

async fn summary_rows(
    app: &App,
    filter: &SummaryFilter,
    with_supervision: bool,
) -> AppResult<SummaryRows> {
    Ok(SummaryRows {
        outcomes: app.store.outcome_summary(filter).await?,
        adherence: app.store.adherence_rollup(filter).await?,
        supervision: if with_supervision {
            app.store.supervision_summary(filter).await?
        } else {
            Vec::new()
        },
    })
}

async fn status_counts(app: &App, who: &Principal, scope: &Scope) -> AppResult<Vec<(String, u32)>> {
    Ok(match scope {
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
    })
}
