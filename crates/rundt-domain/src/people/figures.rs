//! The people figures: each person's flags for whoever has to act on
//! them, the team's totals the national office and the owning
//! municipalities see, and the team's joins and leaves by year.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::id::UserId;
use crate::team::Position;

use super::attendance::{attendance_percent, weeks_missed};
use super::booster::{person_boosters, team_boosters};
use super::cam::cam_figure;
use super::plan::plan_due;
use super::training::initial_training;
use super::types::{
    Booster, ConsultantRatingRow, DevelopmentPlan, HeldMeeting, MeetingKind, MemberSpan,
    PersonFlags, TeamPeopleFigures, TrainingException, TrainingRecord, WeeksMissed, YearTurnover,
};

/// What the people figures of one team are made from, as of `today`.
#[derive(Debug, Clone, Copy)]
pub struct PeopleInputs<'a> {
    pub today: NaiveDate,
    pub team_started_on: NaiveDate,
    /// The team's programme model, e.g. [`crate::programme::MST_CAN`].
    pub model_code: &'a str,
    /// Every membership of the team ever (ended ones too).
    pub spans: &'a [MemberSpan],
    /// All the members' training records.
    pub training: &'a [TrainingRecord],
    /// The team's training exceptions.
    pub exceptions: &'a [TrainingException],
    /// The team's meetings, at least those of the attendance window.
    pub meetings: &'a [HeldMeeting],
    /// The team's boosters, at least those of the last 365 days.
    pub boosters: &'a [Booster],
    /// The newest version of each of the team's plans.
    pub plans: &'a [DevelopmentPlan],
    /// The team's consultant ratings to count.
    pub cam: &'a [ConsultantRatingRow],
}

/// The flags of each therapist and supervisor in post today, the
/// supervisor first, then by user id. A person in both posts is flagged
/// once, as supervisor.
pub fn person_flags(inputs: &PeopleInputs<'_>) -> Vec<PersonFlags> {
    let today = inputs.today;
    let mut current: Vec<&MemberSpan> = Vec::new();
    for span in inputs.spans.iter().filter(|s| {
        matches!(s.position, Position::Therapist | Position::Supervisor)
            && s.since <= today
            && s.until.is_none_or(|u| u >= today)
    }) {
        match current.iter_mut().find(|c| c.user_id == span.user_id) {
            Some(kept) if span.position == Position::Supervisor => *kept = span,
            Some(_) => {}
            None => current.push(span),
        }
    }
    current.sort_by_key(|s| (s.position != Position::Supervisor, s.user_id));
    current
        .into_iter()
        .map(|span| flags_of(inputs, span))
        .collect()
}

/// One person's flags, from the span of their current post.
fn flags_of(inputs: &PeopleInputs<'_>, span: &MemberSpan) -> PersonFlags {
    let user = span.user_id;
    let own: Vec<TrainingRecord> = inputs
        .training
        .iter()
        .filter(|r| r.user_id == user)
        .cloned()
        .collect();
    let plan = inputs
        .plans
        .iter()
        .filter(|p| p.user_id == user)
        .max_by_key(|p| (p.written_on, p.version, p.id))
        .map(|p| plan_due(p, inputs.today));
    PersonFlags {
        span: *span,
        initial_training: initial_training(inputs.model_code, span.position, &own),
        training_exception: inputs.exceptions.iter().any(|e| e.user_id == user),
        supervision: weeks_missed(
            inputs.today,
            span,
            MeetingKind::Supervision,
            inputs.meetings,
        ),
        consultation: weeks_missed(
            inputs.today,
            span,
            MeetingKind::Consultation,
            inputs.meetings,
        ),
        boosters: person_boosters(span, inputs.boosters, inputs.today),
        plan,
    }
}

/// The team's figures, from its inputs and the flags
/// [`person_flags`] gave for them.
pub fn team_figures(inputs: &PeopleInputs<'_>, flags: &[PersonFlags]) -> TeamPeopleFigures {
    let people = count(flags.iter());
    let initial_training_complete = count(flags.iter().filter(|f| f.initial_training.complete()));
    let training_coverage_percent = (people > 0).then(|| {
        (f64::from(initial_training_complete) * 1000.0 / f64::from(people)).round() / 10.0
    });
    let rows = |pick: fn(&PersonFlags) -> WeeksMissed| -> Vec<WeeksMissed> {
        flags.iter().map(pick).collect()
    };
    let scores: Vec<Option<f64>> = inputs.cam.iter().map(|r| r.score).collect();
    TeamPeopleFigures {
        people,
        initial_training_complete,
        training_coverage_percent,
        supervision_attendance_percent: attendance_percent(&rows(|f| f.supervision)),
        consultation_attendance_percent: attendance_percent(&rows(|f| f.consultation)),
        boosters: team_boosters(inputs.team_started_on, inputs.boosters, inputs.today),
        plans_overdue: count(flags.iter().filter(|f| f.plan.is_some_and(|p| p.overdue))),
        plans_missing: count(flags.iter().filter(|f| f.plan.is_none())),
        cam: cam_figure(&scores),
        turnover: turnover(&team_staff(inputs), inputs.today),
    }
}

