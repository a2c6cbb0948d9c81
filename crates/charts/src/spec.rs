//! The chart spec: what to draw, from which columns, and how it looks.
//!
//! A spec is JSON with `"version": 1`. Unknown fields are rejected so that typos surface as
//! errors instead of silently ignored settings. See `docs/charts.md` for the full format.

use serde::{Deserialize, Serialize};

use crate::error::{ChartError, Result};
use crate::format::NumberFormat;

/// The spec version this build reads and writes.
pub const SPEC_VERSION: u32 = 1;

/// A chart: kind, encodings and presentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Format version; must be [`SPEC_VERSION`].
    pub version: u32,
    /// What kind of chart to draw.
    pub kind: ChartKind,
    /// The query that produces the chart's data (used by the CLI and reports, not by rendering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
    /// Title above the chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Smaller line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Which columns feed which visual channel.
    pub encoding: Encodings,
    /// Where the legend goes.
    #[serde(default)]
    pub legend: LegendPosition,
    /// Light or dark colours.
    #[serde(default)]
    pub theme: Theme,
    /// Series colours as `#rrggbb`; the built-in palette when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub palette: Vec<String>,
    /// Write values on bars, slices and cells.
    #[serde(default)]
    pub data_labels: bool,
    /// Locale for numbers and dates: `en`, `de`, `fr`, `es`, `it`, `ch` (default `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Histogram bin count (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bins: Option<u32>,
}

/// The chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Lines over a category, number or time axis.
    Line,
    /// Line with the area below filled.
    Area,
    /// Areas stacked on each other per series.
    StackedArea,
    /// Vertical bars.
    Bar,
    /// Horizontal bars (best for long category names).
    HorizontalBar,
    /// Bars of each series side by side.
    GroupedBar,
    /// Bars of each series stacked.
    StackedBar,
    /// Stacked bars scaled to 100 % per category.
    PercentStackedBar,
    /// Points at (x, y).
    Scatter,
    /// Points sized by `size`.
    Bubble,
    /// Distribution of `x` (or `y`) in bins.
    Histogram,
    /// Quartiles of `y` per `x` category.
    BoxPlot,
    /// Colour cells for (`x`, `y`) categories by `color`.
    Heatmap,
    /// Slices of a whole.
    Pie,
    /// Pie with a hole showing the total.
    Donut,
    /// Bars on the left axis and `y2` as a line on a right axis.
    Combo,
    /// Running total built from positive and negative steps.
    Waterfall,
    /// A big number with a sparkline of its history.
    Kpi,
}

impl ChartKind {
    /// Every kind, in documentation order.
    pub const ALL: [ChartKind; 18] = [
        Self::Line,
        Self::Area,
        Self::StackedArea,
        Self::Bar,
        Self::HorizontalBar,
        Self::GroupedBar,
        Self::StackedBar,
        Self::PercentStackedBar,
        Self::Scatter,
        Self::Bubble,
        Self::Histogram,
        Self::BoxPlot,
        Self::Heatmap,
        Self::Pie,
        Self::Donut,
        Self::Combo,
        Self::Waterfall,
        Self::Kpi,
    ];

    /// The kind's name as written in specs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Line => "line",
            Self::Area => "area",
            Self::StackedArea => "stacked_area",
            Self::Bar => "bar",
            Self::HorizontalBar => "horizontal_bar",
            Self::GroupedBar => "grouped_bar",
            Self::StackedBar => "stacked_bar",
            Self::PercentStackedBar => "percent_stacked_bar",
            Self::Scatter => "scatter",
            Self::Bubble => "bubble",
            Self::Histogram => "histogram",
            Self::BoxPlot => "box_plot",
            Self::Heatmap => "heatmap",
            Self::Pie => "pie",
            Self::Donut => "donut",
            Self::Combo => "combo",
            Self::Waterfall => "waterfall",
            Self::Kpi => "kpi",
        }
    }
}

/// Column-to-channel mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Encodings {
    /// Category, time or number along the horizontal axis (vertical for horizontal bars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<Channel>,
    /// The measured value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<Channel>,
    /// Second measure on the right axis (combo charts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y2: Option<Channel>,
    /// Splits the data into coloured series.
    #[serde(default, alias = "colour", skip_serializing_if = "Option::is_none")]
    pub series: Option<Channel>,
    /// Colour scale value (heatmaps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Channel>,
    /// Marker size (bubbles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Channel>,
    /// Text shown next to each mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Channel>,
}

/// One encoding: a column plus how to present it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// The column name in the data.
    pub field: String,
    /// Axis or legend title; the column name when absent, none when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// How numbers on this channel are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<NumberFormat>,
    /// `strftime` pattern for dates on this channel; chosen from the tick step when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
}

impl Channel {
    /// The title to show: explicit title, else the field name.
    pub fn display_title(&self) -> Option<&str> {
        match &self.title {
            Some(t) if t.is_empty() => None,
            Some(t) => Some(t),
            None => Some(&self.field),
        }
    }
}

/// Legend placement.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LegendPosition {
    /// Right of the plot.
    #[default]
    Right,
    /// Below the plot.
    Bottom,
    /// Between title and plot.
    Top,
    /// Inside the plot's top-right corner.
    Inside,
    /// No legend.
    None,
}

/// Colour scheme.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl ChartSpec {
    /// Parses and validates a JSON spec.
    pub fn from_json(json: &str) -> Result<Self> {
        let spec: ChartSpec =
            serde_json::from_str(json).map_err(|e| ChartError::Spec(e.to_string()))?;
        spec.validate()?;
        Ok(spec)
    }

    /// Checks what serde cannot: the version, palette colours and required encodings.
    pub fn validate(&self) -> Result<()> {
        if self.version != SPEC_VERSION {
            return Err(ChartError::Version {
                found: self.version,
                supported: SPEC_VERSION,
            });
        }
        for colour in &self.palette {
            if crate::theme::parse_hex(colour).is_none() {
                return Err(ChartError::Spec(format!(
                    "palette colour `{colour}` is not of the form #rrggbb"
                )));
            }
        }
        if let Some(loc) = &self.locale
            && crate::format::Locale::parse(loc).is_none()
        {
            return Err(ChartError::Spec(format!(
                "unknown locale `{loc}`; use one of en, de, fr, es, it, ch"
            )));
        }
        let kind = self.kind.name();
        let need = |present: bool, channel: &'static str| {
            if present {
                Ok(())
            } else {
                Err(ChartError::MissingEncoding { kind, channel })
            }
        };
        let e = &self.encoding;
        match self.kind {
            ChartKind::Histogram => need(e.x.is_some() || e.y.is_some(), "x"),
            ChartKind::Heatmap => {
                need(e.x.is_some(), "x")?;
                need(e.y.is_some(), "y")?;
                need(e.color.is_some(), "color")
            }
            ChartKind::Combo => {
                need(e.x.is_some(), "x")?;
                need(e.y.is_some(), "y")?;
                need(e.y2.is_some(), "y2")
            }
            ChartKind::Bubble => {
                need(e.x.is_some(), "x")?;
                need(e.y.is_some(), "y")?;
                need(e.size.is_some(), "size")
            }
            ChartKind::Kpi => need(e.y.is_some(), "y"),
            _ => {
                need(e.x.is_some(), "x")?;
                need(e.y.is_some(), "y")
            }
        }
    }
}
