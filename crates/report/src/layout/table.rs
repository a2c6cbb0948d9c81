//! Tables on paper: column widths from the content, wrapped cells, a header repeated on every
//! sheet, rows never split across sheets.

use super::{Flow, INK, MUTED, RULE, SHADE, Shape};
use crate::resolved::{Grid, GridCell};

const SIZE: f32 = 8.5;
const LINE: f32 = SIZE * 1.3;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;
/// Lines a cell may wrap to before it is cut with `…`.
const MAX_LINES: usize = 4;
/// Rows measured to size the columns.
const SAMPLE_ROWS: usize = 400;
const STRIPE: [u8; 3] = [0xf9, 0xfa, 0xfb];

/// A row laid out: each cell's lines and the row's height.
struct Row {
    cells: Vec<Vec<String>>,
    height: f32,
}

/// Places `grid` at `x`, `w` points wide, from the cursor on.
pub(crate) fn place(flow: &mut Flow<'_>, grid: &Grid, x: f32, w: f32) {
    if let Some(title) = &grid.title {
        flow.ensure(30.0 + LINE * 3.0);
        flow.y += 12.0;
        flow.text(x, flow.y, 11.0, true, INK, title.clone());
        flow.y += 8.0;
    }
    if grid.columns.is_empty() {
        return;
    }
    let widths = column_widths(flow, grid, w);
    let header_cells: Vec<GridCell> = grid
        .columns
        .iter()
        .map(|c| GridCell {
            text: c.title.clone(),
            ..GridCell::default()
        })
        .collect();
    let header = layout_row(flow, &header_cells, &widths, true);
    draw_header(flow, grid, &header, &widths, x);
    if grid.rows.is_empty() {
        flow.y += LINE + PAD_Y;
        flow.text(x + PAD_X, flow.y, SIZE, false, MUTED, "No rows".into());
        flow.y += PAD_Y;
        return;
    }
    let last = grid.rows.len() + usize::from(grid.totals.is_some());
    for i in 0..last {
        let (cells, is_total) = match grid.rows.get(i) {
            Some(cells) => (cells, false),
            None => match &grid.totals {
                Some(totals) => (totals, true),
                None => break,
            },
        };
        let row = layout_row(flow, cells, &widths, is_total);
        if flow.y + row.height > flow.geo.bottom {
            flow.new_sheet(None);
            draw_header(flow, grid, &header, &widths, x);
        }
        draw_row(flow, grid, cells, &row, &widths, x, i, is_total);
    }
}

/// Natural widths from the header and a sample of rows, then scaled to fill `w`.
fn column_widths(flow: &mut Flow<'_>, grid: &Grid, w: f32) -> Vec<f32> {
    let mut natural: Vec<f32> = grid
        .columns
        .iter()
        .map(|c| flow.fonts.width(&c.title, SIZE, true).min(120.0))
        .collect();
    let sample = grid.rows.iter().take(SAMPLE_ROWS).chain(grid.totals.iter());
    for row in sample {
        for (i, cell) in row.iter().enumerate().take(natural.len()) {
            let cw = flow.fonts.width(&cell.text, SIZE, false);
            natural[i] = natural[i].max(cw.min(240.0));
        }
    }
    let natural: Vec<f32> = natural.iter().map(|n| n + 2.0 * PAD_X).collect();
    let total: f32 = natural.iter().sum();
    natural.iter().map(|n| n / total * w).collect()
}

fn layout_row(flow: &mut Flow<'_>, cells: &[GridCell], widths: &[f32], bold: bool) -> Row {
    let cells: Vec<Vec<String>> = cells
        .iter()
        .zip(widths)
        .map(|(cell, w)| {
            let max = (w - 2.0 * PAD_X).max(4.0);
            let mut lines = flow.fonts.wrap(&cell.text, SIZE, bold, max);
            if lines.len() > MAX_LINES {
                let rest = lines.split_off(MAX_LINES - 1).join(" ");
                lines.push(flow.fonts.truncate(&rest, SIZE, bold, max));
            }
            lines
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    Row {
        cells,
        height: lines as f32 * LINE + 2.0 * PAD_Y,
    }
}

fn draw_header(flow: &mut Flow<'_>, grid: &Grid, header: &Row, widths: &[f32], x: f32) {
    let w: f32 = widths.iter().sum();
    flow.push(Shape::Rect {
        x,
        y: flow.y,
        w,
        h: header.height,
        fill: Some(SHADE),
        stroke: None,
    });
    let colors = vec![INK; header.cells.len()];
    draw_cells(flow, grid, &header.cells, widths, x, true, &colors);
    flow.y += header.height;
    flow.push(Shape::Line {
        points: vec![[x, flow.y], [x + w, flow.y]],
        color: MUTED,
        width: 0.8,
    });
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    flow: &mut Flow<'_>,
    grid: &Grid,
    cells: &[GridCell],
    row: &Row,
    widths: &[f32],
    x: f32,
    index: usize,
    is_total: bool,
) {
    let w: f32 = widths.iter().sum();
    if index % 2 == 1 && !is_total {
        flow.push(Shape::Rect {
            x,
            y: flow.y,
            w,
            h: row.height,
            fill: Some(STRIPE),
            stroke: None,
        });
    }
    let mut cx = x;
    for (cell, cw) in cells.iter().zip(widths) {
        if let Some(bg) = cell.background {
            flow.push(Shape::Rect {
                x: cx,
                y: flow.y,
                w: *cw,
                h: row.height,
                fill: Some(bg),
                stroke: None,
            });
        }
        cx += cw;
    }
    if is_total {
        flow.push(Shape::Line {
            points: vec![[x, flow.y], [x + w, flow.y]],
            color: MUTED,
            width: 0.8,
        });
    }
    let colors: Vec<[u8; 3]> = cells.iter().map(|c| c.color.unwrap_or(INK)).collect();
    draw_cells(flow, grid, &row.cells, widths, x, is_total, &colors);
    flow.y += row.height;
    flow.push(Shape::Line {
        points: vec![[x, flow.y], [x + w, flow.y]],
        color: RULE,
        width: 0.4,
    });
}

fn draw_cells(
    flow: &mut Flow<'_>,
    grid: &Grid,
    cells: &[Vec<String>],
    widths: &[f32],
    x: f32,
    bold: bool,
    colors: &[[u8; 3]],
) {
    let mut cx = x;
    for (i, (lines, cw)) in cells.iter().zip(widths).enumerate() {
        let right = grid.columns.get(i).is_some_and(|c| c.numeric);
        for (l, line) in lines.iter().enumerate() {
            let baseline = flow.y + PAD_Y + SIZE + l as f32 * LINE;
            let lx = match right {
                true => cx + cw - PAD_X - flow.fonts.width(line, SIZE, bold),
                false => cx + PAD_X,
            };
            let color = colors.get(i).copied().unwrap_or(INK);
            flow.text(lx, baseline, SIZE, bold, color, line.clone());
        }
        cx += cw;
    }
}
