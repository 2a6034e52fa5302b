//! The clinical records of a family's treatment: the assessment across the
//! five systems with measurable overarching goals, the weekly case summary
//! that follows MST's analytic process, and the rule that flags a family
//! whose summary for last week is missing.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::error::{Validator, clean_name, clean_text};
use crate::message::Arg;
use crate::msg;

string_coded! {
    /// The five systems around a young person that MST works with.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum System {
        Individual => "individual",
        Family => "family",
        Peers => "peers",
        School => "school",
        Community => "community",
    }
}

/// Strengths and needs in one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemAssessment {
    pub system: System,
    pub strengths: String,
    pub needs: String,
}

/// Someone whose view of success counts (caregiver, teacher, caseworker…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyParticipant {
    pub name: String,
    /// E.g. "mother", "class teacher", "caseworker".
    pub relation: String,
    pub desired_outcome: String,
}

/// An overarching goal: what should be different at discharge, and how it
/// will be measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverarchingGoal {
    pub goal: String,
    /// E.g. "attends school 5 of 5 days for 4 weeks running (school register)".
    pub measure: String,
}

/// The assessment made in the first weeks of treatment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub systems: Vec<SystemAssessment>,
    pub key_participants: Vec<KeyParticipant>,
    pub overarching_goals: Vec<OverarchingGoal>,
}

impl Assessment {
    /// Every system assessed once, with strengths and needs; at least one
    /// key participant with a desired outcome; 1–8 goals, each measurable.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut v = Validator::new();
        for system in System::ALL {
            let n = self.systems.iter().filter(|s| s.system == system).count();
            v.check(
                n == 1,
                "systems",
                msg!(
                    "system-assessed-once",
                    system = Arg::word(format!("system_{}", system.as_str()))
                ),
            );
        }
        for (i, s) in self.systems.iter().enumerate() {
            v.take(clean_name(
                &format!("systems[{i}].strengths"),
                &s.strengths,
                4000,
            ));
            v.take(clean_text(&format!("systems[{i}].needs"), &s.needs, 4000));
        }
        v.check(
            !self.key_participants.is_empty(),
            "key_participants",
            msg!("key-participant-missing"),
        );
        for (i, p) in self.key_participants.iter().enumerate() {
            v.take(clean_name(
                &format!("key_participants[{i}].name"),
                &p.name,
                200,
            ));
            v.take(clean_name(
                &format!("key_participants[{i}].relation"),
                &p.relation,
                200,
            ));
            v.take(clean_text(
                &format!("key_participants[{i}].desired_outcome"),
                &p.desired_outcome,
                2000,
            ));
        }
        v.check(
            (1..=8).contains(&self.overarching_goals.len()),
            "overarching_goals",
            msg!("overarching-goals-count"),
        );
        for (i, g) in self.overarching_goals.iter().enumerate() {
            v.take(clean_name(
                &format!("overarching_goals[{i}].goal"),
                &g.goal,
                1000,
            ));
            v.take(clean_name(
                &format!("overarching_goals[{i}].measure"),
                &g.measure,
                1000,
            ));
        }
        v.finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactMode {
    FaceToFace,
    Phone,
    Video,
}

impl ContactMode {
    /// Whether a contact in this mode happened somewhere: a meeting in
    /// person did (the family's home, the school); a call by phone or video
    /// has no place to name.
    pub fn needs_place(self) -> bool {
        self == Self::FaceToFace
    }
}

/// The most contacts a weekly summary holds.
pub const MAX_CONTACTS_PER_WEEK: usize = 60;

/// One contact with the family or its network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub date: NaiveDate,
    pub minutes: u16,
    /// Who took part, e.g. ["mother", "young person"].
    pub with: Vec<String>,
    /// Where a contact in person took place, e.g. "home", "school":
    /// required for `face_to_face`; a phone or video contact may leave it
    /// out or empty.
    #[serde(default)]
    pub place: String,
    pub mode: ContactMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attainment {
    Met,
    Partly,
    NotMet,
}

/// How far a goal came this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalProgress {
    pub goal: String,
    pub attainment: Attainment,
    #[serde(default)]
    pub note: String,
}

/// A hypothesised driver of a referral behaviour, in one of the systems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FitDriver {
    pub system: System,
    pub driver: String,
    /// Prioritised for next week's work.
    #[serde(default)]
    pub prioritised: bool,
}

