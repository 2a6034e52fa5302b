//! How long each kind of record is kept, per country, and what happens to
//! it after: the retention policy as data (`data/retention.json`, with the
//! legal basis and sources of every rule; docs/RETENTION.md), and the rule
//! that decides, for one record, whether it is due.
//!
//! Nothing is removed by default: a rule says `keep` (never), or it names a
//! period after the record's last entry and then `anonymise` (a case keeps
//! only the facts the results count; its people and documents go) or
//! `delete` (records that no result counts). A rule marked
//! `needs_authorisation` acts only when the operator names the archive
//! authority's decision, and a case under legal hold is never due.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::lifecycle::CaseStatus;

string_coded! {
    /// A kind of record a retention rule covers.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum RecordKind {
        /// A family's course that reached treatment (discharged or closed),
        /// with its referral, assessment, weekly summaries, discharge,
        /// follow-ups, surveys and interviews.
        Course => "course",
        /// A referral the team declined or the municipality withdrew.
        ReferralNotTakenUp => "referral_not_taken_up",
        /// Staff sign-in attempts and ended sessions (installation-wide).
        SignInRecords => "sign_in_records",
    }
}

impl RecordKind {
    /// The kind of a family's case in `status`, once the case has ended;
    /// an open case is no retention kind (it is never due).
    pub fn of_case(status: CaseStatus) -> Option<RecordKind> {
        match status {
            CaseStatus::Discharged | CaseStatus::Closed => Some(RecordKind::Course),
            CaseStatus::Declined | CaseStatus::Withdrawn => Some(RecordKind::ReferralNotTakenUp),
            CaseStatus::Referred | CaseStatus::Waiting | CaseStatus::InTreatment => None,
        }
    }

    /// A family's record (kept per country), not the installation's.
    pub fn is_case(self) -> bool {
        self != RecordKind::SignInRecords
    }
}

string_coded! {
    /// What happens to a record once its period has run.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Disposal {
        /// Never removed.
        Keep => "keep",
        /// The people and the documents go; the facts the results count
        /// (team, municipality, dates, status) stay, so results stay right.
        Anonymise => "anonymise",
        /// Removed entirely (only for records no result counts).
        Delete => "delete",
    }
}

/// One rule of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    /// The country whose records it covers; none for installation-wide
    /// kinds (sign-in records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    pub kind: RecordKind,
    /// Months after the record's last entry before it is due.
    pub keep_months: u32,
    pub then: Disposal,
    /// Acts only with the archive authority's decision named.
    pub needs_authorisation: bool,
    /// Why: the legal basis in a sentence or two.
    pub basis: String,
    /// Where the basis is written.
    pub sources: Vec<String>,
}

impl RetentionRule {
    /// A short name, e.g. `DK/course`.
    pub fn id(&self) -> String {
        match self.country {
            Some(c) => format!("{}/{}", c.code(), self.kind),
            None => format!("all/{}", self.kind),
        }
    }

    /// The day a record whose last entry was `last_entry` falls due; none
    /// for a record that is kept.
    pub fn due_on(&self, last_entry: NaiveDate) -> Option<NaiveDate> {
        if self.then == Disposal::Keep {
            return None;
        }
        last_entry.checked_add_months(Months::new(self.keep_months))
    }

    /// Records whose last entry is on or before this day are due `today`.
    pub fn cutoff(&self, today: NaiveDate) -> Option<NaiveDate> {
        if self.then == Disposal::Keep {
            return None;
        }
        today.checked_sub_months(Months::new(self.keep_months))
    }
}

/// Whether one record is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Its period ran out on this day.
    Due(NaiveDate),
    /// It falls due on this day.
    NotYet(NaiveDate),
    /// The rule keeps it for good.
    Kept,
    /// A legal hold keeps it until the hold is lifted.
    OnHold,
}

/// The policy: one rule per country and kind of family record, one per
/// installation-wide kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionPolicy {
    #[serde(default)]
    pub about: String,
    pub rules: Vec<RetentionRule>,
}

/// A policy file Rundt cannot use, said so its author can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the retention rules are not valid JSON of the expected shape: {0}")]
    Shape(String),
    #[error("{0}: no rule; every country needs one for each kind of family record")]
    Missing(String),
    #[error("{0}: given twice")]
    Twice(String),
    #[error("{0}: {1}")]
    Rule(String, &'static str),
}

