//! The results of MST-CAN (issue 12, DOMAIN.md §5), beside the MST
//! indicators: children living at home at discharge (a care order
//! avoided), care orders during treatment and in follow-up, new incidents
//! during treatment, a safety plan within seven days, children heard, and
//! the length of stay against the programme's 6–9 months — with the same
//! small-cell rule as the MST figures (see [`super::reveals_few`]).
//!
//! Which families are counted over, per figure:
//!
//! * the outcomes and the figures about a whole course (at home, care
//!   orders, incidents, children heard, length of stay, median days) count
//!   the **discharged** families passed in, and their children;
//! * the safety plan within seven days counts every family passed in —
//!   discharged or still in treatment — whose seven days are settled (see
//!   [`SafetyPlanOnTime`]).
//!
//! The caller chooses the families (for example those discharged in a
//! period, or those whose treatment started in it); the figures are the
//! same whichever order they come in, and [`CanCounts`] add up, so counts
//! of a team or a municipality sum to a national one.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{MIN_CELL, Share};
use crate::discharge::{ChildFollowUp, ChildOutcome, treatment_days};
use crate::id::PersonId;
use crate::safety::SAFETY_PLAN_DAYS;

/// One child of an MST-CAN family, as the results need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanChildFacts {
    /// Living at home at discharge (a care order avoided); `None` while the
    /// family is in treatment or when it was not recorded.
    pub living_at_home_at_discharge: Option<bool>,
    /// A care order was made for the child during treatment.
    pub care_order_during_treatment: bool,
    /// A care order had been made at the follow-up after discharge; `None`
    /// when the follow-up is not done.
    pub care_order_in_follow_up: Option<bool>,
    /// The child was heard in the treatment (their own voice recorded).
    pub heard: bool,
}

/// One MST-CAN family, discharged or in treatment, as the results need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanFamilyFacts {
    pub treatment_start: NaiveDate,
    /// `None` while the family is in treatment.
    pub discharged_on: Option<NaiveDate>,
    pub children: Vec<CanChildFacts>,
    /// The day the first safety plan was agreed with the family, if yet.
    pub first_safety_plan_on: Option<NaiveDate>,
    /// New incidents of violence or neglect recorded during treatment.
    pub incidents_during_treatment: u32,
}

/// What is recorded about one MST-CAN family's course, from which its
/// [`CanFamilyFacts`] are put together.
#[derive(Debug, Clone, Copy)]
pub struct CanCourse<'a> {
    pub treatment_start: NaiveDate,
    pub discharged_on: Option<NaiveDate>,
    /// The family's children (the case's young persons), in order.
    pub children: &'a [PersonId],
    /// Each child's outcome at discharge.
    pub at_discharge: &'a [ChildOutcome],
    /// Each child's rows of every follow-up done.
    pub follow_ups: &'a [ChildFollowUp],
    /// The day each version of the safety plan was agreed with the family.
    pub safety_plans_agreed: &'a [NaiveDate],
    /// The day of each incident recorded.
    pub incidents: &'a [NaiveDate],
    /// The children heard at least once (a "not heard, because" is not).
    pub heard: &'a [PersonId],
}

impl CanFamilyFacts {
    /// The facts of a course: a child's care order in follow-up is known
    /// once a follow-up was done, and counts when any follow-up found one;
    /// incidents count from the first day of treatment to discharge (to
    /// this day while in treatment); the first safety plan is the earliest
    /// day a version was agreed.
    pub fn of_course(c: &CanCourse<'_>) -> Self {
        let children = c
            .children
            .iter()
            .map(|id| {
                let at = c.at_discharge.iter().find(|o| o.child == *id);
                let mut later = c.follow_ups.iter().filter(|f| f.child == *id).peekable();
                let care_order_in_follow_up =
                    later.peek().is_some().then(|| later.any(|f| f.care_order));
                CanChildFacts {
                    living_at_home_at_discharge: at.map(|o| o.living_at_home),
                    care_order_during_treatment: at.is_some_and(|o| o.care_order_during_treatment),
                    care_order_in_follow_up,
                    heard: c.heard.contains(id),
                }
            })
            .collect();
        let during = |d: &&NaiveDate| {
            **d >= c.treatment_start && c.discharged_on.is_none_or(|end| **d <= end)
        };
        Self {
            treatment_start: c.treatment_start,
            discharged_on: c.discharged_on,
            children,
            first_safety_plan_on: c.safety_plans_agreed.iter().min().copied(),
            incidents_during_treatment: u32::try_from(c.incidents.iter().filter(during).count())
                .unwrap_or(u32::MAX),
        }
    }
}

