//! What the layout puts on a page: text runs, rules and filled boxes, in
//! points from the bottom left corner. The serialiser turns them into
//! content streams.

use crate::font::Font;

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// One line of cleaned text with its baseline starting at `at`.
    Text {
        font: Font,
        size: f32,
        gray: f32,
        at: (f32, f32),
        text: String,
    },
    /// A straight line.
    Rule {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        gray: f32,
    },
    /// A filled rectangle with its lower left corner at `at`.
    Fill {
        at: (f32, f32),
        size: (f32, f32),
        gray: f32,
    },
}

/// The marks of one page, in drawing order.
pub(crate) type Page = Vec<Mark>;

/// Adds a text run; empty text adds nothing.
pub(crate) fn text(page: &mut Page, font: Font, size: f32, gray: f32, at: (f32, f32), text: &str) {
    if text.is_empty() {
        return;
    }
    page.push(Mark::Text {
        font,
        size,
        gray,
        at,
        text: text.to_owned(),
    });
}

/// Adds a rule from `from` to `to`.
pub(crate) fn rule(page: &mut Page, from: (f32, f32), to: (f32, f32), width: f32, gray: f32) {
    page.push(Mark::Rule {
        from,
        to,
        width,
        gray,
    });
}

/// Adds a filled box.
pub(crate) fn fill(page: &mut Page, at: (f32, f32), size: (f32, f32), gray: f32) {
    page.push(Mark::Fill { at, size, gray });
}
