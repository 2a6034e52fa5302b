//! Unicode to WinAnsiEncoding (Windows code page 1252 as defined in PDF 1.4,
//! Annex D) and back.
//!
//! Everything the writer puts on a page goes through [`encode`]: it maps
//! Unicode text to single-byte WinAnsi codes, composes the common decomposed
//! accents (`a` + U+030A becomes `å`), replaces characters WinAnsi cannot
//! represent with `?`, and strips control characters. Line feeds survive
//! encoding so the layout code can treat them as hard line breaks.

/// Byte used for characters WinAnsi cannot represent.
pub const REPLACEMENT: u8 = b'?';

/// Codes 0x80..=0x9F, where WinAnsi differs from Latin-1. `None` marks codes
/// WinAnsi leaves undefined.
const HIGH_CONTROLS: [Option<char>; 32] = [
    Some('\u{20AC}'), // 0x80 Euro sign
    None,             // 0x81
    Some('\u{201A}'), // 0x82 single low-9 quotation mark
    Some('\u{0192}'), // 0x83 florin
    Some('\u{201E}'), // 0x84 double low-9 quotation mark
    Some('\u{2026}'), // 0x85 horizontal ellipsis
    Some('\u{2020}'), // 0x86 dagger
    Some('\u{2021}'), // 0x87 double dagger
    Some('\u{02C6}'), // 0x88 modifier circumflex
    Some('\u{2030}'), // 0x89 per mille
    Some('\u{0160}'), // 0x8A S caron
    Some('\u{2039}'), // 0x8B single left angle quotation mark
    Some('\u{0152}'), // 0x8C OE ligature
    None,             // 0x8D
    Some('\u{017D}'), // 0x8E Z caron
    None,             // 0x8F
    None,             // 0x90
    Some('\u{2018}'), // 0x91 left single quotation mark
    Some('\u{2019}'), // 0x92 right single quotation mark
    Some('\u{201C}'), // 0x93 left double quotation mark
    Some('\u{201D}'), // 0x94 right double quotation mark
    Some('\u{2022}'), // 0x95 bullet
    Some('\u{2013}'), // 0x96 en dash
    Some('\u{2014}'), // 0x97 em dash
    Some('\u{02DC}'), // 0x98 small tilde
    Some('\u{2122}'), // 0x99 trade mark
    Some('\u{0161}'), // 0x9A s caron
    Some('\u{203A}'), // 0x9B single right angle quotation mark
    Some('\u{0153}'), // 0x9C oe ligature
    None,             // 0x9D
    Some('\u{017E}'), // 0x9E z caron
    Some('\u{0178}'), // 0x9F Y diaeresis
];

/// What one Unicode scalar becomes in WinAnsi text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    /// A printable WinAnsi code.
    Code(u8),
    /// A hard line break (LF, CR, NEL, line/paragraph separator).
    LineBreak,
    /// Nothing: control and format characters, soft hyphens, stray
    /// combining marks.
    Drop,
}

/// Maps one Unicode scalar value to WinAnsi.
pub fn map_char(c: char) -> Mapped {
    let cp = u32::from(c);
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => return Mapped::LineBreak,
        '\t' => return Mapped::Code(b' '),
        // Soft hyphen: invisible unless a line breaks there; we never break there.
        '\u{AD}' => return Mapped::Drop,
        // Zero-width and directional format characters, BOM.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' => {
            return Mapped::Drop;
        }
        // Unicode spaces that WinAnsi lacks.
        '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => return Mapped::Code(b' '),
        '\u{202F}' => return Mapped::Code(0xA0),
        // Hyphens and minus sign.
        '\u{2010}' | '\u{2011}' | '\u{2212}' => return Mapped::Code(b'-'),
        '\u{2032}' => return Mapped::Code(b'\''),
        '\u{2033}' => return Mapped::Code(b'"'),
        _ => {}
    }
    if cp < 0x20 || (0x7F..0xA0).contains(&cp) {
        return Mapped::Drop;
    }
    if (0x300..0x370).contains(&cp) {
        // Combining marks that did not compose with their base letter.
        return Mapped::Drop;
    }
    if let Ok(b) = u8::try_from(cp) {
        // 0x20..=0x7E and 0xA0..=0xFF are identical in Latin-1 and WinAnsi.
        return Mapped::Code(b);
    }
    HIGH_CONTROLS
        .iter()
        .position(|&m| m == Some(c))
        .and_then(|i| u8::try_from(0x80 + i).ok())
        .map_or(Mapped::Code(REPLACEMENT), Mapped::Code)
}