/// A length of stay against the programme's range of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StayLength {
    Shorter,
    Within,
    Longer,
}

/// A stay from `start` to `discharge` against `min_months`–`max_months`.
///
/// A month is a calendar month counted from the start day with chrono's
/// `checked_add_months`: the stay is *within* when the discharge falls on
/// or after the day `min_months` calendar months after the start, and on
/// or before the day `max_months` calendar months after it. From 15
/// January, 6–9 months is 15 July to 15 October, both included; from 31
/// August, six months is 28 February (or the 29th in a leap year), as
/// there is no 31 February. A bound beyond the last date chrono knows is
/// never reached.
pub fn stay_length(
    start: NaiveDate,
    discharge: NaiveDate,
    min_months: u8,
    max_months: u8,
) -> StayLength {
    let after = |months: u8| start.checked_add_months(Months::new(u32::from(months)));
    if after(min_months).is_none_or(|earliest| discharge < earliest) {
        StayLength::Shorter
    } else if after(max_months).is_some_and(|latest| discharge > latest) {
        StayLength::Longer
    } else {
        StayLength::Within
    }
}

/// Whether a family had its safety plan within [`SAFETY_PLAN_DAYS`] days
/// of the start of treatment, as far as it can be told on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SafetyPlanOnTime {
    /// Agreed on or before the seventh day after the start (the day the
    /// supervisor's warning would begin, see
    /// [`crate::safety::safety_plan_overdue`]); a plan agreed before the
    /// start counts too.
    Yes,
    /// Agreed later, or not at all while the seven days ran out — or the
    /// family was discharged without a plan.
    No,
    /// In treatment without a plan and the seven days are not over on the
    /// day asked: not counted yet.
    NotYet,
}

impl SafetyPlanOnTime {
    /// The family's answer on `today`.
    pub fn of(family: &CanFamilyFacts, today: NaiveDate) -> Self {
        let due = family
            .treatment_start
            .checked_add_days(Days::new(SAFETY_PLAN_DAYS));
        match (family.first_safety_plan_on, due) {
            (Some(on), Some(due)) if on <= due => Self::Yes,
            (Some(_), _) => Self::No,
            (None, Some(due)) if family.discharged_on.is_none() && today <= due => Self::NotYet,
            (None, _) => Self::No,
        }
    }
}

/// A share of families: how many are counted over and how many of them
/// count. Adds up across teams and municipalities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyTally {
    pub count: u32,
    pub of: u32,
}

impl FamilyTally {
    fn one(counts: bool) -> Self {
        Self {
            count: u32::from(counts),
            of: 1,
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.count += o.count;
        self.of += o.of;
    }

    /// The share; `suppress` applies the small-cell rule through
    /// [`Share::of_families`].
    pub fn share(&self, suppress: bool) -> Share {
        Share::of_families(self.count, self.of, suppress)
    }
}

/// A share of children, with the families behind it so that the
/// small-cell rule can be held to families: the children counted over, how
/// many of them count, and of their families how many have a child who
/// counts and how many a child who does not. Adds up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildTally {
    pub count: u32,
    pub of: u32,
    /// Families with at least one child counted over.
    pub families: u32,
    /// Families with at least one child who counts.
    pub families_counted: u32,
    /// Families with at least one child who does not count.
    pub families_rest: u32,
}

