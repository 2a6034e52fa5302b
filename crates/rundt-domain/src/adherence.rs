//! Fidelity: the monthly caregiver adherence interview (TAM-R structure:
//! 28 items, scored 0–1, adherent from 0.61; the team target is at least
//! 80 % of interviews above the threshold). The interview is made by the
//! supervisor or non-clinical staff, never by the family's own therapist.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::error::Validator;
use crate::id::{PersonId, UserId};
use crate::msg;

pub const ITEMS: usize = 28;
/// An interview scoring at least this is adherent.
pub const THRESHOLD: f64 = 0.61;
/// The team target: this share of interviews adherent.
pub const TEAM_TARGET_PERCENT: f64 = 80.0;
/// Fewer answered items than this and the interview cannot be scored, so it
/// is refused: at most four of the 28 items may be left unanswered.
pub const MIN_ANSWERED: usize = 24;
/// The first interview is due this long after treatment starts.
pub const FIRST_DUE_DAYS: i64 = 21;
/// Then one every this many days while treatment lasts.
pub const INTERVAL_DAYS: i64 = 30;

string_coded! {
    /// How the caregiver was interviewed: by phone (the instrument's usual
    /// way) or in person; never with the family's therapist present.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum InterviewMode {
        Phone => "phone",
        InPerson => "in_person",
    }
    unknown => ("mode", "interview-mode-unknown")
}

/// One caregiver interview: who answered, how, and 28 answers on a 5-point
/// scale (1 = not at all, 5 = very much), `None` where the caregiver did not
/// answer. The interviewer is whoever records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interview {
    pub date: NaiveDate,
    /// The caregiver who answered: a person taking part in the family's
    /// case as a caregiver.
    pub respondent_id: PersonId,
    pub mode: InterviewMode,
    pub answers: Vec<Option<u8>>,
}

/// Items whose wording is negative, so "very much" means low adherence.
/// Kept as data: the licensed instrument defines which they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReverseKeyed(pub Vec<usize>);

impl Interview {
    /// Checks the interview of a family in treatment since
    /// `treatment_start`, whose caregivers are `caregivers`: enough answers
    /// to score, on the scale, dated in the treatment, answered by one of
    /// the family's caregivers.
    pub fn validate(
        &self,
        treatment_start: NaiveDate,
        today: NaiveDate,
        caregivers: &[PersonId],
    ) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            caregivers.contains(&self.respondent_id),
            "respondent_id",
            msg!("respondent-not-caregiver"),
        );
        if v.take(check_answers(&self.answers, ITEMS)).is_some() {
            // Too few answers to score: nothing to count as an interview.
            let answered = self.answers.iter().flatten().count();
            v.check(
                answered >= MIN_ANSWERED,
                "answers",
                msg!(
                    "answers-too-few",
                    answered = answered,
                    min = MIN_ANSWERED,
                    items = ITEMS
                ),
            );
        }
        v.check(
            treatment_start <= self.date && self.date <= today,
            "date",
            msg!("interview-date"),
        );
        v.finish()
    }

    /// The adherence score 0–1, or `None` with too few answers (which
    /// [`Interview::validate`] refuses; interviews stored before that rule
    /// may still have too few).
    pub fn score(&self, reverse: &ReverseKeyed) -> Option<f64> {
        mean_score(&self.answers, reverse, MIN_ANSWERED)
    }
}

/// The mean of answers 1–5 mapped to 0–1 (reverse-keyed items turned
/// round), three decimals; `None` with fewer than `min_answered` answers.
pub(crate) fn mean_score(
    answers: &[Option<u8>],
    reverse: &ReverseKeyed,
    min_answered: usize,
) -> Option<f64> {
    let values: Vec<f64> = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.map(|v| {
                let x = (f64::from(v) - 1.0) / 4.0;
                if reverse.0.contains(&(i + 1)) {
                    1.0 - x
                } else {
                    x
                }
            })
        })
        .collect();
    (values.len() >= min_answered).then(|| {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        (mean * 1000.0).round() / 1000.0
    })
}

pub(crate) fn check_answers(answers: &[Option<u8>], items: usize) -> Result<(), DomainError> {
    if answers.len() != items {
        return Err(DomainError::invalid(
            "answers",
            msg!("answers-count", items = items),
        ));
    }
    if let Some(i) = answers
        .iter()
        .position(|a| a.is_some_and(|v| !(1..=5).contains(&v)))
    {
        return Err(DomainError::invalid(
            format!("answers[{i}]"),
            msg!("answers-scale"),
        ));
    }
    Ok(())
}

