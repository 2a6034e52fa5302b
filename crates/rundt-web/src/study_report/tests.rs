//! The council report of a study two municipalities make together, built
//! from a projection written out by hand, read back from its PDF in Danish
//! and Norwegian.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../rundt-pdf/tests/common/mod.rs"]
mod pdf_text;

use chrono::{Months, NaiveDate, TimeZone, Utc};
use rundt_domain::country::Country;
use rundt_domain::feasibility::{
    Barrier, ByScenario, CostLine, PlanMonth, PlanYear, PostSalary, PotentialFigure, ReferralShare,
    StudyAssumptions, StudyVersion,
};
use rundt_domain::message::Message;
use rundt_domain::money::Currency;
use rundt_domain::msg;
use rundt_domain::team::{Ownership, Position};

use super::*;
use crate::i18n::Lang;

const DA: Tr = Tr(Lang::Da);
const NB: Tr = Tr(Lang::Nb);
const EN: Tr = Tr(Lang::En);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn code(c: &str) -> MunicipalityCode {
    MunicipalityCode::from_stored(c).unwrap()
}

fn names() -> Vec<(MunicipalityCode, String)> {
    vec![
        (code("0751"), "Aarhus".to_owned()),
        (code("0710"), "Favrskov".to_owned()),
    ]
}

fn figure(m: &str, measure: PotentialMeasure, count: u32, source: &str) -> PotentialFigure {
    PotentialFigure {
        municipality: code(m),
        measure,
        count,
        source: source.to_owned(),
        year: 2025,
    }
}

/// Aarhus (60 %) and Favrskov (40 %) plan MST Østjylland from March 2027,
/// worked out over three years.
fn study() -> Study {
    let document = StudyDocument {
        title: "MST Østjylland".to_owned(),
        team_name: "MST Østjylland".to_owned(),
        country: Country::DK,
        programme_model: "MST".to_owned(),
        currency: Currency::Dkk,
        municipalities: vec![
            Ownership {
                municipality_code: code("0751"),
                share_bp: 6_000,
            },
            Ownership {
                municipality_code: code("0710"),
                share_bp: 4_000,
            },
        ],
        potential: vec![
            figure("0710", PotentialMeasure::PlacedOutOfHome, 9, "Favrskov-sag"),
            figure("0751", PotentialMeasure::OffencesOrAtRisk, 140, "DST-2025"),
            figure(
                "0751",
                PotentialMeasure::PlacedOutOfHome,
                35,
                "Ankestyrelsen",
            ),
        ],
        referral_shares: vec![
            ReferralShare {
                measure: PotentialMeasure::OffencesOrAtRisk,
                share_bp: ByScenario {
                    low: 500,
                    expected: 1_000,
                    high: 1_500,
                },
            },
            ReferralShare {
                measure: PotentialMeasure::PlacedOutOfHome,
                share_bp: ByScenario {
                    low: 1_000,
                    expected: 1_250,
                    high: 2_000,
                },
            },
        ],
        barriers: vec![
            Barrier {
                text: "Behandlingskulturen".to_owned(),
                note: "Familieafdelingen visiterer til egne tilbud".to_owned(),
                owner: "Børnechefen".to_owned(),
                resolved: false,
            },
            Barrier {
                text: "Lokaler".to_owned(),
                note: "Aftalt med Favrskov".to_owned(),
                owner: "Direktøren".to_owned(),
                resolved: true,
            },
        ],
        assumptions: StudyAssumptions {
            starts_on: day(2027, 3, 1),
            years: 3,
            ramp_up_months: 6,
            families_per_therapist_year: 8,
            families_per_therapist_source: "MST-norm".to_owned(),
            therapist_salary: 62_000_000,
            posts: vec![
                PostSalary {
                    position: Position::Supervisor,
                    yearly: 72_000_000,
                    fte_bp: 10_000,
                },
                PostSalary {
                    position: Position::Psychiatrist,
                    yearly: 90_000_000,
                    fte_bp: 1_250,
                },
            ],
            salary_source: "KL-2026".to_owned(),
            licence_fee_per_year: 30_000_000,
            licence_from_year: 2,
            licence_source: "Prisliste-2027".to_owned(),
            start_up: vec![
                CostLine {
                    description: "Uddannelse".to_owned(),
                    amount: 45_000_000,
                    source: "Tilbud-MST".to_owned(),
                },
                CostLine {
                    description: "Tilskud".to_owned(),
                    amount: -20_000_000,
                    source: "Tilsagn-2026".to_owned(),
                },
            ],
            later_therapist_training: 3_500_000,
            travel_per_year: 5_000_000,
            overhead_bp: 1_250,
            placement_cost_per_year: 120_000_000,
            placement_months: 18,
            placement_source: "Ankestatistik".to_owned(),
            avoided_share_bp: ByScenario {
                low: 2_000,
                expected: 3_500,
                high: 5_000,
            },
            avoided_source: "VIVE-2023".to_owned(),
        },
    };
    Study {
        id: 7,
        status: StudyStatus::Draft,
        team_id: None,
        created_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
        created_by: None,
        current: StudyVersion {
            study_id: 7,
            version: 3,
            document,
            saved_at: Utc.with_ymd_and_hms(2026, 12, 1, 14, 30, 0).unwrap(),
            saved_by: None,
        },
        comments: vec![],
        approvals: vec![],
    }
}

