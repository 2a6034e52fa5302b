//! Results: the adherence interviews and family-experience surveys, the
//! summary tables the dashboards read, and the per-family results table.
//!
//! The summary tables are kept current on write: the discharge, follow-up,
//! survey and interview transactions add their counts to one row per team,
//! municipality and month (see [`SummaryDelta`]), so a dashboard reads a few
//! hundred small rows instead of scanning history.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::adherence::{AdherenceCounts, InterviewMode};
use rundt_domain::audit::AuditEvent;
use rundt_domain::country::Country;
use rundt_domain::experience::ExperienceCounts;
use rundt_domain::id::{CaseId, PersonId};
use rundt_domain::indicators::{COUNTER_COLUMNS, COUNTERS, FollowUpCounts, OutcomeCounts};
use rundt_domain::lifecycle::CaseStatus;
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use rundt_domain::team::TeamId;
use rundt_domain::user::UserId;
use serde::Serialize;

use rundt_domain::discharge::DischargeReason;
use rundt_domain::indicators::DischargeFacts;

use crate::filter_shape::{Condition, referred_or_paid_by, set_conditions, shape_of};
use crate::records::FAMILY_RESULT_SELECT;
use crate::{CaseRecord, DischargeRecord, FollowUpRecord, StoreError, StoreResult};

/// A caregiver adherence interview (TAM-R structure) as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdherenceInterviewRecord {
    pub id: i64,
    pub case_id: CaseId,
    pub interviewed_on: NaiveDate,
    /// Who recorded it (the supervisor or non-clinical staff).
    pub interviewer_id: UserId,
    /// The family's therapist at the time: whose adherence was rated.
    pub therapist_id: UserId,
    /// The caregiver who answered; `None` for an interview stored before
    /// the respondent was recorded (not recorded).
    pub respondent_id: Option<PersonId>,
    /// Phone or in person; `None` for an interview stored before the mode
    /// was recorded (not recorded).
    pub mode: Option<InterviewMode>,
    /// 28 answers, 1–5 or none.
    pub answers: Vec<Option<u8>>,
    pub score: Option<f64>,
    pub created_at: DateTime<Utc>,
}

/// A new interview. The use case always gives the respondent and the mode;
/// `None` is what interviews carried over from before hold.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAdherenceInterview {
    pub case_id: CaseId,
    pub interviewed_on: NaiveDate,
    pub interviewer_id: UserId,
    pub therapist_id: UserId,
    pub respondent_id: Option<PersonId>,
    pub mode: Option<InterviewMode>,
    pub answers: Vec<Option<u8>>,
    pub score: Option<f64>,
    pub created_at: DateTime<Utc>,
}

impl NewAdherenceInterview {
    /// The interview as stored under `id`.
    pub fn stored(&self, id: i64) -> AdherenceInterviewRecord {
        AdherenceInterviewRecord {
            id,
            case_id: self.case_id,
            interviewed_on: self.interviewed_on,
            interviewer_id: self.interviewer_id,
            therapist_id: self.therapist_id,
            respondent_id: self.respondent_id,
            mode: self.mode,
            answers: self.answers.clone(),
            score: self.score,
            created_at: self.created_at,
        }
    }
}

/// A therapist's rating of the supervisor (SAM structure), to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSupervisorRating {
    pub team_id: TeamId,
    pub supervisor_id: UserId,
    pub therapist_id: UserId,
    pub rated_on: NaiveDate,
    /// The answers, 1–5 or none.
    pub answers: Vec<Option<u8>>,
    pub score: Option<f64>,
    pub created_at: DateTime<Utc>,
}

/// Supervisor-adherence ratings of one supervisor in one team and month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionSummaryRow {
    pub team_id: TeamId,
    pub supervisor_id: UserId,
    pub month: Month,
    pub counts: AdherenceCounts,
}

/// The family-experience survey at discharge as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyExperienceRecord {
    pub case_id: CaseId,
    pub answered_on: NaiveDate,
    /// Five answers 1–5.
    pub answers: Vec<u8>,
    pub score: u8,
    pub recommends: bool,
    pub comment: String,
    pub recorded_by: UserId,
    pub created_at: DateTime<Utc>,
}