/// Supervisor adherence (SAM structure): each therapist rates the team's
/// supervisor on a 5-point scale, about every two months. The item count
/// is the instrument's (43 in the SAM as published; to be confirmed with
/// the licence holder, DOMAIN.md §10).
pub const SAM_ITEMS: usize = 43;
/// Fewer answered items than this and the rating is not scored.
pub const SAM_MIN_ANSWERED: usize = 35;
/// A therapist rates their supervisor every this many days.
pub const SAM_INTERVAL_DAYS: i64 = 61;
/// Supervisor-adherence figures about fewer ratings than this are hidden
/// from everyone (the supervisor included), so no therapist's rating can
/// be singled out.
pub const SAM_MIN_RATINGS: u32 = 5;

/// One therapist's rating of their supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisorRating {
    pub date: NaiveDate,
    pub answers: Vec<Option<u8>>,
}

impl SupervisorRating {
    pub fn validate(&self, today: NaiveDate) -> Result<(), DomainError> {
        check_answers(&self.answers, SAM_ITEMS)?;
        if self.date > today || self.date < today - Duration::days(31) {
            return Err(DomainError::invalid("date", msg!("rating-date")));
        }
        Ok(())
    }

    pub fn score(&self) -> Option<f64> {
        mean_score(&self.answers, &ReverseKeyed::default(), SAM_MIN_ANSWERED)
    }
}

/// When a therapist's next rating of the supervisor is due: two months
/// after the last, or a month after joining the team.
pub fn sam_next_due(joined: NaiveDate, last: Option<NaiveDate>) -> NaiveDate {
    match last {
        Some(l) => l + Duration::days(SAM_INTERVAL_DAYS),
        None => joined + Duration::days(30),
    }
}

/// Whether a score is adherent.
pub fn adherent(score: f64) -> bool {
    score >= THRESHOLD
}

/// The share of scored interviews that are adherent, in percent (one
/// decimal), and whether it meets the team target.
pub fn team_adherence(scores: &[f64]) -> Option<(f64, bool)> {
    if scores.is_empty() {
        return None;
    }
    let above = scores.iter().filter(|s| adherent(**s)).count();
    let percent = (above as f64 * 1000.0 / scores.len() as f64).round() / 10.0;
    Some((percent, percent >= TEAM_TARGET_PERCENT))
}

/// Counters of interviews in a summary cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdherenceCounts {
    pub interviews: u32,
    /// Interviews with enough answers to score.
    pub scored: u32,
    pub adherent: u32,
    /// Sum of scores in thousandths (scores have three decimals).
    pub score_milli_sum: u32,
}

