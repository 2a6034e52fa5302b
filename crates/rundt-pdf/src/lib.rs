//! A small PDF 1.4 writer for Rundt's text reports, such as the discharge
//! report a municipality files.
//!
//! The writer lays out headings, paragraphs, key/value blocks and tables on
//! A4 pages with automatic page breaks, and prints a footer with
//! "Page N of M" on every page. Text is set in the standard base-14 fonts
//! Helvetica and Helvetica-Bold with WinAnsiEncoding, so nothing is embedded
//! and files stay small; Danish and Norwegian letters, typographic quotes,
//! dashes, bullets and the euro sign render correctly, and characters outside
//! WinAnsi become `?`.
//!
//! The library has no dependencies, performs no I/O, never reads the clock
//! (pass the creation date in) and produces byte-identical output for the
//! same input. No input makes it panic.
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

mod metrics;
mod pdf;
pub mod winansi;

use std::fmt::Write as _;

pub use metrics::Font;

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
const LEADING: f32 = 1.3;
/// Distance from the top of a line box to the baseline, as a multiple of the
/// font size beyond half the line height (centres Helvetica's cap height).
const CAP_HALF: f32 = 0.359;
/// Slack for floating point comparisons, in points.
const EPS: f32 = 0.01;

const PARAGRAPH_AFTER: f32 = 6.0;
const BLOCK_AFTER: f32 = 8.0;
const TABLE_PAD_X: f32 = 4.0;
const TABLE_PAD_Y: f32 = 3.0;
const KV_PAD_Y: f32 = 1.5;
const KV_GAP: f32 = 12.0;

const TEXT_GRAY: f32 = 0.0;
const MUTED_GRAY: f32 = 0.35;
const HEADER_FILL: f32 = 0.9;
const RULE_GRAY: f32 = 0.75;

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

/// One wrapped cell of a grid row.
struct Cell {
    lines: Vec<Vec<u8>>,
    font: Font,
}

/// A grid row: cells side by side, as tall as its tallest cell.
struct Row {
    cells: Vec<Cell>,
    lines: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    TableHeader,
    TableBody,
    KeyValue,
}

/// Column geometry and type settings shared by the rows of one grid.
struct Grid {
    /// (text x, text width) per column.
    columns: Vec<(f32, f32)>,
    size: f32,
    pad_y: f32,
}

impl Grid {
    fn line_height(&self) -> f32 {
        self.size * LEADING
    }

    fn height(&self, lines: usize) -> f32 {
        lines as f32 * self.line_height() + 2.0 * self.pad_y
    }

