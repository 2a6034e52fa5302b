//! Glyph advance widths of the standard base-14 fonts Helvetica and
//! Helvetica-Bold, in 1/1000 em, laid out by WinAnsiEncoding code.
//!
//! The values are the published Adobe font metrics (AFM `WX` values) for the
//! glyphs that WinAnsiEncoding assigns to codes 32..=255. Codes WinAnsi leaves
//! undefined (127, 129, 141, 143, 144, 157) have width 0; the encoder never
//! produces them.

/// The two fonts the writer uses. Both are base-14 fonts, so no embedding is
/// needed: every conforming PDF reader ships metrics-compatible versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica (regular).
    Regular,
    /// Helvetica-Bold.
    Bold,
}

impl Font {
    /// The PostScript base font name.
    pub const fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
        }
    }

    /// Resource name used in page content streams.
    pub(crate) const fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// Advance width of one WinAnsi code, in 1/1000 em. Codes below 32 (which
    /// the encoder never emits) measure 0.
    pub fn glyph_width(self, code: u8) -> u16 {
        let table = match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        };
        match code.checked_sub(32) {
            Some(i) => table.get(usize::from(i)).copied().unwrap_or(0),
            None => 0,
        }
    }

    /// Width in points of WinAnsi-encoded `text` set at `size` points.
    pub fn text_width(self, text: &[u8], size: f32) -> f32 {
        let units: u32 = text.iter().map(|&b| u32::from(self.glyph_width(b))).sum();
        units as f32 * size / 1000.0
    }
}

/// Helvetica, codes 32..=255.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    // 0x20  space ! " # $ % & ' ( ) * + , - . /
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    // 0x30  0-9 : ; < = > ?
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    // 0x40  @ A-O
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    // 0x50  P-Z [ \ ] ^ _
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    // 0x60  ` a-o
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    // 0x70  p-z { | } ~ (DEL)
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
    // 0x80  Euro - quotesinglbase florin quotedblbase ellipsis dagger daggerdbl
    //       circumflex perthousand Scaron guilsinglleft OE - Zcaron -
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    // 0x90  - quoteleft quoteright quotedblleft quotedblright bullet endash emdash
    //       tilde trademark scaron guilsinglright oe - zcaron Ydieresis
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
    // 0xA0  nbsp exclamdown cent sterling currency yen brokenbar section
    //       dieresis copyright ordfeminine guillemotleft logicalnot shy registered macron
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    // 0xB0  degree plusminus two- three-superior acute mu paragraph periodcentered
    //       cedilla onesuperior ordmasculine guillemotright 1/4 1/2 3/4 questiondown
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    // 0xC0  Agrave..Aring AE Ccedilla Egrave..Edieresis Igrave..Idieresis
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    // 0xD0  Eth Ntilde Ograve..Odieresis multiply Oslash Ugrave..Udieresis Yacute Thorn germandbls
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    // 0xE0  agrave..aring ae ccedilla egrave..edieresis igrave..idieresis
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    // 0xF0  eth ntilde ograve..odieresis divide oslash ugrave..udieresis yacute thorn ydieresis
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold, codes 32..=255.
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    // 0x20  space ! " # $ % & ' ( ) * + , - . /
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    // 0x30  0-9 : ; < = > ?
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    // 0x40  @ A-O
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    // 0x50  P-Z [ \ ] ^ _
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    // 0x60  ` a-o
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    // 0x70  p-z { | } ~ (DEL)
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
    // 0x80  Euro - quotesinglbase florin quotedblbase ellipsis dagger daggerdbl
    //       circumflex perthousand Scaron guilsinglleft OE - Zcaron -
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    // 0x90  - quoteleft quoteright quotedblleft quotedblright bullet endash emdash
    //       tilde trademark scaron guilsinglright oe - zcaron Ydieresis
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
    // 0xA0  nbsp exclamdown cent sterling currency yen brokenbar section
    //       dieresis copyright ordfeminine guillemotleft logicalnot shy registered macron
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    // 0xB0  degree plusminus two- three-superior acute mu paragraph periodcentered
    //       cedilla onesuperior ordmasculine guillemotright 1/4 1/2 3/4 questiondown
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    // 0xC0  Agrave..Aring AE Ccedilla Egrave..Edieresis Igrave..Idieresis
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    // 0xD0  Eth Ntilde Ograve..Odieresis multiply Oslash Ugrave..Udieresis Yacute Thorn germandbls
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    // 0xE0  agrave..aring ae ccedilla egrave..edieresis igrave..idieresis
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    // 0xF0  eth ntilde ograve..odieresis divide oslash ugrave..udieresis yacute thorn ydieresis
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spot_check_published_widths() {
        assert_eq!(Font::Regular.glyph_width(b' '), 278);
        assert_eq!(Font::Regular.glyph_width(b'A'), 667);
        assert_eq!(Font::Bold.glyph_width(b'A'), 722);
        assert_eq!(Font::Regular.glyph_width(0xC6), 1000); // AE
        assert_eq!(Font::Regular.glyph_width(0xF8), 611); // oslash
        assert_eq!(Font::Regular.glyph_width(0x97), 1000); // emdash
        assert_eq!(Font::Bold.glyph_width(0x93), 500); // quotedblleft
        assert_eq!(Font::Regular.glyph_width(0x0A), 0);
        assert!((Font::Regular.text_width(b"AA", 10.0) - 13.34).abs() < 1e-3);
    }
}
