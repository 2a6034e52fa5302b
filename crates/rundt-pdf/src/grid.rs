//! Grids: the rows of tables and key/value blocks, wrapped per cell and
//! laid out across pages (rows kept together where they fit, split line by
//! line where they do not, table headers repeated).

use crate::font::Font;
use crate::marks;
use crate::wrap::wrap;
use crate::{CAP_HALF, Document, EPS, HEADER_FILL, LEADING, MUTED_GRAY, RULE_GRAY, TEXT_GRAY};

/// One wrapped cell of a grid row.
pub(crate) struct Cell {
    lines: Vec<String>,
    font: Font,
}

/// A grid row: cells side by side, as tall as its tallest cell.
pub(crate) struct Row {
    cells: Vec<Cell>,
    lines: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    TableHeader,
    TableBody,
    KeyValue,
}

/// Column geometry and type settings shared by the rows of one grid.
pub(crate) struct Grid {
    /// (text x, text width) per column.
    pub(crate) columns: Vec<(f32, f32)>,
    pub(crate) size: f32,
    pub(crate) pad_y: f32,
}

impl Grid {
    fn line_height(&self) -> f32 {
        self.size * LEADING
    }

    fn height(&self, lines: usize) -> f32 {
        lines as f32 * self.line_height() + 2.0 * self.pad_y
    }

    /// Wraps cleaned `texts` into a row; `fonts` gives each column's font.
    pub(crate) fn row(&self, texts: &[String], fonts: &dyn Fn(usize) -> Font) -> Row {
        let cells: Vec<Cell> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, &(_, width))| {
                let font = fonts(i);
                let text = texts.get(i).map_or("", String::as_str);
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

impl Document {
    /// Lays out `rows` below an optional header. Rows that fit on a fresh
    /// page are never split; taller rows are split line by line. The header
    /// is repeated after every page break unless it is itself very tall.
    pub(crate) fn layout_rows(
        &mut self,
        grid: &Grid,
        header: Option<&Row>,
        rows: &[Row],
        kind: RowKind,
    ) {
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
            marks::fill(
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
                marks::text(
                    &mut self.current,
                    cell.font,
                    grid.size,
                    TEXT_GRAY,
                    (x, baseline),
                    line,
                );
            }
        }
        let bottom = top - height;
        let (rule_width, gray) = match kind {
            RowKind::TableHeader => (0.8, MUTED_GRAY),
            RowKind::TableBody => (0.4, RULE_GRAY),
            RowKind::KeyValue => (0.0, 0.0),
        };
        if rule_width > 0.0 {
            marks::rule(
                &mut self.current,
                (left, bottom),
                (left + width, bottom),
                rule_width,
                gray,
            );
        }
        self.y = bottom;
        self.at_top = false;
    }
}