/// Composes a base letter with a following combining mark when the result
/// exists in WinAnsi (covers text from systems that store NFD, e.g. macOS).
fn compose(base: char, mark: char) -> Option<char> {
    let composed = match (mark, base) {
        // Combining grave accent.
        ('\u{300}', 'A') => 'À',
        ('\u{300}', 'E') => 'È',
        ('\u{300}', 'I') => 'Ì',
        ('\u{300}', 'O') => 'Ò',
        ('\u{300}', 'U') => 'Ù',
        ('\u{300}', 'a') => 'à',
        ('\u{300}', 'e') => 'è',
        ('\u{300}', 'i') => 'ì',
        ('\u{300}', 'o') => 'ò',
        ('\u{300}', 'u') => 'ù',
        // Combining acute accent.
        ('\u{301}', 'A') => 'Á',
        ('\u{301}', 'E') => 'É',
        ('\u{301}', 'I') => 'Í',
        ('\u{301}', 'O') => 'Ó',
        ('\u{301}', 'U') => 'Ú',
        ('\u{301}', 'Y') => 'Ý',
        ('\u{301}', 'a') => 'á',
        ('\u{301}', 'e') => 'é',
        ('\u{301}', 'i') => 'í',
        ('\u{301}', 'o') => 'ó',
        ('\u{301}', 'u') => 'ú',
        ('\u{301}', 'y') => 'ý',
        // Combining circumflex.
        ('\u{302}', 'A') => 'Â',
        ('\u{302}', 'E') => 'Ê',
        ('\u{302}', 'I') => 'Î',
        ('\u{302}', 'O') => 'Ô',
        ('\u{302}', 'U') => 'Û',
        ('\u{302}', 'a') => 'â',
        ('\u{302}', 'e') => 'ê',
        ('\u{302}', 'i') => 'î',
        ('\u{302}', 'o') => 'ô',
        ('\u{302}', 'u') => 'û',
        // Combining tilde.
        ('\u{303}', 'A') => 'Ã',
        ('\u{303}', 'N') => 'Ñ',
        ('\u{303}', 'O') => 'Õ',
        ('\u{303}', 'a') => 'ã',
        ('\u{303}', 'n') => 'ñ',
        ('\u{303}', 'o') => 'õ',
        // Combining diaeresis.
        ('\u{308}', 'A') => 'Ä',
        ('\u{308}', 'E') => 'Ë',
        ('\u{308}', 'I') => 'Ï',
        ('\u{308}', 'O') => 'Ö',
        ('\u{308}', 'U') => 'Ü',
        ('\u{308}', 'Y') => 'Ÿ',
        ('\u{308}', 'a') => 'ä',
        ('\u{308}', 'e') => 'ë',
        ('\u{308}', 'i') => 'ï',
        ('\u{308}', 'o') => 'ö',
        ('\u{308}', 'u') => 'ü',
        ('\u{308}', 'y') => 'ÿ',
        // Combining ring above.
        ('\u{30A}', 'A') => 'Å',
        ('\u{30A}', 'a') => 'å',
        // Combining caron.
        ('\u{30C}', 'S') => 'Š',
        ('\u{30C}', 'Z') => 'Ž',
        ('\u{30C}', 's') => 'š',
        ('\u{30C}', 'z') => 'ž',
        // Combining cedilla.
        ('\u{327}', 'C') => 'Ç',
        ('\u{327}', 'c') => 'ç',
        _ => return None,
    };
    Some(composed)
}

/// Encodes `text` as WinAnsi bytes. Line breaks become `b'\n'`; CR LF counts
/// as one break. The output contains no other byte below 0x20.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut c = c;
        while let Some(&next) = chars.peek() {
            match compose(c, next) {
                Some(composed) => {
                    c = composed;
                    chars.next();
                }
                None => break,
            }
        }
        match map_char(c) {
            Mapped::Code(b) => out.push(b),
            Mapped::LineBreak => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(b'\n');
            }
            Mapped::Drop => {}
        }
    }
    out
}

/// Encodes `text` for a single line: line breaks become spaces.
pub fn encode_line(text: &str) -> Vec<u8> {
    let mut bytes = encode(text);
    for b in &mut bytes {
        if *b == b'\n' {
            *b = b' ';
        }
    }
    bytes
}

/// Decodes one WinAnsi code back to Unicode. `None` for control codes and
/// codes WinAnsi leaves undefined.
pub fn decode_byte(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(char::from(code)),
        0x80..=0x9F => HIGH_CONTROLS
            .get(usize::from(code - 0x80))
            .copied()
            .flatten(),
        _ => None,
    }
}

/// Decodes WinAnsi bytes to a `String`, skipping undefined codes.
pub fn decode(bytes: &[u8]) -> String {
    bytes.iter().filter_map(|&b| decode_byte(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nordic_letters_and_typography_round_trip() {
        let s = "æøåÆØÅ é ü – — “ ” ‘ ’ • € … «»";
        assert_eq!(decode(&encode(s)), s);
        assert_eq!(encode("æøå"), vec![0xE6, 0xF8, 0xE5]);
        assert_eq!(
            encode("–—“”’•€"),
            vec![0x96, 0x97, 0x93, 0x94, 0x92, 0x95, 0x80]
        );
    }

    #[test]
    fn unrepresentable_become_question_marks() {
        assert_eq!(encode("a中b😀c"), b"a?b?c".to_vec());
        assert_eq!(encode("Łódź"), b"?\xF3d?".to_vec());
    }

    #[test]
    fn controls_are_stripped_and_breaks_kept() {
        assert_eq!(
            encode("a\u{0}b\u{7}c\u{1b}d\u{7f}e\u{9c}f"),
            b"abcdef".to_vec()
        );
        assert_eq!(encode("a\r\nb\rc\nd"), b"a\nb\nc\nd".to_vec());
        assert_eq!(encode_line("a\nb"), b"a b".to_vec());
        assert_eq!(encode("a\tb"), b"a b".to_vec());
        assert_eq!(encode("soft\u{AD}hyphen\u{200B}"), b"softhyphen".to_vec());
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(
            decode(&encode("A\u{30A}lborg e\u{301} u\u{308}")),
            "Ålborg é ü"
        );
        // A mark that cannot compose is dropped, the base letter stays.
        assert_eq!(encode("q\u{30A}"), b"q".to_vec());
    }

    #[test]
    fn every_byte_decodes_to_something_that_encodes_back() {
        for b in 0u8..=255 {
            // The soft hyphen decodes fine but is deliberately dropped on encode.
            if b == 0xAD {
                continue;
            }
            if let Some(c) = decode_byte(b) {
                assert_eq!(encode(&c.to_string()), vec![b], "code {b:#x}");
            }
        }
    }
}