/// Which summary rows to read: always one country, optionally some teams or
/// one (referring) municipality, and a range of months `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryFilter {
    pub country: Country,
    pub team_ids: Option<Vec<TeamId>>,
    pub municipality: Option<MunicipalityCode>,
    pub from_month: Month,
    pub to_month: Month,
}

/// One row of the outcome summary: discharges of a team's families from one
/// municipality in one month, and those families' follow-ups and surveys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeSummaryRow {
    pub team_id: TeamId,
    pub municipality_code: MunicipalityCode,
    pub month: Month,
    pub outcomes: OutcomeCounts,
    /// At 6, 12 and 18 months.
    pub follow_ups: [FollowUpCounts; 3],
    pub experience: ExperienceCounts,
}

/// One row of the adherence summary: interviews about one therapist's
/// families from one municipality in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdherenceSummaryRow {
    pub team_id: TeamId,
    pub therapist_id: UserId,
    pub municipality_code: MunicipalityCode,
    pub month: Month,
    pub counts: AdherenceCounts,
    /// Distinct families interviewed in the row's month (for the small-cell
    /// rule: interviews alone could be many with few families).
    pub families: u32,
}

/// One row of the adherence roll-up: the adherence summary added up over
/// therapists, per team, municipality and month. Kept on write beside the
/// fine rows (see [`SummaryDelta::rollups`]) so a national or municipality
/// dashboard, which never shows therapists, reads a fraction of the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdherenceRollupRow {
    pub team_id: TeamId,
    pub municipality_code: MunicipalityCode,
    pub month: Month,
    pub counts: AdherenceCounts,
    /// Families first interviewed in the month, summed over therapists
    /// (what the dashboards add up from the fine rows).
    pub families: u32,
}

impl AdherenceRollupRow {
    /// The fine rows added up per team, municipality and month, in the
    /// order the stores read them (month, team, municipality): what the
    /// roll-up must hold (the conformance test compares the two).
    pub fn roll_up(rows: &[AdherenceSummaryRow]) -> Vec<AdherenceRollupRow> {
        let mut out: std::collections::BTreeMap<(Month, TeamId, String), AdherenceRollupRow> =
            std::collections::BTreeMap::new();
        for r in rows {
            let key = (r.month, r.team_id, r.municipality_code.to_string());
            let cell = out.entry(key).or_insert_with(|| AdherenceRollupRow {
                team_id: r.team_id,
                municipality_code: r.municipality_code.clone(),
                month: r.month,
                counts: AdherenceCounts::default(),
                families: 0,
            });
            cell.counts.add(&r.counts);
            cell.families += r.families;
        }
        out.into_values().collect()
    }
}

/// Which families the per-family table lists: those the viewer may see
/// (by therapist, teams or municipality) whose treatment overlapped the
/// period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyResultsFilter {
    pub country: Country,
    pub therapist_id: Option<UserId>,
    pub team_ids: Option<Vec<TeamId>>,
    /// Referred or paid for by this municipality.
    pub municipality: Option<MunicipalityCode>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only these rows of the list (newest case first); `None` for all.
    pub page: Option<RowPage>,
}

/// How many shapes a [`FamilyResultsFilter`] has: each of its three
/// optional conditions (therapist, municipality, teams) is set or not.
pub const FAMILY_RESULTS_SHAPES: usize = 8;

impl FamilyResultsFilter {
    /// Which optional conditions are set, one bit each in the order of
    /// their parameters: therapist, municipality, teams.
    pub fn shape(&self) -> usize {
        shape_of(&[
            self.therapist_id.is_some(),
            self.municipality.is_some(),
            self.team_ids.is_some(),
        ])
    }
}

