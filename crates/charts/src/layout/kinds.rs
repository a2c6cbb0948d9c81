//! Per-kind planning: Ctx, dispatch, lines/areas and scatter/bubble.

use std::collections::BTreeMap;

use super::plan::{
    AxisPlan, Body, HitProto, HitShape, LABEL_CHAR_W, Layer, LegendEntry, Plan, PlotPlan,
};
use super::{bars, other};
use crate::data::ChartData;
use crate::error::{ChartError, Result};
use crate::format::{Locale, NumberFormat};
use crate::model::{self, XKind, XySeries};
use crate::spec::{Channel, ChartKind, ChartSpec};
use crate::theme::Colors;
use crate::view::{self, View};

/// Inputs shared by the planners.
pub struct Ctx<'a> {
    /// The spec.
    pub spec: &'a ChartSpec,
    /// The data.
    pub data: &'a ChartData,
    /// Theme colours.
    pub colors: &'a Colors,
    /// Number locale.
    pub locale: Locale,
    /// Estimated plot width in points.
    pub plot_w: f32,
    /// Estimated plot height in points.
    pub plot_h: f32,
    /// Zoomed ranges (validated).
    pub view: View,
}

impl Ctx<'_> {
    /// The x and y channels (validated to exist by the spec).
    pub fn xy_channels(&self) -> Result<(&Channel, &Channel)> {
        let kind = self.spec.kind.name();
        let x = self
            .spec
            .encoding
            .x
            .as_ref()
            .ok_or(ChartError::MissingEncoding { kind, channel: "x" })?;
        let y = self
            .spec
            .encoding
            .y
            .as_ref()
            .ok_or(ChartError::MissingEncoding { kind, channel: "y" })?;
        Ok((x, y))
    }

    /// Target intervals on a vertical value axis.
    pub fn y_ticks(&self) -> usize {
        (self.plot_h / 48.0).round().clamp(2.0, 10.0) as usize
    }

    /// Target intervals on a horizontal value axis.
    pub fn x_ticks(&self) -> usize {
        (self.plot_w / 90.0).round().clamp(2.0, 10.0) as usize
    }
}

/// A plan showing only a message.
pub fn empty(msg: &str) -> Plan {
    Plan {
        legend: Vec::new(),
        notes: Vec::new(),
        body: Body::Empty(msg.to_string()),
    }
}

/// The channel's format, or a compact number format for large magnitudes.
pub fn value_format(ch: &Channel, max_abs: f64) -> NumberFormat {
    ch.format.clone().unwrap_or(NumberFormat {
        compact: max_abs >= 100_000.0,
        ..Default::default()
    })
}

/// Legend entries for named series (none for a single unnamed series).
pub fn legend_for(c: &Ctx<'_>, names: &[String], line: bool) -> Vec<LegendEntry> {
    if names.len() <= 1 && names.iter().all(String::is_empty) {
        return Vec::new();
    }
    names
        .iter()
        .enumerate()
        .map(|(i, n)| LegendEntry {
            name: n.clone(),
            color: c.colors.series(i),
            line,
        })
        .collect()
}

/// Plans any chart kind.
pub fn plan(c: &Ctx<'_>) -> Result<Plan> {
    if c.data.rows() == 0 {
        return Ok(empty("No data"));
    }
    match c.spec.kind {
        ChartKind::Bar
        | ChartKind::HorizontalBar
        | ChartKind::GroupedBar
        | ChartKind::StackedBar
        | ChartKind::PercentStackedBar => bars::bars(c),
        ChartKind::Combo => bars::combo(c),
        ChartKind::Waterfall => bars::waterfall(c),
        ChartKind::Line | ChartKind::Area | ChartKind::StackedArea => lines(c),
        ChartKind::Scatter | ChartKind::Bubble => super::scatter::scatter(c),
        ChartKind::Histogram => other::histogram(c),
        ChartKind::BoxPlot => other::box_plot(c),
        ChartKind::Heatmap => other::heatmap(c),
        ChartKind::Pie | ChartKind::Donut => other::pie(c),
        ChartKind::Kpi => other::kpi(c),
    }
}

