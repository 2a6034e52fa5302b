//! Where the family lives and how to reach them (issue 13): the family's
//! own therapist (or the team's supervisor) keeps the address, the
//! household's phones and how to get in current while the family is in
//! treatment, so the team's person on call can call or visit at night.
//! Every save is a new version, audited in its transaction; reading goes
//! with the family's crisis essentials (see `crisis_essentials`).

use rundt_domain::audit::AuditAction;
use rundt_domain::home::HomeDetails;
use rundt_domain::id::CaseId;
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::msg;
use rundt_store::HomeVersion;

use crate::case_write::{CaseWrite, IfMatch};
use crate::{Actor, App, AppError, AppResult};

/// Saves the family's home details as a new version: the first with
/// `expected_version` `None`, every later one naming the latest it was made
/// on. Refused unless the family is waiting or in treatment.
pub async fn save_home(
    app: &App,
    actor: &Actor,
    case_id: CaseId,
    home: &HomeDetails,
    expected_version: Option<i64>,
) -> AppResult<HomeVersion> {
    let at = IfMatch::Home(expected_version);
    let write = CaseWrite::open(app, actor, case_id, AuditAction::CaseHomeSave, at).await?;
    if !matches!(
        write.status(),
        CaseStatus::Waiting | CaseStatus::InTreatment
    ) {
        return Err(AppError::Conflict(msg!("home-not-in-treatment")));
    }
    let kept = home.validate()?;
    Ok(app
        .store
        .save_home(case_id, &kept, expected_version, &write.event)
        .await?)
}
