//! A team's money page: its price (and the form to set one), the year's
//! economy month by month, the budget, the licence fee split between its
//! owners, and the places its owners sell (with the form for a new
//! agreement). The supervisor reads it; the owners' managers and the
//! national office also set prices, the budget and agreements.

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use rundt_app::AppError;
use rundt_app::money::{self, AgreementView, TeamEconomy};
use rundt_domain::FieldError;
use rundt_domain::id::TeamId;
use rundt_domain::money::{
    BudgetCategory, BudgetLine, NewPurchaseAgreement, NewTeamPrice, PlacesBasis,
};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Position;

use super::super::form::{self, Errors, Fields};
use super::super::{Nav, OrPage, Page, PageContext, PageId, PageResult, parse_id};
use super::{
    YearQuery, amount, coded_field, currency_field, date_field, maybe_amount, number_field,
    optional_amount, percent_bp, quarters, typed_amount,
};
use crate::i18n::Tr;

/// A month of the economy table, as shown.
struct MonthRow {
    month: String,
    cost: String,
    started: u32,
    completed: u32,
    income: String,
    family_days: i64,
    capacity_days: i64,
    utilisation: String,
    cost_per_course: String,
    cost_per_completed: String,
    break_even: String,
}

/// A budget line as the form shows it (existing and blank rows).
struct BudgetRow {
    category: String,
    position: String,
    description: String,
    amount: String,
}

/// An agreement row.
struct AgreementRow {
    id: i64,
    version: i64,
    buyer: String,
    seller: String,
    places: String,
    used: u32,
    price: String,
    period: String,
    in_force: bool,
    note: String,
    /// Form values for changing it.
    seller_code: String,
    buyer_code: String,
    basis: String,
    places_input: String,
    price_input: String,
    valid_from: String,
    valid_until: String,
}

#[derive(Template)]
#[template(path = "money_team.html")]
struct TeamMoneyPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    csrf: String,
    team_id: TeamId,
    team_name: String,
    year: i32,
    currency: String,
    may_edit: bool,
    price_today: String,
    /// (from, course price, planned weeks, extra week price).
    prices: Vec<(String, String, u16, String)>,
    months: Vec<MonthRow>,
    total: MonthRow,
    budget_total: String,
    break_even_at_capacity: String,
    families_per_therapist: u8,
    budget_rows: Vec<BudgetRow>,
    budget_version: i64,
    /// (owner, share, amount).
    fee_rows: Vec<(String, String, String)>,
    fee_text: String,
    agreements: Vec<AgreementRow>,
    /// (code, name) of the owners, for the agreement form's seller.
    owners: Vec<(String, String)>,
    /// (code, name) of the country's other municipalities, as buyers.
    buyers: Vec<(String, String)>,
    quarters: Vec<(String, String)>,
    /// The national office records the team's last day here.
    may_close: bool,
    /// The last day as the form shows it (`YYYY-MM-DD`, empty: goes on).
    closed_on: String,
    categories: Vec<(String, String)>,
    positions: Vec<(String, String)>,
    /// Which form failed (`price`, `budget`, `agreement`,
    /// `agreement-{id}`) and the fields as typed.
    failed: String,
    typed: Fields,
    errors: Errors,
}

impl TeamMoneyPage {
    /// A field's value as typed when `form` was refused, else `default`.
    fn v(&self, form: &str, field: &str, default: &str) -> String {
        if self.failed == form {
            self.typed.get(field)
        } else {
            default.to_owned()
        }
    }
}

fn month_row(
    tr: Tr,
    label: String,
    m: &rundt_domain::money::MonthEconomy,
    c: rundt_domain::money::Currency,
) -> MonthRow {
    MonthRow {
        month: label,
        cost: amount(tr, m.cost, c),
        started: m.courses_started,
        completed: m.courses_completed,
        income: amount(tr, m.income, c),
        family_days: m.utilisation.family_days,
        capacity_days: m.utilisation.capacity_days,
        utilisation: percent_bp(tr, m.utilisation.basis_points),
        cost_per_course: maybe_amount(tr, m.cost_per_course, c),
        cost_per_completed: maybe_amount(tr, m.cost_per_completed_course, c),
        break_even: maybe_amount(tr, m.break_even_price, c),
    }
}

