//! Text round-trips through the built-in content-stream extractor.

mod common;

use common::{check_structure, page_texts, pages};
use rundt_pdf::Document;

#[test]
fn nordic_letters_and_typography_round_trip() {
    let title = "Udskrivningsrapport – Æblegrød på Østerbro, Ålborg";
    let body = "Café Über: “citat” ‘enkelt’ – kort — lang • punkt 12 € æøå ÆØÅ";
    let mut doc = Document::new(title);
    doc.paragraph(body);
    let pdf = doc.finish();
    check_structure(&pdf);
    let runs = &pages(&pdf)[0];
    // The 18 pt bold title may take two lines; together they are the title.
    let title_runs: Vec<_> = runs.iter().filter(|r| r.size == 18.0).collect();
    assert!(title_runs.iter().all(|r| r.font == "F2"));
    let shown: Vec<&str> = title_runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(shown.join(" "), title);
    let body_run = &runs[title_runs.len()];
    assert_eq!(body_run.text, body);
    assert_eq!(body_run.size, 10.0);
}

#[test]
fn escaping_replacement_and_control_stripping() {
    let mut doc = Document::new("");
    doc.paragraph("(parens) and \\backslash\\ ) (");
    doc.paragraph("中文 😀 ok");
    doc.paragraph("bell\u{7} esc\u{1b} nul\u{0} del\u{7f} c1\u{85}x");
    doc.paragraph("Norsk: A\u{30A}se o\u{308}l");
    let pdf = doc.finish();
    check_structure(&pdf);
    let text = &page_texts(&pdf)[0];
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "(parens) and \\backslash\\ ) (");
    // The fonts lack Chinese but have the common emoji.
    assert_eq!(lines[1], "?? 😀 ok");
    // U+0085 (NEL) is a line break, the other controls vanish.
    assert_eq!(lines[2], "bell esc nul del c1");
    assert_eq!(lines[3], "x");
    assert_eq!(lines[4], "Norsk: Åse öl");
}

#[test]
fn sami_names_round_trip() {
    let name = "Máret Čuđiŋ Ŧoalli";
    let mut doc = Document::new("Udskrivningsrapport");
    doc.key_values(&[("Ung person", name)]);
    doc.heading(&format!("Mål for {name}"), 2);
    doc.table(&["Navn"], &[vec![name.to_owned()]], &[1.0]);
    doc.paragraph("æ ø å Æ Ø Å · č đ ŋ š ŧ ž Č Đ Ŋ Š Ŧ Ž");
    let pdf = doc.finish();
    check_structure(&pdf);
    let texts: Vec<String> = pages(&pdf)[0].iter().map(|r| r.text.clone()).collect();
    assert_eq!(texts.iter().filter(|t| *t == name).count(), 2, "{texts:?}");
    assert!(texts.contains(&format!("Mål for {name}")), "{texts:?}");
    assert!(texts.contains(&"æ ø å Æ Ø Å · č đ ŋ š ŧ ž Č Đ Ŋ Š Ŧ Ž".to_owned()));
}

#[test]
fn headings_key_values_and_footer() {
    let mut doc = Document::new("Titel");
    doc.footer_text("Rundt – fortroligt");
    doc.page_label("Side {page} af {pages}");
    doc.heading("Niveau 1", 1)
        .heading("Niveau 2", 2)
        .heading("Niveau 9", 9);
    doc.key_values(&[("Familie", "Hansen"), ("Kommune", "Bærum")]);
    let pdf = doc.finish();
    let runs = &pages(&pdf)[0];
    let find = |t: &str| {
        runs.iter()
            .find(|r| r.text == t)
            .unwrap_or_else(|| panic!("{t} missing: {runs:?}"))
    };
    assert_eq!(
        (find("Niveau 1").size, find("Niveau 1").font.as_str()),
        (14.0, "F2")
    );
    assert_eq!(find("Niveau 2").size, 12.0);
    assert_eq!(find("Niveau 9").size, 12.0);
    let (label, value) = (find("Familie"), find("Hansen"));
    assert_eq!(label.font, "F2");
    assert_eq!(value.font, "F1");
    assert_eq!(label.y, value.y);
    assert!(value.x > label.x);
    assert!(find("Bærum").y < value.y);
    assert!(find("Rundt – fortroligt").size < 10.0);
    find("Side 1 af 1");
}

#[test]
fn long_words_are_broken() {
    let word = "Æ".repeat(400);
    let mut doc = Document::new("");
    doc.paragraph(&word);
    let pdf = doc.finish();
    let runs = &pages(&pdf)[0];
    let body: Vec<&str> = runs
        .iter()
        .filter(|r| r.text.starts_with('Æ'))
        .map(|r| r.text.as_str())
        .collect();
    assert!(body.len() > 3);
    assert_eq!(body.concat(), word);
}

#[test]
fn footer_is_shortened_to_fit() {
    let mut doc = Document::new("");
    doc.footer_text(&"lang fodnote ".repeat(100));
    let pdf = doc.finish();
    let runs = &pages(&pdf)[0];
    let footer = runs.iter().find(|r| r.text.starts_with("lang")).unwrap();
    assert!(footer.text.ends_with('…'));
    assert!(footer.text.len() < 400);
}

#[test]
fn bullets_hang_their_continuation_lines() {
    let mut doc = Document::new("");
    doc.bullets(&["kort", &"lang tekst ".repeat(40)]);
    let pdf = doc.finish();
    let runs = &pages(&pdf)[0];
    let bullets: Vec<_> = runs.iter().filter(|r| r.text == "•").collect();
    assert_eq!(bullets.len(), 2);
    let texts: Vec<_> = runs
        .iter()
        .filter(|r| r.text.starts_with("lang") || r.text == "kort")
        .collect();
    assert!(texts.len() >= 3);
    assert!(
        texts
            .iter()
            .all(|r| r.x > bullets[0].x && r.x == texts[0].x)
    );
}
