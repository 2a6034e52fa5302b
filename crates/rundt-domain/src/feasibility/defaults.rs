//! The assumptions a new study starts from, each with its source: what the
//! programme descriptions and Socialstyrelsen publish for Denmark, and for
//! Norway what an installation must enter itself (no published licence fee
//! or start-up price is known; they start at 0 with no source). The
//! salaries are illustrative figures, said so in their source text, for
//! the makers to replace with their own.

use chrono::NaiveDate;

use crate::country::Country;
use crate::money::{Minor, PlacementCost};
use crate::programme::ProgrammeModel;
use crate::team::Position;

use super::norms::families_per_therapist_year;
use super::types::{ByScenario, CostLine, PostSalary, StudyAssumptions};

/// Whole kroner as minor units (øre).
const fn kr(kroner: Minor) -> Minor {
    kroner * 100
}

/// Socialstyrelsen's page on the prices of MST in Denmark (DOMAIN.md §6.1).
pub const DK_START_UP_SOURCE: &str = "Socialstyrelsen, MST – priser og økonomi";

/// The default assumptions of a study of `model` in `country` starting on
/// `starts_on`, valuing an avoided placement at `placement` when the
/// municipality has set its figure (else 0 for 12 months, to be entered).
///
/// - 5 years, referrals growing to the full rate over 12 months;
/// - families per therapist from [`families_per_therapist_year`];
/// - Denmark: licence 299,000 DKK a year from year 2 (year 1's licence is in
///   the start-up package), the start-up lines of DOMAIN.md §6.1 with the
///   state grant as a negative line, 35,000 DKK training per later
///   therapist; Norway: licence and start-up 0, to be entered;
/// - illustrative salaries (DK therapist 600,000, supervisor 700,000 DKK;
///   NO therapist 750,000, supervisor 850,000 NOK), a full-time supervisor,
///   and for MST-CAN a full-time crisis caseworker and a psychiatrist at
///   20 %, paid as a therapist and a supervisor;
/// - travel 60,000 a year, overhead 10 % of the staff cost;
/// - placements avoided for 15 / 25 / 35 % of the families served (the
///   Danish result evaluations: a quarter to a third placed, DOMAIN.md §7).
pub fn default_assumptions(
    country: Country,
    model: &ProgrammeModel,
    starts_on: NaiveDate,
    placement: Option<&PlacementCost>,
) -> StudyAssumptions {
    let (therapist_salary, supervisor_salary) = match country {
        Country::DK => (kr(600_000), kr(700_000)),
        Country::NO => (kr(750_000), kr(850_000)),
    };
    let mut posts = vec![PostSalary {
        position: Position::Supervisor,
        yearly: supervisor_salary,
        fte_bp: 10_000,
    }];
    if model.requires_crisis_caseworker {
        posts.push(PostSalary {
            position: Position::CrisisCaseworker,
            yearly: therapist_salary,
            fte_bp: 10_000,
        });
    }
    if model.requires_psychiatrist {
        posts.push(PostSalary {
            position: Position::Psychiatrist,
            yearly: supervisor_salary,
            fte_bp: 2_000,
        });
    }
    let (licence_fee_per_year, licence_from_year, licence_source, start_up, later_training) =
        match country {
            Country::DK => (
                kr(299_000),
                2,
                "MST Danmark: 299.000 kr. pr. team om året; første års licens er i opstartspakken"
                    .to_owned(),
                dk_start_up(),
                kr(35_000),
            ),
            Country::NO => (0, 1, String::new(), Vec::new(), 0),
        };
    let (placement_cost_per_year, placement_months, placement_source) = match placement {
        Some(p) => (p.yearly_cost, p.assumed_months, p.assumption.clone()),
        None => (0, 12, String::new()),
    };
    StudyAssumptions {
        starts_on,
        years: 5,
        ramp_up_months: 12,
        families_per_therapist_year: families_per_therapist_year(model),
        families_per_therapist_source: families_source(country, model),
        therapist_salary,
        posts,
        salary_source: match country {
            Country::DK => "Vejledende tal, erstattes af kommunernes egne",
            Country::NO => "Veiledende tall, erstattes av kommunenes egne",
        }
        .into(),
        licence_fee_per_year,
        licence_from_year,
        licence_source,
        start_up,
        later_therapist_training: later_training,
        travel_per_year: kr(60_000),
        overhead_bp: 1_000,
        placement_cost_per_year,
        placement_months,
        placement_source,
        avoided_share_bp: ByScenario {
            low: 1_500,
            expected: 2_500,
            high: 3_500,
        },
        avoided_source: match country {
            Country::DK => {
                "Socialstyrelsen, MST – resultater og erfaringer: to danske \
                 resultatevalueringer, en fjerdedel til en tredjedel anbragt"
            }
            Country::NO => {
                "Socialstyrelsen (Danmark), MST – resultater og erfaringer: en fjerdedel \
                 til en tredjedel plassert; norske tall legges inn"
            }
        }
        .into(),
    }
}