/// The per-family table's SQL for each [`FamilyResultsFilter::shape`]: the
/// page (the page's cases first, then their columns, worked out for the
/// page's rows only) and the count of the whole list. Only the conditions
/// that are set are written, so the database searches its index on the
/// team (or therapist) instead of reading every case of the country.
/// Parameters, numbered from 1 by `placeholder`: the country, the set
/// conditions in shape order, the period's last and first day, then the
/// page's limit and offset (the count takes all but the last two).
/// `in_list(column, p)` tests a column against the teams' list parameter.
pub fn family_results_sqls(
    placeholder: fn(usize) -> String,
    in_list: fn(&str, &str) -> String,
) -> Vec<(String, String)> {
    (0..FAMILY_RESULTS_SHAPES)
        .map(|shape| {
            let conditions: [Condition<'_>; 3] = [
                &|p| format!("c.therapist_id = {p}"),
                &referred_or_paid_by,
                &|p| in_list("c.team_id", p),
            ];
            let mut n = 1;
            let mut next = || {
                n += 1;
                placeholder(n)
            };
            let mut filter = format!(
                " WHERE c.country = {} AND c.erased_on IS NULL",
                placeholder(1)
            );
            filter.push_str(&set_conditions(shape, &conditions, &mut next));
            let (to, from) = (next(), next());
            filter.push_str(&format!(
                " AND c.treatment_start IS NOT NULL AND c.treatment_start <= {to} \
                 AND (c.discharged_on IS NULL OR c.discharged_on >= {from})"
            ));
            let (limit, offset) = (next(), next());
            (
                format!(
                    "{FAMILY_RESULT_SELECT} WHERE c.id IN (SELECT c.id FROM cases c{filter} \
                     ORDER BY c.id DESC LIMIT {limit} OFFSET {offset}) ORDER BY c.id DESC"
                ),
                format!("SELECT count(*) FROM cases c{filter}"),
            )
        })
        .collect()
}

/// A stretch of a list: `limit` rows after the first `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowPage {
    pub offset: u64,
    pub limit: u32,
}

impl RowPage {
    /// A page as SQL's `LIMIT` and `OFFSET`; no page is every row, a
    /// `LIMIT` of `None` (each backend writes "none" its own way).
    pub fn sql_bounds(page: Option<Self>) -> (Option<i64>, i64) {
        page.map_or((None, 0), |p| {
            (
                Some(i64::from(p.limit)),
                i64::try_from(p.offset).unwrap_or(i64::MAX),
            )
        })
    }
}

/// The per-family table's rows of the asked page, and how many families
/// the whole list has.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyResults {
    pub rows: Vec<FamilyResultRow>,
    pub total: u64,
}

impl FamilyResults {
    /// The rows as read with their young person, and the read's audit
    /// event for each (the family's case and young person).
    pub fn audited(
        raw: Vec<(FamilyResultRow, Option<PersonId>)>,
        total: u64,
        event: &AuditEvent,
    ) -> (Self, Vec<AuditEvent>) {
        let events = raw
            .iter()
            .map(|(row, young_person)| event.about_case(row.case_id, *young_person))
            .collect();
        let rows = raw.into_iter().map(|(row, _)| row).collect();
        (Self { rows, total }, events)
    }
}

/// The ultimate outcomes at discharge or a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeTriple {
    pub living_at_home: bool,
    pub in_school_or_working: bool,
    pub no_new_arrests: bool,
}

/// One family in the per-family results table (no names: families are
/// shown by case number, as in every list).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyResultRow {
    pub case_id: CaseId,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub referring_municipality: MunicipalityCode,
    pub status: CaseStatus,
    pub treatment_start: Option<NaiveDate>,
    pub discharged_on: Option<NaiveDate>,
    pub discharge_reason: Option<DischargeReason>,
    pub treatment_days: Option<i64>,
    pub at_discharge: Option<OutcomeTriple>,
    pub follow_up_6: Option<OutcomeTriple>,
    pub follow_up_12: Option<OutcomeTriple>,
    pub follow_up_18: Option<OutcomeTriple>,
    pub experience_score: Option<u8>,
    pub interviews: u32,
    pub last_adherence_score: Option<f64>,
}

