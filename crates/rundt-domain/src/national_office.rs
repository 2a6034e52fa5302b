//! The national programme office of each country: it licenses teams, runs
//! quality assurance and sees aggregates across all teams.

use serde::{Deserialize, Serialize};

use crate::country::Country;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NationalOffice {
    pub country: Country,
    pub name: String,
}

impl NationalOffice {
    /// The offices known when Rundt was built: MST Danmark sits in
    /// Metodecentret; in Norway NUBU runs the national implementation.
    pub fn defaults() -> Vec<Self> {
        vec![
            Self {
                country: Country::DK,
                name: "MST Danmark (Metodecentret)".into(),
            },
            Self {
                country: Country::NO,
                name: "NUBU – Nasjonalt utviklingssenter for barn og unge".into(),
            },
        ]
    }
}
