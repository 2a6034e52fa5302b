//! A municipality's money page, for its manager and the national office:
//! what it spent on MST in the year against the out-of-home placements
//! avoided (the assumptions beside the figure), the places it bought and
//! sold, its share of licence fees, links to the invoicing basis, and the
//! forms for its placement cost and billing details.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::money::{self, AgreementView, MunicipalityMoney};
use rundt_domain::FieldError;
use rundt_domain::country::Country;
use rundt_domain::money::{BillingDetails, EndpointScheme, NewPlacementCost};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;

use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageResult};
use super::{
    YearQuery, amount, coded_field, currency_field, number_field, percent_bp, quarters,
    typed_amount,
};
use crate::i18n::Tr;

/// A row of places bought or sold.
struct PlacesRow {
    team: String,
    other: String,
    places: String,
    used: u32,
    price: String,
    period: String,
}

#[derive(Template)]
#[template(path = "money_municipality.html")]
struct MunicipalityPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    code: String,
    year: i32,
    currency: String,
    spent: String,
    courses_bought: String,
    families_started: u32,
    licence_fee_total: String,
    earned: String,
    /// (team, share, amount, team total).
    fees: Vec<(String, String, String, String)>,
    bought: Vec<PlacesRow>,
    sold: Vec<PlacesRow>,
    /// The comparison, when a placement cost is set.
    avoided: Option<AvoidedPart>,
    discharged: u32,
    living_at_home: u32,
    quarters: Vec<(String, String)>,
    /// The placement cost form's values.
    cost_input: String,
    months_input: String,
    assumption_input: String,
    billing: BillingDetails,
    schemes: Vec<(String, String)>,
    failed: String,
    errors: Errors,
}

/// Spending against the placements avoided, with its assumptions.
struct AvoidedPart {
    spent: String,
    avoided: u32,
    value_per_placement: String,
    avoided_value: String,
    difference: String,
    /// The assumptions in words.
    assumptions: Vec<String>,
}

fn places_row(tr: Tr, a: &AgreementView, buying: bool) -> PlacesRow {
    let g = &a.agreement;
    PlacesRow {
        team: a.team_name.clone(),
        other: if buying {
            a.seller_name.clone()
        } else {
            a.buyer_name.clone()
        },
        places: g
            .places
            .map(|n| n.to_string())
            .unwrap_or_else(|| "–".into()),
        used: a.used_this_year,
        price: amount(tr, g.course_price, g.currency),
        period: format!(
            "{} – {}",
            g.valid_from,
            g.valid_until.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

pub(super) fn code_of(p: &Page, raw: &str) -> Result<MunicipalityCode, AppError> {
    MunicipalityCode::parse(p.who.principal.country, raw)
        .map_err(|_| AppError::NotFound(raw.to_owned()))
}

async fn render(
    p: &Page,
    code: &MunicipalityCode,
    year: i32,
    status: StatusCode,
    failed: String,
    typed: Fields,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let country: Country = p.who.principal.country;
    let m: MunicipalityMoney = money::municipality_money(p.app(), &p.actor(), country, code, year)
        .await
        .on(p)?;
    let c = m.currency;
    let billing = money::billing_details(p.app(), &p.actor(), country, code)
        .await
        .on(p)?
        .unwrap_or_else(|| BillingDetails {
            country,
            municipality: code.clone(),
            legal_name: m.name.clone(),
            registration_number: String::new(),
            endpoint_scheme: match country {
                Country::DK => EndpointScheme::Gln,
                Country::NO => EndpointScheme::NorwegianOrgNumber,
            },
            endpoint_id: String::new(),
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            bank_account: String::new(),
            version: 0,
        });
    let billing = if failed == "billing" {
        BillingDetails {
            legal_name: typed.get("legal_name"),
            registration_number: typed.get("registration_number"),
            endpoint_id: typed.get("endpoint_id"),
            street: typed.get("street"),
            postal_code: typed.get("postal_code"),
            city: typed.get("city"),
            bank_account: typed.get("bank_account"),
            ..billing
        }
    } else {
        billing
    };
    let avoided = m
        .against_avoided
        .as_ref()
        .zip(m.placement_cost.as_ref())
        .map(|(a, cost)| AvoidedPart {
            spent: amount(tr, a.spent, c),
            avoided: a.avoided_placements,
            value_per_placement: amount(tr, a.value_per_placement, c),
            avoided_value: amount(tr, a.avoided_value, c),
            difference: amount(tr, a.difference, c),
            assumptions: vec![
                tr.args(
                    "money_assumption_cost",
                    &[
                        (
                            "cost",
                            rundt_domain::Arg::from(amount(tr, cost.yearly_cost, c)),
                        ),
                        ("year", rundt_domain::Arg::from(cost.year)),
                    ],
                ),
                tr.args(
                    "money_assumption_months",
                    &[("months", rundt_domain::Arg::from(cost.assumed_months))],
                ),
                tr.t("money_assumption_living_at_home").to_owned(),
                cost.assumption.clone(),
            ],
        });
    let (cost_input, months_input, assumption_input) = if failed == "placement" {
        (
            typed.get("yearly_cost"),
            typed.get("assumed_months"),
            typed.text("assumption"),
        )
    } else {
        match &m.placement_cost {
            Some(pc) => (
                typed_amount(tr, pc.yearly_cost),
                pc.assumed_months.to_string(),
                pc.assumption.clone(),
            ),
            None => (String::new(), "12".into(), String::new()),
        }
    };
    let page = MunicipalityPage {
        tr,
        title: tr.args(
            "money_municipality_title",
            &[("name", rundt_domain::Arg::from(&m.name))],
        ),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        code: code.as_str().to_owned(),
        year,
        currency: c.as_str().to_owned(),
        spent: amount(tr, m.spent, c),
        courses_bought: amount(tr, m.courses_bought, c),
        families_started: m.families_started,
        licence_fee_total: amount(tr, m.licence_fee_total, c),
        earned: amount(tr, m.earned_from_places_sold, c),
        fees: m
            .licence_fees
            .iter()
            .map(|f| {
                (
                    f.team_name.clone(),
                    percent_bp(tr, Some(f.share.share_bp)),
                    amount(tr, f.share.amount, c),
                    amount(tr, f.team_total, c),
                )
            })
            .collect(),
        bought: m
            .places_bought
            .iter()
            .map(|a| places_row(tr, a, true))
            .collect(),
        sold: m
            .places_sold
            .iter()
            .map(|a| places_row(tr, a, false))
            .collect(),
        avoided,
        discharged: m.discharged,
        living_at_home: m.living_at_home_at_discharge,
        quarters: quarters(tr, year),
        cost_input,
        months_input,
        assumption_input,
        billing,
        schemes: EndpointScheme::ALL
            .iter()
            .filter(|s| match country {
                Country::DK => **s != EndpointScheme::NorwegianOrgNumber,
                Country::NO => **s == EndpointScheme::NorwegianOrgNumber,
            })
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    tr.t(&format!("money_scheme_{}", s.as_str())).to_owned(),
                )
            })
            .collect(),
        failed,
        errors,
    };
    Ok(p.render(status, &page))
}