impl ChildTally {
    /// One family's children: `None` for a child not counted over, else
    /// whether they count.
    fn of_family(children: impl Iterator<Item = Option<bool>>) -> Self {
        let (mut count, mut of) = (0, 0);
        for c in children.flatten() {
            of += 1;
            count += u32::from(c);
        }
        Self {
            count,
            of,
            families: u32::from(of > 0),
            families_counted: u32::from(count > 0),
            families_rest: u32::from(count < of),
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.count += o.count;
        self.of += o.of;
        self.families += o.families;
        self.families_counted += o.families_counted;
        self.families_rest += o.families_rest;
    }

    /// The share of children. With `suppress` it is hidden when the
    /// children would tell about few ([`super::reveals_few`] on the
    /// children), when they come from fewer than [`MIN_CELL`] families, or
    /// when the children who count — or those who do not — come from 1 to
    /// 4 families: six children of one family with a care order are one
    /// family.
    pub fn share(&self, suppress: bool) -> Share {
        let few = |n: u32| (1..MIN_CELL).contains(&n);
        let hide = suppress
            && (few(self.families) || few(self.families_counted) || few(self.families_rest));
        if hide {
            Share::HIDDEN
        } else {
            Share::of_families(self.count, self.of, suppress)
        }
    }
}

/// The counts behind [`CanIndicators`]: what one family adds, and what
/// teams' or municipalities' counts add up to. The safety-plan tally of a
/// family in treatment depends on the day it is counted on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanCounts {
    /// Families discharged.
    pub discharged: u32,
    /// Children of the discharged families.
    pub children: u32,
    pub living_at_home_at_discharge: ChildTally,
    pub care_order_during_treatment: ChildTally,
    pub care_order_in_follow_up: ChildTally,
    pub children_heard: ChildTally,
    pub new_incident_during_treatment: FamilyTally,
    pub safety_plan_within_7_days: FamilyTally,
    pub stay_within_months: FamilyTally,
    pub stay_shorter: u32,
    pub stay_longer: u32,
    /// Treatment days of each discharged family.
    pub treatment_days: Vec<i64>,
}

impl CanCounts {
    /// What one family adds, counted on `today` with the programme's range
    /// of months.
    pub fn of(f: &CanFamilyFacts, min_months: u8, max_months: u8, today: NaiveDate) -> Self {
        let mut c = Self {
            safety_plan_within_7_days: match SafetyPlanOnTime::of(f, today) {
                SafetyPlanOnTime::Yes => FamilyTally::one(true),
                SafetyPlanOnTime::No => FamilyTally::one(false),
                SafetyPlanOnTime::NotYet => FamilyTally::default(),
            },
            ..Self::default()
        };
        let Some(discharged_on) = f.discharged_on else {
            return c;
        };
        let kids = &f.children;
        c.discharged = 1;
        c.children = u32::try_from(kids.len()).unwrap_or(u32::MAX);
        c.living_at_home_at_discharge =
            ChildTally::of_family(kids.iter().map(|k| k.living_at_home_at_discharge));
        c.care_order_during_treatment =
            ChildTally::of_family(kids.iter().map(|k| Some(k.care_order_during_treatment)));
        c.care_order_in_follow_up =
            ChildTally::of_family(kids.iter().map(|k| k.care_order_in_follow_up));
        c.children_heard = ChildTally::of_family(kids.iter().map(|k| Some(k.heard)));
        c.new_incident_during_treatment = FamilyTally::one(f.incidents_during_treatment > 0);
        let stay = stay_length(f.treatment_start, discharged_on, min_months, max_months);
        c.stay_within_months = FamilyTally::one(stay == StayLength::Within);
        c.stay_shorter = u32::from(stay == StayLength::Shorter);
        c.stay_longer = u32::from(stay == StayLength::Longer);
        c.treatment_days = vec![treatment_days(f.treatment_start, discharged_on)];
        c
    }