    fn row(&self, texts: &[Vec<u8>], fonts: &dyn Fn(usize) -> Font) -> Row {
        let cells: Vec<Cell> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, &(_, width))| {
                let font = fonts(i);
                let text = texts.get(i).map_or(&[][..], Vec::as_slice);
                Cell {
                    lines: wrap(text, font, self.size, width),
                    font,
                }
            })
            .collect();
        let lines = cells
            .iter()
            .map(|c| c.lines.len())
            .max()
            .unwrap_or(1)
            .max(1);
        Row { cells, lines }
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
    footer: Vec<u8>,
    page_label: String,
    size: PageSize,
    /// Finished pages' content streams (without footers).
    done: Vec<String>,
    /// The current page's content stream.
    current: String,
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
            footer: Vec::new(),
            page_label: "Page {page} of {pages}".to_owned(),
            size,
            done: Vec::new(),
            current: String::new(),
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
        self.footer = winansi::encode_line(text);
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
        let bytes = winansi::encode_line(text);
        let (size, before, after) = if level <= 1 {
            (H1_SIZE, 14.0, 6.0)
        } else {
            (H2_SIZE, 10.0, 4.0)
        };
        let lh = size * LEADING;
        let lines = wrap(&bytes, Font::Bold, size, self.content_width());
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
            rule(&mut self.current, (l, y), (r, y), 0.6, RULE_GRAY);
            self.y -= 1.5;
        }
        self.y -= after;
        self
    }

    /// A paragraph of body text, word-wrapped to the page width. Line breaks
    /// in `text` start new lines; words longer than a line are broken.
    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        let mut bytes = winansi::encode(text);
        while bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.is_empty() {
            return self;
        }
        for line in wrap(&bytes, Font::Regular, BODY_SIZE, self.content_width()) {
            self.text_line(&line, Font::Regular, BODY_SIZE);
        }
        self.y -= PARAGRAPH_AFTER;
        self
    }

    /// A bulleted list; each item wraps with a hanging indent.
    pub fn bullets<T: AsRef<str>>(&mut self, items: &[T]) -> &mut Self {
        const BULLET: u8 = 0x95;
        const INDENT: f32 = 12.0;
        let lh = BODY_SIZE * LEADING;
        let mut any = false;
        for item in items {
            let bytes = winansi::encode(item.as_ref());
            let lines = wrap(
                &bytes,
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
                    draw_text(
                        &mut self.current,
                        Font::Regular,
                        BODY_SIZE,
                        TEXT_GRAY,
                        x + 2.0,
                        baseline,
                        &[BULLET],
                    );
                }
                draw_text(
                    &mut self.current,
                    Font::Regular,
                    BODY_SIZE,
                    TEXT_GRAY,
                    x + INDENT,
                    baseline,
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
        let encoded: Vec<[Vec<u8>; 2]> = pairs
            .iter()
            .map(|(l, v)| [winansi::encode(l.as_ref()), winansi::encode(v.as_ref())])
            .collect();
        let widest = encoded
            .iter()
            .flat_map(|[l, _]| {
                l.split(|&b| b == b'\n')
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
        let rows: Vec<Row> = encoded.iter().map(|pair| grid.row(pair, &fonts)).collect();
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
        let width = self.content_width();
        let mut x = self.left();
        let mut grid_columns = Vec::with_capacity(columns);
        for fraction in fractions {
            let col = fraction * width;
            grid_columns.push((x + TABLE_PAD_X, col - 2.0 * TABLE_PAD_X));
            x += col;
        }
        let grid = Grid {
            columns: grid_columns,
            size: TABLE_SIZE,
            pad_y: TABLE_PAD_Y,
        };

        let header = if headers.is_empty() {
            None
        } else {
            let texts: Vec<Vec<u8>> = headers
                .iter()
                .map(|h| winansi::encode(h.as_ref()))
                .collect();
            Some(grid.row(&texts, &|_| Font::Bold))
        };
        let body: Vec<Row> = rows
            .iter()
            .map(|row| {
                let texts: Vec<Vec<u8>> = row.iter().map(|c| winansi::encode(c.as_ref())).collect();
                grid.row(&texts, &|_| Font::Regular)
            })
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
        let footers: Vec<String> = (1..=total).map(|n| self.footer_stream(n, total)).collect();
        for (page, footer) in self.done.iter_mut().zip(footers) {
            page.push_str(&footer);
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

    fn left(&self) -> f32 {
        MARGIN
    }

    fn right(&self) -> f32 {
        self.size.width - MARGIN
    }

    fn content_width(&self) -> f32 {
        self.right() - self.left()
    }

    fn top(&self) -> f32 {
        self.size.height - MARGIN
    }

    fn bottom(&self) -> f32 {
        MARGIN
    }

    // ----- drawing primitives ---------------------------------------------

    fn new_page(&mut self) {
        let finished = std::mem::take(&mut self.current);
        self.done.push(finished);
        self.y = self.top();
        self.at_top = true;
    }

    /// Places one full-width line of text, breaking the page first if the
    /// line does not fit.
    fn text_line(&mut self, line: &[u8], font: Font, size: f32) {
        let lh = size * LEADING;
        if self.y - lh < self.bottom() - EPS && !self.at_top {
            self.new_page();
        }
        let baseline = self.y - lh / 2.0 - CAP_HALF * size;
        let x = self.left();
        draw_text(&mut self.current, font, size, TEXT_GRAY, x, baseline, line);
        self.y -= lh;
        self.at_top = false;
    }

    fn print_title(&mut self) {
        let bytes = winansi::encode_line(&self.title);
        if bytes.iter().all(|&b| b == b' ') {
            return;
        }
        for line in wrap(&bytes, Font::Bold, TITLE_SIZE, self.content_width()) {
            self.text_line(&line, Font::Bold, TITLE_SIZE);
        }
        let (y, l, r) = (self.y - 3.0, self.left(), self.right());
        rule(&mut self.current, (l, y), (r, y), 1.0, MUTED_GRAY);
        self.y -= 3.0 + 14.0;
    }

    // ----- grids (tables and key/value blocks) -----------------------------

    /// Lays out `rows` below an optional header. Rows that fit on a fresh
    /// page are never split; taller rows are split line by line. The header
    /// is repeated after every page break unless it is itself very tall.
    fn layout_rows(&mut self, grid: &Grid, header: Option<&Row>, rows: &[Row], kind: RowKind) {
        let body_height = self.top() - self.bottom();
        let header_height = header.map_or(0.0, |h| grid.height(h.lines));
        let repeat = header.filter(|_| header_height <= body_height / 3.0);

        // Keep the header together with the first line of the first row.
        let first = rows.first().map_or(0, |r| r.lines.min(1));
        if self.y - header_height - grid.height(first) < self.bottom() - EPS && !self.at_top {
            self.new_page();
        }
        let mut fresh = self.at_top;
        if let Some(h) = header {
            self.place_row(grid, h, RowKind::TableHeader, None, &mut fresh);
            // A page that holds only the header is not "used" by the rows yet.
            fresh = true;
        }
        for row in rows {
            self.place_row(grid, row, kind, repeat, &mut fresh);
        }
    }

    /// Places one row, breaking pages (and repeating `repeat`) as needed.
    /// `fresh` is true while the current page holds no body row yet; it
    /// guarantees progress on tiny pages.
    fn place_row(
        &mut self,
        grid: &Grid,
        row: &Row,
        kind: RowKind,
        repeat: Option<&Row>,
        fresh: &mut bool,
    ) {
        let lh = grid.line_height();
        let repeat_height = repeat.map_or(0.0, |h| grid.height(h.lines));
        let fresh_room = self.top() - self.bottom() - repeat_height;
        let mut from = 0;
        while from < row.lines {
            let remaining = row.lines - from;
            let room = self.y - self.bottom();
            if grid.height(remaining) <= room + EPS {
                self.draw_row_slice(grid, row, from, remaining, kind);
                *fresh = false;
                return;
            }
            if !*fresh && grid.height(remaining) <= fresh_room + EPS {
                // The rest of the row fits on a new page: keep it together.
                self.grid_page_break(grid, repeat);
                *fresh = true;
                continue;
            }
            let fit_f = ((room - 2.0 * grid.pad_y) / lh).floor();
            let mut fit = if fit_f >= 1.0 { fit_f as usize } else { 0 };
            if *fresh {
                fit = fit.max(1);
            }
            let fit = fit.min(remaining);
            if fit > 0 {
                self.draw_row_slice(grid, row, from, fit, kind);
                from += fit;
                if from >= row.lines {
                    *fresh = false;
                    return;
                }
            }
            self.grid_page_break(grid, repeat);
            *fresh = true;
        }
    }

    fn grid_page_break(&mut self, grid: &Grid, repeat: Option<&Row>) {
        self.new_page();
        if let Some(h) = repeat {
            self.draw_row_slice(grid, h, 0, h.lines, RowKind::TableHeader);
        }
    }

    /// Draws lines `from..from + count` of every cell of `row` at the cursor.
    fn draw_row_slice(&mut self, grid: &Grid, row: &Row, from: usize, count: usize, kind: RowKind) {
        let lh = grid.line_height();
        let height = grid.height(count);
        let top = self.y;
        let (left, width) = (self.left(), self.content_width());
        if kind == RowKind::TableHeader {
            fill(
                &mut self.current,
                (left, top - height),
                (width, height),
                HEADER_FILL,
            );
        }
        for (cell, &(x, _)) in row.cells.iter().zip(&grid.columns) {
            let lines = cell.lines.iter().skip(from).take(count);
            for (i, line) in lines.enumerate() {
                let baseline = top - grid.pad_y - i as f32 * lh - lh / 2.0 - CAP_HALF * grid.size;
                draw_text(
                    &mut self.current,
                    cell.font,
                    grid.size,
                    TEXT_GRAY,
                    x,
                    baseline,
                    line,
                );
            }
        }
        let bottom = top - height;
        match kind {
            RowKind::TableHeader => {
                rule(
                    &mut self.current,
                    (left, bottom),
                    (left + width, bottom),
                    0.8,
                    MUTED_GRAY,
                );
            }
            RowKind::TableBody => {
                rule(
                    &mut self.current,
                    (left, bottom),
                    (left + width, bottom),
                    0.4,
                    RULE_GRAY,
                );
            }
            RowKind::KeyValue => {}
        }
        self.y = bottom;
        self.at_top = false;
    }

    // ----- footer -----------------------------------------------------------

    fn footer_stream(&self, page: usize, pages: usize) -> String {
        let label = self
            .page_label
            .replace("{pages}", &pages.to_string())
            .replace("{page}", &page.to_string());
        let label = winansi::encode_line(&label);
        let label_width = Font::Regular.text_width(&label, FOOTER_SIZE);
        let rule_y = MARGIN - 14.0;
        let baseline = MARGIN - 26.0;

        let mut out = String::new();
        rule(
            &mut out,
            (self.left(), rule_y),
            (self.right(), rule_y),
            0.5,
            RULE_GRAY,
        );
        let room = self.content_width() - label_width - 12.0;
        let footer = truncate(&self.footer, Font::Regular, FOOTER_SIZE, room);
        draw_text(
            &mut out,
            Font::Regular,
            FOOTER_SIZE,
            MUTED_GRAY,
            self.left(),
            baseline,
            &footer,
        );
        let label_x = (self.right() - label_width).max(self.left());
        draw_text(
            &mut out,
            Font::Regular,
            FOOTER_SIZE,
            MUTED_GRAY,
            label_x,
            baseline,
            &label,
        );
        out
    }
}

// ----- content stream operators ---------------------------------------------

fn draw_text(
    out: &mut String,
    font: Font,
    size: f32,
    gray: f32,
    x: f32,
    baseline: f32,
    bytes: &[u8],
) {
    if bytes.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "BT {} g /{} {} Tf {} {} Td ",
        pdf::num(gray),
        font.resource(),
        pdf::num(size),
        pdf::num(x),
        pdf::num(baseline)
    );
    pdf::push_literal(out, bytes);
    out.push_str(" Tj ET\n");
}

fn rule(out: &mut String, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, gray: f32) {
    let _ = writeln!(
        out,
        "{} G {} w {} {} m {} {} l S",
        pdf::num(gray),
        pdf::num(width),
        pdf::num(x1),
        pdf::num(y1),
        pdf::num(x2),
        pdf::num(y2)
    );
}

fn fill(out: &mut String, (x, y): (f32, f32), (w, h): (f32, f32), gray: f32) {
    let _ = writeln!(
        out,
        "{} g {} {} {} {} re f 0 g",
        pdf::num(gray),
        pdf::num(x),
        pdf::num(y),
        pdf::num(w),
        pdf::num(h)
    );
}

/// Shortens `text` with a trailing ellipsis so it fits `max_width`.
fn truncate(text: &[u8], font: Font, size: f32, max_width: f32) -> Vec<u8> {
    if font.text_width(text, size) <= max_width + EPS {
        return text.to_vec();
    }
    const ELLIPSIS: u8 = 0x85;
    let room = max_width - font.text_width(&[ELLIPSIS], size);
    let mut out = Vec::new();
    let mut width = 0.0;
    for &b in text {
        let w = font.text_width(&[b], size);
        if width + w > room + EPS {
            break;
        }
        out.push(b);
        width += w;
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

/// Greedy word wrap of WinAnsi `text` to `max_width` points. `\n` forces a
/// break; runs of spaces collapse; words wider than a line are broken
/// between characters (at least one character per line, so this always
/// terminates). Always returns at least one (possibly empty) line.
fn wrap(text: &[u8], font: Font, size: f32, max_width: f32) -> Vec<Vec<u8>> {
    let space = font.text_width(b" ", size);
    let mut lines = Vec::new();
    for hard in text.split(|&b| b == b'\n') {
        let mut line: Vec<u8> = Vec::new();
        let mut line_width = 0.0;
        for word in hard.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            let word_width = font.text_width(word, size);
            if !line.is_empty() {
                if line_width + space + word_width <= max_width + EPS {
                    line.push(b' ');
                    line.extend_from_slice(word);
                    line_width += space + word_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= max_width + EPS {
                line.extend_from_slice(word);
                line_width = word_width;
                continue;
            }
            for &b in word {
                let w = font.text_width(&[b], size);
                if !line.is_empty() && line_width + w > max_width + EPS {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(b);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(line: &[u8]) -> f32 {
        Font::Regular.text_width(line, BODY_SIZE)
    }

    #[test]
    fn wrap_fills_lines_greedily() {
        let text = b"the quick brown fox jumps over the lazy dog";
        let lines = wrap(text, Font::Regular, BODY_SIZE, 80.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(line) <= 80.0 + EPS);
        }
        assert_eq!(lines.join(&b' '), text.to_vec());
    }

    #[test]
    fn wrap_breaks_long_words_and_keeps_hard_breaks() {
        let word = vec![b'W'; 200];
        let lines = wrap(&word, Font::Regular, BODY_SIZE, 100.0);
        assert!(lines.len() > 10);
        assert!(
            lines
                .iter()
                .all(|l| width(l) <= 100.0 + EPS && !l.is_empty())
        );
        assert_eq!(lines.concat(), word);

        let lines = wrap(b"a\n\nb", Font::Regular, BODY_SIZE, 100.0);
        assert_eq!(lines, vec![b"a".to_vec(), Vec::new(), b"b".to_vec()]);
        assert_eq!(
            wrap(b"", Font::Regular, BODY_SIZE, 100.0),
            vec![Vec::<u8>::new()]
        );
    }

    #[test]
    fn wrap_survives_zero_and_negative_widths() {
        let lines = wrap(b"ab cd", Font::Regular, BODY_SIZE, -5.0);
        assert_eq!(lines.concat(), b"abcd".to_vec());
    }

    #[test]
    fn truncate_adds_ellipsis() {
        let t = truncate(b"abcdefghijklmnopqrstuvwxyz", Font::Regular, 10.0, 50.0);
        assert_eq!(t.last(), Some(&0x85));
        assert!(Font::Regular.text_width(&t, 10.0) <= 50.0 + EPS);
        assert_eq!(truncate(b"ab", Font::Regular, 10.0, 50.0), b"ab".to_vec());
    }

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
