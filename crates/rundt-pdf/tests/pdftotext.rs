//! Round-trips through poppler's `pdftotext`, an independent reader. Skipped
//! (with a note) when the tool is not installed, except on CI (`CI=true`),
//! where a missing tool fails the test: `.ci/run` installs poppler-utils.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write as _;
use std::process::Command;

use rundt_pdf::Document;

fn pdftotext_available() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is required on CI (apt-get install poppler-utils)"
        );
        eprintln!("note: pdftotext not found (apt-get install poppler-utils); skipping");
    }
    ok
}

/// The text poppler reads from `pdf`, with `extra` options; the PDF passes
/// through a temporary file named after `name`.
fn read_back(name: &str, pdf: &[u8], extra: &[&str]) -> String {
    let path = std::env::temp_dir().join(format!("rundt-pdf-{}-{name}.pdf", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(extra)
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts that poppler's text has each of `expected`.
fn assert_reads(text: &str, expected: &[&str]) {
    for part in expected {
        assert!(text.contains(part), "{part:?} in {text}");
    }
}

#[test]
fn nordic_title_round_trips() {
    if !pdftotext_available() {
        return;
    }
    let title = "Udskrivningsrapport – Æblegrød på Østerbro, Ålborg";
    let mut doc = Document::new(title);
    doc.paragraph("“Citat” – ’apostrof’ • 12 € é ü æøå ÆØÅ (parentes) \\");
    let text = read_back("title", &doc.finish(), &[]);
    // The 18 pt title may wrap; its words must all come back in order.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(title), "{text}");
    assert_reads(
        &text,
        &[
            "“Citat” – ’apostrof’ • 12 € é ü æøå ÆØÅ (parentes) \\",
            "Page 1 of 1",
        ],
    );
}

#[test]
fn a_discharge_report_for_a_sami_family_renders_the_letters() {
    if !pdftotext_available() {
        return;
    }
    let name = "Máret Čuđiŋ Ŧoalli";
    let mut doc = Document::new("Udskrivningsrapport").created("D:20261125120000Z");
    doc.footer_text("Rundt · MST Tromsø · Fortroligt");
    doc.page_label("Side {page} af {pages}");
    doc.key_values(&[
        ("Ung person", name),
        ("Team", "MST Tromsø"),
        ("Henvist af", "Kárášjohka"),
    ]);
    doc.heading("Mål ved udskrivning", 1);
    doc.table(
        &["Mål", "Måling", "Resultat"],
        &[vec![
            format!("{name} går i skole"),
            "Fremmøde".to_owned(),
            "Nået".to_owned(),
        ]],
        &[0.4, 0.4, 0.2],
    );
    doc.paragraph("Æblegrød på Østerbro, Ålborg: æ ø å Æ Ø Å.");
    let text = read_back("sami", &doc.finish(), &[]);
    assert_reads(
        &text,
        &[
            name,
            &format!("{name} går i skole"),
            "Kárášjohka",
            "Æblegrød på Østerbro, Ålborg: æ ø å Æ Ø Å.",
            "Side 1 af 1",
        ],
    );
}

#[test]
fn long_table_spans_several_pages() {
    if !pdftotext_available() {
        return;
    }
    let rows: Vec<Vec<String>> = (1..=200)
        .map(|i| {
            vec![
                format!("Række {i}"),
                format!("Sted {i}"),
                "Hjemmebesøg med forældrene".to_owned(),
            ]
        })
        .collect();
    let mut doc = Document::new("Sessioner");
    doc.page_label("Side {page} af {pages}");
    doc.table(&["Nummer", "Sted", "Indhold"], &rows, &[0.2, 0.3, 0.5]);
    let pdf = doc.finish();
    let text = read_back("table", &pdf, &["-layout"]);
    let bbox = read_back("table", &pdf, &["-bbox"]);

    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Nummer"), "header repeated on page {}", i + 1);
        assert!(page.contains(&format!("Side {} af {total}", i + 1)));
    }
    assert!(pages[0].contains("Række 1 "));
    assert!(pages[total - 1].contains("Række 200"));
    for i in 1..=200 {
        assert_eq!(text.matches(&format!("Række {i} ")).count(), 1, "row {i}");
    }

    // Poppler measures words with the embedded font's widths: every word
    // must lie inside the left and right margins.
    let margin = 20.0 * rundt_pdf::MM;
    let width = rundt_pdf::PageSize::A4_PORTRAIT.width;
    let attr = |line: &str, key: &str| -> f32 {
        let at = line.find(key).unwrap() + key.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = 0;
    for line in bbox
        .lines()
        .filter(|l| l.trim_start().starts_with("<word "))
    {
        words += 1;
        assert!(attr(line, "xMin") >= margin - 0.5, "{line}");
        assert!(attr(line, "xMax") <= width - margin + 0.5, "{line}");
    }
    assert!(words > 1000);
}
