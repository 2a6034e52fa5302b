//! What the e-invoice of one buyer's courses in a period says: the parties'
//! billing details and the lines. The web writes it as UBL (OIOUBL in
//! Denmark, EHF / Peppol BIS Billing 3.0 in Norway); Rundt sends nothing.

use chrono::{Days, NaiveDate};
use rundt_domain::audit::AuditAction;
use rundt_domain::country::Country;
use rundt_domain::money::{BillingDetails, BuyerInvoice, InvoicePeriod};
use rundt_domain::msg;
use rundt_domain::municipality::MunicipalityCode;

use super::invoicing::{InvoicingScope, invoicing_basis};
use super::{event, municipality_object};
use crate::{Actor, App, AppError, AppResult};

/// Days from the invoice's date to its due date.
pub const PAYMENT_DAYS: u64 = 30;

/// Everything an e-invoice needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoiceFile {
    pub country: Country,
    /// The invoice's number: seller, buyer and period, so the same basis
    /// always gets the same number.
    pub id: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub period: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub seller: BillingDetails,
    pub buyer: BillingDetails,
    pub invoice: BuyerInvoice,
}

/// The e-invoice from `seller` to `buyer` for the period, out of the
/// scope's invoicing basis. Refused when the scope has nothing to invoice
/// between them, when they are the same municipality (internal courses),
/// or when either has no billing details yet (the message says whose).
pub async fn einvoice(
    app: &App,
    actor: &Actor,
    scope: &InvoicingScope,
    period: &InvoicePeriod,
    seller: &MunicipalityCode,
    buyer: &MunicipalityCode,
) -> AppResult<EInvoiceFile> {
    let basis = invoicing_basis(app, actor, scope, period).await?;
    let country = basis.country;
    if seller == buyer {
        return Err(AppError::Conflict(msg!("einvoice-internal")));
    }
    let invoice = basis
        .invoices
        .into_iter()
        .find(|i| &i.invoice.seller == seller && &i.invoice.buyer == buyer)
        .map(|i| i.invoice)
        .filter(|i| i.total > 0)
        .ok_or_else(|| AppError::Conflict(msg!("einvoice-nothing-to-invoice")))?;
    let seller_details = details(app, country, seller).await?;
    let buyer_details = details(app, country, buyer).await?;
    let issue_date = app.clock.today();
    let due_date = issue_date
        .checked_add_days(Days::new(PAYMENT_DAYS))
        .unwrap_or(issue_date);
    app.store
        .append_audit(&event(
            app,
            actor,
            AuditAction::MoneyEInvoice,
            municipality_object(buyer),
        ))
        .await?;
    Ok(EInvoiceFile {
        country,
        id: format!(
            "MST-{}-{}-{}",
            seller.as_str(),
            buyer.as_str(),
            basis.period
        ),
        issue_date,
        due_date,
        period: basis.period,
        first_day: basis.first_day,
        last_day: basis.last_day,
        seller: seller_details,
        buyer: buyer_details,
        invoice,
    })
}

async fn details(
    app: &App,
    country: Country,
    code: &MunicipalityCode,
) -> AppResult<BillingDetails> {
    app.store
        .billing_details(country, code)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(msg!(
                "einvoice-billing-details-missing",
                municipality = code.as_str()
            ))
        })
}