/// A scenario of three years with these nets (øre), each year's cost 4
/// million kroner, the team growing from three therapists to `last`.
fn scenario(
    scenario: Scenario,
    nets: [Minor; 3],
    last: u8,
    warnings: Vec<Message>,
) -> ScenarioProjection {
    let start = day(2027, 3, 1);
    let months = (0..36u16)
        .map(|i| PlanMonth {
            month: start + Months::new(u32::from(i)),
            index: i + 1,
            referrals: 1.5 + f64::from(i) / 20.0,
            served: 1.5,
            unmet: f64::from(i) / 20.0,
            families_in_treatment: 6.0,
            therapists: if i < 12 { 3 } else { last },
            cost: 33_333_333,
            avoided_value: 20_000_000,
        })
        .collect();
    let mut cumulative = 0;
    let years: Vec<PlanYear> = nets
        .iter()
        .zip(1u8..)
        .map(|(net, year)| {
            cumulative += net;
            PlanYear {
                year,
                first_month: start + Months::new(12 * u32::from(year - 1)),
                referrals: 24.0,
                served: 20.5,
                unmet: 3.5,
                therapists_at_end: if year == 1 { 3 } else { last },
                staff_cost: 300_000_000,
                overhead: 37_500_000,
                licence_fee: 30_000_000,
                training: 0,
                travel: 5_000_000,
                cost: 400_000_000,
                avoided_placements: 4.5,
                avoided_value: 400_000_000 + net,
                net: *net,
                cumulative_net: cumulative,
            }
        })
        .collect();
    let break_even_year = years.iter().find(|y| y.cumulative_net >= 0).map(|y| y.year);
    ScenarioProjection {
        scenario,
        families_per_year: 24.0,
        therapists_needed: f64::from(last) - 0.4,
        months,
        years,
        break_even_year,
        warnings,
    }
}

/// A warning of the low scenario (the projection's own codes are the
/// rules' business; any message is printed the same way).
fn warning() -> Message {
    msg!("study-over-capacity", families = 5u32, max = 4u32)
}

/// Given high first: the report orders low, expected, high.
fn projection() -> StudyProjection {
    StudyProjection {
        scenarios: vec![
            scenario(
                Scenario::High,
                [-150_000_000, 250_000_000, 400_000_000],
                4,
                vec![],
            ),
            scenario(
                Scenario::Low,
                [-250_000_000, -50_000_000, 20_000_000],
                3,
                vec![warning()],
            ),
            scenario(
                Scenario::Expected,
                [-200_000_000, 150_000_000, 300_000_000],
                4,
                vec![],
            ),
        ],
    }
}

fn with_input<T>(f: impl FnOnce(&StudyReportInput) -> T) -> T {
    let (study, projection, names) = (study(), projection(), names());
    f(&StudyReportInput {
        study: &study,
        projection: &projection,
        municipality_names: &names,
        model_name: "MST",
        exported_on: day(2026, 12, 5),
    })
}

