//! Structural checks of the generated files, with no external tools.

mod common;

use common::{check_structure, page_texts, pages};
use rundt_pdf::{Document, PageSize};

fn rows(n: usize) -> Vec<Vec<String>> {
    (1..=n)
        .map(|i| {
            vec![
                format!("Row {i}"),
                format!("Value {i}"),
                "Note with a few words in it".to_owned(),
            ]
        })
        .collect()
}

#[test]
fn empty_document_is_a_valid_single_page() {
    let pdf = Document::new("").finish();
    assert_eq!(check_structure(&pdf), 1);
    let texts = page_texts(&pdf);
    assert_eq!(texts, vec!["Page 1 of 1".to_owned()]);
}

#[test]
fn info_dictionary_has_title_producer_and_date() {
    let pdf = Document::new("Å").created("D:20261125120000Z").finish();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Title <FEFF00C5>"));
    assert!(text.contains("/Producer (Rundt)"));
    assert!(text.contains("/CreationDate (D:20261125120000Z)"));
    assert!(text.contains("/Info 3 0 R"));
    // Both fonts are embedded subsets with Identity-H codes and a ToUnicode map.
    assert_eq!(text.matches("/Subtype /Type0").count(), 2);
    assert_eq!(text.matches("/Encoding /Identity-H").count(), 2);
    assert_eq!(text.matches("/ToUnicode").count(), 2);
    assert_eq!(text.matches("/FontFile2").count(), 2);
    assert!(text.contains("+DejaVuSans\n"));
    assert!(text.contains("+DejaVuSans-Bold\n"));
    // No creation date unless one is given.
    assert!(!String::from_utf8_lossy(&Document::new("x").finish()).contains("/CreationDate"));
}

fn sample() -> Vec<u8> {
    let mut doc = Document::new("Rapport").created("D:20260101000000Z");
    doc.footer_text("Fod");
    doc.heading("Første", 1)
        .paragraph("Tekst med æøå.")
        .key_values(&[("A", "B")]);
    doc.table(&["A", "B", "C"], &rows(120), &[0.2, 0.3, 0.5]);
    doc.finish()
}

#[test]
fn output_is_deterministic() {
    assert_eq!(sample(), sample());
}

#[test]
fn content_is_seven_bit_clean() {
    for stream in common::content_streams(&sample()) {
        assert!(
            stream
                .iter()
                .all(|&b| b == b'\n' || (0x20..0x7F).contains(&b))
        );
    }
}

#[test]
fn long_table_paginates_with_repeated_header_and_page_labels() {
    let mut doc = Document::new("Tabel");
    doc.table(
        &["Header A", "Header B", "Header C"],
        &rows(200),
        &[1.0, 1.0, 2.0],
    );
    assert!(doc.page_count() >= 3);
    let expected_pages = doc.page_count();
    let pdf = doc.finish();
    let count = check_structure(&pdf);
    assert_eq!(count, expected_pages);

    let texts = page_texts(&pdf);
    assert_eq!(texts.len(), count);
    for (i, text) in texts.iter().enumerate() {
        assert!(text.contains("Header A"), "header on page {}", i + 1);
        assert!(
            text.ends_with(&format!("Page {} of {count}", i + 1)),
            "label on page {}",
            i + 1
        );
    }
    // Every row appears exactly once, in order.
    let all: Vec<String> = pages(&pdf)
        .into_iter()
        .flatten()
        .map(|r| r.text)
        .filter(|t| t.starts_with("Row "))
        .collect();
    let expected: Vec<String> = (1..=200).map(|i| format!("Row {i}")).collect();
    assert_eq!(all, expected);
}

#[test]
fn text_stays_inside_the_margins() {
    let margin = 20.0 * rundt_pdf::MM;
    let mut doc = Document::new("Margins");
    doc.paragraph(&"lorem ipsum dolor sit amet ".repeat(300));
    doc.table(&["x"; 5], &[vec!["W".repeat(300); 5]], &[]);
    let pdf = doc.finish();
    check_structure(&pdf);
    let (w, h) = (PageSize::A4_PORTRAIT.width, PageSize::A4_PORTRAIT.height);
    for page in pages(&pdf) {
        for run in page {
            let font = if run.font == "F2" {
                rundt_pdf::Font::Bold
            } else {
                rundt_pdf::Font::Regular
            };
            let width = font.text_width(&run.text, run.size);
            assert!(run.x >= margin - 0.01, "{run:?}");
            assert!(
                run.x + width <= w - margin + 0.02,
                "{run:?} is {width} wide"
            );
            if !run.text.starts_with("Page ") {
                assert!(run.y >= margin && run.y <= h - margin, "{run:?}");
            }
        }
    }
}