/// A family in treatment and the day of its latest adherence interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewState {
    pub case_id: CaseId,
    pub team_id: TeamId,
    pub therapist_id: Option<UserId>,
    pub treatment_start: NaiveDate,
    pub last_interview: Option<NaiveDate>,
}

/// The amounts one write adds to a summary row, by column. Both backends
/// build their upsert from this, so the column lists cannot drift apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryDelta {
    pub table: &'static str,
    /// Key columns and values (the row's identity).
    pub keys: Vec<(&'static str, SummaryKey)>,
    pub amounts: Vec<(&'static str, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryKey {
    Int(i64),
    Text(String),
}

/// The follow-up columns at 6, 12 and 18 months: done, then the three
/// ultimate outcomes.
pub const FOLLOW_UP_COLUMNS: [[&str; 4]; 3] = [
    [
        "fu6_done",
        "fu6_living_at_home",
        "fu6_in_school_or_working",
        "fu6_no_new_arrests",
    ],
    [
        "fu12_done",
        "fu12_living_at_home",
        "fu12_in_school_or_working",
        "fu12_no_new_arrests",
    ],
    [
        "fu18_done",
        "fu18_living_at_home",
        "fu18_in_school_or_working",
        "fu18_no_new_arrests",
    ],
];

/// The family-experience columns.
pub const EXPERIENCE_COLUMNS: [&str; 3] = [
    "experience_surveys",
    "experience_score_sum",
    "experience_recommend",
];

/// How many columns an outcome-summary row has beside its keys.
pub const OUTCOME_COLUMN_COUNT: usize = 2 + COUNTERS + 12 + 3;

const fn outcome_columns() -> [&'static str; OUTCOME_COLUMN_COUNT] {
    let mut out = [""; OUTCOME_COLUMN_COUNT];
    out[0] = "discharges";
    out[1] = "treatment_days";
    let mut n = 2;
    let mut i = 0;
    while i < COUNTERS {
        out[n] = COUNTER_COLUMNS[i];
        n += 1;
        i += 1;
    }
    let mut f = 0;
    while f < 3 {
        let mut j = 0;
        while j < 4 {
            out[n] = FOLLOW_UP_COLUMNS[f][j];
            n += 1;
            j += 1;
        }
        f += 1;
    }
    let mut e = 0;
    while e < 3 {
        out[n] = EXPERIENCE_COLUMNS[e];
        n += 1;
        e += 1;
    }
    out
}

/// The outcome-summary columns: discharges and treatment days, the
/// indicator catalogue's counters ([`COUNTER_COLUMNS`]), the follow-ups and
/// the family experience. Values are read and written in this order.
pub const OUTCOME_COLUMNS: [&str; OUTCOME_COLUMN_COUNT] = outcome_columns();

/// The adherence-summary columns.
pub const ADHERENCE_COLUMNS: [&str; 4] = ["interviews", "scored", "adherent", "score_milli_sum"];

/// The adherence roll-up: [`ADHERENCE_COLUMNS`] and `families` per team,
/// municipality and month (migration 0023).
pub const ADHERENCE_ROLLUP_TABLE: &str = "adherence_rollup";

/// The supervision-summary columns (counted like interviews).
pub const SUPERVISION_COLUMNS: [&str; 4] = ["ratings", "scored", "adherent", "score_milli_sum"];

fn outcome_keys(
    team_id: TeamId,
    municipality: &MunicipalityCode,
    month: &str,
) -> Vec<(&'static str, SummaryKey)> {
    vec![
        ("team_id", SummaryKey::Int(team_id.get())),
        (
            "municipality_code",
            SummaryKey::Text(municipality.to_string()),
        ),
        ("month", SummaryKey::Text(month.to_owned())),
    ]
}

impl SummaryDelta {
    /// A discharge: its outcomes, counted in the month of discharge.
    pub fn discharge(
        team_id: TeamId,
        municipality: &MunicipalityCode,
        month: &str,
        o: &OutcomeCounts,
    ) -> Self {
        let mut amounts = vec![
            ("discharges", i64::from(o.discharges)),
            ("treatment_days", o.treatment_days),
        ];
        amounts.extend(
            COUNTER_COLUMNS
                .iter()
                .zip(o.counters)
                .map(|(c, x)| (*c, i64::from(x))),
        );
        Self {
            table: "outcome_summary",
            keys: outcome_keys(team_id, municipality, month),
            amounts,
        }
    }

    /// A follow-up at 6, 12 or 18 months, counted in the discharge month.
    pub fn follow_up(
        team_id: TeamId,
        municipality: &MunicipalityCode,
        discharge_month: &str,
        months: u8,
        f: &FollowUpCounts,
    ) -> Self {
        let columns = FOLLOW_UP_COLUMNS[match months {
            6 => 0,
            12 => 1,
            _ => 2,
        }];
        let v = [
            f.done,
            f.living_at_home,
            f.in_school_or_working,
            f.no_new_arrests,
        ];
        Self {
            table: "outcome_summary",
            keys: outcome_keys(team_id, municipality, discharge_month),
            amounts: columns
                .iter()
                .zip(v)
                .map(|(c, x)| (*c, i64::from(x)))
                .collect(),
        }
    }

    /// A family-experience survey, counted in the discharge month.
    pub fn experience(
        team_id: TeamId,
        municipality: &MunicipalityCode,
        discharge_month: &str,
        e: &ExperienceCounts,
    ) -> Self {
        let v = [e.surveys, e.score_sum, e.recommend];
        Self {
            table: "outcome_summary",
            keys: outcome_keys(team_id, municipality, discharge_month),
            amounts: EXPERIENCE_COLUMNS
                .iter()
                .zip(v)
                .map(|(c, x)| (*c, i64::from(x)))
                .collect(),
        }
    }

    /// An adherence interview, counted in the month it was made;
    /// `first_this_month` when it is the family's first that month.
    pub fn interview(
        team_id: TeamId,
        therapist_id: UserId,
        municipality: &MunicipalityCode,
        month: &str,
        a: &AdherenceCounts,
        first_this_month: bool,
    ) -> Self {
        let v = [a.interviews, a.scored, a.adherent, a.score_milli_sum];
        let mut delta = Self {
            table: "adherence_summary",
            keys: vec![
                ("team_id", SummaryKey::Int(team_id.get())),
                ("therapist_id", SummaryKey::Int(therapist_id.get())),
                (
                    "municipality_code",
                    SummaryKey::Text(municipality.to_string()),
                ),
                ("month", SummaryKey::Text(month.to_owned())),
            ],
            amounts: ADHERENCE_COLUMNS
                .iter()
                .zip(v)
                .map(|(c, x)| (*c, i64::from(x)))
                .collect(),
        };
        delta
            .amounts
            .push(("families", i64::from(first_this_month)));
        delta
    }

    /// A therapist's rating of the supervisor, in the month it was made.
    pub fn supervisor_rating(r: &NewSupervisorRating) -> Self {
        let a = AdherenceCounts::of(r.score);
        let v = [a.interviews, a.scored, a.adherent, a.score_milli_sum];
        Self {
            table: "supervision_summary",
            keys: vec![
                ("team_id", SummaryKey::Int(r.team_id.get())),
                ("supervisor_id", SummaryKey::Int(r.supervisor_id.get())),
                ("month", SummaryKey::Text(summary_month(r.rated_on))),
            ],
            amounts: SUPERVISION_COLUMNS
                .iter()
                .zip(v)
                .map(|(c, x)| (*c, i64::from(x)))
                .collect(),
        }
    }

    /// The coarser roll-ups the same write adds to, in the same
    /// transaction: an interview also counts in `adherence_rollup` (its
    /// row without the therapist). Both backends apply these right after
    /// the delta itself, so the roll-ups cannot drift from the fine rows.
    pub fn rollups(&self) -> Vec<SummaryDelta> {
        match self.table {
            "adherence_summary" => vec![SummaryDelta {
                table: ADHERENCE_ROLLUP_TABLE,
                keys: self
                    .keys
                    .iter()
                    .filter(|(k, _)| *k != "therapist_id")
                    .cloned()
                    .collect(),
                amounts: self.amounts.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// `INSERT … ON CONFLICT (keys) DO UPDATE SET col = col + excluded.col`
    /// with placeholders from `placeholder(1-based index)`; parameters are
    /// the keys then the amounts, in order.
    pub fn upsert_sql(&self, placeholder: impl Fn(usize) -> String) -> String {
        let keys: Vec<&str> = self.keys.iter().map(|(k, _)| *k).collect();
        let cols: Vec<&str> = self.amounts.iter().map(|(c, _)| *c).collect();
        let all: Vec<&str> = keys.iter().chain(cols.iter()).copied().collect();
        let values: Vec<String> = (1..=all.len()).map(&placeholder).collect();
        let sets: Vec<String> = cols
            .iter()
            .map(|c| format!("{c} = {t}.{c} + excluded.{c}", t = self.table))
            .collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
            self.table,
            all.join(", "),
            values.join(", "),
            keys.join(", "),
            sets.join(", ")
        )
    }
}

/// The month (`YYYY-MM`) of a day, as summary rows key it.
pub fn summary_month(d: NaiveDate) -> String {
    rundt_domain::period::Month::of(d).to_string()
}

/// What a discharge adds to its team's, municipality's and month's row.
pub fn discharge_delta(case: &CaseRecord, d: &DischargeRecord) -> SummaryDelta {
    let facts = DischargeFacts {
        reason: d.reason,
        treatment_days: d.treatment_days,
        living_at_home: d.living_at_home,
        in_school_or_working: d.in_school_or_working,
        no_new_arrests: d.no_new_arrests,
    };
    SummaryDelta::discharge(
        case.team_id,
        &case.referring_municipality,
        &summary_month(d.discharged_on),
        &OutcomeCounts::of(&facts),
    )
}

/// What a follow-up adds, in the family's discharge month.
pub fn follow_up_delta(
    case: &CaseRecord,
    discharged_on: NaiveDate,
    f: &FollowUpRecord,
) -> SummaryDelta {
    SummaryDelta::follow_up(
        case.team_id,
        &case.referring_municipality,
        &summary_month(discharged_on),
        f.months,
        &FollowUpCounts::of(f.living_at_home, f.in_school_or_working, f.no_new_arrests),
    )
}

/// What a survey adds, in the family's discharge month.
pub fn experience_delta(
    case: &CaseRecord,
    discharged_on: NaiveDate,
    e: &FamilyExperienceRecord,
) -> SummaryDelta {
    SummaryDelta::experience(
        case.team_id,
        &case.referring_municipality,
        &summary_month(discharged_on),
        &ExperienceCounts {
            surveys: 1,
            score_sum: u32::from(e.score),
            recommend: u32::from(e.recommends),
        },
    )
}

/// What an interview adds, in the month it was made; `first_this_month`
/// when the family had no interview earlier that month.
pub fn interview_delta(
    case: &CaseRecord,
    i: &NewAdherenceInterview,
    first_this_month: bool,
) -> SummaryDelta {
    SummaryDelta::interview(
        case.team_id,
        i.therapist_id,
        &case.referring_municipality,
        &summary_month(i.interviewed_on),
        &AdherenceCounts::of(i.score),
        first_this_month,
    )
}

/// A summary counter as `u32`; a negative or too large value is an error
/// naming its column (a count read as 0 would hide a broken summary).
fn counter(column: &str, value: i64) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| {
        StoreError::Internal(format!(
            "summary column {column} holds {value}, out of range for a count"
        ))
    })
}

/// Builds an [`OutcomeSummaryRow`]'s counters from the column values in
/// the order of [`OUTCOME_COLUMNS`].
pub fn outcome_counts_from(
    v: &[i64; OUTCOME_COLUMN_COUNT],
) -> StoreResult<(OutcomeCounts, [FollowUpCounts; 3], ExperienceCounts)> {
    let mut u32s = [0u32; OUTCOME_COLUMN_COUNT];
    for ((out, x), column) in u32s.iter_mut().zip(v).zip(OUTCOME_COLUMNS).skip(2) {
        *out = counter(column, *x)?;
    }
    u32s[0] = counter(OUTCOME_COLUMNS[0], v[0])?;
    let u = |i: usize| u32s[i];
    let mut counters = [0u32; COUNTERS];
    counters.copy_from_slice(&u32s[2..2 + COUNTERS]);
    let outcomes = OutcomeCounts {
        discharges: u(0),
        treatment_days: v[1],
        counters,
    };
    let at = 2 + COUNTERS;
    let fu = |i: usize| FollowUpCounts {
        done: u(at + 4 * i),
        living_at_home: u(at + 1 + 4 * i),
        in_school_or_working: u(at + 2 + 4 * i),
        no_new_arrests: u(at + 3 + 4 * i),
    };
    let e = at + 12;
    let experience = ExperienceCounts {
        surveys: u(e),
        score_sum: u(e + 1),
        recommend: u(e + 2),
    };
    Ok((outcomes, [fu(0), fu(1), fu(2)], experience))
}

/// Builds adherence counters from the columns of [`ADHERENCE_COLUMNS`]
/// (the supervision summary's columns count the same way).
pub fn adherence_counts_from(v: &[i64; 4]) -> StoreResult<AdherenceCounts> {
    let u = |i: usize| counter(ADHERENCE_COLUMNS[i], v[i]);
    Ok(AdherenceCounts {
        interviews: u(0)?,
        scored: u(1)?,
        adherent: u(2)?,
        score_milli_sum: u(3)?,
    })
}

#[async_trait]
pub trait ResultsStore: Send + Sync {
    /// Stores an interview and adds it to the adherence summary, in one
    /// transaction with `audit`.
    async fn record_adherence_interview(
        &self,
        interview: &NewAdherenceInterview,
        audit: &AuditEvent,
    ) -> StoreResult<AdherenceInterviewRecord>;
    /// A case's interviews, newest first.
    async fn adherence_interviews(
        &self,
        case_id: CaseId,
    ) -> StoreResult<Vec<AdherenceInterviewRecord>>;
    /// Families in treatment in the given teams with their latest interview.
    async fn interview_states(&self, team_ids: &[TeamId]) -> StoreResult<Vec<InterviewState>>;

    /// Stores the survey (once per family) and adds it to the outcome
    /// summary of the family's discharge month, in one transaction.
    async fn record_family_experience(
        &self,
        survey: &FamilyExperienceRecord,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    async fn family_experience(
        &self,
        case_id: CaseId,
    ) -> StoreResult<Option<FamilyExperienceRecord>>;

    /// The version of the summary tables: it rises in the transaction of
    /// every write that changes a summary row (migration 0025) and of a
    /// reference-data sync that adds or renames a programme model or a
    /// municipality (the dashboards' names), and never on a read. Read it
    /// before the summary rows, and figures computed from them are at
    /// least as new as the version.
    async fn results_version(&self) -> StoreResult<i64>;
    async fn outcome_summary(&self, filter: &SummaryFilter) -> StoreResult<Vec<OutcomeSummaryRow>>;
    async fn adherence_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<AdherenceSummaryRow>>;
    /// The adherence roll-up rows of the filter (the adherence summary
    /// added up over therapists): what national and municipality
    /// dashboards read instead of [`Self::adherence_summary`].
    async fn adherence_rollup(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<AdherenceRollupRow>>;

    /// The per-family table, or the filter's page of it, with the number
    /// of families in the whole list; appends `audit` once per family
    /// returned (with `object_id` the case and `person_id` the young
    /// person), in the same transaction as the read. Families only counted
    /// are not audited: nothing about them is read.
    async fn family_results(
        &self,
        filter: &FamilyResultsFilter,
        audit: &AuditEvent,
    ) -> StoreResult<FamilyResults>;

    /// Stores a therapist's rating of the supervisor and adds it to the
    /// supervision summary, in one transaction with `audit`; returns its id.
    async fn record_supervisor_rating(
        &self,
        rating: &NewSupervisorRating,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
    /// The day of a therapist's latest rating in a team.
    async fn last_supervisor_rating(
        &self,
        team_id: TeamId,
        therapist_id: UserId,
    ) -> StoreResult<Option<NaiveDate>>;
    /// Supervision-summary rows of the filter's country, teams and months
    /// (the municipality does not apply).
    async fn supervision_summary(
        &self,
        filter: &SummaryFilter,
    ) -> StoreResult<Vec<SupervisionSummaryRow>>;

    /// Counts of the given teams' cases by status (no personal data).
    async fn status_counts(
        &self,
        country: Country,
        team_ids: Option<&[TeamId]>,
        municipality: Option<&MunicipalityCode>,
    ) -> StoreResult<Vec<(String, u32)>>;
}

#[cfg(test)]
mod tests {
    /// The municipality with this four-digit code.
    fn code(digits: &str) -> MunicipalityCode {
        MunicipalityCode::from_stored(digits).unwrap()
    }

    use super::*;

    #[test]
    fn the_upsert_adds_to_an_existing_row() {
        let d = SummaryDelta::interview(
            TeamId::new(1),
            UserId::new(2),
            &code("0751"),
            "2026-11",
            &AdherenceCounts::of(Some(0.7)),
            true,
        );
        let sql = d.upsert_sql(|i| format!("${i}"));
        assert!(sql.starts_with("INSERT INTO adherence_summary (team_id, therapist_id, municipality_code, month, interviews"));
        assert!(sql.contains("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"));
        assert!(sql.contains("ON CONFLICT (team_id, therapist_id, municipality_code, month)"));
        assert!(sql.contains("scored = adherence_summary.scored + excluded.scored"));
    }

    #[test]
    fn a_follow_up_lands_in_its_own_columns() {
        let d = SummaryDelta::follow_up(
            TeamId::new(1),
            &code("0751"),
            "2026-01",
            12,
            &FollowUpCounts::of(true, false, true),
        );
        let cols: Vec<&str> = d.amounts.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            cols,
            [
                "fu12_done",
                "fu12_living_at_home",
                "fu12_in_school_or_working",
                "fu12_no_new_arrests"
            ]
        );
        assert_eq!(
            d.amounts.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
            [1, 1, 0, 1]
        );
    }

    #[test]
    fn a_discharge_adds_to_every_counter_of_the_catalogue() {
        let facts = DischargeFacts {
            reason: DischargeReason::Placed,
            treatment_days: 80,
            living_at_home: false,
            in_school_or_working: true,
            no_new_arrests: true,
        };
        let d = SummaryDelta::discharge(
            TeamId::new(1),
            &code("0751"),
            "2026-01",
            &OutcomeCounts::of(&facts),
        );
        let amount = |c: &str| d.amounts.iter().find(|(k, _)| *k == c).map(|(_, v)| *v);
        assert_eq!(amount("discharges"), Some(1));
        assert_eq!(amount("treatment_days"), Some(80));
        assert_eq!(amount("placed"), Some(1));
        assert_eq!(amount("completed"), Some(0));
        assert_eq!(amount("in_school_or_working"), Some(1));
        assert_eq!(amount("completers_in_school_or_working"), Some(0));
        assert_eq!(d.amounts.len(), 2 + COUNTERS);
    }

    #[test]
    fn the_columns_read_back_into_the_same_counts() {
        let mut v = [0i64; OUTCOME_COLUMN_COUNT];
        for (x, i) in v.iter_mut().zip(0i64..) {
            *x = i;
        }
        let (o, f, e) = outcome_counts_from(&v).expect("every column is a valid count");
        let at = |c: &str| {
            OUTCOME_COLUMNS
                .iter()
                .position(|k| *k == c)
                .map(|i| i as u32)
        };
        assert_eq!(Some(o.discharges), at("discharges"));
        assert_eq!(Some(o.get("no_new_arrests")), at("no_new_arrests"));
        assert_eq!(
            Some(f[1].in_school_or_working),
            at("fu12_in_school_or_working")
        );
        assert_eq!(Some(e.recommend), at("experience_recommend"));
    }
}
