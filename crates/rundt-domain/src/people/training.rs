//! Training: the courses a position needs before the person takes
//! families, checking a course to record, and the supervisor's exception
//! that lets a therapist start before the training is complete.

use chrono::NaiveDate;

use crate::error::{DomainError, Validator, clean_name, clean_text};
use crate::msg;
use crate::programme::MST_CAN;
use crate::team::Position;

use super::types::{InitialTraining, NewTrainingRecord, TrainingKind, TrainingRecord};

/// The longest provider or course title accepted.
const NAME_MAX: usize = 200;
/// The most training days one record may hold.
const DAYS_MAX: i64 = 60;
/// The longest exception reason accepted.
const REASON_MAX: usize = 2000;

impl TrainingKind {
    /// The course's usual number of days; `None` for other courses, which
    /// vary.
    pub fn standard_days(self) -> Option<u8> {
        match self {
            Self::MstOrientation => Some(5),
            Self::MstCan | Self::TraumaTreatment => Some(4),
            Self::SupervisorTraining => Some(2),
            Self::Other => None,
        }
    }
}

impl NewTrainingRecord {
    /// The record cleaned (names trimmed, an empty title dropped), or every
    /// problem at once: a provider; a title for an `other` course; a course
    /// that has ended by today and did not end before it started; 1–60
    /// days, no more than the calendar days it lasted.
    pub fn validate(&self, today: NaiveDate) -> Result<NewTrainingRecord, DomainError> {
        let mut v = Validator::new();
        let provider = v.take(clean_name("provider", &self.provider, NAME_MAX));
        let title = match self.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => v.take(clean_name("title", t, NAME_MAX)),
            _ => {
                v.check(
                    self.kind != TrainingKind::Other,
                    "title",
                    msg!("training-title-missing"),
                );
                None
            }
        };
        v.check(
            self.finished_on <= today,
            "finished_on",
            msg!("training-in-future"),
        );
        v.check(
            self.started_on <= self.finished_on,
            "started_on",
            msg!("training-ends-before-start"),
        );
        // With the dates the wrong way round only the 60-day cap is known.
        let lasted = if self.started_on <= self.finished_on {
            (self.finished_on - self.started_on).num_days() + 1
        } else {
            DAYS_MAX
        };
        let max = lasted.min(DAYS_MAX);
        v.check(
            (1..=max).contains(&i64::from(self.days)),
            "days",
            msg!("training-days", max = max),
        );
        v.finish()?;
        Ok(NewTrainingRecord {
            kind: self.kind,
            title,
            provider: provider.unwrap_or_default(),
            started_on: self.started_on,
            finished_on: self.finished_on,
            days: self.days,
        })
    }
}

/// The courses a position needs in a team of the programme model
/// `model_code`, in the order they are taken: the MST orientation for
/// therapists and supervisors; in MST-CAN also the MST-CAN and the
/// trauma-treatment days; for a supervisor, last, the supervisor training.
/// Other positions need none of them here.
pub fn required_training(model_code: &str, position: Position) -> Vec<TrainingKind> {
    if !matches!(position, Position::Therapist | Position::Supervisor) {
        return Vec::new();
    }
    let mut kinds = vec![TrainingKind::MstOrientation];
    if model_code == MST_CAN {
        kinds.extend([TrainingKind::MstCan, TrainingKind::TraumaTreatment]);
    }
    if position == Position::Supervisor {
        kinds.push(TrainingKind::SupervisorTraining);
    }
    kinds
}

/// Whether one person's initial training is complete: `records` are that
/// person's records (the caller passes one person's; none are filtered
/// out here), and a required course counts as taken with any record of
/// its kind.
pub fn initial_training(
    model_code: &str,
    position: Position,
    records: &[TrainingRecord],
) -> InitialTraining {
    let required = required_training(model_code, position);
    let missing = required
        .iter()
        .copied()
        .filter(|kind| !records.iter().any(|r| r.kind == *kind))
        .collect();
    InitialTraining { required, missing }
}

/// The reason for a training exception, cleaned; refused when empty.
pub fn check_exception_reason(reason: &str) -> Result<String, DomainError> {
    if reason.trim().is_empty() {
        return Err(DomainError::invalid(
            "reason",
            msg!("training-exception-reason"),
        ));
    }
    clean_text("reason", reason, REASON_MAX)
}

