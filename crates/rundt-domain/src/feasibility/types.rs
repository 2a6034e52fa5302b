//! The records of a feasibility study: what the municipalities enter (the
//! potential, the share they expect to refer, the barriers, the cost and
//! placement assumptions), kept whole in versions, and what the rules make
//! of it (each scenario's staffing ramp month by month, the years' cost
//! against the placements avoided, the break-even year). DOMAIN.md §1 and
//! §11 (starting a team) and §6.1 (start-up costs).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::id::{TeamId, UserId};
use crate::message::Message;
use crate::money::{Currency, Minor};
use crate::municipality::MunicipalityCode;
use crate::team::{Ownership, Position};

string_coded! {
    /// The seed's three measures of a municipality's potential: young
    /// people with offences or at risk of crime, young people dropping out
    /// of school or education, young people placed out of home.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum PotentialMeasure {
        OffencesOrAtRisk => "offences_or_at_risk",
        SchoolDropout => "school_dropout",
        PlacedOutOfHome => "placed_out_of_home",
    }
    unknown => ("measure", "potential-measure-unknown")
}

string_coded! {
    /// The three scenarios a study is worked out in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Scenario {
        Low => "low",
        Expected => "expected",
        High => "high",
    }
    unknown => ("scenario", "scenario-unknown")
}

string_coded! {
    /// Where a study stands: being worked on, or approved by every
    /// municipality in it (its team is then created; no more versions).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum StudyStatus {
        Draft => "draft",
        Approved => "approved",
    }
    unknown => ("status", "study-status-unknown")
}

/// One number of a municipality's potential, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PotentialFigure {
    pub municipality: MunicipalityCode,
    pub measure: PotentialMeasure,
    /// Young people a year.
    pub count: u32,
    /// Where the number comes from (a register, a statistic, a count).
    pub source: String,
    /// The year the number is for.
    pub year: i32,
}

/// A value for each scenario, e.g. a share in basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ByScenario {
    pub low: u32,
    pub expected: u32,
    pub high: u32,
}

impl ByScenario {
    pub fn of(&self, scenario: Scenario) -> u32 {
        match scenario {
            Scenario::Low => self.low,
            Scenario::Expected => self.expected,
            Scenario::High => self.high,
        }
    }
}

/// The share of one measure's young people the municipalities expect to
/// refer a year, per scenario, in basis points (100 % = 10,000).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralShare {
    pub measure: PotentialMeasure,
    pub share_bp: ByScenario,
}

/// A barrier to the team's start (e.g. the treatment culture), with a
/// note and the person who owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Barrier {
    pub text: String,
    pub note: String,
    pub owner: String,
    pub resolved: bool,
}

/// A yearly salary of a post other than the therapists' (the supervisor's;
/// in MST-CAN also the crisis caseworker's and the psychiatrist's part
/// time), at the post's full-time-equivalent share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostSalary {
    pub position: Position,
    /// A full-time year's salary with its costs, in minor units.
    pub yearly: Minor,
    /// The post's share of full time in basis points (a part-time
    /// psychiatrist at 20 %: 2,000).
    pub fte_bp: u32,
}

/// A one-off cost, with its source; a grant is a negative amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostLine {
    pub description: String,
    pub amount: Minor,
    pub source: String,
}

/// Everything the projection assumes, each with its source where one is
/// printed in the council report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyAssumptions {
    /// The first day of the month the team starts.
    pub starts_on: NaiveDate,
    /// Years worked out, 1–10.
    pub years: u8,
    /// Months until referrals reach the full rate, growing evenly; 0: the
    /// full rate from the first month. At most 36.
    pub ramp_up_months: u8,
    /// Families one full-time therapist completes a year (MST about 8).
    pub families_per_therapist_year: u16,
    pub families_per_therapist_source: String,
    /// A full-time therapist's yearly salary with its costs.
    pub therapist_salary: Minor,
    /// The other posts (at least the supervisor).
    pub posts: Vec<PostSalary>,
    pub salary_source: String,
    /// The licence fee for the team for a whole year (shared by the
    /// municipalities by their shares).
    pub licence_fee_per_year: Minor,
    /// The study year the licence fee is first paid in: 1, or 2 when the
    /// start-up costs include the first year's licence (Denmark).
    pub licence_from_year: u8,
    pub licence_source: String,
    /// One-off start-up costs in the first month (DOMAIN.md §6.1), a grant
    /// as a negative line.
    pub start_up: Vec<CostLine>,
    /// The initial training of each therapist hired after the start.
    pub later_therapist_training: Minor,
    pub travel_per_year: Minor,
    /// Overhead as a share of the staff cost, in basis points.
    pub overhead_bp: u32,
    /// What an out-of-home placement costs a year.
    pub placement_cost_per_year: Minor,
    /// How many months an avoided placement is assumed to have lasted.
    pub placement_months: u16,
    pub placement_source: String,
    /// The share of the families served whose placement is avoided, per
    /// scenario, in basis points.
    pub avoided_share_bp: ByScenario,
    pub avoided_source: String,
}