    pub fn add(&mut self, o: &Self) {
        self.discharged += o.discharged;
        self.children += o.children;
        self.living_at_home_at_discharge
            .add(&o.living_at_home_at_discharge);
        self.care_order_during_treatment
            .add(&o.care_order_during_treatment);
        self.care_order_in_follow_up.add(&o.care_order_in_follow_up);
        self.children_heard.add(&o.children_heard);
        self.new_incident_during_treatment
            .add(&o.new_incident_during_treatment);
        self.safety_plan_within_7_days
            .add(&o.safety_plan_within_7_days);
        self.stay_within_months.add(&o.stay_within_months);
        self.stay_shorter += o.stay_shorter;
        self.stay_longer += o.stay_longer;
        self.treatment_days.extend_from_slice(&o.treatment_days);
    }

    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Self>) -> Self {
        let mut total = Self::default();
        for c in all {
            total.add(c);
        }
        total
    }

    /// The figures; `suppress` applies the small-cell rule (for viewers
    /// who may not see the families themselves). With fewer than
    /// [`MIN_CELL`] discharged families every figure about discharges is
    /// hidden, their numbers shown as 0 and `suppressed` set, as for MST;
    /// the safety plan, counted over its own families, keeps its own rule.
    pub fn indicators(&self, min_months: u8, max_months: u8, suppress: bool) -> CanIndicators {
        let hide = suppress && self.discharged < MIN_CELL;
        let child = |t: &ChildTally| {
            if hide {
                Share::HIDDEN
            } else {
                t.share(suppress)
            }
        };
        let family = |t: &FamilyTally| {
            if hide {
                Share::HIDDEN
            } else {
                t.share(suppress)
            }
        };
        CanIndicators {
            min_months,
            max_months,
            discharged: if hide { 0 } else { self.discharged },
            children: if hide { 0 } else { self.children },
            living_at_home_at_discharge: child(&self.living_at_home_at_discharge),
            care_order_during_treatment: child(&self.care_order_during_treatment),
            care_order_in_follow_up: child(&self.care_order_in_follow_up),
            new_incident_during_treatment: family(&self.new_incident_during_treatment),
            safety_plan_within_7_days: self.safety_plan_within_7_days.share(suppress),
            children_heard: child(&self.children_heard),
            stay_within_months: family(&self.stay_within_months),
            stay_shorter: family(&FamilyTally {
                count: self.stay_shorter,
                of: self.discharged,
            }),
            stay_longer: family(&FamilyTally {
                count: self.stay_longer,
                of: self.discharged,
            }),
            median_treatment_days: if hide {
                None
            } else {
                median(&self.treatment_days)
            },
            suppressed: hide,
        }
    }
}

/// The middle of the days, one decimal: the mean of the two middle ones
/// when there is an even number; `None` for none.
pub fn median(days: &[i64]) -> Option<f64> {
    let mut d = days.to_vec();
    d.sort_unstable();
    let n = d.len();
    let mid = match n {
        0 => return None,
        _ if n % 2 == 1 => d[n / 2] as f64,
        _ => (d[n / 2 - 1] as f64 + d[n / 2] as f64) / 2.0,
    };
    Some((mid * 10.0).round() / 10.0)
}

