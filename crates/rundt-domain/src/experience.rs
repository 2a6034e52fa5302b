//! The family's experience of treatment: a short survey the caregivers
//! answer at discharge, collected by the supervisor (not the family's own
//! therapist, as with the adherence interview). Five statements, each
//! answered 1 (not at all) to 5 (very much); the score is their mean on a
//! 0–100 scale.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::error::Validator;
use crate::msg;

/// The statements, by key; the wording lives in the translations.
pub const ITEMS: [&str; 5] = [
    "respected",
    "reachable",
    "goals_together",
    "helped",
    "recommend",
];

/// Index of "we would recommend MST to another family".
const RECOMMEND: usize = 4;

/// How long after discharge the survey may still be answered.
pub const ANSWER_WITHIN_DAYS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyExperience {
    pub date: NaiveDate,
    /// One answer per item, 1–5, in the order of [`ITEMS`].
    pub answers: Vec<u8>,
    #[serde(default)]
    pub comment: String,
}

impl FamilyExperience {
    pub fn validate(&self, discharged: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
        let mut v = Validator::new();
        v.check(
            self.answers.len() == ITEMS.len(),
            "answers",
            msg!("statements-count", items = ITEMS.len()),
        );
        for (i, a) in self.answers.iter().enumerate() {
            v.check(
                (1..=5).contains(a),
                &format!("answers[{i}]"),
                msg!("answers-scale"),
            );
        }
        v.check(
            self.date >= discharged - Duration::days(14)
                && self.date <= discharged + Duration::days(ANSWER_WITHIN_DAYS),
            "date",
            msg!(
                "survey-date",
                discharged = discharged,
                days = ANSWER_WITHIN_DAYS
            ),
        );
        v.check(self.date <= today, "date", msg!("survey-in-future"));
        v.at_most_chars("comment", &self.comment, 2000);
        v.finish()
    }

    /// The mean answer on 0–100.
    pub fn score(&self) -> u8 {
        if self.answers.is_empty() {
            return 0;
        }
        let sum: u32 = self
            .answers
            .iter()
            .map(|a| u32::from(a.saturating_sub(1)))
            .sum();
        let max = 4 * self.answers.len() as u32;
        ((f64::from(sum) * 100.0 / f64::from(max)).round()).clamp(0.0, 100.0) as u8
    }

    /// The family would recommend MST (4 or 5 on the last statement).
    pub fn recommends(&self) -> bool {
        self.answers.get(RECOMMEND).is_some_and(|a| *a >= 4)
    }
}

/// Counters of surveys in a summary cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExperienceCounts {
    pub surveys: u32,
    /// Sum of the 0–100 scores.
    pub score_sum: u32,
    pub recommend: u32,
}

impl ExperienceCounts {
    pub fn of(e: &FamilyExperience) -> Self {
        Self {
            surveys: 1,
            score_sum: u32::from(e.score()),
            recommend: u32::from(e.recommends()),
        }
    }

    pub fn add(&mut self, o: &Self) {
        self.surveys += o.surveys;
        self.score_sum += o.score_sum;
        self.recommend += o.recommend;
    }

    /// (average score 0–100, percent recommending), one decimal; `None`
    /// without surveys or when suppressed (the share recommending also when
    /// it, or the rest, counts one to four families).
    pub fn figures(&self, suppress: bool) -> ExperienceFigures {
        let hidden = suppress && self.surveys < crate::indicators::MIN_CELL;
        let n = f64::from(self.surveys);
        let one = |x: f64| (x * 10.0).round() / 10.0;
        ExperienceFigures {
            surveys: if hidden { 0 } else { self.surveys },
            average_score: (!hidden && self.surveys > 0)
                .then(|| one(f64::from(self.score_sum) / n)),
            // "4 of 5 would recommend" points at the one who would not.
            recommend_percent: (!hidden
                && self.surveys > 0
                && !(suppress && crate::indicators::reveals_few(self.recommend, self.surveys)))
            .then(|| one(f64::from(self.recommend) * 100.0 / n)),
            suppressed: hidden,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExperienceFigures {
    pub surveys: u32,
    pub average_score: Option<f64>,
    pub recommend_percent: Option<f64>,
    pub suppressed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    fn survey(answers: &[u8]) -> FamilyExperience {
        FamilyExperience {
            date: day("2026-11-20"),
            answers: answers.to_vec(),
            comment: String::new(),
        }
    }

    #[test]
    fn the_score_is_the_mean_answer_on_a_hundred_point_scale() {
        assert_eq!(survey(&[5, 5, 5, 5, 5]).score(), 100);
        assert_eq!(survey(&[1, 1, 1, 1, 1]).score(), 0);
        // (4+3+2+4+3) / 20 = 0.8
        assert_eq!(survey(&[5, 4, 3, 5, 4]).score(), 80);
        assert!(survey(&[5, 4, 3, 5, 4]).recommends());
        assert!(!survey(&[5, 5, 5, 5, 3]).recommends());
    }

    #[test]
    fn a_survey_needs_every_answer_in_range_and_a_date_near_discharge() {
        let discharged = day("2026-11-18");
        let today = day("2026-11-25");
        assert!(survey(&[5, 4, 3, 5, 4]).validate(discharged, today).is_ok());
        assert!(survey(&[5, 4, 3, 5]).validate(discharged, today).is_err());
        assert!(
            survey(&[5, 4, 3, 5, 6])
                .validate(discharged, today)
                .is_err()
        );
        let mut late = survey(&[5, 4, 3, 5, 4]);
        late.date = day("2027-02-01");
        assert!(late.validate(discharged, day("2027-03-01")).is_err());
    }

    #[test]
    fn fewer_than_five_surveys_are_hidden_from_outsiders() {
        let mut c = ExperienceCounts::default();
        for a in [
            [5, 5, 5, 5, 5],
            [3, 3, 3, 3, 3],
            [5, 4, 3, 5, 4],
            [1, 1, 1, 1, 1],
        ] {
            c.add(&ExperienceCounts::of(&survey(&a)));
        }
        assert_eq!(c.figures(true).average_score, None);
        let own = c.figures(false);
        // (100 + 50 + 80 + 0) / 4 = 57.5
        assert_eq!(own.average_score, Some(57.5));
        assert_eq!(own.recommend_percent, Some(50.0));
    }
}