#[test]
fn row_taller_than_a_page_is_split() {
    let huge = "ord ".repeat(5000);
    let mut doc = Document::new("Stor celle");
    doc.table(
        &["Kolonne"],
        &[vec![huge.clone()], vec!["efter".to_owned()]],
        &[1.0],
    );
    let pdf = doc.finish();
    let count = check_structure(&pdf);
    assert!(count > 2);
    let words: usize = pages(&pdf)
        .iter()
        .flatten()
        .filter(|r| r.font == "F1" && r.text.starts_with("ord"))
        .map(|r| r.text.split(' ').count())
        .sum();
    assert_eq!(words, 5000);
    assert!(page_texts(&pdf).last().unwrap().contains("efter"));
}

#[test]
fn headings_are_kept_with_following_text() {
    let mut doc = Document::new("");
    // 36 paragraphs (19 pt each) leave about 44 pt: room for the heading
    // line itself, but not for the heading plus three lines of text.
    for _ in 0..36 {
        doc.paragraph("linje");
    }
    doc.heading("Overskrift", 2).paragraph("brødtekst");
    let pdf = doc.finish();
    let texts = page_texts(&pdf);
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[0].matches("linje").count(), 36);
    assert!(texts[1].starts_with("Overskrift\nbrødtekst"), "{texts:?}");
}

/// A small deterministic generator so the fuzz test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Æ",
            "ø",
            "å",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\t",
            "\u{0}",
            "\u{1b}",
            "\u{7f}",
            "\u{9c}",
            "(",
            ")",
            "\\",
            "–",
            "—",
            "“",
            "”",
            "’",
            "•",
            "€",
            "中",
            "😀",
            "e\u{301}",
            "\u{30A}",
            "\u{AD}",
            "\u{200B}",
            "\u{FEFF}",
            "Supercalifragilisticexpialidocious",
            "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
            "%%EOF",
            "endstream",
        ];
        let len = self.below(40);
        (0..len).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }

    fn float(&mut self) -> f32 {
        const VALUES: &[f32] = &[
            0.0,
            -1.0,
            1.0,
            0.5,
            3.0,
            1e-9,
            1e30,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            500.0,
            2000.0,
        ];
        VALUES[self.below(VALUES.len())]
    }
}

#[test]
fn arbitrary_input_never_panics_and_stays_valid() {
    let mut rng = Lcg(42);
    for round in 0..150 {
        let size = if round % 5 == 0 {
            PageSize {
                width: rng.float(),
                height: rng.float(),
            }
        } else {
            PageSize::default()
        };
        let mut doc = Document::with_page_size(&rng.string(), size).created(&rng.string());
        for _ in 0..rng.below(25) {
            match rng.below(8) {
                0 => {
                    let level = u8::try_from(rng.below(256)).unwrap();
                    doc.heading(&rng.string(), level);
                }
                1 => {
                    doc.paragraph(&rng.string().repeat(rng.below(30)));
                }
                2 => {
                    let pairs: Vec<(String, String)> = (0..rng.below(6))
                        .map(|_| (rng.string(), rng.string()))
                        .collect();
                    doc.key_values(&pairs);
                }
                3 => {
                    let headers: Vec<String> = (0..rng.below(12)).map(|_| rng.string()).collect();
                    let rows: Vec<Vec<String>> = (0..rng.below(40))
                        .map(|_| (0..rng.below(14)).map(|_| rng.string()).collect())
                        .collect();
                    let fractions: Vec<f32> = (0..rng.below(14)).map(|_| rng.float()).collect();
                    doc.table(&headers, &rows, &fractions);
                }
                4 => {
                    doc.spacer(rng.float());
                }
                5 => {
                    doc.footer_text(&rng.string().repeat(rng.below(10)));
                }
                6 => {
                    doc.page_label(&rng.string());
                }
                _ => {
                    doc.page_break();
                }
            }
        }
        let expected = doc.page_count();
        let pdf = doc.finish();
        assert_eq!(check_structure(&pdf), expected, "round {round}");
        assert_eq!(pages(&pdf).len(), expected);
    }
}
