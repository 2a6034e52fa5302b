//! The countries Rundt serves.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::DomainError;
use crate::msg;

string_coded! {
    /// A country Rundt serves, by its ISO 3166 code.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Country {
        /// Denmark
        DK => "DK",
        /// Norway
        NO => "NO",
    }
}

impl Country {
    /// The ISO 3166 code, e.g. `DK`.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// English name; the UI translates.
    pub fn name(self) -> &'static str {
        match self {
            Country::DK => "Denmark",
            Country::NO => "Norway",
        }
    }
}

impl FromStr for Country {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // People type country codes in either case.
        Country::from_code(&s.trim().to_ascii_uppercase())
            .ok_or_else(|| DomainError::invalid("country", msg!("country-unknown", given = s)))
    }
}