/// The MST-CAN results of a set of families. Shares of children count the
/// children of the discharged families (see [`ChildTally::share`] for the
/// small-cell rule on children); shares of families count the discharged
/// families, except the safety plan (see [`SafetyPlanOnTime`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanIndicators {
    /// The programme's length of stay, in months (MST-CAN: 6–9).
    pub min_months: u8,
    pub max_months: u8,
    /// Discharged families; 0 when suppressed.
    pub discharged: u32,
    /// Their children; 0 when suppressed.
    pub children: u32,
    /// Children living at home at discharge (a care order avoided), of the
    /// children whose situation at discharge is recorded.
    pub living_at_home_at_discharge: Share,
    /// Children with a care order made during treatment, of all children.
    pub care_order_during_treatment: Share,
    /// Children with a care order at the follow-up, of the children whose
    /// follow-up is done.
    pub care_order_in_follow_up: Share,
    /// Families with at least one new incident during treatment.
    pub new_incident_during_treatment: Share,
    /// Families with a safety plan within seven days of the start, of the
    /// families whose seven days are settled, discharged or not.
    pub safety_plan_within_7_days: Share,
    /// Children heard in the treatment, of all children.
    pub children_heard: Share,
    /// Families discharged within `min_months`–`max_months` of the start
    /// (months as [`stay_length`] counts them).
    pub stay_within_months: Share,
    /// Families discharged before `min_months`.
    pub stay_shorter: Share,
    /// Families discharged after `max_months`.
    pub stay_longer: Share,
    /// Median treatment days of the discharged families; `None` when
    /// suppressed or none.
    pub median_treatment_days: Option<f64>,
    /// True when the figures about discharges were hidden because fewer
    /// than [`MIN_CELL`] families were discharged.
    pub suppressed: bool,
}

