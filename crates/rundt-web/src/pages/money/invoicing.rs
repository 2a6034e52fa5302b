//! The invoicing basis pages: per buying municipality, the families
//! started, their days in treatment, the price and the amount for a month
//! or quarter, by case number; the same as CSV (Danish/Norwegian number
//! format) and XLSX; and the e-invoice each buyer receives (OIOUBL in
//! Denmark, EHF / Peppol BIS Billing 3.0 in Norway). Rundt writes the
//! file; it sends nothing.

use askama::Template;
use axum::extract::{Path, Query};
use rundt_app::AppError;
use rundt_app::money::{self, EInvoiceFile, InvoicingBasis, InvoicingScope};
use rundt_domain::country::Country;
use rundt_domain::id::TeamId;
use rundt_domain::money::{InvoicePeriod, PricingBasis};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;
use rundt_export::{Cell, EInvoice, EInvoiceLine, EInvoiceParty, EInvoiceProfile, Table};
use serde::Deserialize;

use super::super::download;
use super::super::{Nav, OrPage, Page, PageContext, PageError, PageId, PageResult};
use super::amount;
use super::municipality::code_of;
use crate::i18n::Tr;

/// `?period=2026-Q3` (or `2026-07`); the current quarter when missing. The
/// e-invoice also names its `seller` and `buyer`.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub seller: Option<String>,
    pub buyer: Option<String>,
}

impl PeriodQuery {
    fn period(&self, today: chrono::NaiveDate) -> Result<InvoicePeriod, AppError> {
        match self
            .period
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => {
                let month = chrono::Datelike::month(&today);
                Ok(InvoicePeriod::Quarter {
                    year: chrono::Datelike::year(&today),
                    quarter: u8::try_from(month.div_ceil(3)).unwrap_or(1),
                })
            }
            Some(raw) => InvoicePeriod::parse(raw).ok_or_else(|| {
                AppError::invalid("period", msg!("invoice-period-shape", given = raw))
            }),
        }
    }
}

/// A line of the basis as shown.
struct LineRow {
    case_id: String,
    start: String,
    discharged: String,
    basis: String,
    days: u32,
    course: String,
    extra_weeks: u32,
    extra: String,
    amount: String,
}

/// One buyer's basis as shown.
struct InvoiceBlock {
    buyer: String,
    seller: String,
    buyer_code: String,
    seller_code: String,
    invoiceable: bool,
    /// Something to invoice between two municipalities: an e-invoice.
    einvoice: bool,
    families_started: u32,
    days: u64,
    total: String,
    lines: Vec<LineRow>,
}

#[derive(Template)]
#[template(path = "money_invoicing.html")]
struct InvoicingPage {
    tr: Tr,
    title: String,
    nav: Option<Nav>,
    /// `/teams/7` or `/municipalities/0751`: where the files are.
    base: String,
    back: String,
    back_label: String,
    period: String,
    /// (code, label) of the periods to choose from.
    periods: Vec<(String, String)>,
    days: String,
    invoices: Vec<InvoiceBlock>,
    unpriced: String,
}

fn basis_label(tr: Tr, basis: PricingBasis) -> String {
    tr.t(&format!("money_pricing_{}", basis.as_str()))
        .to_owned()
}

/// The months and quarters of the period's year and the year before.
fn periods(tr: Tr, period: &InvoicePeriod) -> Vec<(String, String)> {
    let year = chrono::Datelike::year(&period.first_day());
    let mut out = Vec::new();
    for y in [year, year - 1] {
        for (code, label) in super::quarters(tr, y) {
            out.push((code, label));
        }
        for m in 1..=12 {
            out.push((format!("{y}-{m:02}"), format!("{y}-{m:02}")));
        }
    }
    out
}

