//! Rundt's text reports as PDF, such as the discharge report a municipality
//! files.
//!
//! The layout is ours: headings, paragraphs, key/value blocks and tables on
//! A4 pages with automatic page breaks, and a footer with "Page N of M" on
//! every page. Text is set in DejaVu Sans and DejaVu Sans Bold, embedded as
//! subsets with a Unicode (ToUnicode) map, so every name a Danish or
//! Norwegian family may have prints and can be searched and copied —
//! æ, ø, å, the Sámi č, đ, ŋ, š, ŧ, ž and the rest of Latin, Greek and
//! Cyrillic; characters the fonts lack become `?`. The file itself is
//! written by `pdf-writer`, the subsets cut by `subsetter`, the fonts read
//! by `ttf-parser`.
//!
//! The library performs no I/O, never reads the clock (pass the creation
//! date in) and produces byte-identical output for the same input. No input
//! makes it panic.
//!
//! ```
//! use rundt_pdf::Document;
//!
//! let mut doc = Document::new("Udskrivningsrapport").created("D:20261125120000Z");
//! doc.footer_text("Rundt · MST Østerbro");
//! doc.page_label("Side {page} af {pages}");
//! doc.heading("Forløb", 1);
//! doc.key_values(&[("Familie", "Jensen"), ("Periode", "1. marts – 30. juni 2026")]);
//! doc.paragraph("Behandlingen blev afsluttet som planlagt.");
//! doc.table(
//!     &["Mål", "Status"],
//!     &[vec!["Skolegang".to_owned(), "Opnået".to_owned()]],
//!     &[0.7, 0.3],
//! );
//! let bytes: Vec<u8> = doc.finish();
//! assert!(bytes.starts_with(b"%PDF-1.4"));
//! ```
#![forbid(unsafe_code)]

mod columns;
mod embed;
mod font;
mod grid;
mod marks;
mod pdf;
pub mod text;
mod wrap;

pub use font::Font;

use grid::{Grid, Row, RowKind};
use marks::Page;
use wrap::{truncate, wrap};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// Page margin on all sides.
const MARGIN: f32 = 20.0 * MM;

const TITLE_SIZE: f32 = 18.0;
const H1_SIZE: f32 = 14.0;
const H2_SIZE: f32 = 12.0;
const BODY_SIZE: f32 = 10.0;
const TABLE_SIZE: f32 = 9.0;
const FOOTER_SIZE: f32 = 8.0;

/// Line height as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.3;
/// Distance from the top of a line box to the baseline, as a multiple of the
/// font size beyond half the line height (centres the capital letters).
pub(crate) const CAP_HALF: f32 = 0.359;
/// Slack for floating point comparisons, in points.
pub(crate) const EPS: f32 = 0.01;

const PARAGRAPH_AFTER: f32 = 6.0;
const BLOCK_AFTER: f32 = 8.0;
const TABLE_PAD_X: f32 = 4.0;
const TABLE_PAD_Y: f32 = 3.0;
const KV_PAD_Y: f32 = 1.5;
const KV_GAP: f32 = 12.0;

pub(crate) const TEXT_GRAY: f32 = 0.0;
pub(crate) const MUTED_GRAY: f32 = 0.35;
pub(crate) const HEADER_FILL: f32 = 0.9;
pub(crate) const RULE_GRAY: f32 = 0.75;

/// Page dimensions in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl PageSize {
    /// A4 portrait, 210 × 297 mm.
    pub const A4_PORTRAIT: PageSize = PageSize {
        width: 595.28,
        height: 841.89,
    };
    /// A4 landscape, 297 × 210 mm.
    pub const A4_LANDSCAPE: PageSize = PageSize {
        width: 841.89,
        height: 595.28,
    };

    /// Smallest accepted side; smaller or non-finite sizes are clamped.
    const MIN_SIDE: f32 = 200.0;
    /// Largest side PDF 1.4 viewers are required to support (200 inches).
    const MAX_SIDE: f32 = 14_400.0;

    fn sanitised(self) -> PageSize {
        let side = |v: f32, fallback: f32| {
            if v.is_finite() {
                v.clamp(Self::MIN_SIDE, Self::MAX_SIDE)
            } else {
                fallback
            }
        };
        PageSize {
            width: side(self.width, Self::A4_PORTRAIT.width),
            height: side(self.height, Self::A4_PORTRAIT.height),
        }
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self::A4_PORTRAIT
    }
}

/// A report being laid out. Add content in reading order, then call
/// [`Document::finish`].
#[derive(Debug, Clone)]
pub struct Document {
    title: String,
    author: Option<String>,
    subject: Option<String>,
    created: Option<String>,
    footer: String,
    page_label: String,
    size: PageSize,
    /// Finished pages (without footers).
    done: Vec<Page>,
    /// The current page.
    current: Page,
    /// Top of the next line box on the current page.
    y: f32,
    /// Nothing has been placed on the current page yet.
    at_top: bool,
}