/// Whether a therapist may be assigned families: with the initial
/// training complete, or with the supervisor's recorded exception.
pub fn may_take_families(initial: &InitialTraining, exception: bool) -> bool {
    initial.complete() || exception
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::UserId;
    use crate::programme::MST;
    use crate::testing::day;

    fn course(kind: TrainingKind) -> NewTrainingRecord {
        NewTrainingRecord {
            kind,
            title: None,
            provider: " MST Danmark ".into(),
            started_on: day("2026-10-05"),
            finished_on: day("2026-10-09"),
            days: 5,
        }
    }

    fn record(kind: TrainingKind) -> TrainingRecord {
        TrainingRecord {
            id: 1,
            user_id: UserId::new(7),
            kind,
            title: None,
            provider: "MST Danmark".into(),
            started_on: day("2026-10-05"),
            finished_on: day("2026-10-09"),
            days: 5,
            certificate: None,
            recorded_at: "2026-10-10T08:00:00Z".parse().unwrap(),
            recorded_by: None,
        }
    }

    /// The fields and message codes a course is refused with.
    fn refusals(c: &NewTrainingRecord) -> Vec<(String, String)> {
        match c.validate(day("2026-11-25")) {
            Ok(_) => Vec::new(),
            Err(DomainError::Invalid(fields)) => fields
                .into_iter()
                .map(|f| (f.field, f.message.code.to_string()))
                .collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_course_has_its_standard_days() {
        assert_eq!(TrainingKind::MstOrientation.standard_days(), Some(5));
        assert_eq!(TrainingKind::MstCan.standard_days(), Some(4));
        assert_eq!(TrainingKind::TraumaTreatment.standard_days(), Some(4));
        assert_eq!(TrainingKind::SupervisorTraining.standard_days(), Some(2));
        assert_eq!(TrainingKind::Other.standard_days(), None);
    }

    #[test]
    fn a_recorded_course_is_cleaned() {
        let mut c = course(TrainingKind::MstOrientation);
        c.title = Some("   ".into());
        let clean = c.validate(day("2026-11-25")).unwrap();
        assert_eq!(clean.provider, "MST Danmark");
        assert_eq!(clean.title, None, "an empty title is no title");
        c.title = Some(" Orientation, Aarhus ".into());
        assert_eq!(
            c.validate(day("2026-11-25")).unwrap().title.as_deref(),
            Some("Orientation, Aarhus")
        );
    }

    #[test]
    fn an_other_course_needs_a_title() {
        let c = course(TrainingKind::Other);
        assert_eq!(
            refusals(&c),
            vec![("title".into(), "training-title-missing".into())]
        );
        let titled = NewTrainingRecord {
            title: Some("Motivational interviewing".into()),
            ..c
        };
        assert_eq!(refusals(&titled), Vec::new());
    }

    #[test]
    fn a_course_without_provider_is_refused() {
        let c = NewTrainingRecord {
            provider: "  ".into(),
            ..course(TrainingKind::MstCan)
        };
        assert_eq!(refusals(&c), vec![("provider".into(), "text-empty".into())]);
    }

    #[test]
    fn a_course_finishing_tomorrow_is_refused() {
        let c = NewTrainingRecord {
            started_on: day("2026-11-25"),
            finished_on: day("2026-11-26"),
            days: 2,
            ..course(TrainingKind::MstCan)
        };
        assert_eq!(
            refusals(&c),
            vec![("finished_on".into(), "training-in-future".into())]
        );
        let today = NewTrainingRecord {
            started_on: day("2026-11-24"),
            finished_on: day("2026-11-25"),
            ..c
        };
        assert_eq!(refusals(&today), Vec::new());
    }

    #[test]
    fn a_course_ending_before_it_starts_is_refused() {
        let c = NewTrainingRecord {
            started_on: day("2026-10-10"),
            finished_on: day("2026-10-09"),
            days: 1,
            ..course(TrainingKind::MstCan)
        };
        assert_eq!(
            refusals(&c),
            vec![("started_on".into(), "training-ends-before-start".into())]
        );
    }

    #[test]
    fn training_days_fit_in_the_calendar_days_of_the_course() {
        // Monday to Friday: five calendar days.
        let mut c = course(TrainingKind::MstOrientation);
        c.days = 6;
        let err = c.validate(day("2026-11-25")).unwrap_err();
        let DomainError::Invalid(fields) = err else {
            panic!("not invalid")
        };
        assert_eq!(fields[0].field, "days");
        assert_eq!(fields[0].message, msg!("training-days", max = 5_i64));
        c.days = 0;
        assert_eq!(refusals(&c), vec![("days".into(), "training-days".into())]);
        c.days = 5;
        assert_eq!(refusals(&c), Vec::new());
    }

    #[test]
    fn a_course_has_at_most_sixty_training_days() {
        let mut c = NewTrainingRecord {
            started_on: day("2026-01-01"),
            finished_on: day("2026-06-30"),
            days: 61,
            ..course(TrainingKind::Other)
        };
        c.title = Some("Family therapy".into());
        let DomainError::Invalid(fields) = c.validate(day("2026-11-25")).unwrap_err() else {
            panic!("not invalid")
        };
        assert_eq!(fields[0].message, msg!("training-days", max = 60_i64));
        c.days = 60;
        assert_eq!(refusals(&c), Vec::new());
    }

    #[test]
    fn every_problem_of_a_course_is_told_at_once() {
        let c = NewTrainingRecord {
            title: None,
            provider: String::new(),
            started_on: day("2026-12-10"),
            finished_on: day("2026-12-01"),
            days: 0,
            kind: TrainingKind::Other,
        };
        let fields: Vec<String> = refusals(&c).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["provider", "title", "finished_on", "started_on", "days"]
        );
    }

    #[test]
    fn an_mst_therapist_needs_the_orientation_only() {
        assert_eq!(
            required_training(MST, Position::Therapist),
            vec![TrainingKind::MstOrientation]
        );
    }

    #[test]
    fn an_mst_can_therapist_needs_the_trauma_days() {
        assert_eq!(
            required_training(MST_CAN, Position::Therapist),
            vec![
                TrainingKind::MstOrientation,
                TrainingKind::MstCan,
                TrainingKind::TraumaTreatment
            ]
        );
    }

    #[test]
    fn a_supervisor_also_needs_the_supervisor_training_last() {
        assert_eq!(
            required_training(MST, Position::Supervisor),
            vec![
                TrainingKind::MstOrientation,
                TrainingKind::SupervisorTraining
            ]
        );
        assert_eq!(
            required_training(MST_CAN, Position::Supervisor),
            vec![
                TrainingKind::MstOrientation,
                TrainingKind::MstCan,
                TrainingKind::TraumaTreatment,
                TrainingKind::SupervisorTraining
            ]
        );
    }

    #[test]
    fn other_positions_need_no_initial_training() {
        assert_eq!(required_training(MST_CAN, Position::Psychiatrist), vec![]);
        assert_eq!(required_training(MST, Position::Administrator), vec![]);
        assert!(initial_training(MST_CAN, Position::CrisisCaseworker, &[]).complete());
    }

    #[test]
    fn the_initial_training_lists_what_is_missing() {
        let records = [
            record(TrainingKind::MstOrientation),
            record(TrainingKind::Other),
        ];
        let t = initial_training(MST_CAN, Position::Therapist, &records);
        assert_eq!(
            t.missing,
            vec![TrainingKind::MstCan, TrainingKind::TraumaTreatment]
        );
        assert!(!t.complete());
        let mst = initial_training(MST, Position::Therapist, &records);
        assert!(mst.complete());
        assert_eq!(mst.required, vec![TrainingKind::MstOrientation]);
    }

    #[test]
    fn a_therapist_without_training_takes_families_only_by_exception() {
        let none = initial_training(MST, Position::Therapist, &[]);
        assert!(!may_take_families(&none, false));
        assert!(may_take_families(&none, true));
        let done = initial_training(
            MST,
            Position::Therapist,
            &[record(TrainingKind::MstOrientation)],
        );
        assert!(may_take_families(&done, false));
    }

    #[test]
    fn an_exception_needs_a_reason() {
        assert_eq!(
            check_exception_reason(" \n "),
            Err(DomainError::invalid(
                "reason",
                msg!("training-exception-reason")
            ))
        );
        assert_eq!(
            check_exception_reason(" Orientation booked for March.\r\nStarts with one family. ")
                .unwrap(),
            "Orientation booked for March.\nStarts with one family."
        );
        assert!(check_exception_reason(&"x".repeat(2001)).is_err());
    }
}
