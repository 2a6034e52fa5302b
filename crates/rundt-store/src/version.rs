//! Optimistic versions: the one rule both stores apply before they write a
//! record that a user edits (a team's owners, a case, an assessment, a
//! week's summary).

use crate::{StoreError, StoreResult};

/// The refusal of a write based on a version that is no longer stored.
pub fn stale(current: i64) -> StoreError {
    StoreError::VersionMismatch { current }
}

/// A record's stored version must be the one the writer read.
pub fn expect_version(current: i64, expected: i64) -> StoreResult<()> {
    if current == expected {
        Ok(())
    } else {
        Err(stale(current))
    }
}

/// How a save of a record kept once (per case, per week) goes ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Save {
    Insert,
    Update,
}

/// What a save does, given the stored record's version (`None`: there is
/// none yet) and the version the writer read (`None`: a first save). A first
/// save over a stored record is refused with `taken(current)`; an update of
/// a record that is not there with `missing()`.
pub fn decide_save(
    stored: Option<i64>,
    expected: Option<i64>,
    taken: impl FnOnce(i64) -> StoreError,
    missing: impl FnOnce() -> StoreError,
) -> StoreResult<Save> {
    match (stored, expected) {
        (None, None) => Ok(Save::Insert),
        (Some(current), None) => Err(taken(current)),
        (Some(current), Some(v)) => expect_version(current, v).map(|()| Save::Update),
        (None, Some(_)) => Err(missing()),
    }
}

/// A case's document kept in versions, none ever replaced: the MST-CAN
/// safety plan, the ecological map, the treatment plan. Each table has the
/// columns `case_id, version, content, saved_by, saved_at`; both backends
/// save and read every such document the same way from this description.
#[derive(Debug, Clone, Copy)]
pub struct VersionedTable {
    pub table: &'static str,
    /// What a change of a document that is not there was meant to change
    /// ("a safety plan to change").
    pub missing: &'static str,
}

impl VersionedTable {
    /// The version a new save gets, given the latest stored one and the
    /// one the writer read: the first needs none read and none stored,
    /// every later one the latest (stale: `VersionMismatch`).
    pub fn next_version(&self, stored: Option<i64>, expected: Option<i64>) -> StoreResult<i64> {
        decide_save(stored, expected, stale, || {
            StoreError::NotFound(self.missing.into())
        })?;
        Ok(stored.map_or(1, |v| v + 1))
    }

    /// The columns every version is read with, before its `WHERE`.
    pub fn select(&self) -> String {
        format!(
            "SELECT case_id, version, content, saved_by, saved_at FROM {}",
            self.table
        )
    }
}

pub const SAFETY_PLANS: VersionedTable = VersionedTable {
    table: "safety_plans",
    missing: "a safety plan to change",
};

pub const CRISIS_PLANS: VersionedTable = VersionedTable {
    table: "crisis_plans",
    missing: "a crisis plan to change",
};

pub const MAPPINGS: VersionedTable = VersionedTable {
    table: "mappings",
    missing: "a mapping to change",
};

pub const HOME_DETAILS: VersionedTable = VersionedTable {
    table: "home_details",
    missing: "home details to change",
};

pub const TREATMENT_PLANS: VersionedTable = VersionedTable {
    table: "treatment_plans",
    missing: "a treatment plan to change",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(current: i64) -> StoreError {
        StoreError::VersionMismatch { current }
    }

    fn missing() -> StoreError {
        StoreError::NotFound("record".into())
    }

    #[test]
    fn a_first_save_inserts_and_a_save_at_the_read_version_updates() {
        assert_eq!(
            decide_save(None, None, taken, missing).ok(),
            Some(Save::Insert)
        );
        assert_eq!(
            decide_save(Some(3), Some(3), taken, missing).ok(),
            Some(Save::Update)
        );
    }

    #[test]
    fn a_stale_save_a_second_first_save_and_an_update_of_nothing_are_refused() {
        assert!(matches!(
            decide_save(Some(4), Some(3), taken, missing),
            Err(StoreError::VersionMismatch { current: 4 })
        ));
        assert!(matches!(
            decide_save(Some(4), None, taken, missing),
            Err(StoreError::VersionMismatch { current: 4 })
        ));
        assert!(matches!(
            decide_save(None, Some(1), taken, missing),
            Err(StoreError::NotFound(_))
        ));
    }
}