/// The PDF's text, every run on its own line.
fn pdf_text(tr: Tr) -> String {
    let pdf = with_input(|input| study_report_pdf(tr, input));
    assert!(pdf.starts_with(b"%PDF"));
    pdf_text::check_structure(&pdf);
    pdf_text::page_texts(&pdf).join("\n")
}

fn assert_shows(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} missing from:\n{text}");
    }
}

#[test]
fn the_danish_council_report_prints_both_municipalities_every_source_and_the_break_even() {
    let text = pdf_text(DA);
    assert_shows(
        &text,
        &[
            "MST Østjylland",
            "Aarhus (60 %), Favrskov (40 %)",
            "Aarhus",
            "Favrskov",
            // Every source of the potential and the assumptions.
            "DST-2025",
            "Ankestyrelsen",
            "Favrskov-sag",
            "MST-norm",
            "KL-2026",
            "Prisliste-2027",
            "Tilbud-MST",
            "Tilsagn-2026",
            "Ankestatistik",
            "VIVE-2023",
            // The scenarios, by their Danish words.
            "Lav",
            "Forventet",
            "Høj",
            "Tjener sig hjem, forventet",
            "i år 3 (fra 01.03.2029)",
            "i år 2 (fra 01.03.2028)",
            "ikke inden for 3 år",
            // The low scenario's cumulative net after year 2, in kroner.
            "-3000000,00",
            "Forudsætninger og kilder",
            "Barrierer",
            "Behandlingskulturen",
            "Børnechefen",
            "Under arbejde",
            "Side 1 af",
        ],
    );
    // The low scenario's warning, as the catalogue says it.
    assert_shows(
        &text,
        &["omkring 5 familier om året flere, end ét team med 4"],
    );
    // The chart as a table of its points, in millions.
    assert_shows(&text, &["År 1", "-2,5 mio. kr.", "5 mio. kr."]);
}

#[test]
fn the_norwegian_council_report_is_in_bokmaal() {
    let text = pdf_text(NB);
    assert_shows(
        &text,
        &[
            "Aarhus",
            "Favrskov",
            "VIVE-2023",
            "KL-2026",
            "Lav",
            "Forventet",
            "Høy",
            "Går i balanse, forventet",
            "i år 3 (fra 01.03.2029)",
            "ikke innen 3 år",
            "-3000000,00",
            "Forutsetninger og kilder",
            "Kommuner og eierandeler",
            "mill. kr",
        ],
    );
    assert!(!text.contains("Tjener sig hjem"));
}

#[test]
fn the_facts_name_the_study_its_version_and_the_therapists_of_each_scenario() {
    let report = with_input(|input| study_report(DA, input));
    assert_eq!(report.title, "MST Østjylland");
    let fact = |label: &str| {
        report
            .facts
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{label} in {:?}", report.facts))
    };
    assert_eq!(fact("Program"), "MST");
    assert_eq!(fact("Teamets navn"), "MST Østjylland");
    assert_eq!(fact("Teamet starter"), "01.03.2027");
    assert_eq!(fact("Version"), "3, gemt 01.12.2026");
    assert_eq!(fact("Beløb i"), "DKK");
    assert_eq!(
        fact("Terapeuter, forventet"),
        "3,6 ved fuldt niveau; 4 i stilling ved udgangen af år 3"
    );
    assert_eq!(fact("Tjener sig hjem, lav"), "ikke inden for 3 år");
    assert!(
        report
            .footer
            .starts_with("Rundt – MST Østjylland – version 3")
    );
}

