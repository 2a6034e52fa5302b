//! The two faces the writer sets text in: DejaVu Sans and DejaVu Sans Bold,
//! whose bytes come from the `dejavu` crate (the fonts' own free licence,
//! see `docs/ARCHITECTURE.md`). They cover Latin, Greek and Cyrillic,
//! including every letter of Danish, Norwegian and the Sámi languages
//! (č, đ, ŋ, š, ŧ, ž …). Only the glyphs a document uses are embedded.
//!
//! Faces are parsed once with `ttf-parser`; widths are the fonts' own
//! advance widths, so the layout measures exactly what the reader draws.

use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId};

/// The two weights the writer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Font {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

static REGULAR: OnceLock<Option<Face<'static>>> = OnceLock::new();
static BOLD: OnceLock<Option<Face<'static>>> = OnceLock::new();

impl Font {
    /// Both fonts, in resource order.
    pub(crate) const ALL: [Font; 2] = [Font::Regular, Font::Bold];

    /// The PostScript name of the font.
    pub const fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "DejaVuSans",
            Font::Bold => "DejaVuSans-Bold",
        }
    }

    /// Resource name used in page content streams.
    pub(crate) const fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// The font program (a TrueType file).
    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Font::Regular => dejavu::sans::regular(),
            Font::Bold => dejavu::sans::bold(),
        }
    }

    /// The parsed face; `None` only if the shipped font could not be
    /// parsed, which a test rules out.
    pub(crate) fn face(self) -> Option<&'static Face<'static>> {
        let cell = match self {
            Font::Regular => &REGULAR,
            Font::Bold => &BOLD,
        };
        cell.get_or_init(|| Face::parse(self.data(), 0).ok())
            .as_ref()
    }

    /// The glyph that shows `c`, if the font has one.
    pub(crate) fn glyph(self, c: char) -> Option<GlyphId> {
        self.face()?.glyph_index(c)
    }

    /// Whether the font can show `c`.
    pub fn has(self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Font design units per em.
    pub(crate) fn units_per_em(self) -> f32 {
        self.face().map_or(1000.0, |f| f32::from(f.units_per_em()))
    }

    /// Advance width of `glyph` in font units.
    pub(crate) fn advance(self, glyph: GlyphId) -> u16 {
        self.face()
            .and_then(|f| f.glyph_hor_advance(glyph))
            .unwrap_or(0)
    }

    /// Advance width of `c` in 1/1000 em; characters the font lacks
    /// measure 0 (the text module replaces them before layout).
    pub fn char_width(self, c: char) -> f32 {
        self.glyph(c).map_or(0.0, |g| {
            f32::from(self.advance(g)) * 1000.0 / self.units_per_em()
        })
    }

    /// Width in points of `text` set at `size` points.
    pub fn text_width(self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.char_width(c)).sum();
        units * size / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_measure() {
        for font in Font::ALL {
            assert!(font.face().is_some(), "{font:?}");
            assert!(font.char_width('W') > font.char_width('i'));
            assert_eq!(font.char_width('中'), 0.0);
        }
        assert!(Font::Bold.text_width("Ålborg", 10.0) > Font::Regular.text_width("Ålborg", 10.0));
        assert!(
            (Font::Regular.text_width("AA", 10.0) - 2.0 * Font::Regular.text_width("A", 10.0))
                .abs()
                < 1e-4
        );
    }

    #[test]
    fn nordic_and_sami_letters_have_glyphs_in_both_weights() {
        for font in Font::ALL {
            for c in "æøåÆØÅ áčđŋšŧžÁČĐŊŠŦŽ ïäöüÄÖÜ “”‘’–—•€…".chars()
            {
                assert!(font.has(c), "{font:?} lacks {c}");
            }
            assert!(!font.has('中'));
        }
    }
}
