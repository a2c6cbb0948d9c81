//! Headings, markdown text, KPI tiles, charts and images.

use super::{Flow, GRID_ROW, GUTTER, INK, MUTED, RULE, Rgb, Shape};
use crate::layout::text::Fonts;
use crate::resolved::{Content, Kpi, Paragraph, ParagraphStyle, ResolvedReport};

const BODY: f32 = 10.0;
const LEADING: f32 = 1.4;
const POSITIVE: Rgb = [0x15, 0x80, 0x3d];
const NEGATIVE: Rgb = [0xb9, 0x1c, 0x1c];
const ACCENT: Rgb = [0x25, 0x63, 0xeb];

/// Default heights in grid rows.
pub(crate) const CHART_ROWS: u16 = 13;
pub(crate) const KPI_ROWS: u16 = 4;
pub(crate) const KPI_SPARK_ROWS: u16 = 5;

fn heading_size(level: u8) -> f32 {
    match level {
        1 => 18.0,
        2 => 14.0,
        _ => 12.0,
    }
}

/// A heading across `w` points at the cursor; moves the cursor below it.
pub(crate) fn heading(flow: &mut Flow<'_>, text: &str, level: u8, x: f32, w: f32) {
    let size = heading_size(level);
    let lines = flow.fonts.wrap(text, size, true, w);
    let line_h = size * 1.25;
    flow.ensure(line_h * lines.len() as f32 + line_h);
    for line in lines {
        flow.y += line_h;
        flow.text(x, flow.y - size * 0.25, size, true, INK, line);
    }
    flow.y += size * 0.6;
}

/// A line of text made of differently styled pieces.
struct Line {
    pieces: Vec<(f32, String, bool, Rgb)>,
    size: f32,
    indent: f32,
    marker: Option<String>,
}

impl Line {
    /// Ends this line, leaving an empty continuation line (same size and indent, no marker).
    fn continued(&mut self) -> Line {
        let next = Line {
            pieces: Vec::new(),
            size: self.size,
            indent: self.indent,
            marker: None,
        };
        std::mem::replace(self, next)
    }
}

/// Wraps paragraphs into lines `w` points wide.
fn lines(fonts: &mut Fonts, paragraphs: &[Paragraph], w: f32) -> Vec<(Line, f32)> {
    let mut out = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let (size, bold_all, color, indent, marker) = match p.style {
            ParagraphStyle::Body => (BODY, false, INK, 0.0, None),
            ParagraphStyle::Heading(level) => {
                (heading_size(level.saturating_add(1)), true, INK, 0.0, None)
            }
            ParagraphStyle::Bullet { depth } => (
                BODY,
                false,
                INK,
                14.0 * f32::from(depth + 1),
                Some("•".to_owned()),
            ),
            ParagraphStyle::Numbered { depth, number } => (
                BODY,
                false,
                INK,
                14.0 * f32::from(depth + 1),
                Some(format!("{number}.")),
            ),
            ParagraphStyle::Code => (BODY * 0.9, false, MUTED, 8.0, None),
        };
        let max = (w - indent).max(20.0);
        let space = fonts.width(" ", size, false);
        let mut line = Line {
            pieces: Vec::new(),
            size,
            indent,
            marker: marker.clone(),
        };
        let mut x = 0.0;
        for run in &p.runs {
            let bold = bold_all || run.bold;
            let color = if run.code { MUTED } else { color };
            for (k, word) in run.text.split(' ').enumerate() {
                let gap = if k > 0 { space } else { 0.0 };
                if word.is_empty() {
                    x += gap;
                    continue;
                }
                let ww = fonts.width(word, size, bold);
                if x + gap + ww > max && !line.pieces.is_empty() {
                    out.push((line.continued(), size * LEADING));
                    x = 0.0;
                }
                let start = if line.pieces.is_empty() { 0.0 } else { x + gap };
                for piece in fonts.wrap(word, size, bold, max) {
                    let pw = fonts.width(&piece, size, bold);
                    if start + pw > max && !line.pieces.is_empty() {
                        out.push((line.continued(), size * LEADING));
                    }
                    let at = if line.pieces.is_empty() { 0.0 } else { start };
                    line.pieces.push((at, piece, bold, color));
                    x = at + pw;
                }
            }
        }
        let after = if i + 1 < paragraphs.len() {
            size * 0.5
        } else {
            0.0
        };
        out.push((line, size * LEADING + after));
    }
    out
}

fn draw_line(flow: &mut Flow<'_>, line: Line, x: f32, baseline: f32) {
    if let Some(marker) = line.marker {
        let mw = flow.fonts.width(&marker, line.size, false);
        flow.text(
            x + line.indent - mw - 4.0,
            baseline,
            line.size,
            false,
            INK,
            marker,
        );
    }
    for (dx, text, bold, color) in line.pieces {
        flow.text(x + line.indent + dx, baseline, line.size, bold, color, text);
    }
}

/// Full-width text that continues on the next sheet when it must.
pub(crate) fn flowing_text(flow: &mut Flow<'_>, paragraphs: &[Paragraph], x: f32, w: f32) {
    for (line, advance) in lines(flow.fonts, paragraphs, w) {
        let size = line.size;
        flow.ensure(size * LEADING);
        draw_line(flow, line, x, flow.y + size);
        flow.y += advance;
    }
}

