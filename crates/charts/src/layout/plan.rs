//! What to draw, decided before egui runs: axes with pre-formatted tick labels, layers, legend,
//! notes and hit-map prototypes.

use egui::{Align2, Color32};

use crate::format::{Locale, NumberFormat};
use crate::ticks::{NiceScale, TimeStep, time_ticks, to_datetime};

/// One entry of the legend.
#[derive(Debug, Clone)]
pub struct LegendEntry {
    /// Series or category name.
    pub name: String,
    /// Its colour.
    pub color: Color32,
    /// Drawn as a line sample instead of a square.
    pub line: bool,
}

/// An axis: title and tick marks with their labels.
#[derive(Debug, Clone, Default)]
pub struct AxisPlan {
    /// Axis title.
    pub title: Option<String>,
    /// Tick values and labels, ascending.
    pub marks: Vec<(f64, String)>,
    /// Distance between neighbouring marks (for egui_plot's label spacing check).
    pub step: f64,
    /// Visible range.
    pub range: (f64, f64),
    /// Hide tick labels and title.
    pub hidden: bool,
}

impl AxisPlan {
    /// The label of the mark at `v`, or empty.
    pub fn label_at(&self, v: f64) -> String {
        let tol = self.step.abs() * 1e-6 + f64::EPSILON;
        let i = self.marks.partition_point(|(m, _)| *m < v - tol);
        match self.marks.get(i) {
            Some((m, l)) if (m - v).abs() <= tol => l.clone(),
            _ => String::new(),
        }
    }

    /// A numeric axis over `min..=max` with about `target` intervals.
    pub fn numeric(
        min: f64,
        max: f64,
        target: usize,
        fmt: &NumberFormat,
        locale: Locale,
        title: Option<String>,
    ) -> (Self, NiceScale) {
        let scale = NiceScale::new(min, max, target);
        (Self::from_scale(&scale, fmt, locale, title, |v| v), scale)
    }

    /// Marks at every tick of `scale`, labelled with `map(tick)`.
    pub fn from_scale(
        scale: &NiceScale,
        fmt: &NumberFormat,
        locale: Locale,
        title: Option<String>,
        map: impl Fn(f64) -> f64,
    ) -> Self {
        let ticks = scale.ticks();
        let max_abs = ticks.iter().map(|&t| map(t).abs()).fold(0.0, f64::max);
        let step_mapped = (map(scale.lo + scale.step) - map(scale.lo)).abs();
        let marks = ticks
            .iter()
            .map(|&t| (t, fmt.format_tick(map(t), step_mapped, max_abs, locale)))
            .collect();
        Self {
            title,
            marks,
            step: scale.step,
            range: (scale.lo, scale.hi),
            hidden: false,
        }
    }

    /// Calendar marks for a time axis over `min..=max`.
    pub fn time(
        min: f64,
        max: f64,
        max_ticks: usize,
        pattern: Option<&str>,
        title: Option<String>,
    ) -> Self {
        let (min, max) = if max > min {
            (min, max)
        } else {
            (min - 43_200.0, max + 43_200.0)
        };
        let (step, ticks): (TimeStep, Vec<f64>) = time_ticks(min, max, max_ticks);
        let marks = ticks
            .into_iter()
            .map(|t| {
                let dt = to_datetime(t);
                (
                    t,
                    pattern.map_or_else(|| step.label(dt), |p| dt.format(p).to_string()),
                )
            })
            .collect();
        Self {
            title,
            marks,
            step: step.seconds(),
            range: (min, max),
            hidden: false,
        }
    }

    /// Category marks 0..n, thinned to every `stride`-th so labels do not collide.
    pub fn categories(
        labels: &[String],
        axis_px: f32,
        horizontal_labels: bool,
        title: Option<String>,
    ) -> Self {
        let n = labels.len().max(1);
        let per = axis_px / n as f32;
        let need = if horizontal_labels {
            let longest = labels
                .iter()
                .map(|l| l.chars().count().min(MAX_LABEL_CHARS))
                .max()
                .unwrap_or(1);
            longest as f32 * 5.6 + 10.0
        } else {
            16.0
        };
        let stride = ((need / per.max(0.01)).ceil() as usize).max(1);
        let marks = labels
            .iter()
            .enumerate()
            .step_by(stride)
            .map(|(i, l)| (i as f64, truncate(l)))
            .collect();
        Self {
            title,
            marks,
            step: stride as f64,
            range: (-0.5, n as f64 - 0.5),
            hidden: false,
        }
    }
}

const MAX_LABEL_CHARS: usize = 22;

/// Average advance of a 10.5 pt label character in the bundled font, in points (an estimate for
/// planning; egui measures the real text when it draws).
pub const LABEL_CHAR_W: f32 = 6.0;