pub(super) fn x_axis(c: &Ctx<'_>, x: &Channel, kind: XKind, min: f64, max: f64) -> AxisPlan {
    let title = x.display_title().map(str::to_string);
    match kind {
        XKind::Time => AxisPlan::time(
            min,
            max,
            (c.plot_w / 80.0).max(2.0) as usize,
            x.date_format.as_deref(),
            title,
        ),
        XKind::Number => {
            let (mut a, _) = AxisPlan::numeric(
                min,
                max,
                c.x_ticks(),
                &value_format(x, min.abs().max(max.abs())),
                c.locale,
                title,
            );
            if max > min {
                exact_range(&mut a, min, max);
            }
            a
        }
    }
}

/// Makes `axis` span exactly `lo..=hi`, keeping the ticks inside.
pub(super) fn exact_range(axis: &mut AxisPlan, lo: f64, hi: f64) {
    axis.range = (lo, hi);
    axis.marks
        .retain(|(v, _)| *v >= lo - 1e-9 && *v <= hi + 1e-9);
}

/// Widens a continuous axis on the left until its first tick label, centred on its tick, ends
/// inside the plot instead of running under the bottom label of the y axis.
fn clear_first_label(axis: &mut AxisPlan, plot_w: f32) {
    let (lo, hi) = axis.range;
    let Some((first, label)) = axis.marks.first() else {
        return;
    };
    let half = f64::from(label.chars().count() as f32 * LABEL_CHAR_W / 2.0 + 2.0);
    let share = half / f64::from(plot_w.max(1.0));
    if hi <= lo || share >= 0.5 || (first - lo) / (hi - lo) >= share {
        return;
    }
    // The tick sits `half` points from the new left edge: (first - lo') / (hi - lo') = share.
    axis.range.0 = (first - share * hi) / (1.0 - share);
}

pub(super) fn bounds(series: &[XySeries]) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in series.iter().flat_map(|s| &s.points) {
        b = [
            b[0].min(p[0]),
            b[1].max(p[0]),
            b[2].min(p[1]),
            b[3].max(p[1]),
        ];
    }
    b[0].is_finite().then_some(b)
}