impl Document {
    /// Starts an A4 portrait document. A non-empty `title` is printed at the
    /// top of the first page and stored as the PDF title.
    pub fn new(title: &str) -> Self {
        Self::with_page_size(title, PageSize::A4_PORTRAIT)
    }

    /// Starts a document with another page size (clamped to 200–14 400 pt
    /// per side).
    pub fn with_page_size(title: &str, size: PageSize) -> Self {
        let size = size.sanitised();
        let mut doc = Document {
            title: title.to_owned(),
            author: None,
            subject: None,
            created: None,
            footer: String::new(),
            page_label: "Page {page} of {pages}".to_owned(),
            size,
            done: Vec::new(),
            current: Page::new(),
            y: size.height - MARGIN,
            at_top: true,
        };
        doc.print_title();
        doc
    }

    /// Sets the creation date stored in the document information, as a PDF
    /// date string such as `"D:20261125120000Z"`. The library never reads
    /// the clock itself.
    #[must_use]
    pub fn created(mut self, pdf_date: &str) -> Self {
        self.created = Some(pdf_date.to_owned());
        self
    }

    /// Sets the author stored in the document information.
    #[must_use]
    pub fn author(mut self, author: &str) -> Self {
        self.author = Some(author.to_owned());
        self
    }

    /// Sets the subject stored in the document information.
    #[must_use]
    pub fn subject(mut self, subject: &str) -> Self {
        self.subject = Some(subject.to_owned());
        self
    }

    /// Text printed at the bottom left of every page (one line, shortened
    /// with "…" if it does not fit). May be set at any time before
    /// [`Document::finish`].
    pub fn footer_text(&mut self, text: &str) -> &mut Self {
        self.footer = text::clean_line(text);
        self
    }

    /// Template for the page number at the bottom right of every page;
    /// `{page}` and `{pages}` are replaced. Default: `"Page {page} of {pages}"`.
    pub fn page_label(&mut self, template: &str) -> &mut Self {
        template.clone_into(&mut self.page_label);
        self
    }

    /// Number of pages laid out so far.
    pub fn page_count(&self) -> usize {
        self.done.len() + 1
    }

    /// A heading: level 1 (14 pt, underlined) or level 2 (12 pt); other
    /// levels are treated as the nearest of these. A heading is kept on the
    /// same page as the first lines that follow it.
    pub fn heading(&mut self, text: &str, level: u8) -> &mut Self {
        let text = text::clean_line(text);
        let (size, before, after) = if level <= 1 {
            (H1_SIZE, 14.0, 6.0)
        } else {
            (H2_SIZE, 10.0, 4.0)
        };
        let lh = size * LEADING;
        let lines = wrap(&text, Font::Bold, size, self.content_width());
        if !self.at_top {
            self.y -= before;
        }
        let keep = lines.len() as f32 * lh + after + 3.0 * BODY_SIZE * LEADING;
        if self.y - keep < self.bottom() - EPS && !self.at_top {
            self.new_page();
        }
        for line in &lines {
            self.text_line(line, Font::Bold, size);
        }
        if level <= 1 {
            let (y, l, r) = (self.y - 1.5, self.left(), self.right());
            marks::rule(&mut self.current, (l, y), (r, y), 0.6, RULE_GRAY);
            self.y -= 1.5;
        }
        self.y -= after;
        self
    }

