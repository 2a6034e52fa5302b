//! `/teams/{id}/plan`: a team started from a feasibility study, its plan
//! (the approved version's expected scenario) against what happened, month
//! by month: families referred, families in treatment, therapists in post,
//! cost.

use askama::Template;
use axum::http::StatusCode;
use rundt_app::feasibility;
use rundt_app::organisation;
use rundt_domain::Arg;
use rundt_domain::id::TeamId;
use rundt_domain::period::Month;

use super::super::money::{amount, maybe_amount};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult};
use super::families;
use crate::i18n::Tr;

struct MonthLine {
    month: String,
    planned_referrals: String,
    referrals: u32,
    planned_families: String,
    families: u32,
    planned_therapists: u8,
    therapists: u32,
    short: bool,
    planned_cost: String,
    cost: String,
}

#[derive(Template)]
#[template(path = "team_plan.html")]
struct PlanPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    team_id: TeamId,
    study: Option<(i64, String, i64)>,
    months: Vec<MonthLine>,
    planned_posts: String,
}

/// The team's plan against what happened.
pub async fn team_plan(p: Page, PageId(id): PageId<TeamId>) -> PageResult {
    let tr = p.tr;
    let team = organisation::team_overview(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let plan = feasibility::team_plan(p.app(), &p.actor(), id)
        .await
        .on(&p)?;
    let (study, months, planned_posts) = match plan {
        None => (None, Vec::new(), String::new()),
        Some(plan) => {
            let currency = plan.study.current.document.currency;
            let months = plan
                .months
                .iter()
                .rev()
                .map(|m| MonthLine {
                    month: Month::of(m.month).to_string(),
                    planned_referrals: families(tr, m.planned.referrals),
                    referrals: m.actual.referrals,
                    planned_families: families(tr, m.planned.families_in_treatment),
                    families: m.actual.families_in_treatment,
                    planned_therapists: m.planned.therapists,
                    therapists: m.actual.therapists,
                    short: m.actual.therapists < u32::from(m.planned.therapists),
                    planned_cost: amount(tr, m.planned.cost, currency),
                    cost: maybe_amount(tr, m.actual.cost, currency),
                })
                .collect();
            let most = plan
                .plan
                .months
                .iter()
                .map(|m| m.therapists)
                .max()
                .unwrap_or(0);
            let least = plan
                .plan
                .months
                .iter()
                .map(|m| m.therapists)
                .min()
                .unwrap_or(0);
            let posts = tr.args(
                "team_plan_posts",
                &[
                    ("from", Arg::from(i64::from(least))),
                    ("to", Arg::from(i64::from(most))),
                ],
            );
            (
                Some((
                    plan.study.id,
                    plan.study.current.document.title.clone(),
                    plan.study.current.version,
                )),
                months,
                posts,
            )
        }
    };
    let page = PlanPage {
        tr,
        title: tr.args(
            "team_plan_title",
            &[("team", Arg::from(team.name.as_str()))],
        ),
        nav: p.nav(),
        team_id: id,
        study,
        months,
        planned_posts,
    };
    Ok(p.render(StatusCode::OK, &page))
}
