//! The courses money is computed from: each family's treatment days, how
//! it ended, and the price its referral was bought at. Read through the
//! results table, which appends the read's audit event once per family
//! (case numbers only: money never shows names).

use std::collections::HashMap;

use chrono::NaiveDate;
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::discharge::DischargeReason;
use rundt_domain::id::{CaseId, TeamId};
use rundt_domain::money::{CourseFact, InvoiceCase, ReferralPrice};
use rundt_domain::municipality::MunicipalityCode;
use rundt_store::{FamilyResultRow, FamilyResultsFilter};

use crate::{App, AppResult};

/// A family's course with its price.
#[derive(Debug, Clone)]
pub(crate) struct Course {
    pub row: FamilyResultRow,
    pub price: Option<ReferralPrice>,
}

impl Course {
    pub(crate) fn fact(&self) -> Option<CourseFact> {
        Some(CourseFact {
            case_id: self.row.case_id,
            treatment_start: self.row.treatment_start?,
            discharged_on: self.row.discharged_on,
            completed: self.row.discharge_reason == Some(DischargeReason::Completed),
            price: self.price.clone(),
        })
    }

    pub(crate) fn invoice_case(&self) -> Option<InvoiceCase> {
        Some(InvoiceCase {
            case_id: self.row.case_id,
            treatment_start: self.row.treatment_start,
            discharged_on: self.row.discharged_on,
            price: self.price.clone()?,
        })
    }
}

/// Which courses to read.
pub(crate) struct CourseQuery {
    pub country: Country,
    pub team_ids: Option<Vec<TeamId>>,
    /// Referred or paid for by this municipality.
    pub municipality: Option<MunicipalityCode>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The courses with a treatment day between `from` and `to`, audited with
/// `audit` per family.
pub(crate) async fn courses(
    app: &App,
    query: CourseQuery,
    audit: &AuditEvent,
) -> AppResult<Vec<Course>> {
    let rows = app
        .store
        .family_results(
            &FamilyResultsFilter {
                country: query.country,
                therapist_id: None,
                team_ids: query.team_ids.clone(),
                municipality: query.municipality,
                from: query.from,
                to: query.to,
                page: None,
            },
            audit,
        )
        .await?
        .rows;
    let mut prices: HashMap<CaseId, ReferralPrice> = HashMap::new();
    match &query.team_ids {
        Some(teams) => {
            for team in teams {
                for p in app.store.case_prices(Some(*team)).await? {
                    prices.insert(p.case_id, p.price);
                }
            }
        }
        None => {
            for p in app.store.case_prices(None).await? {
                prices.insert(p.case_id, p.price);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| Course {
            price: prices.get(&row.case_id).cloned(),
            row,
        })
        .collect())
}
