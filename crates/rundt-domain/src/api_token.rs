//! What a personal API token may do, and for how long (issue 18). A token
//! acts as its owner, never beyond the owner's role and relations; its
//! scope narrows that further, and it ends on its expiry day.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::msg;

/// Days a token lives when its maker does not say.
pub const DEFAULT_LIFETIME_DAYS: u32 = 90;
/// The longest a token may live: a year, then a new one is made.
pub const MAX_LIFETIME_DAYS: u32 = 365;

/// The results paths a results-only token may read.
const RESULTS_PREFIX: &str = "/api/v1/results/";
/// Who the token is: a client checks its token with this.
const ME: &str = "/api/v1/me";

string_coded! {
    /// How much of its owner's rights a token carries.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum TokenScope {
        /// Everything the owner may do.
        #[default]
        Full => "full",
        /// Everything the owner may read; nothing written.
        ReadOnly => "read_only",
        /// The results (dashboards and their exports) the owner may see,
        /// and who the token is: for a municipality's reporting.
        ResultsOnly => "results_only",
    }
    unknown => ("scope", "token-scope-unknown")
}

impl TokenScope {
    /// Whether a request (a read: GET or HEAD) for `path` is within the
    /// scope. The owner's role and relations are checked after this, as
    /// for every request.
    pub fn allows(self, read: bool, path: &str) -> bool {
        match self {
            Self::Full => true,
            Self::ReadOnly => read,
            Self::ResultsOnly => read && (path.starts_with(RESULTS_PREFIX) || path == ME),
        }
    }
}

/// When a token made at `now` to live `days` (the default when not said)
/// ends; 1 to 365 days.
pub fn expiry(now: DateTime<Utc>, days: Option<u32>) -> Result<DateTime<Utc>, DomainError> {
    let days = days.unwrap_or(DEFAULT_LIFETIME_DAYS);
    if !(1..=MAX_LIFETIME_DAYS).contains(&days) {
        return Err(DomainError::invalid(
            "expires_in_days",
            msg!("token-lifetime", max = MAX_LIFETIME_DAYS),
        ));
    }
    Ok(now + Duration::days(i64::from(days)))
}

/// Whether a token that ends at `expires_at` still works at `now`.
pub fn is_live(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-12-06T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_read_only_token_reads_everything_and_writes_nothing() {
        let s = TokenScope::ReadOnly;
        assert!(s.allows(true, "/api/v1/cases/7/file"));
        assert!(!s.allows(false, "/api/v1/cases/7/weekly-summaries"));
        assert!(!s.allows(false, "/api/v1/me/tokens"));
    }

    #[test]
    fn a_results_only_token_reads_results_and_who_it_is_and_nothing_about_a_family() {
        let s = TokenScope::ResultsOnly;
        assert!(s.allows(true, "/api/v1/results/municipality/0751"));
        assert!(s.allows(true, "/api/v1/results/team/3/export"));
        assert!(s.allows(true, "/api/v1/me"));
        assert!(!s.allows(true, "/api/v1/cases"));
        assert!(!s.allows(true, "/api/v1/me/tokens"));
        assert!(!s.allows(true, "/api/v1/results"));
        assert!(!s.allows(false, "/api/v1/results/team/3"));
    }

    #[test]
    fn a_full_token_is_limited_only_by_its_owners_rights() {
        assert!(TokenScope::Full.allows(false, "/api/v1/cases"));
        assert_eq!(TokenScope::default(), TokenScope::Full);
    }

    #[test]
    fn a_token_lives_ninety_days_unless_told_and_never_past_a_year() {
        assert_eq!(expiry(now(), None).unwrap(), now() + Duration::days(90));
        assert_eq!(expiry(now(), Some(1)).unwrap(), now() + Duration::days(1));
        assert_eq!(
            expiry(now(), Some(365)).unwrap(),
            now() + Duration::days(365)
        );
        assert!(expiry(now(), Some(0)).is_err());
        assert!(expiry(now(), Some(366)).is_err());
    }

    #[test]
    fn a_token_ends_at_its_expiry() {
        let ends = now() + Duration::days(1);
        assert!(is_live(ends, now()));
        assert!(!is_live(ends, ends));
    }

    #[test]
    fn each_scope_has_its_code() {
        for s in [
            TokenScope::Full,
            TokenScope::ReadOnly,
            TokenScope::ResultsOnly,
        ] {
            assert_eq!(s.as_str().parse::<TokenScope>().unwrap(), s);
        }
        assert!("admin".parse::<TokenScope>().is_err());
    }
}
