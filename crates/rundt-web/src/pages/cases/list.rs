//! The families one may see, with their team, municipality and reminders:
//! a missing weekly summary, an adherence interview due, and a referral
//! awaiting the team's acknowledgement (overdue ones escalated to the
//! team's supervisor and the referring caseworker alike).

use super::*;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::municipality::MunicipalityCode;

/// A family in the list, translated.
struct CaseRow {
    id: CaseId,
    status: String,
    municipality: String,
    team: String,
    created: String,
    overdue: bool,
    /// An adherence interview is due within a week (supervisors).
    interview_due: bool,
    /// Awaiting acknowledgement: what to say, and whether it is overdue.
    acknowledgement: Option<(String, bool)>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    rows: Vec<CaseRow>,
    total: usize,
    statuses: Vec<(&'static str, String, bool)>,
    can_refer: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct CasesQuery {
    status: Option<String>,
}

pub async fn list(p: Page, Query(q): Query<CasesQuery>) -> PageResult {
    let (s, tr, who) = (&p.state, p.tr, &p.who);
    let actor = p.actor();
    let all = cases::list_cases(&s.app, &actor).await.on(&p)?;
    let filter = q
        .status
        .as_deref()
        .and_then(|st| st.parse::<CaseStatus>().ok());
    let overdue: Vec<CaseId> = treatment::overdue_summaries(&s.app, &actor)
        .await
        .on(&p)?
        .into_iter()
        .map(|o| o.case_id)
        .collect();
    let awaiting: HashMap<CaseId, rundt_domain::handoff::Awaiting> =
        rundt_app::referrals::awaiting(&s.app, &actor)
            .await
            .on(&p)?
            .into_iter()
            .map(|a| {
                let state = rundt_domain::handoff::Awaiting {
                    acknowledge_by: a.acknowledge_by,
                    overdue: a.overdue,
                };
                (a.case_id, state)
            })
            .collect();
    let mut interviews_due: Vec<CaseId> = Vec::new();
    if who.principal.role == Role::Supervisor {
        for team in &who.principal.team_ids {
            let due = rundt_app::fidelity::interviews_due(&s.app, &actor, *team)
                .await
                .on(&p)?;
            interviews_due.extend(due.into_iter().map(|d| d.case_id));
        }
    }
    let teams: HashMap<TeamId, (String, Country)> = rundt_app::organisation::team_names(&s.app)
        .await
        .on(&p)?
        .into_iter()
        .map(|t| (t.id, (t.name, t.country)))
        .collect();
    // The names of municipalities by country and code (a code's newest name).
    let names: HashMap<(Country, MunicipalityCode), String> =
        rundt_app::reference::municipalities(&s.app, None, None, true)
            .await
            .on(&p)?
            .into_iter()
            .map(|m| ((m.country, m.code), m.name))
            .collect();
    let total = all.len();
    let rows = all
        .into_iter()
        .filter(|c| filter.is_none_or(|f| c.status == f))
        .map(|c| {
            let (team, country) = teams
                .get(&c.team_id)
                .cloned()
                .unwrap_or_else(|| (c.team_id.to_string(), Country::DK));
            CaseRow {
                id: c.id,
                status: tr.status(c.status.as_str()),
                municipality: names
                    .get(&(country, c.referring_municipality.clone()))
                    .cloned()
                    .unwrap_or_else(|| c.referring_municipality.to_string()),
                team,
                created: c.created_at.format("%Y-%m-%d").to_string(),
                overdue: overdue.contains(&c.id),
                interview_due: interviews_due.contains(&c.id),
                acknowledgement: awaiting
                    .get(&c.id)
                    .map(|a| (super::handoff::awaiting_text(tr, a), a.overdue)),
            }
        })
        .collect();
    let statuses = CaseStatus::ALL
        .iter()
        .map(|st| (st.as_str(), tr.status(st.as_str()), Some(*st) == filter))
        .collect();
    p.show(&CasesPage {
        tr,
        title: tr.t("families").into(),
        nav: p.nav(),
        rows,
        total,
        statuses,
        can_refer: who.principal.role == Role::MunicipalCaseworker,
    })
}
