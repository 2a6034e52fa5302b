//! The study the feasibility tests share, with numbers chosen to be worked
//! out by hand.

use crate::country::Country;
use crate::money::Currency;
use crate::programme::ProgrammeModel;
use crate::team::{Ownership, Position};
use crate::testing::{code, day};
use crate::{DomainError, FieldError};

use super::types::*;

/// Kroner as øre.
pub(crate) const fn kr(kroner: i64) -> i64 {
    kroner * 100
}

/// A Danish MST study of Aarhus (0751) alone, starting 1 January 2027:
/// 100 young people with offences or at risk, of whom 12 / 24 / 36 % are
/// expected to be referred a year (12, 24, 36 families); referrals grow
/// over 12 months; 8 families per therapist a year. A therapist costs
/// 600,000 kr a year (50,000 a month), the supervisor 720,000 (60,000 a
/// month); licence 300,000 a year from year 2 (25,000 a month); start-up
/// 80,000 net; 35,000 per later therapist; travel 60,000 a year (5,000 a
/// month); overhead 10 %. A placement costs 600,000 kr a year and is
/// assumed to last 12 months; 15 / 25 / 35 % of the families served avoid
/// one.
pub(crate) fn study() -> StudyDocument {
    StudyDocument {
        title: "MST i Aarhus".into(),
        team_name: "MST Aarhus".into(),
        country: Country::DK,
        programme_model: "MST".into(),
        currency: Currency::Dkk,
        municipalities: vec![Ownership {
            municipality_code: code("0751"),
            share_bp: 10_000,
        }],
        potential: vec![PotentialFigure {
            municipality: code("0751"),
            measure: PotentialMeasure::OffencesOrAtRisk,
            count: 100,
            source: "Danmarks Statistik, STRAF10".into(),
            year: 2025,
        }],
        referral_shares: vec![ReferralShare {
            measure: PotentialMeasure::OffencesOrAtRisk,
            share_bp: ByScenario {
                low: 1_200,
                expected: 2_400,
                high: 3_600,
            },
        }],
        barriers: vec![Barrier {
            text: "The treatment culture favours placements".into(),
            note: String::new(),
            owner: "Head of children and young people".into(),
            resolved: false,
        }],
        assumptions: StudyAssumptions {
            starts_on: day("2027-01-01"),
            years: 5,
            ramp_up_months: 12,
            families_per_therapist_year: 8,
            families_per_therapist_source: "MST Danmark".into(),
            therapist_salary: kr(600_000),
            posts: vec![PostSalary {
                position: Position::Supervisor,
                yearly: kr(720_000),
                fte_bp: 10_000,
            }],
            salary_source: "Aarhus' pay scales 2026".into(),
            licence_fee_per_year: kr(300_000),
            licence_from_year: 2,
            licence_source: "MST Danmark".into(),
            start_up: vec![
                CostLine {
                    description: "Start-up package".into(),
                    amount: kr(280_000),
                    source: "Socialstyrelsen".into(),
                },
                CostLine {
                    description: "State grant".into(),
                    amount: kr(-200_000),
                    source: "Socialstyrelsen".into(),
                },
            ],
            later_therapist_training: kr(35_000),
            travel_per_year: kr(60_000),
            overhead_bp: 1_000,
            placement_cost_per_year: kr(600_000),
            placement_months: 12,
            placement_source: "Aarhus' average 2025".into(),
            avoided_share_bp: ByScenario {
                low: 1_500,
                expected: 2_500,
                high: 3_500,
            },
            avoided_source: "Socialstyrelsen, result evaluations".into(),
        },
    }
}

pub(crate) fn mst() -> ProgrammeModel {
    ProgrammeModel::mst()
}

/// The fields and message codes of a refusal.
pub(crate) fn refused(result: Result<(), DomainError>) -> Vec<(String, &'static str)> {
    match result {
        Err(DomainError::Invalid(errs)) => errs
            .into_iter()
            .map(|FieldError { field, message }| (field, message.code))
            .collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