fn page(p: &Page, basis: &InvoicingBasis, base: String, back: (String, String)) -> PageResult {
    let tr = p.tr;
    let period = InvoicePeriod::parse(&basis.period);
    let invoices = basis
        .invoices
        .iter()
        .map(|v| {
            let c = v.invoice.currency;
            InvoiceBlock {
                buyer: v.buyer_name.clone(),
                seller: v.seller_name.clone(),
                buyer_code: v.invoice.buyer.as_str().to_owned(),
                seller_code: v.invoice.seller.as_str().to_owned(),
                invoiceable: v.invoiceable,
                einvoice: v.invoiceable && v.invoice.total > 0,
                families_started: v.invoice.families_started,
                days: v.invoice.days,
                total: amount(tr, v.invoice.total, c),
                lines: v
                    .invoice
                    .lines
                    .iter()
                    .map(|l| LineRow {
                        case_id: l.case_id.to_string(),
                        start: l.treatment_start.to_string(),
                        discharged: l.discharged_on.map(|d| d.to_string()).unwrap_or_default(),
                        basis: basis_label(tr, l.basis),
                        days: l.days_in_period,
                        course: amount(tr, l.course_amount, c),
                        extra_weeks: l.extra_weeks,
                        extra: amount(tr, l.extra_amount, c),
                        amount: amount(tr, l.amount, c),
                    })
                    .collect(),
            }
        })
        .collect();
    let page = InvoicingPage {
        tr,
        title: tr.args(
            "money_invoicing_title",
            &[
                ("scope", rundt_domain::Arg::from(&basis.scope_name)),
                ("period", rundt_domain::Arg::from(&basis.period)),
            ],
        ),
        nav: p.nav(),
        base,
        back: back.0,
        back_label: back.1,
        period: basis.period.clone(),
        periods: period.map(|pd| periods(tr, &pd)).unwrap_or_default(),
        days: format!("{} – {}", basis.first_day, basis.last_day),
        invoices,
        unpriced: if basis.unpriced_cases.is_empty() {
            String::new()
        } else {
            tr.args(
                "money_unpriced_cases",
                &[(
                    "cases",
                    rundt_domain::Arg::from(
                        basis
                            .unpriced_cases
                            .iter()
                            .map(|c| c.to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                )],
            )
        },
    };
    Ok(p.render(axum::http::StatusCode::OK, &page))
}

async fn basis_of(
    p: &Page,
    scope: &InvoicingScope,
    q: &PeriodQuery,
) -> Result<InvoicingBasis, PageError> {
    let period = q.period(p.app().clock.today()).on(p)?;
    money::invoicing_basis(p.app(), &p.actor(), scope, &period)
        .await
        .on(p)
}

fn team_scope(id: TeamId) -> InvoicingScope {
    InvoicingScope::Team(id)
}

fn municipality_scope(
    p: &Page,
    raw: &str,
) -> Result<(InvoicingScope, MunicipalityCode), PageError> {
    let code = code_of(p, raw).on(p)?;
    Ok((
        InvoicingScope::Municipality {
            country: p.who.principal.country,
            code: code.clone(),
        },
        code,
    ))
}

/// A team's invoicing basis for a period.
pub async fn team_invoicing(
    p: Page,
    PageId(id): PageId<TeamId>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let basis = basis_of(&p, &team_scope(id), &q).await?;
    let back = (
        format!("/teams/{id}/money"),
        p.tr.t("money_back_to_team").to_owned(),
    );
    page(&p, &basis, format!("/teams/{id}"), back)
}

/// A municipality's invoicing basis for a period.
pub async fn municipality_invoicing(
    p: Page,
    Path(raw): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (scope, code) = municipality_scope(&p, &raw)?;
    let basis = basis_of(&p, &scope, &q).await?;
    let back = (
        format!("/municipalities/{}/money", code.as_str()),
        p.tr.t("money_back_to_municipality").to_owned(),
    );
    page(
        &p,
        &basis,
        format!("/municipalities/{}", code.as_str()),
        back,
    )
}

/// The basis as two tables: per buyer, and per case.
fn tables(tr: Tr, basis: &InvoicingBasis) -> Vec<Table> {
    let summary = Table {
        title: tr.args(
            "money_invoicing_title",
            &[
                ("scope", rundt_domain::Arg::from(&basis.scope_name)),
                ("period", rundt_domain::Arg::from(&basis.period)),
            ],
        ),
        columns: [
            "money_buyer",
            "money_seller",
            "money_currency",
            "money_families_started_column",
            "money_days_in_treatment",
            "money_amount",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: basis
            .invoices
            .iter()
            .map(|v| {
                vec![
                    Cell::Text(v.buyer_name.clone()),
                    Cell::Text(v.seller_name.clone()),
                    Cell::Text(v.invoice.currency.as_str().to_owned()),
                    Cell::Integer(i64::from(v.invoice.families_started)),
                    Cell::Integer(i64::try_from(v.invoice.days).unwrap_or(i64::MAX)),
                    Cell::Money(v.invoice.total),
                ]
            })
            .collect(),
    };
    let lines = Table {
        title: tr.t("money_invoicing_lines").to_owned(),
        columns: [
            "money_buyer",
            "money_seller",
            "money_case_number",
            "money_treatment_start",
            "money_discharged",
            "money_pricing_basis",
            "money_days_in_period",
            "money_course_amount",
            "money_extra_weeks",
            "money_extra_amount",
            "money_amount",
        ]
        .iter()
        .map(|k| tr.t(k).to_owned())
        .collect(),
        rows: basis
            .invoices
            .iter()
            .flat_map(|v| {
                v.invoice.lines.iter().map(|l| {
                    vec![
                        Cell::Text(v.buyer_name.clone()),
                        Cell::Text(v.seller_name.clone()),
                        Cell::Integer(l.case_id.get()),
                        Cell::Text(l.treatment_start.to_string()),
                        Cell::Text(l.discharged_on.map(|d| d.to_string()).unwrap_or_default()),
                        Cell::Text(basis_label(tr, l.basis)),
                        Cell::Integer(i64::from(l.days_in_period)),
                        Cell::Money(l.course_amount),
                        Cell::Integer(i64::from(l.extra_weeks)),
                        Cell::Money(l.extra_amount),
                        Cell::Money(l.amount),
                    ]
                })
            })
            .collect(),
    };
    vec![summary, lines]
}

fn file_name(tr: Tr, basis: &InvoicingBasis) -> String {
    format!(
        "{} {} {}",
        tr.t("money_invoicing"),
        basis.scope_name,
        basis.period
    )
}

fn csv(p: &Page, basis: &InvoicingBasis) -> PageResult {
    download::csv(p, &tables(p.tr, basis), &file_name(p.tr, basis))
}

fn xlsx(p: &Page, basis: &InvoicingBasis) -> PageResult {
    download::xlsx(p, &tables(p.tr, basis), &file_name(p.tr, basis))
}

/// A team's invoicing basis as CSV.
pub async fn team_csv(
    p: Page,
    PageId(id): PageId<TeamId>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    csv(&p, &basis_of(&p, &team_scope(id), &q).await?)
}

/// A team's invoicing basis as XLSX.
pub async fn team_xlsx(
    p: Page,
    PageId(id): PageId<TeamId>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    xlsx(&p, &basis_of(&p, &team_scope(id), &q).await?)
}

/// A municipality's invoicing basis as CSV.
pub async fn municipality_csv(
    p: Page,
    Path(raw): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (scope, _) = municipality_scope(&p, &raw)?;
    csv(&p, &basis_of(&p, &scope, &q).await?)
}

/// A municipality's invoicing basis as XLSX.
pub async fn municipality_xlsx(
    p: Page,
    Path(raw): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (scope, _) = municipality_scope(&p, &raw)?;
    xlsx(&p, &basis_of(&p, &scope, &q).await?)
}

/// The e-invoice as rundt-export writes it.
pub(crate) fn einvoice_of(tr: Tr, file: &EInvoiceFile) -> EInvoice {
    let party = |d: &rundt_domain::money::BillingDetails| EInvoiceParty {
        name: d.legal_name.clone(),
        registration_number: d.registration_number.clone(),
        endpoint_scheme: d.endpoint_scheme.as_str().to_owned(),
        endpoint_id: d.endpoint_id.clone(),
        street: d.street.clone(),
        postal_code: d.postal_code.clone(),
        city: d.city.clone(),
        country_code: d.country.as_str().to_owned(),
    };
    let mut lines = Vec::new();
    for l in &file.invoice.lines {
        if l.course_amount != 0 {
            lines.push(EInvoiceLine {
                id: format!("{}-course", l.case_id),
                description: tr.args(
                    "money_einvoice_course",
                    &[
                        ("case", rundt_domain::Arg::from(l.case_id.get())),
                        ("start", rundt_domain::Arg::from(l.treatment_start)),
                    ],
                ),
                quantity: 1,
                unit_code: "C62".into(),
                unit_price_minor: l.course_amount,
                amount_minor: l.course_amount,
            });
        }
        if l.extra_amount != 0 {
            lines.push(EInvoiceLine {
                id: format!("{}-weeks", l.case_id),
                description: tr.args(
                    "money_einvoice_weeks",
                    &[("case", rundt_domain::Arg::from(l.case_id.get()))],
                ),
                quantity: i64::from(l.extra_weeks),
                unit_code: "WEE".into(),
                unit_price_minor: l.extra_week_price.unwrap_or_default(),
                amount_minor: l.extra_amount,
            });
        }
    }
    EInvoice {
        profile: match file.country {
            Country::DK => EInvoiceProfile::Oioubl,
            Country::NO => EInvoiceProfile::PeppolBis3,
        },
        id: file.id.clone(),
        issue_date: file.issue_date,
        due_date: file.due_date,
        currency: file.invoice.currency.as_str().to_owned(),
        buyer_reference: file.buyer.endpoint_id.clone(),
        period_start: file.first_day,
        period_end: file.last_day,
        seller: party(&file.seller),
        buyer: party(&file.buyer),
        bank_account: file.seller.bank_account.clone(),
        note: tr.args(
            "money_einvoice_note",
            &[("period", rundt_domain::Arg::from(&file.period))],
        ),
        lines,
    }
}

async fn einvoice_file(p: &Page, scope: &InvoicingScope, q: &PeriodQuery) -> PageResult {
    let period = q.period(p.app().clock.today()).on(p)?;
    let country = p.who.principal.country;
    let code = |raw: &Option<String>, field: &str| {
        MunicipalityCode::parse(country, raw.as_deref().unwrap_or_default())
            .map_err(|_| AppError::invalid(field, msg!("money-municipality-choose")))
    };
    let seller = code(&q.seller, "seller").on(p)?;
    let buyer = code(&q.buyer, "buyer").on(p)?;
    let file = money::einvoice(p.app(), &p.actor(), scope, &period, &seller, &buyer)
        .await
        .on(p)?;
    let invoice = einvoice_of(p.tr, &file);
    let xml = rundt_export::einvoice_xml(&invoice)
        .map_err(|e| AppError::Internal(e.to_string()))
        .on(p)?;
    Ok(crate::subject_copy_pdf::attachment(
        "application/xml; charset=utf-8",
        &rundt_export::einvoice_file_name(&invoice),
        xml.into_bytes(),
    ))
}

pub async fn team_einvoice(
    p: Page,
    PageId(id): PageId<TeamId>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    einvoice_file(&p, &team_scope(id), &q).await
}

pub async fn municipality_einvoice(
    p: Page,
    Path(raw): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let (scope, _) = municipality_scope(&p, &raw)?;
    einvoice_file(&p, &scope, &q).await
}