const BUILT_IN: &str = include_str!("../data/retention.json");

impl RetentionPolicy {
    /// The rules Rundt ships with (docs/RETENTION.md).
    pub fn built_in() -> Result<RetentionPolicy, PolicyError> {
        Self::parse(BUILT_IN)
    }

    /// Reads and checks a policy: every country has a rule for each kind of
    /// family record, sign-in records one for the installation, each rule
    /// with a basis and a source, and a disposal its kind allows.
    pub fn parse(text: &str) -> Result<RetentionPolicy, PolicyError> {
        let policy: RetentionPolicy =
            serde_json::from_str(text).map_err(|e| PolicyError::Shape(e.to_string()))?;
        policy.check()?;
        Ok(policy)
    }

    fn check(&self) -> Result<(), PolicyError> {
        let mut seen = std::collections::BTreeSet::new();
        for rule in &self.rules {
            let id = rule.id();
            if !seen.insert((rule.country, rule.kind)) {
                return Err(PolicyError::Twice(id));
            }
            let problem = match (rule.kind.is_case(), rule.country, rule.then) {
                (true, None, _) => Some("a family record's rule names its country"),
                (false, Some(_), _) => {
                    Some("sign-in records belong to the installation: leave out the country")
                }
                (true, _, Disposal::Delete) => Some(
                    "a family's case is anonymised, not deleted, so the results that count it \
                     stay right",
                ),
                (false, _, Disposal::Anonymise) => {
                    Some("sign-in records are deleted or kept, not anonymised")
                }
                _ if rule.then != Disposal::Keep && rule.keep_months == 0 => {
                    Some("keep_months must be at least 1 for a rule that removes anything")
                }
                _ if rule.basis.trim().is_empty() => Some("the basis is empty"),
                _ if rule.sources.is_empty()
                    || rule
                        .sources
                        .iter()
                        .any(|s| !(s.starts_with("https://") || s.starts_with("http://"))) =>
                {
                    Some("every rule needs at least one source, each an http(s) address")
                }
                _ => None,
            };
            if let Some(problem) = problem {
                return Err(PolicyError::Rule(id, problem));
            }
        }
        for country in Country::ALL {
            for kind in RecordKind::ALL.into_iter().filter(|k| k.is_case()) {
                if !seen.contains(&(Some(country), kind)) {
                    return Err(PolicyError::Missing(format!("{}/{kind}", country.code())));
                }
            }
        }
        if !seen.contains(&(None, RecordKind::SignInRecords)) {
            return Err(PolicyError::Missing("all/sign_in_records".into()));
        }
        Ok(())
    }

    /// The rule for a family's record of `kind` in `country`.
    pub fn for_case(&self, country: Country, kind: RecordKind) -> Option<&RetentionRule> {
        self.rules
            .iter()
            .find(|r| r.country == Some(country) && r.kind == kind)
    }

    /// The installation-wide rule for sign-in records.
    pub fn for_sign_in_records(&self) -> Option<&RetentionRule> {
        self.rules
            .iter()
            .find(|r| r.country.is_none() && r.kind == RecordKind::SignInRecords)
    }
}

/// Whether a record under `rule` whose last entry was `last_entry` is due
/// `today`. A legal hold wins over every rule.
pub fn judge(
    rule: &RetentionRule,
    last_entry: NaiveDate,
    on_hold: bool,
    today: NaiveDate,
) -> Verdict {
    if on_hold {
        return Verdict::OnHold;
    }
    match rule.due_on(last_entry) {
        None => Verdict::Kept,
        Some(due) if due <= today => Verdict::Due(due),
        Some(due) => Verdict::NotYet(due),
    }
}

