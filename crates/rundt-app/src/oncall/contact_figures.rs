//! The team's crisis contacts as figures (issue 13): per calendar month on
//! the team's clock, how many contacts were logged, with how many
//! families, the contacts per family in treatment that month, and the
//! call-outs — a home visit, the police or emergency services called.
//! Counts only: no family is named, so nothing here is a read of a
//! family's record.

use std::collections::{BTreeMap, BTreeSet};

use rundt_domain::country::Country;
use rundt_domain::crisis_contact::CrisisResponse;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::period::Month;
use rundt_domain::team::TeamId;
use rundt_store::CaseFilter;

use crate::{App, AppResult};

/// How many months back the figures go, this one included.
pub const MONTHS: u32 = 6;

/// One month of a team's crisis contacts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactMonth {
    /// `YYYY-MM`.
    #[serde(serialize_with = "month_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: Month,
    pub contacts: u32,
    /// Families with at least one contact.
    pub families: u32,
    /// Families in treatment at some time in the month.
    pub in_treatment: u32,
    /// Contacts with a home visit, the police or emergency services.
    pub call_outs: u32,
}

fn month_text<S: serde::Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.to_string())
}

impl ContactMonth {
    /// Contacts per family in treatment, to one decimal; `None` without
    /// families in treatment.
    pub fn per_family(&self) -> Option<f64> {
        (self.in_treatment > 0).then(|| {
            (f64::from(self.contacts) / f64::from(self.in_treatment) * 10.0).round() / 10.0
        })
    }
}

/// Whether a response took someone out to the family.
fn is_call_out(r: CrisisResponse) -> bool {
    matches!(
        r,
        CrisisResponse::HomeVisit | CrisisResponse::Police | CrisisResponse::EmergencyServices
    )
}

/// The team's crisis contacts per month for those who edit its rota (the
/// supervisor and the national office), as the rota page shows them: for
/// the CSV and XLSX downloads.
pub async fn team_contact_figures(
    app: &App,
    actor: &crate::Actor,
    team_id: TeamId,
) -> AppResult<Vec<ContactMonth>> {
    let loaded = super::load(app, team_id).await?;
    super::who::require_edit(
        app,
        actor,
        &loaded.team,
        rundt_domain::audit::AuditAction::OnCallRead,
    )
    .await?;
    contact_months(app, team_id, loaded.team.country).await
}

/// The team's crisis contacts per month, the last [`MONTHS`] months, oldest
/// first. The caller has already been allowed to read the team's rota.
pub(crate) async fn contact_months(
    app: &App,
    team_id: TeamId,
    country: Country,
) -> AppResult<Vec<ContactMonth>> {
    let this = Month::of(country.local_date(app.clock.now()));
    let first = this.minus(MONTHS - 1);
    let mut months: BTreeMap<Month, (u32, BTreeSet<CaseId>, u32, u32)> = BTreeMap::new();
    let mut m = first;
    loop {
        months.insert(m, (0, BTreeSet::new(), 0, 0));
        if m == this {
            break;
        }
        m = m.next();
    }
    let cases = app
        .store
        .list_cases(&CaseFilter {
            team_ids: Some(vec![team_id]),
            ..CaseFilter::default()
        })
        .await?;
    for case in &cases {
        // In treatment in a month: started by its last day, not discharged
        // before its first.
        if let Some(start) = case.treatment_start {
            for (month, entry) in months.iter_mut() {
                let (Some(first_day), Some(last_day)) = (month.first_day(), month.last_day())
                else {
                    continue;
                };
                let ended_before = case.discharged_on.is_some_and(|d| d < first_day)
                    || matches!(case.status, CaseStatus::Withdrawn | CaseStatus::Declined);
                if start <= last_day && !ended_before {
                    entry.2 += 1;
                }
            }
        }
    }
    // All the team's contacts of the months at once, not a query per case.
    let since = first
        .first_day()
        .map(|day| country.start_of_day(day))
        .ok_or_else(|| crate::AppError::Internal(format!("the first day of {first}")))?;
    for c in app.store.team_crisis_contacts_since(team_id, since).await? {
        let month = Month::of(country.local_date(c.contact.at));
        if let Some(entry) = months.get_mut(&month) {
            entry.0 += 1;
            entry.1.insert(c.case_id);
            if c.contact.responses.iter().any(|r| is_call_out(*r)) {
                entry.3 += 1;
            }
        }
    }
    Ok(months
        .into_iter()
        .map(
            |(month, (contacts, families, in_treatment, call_outs))| ContactMonth {
                month,
                contacts,
                families: u32::try_from(families.len()).unwrap_or(u32::MAX),
                in_treatment,
                call_outs,
            },
        )
        .collect())
}