impl AdherenceCounts {
    pub fn of(score: Option<f64>) -> Self {
        Self {
            interviews: 1,
            scored: u32::from(score.is_some()),
            adherent: u32::from(score.is_some_and(adherent)),
            score_milli_sum: score.map_or(0, |s| (s * 1000.0).round().clamp(0.0, 1000.0) as u32),
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.interviews += o.interviews;
        self.scored += o.scored;
        self.adherent += o.adherent;
        self.score_milli_sum += o.score_milli_sum;
    }

    /// Mean score, share adherent and whether the team target is met; hidden
    /// below five scored interviews when `suppress`.
    pub fn figures(&self, suppress: bool) -> AdherenceFigures {
        self.figures_hidden(suppress && self.scored < crate::indicators::MIN_CELL)
            .share_hidden_if(suppress && crate::indicators::reveals_few(self.adherent, self.scored))
    }

    /// The figures, or nothing but the flag when `hidden` (the caller
    /// knows more, e.g. how few families the interviews were with).
    pub fn figures_hidden(&self, hidden: bool) -> AdherenceFigures {
        let shown = !hidden && self.scored > 0;
        let n = f64::from(self.scored);
        let mean = shown.then(|| (f64::from(self.score_milli_sum) / n).round() / 1000.0);
        let percent = shown.then(|| (f64::from(self.adherent) * 1000.0 / n).round() / 10.0);
        AdherenceFigures {
            interviews: if hidden { 0 } else { self.interviews },
            scored: if hidden { 0 } else { self.scored },
            mean_score: mean,
            adherent_percent: percent,
            target_met: percent.map(|p| p >= TEAM_TARGET_PERCENT),
            suppressed: hidden,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdherenceFigures {
    pub interviews: u32,
    pub scored: u32,
    pub mean_score: Option<f64>,
    pub adherent_percent: Option<f64>,
    pub target_met: Option<bool>,
    pub suppressed: bool,
}

impl AdherenceFigures {
    /// Hides the share adherent (and so whether the target is met) when it,
    /// or the rest, points at one to four interviews.
    pub fn share_hidden_if(mut self, hide: bool) -> Self {
        if hide {
            self.adherent_percent = None;
            self.target_met = None;
        }
        self
    }
}

/// Who may interview the caregiver: not the family's own therapist.
pub fn may_interview(
    interviewer_id: UserId,
    family_therapist: Option<UserId>,
) -> Result<(), DomainError> {
    if family_therapist == Some(interviewer_id) {
        return Err(DomainError::Conflict(msg!("interviewer-is-therapist")));
    }
    Ok(())
}

/// The next interview due, given the treatment start and the dates of the
/// interviews made; `None` once treatment has ended before it.
pub fn next_due(
    treatment_start: NaiveDate,
    done: &[NaiveDate],
    treatment_end: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let due = match done.iter().max() {
        None => treatment_start + Duration::days(FIRST_DUE_DAYS),
        Some(last) => *last + Duration::days(INTERVAL_DAYS),
    };
    match treatment_end {
        Some(end) if due > end => None,
        _ => Some(due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    #[test]
    fn a_therapist_rates_the_supervisor_on_all_items_every_two_months() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut r = SupervisorRating {
            date: today,
            answers: vec![Some(4); SAM_ITEMS],
        };
        assert!(r.validate(today).is_ok());
        assert_eq!(r.score(), Some(0.75));
        r.answers[0] = Some(0);
        assert!(r.validate(today).is_err());
        r.answers = vec![Some(4); SAM_ITEMS - 1];
        assert!(r.validate(today).is_err());
        r.answers = vec![None; SAM_ITEMS];
        assert_eq!(r.score(), None, "too few answers to score");
        let joined = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(
            sam_next_due(joined, None),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
        );
        assert_eq!(
            sam_next_due(joined, Some(today)),
            NaiveDate::from_ymd_opt(2027, 1, 25).unwrap()
        );
    }

    #[test]
    fn summary_counters_give_the_mean_and_the_share_above_threshold() {
        let mut c = AdherenceCounts::default();
        for s in [
            Some(0.9),
            Some(0.6),
            Some(0.61),
            Some(0.75),
            None,
            Some(0.8),
        ] {
            c.add(&AdherenceCounts::of(s));
        }
        let f = c.figures(false);
        assert_eq!(f.interviews, 6);
        assert_eq!(f.scored, 5);
        // (0.9 + 0.6 + 0.61 + 0.75 + 0.8) / 5 = 0.732
        assert_eq!(f.mean_score, Some(0.732));
        assert_eq!(f.adherent_percent, Some(80.0));
        assert_eq!(f.target_met, Some(true));
        let mut four = AdherenceCounts::default();
        for _ in 0..4 {
            four.add(&AdherenceCounts::of(Some(0.7)));
        }
        assert!(four.figures(true).suppressed);
        assert_eq!(four.figures(true).mean_score, None);
    }

    fn interview(value: u8, unanswered: usize) -> Interview {
        let mut answers = vec![Some(value); ITEMS];
        for a in answers.iter_mut().take(unanswered) {
            *a = None;
        }
        Interview {
            date: day("2026-11-20"),
            respondent_id: CAREGIVER,
            mode: InterviewMode::Phone,
            answers,
        }
    }

    /// The family's caregiver, who answers the interviews.
    const CAREGIVER: PersonId = PersonId::new(41);

    #[test]
    fn scores_run_from_zero_to_one() {
        let none = ReverseKeyed::default();
        assert_eq!(interview(5, 0).score(&none), Some(1.0));
        assert_eq!(interview(1, 0).score(&none), Some(0.0));
        assert_eq!(interview(3, 0).score(&none), Some(0.5));
        // 4 on every item: 0.75, adherent.
        let s = interview(4, 0).score(&none).unwrap();
        assert!(adherent(s));
        assert!(!adherent(0.609));
        assert!(adherent(0.61));
    }

    #[test]
    fn reverse_keyed_items_count_the_other_way() {
        let mut i = interview(5, 0);
        i.answers[0] = Some(1);
        let reverse = ReverseKeyed(vec![1]);
        assert_eq!(i.score(&reverse), Some(1.0));
    }

    #[test]
    fn too_few_answers_are_not_scored() {
        let none = ReverseKeyed::default();
        assert!(interview(4, 4).score(&none).is_some());
        assert!(interview(4, 5).score(&none).is_none());
    }

    #[test]
    fn the_team_target_is_eighty_percent_adherent() {
        assert_eq!(
            team_adherence(&[0.7, 0.8, 0.65, 0.9, 0.5]),
            Some((80.0, true))
        );
        assert_eq!(
            team_adherence(&[0.7, 0.5, 0.65, 0.9, 0.5]),
            Some((60.0, false))
        );
        assert_eq!(team_adherence(&[]), None);
    }

    #[test]
    fn the_own_therapist_may_not_interview() {
        assert!(may_interview(UserId::new(7), Some(UserId::new(7))).is_err());
        assert!(may_interview(UserId::new(3), Some(UserId::new(7))).is_ok());
    }

    #[test]
    fn interviews_fall_due_three_weeks_in_then_monthly() {
        let start = day("2026-09-01");
        assert_eq!(next_due(start, &[], None), Some(day("2026-09-22")));
        assert_eq!(
            next_due(start, &[day("2026-09-24")], None),
            Some(day("2026-10-24"))
        );
        assert_eq!(
            next_due(start, &[day("2026-09-24")], Some(day("2026-10-10"))),
            None
        );
    }

    /// The field and message code an interview is refused with, if any.
    fn refusal(i: &Interview) -> Option<(String, String)> {
        match i.validate(day("2026-09-01"), day("2026-11-25"), &[CAREGIVER]) {
            Ok(()) => None,
            Err(DomainError::Invalid(fields)) => fields
                .first()
                .map(|f| (f.field.clone(), f.message.code.to_string())),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_interview_where_the_caregiver_answered_nothing_is_refused() {
        let empty = interview(4, ITEMS);
        assert_eq!(
            refusal(&empty),
            Some(("answers".into(), "answers-too-few".into()))
        );
    }

    #[test]
    fn an_interview_with_too_few_answers_to_score_is_refused() {
        // 23 of 28 answered: one short of what a score needs.
        let short = interview(4, ITEMS - MIN_ANSWERED + 1);
        assert_eq!(short.score(&ReverseKeyed::default()), None);
        assert_eq!(
            refusal(&short),
            Some(("answers".into(), "answers-too-few".into()))
        );
    }

    #[test]
    fn an_interview_with_enough_answers_to_score_is_accepted_and_scored() {
        // 24 of 28 answered: four items may be left unanswered.
        let enough = interview(4, ITEMS - MIN_ANSWERED);
        assert_eq!(refusal(&enough), None);
        assert_eq!(enough.score(&ReverseKeyed::default()), Some(0.75));
    }

    #[test]
    fn the_respondent_is_one_of_the_familys_caregivers() {
        let mut i = interview(4, 0);
        i.respondent_id = PersonId::new(40);
        assert_eq!(
            refusal(&i),
            Some(("respondent_id".into(), "respondent-not-caregiver".into()))
        );
        i.respondent_id = CAREGIVER;
        i.mode = InterviewMode::InPerson;
        assert_eq!(refusal(&i), None);
    }

    #[test]
    fn the_interview_mode_is_phone_or_in_person_by_its_code() {
        assert_eq!(
            InterviewMode::ALL.map(InterviewMode::as_str),
            ["phone", "in_person"]
        );
        assert_eq!(
            "in_person".parse::<InterviewMode>().ok(),
            Some(InterviewMode::InPerson)
        );
        assert!("unknown".parse::<InterviewMode>().is_err());
        assert_eq!(
            serde_json::to_value(InterviewMode::InPerson).ok(),
            Some(serde_json::json!("in_person"))
        );
    }

    #[test]
    fn answers_are_checked() {
        let mut i = interview(4, 0);
        i.answers[3] = Some(6);
        assert!(
            i.validate(day("2026-09-01"), day("2026-11-25"), &[CAREGIVER])
                .unwrap_err()
                .to_string()
                .contains("answers[3]")
        );
        let short = Interview {
            answers: vec![Some(3); 10],
            ..interview(3, 0)
        };
        assert!(
            short
                .validate(day("2026-09-01"), day("2026-11-25"), &[CAREGIVER])
                .is_err()
        );
    }
}
