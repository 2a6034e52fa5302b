//! Serialisation of laid-out pages into a PDF file with `pdf-writer`:
//! page tree, content streams, document information and the embedded
//! fonts. Nothing here knows about layout.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::PageSize;
use crate::embed::{self, Glyphs};
use crate::font::Font;
use crate::marks::Mark;

/// Document information dictionary entries.
pub(crate) struct Info<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub created: Option<&'a str>,
}

/// A coordinate or size rounded to two decimals (a hundredth of a point is
/// far below what any printer resolves), and never `NaN` or infinite.
fn num(v: f32) -> f32 {
    if v.is_finite() {
        let rounded = (v * 100.0).round() / 100.0;
        if rounded == 0.0 { 0.0 } else { rounded }
    } else {
        0.0
    }
}

/// Control characters are dropped from info strings.
fn info_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// A printable-ASCII string (used for dates).
fn ascii(text: &str) -> Vec<u8> {
    text.bytes().filter(|b| (0x20..=0x7E).contains(b)).collect()
}

/// One page's content stream; records the glyphs it shows in `glyphs`.
fn content(marks: &[Mark], glyphs: &mut Glyphs) -> Vec<u8> {
    let mut c = Content::new();
    for mark in marks {
        match mark {
            Mark::Text {
                font,
                size,
                gray,
                at,
                text,
            } => {
                let codes = glyphs.encode(*font, text);
                if codes.is_empty() {
                    continue;
                }
                c.begin_text();
                c.set_fill_gray(num(*gray));
                c.set_font(Name(font.resource().as_bytes()), num(*size));
                c.next_line(num(at.0), num(at.1));
                c.show(Str(&codes));
                c.end_text();
            }
            Mark::Rule {
                from,
                to,
                width,
                gray,
            } => {
                c.set_stroke_gray(num(*gray));
                c.set_line_width(num(*width));
                c.move_to(num(from.0), num(from.1));
                c.line_to(num(to.0), num(to.1));
                c.stroke();
            }
            Mark::Fill { at, size, gray } => {
                c.set_fill_gray(num(*gray));
                c.rect(num(at.0), num(at.1), num(size.0), num(size.1));
                c.fill_nonzero();
                c.set_fill_gray(0.0);
            }
        }
    }
    c.finish().into_vec()
}

/// Writes the complete file: catalog 1, page tree 2, information 3, then
/// each page and its content stream, then the fonts the pages use.
pub(crate) fn write(pages: &[Vec<Mark>], size: PageSize, info: &Info<'_>) -> Vec<u8> {
    let mut ids = Ref::new(1);
    let catalog = ids.bump();
    let tree = ids.bump();
    let info_id = ids.bump();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (ids.bump(), ids.bump())).collect();

    let mut glyphs = Glyphs::default();
    let contents: Vec<Vec<u8>> = pages.iter().map(|p| content(p, &mut glyphs)).collect();
    let fonts: Vec<(Font, Ref)> = Font::ALL
        .into_iter()
        .filter(|f| glyphs.uses(*f))
        .map(|f| (f, ids.bump()))
        .collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 4);
    pdf.catalog(catalog).pages(tree);
    let media_box = Rect::new(0.0, 0.0, num(size.width), num(size.height));
    let count = i32::try_from(pages.len()).unwrap_or(i32::MAX);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(count)
        .media_box(media_box);

    let mut doc_info = pdf.document_info(info_id);
    doc_info.title(TextStr(&info_text(info.title)));
    doc_info.producer(TextStr("Rundt"));
    if let Some(author) = info.author {
        doc_info.author(TextStr(&info_text(author)));
    }
    if let Some(subject) = info.subject {
        doc_info.subject(TextStr(&info_text(subject)));
    }
    if let Some(created) = info.created {
        doc_info.pair(Name(b"CreationDate"), Str(&ascii(created)));
    }
    doc_info.finish();

    for ((page_id, content_id), stream) in page_ids.iter().zip(&contents) {
        let mut page = pdf.page(*page_id);
        page.parent(tree).media_box(media_box).contents(*content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (font, id) in &fonts {
            font_dict.pair(Name(font.resource().as_bytes()), *id);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_id, stream);
    }

    for (font, id) in &fonts {
        embed::write_font(&mut pdf, &mut ids, *id, *font, &glyphs);
    }

    let mut out = pdf.finish();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_and_finite() {
        assert_eq!(num(56.692_9), 56.69);
        assert_eq!(num(-0.001), 0.0);
        assert_eq!(num(f32::NAN), 0.0);
        assert_eq!(num(f32::INFINITY), 0.0);
    }

    #[test]
    fn info_strings_are_cleaned() {
        assert_eq!(info_text("a\u{0}b\nc"), "abc");
        assert_eq!(ascii("D:2026(ø)"), b"D:2026()".to_vec());
    }
}
