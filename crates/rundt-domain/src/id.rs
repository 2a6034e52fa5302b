//! Identifiers of the things Rundt stores: a case's id cannot be passed where
//! a user's is expected. Each is a database key (a positive 64-bit integer)
//! and crosses JSON and URLs as that number.
//!
//! The backends bind them through the optional `sqlite` and `postgres`
//! features, one `ToSql` per backend written here (the domain itself still
//! does no I/O), and read them as their integer key in the store's row
//! layer.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares an identifier type over `i64`.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The identifier with this key.
            pub const fn new(key: i64) -> Self {
                Self(key)
            }

            /// The key as stored.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        bind_as!($name, i64, |v| v.0);
    };
}

id_type! {
    /// Identifies a family's case.
    ///
    /// A case's id is not a user's:
    ///
    /// ```compile_fail
    /// use rundt_domain::id::{CaseId, UserId};
    /// fn deactivate(_user: UserId) {}
    /// deactivate(CaseId::new(7));
    /// ```
    CaseId
}

id_type! {
    /// Identifies a person whose data Rundt holds (a young person, a caregiver).
    PersonId
}

id_type! {
    /// Identifies a person who logs in to Rundt.
    UserId
}

id_type! {
    /// Identifies an MST team.
    TeamId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identifier_crosses_json_and_urls_as_its_number() {
        let id = CaseId::new(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<CaseId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<CaseId>().unwrap(), id);
        assert!("forty-two".parse::<CaseId>().is_err());
    }
}
