//! The municipality names a dashboard groups by, kept per app server and
//! country under the summary tables' version.
//!
//! A reference-data sync that adds or renames a municipality raises that
//! version in its own transaction (both stores), so names read after the
//! version was seen to be `v` are at least as new as `v`, and names kept
//! under `v` are used only while the version is still `v`. Before, every
//! dashboard read the country's whole list (about a thousand rows with
//! Norway's history): about 8 % of a team dashboard's server time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rundt_domain::country::Country;
use rundt_domain::municipality::MunicipalityCode;

use crate::{App, AppResult};

/// A country's municipality names by code (the latest name of each).
pub type MunicipalityNames = Arc<HashMap<MunicipalityCode, String>>;

/// The names last read per country, with the version they were read at.
#[derive(Debug, Default)]
pub struct NamesCache {
    by_country: Mutex<HashMap<Country, (i64, MunicipalityNames)>>,
}

impl NamesCache {
    /// The names kept for `country` at exactly `version`.
    pub fn get(&self, country: Country, version: i64) -> Option<MunicipalityNames> {
        let kept = self
            .by_country
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        kept.get(&country)
            .filter(|(v, _)| *v == version)
            .map(|(_, names)| names.clone())
    }

    /// Keeps names read after the version was `version`; names of a later
    /// version already kept stay.
    pub fn put(&self, country: Country, version: i64, names: MunicipalityNames) {
        let mut kept = self
            .by_country
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if kept.get(&country).is_some_and(|(v, _)| *v > version) {
            return;
        }
        kept.insert(country, (version, names));
    }
}

/// `country`'s municipality names as of `version` (read by the caller
/// before this): kept ones if the version is the same, else read anew.
pub async fn municipality_names(
    app: &App,
    country: Country,
    version: i64,
) -> AppResult<MunicipalityNames> {
    if let Some(names) = app.municipality_names.get(country, version) {
        return Ok(names);
    }
    let names: MunicipalityNames = Arc::new(
        app.store
            .list_municipalities(Some(country), None)
            .await?
            .into_iter()
            .map(|m| (m.code, m.name))
            .collect(),
    );
    app.municipality_names.put(country, version, names.clone());
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(name: &str) -> MunicipalityNames {
        Arc::new(
            [(
                MunicipalityCode::from_stored("0751").unwrap(),
                name.to_owned(),
            )]
            .into(),
        )
    }

    fn aarhus(n: Option<MunicipalityNames>) -> Option<String> {
        n.and_then(|n| n.values().next().cloned())
    }

    #[test]
    fn names_are_used_only_at_the_version_they_were_read_at() {
        let cache = NamesCache::default();
        cache.put(Country::DK, 4, names("Aarhus"));
        assert_eq!(aarhus(cache.get(Country::DK, 4)), Some("Aarhus".into()));
        assert_eq!(cache.get(Country::DK, 5), None, "a sync came since");
        assert_eq!(cache.get(Country::NO, 4), None, "another country");
    }

    #[test]
    fn a_slow_reader_does_not_replace_newer_names() {
        let cache = NamesCache::default();
        cache.put(Country::DK, 6, names("Aarhus Kommune"));
        cache.put(Country::DK, 5, names("Aarhus"));
        assert_eq!(
            aarhus(cache.get(Country::DK, 6)),
            Some("Aarhus Kommune".into())
        );
        assert_eq!(cache.get(Country::DK, 5), None);
    }
}