/// The year's totals (the months begun so far) as a row.
fn total_row(
    tr: Tr,
    t: &rundt_domain::money::EconomyTotals,
    c: rundt_domain::money::Currency,
) -> MonthRow {
    MonthRow {
        month: tr.t("money_year_total").to_owned(),
        cost: amount(tr, t.cost_to_date, c),
        started: t.courses_started,
        completed: t.courses_completed,
        income: amount(tr, t.income, c),
        family_days: t.utilisation.family_days,
        capacity_days: t.utilisation.capacity_days,
        utilisation: percent_bp(tr, t.utilisation.basis_points),
        cost_per_course: maybe_amount(tr, t.cost_per_course, c),
        cost_per_completed: maybe_amount(tr, t.cost_per_completed_course, c),
        break_even: maybe_amount(tr, t.break_even_price, c),
    }
}

fn agreement_row(tr: Tr, a: &AgreementView) -> AgreementRow {
    let g = &a.agreement;
    let places = match (g.basis, g.places) {
        (PlacesBasis::PerYear, Some(n)) => tr.args(
            "money_places_per_year",
            &[("n", rundt_domain::Arg::from(n))],
        ),
        (_, Some(n)) => tr.args(
            "money_places_per_course",
            &[("n", rundt_domain::Arg::from(n))],
        ),
        (_, None) => tr.t("money_basis_per_course").to_owned(),
    };
    AgreementRow {
        id: g.id,
        version: g.version,
        buyer: a.buyer_name.clone(),
        seller: a.seller_name.clone(),
        places,
        used: a.used_this_year,
        price: amount(tr, g.course_price, g.currency),
        period: format!(
            "{} – {}",
            g.valid_from,
            g.valid_until.map(|d| d.to_string()).unwrap_or_default()
        ),
        in_force: a.in_force,
        note: g.note.clone(),
        seller_code: g.seller.as_str().to_owned(),
        buyer_code: g.buyer.as_str().to_owned(),
        basis: g.basis.as_str().to_owned(),
        places_input: g.places.map(|n| n.to_string()).unwrap_or_default(),
        price_input: typed_amount(tr, g.course_price),
        valid_from: g.valid_from.to_string(),
        valid_until: g.valid_until.map(|d| d.to_string()).unwrap_or_default(),
    }
}

