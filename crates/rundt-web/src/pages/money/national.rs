//! The national office's money page: the licence fee per team by year
//! (and the form to set a year's), and per team its price, budget, fee
//! split and the agreements in force.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::money::{self, NationalMoney};
use rundt_domain::msg;

use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageResult};
use super::{YearQuery, amount, maybe_amount, number_field};
use crate::i18n::Tr;

struct TeamRow {
    id: String,
    name: String,
    owners: String,
    price: String,
    budget: String,
    fee: String,
    agreements: u32,
}

#[derive(Template)]
#[template(path = "money_national.html")]
struct NationalPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    year: i32,
    currency: String,
    /// (year, fee per team).
    fees: Vec<(i32, String)>,
    teams: Vec<TeamRow>,
    fee_total: String,
    fee_input: String,
    errors: Errors,
}

async fn render(
    p: &Page,
    year: i32,
    status: StatusCode,
    fee_input: String,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let m: NationalMoney =
        money::national_money(p.app(), &p.actor(), p.who.principal.country, year)
            .await
            .on(p)?;
    let c = m.currency;
    let page = NationalPage {
        tr,
        title: tr.t("money_national_title").to_owned(),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        year,
        currency: c.as_str().to_owned(),
        fees: m
            .licence_fees
            .iter()
            .rev()
            .map(|f| (f.year, amount(tr, f.per_team, f.currency)))
            .collect(),
        teams: m
            .teams
            .iter()
            .map(|t| TeamRow {
                id: t.team_id.to_string(),
                name: t.team_name.clone(),
                owners: t.owners.join(", "),
                price: maybe_amount(tr, t.price_today.as_ref().map(|p| p.course_price), c),
                budget: maybe_amount(tr, t.budget_total, c),
                fee: maybe_amount(tr, t.licence_fee.as_ref().map(|f| f.team_total), c),
                agreements: t.agreements_in_force,
            })
            .collect(),
        fee_total: amount(tr, m.licence_fee_total, c),
        fee_input,
        errors,
    };
    Ok(p.render(status, &page))
}

/// The national office's money page.
pub async fn show(p: Page, Query(q): Query<YearQuery>) -> PageResult {
    let year = q.year(p.app().clock.today()).on(&p)?;
    render(&p, year, StatusCode::OK, String::new(), Errors::none()).await
}

/// Sets the licence fee per team for a year.
pub async fn licence_fee(p: Page, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let year = number_field(
        &f,
        "year",
        2000..=2100i32,
        &mut errors,
        msg!("money-year-out-of-range"),
    );
    let fee = super::amount_field(&f, "per_team", &mut errors);
    let read = match (year, fee) {
        (Some(year), Some(fee)) if errors.is_empty() => Ok((year, fee)),
        _ => Err(AppError::Invalid(errors)),
    };
    let country = p.who.principal.country;
    let result = form::then(read, async |(year, fee)| {
        money::set_licence_fee(p.app(), &p.actor(), country, year, fee).await
    })
    .await;
    let shown_year = year.unwrap_or_else(|| chrono::Datelike::year(&p.app().clock.today()));
    let typed = f.get("per_team");
    form::settle(
        &p,
        result,
        &format!("/money?year={shown_year}#licence-fees"),
        |status, errors| render(&p, shown_year, status, typed, errors),
    )
    .await
}
