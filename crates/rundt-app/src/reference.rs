//! Reference data: programme models, national offices, municipalities.

use chrono::NaiveDate;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::country::Country;
use rundt_domain::municipality::{Municipality, reference_municipalities};
use rundt_domain::national_office::NationalOffice;
use rundt_domain::programme::ProgrammeModel;
use rundt_store::{ReferenceData, ReferenceSyncReport};

use crate::{Actor, App, AppResult};

/// The reference data shipped with this build.
pub fn shipped() -> AppResult<ReferenceData> {
    let mut municipalities = Vec::new();
    for country in Country::ALL {
        municipalities.extend(reference_municipalities(country)?);
    }
    Ok(ReferenceData {
        programme_models: ProgrammeModel::defaults(),
        national_offices: NationalOffice::defaults(),
        municipalities,
    })
}

/// Brings the stored reference data up to date with the shipped lists.
pub async fn sync(app: &App) -> AppResult<ReferenceSyncReport> {
    let data = shipped()?;
    let event = Actor::system().event(
        app.clock.now(),
        AuditAction::ReferenceDataSync,
        Object::of(ObjectKind::ReferenceData),
    );
    let report = app.store.sync_reference_data(&data, &event).await?;
    Ok(report)
}

pub async fn programme_models(app: &App) -> AppResult<Vec<ProgrammeModel>> {
    Ok(app.store.list_programme_models().await?)
}

pub async fn national_offices(app: &App) -> AppResult<Vec<NationalOffice>> {
    Ok(app.store.list_national_offices().await?)
}

/// Municipalities of a country (or both); by default those valid today.
/// `all_dates` lists every code ever valid instead.
pub async fn municipalities(
    app: &App,
    country: Option<Country>,
    on: Option<NaiveDate>,
    all_dates: bool,
) -> AppResult<Vec<Municipality>> {
    let on = if all_dates {
        None
    } else {
        Some(on.unwrap_or_else(|| app.clock.today()))
    };
    Ok(app.store.list_municipalities(country, on).await?)
}
