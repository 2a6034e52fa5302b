//! The countries Rundt serves.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::DomainError;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Country {
    /// Denmark
    DK,
    /// Norway
    NO,
}

impl Country {
    pub const ALL: [Country; 2] = [Country::DK, Country::NO];

    pub fn code(self) -> &'static str {
        match self {
            Country::DK => "DK",
            Country::NO => "NO",
        }
    }

    /// English name; the UI translates.
    pub fn name(self) -> &'static str {
        match self {
            Country::DK => "Denmark",
            Country::NO => "Norway",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Country {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "DK" => Ok(Country::DK),
            "NO" => Ok(Country::NO),
            _ => Err(DomainError::invalid(
                "country",
                msg!("country-unknown", given = s),
            )),
        }
    }
}