async fn render(
    p: &Page,
    id: TeamId,
    year: i32,
    status: StatusCode,
    failed: String,
    typed: Fields,
    errors: Errors,
) -> PageResult {
    let tr = p.tr;
    let e: TeamEconomy = money::team_economy(p.app(), &p.actor(), id, year)
        .await
        .on(p)?;
    let c = e.currency;
    let choices = money::municipalities(p.app(), e.country).await.on(p)?;
    let owners: Vec<(String, String)> = e
        .owners
        .iter()
        .map(|o| (o.code.as_str().to_owned(), o.name.clone()))
        .collect();
    let buyers = choices
        .iter()
        .filter(|m| !owners.iter().any(|(code, _)| code == m.code.as_str()))
        .map(|m| (m.code.as_str().to_owned(), m.name.clone()))
        .collect();
    let name_of = |code: &MunicipalityCode| {
        choices
            .iter()
            .find(|m| &m.code == code)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| code.as_str().to_owned())
    };
    let mut budget_rows: Vec<BudgetRow> = e
        .budget
        .lines
        .iter()
        .map(|l| BudgetRow {
            category: l.category.as_str().to_owned(),
            position: l
                .position
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            description: l.description.clone(),
            amount: typed_amount(tr, l.amount),
        })
        .collect();
    for _ in 0..3 {
        budget_rows.push(BudgetRow {
            category: String::new(),
            position: String::new(),
            description: String::new(),
            amount: String::new(),
        });
    }
    let fee_text = match &e.licence_fee {
        Some(f) => tr.args(
            "money_fee_text",
            &[
                (
                    "fee",
                    rundt_domain::Arg::from(amount(tr, f.full_fee, f.currency)),
                ),
                (
                    "total",
                    rundt_domain::Arg::from(amount(tr, f.team_total, f.currency)),
                ),
                ("days", rundt_domain::Arg::from(f.active_days)),
                ("of", rundt_domain::Arg::from(f.days_in_year)),
            ],
        ),
        None => tr.t("money_fee_not_set").to_owned(),
    };
    let fee_rows = e
        .licence_fee
        .as_ref()
        .map(|f| {
            f.shares
                .iter()
                .map(|s| {
                    (
                        name_of(&s.municipality),
                        percent_bp(tr, Some(s.share_bp)),
                        amount(tr, s.amount, f.currency),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let page = TeamMoneyPage {
        tr,
        title: tr.args(
            "money_team_title",
            &[("team", rundt_domain::Arg::from(&e.team_name))],
        ),
        nav: p.nav(),
        csrf: p.who.csrf_token().to_owned(),
        team_id: id,
        team_name: e.team_name.clone(),
        year,
        currency: c.as_str().to_owned(),
        may_edit: e.may_edit,
        price_today: match &e.price_today {
            Some(pr) => tr.args(
                "money_price_today_text",
                &[
                    (
                        "price",
                        rundt_domain::Arg::from(amount(tr, pr.course_price, pr.currency)),
                    ),
                    ("weeks", rundt_domain::Arg::from(pr.planned_weeks)),
                    ("from", rundt_domain::Arg::from(pr.effective_from)),
                ],
            ),
            None => tr.t("money_no_price").to_owned(),
        },
        prices: e
            .prices
            .iter()
            .rev()
            .map(|pr| {
                (
                    pr.effective_from.to_string(),
                    amount(tr, pr.course_price, pr.currency),
                    pr.planned_weeks,
                    maybe_amount(tr, pr.extra_week_price, pr.currency),
                )
            })
            .collect(),
        months: e
            .economy
            .months
            .iter()
            .map(|m| month_row(tr, m.month.to_string(), m, c))
            .collect(),
        total: total_row(tr, &e.economy.total, c),
        budget_total: amount(tr, e.economy.budget_total, c),
        break_even_at_capacity: maybe_amount(tr, e.economy.break_even_at_capacity, c),
        families_per_therapist: e.families_per_therapist,
        budget_rows,
        budget_version: e.budget.version,
        fee_rows,
        fee_text,
        agreements: e.places_sold.iter().map(|a| agreement_row(tr, a)).collect(),
        owners,
        buyers,
        quarters: quarters(tr, year),
        may_close: rundt_app::organisation::manages_teams(&p.who.principal, e.country),
        closed_on: e.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        categories: BudgetCategory::ALL
            .iter()
            .map(|c| {
                (
                    c.as_str().to_owned(),
                    tr.t(&format!("money_category_{}", c.as_str())).to_owned(),
                )
            })
            .collect(),
        positions: Position::ALL
            .iter()
            .map(|p| (p.as_str().to_owned(), tr.t(p.as_str()).to_owned()))
            .collect(),
        failed,
        typed,
        errors,
    };
    Ok(p.render(status, &page))
}

/// The team's money page.
pub async fn show(p: Page, PageId(id): PageId<TeamId>, Query(q): Query<YearQuery>) -> PageResult {
    let year = q.year(p.app().clock.today()).on(&p)?;
    render(
        &p,
        id,
        year,
        StatusCode::OK,
        String::new(),
        Fields::default(),
        Errors::none(),
    )
    .await
}

fn address(id: TeamId, year: i32, anchor: &str) -> String {
    format!("/teams/{id}/money?year={year}#{anchor}")
}

async fn settle<T>(
    p: &Page,
    id: TeamId,
    f: &Fields,
    result: Result<T, AppError>,
    failed: &str,
) -> PageResult {
    let year = f
        .get("year")
        .parse::<i32>()
        .unwrap_or_else(|_| chrono::Datelike::year(&p.app().clock.today()));
    // The section the form is in.
    let anchor = match failed {
        "close" => "licence-fee",
        f if f.starts_with("agreement") => "agreement",
        f => f,
    };
    let target = address(id, year, anchor);
    let typed = f.clone();
    let failed = failed.to_owned();
    form::settle(p, result, &target, |status, errors| {
        render(p, id, year, status, failed, typed, errors)
    })
    .await
}

/// Sets a price from a day on.
pub async fn price(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let from = date_field(&f, "effective_from", true, &mut errors);
    let currency = currency_field(&f, &mut errors);
    let course = super::amount_field(&f, "course_price", &mut errors);
    let weeks = number_field(
        &f,
        "planned_weeks",
        1..=104u16,
        &mut errors,
        msg!("planned-weeks-out-of-range", min = 1, max = 104),
    );
    let extra = optional_amount(&f, "extra_week_price", &mut errors);
    let read = match (from, currency, course, weeks) {
        (Some(effective_from), Some(currency), Some(course_price), Some(planned_weeks))
            if errors.is_empty() =>
        {
            Ok(NewTeamPrice {
                effective_from,
                currency,
                course_price,
                planned_weeks,
                extra_week_price: extra,
            })
        }
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |price| {
        money::set_price(p.app(), &p.actor(), id, &price).await
    })
    .await;
    settle(&p, id, &f, result, "price").await
}

/// Saves the budget's lines (rows with neither amount nor description are
/// left out).
pub async fn save_budget(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let year = f.get("year").parse::<i32>().ok();
    let version = f.required_version();
    let rows = f.rows("lines", 60);
    let mut lines = Vec::new();
    for i in 0..rows {
        let field = |name: &str| format!("lines[{i}].{name}");
        let raw_amount = f.get(&field("amount"));
        let description = form::one_line(&f.get(&field("description")));
        if raw_amount.is_empty() && description.is_empty() {
            continue;
        }
        let category: Option<BudgetCategory> = coded_field(&f, &field("category"), &mut errors);
        let position = f.get(&field("position")).parse::<Position>().ok();
        let amount = super::amount_field(&f, &field("amount"), &mut errors);
        if let (Some(category), Some(amount)) = (category, amount) {
            lines.push(BudgetLine {
                category,
                position: if category == BudgetCategory::Staff {
                    position
                } else {
                    None
                },
                description,
                amount,
            });
        }
    }
    let read = match (year, version) {
        (Some(year), Ok(version)) if errors.is_empty() => Ok((year, version)),
        (_, Err(e)) => Err(e),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |(year, version)| {
        money::save_budget(p.app(), &p.actor(), id, year, &lines, version).await
    })
    .await;
    settle(&p, id, &f, result, "budget").await
}

fn agreement_input(p: &Page, f: &Fields) -> Result<NewPurchaseAgreement, AppError> {
    let country = p.who.principal.country;
    let mut errors = Vec::new();
    let code = |field: &str, errors: &mut Vec<FieldError>| match MunicipalityCode::parse(
        country,
        &f.get(field),
    ) {
        Ok(c) => Some(c),
        Err(_) => {
            errors.push(FieldError::new(field, msg!("money-municipality-choose")));
            None
        }
    };
    let seller = code("seller", &mut errors);
    let buyer = code("buyer", &mut errors);
    let basis: Option<PlacesBasis> = coded_field(f, "basis", &mut errors);
    let places = if f.get("places").is_empty() {
        None
    } else {
        number_field(
            f,
            "places",
            1..=1000u32,
            &mut errors,
            msg!("money-places-range"),
        )
    };
    let currency = currency_field(f, &mut errors);
    let price = super::amount_field(f, "course_price", &mut errors);
    let from = date_field(f, "valid_from", true, &mut errors);
    let until = date_field(f, "valid_until", false, &mut errors);
    match (seller, buyer, basis, currency, price, from) {
        (
            Some(seller),
            Some(buyer),
            Some(basis),
            Some(currency),
            Some(course_price),
            Some(valid_from),
        ) if errors.is_empty() => Ok(NewPurchaseAgreement {
            seller,
            buyer,
            basis,
            places,
            currency,
            course_price,
            valid_from,
            valid_until: until,
            note: form::multi_line(&f.text("note")),
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Makes an agreement selling places in the team.
pub async fn new_agreement(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let result = form::then(agreement_input(&p, &f), async |input| {
        money::create_agreement(p.app(), &p.actor(), id, &input).await
    })
    .await;
    settle(&p, id, &f, result, "agreement").await
}

/// Changes an agreement's terms.
pub async fn agreement(
    p: Page,
    Path((id, agreement)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, agreement) = parse_id::<TeamId>(&id)
        .and_then(|id| Ok((id, parse_id::<i64>(&agreement)?)))
        .on(&p)?;
    let version = f.required_version().on(&p)?;
    let result = form::then(agreement_input(&p, &f), async |input| {
        money::update_agreement(p.app(), &p.actor(), agreement, version, &input).await
    })
    .await;
    settle(&p, id, &f, result, &format!("agreement-{agreement}")).await
}

/// Records the team's last day (empty: it goes on), for the national
/// office; the licence fee of that year becomes pro rata.
pub async fn close(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let closed_on = date_field(&f, "closed_on", false, &mut errors);
    let read = if errors.is_empty() {
        Ok(closed_on)
    } else {
        Err(AppError::Invalid(errors))
    };
    let result = form::then(read, async |closed_on| {
        rundt_app::organisation::close_team(p.app(), &p.actor(), id, closed_on).await
    })
    .await;
    settle(&p, id, &f, result, "close").await
}
