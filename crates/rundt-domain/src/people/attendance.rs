//! Attendance at the weekly supervision and consultation: checking who
//! is recorded at a meeting, and counting the weeks a person was at no
//! meeting of a kind over the last twelve whole weeks.

use chrono::{Datelike, Duration, NaiveDate};

use crate::error::{DomainError, Validator};
use crate::id::UserId;
use crate::msg;

use super::types::{HeldMeeting, MeetingAttendance, MeetingKind, MemberSpan, WeeksMissed};

/// Attendance is counted over this many whole weeks before this week.
pub const ATTENDANCE_WINDOW_WEEKS: u32 = 12;
/// A person who missed this many of the window's weeks of a meeting is
/// flagged; someone in the team for fewer weeks is flagged at the same
/// share (a quarter: 1 of 1 to 4 weeks, 2 of 5 to 8).
pub const MISSED_WEEKS_FLAG: u32 = 3;

/// Whether `missed` of `counted` weeks reach the flag: at least
/// [`MISSED_WEEKS_FLAG`] of [`ATTENDANCE_WINDOW_WEEKS`], as a share.
fn flagged(missed: u32, counted: u32) -> bool {
    missed > 0 && missed * ATTENDANCE_WINDOW_WEEKS >= MISSED_WEEKS_FLAG * counted
}

/// The attendance window: the [`ATTENDANCE_WINDOW_WEEKS`] whole ISO weeks
/// (Monday to Sunday) before the week that holds `today`, as its first
/// Monday and its last Sunday. This week is left out as it is not over.
pub fn window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (
        this_monday - Duration::weeks(i64::from(ATTENDANCE_WINDOW_WEEKS)),
        this_monday - Duration::days(1),
    )
}

/// Checks a meeting's attendance against the team's `members`: each
/// recorded once, a member, with a reason when absent and none when
/// present, and someone present. No attendance at all is accepted (the
/// meeting is recorded without it).
pub fn validate_attendance(
    attendance: &[MeetingAttendance],
    members: &[UserId],
) -> Result<(), DomainError> {
    if attendance.is_empty() {
        return Ok(());
    }
    let mut v = Validator::new();
    for (i, a) in attendance.iter().enumerate() {
        let field = format!("attendance[{i}]");
        v.check(
            members.contains(&a.user_id),
            &field,
            msg!("attendance-not-member"),
        );
        v.check(
            !attendance[..i].iter().any(|b| b.user_id == a.user_id),
            &field,
            msg!("attendance-twice"),
        );
        match (a.present, a.absence_reason) {
            (false, None) => v.check(false, &field, msg!("absence-reason-missing")),
            (true, Some(_)) => v.check(false, &field, msg!("absence-reason-when-present")),
            _ => {}
        }
    }
    v.check(
        attendance.iter().any(|a| a.present),
        "attendance",
        msg!("attendees-missing"),
    );
    v.finish()
}

/// The person's weeks without a meeting of `kind` over the window before
/// `today`. `meetings` are the team's (the caller passes one team's; other
/// kinds are skipped here). Only weeks the person was in the team from
/// Monday to Sunday count; a counted week with no meeting of the kind they
/// were at is missed — a week the team held none included — and excused
/// when they were recorded absent with a reason at one that week.
pub fn weeks_missed(
    today: NaiveDate,
    span: &MemberSpan,
    kind: MeetingKind,
    meetings: &[HeldMeeting],
) -> WeeksMissed {
    let (first_monday, _) = window(today);
    let mut counted = 0;
    let mut missed = 0;
    let mut excused = 0;
    for week in 0..ATTENDANCE_WINDOW_WEEKS {
        let monday = first_monday + Duration::weeks(i64::from(week));
        let sunday = monday + Duration::days(6);
        let in_team = span.since <= monday && span.until.is_none_or(|u| u >= sunday);
        if !in_team {
            continue;
        }
        counted += 1;
        let records = meetings
            .iter()
            .filter(|m| m.kind == kind && (monday..=sunday).contains(&m.held_on))
            .flat_map(|m| m.attendance.iter())
            .filter(|a| a.user_id == span.user_id);
        let (mut present, mut absent_for_reason) = (false, false);
        for a in records {
            present |= a.present;
            absent_for_reason |= !a.present && a.absence_reason.is_some();
        }
        if !present {
            missed += 1;
            if absent_for_reason {
                excused += 1;
            }
        }
    }
    WeeksMissed {
        user_id: span.user_id,
        kind,
        weeks_counted: counted,
        weeks_missed: missed,
        weeks_excused: excused,
        flagged: flagged(missed, counted),
    }
}