/// The municipality's money page.
pub async fn show(p: Page, Path(raw): Path<String>, Query(q): Query<YearQuery>) -> PageResult {
    let code = code_of(&p, &raw).on(&p)?;
    let year = q.year(p.app().clock.today()).on(&p)?;
    render(
        &p,
        &code,
        year,
        StatusCode::OK,
        String::new(),
        Fields::default(),
        Errors::none(),
    )
    .await
}

async fn settle<T>(
    p: &Page,
    code: &MunicipalityCode,
    f: &Fields,
    result: Result<T, AppError>,
    failed: &str,
) -> PageResult {
    let year = f
        .get("year")
        .parse::<i32>()
        .unwrap_or_else(|_| chrono::Datelike::year(&p.app().clock.today()));
    let target = format!(
        "/municipalities/{}/money?year={year}#{failed}",
        code.as_str()
    );
    let typed = f.clone();
    let failed = failed.to_owned();
    form::settle(p, result, &target, |status, errors| {
        render(p, code, year, status, failed, typed, errors)
    })
    .await
}

/// Sets the placement cost for a year.
pub async fn placement_cost(p: Page, Path(raw): Path<String>, f: Fields) -> PageResult {
    let code = code_of(&p, &raw).on(&p)?;
    let mut errors = Vec::new();
    let year = number_field(
        &f,
        "year",
        2000..=2100i32,
        &mut errors,
        msg!("money-year-out-of-range"),
    );
    let cost = super::amount_field(&f, "yearly_cost", &mut errors);
    let months = number_field(
        &f,
        "assumed_months",
        1..=60u16,
        &mut errors,
        msg!("placement-months-out-of-range"),
    );
    let currency = currency_field(&f, &mut errors);
    let read = match (year, cost, months, currency) {
        (Some(year), Some(yearly_cost), Some(assumed_months), Some(currency))
            if errors.is_empty() =>
        {
            Ok(NewPlacementCost {
                year,
                currency,
                yearly_cost,
                assumed_months,
                assumption: form::multi_line(&f.text("assumption")),
            })
        }
        _ => Err(AppError::Invalid(errors)),
    };
    let country = p.who.principal.country;
    let result = form::then(read, async |cost| {
        money::set_placement_cost(p.app(), &p.actor(), country, &code, &cost).await
    })
    .await;
    settle(&p, &code, &f, result, "placement").await
}

/// Saves the billing details.
pub async fn billing(p: Page, Path(raw): Path<String>, f: Fields) -> PageResult {
    let code = code_of(&p, &raw).on(&p)?;
    let country = p.who.principal.country;
    let mut errors: Vec<FieldError> = Vec::new();
    let scheme: Option<EndpointScheme> = coded_field(&f, "endpoint_scheme", &mut errors);
    let version = f.required_version();
    let read = match (scheme, version) {
        (Some(endpoint_scheme), Ok(version)) if errors.is_empty() => Ok(BillingDetails {
            country,
            municipality: code.clone(),
            legal_name: form::one_line(&f.get("legal_name")),
            registration_number: f.get("registration_number").replace(' ', ""),
            endpoint_scheme,
            endpoint_id: f.get("endpoint_id").replace(' ', ""),
            street: form::one_line(&f.get("street")),
            postal_code: f.get("postal_code"),
            city: form::one_line(&f.get("city")),
            bank_account: form::one_line(&f.get("bank_account")),
            version,
        }),
        (_, Err(e)) => Err(e),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |details| {
        money::save_billing_details(p.app(), &p.actor(), &details).await
    })
    .await;
    settle(&p, &code, &f, result, "billing").await
}
