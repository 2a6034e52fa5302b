//! Serialisation of laid-out pages into a PDF 1.4 file: objects, cross
//! reference table and trailer. Nothing here knows about layout.

use std::fmt::Write as _;

use crate::PageSize;
use crate::metrics::Font;

/// Document information dictionary entries.
pub(crate) struct Info<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub created: Option<&'a str>,
}

/// Formats a coordinate or size with at most two decimals, without
/// trailing zeros, and never as `-0` or `NaN`.
pub(crate) fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{v:.2}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Appends WinAnsi bytes as a PDF literal string. Parentheses and
/// backslashes are escaped; bytes outside printable ASCII are written as
/// octal escapes so content streams stay 7-bit clean.
pub(crate) fn push_literal(out: &mut String, bytes: &[u8]) {
    out.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7E => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
}

/// A PDF text string for the info dictionary: UTF-16BE with byte order mark,
/// as a hex string, so any Unicode title survives. Control characters are
/// dropped.
fn utf16_hex(text: &str) -> String {
    let mut out = String::from("<FEFF");
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    for unit in clean.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// A printable-ASCII literal string (used for dates).
fn ascii_literal(text: &str) -> String {
    let bytes: Vec<u8> = text
        .chars()
        .filter_map(|c| u8::try_from(u32::from(c)).ok())
        .filter(|b| (0x20..=0x7E).contains(b))
        .collect();
    let mut out = String::new();
    push_literal(&mut out, &bytes);
    out
}

const CATALOG: usize = 1;
const PAGES: usize = 2;
const FONT_REGULAR: usize = 3;
const FONT_BOLD: usize = 4;
const INFO: usize = 5;
const FIRST_PAGE: usize = 6;

/// Writes the complete file. Page `i` (0-based) is object `6 + 2i`, its
/// content stream `7 + 2i`.
pub(crate) fn write(pages: &[String], size: PageSize, info: &Info<'_>) -> Vec<u8> {
    let page_obj = |i: usize| FIRST_PAGE + 2 * i;
    let media_box = format!("[0 0 {} {}]", num(size.width), num(size.height));

    let mut objects: Vec<Vec<u8>> = Vec::with_capacity(INFO + 2 * pages.len());
    objects.push(format!("<< /Type /Catalog /Pages {PAGES} 0 R >>").into_bytes());

    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", page_obj(i)))
        .collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} /MediaBox {media_box} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );

    for font in [Font::Regular, Font::Bold] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>",
                font.base_font()
            )
            .into_bytes(),
        );
    }

    let mut info_dict = format!("<< /Title {} /Producer (Rundt)", utf16_hex(info.title));
    if let Some(author) = info.author {
        let _ = write!(info_dict, " /Author {}", utf16_hex(author));
    }
    if let Some(subject) = info.subject {
        let _ = write!(info_dict, " /Subject {}", utf16_hex(subject));
    }
    if let Some(created) = info.created {
        let _ = write!(info_dict, " /CreationDate {}", ascii_literal(created));
    }
    info_dict.push_str(" >>");
    objects.push(info_dict.into_bytes());

    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent {PAGES} 0 R /MediaBox {media_box} \
                 /Resources << /Font << /{} {FONT_REGULAR} 0 R /{} {FONT_BOLD} 0 R >> \
                 /ProcSet [/PDF /Text] >> /Contents {} 0 R >>",
                Font::Regular.resource(),
                Font::Bold.resource(),
                page_obj(i) + 1
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }

    // Header; the second line marks the file as binary for transfer tools.
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }

    let xref_at = out.len();
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in &offsets {
        // Each entry is exactly 20 bytes including its two-byte end of line.
        let _ = writeln!(xref, "{offset:010} 00000 n ");
    }
    let _ = write!(
        xref,
        "trailer\n<< /Size {} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(xref.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact_and_finite() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(56.692_9), "56.69");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(f32::INFINITY), "0");
    }

    #[test]
    fn literals_are_escaped() {
        let mut s = String::new();
        push_literal(&mut s, b"a(b)c\\d\xE6\n");
        assert_eq!(s, "(a\\(b\\)c\\\\d\\346\\012)");
    }

    #[test]
    fn info_strings() {
        assert_eq!(utf16_hex("Å"), "<FEFF00C5>");
        assert_eq!(utf16_hex("a\u{0}😀"), "<FEFF0061D83DDE00>");
        assert_eq!(ascii_literal("D:2026(ø)"), "(D:2026\\(\\))");
    }
}