#[test]
fn every_table_is_rectangular_and_the_scenarios_come_low_expected_high() {
    let tables = with_input(|input| study_tables(DA, input));
    let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Scenarierne side om side",
            "År for år, lav",
            "År for år, forventet",
            "År for år, høj",
            "Potentialet",
            "Forventet andel visiteret om året",
            "Barrierer",
            "Forudsætninger og kilder",
            "Bemandingsplan måned for måned",
            "Kommunernes andele",
        ]
    );
    for t in &tables {
        assert!(t.columns.iter().all(|c| !c.is_empty()), "{}", t.title);
        for row in &t.rows {
            assert_eq!(row.len(), t.columns.len(), "{}", t.title);
        }
    }
    let summary = &tables[0];
    let firsts: Vec<&Cell> = summary.rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        firsts,
        [
            &Cell::Text("Lav".into()),
            &Cell::Text("Forventet".into()),
            &Cell::Text("Høj".into())
        ]
    );
    // Low: cumulative net -2.8 million at the end, never breaking even.
    assert_eq!(summary.rows[0][6], Cell::Money(-280_000_000));
    assert_eq!(summary.rows[0][7], Cell::Text("ikke inden for 3 år".into()));
    assert_eq!(summary.rows[1][1], Cell::Number(24.0, 1));
    // Year by year: money as money, fractional families with a decimal.
    // Each municipality's part of each scenario, by its share.
    let parts = &tables[9];
    assert_eq!(parts.rows.len(), 6, "two municipalities, three scenarios");
    let expected = &tables[2];
    assert_eq!(expected.rows.len(), 3);
    assert_eq!(expected.rows[1][0], Cell::Integer(2));
    assert_eq!(expected.rows[1][3], Cell::Number(3.5, 1));
    assert_eq!(expected.rows[1][9], Cell::Money(-50_000_000));
}

#[test]
fn the_ramp_has_a_row_a_month_with_each_scenarios_therapists_referrals_and_cost() {
    let tables = with_input(|input| study_tables(EN, input));
    let ramp = tables
        .iter()
        .find(|t| t.title.starts_with("Staffing"))
        .unwrap();
    assert_eq!(
        ramp.columns,
        [
            "Month",
            "Therapists, low",
            "Therapists, expected",
            "Therapists, high",
            "Referrals, low",
            "Referrals, expected",
            "Referrals, high",
            "Cost, low",
            "Cost, expected",
            "Cost, high",
        ]
    );
    assert_eq!(ramp.rows.len(), 36);
    assert_eq!(ramp.rows[0][0], Cell::Text("2027-03".into()));
    assert_eq!(ramp.rows[12][0], Cell::Text("2028-03".into()));
    assert_eq!(
        &ramp.rows[12][1..4],
        &[Cell::Integer(3), Cell::Integer(4), Cell::Integer(4)]
    );
    assert_eq!(ramp.rows[0][4], Cell::Number(1.5, 1));
    assert_eq!(ramp.rows[0][9], Cell::Money(33_333_333));
}

#[test]
fn the_potential_goes_by_municipality_in_the_studys_order_with_source_and_year() {
    let tables = with_input(|input| study_tables(DA, input));
    let potential = &tables[4];
    assert_eq!(
        potential.rows[0],
        vec![
            Cell::Text("Aarhus".into()),
            Cell::Text("Unge med kriminalitet eller i risiko for kriminalitet".into()),
            Cell::Integer(140),
            Cell::Text("DST-2025".into()),
            Cell::Integer(2025),
        ]
    );
    assert_eq!(potential.rows[2][0], Cell::Text("Favrskov".into()));
    let shares = &tables[5];
    assert_eq!(shares.columns, ["Mål", "Lav", "Forventet", "Høj"]);
    assert_eq!(shares.rows[1][2], Cell::Percent(12.5));
}

#[test]
fn every_assumption_is_listed_with_its_value_and_source() {
    let tables = with_input(|input| study_tables(DA, input));
    let assumptions = &tables[7];
    let row = |label: &str| {
        assumptions
            .rows
            .iter()
            .find(|r| r[0] == Cell::Text(label.to_owned()))
            .unwrap_or_else(|| panic!("{label} in {:?}", assumptions.rows))
    };
    assert_eq!(
        row("Årsløn inkl. omkostninger: Psykiater (12,5 % af fuld tid)")[1..],
        [Cell::Money(90_000_000), Cell::Text("KL-2026".into())]
    );
    assert_eq!(
        row("Opstart: Tilskud")[1..],
        [Cell::Money(-20_000_000), Cell::Text("Tilsagn-2026".into())]
    );
    assert_eq!(
        row("Licensen betales fra undersøgelsesår")[1],
        Cell::Integer(2)
    );
    assert_eq!(
        row("Andel af de modtagne familier, hvor en anbringelse forebygges, forventet")[1..],
        [Cell::Percent(35.0), Cell::Text("VIVE-2023".into())]
    );
    assert_eq!(
        row("Administration (overhead), andel af lønudgiften")[1],
        Cell::Percent(12.5)
    );
    assert_eq!(
        row("Måneder en forebygget anbringelse ville have varet")[1],
        Cell::Integer(18)
    );
    assert_eq!(row("Rejser om året")[1], Cell::Money(5_000_000));
    assert_eq!(assumptions.rows.len(), 19);
}