impl CanIndicators {
    /// The results of `families` on `today`, against the programme's
    /// `min_months`–`max_months` (MST-CAN: 6 and 9, from
    /// [`crate::programme::ProgrammeModel`]); `suppress` applies the
    /// small-cell rule.
    pub fn of(
        families: &[CanFamilyFacts],
        min_months: u8,
        max_months: u8,
        today: NaiveDate,
        suppress: bool,
    ) -> Self {
        let counts: Vec<CanCounts> = families
            .iter()
            .map(|f| CanCounts::of(f, min_months, max_months, today))
            .collect();
        CanCounts::sum(&counts).indicators(min_months, max_months, suppress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn child(
        home: Option<bool>,
        care_order: bool,
        follow_up: Option<bool>,
        heard: bool,
    ) -> CanChildFacts {
        CanChildFacts {
            living_at_home_at_discharge: home,
            care_order_during_treatment: care_order,
            care_order_in_follow_up: follow_up,
            heard,
        }
    }

    /// A child at home at discharge, without a care order, heard; follow-up
    /// done without a care order.
    fn well() -> CanChildFacts {
        child(Some(true), false, Some(false), true)
    }

    fn family(
        start: &str,
        discharged: Option<&str>,
        children: Vec<CanChildFacts>,
        plan: Option<&str>,
        incidents: u32,
    ) -> CanFamilyFacts {
        CanFamilyFacts {
            treatment_start: day(start),
            discharged_on: discharged.map(day),
            children,
            first_safety_plan_on: plan.map(day),
            incidents_during_treatment: incidents,
        }
    }

    fn share(count: u32, of: u32, percent: f64) -> Share {
        Share {
            count: Some(count),
            of: Some(of),
            percent: Some(percent),
            hidden: false,
        }
    }

    const TODAY: &str = "2026-12-01";

    /// Five discharged families with nine children, and three in treatment.
    fn eight_families() -> Vec<CanFamilyFacts> {
        vec![
            // Exactly six months; plan on day 5; two children at home, heard.
            family(
                "2026-01-15",
                Some("2026-07-15"),
                vec![well(), well()],
                Some("2026-01-20"),
                0,
            ),
            // Exactly nine months; plan on day 7; follow-up not done yet.
            family(
                "2026-01-10",
                Some("2026-10-10"),
                vec![child(Some(true), false, None, true)],
                Some("2026-01-17"),
                1,
            ),
            // Nine months and a day; plan on day 8; one child taken into
            // care during treatment, one child not heard.
            family(
                "2026-02-01",
                Some("2026-11-02"),
                vec![
                    child(Some(false), true, Some(true), true),
                    child(Some(true), false, Some(false), false),
                    well(),
                ],
                Some("2026-02-09"),
                2,
            ),
            // A day short of six months; home at discharge not recorded.
            family(
                "2026-03-01",
                Some("2026-08-31"),
                vec![child(None, false, None, true)],
                Some("2026-03-01"),
                0,
            ),
            // Eight months and ten days; one child not heard.
            family(
                "2026-03-10",
                Some("2026-11-20"),
                vec![well(), child(Some(true), false, Some(false), false)],
                Some("2026-03-12"),
                0,
            ),
            // In treatment since three days, no plan yet: not counted.
            family(
                "2026-11-28",
                None,
                vec![child(None, false, None, false)],
                None,
                0,
            ),
            // In treatment a month without a plan: late.
            family(
                "2026-11-01",
                None,
                vec![child(None, false, None, false); 2],
                None,
                0,
            ),
            // In treatment, plan on day 2.
            family(
                "2026-11-27",
                None,
                vec![child(None, false, None, true)],
                Some("2026-11-29"),
                0,
            ),
        ]
    }

    #[test]
    fn mst_can_results_on_known_families() {
        let i = CanIndicators::of(&eight_families(), 6, 9, day(TODAY), false);
        assert!(!i.suppressed);
        assert_eq!((i.min_months, i.max_months), (6, 9));
        assert_eq!(i.discharged, 5, "the three in treatment are not discharged");
        assert_eq!(i.children, 9);
        assert_eq!(
            i.living_at_home_at_discharge,
            share(7, 8, 87.5),
            "the child whose situation was not recorded is left out"
        );
        assert_eq!(i.care_order_during_treatment, share(1, 9, 11.1));
        assert_eq!(
            i.care_order_in_follow_up,
            share(1, 7, 14.3),
            "two children's follow-ups are not done"
        );
        assert_eq!(i.new_incident_during_treatment, share(2, 5, 40.0));
        assert_eq!(
            i.safety_plan_within_7_days,
            share(5, 7, 71.4),
            "on day 7 counts, day 8 does not; the family in its first week waits"
        );
        assert_eq!(i.children_heard, share(7, 9, 77.8));
        assert_eq!(i.stay_within_months, share(3, 5, 60.0));
        assert_eq!(i.stay_shorter, share(1, 5, 20.0));
        assert_eq!(i.stay_longer, share(1, 5, 20.0));
        // 181, 183, 255, 273 and 274 days.
        assert_eq!(i.median_treatment_days, Some(255.0));
    }

    #[test]
    fn a_stay_is_counted_in_calendar_months_from_the_start_day() {
        let from = |start: &str, end: &str| stay_length(day(start), day(end), 6, 9);
        assert_eq!(from("2026-01-15", "2026-07-14"), StayLength::Shorter);
        assert_eq!(from("2026-01-15", "2026-07-15"), StayLength::Within);
        assert_eq!(from("2026-01-15", "2026-10-15"), StayLength::Within);
        assert_eq!(from("2026-01-15", "2026-10-16"), StayLength::Longer);
        // There is no 31 February: six months from 31 August end on its
        // last day, the 29th in a leap year.
        assert_eq!(from("2026-08-31", "2027-02-27"), StayLength::Shorter);
        assert_eq!(from("2026-08-31", "2027-02-28"), StayLength::Within);
        assert_eq!(from("2027-08-31", "2028-02-28"), StayLength::Shorter);
        assert_eq!(from("2027-08-31", "2028-02-29"), StayLength::Within);
        // Standard MST's 3–5 months over the same stay.
        assert_eq!(
            stay_length(day("2026-01-15"), day("2026-07-15"), 3, 5),
            StayLength::Longer
        );
    }

    #[test]
    fn the_safety_plan_counts_on_the_seventh_day_and_a_family_in_its_first_week_waits() {
        let on = |plan: Option<&str>, discharged: Option<&str>, today: &str| {
            SafetyPlanOnTime::of(
                &family("2026-05-04", discharged, vec![well()], plan, 0),
                day(today),
            )
        };
        assert_eq!(
            on(Some("2026-05-11"), None, "2026-05-11"),
            SafetyPlanOnTime::Yes
        );
        assert_eq!(
            on(Some("2026-05-12"), None, "2026-06-01"),
            SafetyPlanOnTime::No
        );
        assert_eq!(
            on(Some("2026-05-01"), None, "2026-06-01"),
            SafetyPlanOnTime::Yes,
            "a plan agreed before the start was in place"
        );
        assert_eq!(
            on(None, None, "2026-05-11"),
            SafetyPlanOnTime::NotYet,
            "day 7 not over"
        );
        assert_eq!(on(None, None, "2026-05-12"), SafetyPlanOnTime::No);
        assert_eq!(
            on(None, Some("2026-05-06"), "2026-05-06"),
            SafetyPlanOnTime::No,
            "discharged on day 2 without a plan"
        );
    }

    /// Ten discharged families of one child each, all at home, heard,
    /// within the months; the first `care_orders` with a care order during
    /// treatment.
    fn ten_single_child_families(care_orders: usize) -> Vec<CanFamilyFacts> {
        (0..10)
            .map(|n| {
                let mut c = well();
                c.care_order_during_treatment = n < care_orders;
                family(
                    "2026-01-05",
                    Some("2026-08-05"),
                    vec![c],
                    Some("2026-01-06"),
                    0,
                )
            })
            .collect()
    }

    #[test]
    fn a_care_order_for_one_child_of_ten_families_is_hidden_from_outsiders_and_shown_to_the_team() {
        let families = ten_single_child_families(1);
        let outsider = CanIndicators::of(&families, 6, 9, day(TODAY), true);
        assert!(
            !outsider.suppressed,
            "ten discharged families are enough for a total"
        );
        assert_eq!(outsider.discharged, 10);
        assert_eq!(outsider.care_order_during_treatment, Share::HIDDEN);
        assert_eq!(outsider.children_heard, share(10, 10, 100.0));
        assert_eq!(outsider.stay_within_months, share(10, 10, 100.0));
        assert_eq!(outsider.median_treatment_days, Some(212.0));
        let team = CanIndicators::of(&families, 6, 9, day(TODAY), false);
        assert_eq!(team.care_order_during_treatment, share(1, 10, 10.0));
        // Five care orders of ten tell about no single family.
        let five = CanIndicators::of(&ten_single_child_families(5), 6, 9, day(TODAY), true);
        assert_eq!(five.care_order_during_treatment, share(5, 10, 50.0));
    }

    #[test]
    fn six_children_of_one_family_taken_into_care_are_still_one_family() {
        let mut families = ten_single_child_families(0);
        families[0].children = vec![child(Some(false), true, None, true); 6];
        let outsider = CanIndicators::of(&families, 6, 9, day(TODAY), true);
        assert_eq!(outsider.children, 15);
        assert_eq!(
            outsider.care_order_during_treatment,
            Share::HIDDEN,
            "6 of 15 children, but all of one family"
        );
        assert_eq!(outsider.living_at_home_at_discharge, Share::HIDDEN);
        assert_eq!(outsider.children_heard, share(15, 15, 100.0));
        let team = CanIndicators::of(&families, 6, 9, day(TODAY), false);
        assert_eq!(team.care_order_during_treatment, share(6, 15, 40.0));
        assert_eq!(team.living_at_home_at_discharge, share(9, 15, 60.0));
    }

    #[test]
    fn fewer_than_five_discharged_families_hide_every_discharge_figure_but_not_the_safety_plans() {
        let mut families = ten_single_child_families(0);
        families.truncate(4);
        for start in ["2026-10-01", "2026-10-15", "2026-11-02"] {
            families.push(family(start, None, vec![well()], Some(start), 0));
        }
        let outsider = CanIndicators::of(&families, 6, 9, day(TODAY), true);
        assert!(outsider.suppressed);
        assert_eq!((outsider.discharged, outsider.children), (0, 0));
        assert_eq!(outsider.children_heard, Share::HIDDEN);
        assert_eq!(outsider.stay_within_months, Share::HIDDEN);
        assert_eq!(outsider.median_treatment_days, None);
        assert_eq!(
            outsider.safety_plan_within_7_days,
            share(7, 7, 100.0),
            "seven families, discharged or not, all with a plan in time"
        );
        let team = CanIndicators::of(&families, 6, 9, day(TODAY), false);
        assert!(!team.suppressed);
        assert_eq!(team.discharged, 4);
        assert_eq!(team.children_heard, share(4, 4, 100.0));
        assert_eq!(team.median_treatment_days, Some(212.0));
    }

    #[test]
    fn counts_of_two_teams_add_up_to_the_figures_of_all_their_families() {
        let all = eight_families();
        let today = day(TODAY);
        let (a, b) = all.split_at(3);
        let count = |fs: &[CanFamilyFacts]| {
            CanCounts::sum(
                &fs.iter()
                    .map(|f| CanCounts::of(f, 6, 9, today))
                    .collect::<Vec<_>>(),
            )
        };
        let mut total = count(a);
        total.add(&count(b));
        assert_eq!(total.discharged, 5);
        assert_eq!(total.stay_shorter + total.stay_longer, 2);
        assert_eq!(
            total.indicators(6, 9, false),
            CanIndicators::of(&all, 6, 9, today, false)
        );
    }

    #[test]
    fn the_median_of_an_even_number_of_stays_is_halfway_between_the_middle_two() {
        assert_eq!(median(&[200, 90, 181, 100]), Some(140.5));
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn no_families_give_no_percentages() {
        let outsider = CanIndicators::of(&[], 6, 9, day(TODAY), true);
        assert!(
            outsider.suppressed,
            "as for MST, no discharges are fewer than five"
        );
        assert!(!outsider.safety_plan_within_7_days.hidden);
        let i = CanIndicators::of(&[], 6, 9, day(TODAY), false);
        assert!(!i.suppressed);
        assert_eq!(i.discharged, 0);
        assert_eq!(i.safety_plan_within_7_days.percent, None);
        assert_eq!(i.children_heard.of, Some(0));
        assert_eq!(i.median_treatment_days, None);
    }

    #[test]
    fn a_course_gives_each_child_its_outcomes_and_the_family_its_plan_and_incidents() {
        let (anna, ola, per) = (PersonId::new(1), PersonId::new(2), PersonId::new(3));
        let at_discharge = [
            ChildOutcome {
                child: anna,
                living_at_home: true,
                care_order_during_treatment: false,
            },
            ChildOutcome {
                child: ola,
                living_at_home: false,
                care_order_during_treatment: true,
            },
        ];
        let follow_ups = [
            ChildFollowUp {
                child: anna,
                care_order: false,
            },
            ChildFollowUp {
                child: anna,
                care_order: true,
            },
        ];
        let facts = CanFamilyFacts::of_course(&CanCourse {
            treatment_start: day("2026-01-10"),
            discharged_on: Some(day("2026-08-01")),
            children: &[anna, ola, per],
            at_discharge: &at_discharge,
            follow_ups: &follow_ups,
            safety_plans_agreed: &[day("2026-03-01"), day("2026-01-14")],
            incidents: &[
                day("2026-01-09"),
                day("2026-04-02"),
                day("2026-08-01"),
                day("2026-08-02"),
            ],
            heard: &[ola],
        });
        assert_eq!(
            facts.children,
            vec![
                child(Some(true), false, Some(true), false),
                child(Some(false), true, None, true),
                child(None, false, None, false),
            ],
            "a care order found at any follow-up counts; a child without a row is not recorded"
        );
        assert_eq!(facts.first_safety_plan_on, Some(day("2026-01-14")));
        assert_eq!(
            facts.incidents_during_treatment, 2,
            "from the first day of treatment to the day of discharge, both included"
        );
    }
}