/// Line, area and stacked area over a category, number or time axis.
fn lines(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let series_ch = c.spec.encoding.series.as_ref();
    let kind = model::x_kind(c.data, x)?;
    let (mut series, x_plan, categories): (Vec<XySeries>, Option<XKind>, Vec<String>) = match kind {
        Some(k) => (
            model::xy(c.data, x, y, series_ch, None, true, c.locale)?,
            Some(k),
            Vec::new(),
        ),
        None => {
            let cat = model::categorical(c.data, x, y, series_ch, c.locale)?;
            let s = cat
                .series
                .iter()
                .zip(&cat.values)
                .map(|(name, vals)| XySeries {
                    name: name.clone(),
                    points: vals
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| v.map(|v| [i as f64, v]))
                        .collect(),
                    ..Default::default()
                })
                .collect();
            (s, None, cat.categories)
        }
    };
    let stacked = c.spec.kind == ChartKind::StackedArea;
    if stacked {
        stack(&mut series);
    }
    let view_x = c.view.x.filter(|_| x_plan.is_some());
    if let Some(range) = view_x {
        // Only what the view shows is drawn and downsampled, so zooming in reveals detail.
        for s in &mut series {
            let keep = view::crop_sorted(&s.points, range);
            s.points = s.points[keep].to_vec();
        }
    }
    let Some(b) = bounds(&series) else {
        return Ok(empty("No data"));
    };
    let area = matches!(c.spec.kind, ChartKind::Area | ChartKind::StackedArea);
    let (ylo, yhi) = if area || (b[2] >= 0.0 && b[2] < b[3] * 0.5) {
        (b[2].min(0.0), b[3].max(0.0))
    } else {
        (b[2], b[3])
    };
    let fmt = value_format(y, b[2].abs().max(b[3].abs()));
    let (ylo, yhi) = c.view.y.map_or((ylo, yhi), |[lo, hi]| (lo, hi));
    let (mut ya, _) = AxisPlan::numeric(
        ylo,
        yhi,
        c.y_ticks(),
        &fmt,
        c.locale,
        y.display_title().map(str::to_string),
    );
    if c.view.y.is_some() {
        exact_range(&mut ya, ylo, yhi);
    }
    let pad = (b[1] - b[0]) * 0.015;
    let (x_lo, x_hi) = view_x.map_or((b[0] - pad, b[1] + pad), |[lo, hi]| (lo, hi));
    let xa = match x_plan {
        Some(k) => {
            let mut axis = x_axis(c, x, k, x_lo, x_hi);
            if view_x.is_none() {
                clear_first_label(&mut axis, c.plot_w);
            }
            axis
        }
        None => AxisPlan::categories(
            &categories,
            c.plot_w,
            true,
            x.display_title().map(str::to_string),
        ),
    };
    let label_x = |v: f64| match x_plan {
        None => categories
            .get(v.round().max(0.0) as usize)
            .cloned()
            .unwrap_or_default(),
        Some(XKind::Time) => crate::ticks::to_datetime(v)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Some(XKind::Number) => model::format_value(x.format.as_ref(), v, c.locale),
    };
    let max_points = (c.plot_w * 2.0).max(16.0) as usize;
    let (mut layers, mut hits, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    let mut prev_top: Option<Vec<[f64; 2]>> = None;
    for (si, s) in series.iter().enumerate() {
        let color = c.colors.series(si);
        let pts = model::lttb(&s.points, max_points);
        if pts.len() < s.points.len() {
            notes.push(format!(
                "{}: {} of {} points shown (LTTB downsampling).",
                if s.name.is_empty() {
                    y.field.as_str()
                } else {
                    s.name.as_str()
                },
                pts.len(),
                s.points.len()
            ));
        }
        if area {
            let xs: Vec<f64> = pts.iter().map(|p| p[0]).collect();
            let hi: Vec<f64> = pts.iter().map(|p| p[1]).collect();
            let lo: Vec<f64> = match &prev_top {
                Some(prev) if stacked && prev.len() == pts.len() => {
                    prev.iter().map(|p| p[1]).collect()
                }
                _ => vec![0.0; xs.len()],
            };
            layers.push(Layer::Area {
                xs,
                lo,
                hi,
                color: color.gamma_multiply(if stacked { 0.75 } else { 0.28 }),
            });
        }
        let markers = pts.len() <= 40 && c.plot_w / pts.len().max(1) as f32 >= 14.0;
        layers.push(Layer::Line {
            points: pts.clone(),
            color,
            width: 2.0,
        });
        if markers {
            layers.push(Layer::Points {
                points: pts.clone(),
                color,
                radius: 3.0,
            });
        }
        for p in pts.iter().take(5_000) {
            hits.push(HitProto {
                series: s.name.clone(),
                category: label_x(p[0]),
                value: p[1],
                text: fmt.format(p[1], c.locale, crate::format::decimals_for_value(p[1])),
                shape: HitShape::PlotPoint(*p, 4.0),
            });
        }
        prev_top = Some(pts);
    }
    if !area || b[2] < 0.0 {
        layers.insert(
            0,
            Layer::Rule {
                y: 0.0,
                color: c.colors.axis,
            },
        );
    }
    let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: None,
        layers,
        grid: [false, true],
        hits,
        zoomable: x_plan.is_some(),
    };
    Ok(Plan {
        legend: legend_for(c, &names, true),
        notes,
        body: Body::Plot(Box::new(plot)),
    })
}

/// Replaces each series by the running sum over the union of x values (missing = 0).
fn stack(series: &mut [XySeries]) {
    let mut xs: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p[0]))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let mut cum = vec![0.0; xs.len()];
    for s in series.iter_mut() {
        let mut by_x: BTreeMap<u64, f64> = BTreeMap::new();
        for p in &s.points {
            *by_x.entry(p[0].to_bits()).or_insert(0.0) += p[1];
        }
        s.points = xs
            .iter()
            .zip(cum.iter_mut())
            .map(|(&x, acc)| {
                *acc += by_x.get(&x.to_bits()).copied().unwrap_or(0.0);
                [x, *acc]
            })
            .collect();
    }
}
