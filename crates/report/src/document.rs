//! The report document: what a `*.qreport.json` file holds.
//!
//! Every struct rejects unknown fields, so a typo is an error that names its place instead of a
//! silently ignored setting. `docs/report.schema.json` is generated from these types.

use std::collections::BTreeMap;

use quarry_charts::{ChartSpec, NumberFormat};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The document version this build reads and writes.
pub const REPORT_VERSION: u32 = 1;

/// A report: parameters, named queries and pages of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportDocument {
    /// Where editors find the JSON Schema (ignored by Quarry).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    pub version: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Inputs the reader chooses; queries use them as `$name` placeholders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// SELECTs by name, run on the workspace's sandboxed, cached path.
    #[serde(default)]
    pub queries: BTreeMap<String, Query>,
    pub pages: Vec<Page>,
    /// Paper, orientation, cover and contents for PDF output.
    #[serde(default)]
    pub print: PrintSettings,
}

/// One input of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Identifier used in SQL (`$name`) and markdown (`{{name}}`).
    pub name: String,
    /// What the reader sees; the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub input: ParameterInput,
}

/// The kinds of parameter and their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ParameterInput {
    /// Two dates, bound as `$name_from` and `$name_to` (ISO dates, inclusive) plus
    /// `$name_previous_from` / `$name_previous_to`, the equally long period just before.
    DateRange { default: DateRangeDefault },
    /// One value out of a list.
    Select {
        options: Options,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<String>,
    },
    /// Any number of values, bound as a list: `list_contains($name, column)`.
    MultiSelect {
        options: Options,
        #[serde(default)]
        default: Vec<String>,
    },
    /// A number, optionally bounded.
    Number {
        default: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// Free text.
    Text {
        #[serde(default)]
        default: String,
    },
}

/// The default of a date range: fixed dates (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRangeDefault {
    pub from: String,
    pub to: String,
}

/// Where the choices of a select come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Options {
    /// A fixed list.
    Values(Vec<String>),
    /// The first column of a named query, in its order.
    Query { query: String },
}

/// A named SELECT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// One SELECT over the workspace's tables; parameters as `$name`, never spliced.
    pub sql: String,
}

/// One page of the report (it may run over several sheets of paper).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Shown at the top of the page and in the PDF's outline and contents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub blocks: Vec<Block>,
}

/// Where a block sits: blocks flow left to right in rows of a 12-column grid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Columns out of 12 (default 12: the full width).
    #[serde(default = "full_width")]
    pub width: u8,
    /// Height in grid rows of 20 pt for charts, KPIs and images; text and tables size
    /// themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u16>,
}

impl Default for Placement {
    fn default() -> Self {
        Self {
            width: full_width(),
            height: None,
        }
    }
}

fn full_width() -> u8 {
    12
}

/// A piece of content on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading(HeadingBlock),
    Text(TextBlock),
    Kpi(KpiBlock),
    Chart(Box<ChartBlock>),
    Table(TableBlock),
    Pivot(PivotBlock),
    PageBreak(PageBreakBlock),
    Image(ImageBlock),
}

/// A section heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadingBlock {
    pub text: String,
    /// 1 (largest) to 3.
    #[serde(default = "heading_level")]
    pub level: u8,
    #[serde(default)]
    pub layout: Placement,
}

fn heading_level() -> u8 {
    2
}

/// Markdown text; `{{name}}` is replaced by a parameter's value, as plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    pub markdown: String,
    #[serde(default)]
    pub layout: Placement,
}

/// A headline number with its change against a previous value and an optional sparkline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiBlock {
    pub label: String,
    /// A query whose first row holds the value (and the previous value).
    pub query: String,
    /// Column of the value.
    pub value: String,
    /// Column of the value to compare with (e.g. the previous period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<NumberFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparkline: Option<Sparkline>,
    #[serde(default)]
    pub layout: Placement,
}

/// A small line of a KPI's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sparkline {
    pub query: String,
    /// Time or order column.
    pub x: String,
    /// Value column.
    pub y: String,
}

/// A chart drawn by Quarry's chart engine from a query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartBlock {
    pub query: String,
    pub chart: ChartSpec,
    #[serde(default)]
    pub layout: Placement,
}

