//! Text as the writer sets it: everything put on a page goes through
//! [`clean`] first. It composes decomposed letters (Unicode NFC, so text
//! from systems that store NFD, e.g. macOS, prints `å`, not `a` and a ring),
//! turns every kind of line break into `\n`, drops control and invisible
//! format characters, turns odd spaces into plain ones, and replaces what
//! neither font can show with `?`.

use unicode_normalization::UnicodeNormalization;

use crate::font::Font;

/// Shown for characters the fonts cannot show.
pub const REPLACEMENT: char = '?';

/// What one character becomes on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mapped {
    Char(char),
    LineBreak,
    Drop,
}

fn map_char(c: char) -> Mapped {
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Mapped::LineBreak,
        '\t' => Mapped::Char(' '),
        // Soft hyphen: invisible unless a line breaks there; we never break there.
        '\u{AD}' => Mapped::Drop,
        // Zero-width and directional format characters, BOM.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' => Mapped::Drop,
        // Typographic spaces wrap like a space.
        '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => Mapped::Char(' '),
        // The narrow no-break space stays unbreakable.
        '\u{202F}' => Mapped::Char('\u{A0}'),
        c if c.is_control() => Mapped::Drop,
        c if Font::ALL.iter().all(|f| f.has(c)) => Mapped::Char(c),
        _ => Mapped::Char(REPLACEMENT),
    }
}

/// Cleans `text` for the page. Line breaks become `\n` (CR LF counts as
/// one); the result contains no other control character, and every
/// character in it has a glyph in both fonts.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.nfc().peekable();
    while let Some(c) = chars.next() {
        match map_char(c) {
            Mapped::Char(c) => out.push(c),
            Mapped::LineBreak => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            Mapped::Drop => {}
        }
    }
    out
}

/// Cleans `text` for a single line: line breaks become spaces.
pub fn clean_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nordic_sami_letters_and_typography_are_kept() {
        let s = "æøåÆØÅ é ü – — “ ” ‘ ’ • € … «» Máret Čuđiŋ Ŧoalli ŋŊđĐšŠžŽ";
        assert_eq!(clean(s), s);
    }

    #[test]
    fn what_the_fonts_cannot_show_becomes_a_question_mark() {
        assert_eq!(clean("a中b文c"), "a?b?c");
        // DejaVu even has the common emoji.
        assert_eq!(clean("ok 😀"), "ok 😀");
        assert_eq!(clean("Łódź"), "Łódź");
    }

    #[test]
    fn controls_are_stripped_and_breaks_kept() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{1b}d\u{7f}e\u{9c}f"), "abcdef");
        assert_eq!(clean("a\r\nb\rc\nd\u{85}e"), "a\nb\nc\nd\ne");
        assert_eq!(clean_line("a\nb"), "a b");
        assert_eq!(clean("a\tb"), "a b");
        assert_eq!(clean("soft\u{AD}hyphen\u{200B}"), "softhyphen");
        assert_eq!(clean("1\u{202F}000"), "1\u{A0}000");
    }

    #[test]
    fn decomposed_letters_are_composed() {
        assert_eq!(
            clean("A\u{30A}lborg e\u{301} u\u{308} c\u{30C}"),
            "Ålborg é ü č"
        );
        // A mark without a precomposed letter stays a mark after its letter.
        assert_eq!(clean("q\u{30A}"), "q\u{30A}");
    }
}