/// The share of counted weeks attended, over all `rows`, in percent with
/// one decimal; `None` when no week was counted.
pub fn attendance_percent(rows: &[WeeksMissed]) -> Option<f64> {
    let counted: u32 = rows.iter().map(|r| r.weeks_counted).sum();
    let missed: u32 = rows.iter().map(|r| r.weeks_missed).sum();
    (counted > 0).then(|| {
        let attended = f64::from(counted.saturating_sub(missed));
        (attended * 1000.0 / f64::from(counted)).round() / 10.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::AbsenceReason;
    use crate::team::Position;
    use crate::testing::day;

    const ANNA: UserId = UserId::new(7);
    const BO: UserId = UserId::new(8);
    /// A Wednesday; the window runs Monday 2026-08-31 to Sunday 2026-11-22.
    const TODAY: &str = "2026-11-25";

    fn span(since: &str, until: Option<&str>) -> MemberSpan {
        MemberSpan {
            user_id: ANNA,
            position: Position::Therapist,
            since: day(since),
            until: until.map(day),
        }
    }

    fn here(user_id: UserId) -> MeetingAttendance {
        MeetingAttendance {
            user_id,
            present: true,
            absence_reason: None,
        }
    }

    fn away(user_id: UserId, reason: Option<AbsenceReason>) -> MeetingAttendance {
        MeetingAttendance {
            user_id,
            present: false,
            absence_reason: reason,
        }
    }

    /// One meeting of `kind` on the Tuesday of each window week, Anna
    /// there unless the week's attendance is given in `anna`; Bo there
    /// always.
    fn weekly(kind: MeetingKind, anna: &[(u32, MeetingAttendance)]) -> Vec<HeldMeeting> {
        let (first_monday, _) = window(day(TODAY));
        (0..ATTENDANCE_WINDOW_WEEKS)
            .map(|week| {
                let mine = anna
                    .iter()
                    .find(|(w, _)| *w == week)
                    .map_or(here(ANNA), |(_, a)| a.clone());
                HeldMeeting {
                    session_id: i64::from(week),
                    held_on: first_monday + Duration::days(i64::from(week) * 7 + 1),
                    kind,
                    attendance: vec![mine, here(BO)],
                }
            })
            .collect()
    }

    #[test]
    fn the_window_is_the_twelve_whole_weeks_before_this_one() {
        assert_eq!(
            window(day("2026-11-25")),
            (day("2026-08-31"), day("2026-11-22"))
        );
        // A Monday: its week has begun, so it is left out.
        assert_eq!(
            window(day("2026-11-23")),
            (day("2026-08-31"), day("2026-11-22"))
        );
        // A Sunday: its week is not over yet.
        assert_eq!(
            window(day("2026-11-22")),
            (day("2026-08-24"), day("2026-11-15"))
        );
    }

    #[test]
    fn a_therapist_at_every_supervision_missed_nothing() {
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Supervision,
            &weekly(MeetingKind::Supervision, &[]),
        );
        assert_eq!(
            w,
            WeeksMissed {
                user_id: ANNA,
                kind: MeetingKind::Supervision,
                weeks_counted: 12,
                weeks_missed: 0,
                weeks_excused: 0,
                flagged: false,
            }
        );
    }

    #[test]
    fn a_therapist_who_missed_three_supervision_weeks_is_flagged() {
        let mut meetings = weekly(
            MeetingKind::Supervision,
            &[
                (2, away(ANNA, Some(AbsenceReason::Illness))),
                (5, away(ANNA, None)),
            ],
        );
        // Week 9: Anna is not on the list at all.
        meetings[9].attendance.retain(|a| a.user_id != ANNA);
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Supervision,
            &meetings,
        );
        assert_eq!(w.weeks_counted, 12);
        assert_eq!(w.weeks_missed, 3);
        assert_eq!(w.weeks_excused, 1, "only the illness is a recorded reason");
        assert!(w.flagged);
    }

    #[test]
    fn two_missed_weeks_are_not_flagged() {
        let meetings = weekly(
            MeetingKind::Consultation,
            &[
                (0, away(ANNA, Some(AbsenceReason::Leave))),
                (11, away(ANNA, Some(AbsenceReason::FamilyCrisis))),
            ],
        );
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Consultation,
            &meetings,
        );
        assert_eq!((w.weeks_missed, w.weeks_excused, w.flagged), (2, 2, false));
    }

    #[test]
    fn a_week_without_any_meeting_is_missed() {
        let mut meetings = weekly(MeetingKind::Supervision, &[]);
        meetings.retain(|m| m.session_id != 4 && m.session_id != 6 && m.session_id != 7);
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Supervision,
            &meetings,
        );
        assert_eq!((w.weeks_missed, w.weeks_excused, w.flagged), (3, 0, true));
    }

    #[test]
    fn consultations_do_not_count_as_supervision() {
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Supervision,
            &weekly(MeetingKind::Consultation, &[]),
        );
        assert_eq!((w.weeks_counted, w.weeks_missed), (12, 12));
    }

    #[test]
    fn one_meeting_attended_in_a_week_is_enough() {
        let mut meetings = weekly(
            MeetingKind::Supervision,
            &[(3, away(ANNA, Some(AbsenceReason::Training)))],
        );
        // A second supervision on the Friday of week 3, Anna there.
        meetings.push(HeldMeeting {
            session_id: 99,
            held_on: day("2026-09-25"),
            kind: MeetingKind::Supervision,
            attendance: vec![here(ANNA)],
        });
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Supervision,
            &meetings,
        );
        assert_eq!((w.weeks_missed, w.weeks_excused), (0, 0));
    }

    #[test]
    fn meetings_outside_the_window_do_not_count() {
        // This week's meeting (Monday 2026-11-23) and one before the window.
        let meetings: Vec<HeldMeeting> = ["2026-11-23", "2026-08-30"]
            .iter()
            .enumerate()
            .map(|(i, d)| HeldMeeting {
                session_id: i as i64,
                held_on: day(d),
                kind: MeetingKind::Supervision,
                attendance: vec![here(ANNA)],
            })
            .collect();
        let w = weeks_missed(
            day(TODAY),
            &span("2025-01-01", None),
            MeetingKind::Supervision,
            &meetings,
        );
        assert_eq!(w.weeks_missed, 12);
    }

    #[test]
    fn a_week_partly_in_the_team_is_not_counted() {
        let meetings = weekly(MeetingKind::Supervision, &[(0, away(ANNA, None))]);
        let count = |s: MemberSpan| {
            let w = weeks_missed(day(TODAY), &s, MeetingKind::Supervision, &meetings);
            (w.weeks_counted, w.weeks_missed)
        };
        // Joined on the Monday of the first week: all twelve count.
        assert_eq!(count(span("2026-08-31", None)), (12, 1));
        // Joined on its Tuesday: the first week is not counted.
        assert_eq!(count(span("2026-09-01", None)), (11, 0));
        // Left on the last Sunday: counted; on the Saturday before: not.
        assert_eq!(count(span("2025-01-01", Some("2026-11-22"))), (12, 1));
        assert_eq!(count(span("2025-01-01", Some("2026-11-21"))), (11, 1));
        // Joined this week: nothing to count, nothing flagged.
        let new = weeks_missed(
            day(TODAY),
            &span("2026-11-23", None),
            MeetingKind::Supervision,
            &[],
        );
        assert_eq!(
            (new.weeks_counted, new.weeks_missed, new.flagged),
            (0, 0, false)
        );
    }

    #[test]
    fn a_newcomer_who_missed_a_quarter_of_their_weeks_is_flagged() {
        assert!(flagged(1, 1), "joined last week, missed it");
        assert!(flagged(1, 4));
        assert!(!flagged(1, 5));
        assert!(flagged(2, 8));
        assert!(!flagged(2, 12));
        assert!(flagged(3, 12));
        assert!(!flagged(0, 0));
    }

    #[test]
    fn attendance_percent_is_attended_weeks_over_counted_weeks() {
        let row = |counted, missed| WeeksMissed {
            user_id: ANNA,
            kind: MeetingKind::Supervision,
            weeks_counted: counted,
            weeks_missed: missed,
            weeks_excused: 0,
            flagged: missed >= MISSED_WEEKS_FLAG,
        };
        // (12 − 5 + 11 − 0) / 23 = 78.26… %
        assert_eq!(attendance_percent(&[row(12, 5), row(11, 0)]), Some(78.3));
        assert_eq!(attendance_percent(&[row(12, 0)]), Some(100.0));
        assert_eq!(attendance_percent(&[row(0, 0)]), None);
        assert_eq!(attendance_percent(&[]), None);
    }

    fn refusals(attendance: &[MeetingAttendance]) -> Vec<(String, &'static str)> {
        match validate_attendance(attendance, &[ANNA, BO]) {
            Ok(()) => Vec::new(),
            Err(DomainError::Invalid(fields)) => fields
                .into_iter()
                .map(|f| (f.field, f.message.code))
                .collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn attendance_of_members_with_reasons_is_accepted() {
        assert_eq!(
            refusals(&[here(ANNA), away(BO, Some(AbsenceReason::Other))]),
            vec![]
        );
        assert_eq!(refusals(&[]), vec![], "a meeting without attendance");
    }

    #[test]
    fn attendance_of_a_stranger_is_refused() {
        assert_eq!(
            refusals(&[here(ANNA), here(UserId::new(99))]),
            vec![("attendance[1]".into(), "attendance-not-member")]
        );
    }

    #[test]
    fn a_person_recorded_twice_is_refused() {
        assert_eq!(
            refusals(&[here(ANNA), away(ANNA, Some(AbsenceReason::Illness))]),
            vec![("attendance[1]".into(), "attendance-twice")]
        );
    }

    #[test]
    fn an_absence_needs_a_reason_and_presence_has_none() {
        let mut wrong = here(BO);
        wrong.absence_reason = Some(AbsenceReason::Leave);
        assert_eq!(
            refusals(&[here(ANNA), away(BO, None)]),
            vec![("attendance[1]".into(), "absence-reason-missing")]
        );
        assert_eq!(
            refusals(&[here(ANNA), wrong]),
            vec![("attendance[1]".into(), "absence-reason-when-present")]
        );
    }

    #[test]
    fn a_meeting_where_nobody_came_is_refused() {
        assert_eq!(
            refusals(&[
                away(ANNA, Some(AbsenceReason::Illness)),
                away(BO, Some(AbsenceReason::Leave))
            ]),
            vec![("attendance".into(), "attendees-missing")]
        );
    }
}
