//! MST-CAN's results: the children's outcomes at discharge and follow-up,
//! and the summary the dashboards read, one row per discharged MST-CAN
//! family with the facts its indicators are counted from.
//!
//! Like `outcome_summary`, the summary is written in the transaction that
//! records the discharge or follow-up (see [`CanWrite`] on
//! [`crate::DischargeRecord`] and [`crate::FollowUpRecord`]) and stays when
//! the case is anonymised: its facts hold dates and yes/no per child, never
//! a person's id.

use async_trait::async_trait;
use chrono::NaiveDate;
use rundt_domain::discharge::{ChildFollowUp, ChildOutcome};
use rundt_domain::id::CaseId;
use rundt_domain::indicators::can::CanFamilyFacts;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_domain::team::TeamId;
use serde::Serialize;

use crate::row::{Columns, FromRow};
use crate::{StoreResult, SummaryFilter};

/// What an MST-CAN discharge or follow-up stores beside the family's: one
/// row per child, and the family's facts as they now stand (which replace
/// those of its summary row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CanWrite<C> {
    pub children: Vec<C>,
    pub facts: CanFamilyFacts,
}

/// One discharged MST-CAN family in the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanResultRow {
    pub team_id: TeamId,
    pub municipality_code: MunicipalityCode,
    /// The month of discharge.
    pub month: Month,
    pub facts: CanFamilyFacts,
}

impl FromRow for CanResultRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(CanResultRow {
            team_id: c.read()?,
            municipality_code: c.read()?,
            month: c.read()?,
            facts: c.json()?,
        })
    }
}

/// An MST-CAN family in treatment, as its safety plan's figure needs it:
/// no person's data, only its team, municipality, first day of treatment
/// and the earliest day a version of its safety plan was agreed (read out
/// of the plan inside the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanInTreatmentRow {
    pub team_id: TeamId,
    pub municipality_code: MunicipalityCode,
    pub treatment_start: NaiveDate,
    pub first_safety_plan_on: Option<NaiveDate>,
}

impl FromRow for CanInTreatmentRow {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(CanInTreatmentRow {
            team_id: c.read()?,
            municipality_code: c.read()?,
            treatment_start: c.read()?,
            first_safety_plan_on: c.read()?,
        })
    }
}

/// A child's row of a follow-up, with the follow-up's months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildFollowUpRecord {
    pub months: u8,
    pub row: ChildFollowUp,
}

/// The SQL both backends share.
pub mod can_results_sql {
    pub const OUTCOME_SELECT: &str = "SELECT child_id, living_at_home, care_order_during_treatment \
         FROM can_child_outcomes";
    pub const FOLLOW_UP_SELECT: &str =
        "SELECT months, child_id, care_order FROM can_child_follow_ups";
    pub const RESULT_SELECT: &str = "SELECT s.team_id, s.municipality_code, s.month, s.facts \
         FROM can_results s JOIN teams t ON t.id = s.team_id";
    pub const INSERT_OUTCOME: &str = "INSERT INTO can_child_outcomes \
         (case_id, child_id, living_at_home, care_order_during_treatment)";
    pub const INSERT_FOLLOW_UP: &str =
        "INSERT INTO can_child_follow_ups (case_id, months, child_id, care_order)";
    pub const INSERT_RESULT: &str =
        "INSERT INTO can_results (case_id, team_id, municipality_code, month, facts)";
}

impl FromRow for ChildOutcome {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ChildOutcome {
            child: c.read()?,
            living_at_home: c.read()?,
            care_order_during_treatment: c.read()?,
        })
    }
}

impl FromRow for ChildFollowUpRecord {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        Ok(ChildFollowUpRecord {
            months: c.read()?,
            row: ChildFollowUp {
                child: c.read()?,
                care_order: c.read()?,
            },
        })
    }
}

#[async_trait]
pub trait CanResultsStore: Send + Sync {
    /// The children's outcomes at the case's discharge, by child.
    async fn can_child_outcomes(&self, case_id: CaseId) -> StoreResult<Vec<ChildOutcome>>;
    /// The children's rows of the case's follow-ups, by months and child.
    async fn can_child_follow_ups(&self, case_id: CaseId) -> StoreResult<Vec<ChildFollowUpRecord>>;
    /// The discharged MST-CAN families of the filter (country, teams,
    /// referring municipality, months of discharge), by month and team.
    async fn can_results(&self, filter: &SummaryFilter) -> StoreResult<Vec<CanResultRow>>;
    /// The MST-CAN families in treatment now, of the filter's country,
    /// teams and referring municipality (its months do not apply).
    async fn can_in_treatment(&self, filter: &SummaryFilter)
    -> StoreResult<Vec<CanInTreatmentRow>>;
}