/// The memberships turnover counts: the team's own staff who have started
/// (the consultant is the programme's expert, not the team's staff; a post
/// that starts after today has not been joined yet).
fn team_staff(inputs: &PeopleInputs<'_>) -> Vec<MemberSpan> {
    inputs
        .spans
        .iter()
        .filter(|s| s.position != Position::Consultant && s.since <= inputs.today)
        .copied()
        .collect()
}

/// Joins and leaves by calendar year, from the year of the team's first
/// membership to today's, oldest first. A person's spans that follow on
/// from one another (a change of post without a day between) are one
/// stay; a stay has joined in the year it started and left in the year it
/// ended, once that end is before today.
pub fn turnover(spans: &[MemberSpan], today: NaiveDate) -> Vec<YearTurnover> {
    let stays = stays(spans);
    let Some(first) = stays.iter().map(|(since, _)| since.year()).min() else {
        return Vec::new();
    };
    (first..=today.year())
        .map(|year| YearTurnover {
            year,
            joined: count(stays.iter().filter(|(since, _)| since.year() == year)),
            left: count(
                stays
                    .iter()
                    .filter(|(_, until)| until.is_some_and(|u| u < today && u.year() == year)),
            ),
        })
        .collect()
}

/// Each person's stays in the team as (first day, last day if ended):
/// their spans merged where one starts no later than the day after
/// another ends.
fn stays(spans: &[MemberSpan]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut by_person: BTreeMap<UserId, Vec<&MemberSpan>> = BTreeMap::new();
    for span in spans {
        by_person.entry(span.user_id).or_default().push(span);
    }
    let mut stays = Vec::new();
    for mut own in by_person.into_values() {
        own.sort_by_key(|s| s.since);
        let mut current: Option<(NaiveDate, Option<NaiveDate>)> = None;
        for span in own {
            current = match current {
                Some((since, until)) if follows_on(until, span.since) => {
                    Some((since, later_end(until, span.until)))
                }
                Some(done) => {
                    stays.push(done);
                    Some((span.since, span.until))
                }
                None => Some((span.since, span.until)),
            };
        }
        stays.extend(current);
    }
    stays
}

/// Whether a span starting `since` follows on from a stay ending `until`
/// (still open, or ended no earlier than the day before).
fn follows_on(until: Option<NaiveDate>, since: NaiveDate) -> bool {
    until.is_none_or(|u| since <= u + Duration::days(1))
}