/// The weekly case summary, following the analytic process ("do-loop").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklySummary {
    /// Monday of the week summarised.
    pub week_start: NaiveDate,
    pub contacts: Vec<Contact>,
    /// Progress on the intermediary goals set last week.
    pub last_week_goals: Vec<GoalProgress>,
    /// Advances to effectiveness.
    pub advances: String,
    /// Barriers to effectiveness.
    pub barriers: String,
    /// The fit assessment re-done: drivers of the referral behaviours.
    pub fit_drivers: Vec<FitDriver>,
    /// Next week's intermediary goals.
    pub next_week_goals: Vec<String>,
    /// Progress per overarching goal.
    pub overarching_progress: Vec<GoalProgress>,
    /// Safety (MST-CAN safety plan), if anything to note.
    #[serde(default)]
    pub safety: String,
    /// MST-CAN: the week's review of the safety plan (it held, it was
    /// changed, it was broken); required for a safety-first family, absent
    /// for MST.
    #[serde(default)]
    pub safety_review: Option<crate::safety::SafetyReview>,
    /// Questions for supervision and consultation.
    #[serde(default)]
    pub questions: String,
}

/// Monday of the week `day` falls in.
pub fn week_start_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The weeks of a course, numbered as the team counts them: week 1 is the
/// week (Monday to Sunday) treatment started in, week 2 the next, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreatmentWeeks {
    /// Monday of week 1.
    first: NaiveDate,
}

impl TreatmentWeeks {
    /// The weeks of a course that started on `start`.
    pub fn from_start(start: NaiveDate) -> Self {
        Self {
            first: week_start_of(start),
        }
    }

    /// The number of the week `day` falls in; 0 or less before treatment.
    pub fn number_of(&self, day: NaiveDate) -> i64 {
        (week_start_of(day) - self.first).num_days() / 7 + 1
    }

    /// Monday of week `n` (week 1 for anything below 1).
    pub fn monday_of(&self, n: i64) -> NaiveDate {
        self.first + Duration::weeks(n.max(1) - 1)
    }

    /// The current treatment week on `today`, at least week 1 (a course
    /// that starts later this month is in its first week until then).
    pub fn current(&self, today: NaiveDate) -> i64 {
        self.number_of(today).max(1)
    }

    /// The week a new summary is for when none is chosen: last week while
    /// its summary is overdue (see [`missing_last_week`]), otherwise the
    /// current treatment week.
    pub fn default_week(&self, today: NaiveDate, summarised_weeks: &[NaiveDate]) -> NaiveDate {
        missing_last_week(self.first, today, summarised_weeks)
            .unwrap_or_else(|| self.monday_of(self.current(today)))
    }
}

impl WeeklySummary {
    /// What the referring or paying municipality reads of a week (see
    /// `access::course_detail`): the week and its progress on the overall
    /// goals the municipality asked for. The team's working notes — who
    /// was met where, advances, barriers, the fit drivers, next week's
    /// goals, safety notes and questions for supervision — stay with the
    /// team. The contacts' number and time are kept apart by the caller.
    pub fn for_municipality(&self) -> Self {
        Self {
            week_start: self.week_start,
            contacts: Vec::new(),
            last_week_goals: Vec::new(),
            advances: String::new(),
            barriers: String::new(),
            fit_drivers: Vec::new(),
            next_week_goals: Vec::new(),
            overarching_progress: self.overarching_progress.clone(),
            safety: String::new(),
            safety_review: None,
            questions: String::new(),
        }
    }

    pub fn contact_minutes(&self) -> u64 {
        self.contacts.iter().map(|c| u64::from(c.minutes)).sum()
    }

    /// Checks the summary against the treatment it belongs to.
    pub fn validate(
        &self,
        treatment_start: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            self.week_start.weekday() == Weekday::Mon,
            "week_start",
            msg!("week-start-not-monday"),
        );
        v.check(
            self.week_start >= week_start_of(treatment_start),
            "week_start",
            msg!("week-before-treatment", start = treatment_start),
        );
        v.check(
            self.week_start <= week_start_of(today),
            "week_start",
            msg!("week-not-begun"),
        );
        let week_end = self.week_start + Duration::days(6);
        v.check(
            self.contacts.len() <= MAX_CONTACTS_PER_WEEK,
            "contacts",
            msg!("contacts-too-many", max = MAX_CONTACTS_PER_WEEK),
        );
        for (i, c) in self.contacts.iter().enumerate() {
            v.check(
                c.date >= self.week_start && c.date <= week_end,
                &format!("contacts[{i}].date"),
                msg!(
                    "contact-outside-week",
                    from = self.week_start,
                    to = week_end
                ),
            );
            v.check(
                c.date <= today,
                &format!("contacts[{i}].date"),
                msg!("contact-in-future"),
            );
            v.check(
                (1..=720).contains(&c.minutes),
                &format!("contacts[{i}].minutes"),
                msg!("contact-minutes"),
            );
            v.check(
                !c.with.is_empty(),
                &format!("contacts[{i}].with"),
                msg!("contact-with-missing"),
            );
            let place = format!("contacts[{i}].place");
            if c.place.trim().is_empty() {
                v.check(
                    !c.mode.needs_place(),
                    &place,
                    msg!("contact-place-in-person"),
                );
            } else {
                v.take(clean_name(&place, &c.place, 200));
            }
        }
        for (i, g) in self
            .last_week_goals
            .iter()
            .chain(self.overarching_progress.iter())
            .enumerate()
        {
            v.take(clean_name(&format!("goals[{i}].goal"), &g.goal, 1000));
        }
        for (i, g) in self.next_week_goals.iter().enumerate() {
            v.take(clean_name(&format!("next_week_goals[{i}]"), g, 1000));
        }
        v.check(
            !self.next_week_goals.is_empty(),
            "next_week_goals",
            msg!("next-week-goal-missing"),
        );
        for (i, d) in self.fit_drivers.iter().enumerate() {
            v.take(clean_name(
                &format!("fit_drivers[{i}].driver"),
                &d.driver,
                1000,
            ));
        }
        for (field, text) in [
            ("advances", &self.advances),
            ("barriers", &self.barriers),
            ("safety", &self.safety),
            ("questions", &self.questions),
        ] {
            v.at_most_chars(field, text, 8000);
        }
        v.finish()
    }
}