#[test]
fn the_warnings_follow_the_scenarios_side_by_side_in_the_report() {
    let report = with_input(|input| study_report(NB, input));
    let warnings = &report.tables[1];
    assert_eq!(warnings.title, "Advarsler");
    assert_eq!(
        warnings.rows,
        vec![vec![
            Cell::Text("Lav".into()),
            Cell::Text(NB.message(&warning()))
        ]]
    );
    // Without warnings the facts say there are none, and no table is added.
    let (study, names) = (study(), names());
    let mut quiet = projection();
    for s in &mut quiet.scenarios {
        s.warnings.clear();
    }
    let report = study_report(
        NB,
        &StudyReportInput {
            study: &study,
            projection: &quiet,
            municipality_names: &names,
            model_name: "MST",
            exported_on: day(2026, 12, 5),
        },
    );
    assert!(report.tables.iter().all(|t| t.title != "Advarsler"));
    assert!(
        report
            .facts
            .contains(&("Advarsler".to_owned(), "Ingen".to_owned()))
    );
}

#[test]
fn the_chart_shows_cumulative_net_in_millions_on_an_axis_rounded_outward() {
    let chart = study_chart(DA, &projection());
    assert_eq!(chart.periods, ["År 1", "År 2", "År 3"]);
    let labels: Vec<&str> = chart.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Lav", "Forventet", "Høj"]);
    assert_eq!(chart.series[0].points, [Some(-2.5), Some(-3.0), Some(-2.8)]);
    assert_eq!(chart.series[2].points, [Some(-1.5), Some(1.0), Some(5.0)]);
    // From -3 to 5: steps of 2, so -4 to 6.
    assert_eq!((chart.y_min, chart.y_max), (-4.0, 6.0));
    assert_eq!(chart.unit, " mio. kr.");
    let svg = rundt_export::trend_svg(&chart);
    assert!(svg.contains("data-zero"));
    assert_eq!(study_chart(NB, &projection()).unit, " mill. kr");
}

#[test]
fn an_axis_of_only_gains_or_nothing_still_starts_at_zero() {
    assert_eq!(rounded_outward([0.3, 1.7].into_iter()), (0.0, 2.0));
    assert_eq!(rounded_outward([-12.0, -3.0].into_iter()), (-12.5, 0.0));
    assert_eq!(rounded_outward(std::iter::empty()), (0.0, 1.0));
    assert_eq!(rounded_outward([f64::NAN].into_iter()), (0.0, 1.0));
}

#[test]
fn the_tables_make_a_workbook_with_a_sheet_each() {
    let tables = with_input(|input| study_tables(NB, input));
    let xlsx = rundt_export::tables_to_xlsx(&tables).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    assert!(xlsx.len() > 1_000);
}

#[test]
fn the_file_is_named_after_the_study_and_its_version() {
    let name = with_input(|input| study_report_pdf_name(DA, input));
    assert_eq!(name, "forundersoegelse-mst-oestjylland-version-3.pdf");
    let stem = with_input(|input| study_file_stem(NB, input));
    assert_eq!(stem, "mulighetsstudie MST Østjylland versjon 3");
    assert_eq!(
        rundt_export::xlsx_file_name(&stem),
        "mulighetsstudie-mst-oestjylland-versjon-3.xlsx"
    );
}

#[test]
fn every_word_of_the_report_is_there_in_all_three_languages() {
    for tr in [DA, NB, EN] {
        let report = with_input(|input| study_report(tr, input));
        for (label, value) in &report.facts {
            assert!(
                !label.is_empty() && !value.is_empty(),
                "{label:?} {value:?}"
            );
        }
        for t in &report.tables {
            assert!(!t.title.is_empty());
        }
        for m in [
            PotentialMeasure::OffencesOrAtRisk,
            PotentialMeasure::SchoolDropout,
            PotentialMeasure::PlacedOutOfHome,
        ] {
            assert!(!measure_word(tr, m).is_empty());
        }
    }
}