/// The later of two ends, an open end being the latest.
fn later_end(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.zip(b).map(|(a, b)| a.max(b))
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::TeamId;
    use crate::people::{
        AbsenceReason, CamFigure, InitialTraining, MeetingAttendance, PlanDue, TeamBoosters,
        TrainingKind, window,
    };
    use crate::programme::MST;
    use crate::testing::day;

    /// A Wednesday; the attendance window runs 2026-08-31 to 2026-11-22,
    /// the booster year 2025-11-26 to today.
    const TODAY: &str = "2026-11-25";
    const SUP: UserId = UserId::new(3);
    const ANNA: UserId = UserId::new(7);
    const BO: UserId = UserId::new(8);
    const CARL: UserId = UserId::new(9);
    const PSY: UserId = UserId::new(10);
    const DORA: UserId = UserId::new(11);

    fn span(user_id: UserId, position: Position, since: &str, until: Option<&str>) -> MemberSpan {
        MemberSpan {
            user_id,
            position,
            since: day(since),
            until: until.map(day),
        }
    }

    fn spans() -> Vec<MemberSpan> {
        vec![
            // The supervisor was a therapist first, and carries families too.
            span(SUP, Position::Therapist, "2023-06-01", Some("2023-12-31")),
            span(SUP, Position::Supervisor, "2024-01-01", None),
            span(SUP, Position::Therapist, "2025-01-01", None),
            span(ANNA, Position::Therapist, "2025-01-01", None),
            // Joined 100 days ago.
            span(BO, Position::Therapist, "2026-08-17", None),
            span(CARL, Position::Therapist, "2022-03-01", Some("2026-06-30")),
            span(PSY, Position::Psychiatrist, "2024-05-01", None),
            span(DORA, Position::Therapist, "2026-12-01", None),
        ]
    }

    fn course(id: i64, user_id: UserId, kind: TrainingKind) -> TrainingRecord {
        TrainingRecord {
            id,
            user_id,
            kind,
            title: None,
            provider: "MST Danmark".into(),
            started_on: day("2023-05-01"),
            finished_on: day("2023-05-05"),
            days: 5,
            certificate: None,
            recorded_at: "2023-05-06T08:00:00Z".parse().unwrap(),
            recorded_by: None,
        }
    }

    fn training() -> Vec<TrainingRecord> {
        vec![
            course(1, SUP, TrainingKind::MstOrientation),
            course(2, SUP, TrainingKind::SupervisorTraining),
            course(3, ANNA, TrainingKind::MstOrientation),
            course(4, CARL, TrainingKind::MstOrientation),
        ]
    }

    fn exceptions() -> Vec<TrainingException> {
        vec![TrainingException {
            id: 1,
            team_id: TeamId::new(1),
            user_id: BO,
            reason: "Orientation booked for January.".into(),
            recorded_at: "2026-08-17T08:00:00Z".parse().unwrap(),
            recorded_by: Some(SUP),
        }]
    }

    fn here(user_id: UserId) -> MeetingAttendance {
        MeetingAttendance {
            user_id,
            present: true,
            absence_reason: None,
        }
    }

    /// Every window week a supervision (the supervisor and Anna; Bo never)
    /// and a consultation (all three, but Anna ill in the first week).
    fn meetings() -> Vec<HeldMeeting> {
        let (first_monday, _) = window(day(TODAY));
        (0..12)
            .flat_map(|week| {
                let tuesday = first_monday + Duration::days(week * 7 + 1);
                let anna = if week == 0 {
                    MeetingAttendance {
                        user_id: ANNA,
                        present: false,
                        absence_reason: Some(AbsenceReason::Illness),
                    }
                } else {
                    here(ANNA)
                };
                [
                    HeldMeeting {
                        session_id: week * 2,
                        held_on: tuesday,
                        kind: MeetingKind::Supervision,
                        attendance: vec![here(SUP), here(ANNA)],
                    },
                    HeldMeeting {
                        session_id: week * 2 + 1,
                        held_on: tuesday + Duration::days(1),
                        kind: MeetingKind::Consultation,
                        attendance: vec![here(SUP), anna, here(BO)],
                    },
                ]
            })
            .collect()
    }

    fn booster(id: i64, on: &str, held: bool, attendees: &[UserId]) -> Booster {
        Booster {
            id,
            team_id: TeamId::new(1),
            planned_on: day(on),
            held_on: held.then(|| day(on)),
            topic: "Engagement".into(),
            trainer: "Eva".into(),
            attendees: attendees.to_vec(),
            version: 1,
        }
    }

    fn boosters() -> Vec<Booster> {
        vec![
            booster(1, "2026-01-15", true, &[SUP, ANNA]),
            booster(2, "2026-04-15", true, &[SUP, ANNA]),
            booster(3, "2026-07-15", true, &[SUP, ANNA]),
            booster(4, "2026-10-15", true, &[SUP, ANNA, BO]),
            booster(5, "2027-01-15", false, &[]),
        ]
    }

    fn plan(id: i64, user_id: UserId, review_on: &str) -> DevelopmentPlan {
        DevelopmentPlan {
            id,
            team_id: TeamId::new(1),
            user_id,
            version: 1,
            goals: Vec::new(),
            review_on: day(review_on),
            started_on: day("2026-05-01"),
            written_on: day("2026-05-01"),
            written_at: "2026-05-01T08:00:00Z".parse().unwrap(),
            written_by: Some(SUP),
            reviews: Vec::new(),
        }
    }

    fn plans() -> Vec<DevelopmentPlan> {
        vec![
            plan(1, SUP, "2026-11-01"),
            plan(2, ANNA, "2027-01-10"),
            // Carl has left; his plan is no one's flag.
            plan(3, CARL, "2026-06-01"),
        ]
    }

    fn rating(rater_id: UserId, score: Option<f64>) -> ConsultantRatingRow {
        ConsultantRatingRow {
            team_id: TeamId::new(1),
            consultant_id: UserId::new(20),
            rater_id,
            rated_on: day("2026-11-01"),
            score,
        }
    }

    fn cam() -> Vec<ConsultantRatingRow> {
        vec![
            rating(SUP, Some(0.8)),
            rating(ANNA, Some(0.7)),
            rating(BO, None),
            rating(SUP, Some(0.9)),
            rating(ANNA, Some(0.6)),
            rating(BO, Some(0.75)),
        ]
    }

    struct Data {
        spans: Vec<MemberSpan>,
        training: Vec<TrainingRecord>,
        exceptions: Vec<TrainingException>,
        meetings: Vec<HeldMeeting>,
        boosters: Vec<Booster>,
        plans: Vec<DevelopmentPlan>,
        cam: Vec<ConsultantRatingRow>,
    }

    fn data() -> Data {
        Data {
            spans: spans(),
            training: training(),
            exceptions: exceptions(),
            meetings: meetings(),
            boosters: boosters(),
            plans: plans(),
            cam: cam(),
        }
    }

    fn inputs(d: &Data) -> PeopleInputs<'_> {
        PeopleInputs {
            today: day(TODAY),
            team_started_on: day("2022-01-01"),
            model_code: MST,
            spans: &d.spans,
            training: &d.training,
            exceptions: &d.exceptions,
            meetings: &d.meetings,
            boosters: &d.boosters,
            plans: &d.plans,
            cam: &d.cam,
        }
    }

    #[test]
    fn the_supervisor_comes_first_then_the_therapists_in_post_today() {
        let d = data();
        let flags = person_flags(&inputs(&d));
        let who: Vec<(UserId, Position)> = flags
            .iter()
            .map(|f| (f.span.user_id, f.span.position))
            .collect();
        // Carl has left, Dora starts next month, the psychiatrist is not
        // flagged; the supervisor in two posts is flagged once, as such.
        assert_eq!(
            who,
            vec![
                (SUP, Position::Supervisor),
                (ANNA, Position::Therapist),
                (BO, Position::Therapist)
            ]
        );
    }

    #[test]
    fn the_supervisor_with_an_overdue_plan_is_flagged() {
        let d = data();
        let sup = &person_flags(&inputs(&d))[0];
        assert_eq!(
            sup.initial_training,
            InitialTraining {
                required: vec![
                    TrainingKind::MstOrientation,
                    TrainingKind::SupervisorTraining
                ],
                missing: vec![],
            }
        );
        assert!(!sup.training_exception);
        assert_eq!(
            (sup.supervision.weeks_counted, sup.supervision.weeks_missed),
            (12, 0)
        );
        assert_eq!(sup.consultation.weeks_missed, 0);
        assert_eq!((sup.boosters.attended, sup.boosters.expected), (4, 4));
        assert_eq!(
            sup.plan,
            Some(PlanDue {
                due_on: day("2026-11-01"),
                overdue: true,
            })
        );
        assert!(sup.any());
    }

    #[test]
    fn a_therapist_with_everything_in_order_has_no_flag() {
        let d = data();
        let anna = &person_flags(&inputs(&d))[1];
        assert!(anna.initial_training.complete());
        assert_eq!(
            (
                anna.consultation.weeks_missed,
                anna.consultation.weeks_excused,
                anna.consultation.flagged
            ),
            (1, 1, false)
        );
        assert!(!anna.boosters.flagged);
        assert_eq!(anna.plan.map(|p| p.overdue), Some(false));
        assert!(!anna.any());
    }

    #[test]
    fn a_new_therapist_is_flagged_for_supervision_and_the_missing_plan() {
        let d = data();
        let bo = &person_flags(&inputs(&d))[2];
        // The others' orientation does not count for Bo.
        assert_eq!(
            bo.initial_training.missing,
            vec![TrainingKind::MstOrientation]
        );
        assert!(bo.training_exception);
        assert_eq!(
            (
                bo.supervision.weeks_counted,
                bo.supervision.weeks_missed,
                bo.supervision.flagged
            ),
            (12, 12, true)
        );
        assert!(!bo.consultation.flagged);
        // 101 days in the team: one booster expected, one attended.
        assert_eq!((bo.boosters.attended, bo.boosters.expected), (1, 1));
        assert_eq!(bo.plan, None);
        assert!(bo.any());
    }

    #[test]
    fn the_team_figures_count_the_people_in_post() {
        let d = data();
        let i = inputs(&d);
        let f = team_figures(&i, &person_flags(&i));
        assert_eq!(f.people, 3);
        assert_eq!(f.initial_training_complete, 2);
        // 2 of 3.
        assert_eq!(f.training_coverage_percent, Some(66.7));
        // (12 + 12 + 0) of 36 weeks.
        assert_eq!(f.supervision_attendance_percent, Some(66.7));
        // (12 + 11 + 12) of 36 weeks: 97.22…
        assert_eq!(f.consultation_attendance_percent, Some(97.2));
        assert_eq!(
            f.boosters,
            TeamBoosters {
                held: 4,
                expected: 4,
                planned_ahead: 1,
                flagged: false,
            }
        );
        assert_eq!((f.plans_overdue, f.plans_missing), (1, 1));
        // (0.8 + 0.7 + 0.9 + 0.6 + 0.75) / 5
        assert_eq!(
            f.cam,
            CamFigure {
                ratings: 5,
                mean: Some(0.75),
            }
        );
        assert_eq!(
            f.turnover,
            vec![
                YearTurnover {
                    year: 2022,
                    joined: 1,
                    left: 0
                },
                YearTurnover {
                    year: 2023,
                    joined: 1,
                    left: 0
                },
                YearTurnover {
                    year: 2024,
                    joined: 1,
                    left: 0
                },
                YearTurnover {
                    year: 2025,
                    joined: 1,
                    left: 0
                },
                // Bo (Dora's post starts next month: not yet); Carl left.
                YearTurnover {
                    year: 2026,
                    joined: 1,
                    left: 1
                },
            ]
        );
    }

    #[test]
    fn a_team_without_people_has_no_rates() {
        let empty = Data {
            spans: vec![],
            training: vec![],
            exceptions: vec![],
            meetings: vec![],
            boosters: vec![],
            plans: vec![],
            cam: vec![],
        };
        let i = PeopleInputs {
            team_started_on: day("2026-11-01"),
            ..inputs(&empty)
        };
        let flags = person_flags(&i);
        assert!(flags.is_empty());
        let f = team_figures(&i, &flags);
        assert_eq!(f.people, 0);
        assert_eq!(f.training_coverage_percent, None);
        assert_eq!(f.supervision_attendance_percent, None);
        assert_eq!(f.consultation_attendance_percent, None);
        assert_eq!(f.boosters.expected, 0, "25 days old");
        assert_eq!((f.plans_overdue, f.plans_missing), (0, 0));
        assert_eq!(
            f.cam,
            CamFigure {
                ratings: 0,
                mean: None
            }
        );
        assert_eq!(f.turnover, vec![]);
    }

    #[test]
    fn a_person_who_changed_position_is_one_stay_in_turnover() {
        let t = turnover(
            &[
                span(ANNA, Position::Therapist, "2024-03-01", Some("2025-02-28")),
                span(ANNA, Position::Supervisor, "2025-03-01", None),
            ],
            day(TODAY),
        );
        assert_eq!(
            t,
            vec![
                YearTurnover {
                    year: 2024,
                    joined: 1,
                    left: 0
                },
                YearTurnover {
                    year: 2025,
                    joined: 0,
                    left: 0
                },
                YearTurnover {
                    year: 2026,
                    joined: 0,
                    left: 0
                },
            ]
        );
    }

    #[test]
    fn overlapping_posts_are_one_stay_in_turnover() {
        let t = turnover(
            &[
                span(ANNA, Position::Therapist, "2024-01-01", Some("2025-12-31")),
                span(ANNA, Position::Supervisor, "2024-06-01", Some("2024-08-01")),
            ],
            day(TODAY),
        );
        assert_eq!(
            t,
            vec![
                YearTurnover {
                    year: 2024,
                    joined: 1,
                    left: 0
                },
                YearTurnover {
                    year: 2025,
                    joined: 0,
                    left: 1
                },
                YearTurnover {
                    year: 2026,
                    joined: 0,
                    left: 0
                },
            ]
        );
    }

    #[test]
    fn a_person_who_came_back_after_a_gap_joined_twice() {
        let t = turnover(
            &[
                span(BO, Position::Therapist, "2025-09-01", Some("2026-05-31")),
                span(BO, Position::Therapist, "2025-03-01", Some("2025-06-30")),
            ],
            day(TODAY),
        );
        assert_eq!(
            t,
            vec![
                YearTurnover {
                    year: 2025,
                    joined: 2,
                    left: 1
                },
                YearTurnover {
                    year: 2026,
                    joined: 0,
                    left: 1
                },
            ]
        );
    }

    #[test]
    fn a_person_leaving_today_has_not_left_yet() {
        let leaving = |until: &str| {
            turnover(
                &[span(BO, Position::Therapist, "2026-01-05", Some(until))],
                day(TODAY),
            )
        };
        assert_eq!(
            leaving(TODAY),
            vec![YearTurnover {
                year: 2026,
                joined: 1,
                left: 0
            }]
        );
        assert_eq!(
            leaving("2026-11-24"),
            vec![YearTurnover {
                year: 2026,
                joined: 1,
                left: 1
            }]
        );
    }
}