/// One version of a study: everything its makers entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyDocument {
    pub title: String,
    /// The name the team gets when the study is approved.
    pub team_name: String,
    pub country: Country,
    /// `MST` or `MST-CAN`.
    pub programme_model: String,
    pub currency: Currency,
    /// The municipalities making the study, with the shares they would own
    /// the team by (basis points, summing to 10,000).
    pub municipalities: Vec<Ownership>,
    pub potential: Vec<PotentialFigure>,
    pub referral_shares: Vec<ReferralShare>,
    pub barriers: Vec<Barrier>,
    pub assumptions: StudyAssumptions,
}

/// A stored version of a study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyVersion {
    pub study_id: i64,
    pub version: i64,
    pub document: StudyDocument,
    pub saved_at: DateTime<Utc>,
    pub saved_by: Option<UserId>,
}

/// A comment on a study (the national office's, or a municipality's
/// answer), on the version it was written on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyComment {
    pub id: i64,
    pub study_id: i64,
    pub version: i64,
    pub text: String,
    pub written_at: DateTime<Utc>,
    pub written_by: Option<UserId>,
}

/// A municipality's approval of one version of a study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyApproval {
    pub study_id: i64,
    pub version: i64,
    pub municipality: MunicipalityCode,
    pub approved_at: DateTime<Utc>,
    pub approved_by: Option<UserId>,
}

/// A study as stored: its newest version, its comments and approvals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Study {
    pub id: i64,
    pub status: StudyStatus,
    /// The team the approved study created.
    pub team_id: Option<TeamId>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserId>,
    /// The newest version.
    pub current: StudyVersion,
    /// Oldest first.
    pub comments: Vec<StudyComment>,
    /// Every approval given, on any version, oldest first.
    pub approvals: Vec<StudyApproval>,
}

/// One line of a list of studies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudySummary {
    pub id: i64,
    pub title: String,
    pub country: Country,
    pub programme_model: String,
    pub municipalities: Vec<MunicipalityCode>,
    pub status: StudyStatus,
    pub team_id: Option<TeamId>,
    pub version: i64,
    pub saved_at: DateTime<Utc>,
}

/// One month of a scenario's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanMonth {
    /// The first day of the month.
    pub month: NaiveDate,
    /// 1-based month of the study.
    pub index: u16,
    /// Families expected to be referred this month (fractional).
    pub referrals: f64,
    /// Families the team can take this month with its therapists.
    pub served: f64,
    /// Referrals beyond the team's capacity.
    pub unmet: f64,
    /// Families in treatment at once this month (served × the model's
    /// months of treatment, rolling).
    pub families_in_treatment: f64,
    /// Full-time therapists in post (never below the model's minimum nor
    /// above its maximum, never fewer than the month before).
    pub therapists: u8,
    /// The month's cost, in minor units, all lines together.
    pub cost: Minor,
    /// The value of the placements avoided by the families served.
    pub avoided_value: Minor,
}

/// One study year (12 months from the start) of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanYear {
    /// 1-based.
    pub year: u8,
    pub first_month: NaiveDate,
    pub referrals: f64,
    pub served: f64,
    pub unmet: f64,
    /// Therapists in post in the year's last month.
    pub therapists_at_end: u8,
    pub staff_cost: Minor,
    pub overhead: Minor,
    pub licence_fee: Minor,
    pub training: Minor,
    pub travel: Minor,
    /// All lines together (start-up included in year 1).
    pub cost: Minor,
    pub avoided_placements: f64,
    pub avoided_value: Minor,
    /// `avoided_value` − `cost`.
    pub net: Minor,
    /// The sum of `net` over this year and the ones before.
    pub cumulative_net: Minor,
}

/// A scenario worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioProjection {
    pub scenario: Scenario,
    /// Families expected a year at the full referral rate.
    pub families_per_year: f64,
    /// Therapists the full rate needs before the model's limits.
    pub therapists_needed: f64,
    pub months: Vec<PlanMonth>,
    pub years: Vec<PlanYear>,
    /// The first study year whose cumulative net is 0 or more; none within
    /// the years worked out.
    pub break_even_year: Option<u8>,
    /// What people should know: more referrals than one team can take,
    /// too few for the model's minimum, no break-even.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub warnings: Vec<Message>,
}

/// The three scenarios side by side: low, expected, high.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyProjection {
    pub scenarios: Vec<ScenarioProjection>,
}

/// What happened in a month of a team started from a study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActualMonth {
    pub month: NaiveDate,
    /// Families referred to the team this month.
    pub referrals: u32,
    /// Families in treatment at any time in the month.
    pub families_in_treatment: u32,
    /// Therapists in post on the month's last day (or today).
    pub therapists: u32,
    /// The month's cost from the team's budget (a twelfth of the year's
    /// budget), when one is set.
    pub cost: Option<Minor>,
}

/// One month of plan against actual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanAgainstActualMonth {
    pub month: NaiveDate,
    pub planned: PlanMonth,
    pub actual: ActualMonth,
}
