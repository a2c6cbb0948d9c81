//! A report with its parameters applied and its queries run: what the preview shows and the
//! PDF and Excel writers write.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use quarry_charts::{ChartData, ChartSpec, NumberFormat};
use quarry_engine::ArrowResult;

use crate::document::{Placement, PrintSettings};
use crate::params::ResolvedParam;

/// An evaluated report.
#[derive(Debug, Clone)]
pub struct ResolvedReport {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<String>,
    /// When it was evaluated (or the fixed date asked for, for reproducible output).
    pub generated_at: NaiveDateTime,
    pub parameters: Vec<ResolvedParam>,
    pub print: PrintSettings,
    pub pages: Vec<ResolvedPage>,
    /// The result of every query a block reads, by query name.
    pub results: BTreeMap<String, ArrowResult>,
}

/// One page of the document with its blocks.
#[derive(Debug, Clone)]
pub struct ResolvedPage {
    pub title: Option<String>,
    pub blocks: Vec<ResolvedBlock>,
}

/// A block with its content filled in.
#[derive(Debug, Clone)]
pub struct ResolvedBlock {
    pub placement: Placement,
    pub content: Content,
}

/// What a block shows.
#[derive(Debug, Clone)]
pub enum Content {
    Heading {
        text: String,
        level: u8,
    },
    Text(Vec<Paragraph>),
    Kpi(Kpi),
    Chart(Box<Chart>),
    /// A table or a pivot table.
    Table(Grid),
    PageBreak,
    Image(Image),
}

/// A chart's spec with its data.
#[derive(Debug, Clone)]
pub struct Chart {
    pub query: String,
    pub spec: ChartSpec,
    pub data: ChartData,
}

/// A paragraph of markdown text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub style: ParagraphStyle,
    pub runs: Vec<Run>,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    Body,
    /// Markdown heading level 1–6.
    Heading(u8),
    /// A list item at a nesting depth (0 = outermost), with its marker.
    Bullet {
        depth: u8,
    },
    Numbered {
        depth: u8,
        number: u64,
    },
    Code,
}

/// Text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
}

/// A headline number.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    pub label: String,
    pub value: Option<f64>,
    /// The value as shown.
    pub text: String,
    /// Relative change against the previous value (0.1 = +10 %).
    pub change: Option<f64>,
    /// The change as shown, e.g. `+10.0 % vs previous`.
    pub change_text: Option<String>,
    pub sparkline: Vec<[f64; 2]>,
    pub format: Option<NumberFormat>,
}

/// Rows and columns of text with optional colours, for tables and pivots.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub title: Option<String>,
    /// The query the grid shows (the sheet name of its data in Excel).
    pub query: String,
    pub columns: Vec<GridColumn>,
    pub rows: Vec<Vec<GridCell>>,
    /// Sums of the numeric columns, when asked for.
    pub totals: Option<Vec<GridCell>>,
    /// How a pivot's columns came about (its first columns are the row keys).
    pub pivot: Option<PivotShape>,
}

/// The dimensions of a pivot grid: `row_fields.len()` key columns, then for each column key
/// one column per measure.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotShape {
    pub row_fields: Vec<String>,
    /// The column dimension's values; empty without a column dimension.
    pub column_keys: Vec<String>,
    /// Measure titles with their formats.
    pub measures: Vec<(String, Option<NumberFormat>)>,
}

/// A grid column.
#[derive(Debug, Clone, PartialEq)]
pub struct GridColumn {
    /// The query column it shows (a measure's field for pivots).
    pub field: String,
    pub title: String,
    /// Numbers are right-aligned and can be summed.
    pub numeric: bool,
    pub format: Option<NumberFormat>,
}

/// One cell: its text and, for numbers, its value and colours from conditional formats.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridCell {
    pub text: String,
    pub number: Option<f64>,
    /// Text colour as `[r, g, b]`.
    pub color: Option<[u8; 3]>,
    pub background: Option<[u8; 3]>,
}

/// A PNG picture, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// 8-bit RGB pixels, row by row.
    pub rgb: Vec<u8>,
    pub caption: Option<String>,
}
