//! Embedding the fonts: each font a page uses becomes a Type 0 font with
//! Identity-H encoding over a CIDFontType2 that holds a subset of the
//! TrueType program (cut down by `subsetter` to the glyphs shown), with a
//! ToUnicode map so readers can search, copy and extract every letter.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::GlyphId;

use crate::font::Font;
use crate::text::REPLACEMENT;

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The glyphs one font shows in a document, numbered as in its subset.
#[derive(Debug, Default)]
struct Used {
    remapper: GlyphRemapper,
    /// Subset glyph id to the character it shows.
    text: BTreeMap<u16, char>,
    shown: bool,
}

/// The glyphs a document shows, per font.
#[derive(Debug, Default)]
pub(crate) struct Glyphs {
    regular: Used,
    bold: Used,
}

impl Glyphs {
    fn of(&self, font: Font) -> &Used {
        match font {
            Font::Regular => &self.regular,
            Font::Bold => &self.bold,
        }
    }

    fn of_mut(&mut self, font: Font) -> &mut Used {
        match font {
            Font::Regular => &mut self.regular,
            Font::Bold => &mut self.bold,
        }
    }

    /// `text` as two-byte codes (subset glyph ids) for a content stream.
    pub(crate) fn encode(&mut self, font: Font, text: &str) -> Vec<u8> {
        let used = self.of_mut(font);
        let mut codes = Vec::with_capacity(2 * text.len());
        for c in text.chars() {
            let glyph = font
                .glyph(c)
                .or_else(|| font.glyph(REPLACEMENT))
                .map_or(0, |g| g.0);
            let code = used.remapper.remap(glyph);
            used.text.entry(code).or_insert(c);
            codes.extend_from_slice(&code.to_be_bytes());
        }
        used.shown |= !codes.is_empty();
        codes
    }

    /// Whether any page shows text in `font`.
    pub(crate) fn uses(&self, font: Font) -> bool {
        self.of(font).shown
    }
}

/// The six capital letters that name a subset (PDF 1.4, 5.5.3), derived
/// from the glyphs it holds so the same document gets the same name.
fn subset_tag(remapper: &GlyphRemapper) -> String {
    let mut hash: u32 = 0x811C_9DC5;
    for glyph in remapper.remapped_gids() {
        for byte in glyph.to_be_bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|i| {
            let letter = (hash >> (5 * i)) % 26;
            char::from(b'A' + u8::try_from(letter).unwrap_or(0))
        })
        .collect()
}

/// The height of capital letters: from the OS/2 table when it says, else
/// the top of the `H`, else the ascender.
fn cap_height(face: &ttf_parser::Face<'_>) -> i16 {
    face.capital_height()
        .or_else(|| {
            let h = face.glyph_index('H')?;
            Some(face.glyph_bounding_box(h)?.y_max)
        })
        .unwrap_or(face.ascender())
}

/// Writes `font` as object `id` with its descendant font, descriptor,
/// ToUnicode map and font program, taking new object ids from `ids`.
pub(crate) fn write_font(pdf: &mut Pdf, ids: &mut Ref, id: Ref, font: Font, glyphs: &Glyphs) {
    let used = glyphs.of(font);
    let cid_id = ids.bump();
    let descriptor_id = ids.bump();
    let cmap_id = ids.bump();
    let file_id = ids.bump();
    let name = format!("{}+{}", subset_tag(&used.remapper), font.base_font());
    let name = Name(name.as_bytes());
    let scale = 1000.0 / font.units_per_em();

    pdf.type0_font(id)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let widths: Vec<f32> = used
        .remapper
        .remapped_gids()
        .map(|g| (f32::from(font.advance(GlyphId(g))) * scale).round())
        .collect();
    let mut cid_font = pdf.cid_font(cid_id);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor_id)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    // A subset the subsetter refuses (never seen for the shipped fonts; a
    // test subsets every glyph) leaves the font unembedded: readers then
    // substitute a font, and the text still extracts through ToUnicode.
    let program = subsetter::subset(font.data(), 0, &used.remapper).ok();
    let scaled = |v: i16| (f32::from(v) * scale).round();
    let mut descriptor = pdf.font_descriptor(descriptor_id);
    descriptor
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .italic_angle(0.0);
    if let Some(face) = font.face() {
        let bbox = face.global_bounding_box();
        descriptor
            .bbox(Rect::new(
                scaled(bbox.x_min),
                scaled(bbox.y_min),
                scaled(bbox.x_max),
                scaled(bbox.y_max),
            ))
            .ascent(scaled(face.ascender()))
            .descent(scaled(face.descender()))
            .cap_height(scaled(cap_height(face)));
    }
    descriptor.stem_v(match font {
        Font::Regular => 80.0,
        Font::Bold => 140.0,
    });
    if program.is_some() {
        descriptor.font_file2(file_id);
    }
    descriptor.finish();

    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Rundt-UTF16"), SYSTEM_INFO);
    for (code, c) in &used.text {
        cmap.pair(*code, *c);
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_id, cmap.as_slice())
        .name(Name(b"Rundt-UTF16"))
        .system_info(SYSTEM_INFO);

    if let Some(program) = program {
        let length = i32::try_from(program.len()).unwrap_or(i32::MAX);
        pdf.stream(file_id, &program).pair(Name(b"Length1"), length);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_of_both_fonts_can_be_subset() {
        for font in Font::ALL {
            let count = font.face().map_or(0, ttf_parser::Face::number_of_glyphs);
            assert!(count > 1000, "{font:?}");
            let all: Vec<u16> = (0..count).collect();
            let remapper = GlyphRemapper::new_from_glyphs(&all);
            let subset = subsetter::subset(font.data(), 0, &remapper);
            assert!(subset.is_ok_and(|s| !s.is_empty()), "{font:?}");
        }
    }

    #[test]
    fn codes_are_subset_ids_and_remember_their_letters() {
        let mut glyphs = Glyphs::default();
        assert!(!glyphs.uses(Font::Bold));
        let codes = glyphs.encode(Font::Bold, "ŋaŋ");
        assert_eq!(codes, vec![0, 1, 0, 2, 0, 1]);
        assert!(glyphs.uses(Font::Bold));
        assert!(!glyphs.uses(Font::Regular));
        let text: Vec<char> = glyphs.bold.text.values().copied().collect();
        assert_eq!(text, vec!['ŋ', 'a']);
    }

    #[test]
    fn the_subset_name_follows_the_glyphs() {
        let a = GlyphRemapper::new_from_glyphs(&[3, 4]);
        let b = GlyphRemapper::new_from_glyphs(&[3, 5]);
        assert_eq!(subset_tag(&a), subset_tag(&a.clone()));
        assert_ne!(subset_tag(&a), subset_tag(&b));
        assert!(subset_tag(&a).chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(subset_tag(&a).len(), 6);
    }
}
