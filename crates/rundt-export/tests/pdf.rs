//! The dashboard as PDF, read back through the fonts' ToUnicode maps with
//! the PDF crate's own test reader.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../rundt-pdf/tests/common/mod.rs"]
mod common;

use rundt_export::{
    Cell, Notation, PdfOptions, Report, Series, Table, TargetLine, TrendChart, pdf_file_name,
    report_to_pdf, report_to_pdf_with,
};

fn report() -> Report {
    Report {
        title: "Team results 2026".to_owned(),
        facts: vec![
            ("Scope".to_owned(), "MST Osterbro".to_owned()),
            ("Exported".to_owned(), "2026-11-25".to_owned()),
        ],
        tables: vec![Table {
            title: "Outcomes at discharge".to_owned(),
            columns: vec![
                "Team".to_owned(),
                "Goals met".to_owned(),
                "Families".to_owned(),
            ],
            rows: vec![
                vec![
                    Cell::Text("North".to_owned()),
                    Cell::Percent(87.5),
                    Cell::Integer(12),
                ],
                vec![
                    Cell::Text("South".to_owned()),
                    Cell::Empty,
                    Cell::Suppressed("< 5".to_owned()),
                ],
            ],
        }],
        charts: vec![TrendChart {
            title: "Goals met by quarter".to_owned(),
            periods: vec!["Q1".to_owned(), "Q2".to_owned()],
            series: vec![Series {
                label: "North".to_owned(),
                points: vec![Some(81.27), None],
            }],
            target: Some(TargetLine {
                value: 90.0,
                label: "Target 90 %".to_owned(),
            }),
            y_min: 0.0,
            y_max: 100.0,
            unit: "%".to_owned(),
        }],
        footer: "Rundt - 2026-11-25 - confidential".to_owned(),
    }
}

/// Every text run of every page, as a reader extracts it.
fn runs(pdf: &[u8]) -> Vec<String> {
    common::check_structure(pdf);
    common::pages(pdf)
        .into_iter()
        .flatten()
        .map(|r| r.text)
        .collect()
}

/// Asserts that each of `texts` is one text run of the PDF.
fn assert_shows(pdf: &[u8], texts: &[&str]) {
    let shown = runs(pdf);
    for text in texts {
        assert!(shown.iter().any(|r| r == text), "{text:?} in {shown:?}");
    }
}

#[test]
fn the_report_is_a_pdf_with_its_title() {
    let pdf = report_to_pdf(&report());
    assert!(pdf.starts_with(b"%PDF"));
    assert_shows(
        &pdf,
        &["Team results 2026", "Scope", "Outcomes at discharge"],
    );
}

#[test]
fn cells_read_as_people_write_them() {
    let pdf = report_to_pdf(&report());
    assert_shows(&pdf, &["87.5 %", "< 5", "–"]);
}

#[test]
fn a_chart_becomes_a_table_of_its_points_and_target() {
    let pdf = report_to_pdf(&report());
    assert_shows(
        &pdf,
        &[
            "Goals met by quarter",
            "Period",
            "Target 90 %",
            "81.3%",
            "90%",
        ],
    );
}

#[test]
fn every_page_has_the_footer_and_page_label() {
    let pdf = report_to_pdf(&report());
    assert_shows(&pdf, &["Rundt - 2026-11-25 - confidential", "Page 1 of 1"]);
    let options = PdfOptions {
        page_label: "Side {page} af {pages}".to_owned(),
        period_heading: "Periode".to_owned(),
        created: Some("D:20261125120000Z".to_owned()),
        author: None,
        notation: Notation::Comma,
    };
    let pdf = report_to_pdf_with(&report(), &options);
    assert_shows(&pdf, &["Side 1 af 1", "Periode"]);
    // A Danish reader gets decimal commas.
    assert_shows(&pdf, &["87,5 %", "81,3%"]);
    assert!(String::from_utf8_lossy(&pdf).contains("/CreationDate (D:20261125120000Z)"));
}

