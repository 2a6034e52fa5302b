//! The families one may see, with their team, municipality and reminders:
//! a missing weekly summary, an adherence interview due, and a referral
//! awaiting the team's acknowledgement (overdue ones escalated to the
//! team's supervisor and the referring caseworker alike).

use super::form::refused;
use super::*;
use rundt_app::family_list::{self, ListedName};
use rundt_domain::Arg;
use rundt_domain::country::programme_date;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::municipality::MunicipalityCode;

/// A family in the list, translated.
struct CaseRow {
    id: CaseId,
    /// The young person(s): "Mads Jensen, 14 years".
    names: String,
    /// Caregivers the search found: "Found: Hanne Jensen (caregiver)".
    also_found: Option<String>,
    status: String,
    municipality: String,
    team: String,
    created: String,
    overdue: bool,
    /// An adherence interview is due within a week (supervisors).
    interview_due: bool,
    /// Awaiting acknowledgement: what to say, and whether it is overdue.
    acknowledgement: Option<(String, bool)>,
    /// MST-CAN: in treatment over seven days without a safety plan.
    no_safety_plan: bool,
    /// MST-CAN: an incident with no notification to child welfare.
    not_notified: bool,
}

impl CaseRow {
    /// Most urgent first: an overdue acknowledgement or summary, then one
    /// awaiting acknowledgement or an interview due, then the rest.
    fn urgency(&self) -> u8 {
        let late = self.overdue
            || self.no_safety_plan
            || self.not_notified
            || self.acknowledgement.as_ref().is_some_and(|(_, late)| *late);
        if late {
            0
        } else if self.acknowledgement.is_some() || self.interview_due {
            1
        } else {
            2
        }
    }
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    rows: Vec<CaseRow>,
    /// (value, label, selected) of the "show" select.
    showing: Vec<(String, String, bool)>,
    search: String,
    /// "3 families found" after a search.
    results_text: Option<String>,
    errors: Errors,
    can_refer: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct CasesQuery {
    /// `current` (default), `all`, or a case state.
    show: Option<String>,
    /// The older name of `show` with a state.
    status: Option<String>,
    /// A name or a national identifier.
    q: Option<String>,
}

/// "Mads Jensen, 14 years" for each name, joined.
fn names_of(tr: Tr, people: &[ListedName], with_role: bool) -> String {
    people
        .iter()
        .map(|n| {
            let mut text = format!("{} {}", n.given_name, n.family_name);
            if let Some(age) = n.age {
                text.push_str(&format!(
                    ", {}",
                    tr.args("age_years", &[("n", Arg::from(i64::from(age)))])
                ));
            }
            if with_role {
                text.push_str(&format!(" ({})", tr.t(n.role.as_str())));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub async fn list(p: Page, Query(q): Query<CasesQuery>) -> PageResult {
    let (s, tr, who) = (&p.state, p.tr, &p.who);
    let actor = p.actor();
    let show = q.show.as_deref().or(q.status.as_deref());
    let search = q.q.clone().unwrap_or_default();
    let (found, errors) = match family_list::showing(show) {
        Ok(showing) => match family_list::find_families(&s.app, &actor, showing, &search).await {
            Ok(found) => (found, Errors::none()),
            Err(e) => (Vec::new(), refused(&p, e)?.1),
        },
        Err(e) => (Vec::new(), refused(&p, e)?.1),
    };
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
    let safety: HashMap<CaseId, rundt_app::safety::SafetyStatus> =
        rundt_app::safety::needing_attention(&s.app, &actor)
            .await
            .on(&p)?
            .into_iter()
            .map(|a| (a.case_id, a.status))
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
    let mut rows: Vec<CaseRow> = found
        .into_iter()
        .map(|f| {
            let c = f.case;
            let (team, country) = teams
                .get(&c.team_id)
                .cloned()
                .unwrap_or_else(|| (c.team_id.to_string(), Country::DK));
            CaseRow {
                id: c.id,
                names: names_of(tr, &f.young_persons, false),
                also_found: (!f.also_found.is_empty())
                    .then(|| format!("{}: {}", tr.t("found"), names_of(tr, &f.also_found, true))),
                status: tr.status(c.status.as_str()),
                municipality: names
                    .get(&(country, c.referring_municipality.clone()))
                    .cloned()
                    .unwrap_or_else(|| c.referring_municipality.to_string()),
                team,
                created: c
                    .referred_on
                    .unwrap_or_else(|| programme_date(c.created_at))
                    .format("%Y-%m-%d")
                    .to_string(),
                overdue: overdue.contains(&c.id),
                interview_due: interviews_due.contains(&c.id),
                no_safety_plan: safety.get(&c.id).is_some_and(|st| st.plan_overdue),
                not_notified: safety.get(&c.id).is_some_and(|st| st.flagged_incidents > 0),
                acknowledgement: awaiting
                    .get(&c.id)
                    .map(|a| (super::handoff::awaiting_text(tr, a), a.overdue)),
            }
        })
        .collect();
    // Newest first within each level of urgency (the list comes newest first).
    rows.sort_by_key(CaseRow::urgency);
    let chosen = show.unwrap_or("current");
    let showing = [
        ("current", tr.t("current_families")),
        ("all", tr.t("all_families")),
    ]
    .into_iter()
    .map(|(v, l)| (v.to_owned(), l.to_owned()))
    .chain(
        CaseStatus::ALL
            .iter()
            .map(|st| (st.as_str().to_owned(), tr.status(st.as_str()))),
    )
    .map(|(v, l)| {
        let selected = v == chosen;
        (v, l, selected)
    })
    .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(p.render(
        status,
        &CasesPage {
            tr,
            title: tr.t("families").into(),
            nav: p.nav(),
            showing,
            results_text: (!search.trim().is_empty() && errors.is_empty())
                .then(|| tr.args("search_results", &[("n", Arg::from(rows.len() as i64))])),
            rows,
            search,
            errors,
            can_refer: who.principal.role == Role::MunicipalCaseworker,
        },
    ))
}