    /// A paragraph of body text, word-wrapped to the page width. Line breaks
    /// in `text` start new lines; words longer than a line are broken.
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        let text = text::clean(text);
        let text = text.trim_end_matches('\n');
        if text.is_empty() {
            return self;
        }
        for line in wrap(text, Font::Regular, BODY_SIZE, self.content_width()) {
            self.text_line(&line, Font::Regular, BODY_SIZE);
        }
        self.y -= PARAGRAPH_AFTER;
        self
    }

    /// A bulleted list; each item wraps with a hanging indent.
    pub fn bullets<T: AsRef<str>>(&mut self, items: &[T]) -> &mut Self {
        const BULLET: &str = "•";
        const INDENT: f32 = 12.0;
        let lh = BODY_SIZE * LEADING;
        let mut any = false;
        for item in items {
            let text = text::clean(item.as_ref());
            let lines = wrap(
                &text,
                Font::Regular,
                BODY_SIZE,
                self.content_width() - INDENT,
            );
            for (i, line) in lines.iter().enumerate() {
                if self.y - lh < self.bottom() - EPS && !self.at_top {
                    self.new_page();
                }
                let baseline = self.y - lh / 2.0 - CAP_HALF * BODY_SIZE;
                let x = self.left();
                if i == 0 {
                    marks::text(
                        &mut self.current,
                        Font::Regular,
                        BODY_SIZE,
                        TEXT_GRAY,
                        (x + 2.0, baseline),
                        BULLET,
                    );
                }
                marks::text(
                    &mut self.current,
                    Font::Regular,
                    BODY_SIZE,
                    TEXT_GRAY,
                    (x + INDENT, baseline),
                    line,
                );
                self.y -= lh;
                self.at_top = false;
                any = true;
            }
            self.y -= 2.0;
        }
        if any {
            self.y -= PARAGRAPH_AFTER - 2.0;
        }
        self
    }

    /// A two-column block of bold labels and their values, e.g. case facts.
    /// The label column is as wide as the longest label, between 22 % and
    /// 40 % of the text width; both columns wrap.
    pub fn key_values<L: AsRef<str>, V: AsRef<str>>(&mut self, pairs: &[(L, V)]) -> &mut Self {
        if pairs.is_empty() {
            return self;
        }
        let width = self.content_width();
        let cleaned: Vec<[String; 2]> = pairs
            .iter()
            .map(|(l, v)| [text::clean(l.as_ref()), text::clean(v.as_ref())])
            .collect();
        let widest = cleaned
            .iter()
            .flat_map(|[l, _]| {
                l.split('\n')
                    .map(|part| Font::Bold.text_width(part, BODY_SIZE))
            })
            .fold(0.0_f32, f32::max);
        let label_col = (widest + KV_GAP).clamp(0.22 * width, 0.4 * width);
        let grid = Grid {
            columns: vec![
                (self.left(), label_col - KV_GAP),
                (self.left() + label_col, width - label_col),
            ],
            size: BODY_SIZE,
            pad_y: KV_PAD_Y,
        };
        let fonts = |i: usize| if i == 0 { Font::Bold } else { Font::Regular };
        let rows: Vec<Row> = cleaned.iter().map(|pair| grid.row(pair, &fonts)).collect();
        self.layout_rows(&grid, None, &rows, RowKind::KeyValue);
        self.y -= BLOCK_AFTER - KV_PAD_Y;
        self
    }

    /// A table with a bold, shaded header row that is repeated on every page
    /// the table spans. Cells wrap; a row taller than a page is split.
    ///
    /// `column_fractions` gives each column's share of the text width; they
    /// are normalised. If their number does not match the number of columns
    /// (the longer of `headers` and the longest row), or any is not a
    /// positive number, columns get equal widths. Missing cells are empty.
    pub fn table<H: AsRef<str>, C: AsRef<str>>(
        &mut self,
        headers: &[H],
        rows: &[Vec<C>],
        column_fractions: &[f32],
    ) -> &mut Self {
        let columns = rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(headers.len());
        if columns == 0 {
            return self;
        }
        let valid = column_fractions.len() == columns
            && column_fractions.iter().all(|f| f.is_finite() && *f > 0.0)
            && column_fractions.iter().sum::<f32>().is_finite();
        let fractions: Vec<f32> = if valid {
            let total: f32 = column_fractions.iter().sum();
            column_fractions.iter().map(|f| f / total).collect()
        } else {
            vec![1.0 / columns as f32; columns]
        };
        let header_texts: Vec<String> = headers.iter().map(|h| text::clean(h.as_ref())).collect();
        let body_texts: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|c| text::clean(c.as_ref())).collect())
            .collect();
        // Each column's longest word at size 1, headers in bold.
        let longest = |text: &str, font: Font| {
            text.split_whitespace()
                .map(|w| font.text_width(w, 1.0))
                .fold(0.0_f32, f32::max)
        };
        let words: Vec<f32> = (0..columns)
            .map(|i| {
                let head = header_texts.get(i).map_or(0.0, |h| longest(h, Font::Bold));
                body_texts
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| longest(c, Font::Regular))
                    .fold(head, f32::max)
            })
            .collect();
        let available = self.content_width() - columns as f32 * 2.0 * TABLE_PAD_X;
        let (widths, size) = columns::fit(&fractions, &words, available, TABLE_SIZE);
        let mut x = self.left();
        let mut grid_columns = Vec::with_capacity(columns);
        for text_width in widths {
            grid_columns.push((x + TABLE_PAD_X, text_width));
            x += text_width + 2.0 * TABLE_PAD_X;
        }
        let grid = Grid {
            columns: grid_columns,
            size,
            pad_y: TABLE_PAD_Y,
        };

        let header = (!header_texts.is_empty()).then(|| grid.row(&header_texts, &|_| Font::Bold));
        let body: Vec<Row> = body_texts
            .iter()
            .map(|texts| grid.row(texts, &|_| Font::Regular))
            .collect();
        self.layout_rows(&grid, header.as_ref(), &body, RowKind::TableBody);
        self.y -= BLOCK_AFTER;
        self
    }

    /// Vertical space in points. Space that does not fit on the current
    /// page ends the page instead.
    pub fn spacer(&mut self, points: f32) -> &mut Self {
        if !points.is_finite() || points <= 0.0 {
            return self;
        }
        if self.y - points < self.bottom() - EPS {
            self.new_page();
        } else {
            self.y -= points;
            self.at_top = false;
        }
        self
    }

    /// Starts a new page unless the current one is still empty.
    pub fn page_break(&mut self) -> &mut Self {
        if !self.at_top {
            self.new_page();
        }
        self
    }

    /// Adds footers and serialises the document to PDF bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let current = std::mem::take(&mut self.current);
        self.done.push(current);
        let total = self.done.len();
        let footers: Vec<Page> = (1..=total).map(|n| self.footer_marks(n, total)).collect();
        for (page, footer) in self.done.iter_mut().zip(footers) {
            page.extend(footer);
        }
        let info = pdf::Info {
            title: &self.title,
            author: self.author.as_deref(),
            subject: self.subject.as_deref(),
            created: self.created.as_deref(),
        };
        pdf::write(&self.done, self.size, &info)
    }

    // ----- geometry -------------------------------------------------------

    pub(crate) fn left(&self) -> f32 {
        MARGIN
    }

    fn right(&self) -> f32 {
        self.size.width - MARGIN
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.right() - self.left()
    }

    pub(crate) fn top(&self) -> f32 {
        self.size.height - MARGIN
    }

    pub(crate) fn bottom(&self) -> f32 {
        MARGIN
    }

    // ----- drawing primitives ---------------------------------------------

    pub(crate) fn new_page(&mut self) {
        let finished = std::mem::take(&mut self.current);
        self.done.push(finished);
        self.y = self.top();
        self.at_top = true;
    }

    /// Places one full-width line of text, breaking the page first if the
    /// line does not fit.
    fn text_line(&mut self, line: &str, font: Font, size: f32) {
        let lh = size * LEADING;
        if self.y - lh < self.bottom() - EPS && !self.at_top {
            self.new_page();
        }
        let baseline = self.y - lh / 2.0 - CAP_HALF * size;
        let x = self.left();
        marks::text(
            &mut self.current,
            font,
            size,
            TEXT_GRAY,
            (x, baseline),
            line,
        );
        self.y -= lh;
        self.at_top = false;
    }

    fn print_title(&mut self) {
        let title = text::clean_line(&self.title);
        if title.chars().all(|c| c == ' ') {
            return;
        }
        for line in wrap(&title, Font::Bold, TITLE_SIZE, self.content_width()) {
            self.text_line(&line, Font::Bold, TITLE_SIZE);
        }
        let (y, l, r) = (self.y - 3.0, self.left(), self.right());
        marks::rule(&mut self.current, (l, y), (r, y), 1.0, MUTED_GRAY);
        self.y -= 3.0 + 14.0;
    }

    // ----- footer -----------------------------------------------------------

    fn footer_marks(&self, page: usize, pages: usize) -> Page {
        let label = self
            .page_label
            .replace("{pages}", &pages.to_string())
            .replace("{page}", &page.to_string());
        let label = text::clean_line(&label);
        let label_width = Font::Regular.text_width(&label, FOOTER_SIZE);
        let rule_y = MARGIN - 14.0;
        let baseline = MARGIN - 26.0;

        let mut out = Page::new();
        marks::rule(
            &mut out,
            (self.left(), rule_y),
            (self.right(), rule_y),
            0.5,
            RULE_GRAY,
        );
        let room = self.content_width() - label_width - 12.0;
        let footer = truncate(&self.footer, Font::Regular, FOOTER_SIZE, room);
        marks::text(
            &mut out,
            Font::Regular,
            FOOTER_SIZE,
            MUTED_GRAY,
            (self.left(), baseline),
            &footer,
        );
        let label_x = (self.right() - label_width).max(self.left());
        marks::text(
            &mut out,
            Font::Regular,
            FOOTER_SIZE,
            MUTED_GRAY,
            (label_x, baseline),
            &label,
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_is_sanitised() {
        let s = PageSize {
            width: f32::NAN,
            height: 1.0,
        }
        .sanitised();
        assert_eq!(s.width, PageSize::A4_PORTRAIT.width);
        assert_eq!(s.height, PageSize::MIN_SIDE);
    }
}