/// Where the families a therapist completes a year come from, in the
/// country's language (the study's makers edit it as their own text).
fn families_source(country: Country, model: &ProgrammeModel) -> String {
    let da = country == Country::DK;
    match model.code.as_str() {
        crate::programme::MST if da => {
            "MST Danmark: ca. 4 familier ad gangen, ca. 8 om året".into()
        }
        crate::programme::MST => "MST: ca. 4 familier om gangen, ca. 8 i året".into(),
        crate::programme::MST_CAN if da => {
            "MST-CAN: 3 familier ad gangen i 6–9 måneder, ca. 5 om året (afledt)".into()
        }
        crate::programme::MST_CAN => {
            "MST-CAN: 3 familier om gangen i 6–9 måneder, ca. 5 i året (utledet)".into()
        }
        _ if da => format!(
            "{}: {} familier ad gangen, dobbelt så mange om året (antaget)",
            model.code, model.typical_families_per_therapist
        ),
        _ => format!(
            "{}: {} familier om gangen, dobbelt så mange i året (antatt)",
            model.code, model.typical_families_per_therapist
        ),
    }
}

/// The Danish start-up package (DOMAIN.md §6.1): 280,000 DKK less the
/// state grant of 200,000.
fn dk_start_up() -> Vec<CostLine> {
    [
        ("Organisatorisk støtte", 55_000),
        ("Uddannelse af terapeuter, 5 dage", 35_000),
        ("Uddannelse af supervisor, 2 dage", 15_000),
        ("Første års boostere, licens og kvalitetssikring", 175_000),
        ("Statsligt tilskud", -200_000),
    ]
    .into_iter()
    .map(|(description, amount)| CostLine {
        description: description.into(),
        amount: kr(amount),
        source: DK_START_UP_SOURCE.into(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use crate::testing::{code, day};
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_danish_mst_study_starts_from_the_published_prices() {
        let a = default_assumptions(Country::DK, &ProgrammeModel::mst(), day("2027-01-01"), None);
        assert_eq!(a.years, 5);
        assert_eq!(a.ramp_up_months, 12);
        assert_eq!(a.families_per_therapist_year, 8);
        assert!(a.families_per_therapist_source.contains("ca. 8 om året"));
        assert_eq!(a.licence_fee_per_year, 29_900_000);
        assert_eq!(a.licence_from_year, 2);
        // 55,000 + 35,000 + 15,000 + 175,000 − 200,000 = 80,000 DKK net.
        assert_eq!(
            a.start_up.iter().map(|l| l.amount).sum::<Minor>(),
            8_000_000
        );
        assert!(a.start_up.iter().all(|l| l.source == DK_START_UP_SOURCE));
        assert_eq!(a.later_therapist_training, 3_500_000);
        assert_eq!(a.posts.len(), 1);
        assert_eq!(a.posts[0].position, Position::Supervisor);
        assert_eq!(a.travel_per_year, 6_000_000);
        assert_eq!(a.overhead_bp, 1_000);
        assert_eq!(
            (
                a.avoided_share_bp.low,
                a.avoided_share_bp.expected,
                a.avoided_share_bp.high
            ),
            (1_500, 2_500, 3_500)
        );
        assert_eq!((a.placement_cost_per_year, a.placement_months), (0, 12));
    }

    #[test]
    fn a_norwegian_study_leaves_the_licence_and_start_up_to_be_entered() {
        let a = default_assumptions(Country::NO, &ProgrammeModel::mst(), day("2027-01-01"), None);
        assert_eq!(a.licence_fee_per_year, 0);
        assert_eq!(a.licence_from_year, 1);
        assert!(a.licence_source.is_empty());
        assert!(a.start_up.is_empty());
        assert_eq!(a.therapist_salary, 75_000_000);
    }

    #[test]
    fn an_mst_can_study_adds_the_crisis_caseworker_and_a_part_time_psychiatrist() {
        let a = default_assumptions(
            Country::NO,
            &ProgrammeModel::mst_can(),
            day("2027-01-01"),
            None,
        );
        assert_eq!(a.families_per_therapist_year, 5);
        let posts: Vec<(Position, u32)> = a.posts.iter().map(|p| (p.position, p.fte_bp)).collect();
        assert_eq!(
            posts,
            vec![
                (Position::Supervisor, 10_000),
                (Position::CrisisCaseworker, 10_000),
                (Position::Psychiatrist, 2_000),
            ]
        );
    }

    #[test]
    fn the_municipalitys_placement_cost_is_taken_with_its_assumption() {
        let placement = PlacementCost {
            country: Country::DK,
            municipality: code("0751"),
            year: 2026,
            currency: Currency::Dkk,
            yearly_cost: 110_000_000,
            assumed_months: 18,
            assumption: "Gennemsnit for anbringelser 2025".into(),
            set_at: Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap(),
            set_by: None,
        };
        let a = default_assumptions(
            Country::DK,
            &ProgrammeModel::mst(),
            day("2027-01-01"),
            Some(&placement),
        );
        assert_eq!(a.placement_cost_per_year, 110_000_000);
        assert_eq!(a.placement_months, 18);
        assert_eq!(a.placement_source, "Gennemsnit for anbringelser 2025");
    }

    #[test]
    fn every_default_passes_the_studys_own_check() {
        for country in [Country::DK, Country::NO] {
            for model in ProgrammeModel::defaults() {
                let a = default_assumptions(country, &model, day("2027-03-01"), None);
                let mut v = crate::error::Validator::new();
                crate::feasibility::check_assumptions(&mut v, &a);
                assert_eq!(v.finish(), Ok(()), "{country:?} {}", model.code);
            }
        }
    }
}