#[test]
fn money_prints_in_kroner_with_two_decimals_in_the_readers_notation() {
    let mut r = report();
    r.tables = vec![Table {
        title: "Placement costs".to_owned(),
        columns: vec!["Team".to_owned(), "Price".to_owned()],
        rows: vec![vec![
            Cell::Text("North".to_owned()),
            Cell::Money(29_900_005),
        ]],
    }];
    assert_shows(&report_to_pdf(&r), &["299000.05"]);
    let options = PdfOptions {
        notation: Notation::Comma,
        ..PdfOptions::default()
    };
    assert_shows(&report_to_pdf_with(&r, &options), &["299000,05"]);
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    assert_eq!(report_to_pdf(&report()), report_to_pdf(&report()));
}

#[test]
fn an_empty_report_does_not_panic() {
    let empty = Report {
        title: String::new(),
        facts: vec![],
        tables: vec![Table {
            title: String::new(),
            columns: vec![],
            rows: vec![],
        }],
        charts: vec![TrendChart {
            title: String::new(),
            periods: vec![],
            series: vec![],
            target: Some(TargetLine {
                value: f64::NAN,
                label: String::new(),
            }),
            y_min: 0.0,
            y_max: f64::NAN,
            unit: String::new(),
        }],
        footer: String::new(),
    };
    assert!(report_to_pdf(&empty).starts_with(b"%PDF"));
}

#[test]
fn the_file_name_is_an_ascii_slug() {
    assert_eq!(pdf_file_name("Team results 2026"), "team-results-2026.pdf");
}

#[test]
fn sami_and_nordic_names_print_as_written() {
    let mut r = report();
    r.facts.push((
        "Kommune".to_owned(),
        "Guovdageaidnu – Kautokeino".to_owned(),
    ));
    r.tables[0].rows[0][0] = Cell::Text("Máret Čuđiŋ Ŧoalli, Ærø".to_owned());
    let pdf = report_to_pdf(&r);
    assert_shows(
        &pdf,
        &["Guovdageaidnu – Kautokeino", "Máret Čuđiŋ Ŧoalli, Ærø"],
    );
}

#[test]
fn target_signs_and_ticks_are_printed_not_replaced() {
    let mut r = report();
    r.tables[0].rows.push(vec![
        Cell::Text("≥ 90 %".to_owned()),
        Cell::Text("✓ nået".to_owned()),
        Cell::Text("✗ ikke nået".to_owned()),
    ]);
    let pdf = report_to_pdf(&r);
    assert_shows(&pdf, &["≥ 90 %", "✓ nået", "✗ ikke nået"]);
}

#[test]
fn long_danish_headers_are_not_broken_mid_word() {
    let headers = [
        "Periode",
        "Udskrevne familier",
        "Gennemførte",
        "Bor hjemme",
        "I skole eller arbejde",
        "Ingen nye anholdelser",
        "Manglende engagement",
        "Anbragt",
        "Behandlingslængde",
        "Metodetroskab",
        "Familiernes oplevelse",
    ];
    let r = Report {
        title: "Resultater".to_owned(),
        facts: vec![],
        tables: vec![Table {
            title: "Udvikling".to_owned(),
            columns: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: vec![vec![Cell::Text("2026-K1".to_owned()); headers.len()]],
        }],
        charts: vec![],
        footer: String::new(),
    };
    let texts = runs(&report_to_pdf(&r));
    for word in [
        "Behandlingslængde",
        "Metodetroskab",
        "anholdelser",
        "engagement",
        "Gennemførte",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(word)),
            "{word} whole in {texts:?}"
        );
    }
}

#[test]
fn a_chart_below_zero_prints_its_values_with_their_sign() {
    let mut r = report();
    r.charts = vec![TrendChart {
        title: "Cumulative net".to_owned(),
        periods: vec!["Year 1".to_owned(), "Year 2".to_owned()],
        series: vec![Series {
            label: "Expected".to_owned(),
            points: vec![Some(-3.26), Some(0.5)],
        }],
        target: None,
        y_min: -4.0,
        y_max: 2.0,
        unit: " m".to_owned(),
    }];
    assert_shows(&report_to_pdf(&r), &["Cumulative net", "-3.3 m", "0.5 m"]);
    let options = PdfOptions {
        notation: Notation::Comma,
        ..PdfOptions::default()
    };
    assert_shows(&report_to_pdf_with(&r, &options), &["-3,3 m", "0,5 m"]);
}
