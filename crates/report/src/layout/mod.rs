//! Page layout: a resolved report becomes sheets of paper holding positioned shapes. The PDF
//! writer draws these shapes and nothing else, and the preview reads the same numbers, so the
//! screen and the paper agree by construction.
//!
//! Blocks flow left to right in rows of a 12-column grid; a row that does not fit on the sheet
//! moves to the next one. Tables and full-width text run on over sheets (a table repeats its
//! header and never splits a row).

mod blocks;
mod decorate;
mod editor;
pub mod svg;
mod table;
pub mod text;

use serde::Serialize;

pub use editor::{GridCell, editor_grid};

use crate::document::{Paper, PrintSettings};
use crate::error::Result;
use crate::resolved::{Content, ResolvedReport};
use text::Fonts;

/// A colour as `[r, g, b]`.
pub type Rgb = [u8; 3];

pub(crate) const INK: Rgb = [0x1f, 0x29, 0x37];
pub(crate) const MUTED: Rgb = [0x6b, 0x72, 0x80];
pub(crate) const RULE: Rgb = [0xd1, 0xd5, 0xdb];
pub(crate) const SHADE: Rgb = [0xf3, 0xf4, 0xf6];

/// Points of one grid row (block heights are given in rows).
pub const GRID_ROW: f32 = 20.0;
/// Space between grid columns and between rows of blocks.
pub const GUTTER: f32 = 14.0;

/// Something drawn on a sheet. Coordinates are PDF points from the sheet's top-left corner;
/// text is positioned by its baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "shape")]
pub enum Shape {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
    },
    Line {
        points: Vec<[f32; 2]>,
        color: Rgb,
        width: f32,
    },
    /// The chart of block `block` on report page `page`, drawn to fill the box.
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page: usize,
        block: usize,
    },
    /// The picture of an image block, scaled into the box.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page: usize,
        block: usize,
    },
}

/// One sheet of paper.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sheet {
    pub shapes: Vec<Shape>,
    /// The entry for this sheet in the PDF's outline, if it starts a report page.
    pub outline: Option<String>,
}

/// The whole document on paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    /// Paper width in points.
    pub width: f32,
    /// Paper height in points.
    pub height: f32,
    pub sheets: Vec<Sheet>,
}

/// PDF points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The printable area of a sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Geometry {
    fn new(print: &PrintSettings) -> Self {
        let (w, h) = match print.paper {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
            Paper::Legal => (612.0, 1008.0),
        };
        let (width, height) = if print.landscape { (h, w) } else { (w, h) };
        let [top, right, bottom, left] = match print.margins {
            Some(m) => [m.top, m.right, m.bottom, m.left].map(|mm| mm * PT_PER_MM),
            None => [54.0, 42.0, 48.0, 42.0],
        };
        Self {
            width,
            height,
            left,
            right: width - right,
            top,
            bottom: height - bottom,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.right - self.left
    }

    /// Left edge and width of a block starting at grid column `column` spanning `span`.
    pub fn columns(&self, column: u8, span: u8) -> (f32, f32) {
        let unit = (self.content_width() + GUTTER) / 12.0;
        (
            self.left + f32::from(column) * unit,
            f32::from(span) * unit - GUTTER,
        )
    }
}

/// Sheets being filled top to bottom.
pub(crate) struct Flow<'a> {
    pub fonts: &'a mut Fonts,
    pub geo: Geometry,
    pub sheets: Vec<Sheet>,
    /// Where the next content goes on the last sheet.
    pub y: f32,
}

impl Flow<'_> {
    pub fn new_sheet(&mut self, outline: Option<String>) {
        self.sheets.push(Sheet {
            shapes: Vec::new(),
            outline,
        });
        self.y = self.geo.top;
    }

    /// Starts a new sheet unless `height` fits below the cursor or the sheet is still empty.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.geo.bottom && self.y > self.geo.top {
            self.new_sheet(None);
        }
    }

    pub fn push(&mut self, shape: Shape) {
        if let Some(sheet) = self.sheets.last_mut() {
            sheet.shapes.push(shape);
        }
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: String) {
        if !text.is_empty() {
            self.push(Shape::Text {
                x,
                y,
                size,
                bold,
                color,
                text,
            });
        }
    }
}

/// Lays out `report` with its print settings.
pub fn layout(report: &ResolvedReport) -> Result<Layout> {
    let mut fonts = Fonts::new()?;
    let geo = Geometry::new(&report.print);
    let mut flow = Flow {
        fonts: &mut fonts,
        geo,
        sheets: Vec::new(),
        y: geo.top,
    };
    let mut starts = Vec::with_capacity(report.pages.len());
    for (p, page) in report.pages.iter().enumerate() {
        let name = page
            .title
            .clone()
            .unwrap_or_else(|| format!("Page {}", p + 1));
        starts.push((name.clone(), flow.sheets.len()));
        flow.new_sheet(Some(name));
        if let Some(title) = &page.title {
            blocks::heading(&mut flow, title, 1, geo.left, geo.content_width());
        }
        place_page(&mut flow, report, p);
    }
    let body = std::mem::take(&mut flow.sheets);
    let mut front = Vec::new();
    if report.print.cover {
        front.push(decorate::cover(flow.fonts, &geo, report));
    }
    if report.print.contents {
        // Sheet numbers count from 1 and the contents sheet comes before the body.
        let first_body = front.len() + 2;
        let entries: Vec<(String, usize)> = starts
            .into_iter()
            .map(|(name, sheet)| (name, sheet + first_body))
            .collect();
        front.push(decorate::contents(flow.fonts, &geo, &entries));
    }
    let cover = usize::from(report.print.cover);
    let mut sheets = front;
    sheets.extend(body);
    decorate::headers_and_footers(flow.fonts, &geo, report, &mut sheets, cover);
    Ok(Layout {
        width: geo.width,
        height: geo.height,
        sheets,
    })
}

/// Places the blocks of report page `p`.
fn place_page(flow: &mut Flow<'_>, report: &ResolvedReport, p: usize) {
    let page = &report.pages[p];
    let mut row: Vec<usize> = Vec::new();
    let mut used = 0u8;
    for (b, block) in page.blocks.iter().enumerate() {
        let width = block.placement.width.clamp(1, 12);
        let flows = match &block.content {
            Content::Table(_) | Content::PageBreak => true,
            Content::Text(_) => width == 12,
            _ => false,
        };
        if flows || used + width > 12 {
            blocks::row(flow, report, p, &row);
            row.clear();
            used = 0;
        }
        match &block.content {
            Content::PageBreak => flow.new_sheet(None),
            Content::Table(grid) => {
                let (x, w) = flow.geo.columns(0, width);
                table::place(flow, grid, x, w);
                flow.y += GUTTER;
            }
            Content::Text(paragraphs) if flows => {
                let (x, w) = flow.geo.columns(0, 12);
                blocks::flowing_text(flow, paragraphs, x, w);
                flow.y += GUTTER * 0.5;
            }
            _ => {
                row.push(b);
                used += width;
            }
        }
    }
    blocks::row(flow, report, p, &row);
}