/// What a legal hold must say: why the record is held.
pub fn hold_reason(raw: &str) -> Result<String, crate::DomainError> {
    let reason = raw.trim();
    if reason.chars().count() < 5 {
        return Err(crate::DomainError::invalid(
            "reason",
            crate::msg!("legal-hold-reason-short", min = 5_i64),
        ));
    }
    if reason.chars().count() > 500 {
        return Err(crate::DomainError::invalid(
            "reason",
            crate::msg!("text-too-long", max = 500_i64),
        ));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_shipped_rules_are_complete_and_cite_their_sources() {
        let policy = RetentionPolicy::parse(BUILT_IN).unwrap();
        for country in Country::ALL {
            assert!(policy.for_case(country, RecordKind::Course).is_some());
            assert!(
                policy
                    .for_case(country, RecordKind::ReferralNotTakenUp)
                    .is_some()
            );
        }
        assert!(policy.for_sign_in_records().is_some());
        assert_eq!(policy, RetentionPolicy::built_in().unwrap());
    }

    #[test]
    fn a_norwegian_course_is_preserved_for_good() {
        let policy = RetentionPolicy::built_in().unwrap();
        let rule = policy.for_case(Country::NO, RecordKind::Course).unwrap();
        assert_eq!(
            judge(rule, day("1990-01-01"), false, day("2026-12-04")),
            Verdict::Kept
        );
    }

    #[test]
    fn a_danish_course_falls_due_ten_years_after_its_last_entry_and_only_with_authorisation() {
        let policy = RetentionPolicy::built_in().unwrap();
        let rule = policy.for_case(Country::DK, RecordKind::Course).unwrap();
        assert!(rule.needs_authorisation);
        assert_eq!(rule.then, Disposal::Anonymise);
        assert_eq!(
            judge(rule, day("2016-12-04"), false, day("2026-12-04")),
            Verdict::Due(day("2026-12-04"))
        );
        assert_eq!(
            judge(rule, day("2016-12-05"), false, day("2026-12-04")),
            Verdict::NotYet(day("2026-12-05"))
        );
        assert_eq!(rule.cutoff(day("2026-12-04")), Some(day("2016-12-04")));
    }

    #[test]
    fn a_legal_hold_keeps_a_record_that_is_long_due() {
        let policy = RetentionPolicy::built_in().unwrap();
        let rule = policy
            .for_case(Country::NO, RecordKind::ReferralNotTakenUp)
            .unwrap();
        assert_eq!(
            judge(rule, day("2001-01-01"), true, day("2026-12-04")),
            Verdict::OnHold
        );
    }

    #[test]
    fn an_open_case_is_no_retention_kind() {
        assert_eq!(RecordKind::of_case(CaseStatus::InTreatment), None);
        assert_eq!(RecordKind::of_case(CaseStatus::Referred), None);
        assert_eq!(
            RecordKind::of_case(CaseStatus::Closed),
            Some(RecordKind::Course)
        );
        assert_eq!(
            RecordKind::of_case(CaseStatus::Withdrawn),
            Some(RecordKind::ReferralNotTakenUp)
        );
    }

    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Result<RetentionPolicy, PolicyError> {
        let mut v: serde_json::Value = serde_json::from_str(BUILT_IN).unwrap();
        edit(&mut v);
        RetentionPolicy::parse(&v.to_string())
    }

    #[test]
    fn a_policy_that_deletes_a_familys_case_is_refused() {
        let err = edited(|v| v["rules"][0]["then"] = "delete".into()).unwrap_err();
        assert!(matches!(err, PolicyError::Rule(id, _) if id == "DK/course"));
    }

    #[test]
    fn a_policy_missing_a_country_or_a_source_is_refused() {
        let err = edited(|v| {
            v["rules"].as_array_mut().unwrap().remove(0);
        })
        .unwrap_err();
        assert_eq!(err, PolicyError::Missing("DK/course".into()));
        let err = edited(|v| v["rules"][1]["sources"] = serde_json::json!([])).unwrap_err();
        assert!(matches!(err, PolicyError::Rule(..)));
        let err = edited(|v| v["rules"][1]["keep_months"] = 0.into()).unwrap_err();
        assert!(matches!(err, PolicyError::Rule(..)));
        let err = edited(|v| v["rules"][0]["typo"] = 1.into()).unwrap_err();
        assert!(matches!(err, PolicyError::Shape(_)));
        let err = edited(|v| {
            let first = v["rules"][0].clone();
            v["rules"].as_array_mut().unwrap().push(first);
        })
        .unwrap_err();
        assert_eq!(err, PolicyError::Twice("DK/course".into()));
    }

    #[test]
    fn a_hold_needs_a_reason() {
        assert!(hold_reason("  ").is_err());
        assert_eq!(
            hold_reason(" Klage verserer ").unwrap(),
            "Klage verserer".to_owned()
        );
    }
}
