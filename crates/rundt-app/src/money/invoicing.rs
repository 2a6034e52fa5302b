//! The invoicing basis: per buying municipality and month or quarter, the
//! families started, their days in treatment, the price and the amount,
//! reconciling exactly with the cases (the domain's
//! [`rundt_domain::money::invoicing_basis`]).

use std::collections::BTreeSet;

use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::money::{BuyerInvoice, InvoicePeriod, invoicing_basis as basis_of};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::team::Team;
use serde::Serialize;

use super::courses::{Course, CourseQuery, courses};
use super::who::{require_view_municipality, require_view_team};
use super::{event, municipality_name, municipality_object, team};
use crate::{Actor, App, AppResult};

/// Whose invoicing basis: a team's (every buyer of its places, for those
/// who see its money) or a municipality's (what it buys and what it sells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoicingScope {
    Team(TeamId),
    Municipality {
        country: Country,
        code: MunicipalityCode,
    },
}

/// One buyer's invoice basis with the parties' names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyerInvoiceView {
    pub buyer_name: String,
    pub seller_name: String,
    /// Whether the buyer is another municipality than the seller (an
    /// e-invoice can be written); internal courses are shown, not invoiced.
    pub invoiceable: bool,
    pub invoice: BuyerInvoice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicingBasis {
    /// `2026-07` or `2026-Q3`.
    pub period: String,
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
    pub country: Country,
    /// The team's or municipality's name.
    pub scope_name: String,
    pub invoices: Vec<BuyerInvoiceView>,
    /// Courses in the period without a price (referred before prices were
    /// kept), by case number: not invoiced.
    pub unpriced_cases: Vec<CaseId>,
}

/// The invoicing basis of a scope for a period; the read is audited once
/// per family counted.
pub async fn invoicing_basis(
    app: &App,
    actor: &Actor,
    scope: &InvoicingScope,
    period: &InvoicePeriod,
) -> AppResult<InvoicingBasis> {
    let action = AuditAction::MoneyInvoicingRead;
    let (first, last) = (period.first_day(), period.last_day());
    let (country, scope_name, found) = match scope {
        InvoicingScope::Team(team_id) => {
            let team = team(app, *team_id).await?;
            require_view_team(app, actor, &team, action).await?;
            let audit = event(app, actor, action, Object::team(team.id));
            let found = courses(
                app,
                CourseQuery {
                    country: team.country,
                    team_ids: Some(vec![team.id]),
                    municipality: None,
                    from: first,
                    to: last,
                },
                &audit,
            )
            .await?;
            (team.country, team.name, found)
        }
        InvoicingScope::Municipality { country, code } => {
            require_view_municipality(app, actor, *country, code, action).await?;
            let audit = event(app, actor, action, municipality_object(code));
            let found = municipality_courses(app, *country, code, first, last, &audit).await?;
            (
                *country,
                municipality_name(app, *country, code).await?,
                found,
            )
        }
    };
    let unpriced_cases = found
        .iter()
        .filter(|c| c.price.is_none())
        .map(|c| c.row.case_id)
        .collect();
    let cases: Vec<_> = found.iter().filter_map(Course::invoice_case).collect();
    let mut invoices = Vec::new();
    for invoice in basis_of(period, &cases, app.clock.today()) {
        invoices.push(BuyerInvoiceView {
            buyer_name: municipality_name(app, country, &invoice.buyer).await?,
            seller_name: municipality_name(app, country, &invoice.seller).await?,
            invoiceable: invoice.buyer != invoice.seller,
            invoice,
        });
    }
    Ok(InvoicingBasis {
        period: period.code(),
        first_day: first,
        last_day: last,
        country,
        scope_name,
        invoices,
        unpriced_cases,
    })
}

/// The courses a municipality pays for or sells (in a team it owns), each
/// once.
pub(crate) async fn municipality_courses(
    app: &App,
    country: Country,
    code: &MunicipalityCode,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    audit: &rundt_domain::audit::AuditEvent,
) -> AppResult<Vec<Course>> {
    let owned: Vec<TeamId> = owned_teams(app, country, code)
        .await?
        .iter()
        .map(|t| t.id)
        .collect();
    let mut found = courses(
        app,
        CourseQuery {
            country,
            team_ids: None,
            municipality: Some(code.clone()),
            from: first,
            to: last,
        },
        audit,
    )
    .await?;
    if !owned.is_empty() {
        found.extend(
            courses(
                app,
                CourseQuery {
                    country,
                    team_ids: Some(owned),
                    municipality: None,
                    from: first,
                    to: last,
                },
                audit,
            )
            .await?,
        );
    }
    let mut seen = BTreeSet::new();
    found.retain(|c| {
        let mine = c
            .price
            .as_ref()
            .is_none_or(|p| &p.buyer == code || &p.seller == code);
        mine && seen.insert(c.row.case_id)
    });
    Ok(found)
}

/// The teams of `country` a municipality owns (part of).
pub(crate) async fn owned_teams(
    app: &App,
    country: Country,
    code: &MunicipalityCode,
) -> AppResult<Vec<Team>> {
    Ok(app
        .store
        .list_teams()
        .await?
        .into_iter()
        .filter(|t| t.country == country && t.owners.iter().any(|o| &o.municipality_code == code))
        .collect())
}