/// Shortens long category names with an ellipsis.
pub fn truncate(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_LABEL_CHARS - 1).collect();
        t.push('…');
        t
    }
}

/// A bar (or heatmap cell) in plot coordinates along its category axis.
#[derive(Debug, Clone, Copy)]
pub struct BarRect {
    /// Centre on the category axis.
    pub pos: f64,
    /// Where the bar starts on the value axis.
    pub base: f64,
    /// Its length along the value axis (may be negative).
    pub value: f64,
    /// Thickness in category units.
    pub width: f64,
    /// Fill.
    pub color: Color32,
}

/// A drawing layer inside the plot.
#[derive(Debug, Clone)]
pub enum Layer {
    /// Bars; `horizontal` puts categories on the y axis.
    Bars {
        /// The bars.
        bars: Vec<BarRect>,
        /// Orientation.
        horizontal: bool,
    },
    /// A polyline.
    Line {
        /// Points sorted by x.
        points: Vec<[f64; 2]>,
        /// Colour.
        color: Color32,
        /// Width in points.
        width: f32,
    },
    /// A filled band between `lo` and `hi`.
    Area {
        /// x values.
        xs: Vec<f64>,
        /// Lower edge.
        lo: Vec<f64>,
        /// Upper edge.
        hi: Vec<f64>,
        /// Fill colour (with alpha).
        color: Color32,
    },
    /// Circle markers of one radius.
    Points {
        /// Centres.
        points: Vec<[f64; 2]>,
        /// Colour.
        color: Color32,
        /// Radius in points.
        radius: f32,
    },
    /// Box-and-whisker elements.
    Boxes {
        /// Position and five-number summary.
        boxes: Vec<(f64, [f64; 5])>,
        /// Colour.
        color: Color32,
    },
    /// Text at plot positions.
    Labels {
        /// Position, text, anchor and colour.
        labels: Vec<([f64; 2], String, Align2, Color32)>,
    },
    /// A horizontal rule (the zero line).
    Rule {
        /// Height.
        y: f64,
        /// Colour.
        color: Color32,
    },
}

/// Where a hit-map entry is, before the plot transform is known.
#[derive(Debug, Clone, Copy)]
pub enum HitShape {
    /// A rectangle in plot coordinates.
    PlotRect([f64; 4]),
    /// A point in plot coordinates with a radius in points.
    PlotPoint([f64; 2], f32),
}

/// A hit-map entry before placement.
#[derive(Debug, Clone)]
pub struct HitProto {
    /// Series name.
    pub series: String,
    /// Category or x label.
    pub category: String,
    /// Value.
    pub value: f64,
    /// Formatted value.
    pub text: String,
    /// Where it is.
    pub shape: HitShape,
}

/// A cartesian chart drawn with egui_plot.
#[derive(Debug, Clone, Default)]
pub struct PlotPlan {
    /// Horizontal axis.
    pub x: AxisPlan,
    /// Left axis.
    pub y: AxisPlan,
    /// Right axis (its marks are in left-axis coordinates).
    pub y2: Option<AxisPlan>,
    /// Layers, painted in order.
    pub layers: Vec<Layer>,
    /// Vertical and horizontal grid lines.
    pub grid: [bool; 2],
    /// Hit-map prototypes.
    pub hits: Vec<HitProto>,
    /// Both axes are continuous, so the chart can be zoomed and panned (see [`crate::View`]).
    pub zoomable: bool,
}

/// A pie or donut.
#[derive(Debug, Clone, Default)]
pub struct PiePlan {
    /// Slices: name, value, colour, formatted value.
    pub slices: Vec<(String, f64, Color32, String)>,
    /// Hole radius as a fraction of the radius (0 for a pie).
    pub hole: f32,
    /// Formatted total for the hole.
    pub total: Option<String>,
    /// Write percentages on the slices.
    pub labels: bool,
}

/// A KPI tile.
#[derive(Debug, Clone, Default)]
pub struct KpiPlan {
    /// The big number.
    pub value: String,
    /// Its raw value.
    pub last: f64,
    /// What it measures.
    pub caption: String,
    /// Change against the previous point, with its sign.
    pub delta: Option<(String, bool)>,
    /// Sparkline (x, y).
    pub spark: Vec<[f64; 2]>,
    /// Sparkline colour.
    pub color: Color32,
}

/// What the body of the chart is.
#[derive(Debug, Clone)]
pub enum Body {
    /// A message instead of a chart.
    Empty(String),
    /// egui_plot chart.
    Plot(Box<PlotPlan>),
    /// Pie or donut.
    Pie(PiePlan),
    /// KPI tile.
    Kpi(KpiPlan),
}

/// Everything one chart draws.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Legend entries (empty: no legend).
    pub legend: Vec<LegendEntry>,
    /// Footnotes such as sampling notices.
    pub notes: Vec<String>,
    /// The chart body.
    pub body: Body,
}