/// The week whose summary is overdue: last week, once treatment has run
/// into it and no summary for it exists.
pub fn missing_last_week(
    treatment_start: NaiveDate,
    today: NaiveDate,
    summarised_weeks: &[NaiveDate],
) -> Option<NaiveDate> {
    let last_week = week_start_of(today) - Duration::days(7);
    let treatment_reached_it = treatment_start <= last_week + Duration::days(6);
    (treatment_reached_it && !summarised_weeks.contains(&last_week)).then_some(last_week)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    fn summary(week: &str) -> WeeklySummary {
        WeeklySummary {
            week_start: day(week),
            contacts: vec![Contact {
                date: day(week) + Duration::days(1),
                minutes: 90,
                with: vec!["mother".into(), "Mikkel".into()],
                place: "home".into(),
                mode: ContactMode::FaceToFace,
            }],
            last_week_goals: vec![],
            advances: "mother set a curfew and kept it".into(),
            barriers: "father works nights".into(),
            fit_drivers: vec![FitDriver {
                system: System::Peers,
                driver: "spends evenings with older boys".into(),
                prioritised: true,
            }],
            next_week_goals: vec!["home by 21:00 four nights".into()],
            overarching_progress: vec![],
            safety: String::new(),
            safety_review: None,
            questions: String::new(),
        }
    }

    #[test]
    fn a_weekly_summary_belongs_to_a_monday_inside_treatment() {
        let ok = summary("2026-11-16");
        ok.validate(day("2026-10-01"), day("2026-11-25")).unwrap();
        assert_eq!(ok.contact_minutes(), 90);
        let not_monday = summary("2026-11-17");
        assert!(
            not_monday
                .validate(day("2026-10-01"), day("2026-11-25"))
                .is_err()
        );
        let before_start = summary("2026-09-21");
        assert!(
            before_start
                .validate(day("2026-10-01"), day("2026-11-25"))
                .is_err()
        );
        let future = summary("2026-11-30");
        assert!(
            future
                .validate(day("2026-10-01"), day("2026-11-25"))
                .is_err()
        );
    }

    #[test]
    fn contacts_must_fall_in_the_week_and_have_sensible_minutes() {
        let mut s = summary("2026-11-16");
        s.contacts[0].date = day("2026-11-24");
        s.contacts[0].minutes = 0;
        let err = s
            .validate(day("2026-10-01"), day("2026-11-25"))
            .unwrap_err();
        assert!(err.to_string().contains("contacts[0].date"));
        assert!(err.to_string().contains("contacts[0].minutes"));
    }

    #[test]
    fn a_contact_in_person_names_its_place_and_a_call_needs_none() {
        let (start, today) = (day("2026-10-01"), day("2026-11-25"));
        let mut s = summary("2026-11-16");
        s.contacts[0].place = "  ".into();
        let err = s.validate(start, today).unwrap_err();
        let DomainError::Invalid(fields) = err else {
            panic!("a missing place is a field error, not {err:?}")
        };
        assert_eq!(fields.len(), 1, "{fields:?}");
        assert_eq!(fields[0].field, "contacts[0].place");
        assert_eq!(fields[0].message.code, "contact-place-in-person");

        for mode in [ContactMode::Phone, ContactMode::Video] {
            s.contacts[0].mode = mode;
            s.contacts[0].place = String::new();
            s.validate(start, today)
                .unwrap_or_else(|e| panic!("a {mode:?} contact without a place: {e}"));
            // A place given anyway is still checked like any name.
            s.contacts[0].place = "x".repeat(201);
            let err = s.validate(start, today).unwrap_err().to_string();
            assert!(err.contains("contacts[0].place"), "{err}");
        }
    }

    #[test]
    fn a_phone_contact_sent_without_a_place_reads_as_none() {
        let json =
            r#"{"date": "2026-11-18", "minutes": 20, "with": ["class teacher"], "mode": "phone"}"#;
        let c: Contact = serde_json::from_str(json).unwrap();
        assert_eq!(c.place, "");
        assert!(!c.mode.needs_place());
        assert!(ContactMode::FaceToFace.needs_place());
    }

    #[test]
    fn a_week_holds_up_to_sixty_contacts() {
        let (start, today) = (day("2026-10-01"), day("2026-11-25"));
        let mut s = summary("2026-11-16");
        s.contacts = vec![s.contacts[0].clone(); 14];
        s.validate(start, today).unwrap();
        s.contacts = vec![s.contacts[0].clone(); MAX_CONTACTS_PER_WEEK + 1];
        let err = s.validate(start, today).unwrap_err().to_string();
        assert!(err.starts_with("contacts:"), "{err}");
    }

    #[test]
    fn treatment_weeks_are_counted_from_the_week_treatment_started() {
        // Treatment began on Thursday 1 October 2026: week 1 is from
        // Monday 28 September.
        let weeks = TreatmentWeeks::from_start(day("2026-10-01"));
        assert_eq!(weeks.number_of(day("2026-09-28")), 1);
        assert_eq!(weeks.number_of(day("2026-10-04")), 1);
        assert_eq!(weeks.number_of(day("2026-10-05")), 2);
        assert_eq!(weeks.number_of(day("2026-09-27")), 0);
        assert_eq!(weeks.monday_of(1), day("2026-09-28"));
        assert_eq!(weeks.monday_of(9), day("2026-11-23"));
        assert_eq!(weeks.monday_of(0), day("2026-09-28"));
        let today = day("2026-11-25"); // Wednesday of week 9
        assert_eq!(weeks.current(today), 9);
        // A course that starts next week is in its first week until then.
        assert_eq!(
            TreatmentWeeks::from_start(day("2026-12-02")).current(today),
            1
        );
    }

    #[test]
    fn a_new_summary_is_for_the_overdue_week_or_else_the_current_one() {
        let weeks = TreatmentWeeks::from_start(day("2026-10-01"));
        let today = day("2026-11-25");
        // Last week (week 8) has no summary: that one is due first.
        assert_eq!(weeks.default_week(today, &[]), day("2026-11-16"));
        // Once it is written, the current week (week 9).
        assert_eq!(
            weeks.default_week(today, &[day("2026-11-16")]),
            day("2026-11-23")
        );
        // A course that began this week: its first week, nothing overdue.
        let new = TreatmentWeeks::from_start(day("2026-11-24"));
        assert_eq!(new.default_week(today, &[]), day("2026-11-23"));
        // One that starts next week: its first week, not a week before it.
        let later = TreatmentWeeks::from_start(day("2026-12-02"));
        assert_eq!(later.default_week(today, &[]), day("2026-11-30"));
    }

    #[test]
    fn last_weeks_summary_is_flagged_when_missing() {
        let today = day("2026-11-25"); // a Wednesday
        assert_eq!(
            missing_last_week(day("2026-10-01"), today, &[]),
            Some(day("2026-11-16"))
        );
        assert_eq!(
            missing_last_week(day("2026-10-01"), today, &[day("2026-11-16")]),
            None
        );
        // Treatment started this week: nothing is overdue yet.
        assert_eq!(missing_last_week(day("2026-11-23"), today, &[]), None);
        // Started last Sunday: last week is due.
        assert_eq!(
            missing_last_week(day("2026-11-22"), today, &[]),
            Some(day("2026-11-16"))
        );
    }

    #[test]
    fn an_assessment_covers_all_five_systems_and_measurable_goals() {
        let systems: Vec<_> = System::ALL
            .iter()
            .map(|s| SystemAssessment {
                system: *s,
                strengths: "x".into(),
                needs: "y".into(),
            })
            .collect();
        let mut a = Assessment {
            systems,
            key_participants: vec![KeyParticipant {
                name: "Lone".into(),
                relation: "mother".into(),
                desired_outcome: "Mikkel goes to school".into(),
            }],
            overarching_goals: vec![OverarchingGoal {
                goal: "Mikkel attends school".into(),
                measure: "5 of 5 days for 4 weeks (school register)".into(),
            }],
        };
        a.validate().unwrap();
        a.overarching_goals[0].measure = String::new();
        assert!(a.validate().unwrap_err().to_string().contains("measure"));
        a.systems.pop();
        assert!(a.validate().unwrap_err().to_string().contains("community"));
    }
}
