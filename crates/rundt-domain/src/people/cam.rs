//! Consultant adherence (CAM structure): the team's therapists and
//! supervisor rate the team's consultant on a 5-point scale, about every
//! two months, as they rate their supervisor (see
//! [`crate::adherence::SupervisorRating`]).

use chrono::{Duration, NaiveDate};

use crate::adherence::{ReverseKeyed, check_answers, mean_score};
use crate::error::DomainError;
use crate::msg;

use super::types::{CamFigure, ConsultantRating};

/// The items of a rating. Illustrative: the instrument's item count is to
/// be confirmed with the licence holder (DOMAIN.md §10).
pub const CAM_ITEMS: usize = 20;
/// Fewer answered items than this and the rating is not scored.
pub const CAM_MIN_ANSWERED: usize = 16;
/// A member rates the consultant every this many days.
pub const CAM_INTERVAL_DAYS: i64 = 61;
/// Consultant-adherence figures about fewer ratings than this are hidden,
/// so no member's rating can be singled out.
pub const CAM_MIN_RATINGS: u32 = 5;
/// A rating may be dated at most this many days back.
const RATING_AGE_DAYS: i64 = 31;
/// The first rating is due this long after joining the team.
const FIRST_DUE_DAYS: i64 = 30;

impl ConsultantRating {
    /// Checks the rating: all [`CAM_ITEMS`] items, each unanswered or on
    /// the scale 1–5; dated today or in the last 31 days.
    pub fn validate(&self, today: NaiveDate) -> Result<(), DomainError> {
        check_answers(&self.answers, CAM_ITEMS)?;
        if self.date > today || self.date < today - Duration::days(RATING_AGE_DAYS) {
            return Err(DomainError::invalid("date", msg!("rating-date")));
        }
        Ok(())
    }

    /// The score 0–1 (three decimals), or `None` with fewer than
    /// [`CAM_MIN_ANSWERED`] answers.
    pub fn score(&self) -> Option<f64> {
        mean_score(&self.answers, &ReverseKeyed::default(), CAM_MIN_ANSWERED)
    }
}

/// The team's consultant-adherence figure from its ratings' scores: how
/// many were scored, and their mean (two decimals) when at least
/// [`CAM_MIN_RATINGS`] were.
pub fn cam_figure(scores: &[Option<f64>]) -> CamFigure {
    let scored: Vec<f64> = scores.iter().flatten().copied().collect();
    let ratings = u32::try_from(scored.len()).unwrap_or(u32::MAX);
    let mean = (ratings >= CAM_MIN_RATINGS).then(|| {
        let mean = scored.iter().sum::<f64>() / scored.len() as f64;
        (mean * 100.0).round() / 100.0
    });
    CamFigure { ratings, mean }
}

/// When a member's next rating of the consultant is due: two months after
/// the last, or a month after joining the team.
pub fn cam_next_due(joined: NaiveDate, last: Option<NaiveDate>) -> NaiveDate {
    match last {
        Some(l) => l + Duration::days(CAM_INTERVAL_DAYS),
        None => joined + Duration::days(FIRST_DUE_DAYS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    fn rating(value: u8, unanswered: usize) -> ConsultantRating {
        let mut answers = vec![Some(value); CAM_ITEMS];
        for a in answers.iter_mut().take(unanswered) {
            *a = None;
        }
        ConsultantRating {
            date: day("2026-11-20"),
            answers,
        }
    }

    #[test]
    fn a_rating_on_all_items_is_scored_zero_to_one() {
        assert_eq!(rating(4, 0).score(), Some(0.75));
        assert_eq!(rating(5, 0).score(), Some(1.0));
        assert_eq!(rating(1, 0).score(), Some(0.0));
        assert_eq!(rating(4, 0).validate(day("2026-11-25")), Ok(()));
    }

    #[test]
    fn a_rating_with_too_few_answers_is_not_scored() {
        // 16 of 20 answered: scored; 15: not.
        assert_eq!(rating(3, 4).score(), Some(0.5));
        assert_eq!(rating(3, 5).score(), None);
    }

    #[test]
    fn a_rating_has_every_item_on_the_scale() {
        let short = ConsultantRating {
            answers: vec![Some(3); CAM_ITEMS - 1],
            ..rating(3, 0)
        };
        assert_eq!(
            short.validate(day("2026-11-25")),
            Err(DomainError::invalid(
                "answers",
                msg!("answers-count", items = CAM_ITEMS)
            ))
        );
        let mut off = rating(3, 0);
        off.answers[4] = Some(6);
        assert_eq!(
            off.validate(day("2026-11-25")),
            Err(DomainError::invalid("answers[4]", msg!("answers-scale")))
        );
    }

    #[test]
    fn a_rating_is_dated_within_the_last_month() {
        let refused = Err(DomainError::invalid("date", msg!("rating-date")));
        let at = |d: &str| {
            ConsultantRating {
                date: day(d),
                ..rating(4, 0)
            }
            .validate(day("2026-11-25"))
        };
        assert_eq!(at("2026-11-26"), refused);
        assert_eq!(at("2026-10-25"), Ok(()));
        assert_eq!(at("2026-10-24"), refused);
    }

    #[test]
    fn cam_mean_hidden_below_five_ratings() {
        let four = [Some(0.8), Some(0.6), None, Some(0.7), Some(0.9), None];
        assert_eq!(
            cam_figure(&four),
            CamFigure {
                ratings: 4,
                mean: None,
            }
        );
        assert_eq!(
            cam_figure(&[]),
            CamFigure {
                ratings: 0,
                mean: None
            }
        );
    }

    #[test]
    fn cam_mean_shown_from_five_ratings_with_two_decimals() {
        // (0.8 + 0.6 + 0.7 + 0.9 + 0.655) / 5 = 0.731
        let five = [
            Some(0.8),
            Some(0.6),
            None,
            Some(0.7),
            Some(0.9),
            Some(0.655),
        ];
        assert_eq!(
            cam_figure(&five),
            CamFigure {
                ratings: 5,
                mean: Some(0.73),
            }
        );
    }

    #[test]
    fn the_consultant_is_rated_a_month_after_joining_then_every_two_months() {
        assert_eq!(cam_next_due(day("2026-01-01"), None), day("2026-01-31"));
        assert_eq!(
            cam_next_due(day("2026-01-01"), Some(day("2026-11-25"))),
            day("2027-01-25")
        );
    }
}