/// Height a block in a row needs at width `w`.
fn height(fonts: &mut Fonts, content: &Content, rows: Option<u16>, w: f32) -> f32 {
    let fixed = |default: u16| f32::from(rows.unwrap_or(default)) * GRID_ROW;
    match content {
        Content::Heading { text, level } => {
            let size = heading_size(*level);
            fonts.wrap(text, size, true, w).len() as f32 * size * 1.25 + size * 0.6
        }
        Content::Text(paragraphs) => lines(fonts, paragraphs, w).iter().map(|(_, a)| a).sum(),
        Content::Kpi(k) if k.sparkline.len() > 1 => fixed(KPI_SPARK_ROWS),
        Content::Kpi(_) => fixed(KPI_ROWS),
        Content::Chart(_) => fixed(CHART_ROWS),
        Content::Image(image) => match rows {
            Some(r) => f32::from(r) * GRID_ROW,
            None => {
                let caption = if image.caption.is_some() { 16.0 } else { 0.0 };
                w * image.height.max(1) as f32 / image.width.max(1) as f32 + caption
            }
        },
        Content::Table(_) | Content::PageBreak => 0.0,
    }
}

/// Places blocks side by side in one row, on the next sheet if the row does not fit.
pub(crate) fn row(flow: &mut Flow<'_>, report: &ResolvedReport, p: usize, row: &[usize]) {
    if row.is_empty() {
        return;
    }
    let blocks = &report.pages[p].blocks;
    let mut column = 0u8;
    let mut placed = Vec::with_capacity(row.len());
    for &b in row {
        let width = blocks[b].placement.width.clamp(1, 12);
        let (x, w) = flow.geo.columns(column, width);
        let h = height(
            flow.fonts,
            &blocks[b].content,
            blocks[b].placement.height,
            w,
        );
        placed.push((b, x, w, h));
        column += width;
    }
    let room = flow.geo.bottom - flow.geo.top;
    let row_h = placed.iter().map(|p| p.3).fold(0.0, f32::max).min(room);
    flow.ensure(row_h);
    let y = flow.y;
    for (b, x, w, h) in placed {
        let h = h.min(room);
        match &blocks[b].content {
            Content::Heading { text, level } => {
                flow.y = y;
                heading(flow, text, *level, x, w);
            }
            Content::Text(paragraphs) => {
                let mut top = y;
                for (line, advance) in lines(flow.fonts, paragraphs, w) {
                    if top + line.size * LEADING > y + row_h {
                        break;
                    }
                    let size = line.size;
                    draw_line(flow, line, x, top + size);
                    top += advance;
                }
            }
            Content::Kpi(k) => kpi(flow, k, x, y, w, h),
            Content::Chart(_) => flow.push(Shape::Chart {
                x,
                y,
                w,
                h,
                page: p,
                block: b,
            }),
            Content::Image(image) => {
                let caption_h = if image.caption.is_some() { 16.0 } else { 0.0 };
                let (bw, bh) = (w, (h - caption_h).max(1.0));
                let scale = (bw / image.width.max(1) as f32).min(bh / image.height.max(1) as f32);
                let (iw, ih) = (image.width as f32 * scale, image.height as f32 * scale);
                flow.push(Shape::Image {
                    x: x + (bw - iw) / 2.0,
                    y,
                    w: iw,
                    h: ih,
                    page: p,
                    block: b,
                });
                if let Some(caption) = &image.caption {
                    let text = flow.fonts.truncate(caption, 8.5, false, w);
                    flow.text(x, y + ih + 12.0, 8.5, false, MUTED, text);
                }
            }
            Content::Table(_) | Content::PageBreak => {}
        }
    }
    flow.y = y + row_h + GUTTER;
}

/// A KPI tile: label, value, change and sparkline inside a light frame.
fn kpi(flow: &mut Flow<'_>, k: &Kpi, x: f32, y: f32, w: f32, h: f32) {
    flow.push(Shape::Rect {
        x,
        y,
        w,
        h,
        fill: None,
        stroke: Some(RULE),
    });
    let pad = 10.0;
    let inner = w - 2.0 * pad;
    let label = flow.fonts.truncate(&k.label, 9.0, false, inner);
    flow.text(x + pad, y + pad + 9.0, 9.0, false, MUTED, label);
    let size = if flow.fonts.width(&k.text, 22.0, true) <= inner {
        22.0
    } else {
        16.0
    };
    let value = flow.fonts.truncate(&k.text, size, true, inner);
    flow.text(x + pad, y + pad + 14.0 + size, size, true, INK, value);
    let mut bottom = y + pad + 14.0 + size;
    if let (Some(change), Some(text)) = (k.change, &k.change_text) {
        let color = if change >= 0.0 { POSITIVE } else { NEGATIVE };
        let text = flow.fonts.truncate(text, 9.0, false, inner);
        bottom += 14.0;
        flow.text(x + pad, bottom, 9.0, false, color, text);
    }
    let spark_top = bottom + 6.0;
    let spark_h = y + h - pad - spark_top;
    if k.sparkline.len() > 1 && spark_h > 8.0 {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for [px, py] in &k.sparkline {
            (x0, x1, y0, y1) = (x0.min(*px), x1.max(*px), y0.min(*py), y1.max(*py));
        }
        let (dx, dy) = ((x1 - x0).max(f64::EPSILON), (y1 - y0).max(f64::EPSILON));
        let points = k
            .sparkline
            .iter()
            .map(|[px, py]| {
                [
                    x + pad + ((px - x0) / dx) as f32 * inner,
                    spark_top + spark_h - ((py - y0) / dy) as f32 * spark_h,
                ]
            })
            .collect();
        flow.push(Shape::Line {
            points,
            color: ACCENT,
            width: 1.2,
        });
    }
}