/// Rows of a query as a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableBlock {
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Columns to show, in order; all of the query's when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<TableColumn>,
    /// Colours for cells that meet a condition; the first matching rule wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditional: Vec<ConditionalFormat>,
    /// Adds a totals row: the sum of every numeric column, or each column's own `total`.
    #[serde(default)]
    pub totals: bool,
    #[serde(default)]
    pub layout: Placement,
}

/// How one table column is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableColumn {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<NumberFormat>,
    /// How the totals row aggregates this column (default: the sum of numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Aggregate>,
}

/// Colours a numeric cell when its value compares true.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionalFormat {
    pub field: String,
    pub op: Comparison,
    pub value: f64,
    /// Text colour `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Cell background `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
}

/// Comparison operators of conditional formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// A cross-tab: row groups down, column groups across, aggregated measures in the cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PivotBlock {
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Columns whose values become row headers.
    pub rows: Vec<String>,
    /// Column whose values become column headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<String>,
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub layout: Placement,
}

/// One aggregated value of a pivot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub field: String,
    #[serde(default)]
    pub aggregate: Aggregate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<NumberFormat>,
}

/// Aggregations of pivot measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    #[default]
    Sum,
    Avg,
    Count,
    Min,
    Max,
}

/// Starts a new sheet of paper.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageBreakBlock {}

/// A PNG picture, by path relative to the report file (other formats are refused by name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageBlock {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default)]
    pub layout: Placement,
}

/// Paper and extras of the PDF.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    #[serde(default)]
    pub paper: Paper,
    #[serde(default)]
    pub landscape: bool,
    /// A first page with title, description, author, date and parameter values.
    #[serde(default)]
    pub cover: bool,
    /// A page listing the report's pages with their page numbers.
    #[serde(default)]
    pub contents: bool,
    /// The sheet's margins; Quarry's standard margins when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margins: Option<Margins>,
}

/// Margins in millimetres. The running header and footer sit inside the top and bottom margins,
/// which therefore need at least [`Margins::MIN_TOP_BOTTOM_MM`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl Margins {
    /// Room the running header and footer need.
    pub const MIN_TOP_BOTTOM_MM: f32 = 12.0;
    /// The most any one margin may take.
    pub const MAX_MM: f32 = 80.0;

    /// The same margin on every side.
    pub fn all(mm: f32) -> Self {
        Self {
            top: mm,
            right: mm,
            bottom: mm,
            left: mm,
        }
    }
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    A4,
    Letter,
    Legal,
}

impl Block {
    /// The block's kind as written in documents.
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Heading(_) => "heading",
            Block::Text(_) => "text",
            Block::Kpi(_) => "kpi",
            Block::Chart(_) => "chart",
            Block::Table(_) => "table",
            Block::Pivot(_) => "pivot",
            Block::PageBreak(_) => "page_break",
            Block::Image(_) => "image",
        }
    }

    /// Where the block sits (a page break has no place of its own).
    pub fn placement(&self) -> Placement {
        match self {
            Block::Heading(b) => b.layout,
            Block::Text(b) => b.layout,
            Block::Kpi(b) => b.layout,
            Block::Chart(b) => b.layout,
            Block::Table(b) => b.layout,
            Block::Pivot(b) => b.layout,
            Block::Image(b) => b.layout,
            Block::PageBreak(_) => Placement::default(),
        }
    }

    /// The queries the block reads, each with the key that names it (`query`,
    /// `sparkline.query`).
    pub fn queries(&self) -> Vec<(&'static str, &str)> {
        match self {
            Block::Kpi(b) => {
                let mut names = vec![("query", b.query.as_str())];
                names.extend(
                    b.sparkline
                        .as_ref()
                        .map(|s| ("sparkline.query", s.query.as_str())),
                );
                names
            }
            Block::Chart(b) => vec![("query", b.query.as_str())],
            Block::Table(b) => vec![("query", b.query.as_str())],
            Block::Pivot(b) => vec![("query", b.query.as_str())],
            Block::Heading(_) | Block::Text(_) | Block::PageBreak(_) | Block::Image(_) => vec![],
        }
    }
}
