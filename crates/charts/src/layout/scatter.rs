//! Scatter and bubble charts: sampling above a cap, markers kept whole inside the plot, and
//! per-point labels from `encoding.label`.

use egui::{Align2, Color32};

use super::kinds::{Ctx, bounds, empty, exact_range, legend_for, value_format, x_axis};
use super::plan::{AxisPlan, Body, HitProto, HitShape, LABEL_CHAR_W, Layer, Plan, PlotPlan};
use crate::error::{ChartError, Result};
use crate::model::{self, XKind};
use crate::spec::ChartKind;
use crate::view::View;

/// Most scatter points drawn before sampling.
pub const MAX_SCATTER: usize = 50_000;
/// Most bubbles drawn before sampling.
pub const MAX_BUBBLES: usize = 2_000;
/// Most points labelled from `encoding.label`; above it labels would only cover the markers.
pub const MAX_POINT_LABELS: usize = 100;

/// Scatter and bubble charts, sampled above [`MAX_SCATTER`] / [`MAX_BUBBLES`] points.
pub fn scatter(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let bubble = c.spec.kind == ChartKind::Bubble;
    let size = if bubble {
        c.spec.encoding.size.as_ref()
    } else {
        None
    };
    let kind = model::x_kind(c.data, x)?.ok_or_else(|| ChartError::ColumnType {
        field: x.field.clone(),
        channel: "x",
        expected: "numbers, dates or timestamps",
        found: "text",
    })?;
    let mut series = model::xy(
        c.data,
        x,
        y,
        c.spec.encoding.series.as_ref(),
        size,
        false,
        c.locale,
    )?;
    // Bubble sizes stay comparable across zooms: the scale comes from all the data.
    let max_size = series
        .iter()
        .flat_map(|s| &s.extra)
        .fold(0.0f64, |a, &v| a.max(v.abs()));
    let in_view = |p: &[f64; 2]| {
        let inside =
            |v: f64, range: Option<[f64; 2]>| range.is_none_or(|[lo, hi]| v >= lo && v <= hi);
        inside(p[0], c.view.x) && inside(p[1], c.view.y)
    };
    if c.view != View::default() {
        for s in &mut series {
            let keep: Vec<usize> = (0..s.points.len())
                .filter(|&i| in_view(&s.points[i]))
                .collect();
            s.keep(&keep);
        }
    }
    let total: usize = series.iter().map(|s| s.points.len()).sum();
    let cap = if bubble { MAX_BUBBLES } else { MAX_SCATTER };
    let mut notes = Vec::new();
    if total > cap {
        let stride = total.div_ceil(cap);
        for s in &mut series {
            let keep: Vec<usize> = (0..s.points.len()).step_by(stride).collect();
            s.keep(&keep);
        }
        let shown: usize = series.iter().map(|s| s.points.len()).sum();
        notes.push(format!(
            "Showing {} of {} points (one in {stride}).",
            crate::format::group_digits(shown as f64, 0, c.locale),
            crate::format::group_digits(total as f64, 0, c.locale)
        ));
    }
    let Some(b) = bounds(&series) else {
        return Ok(empty("No data"));
    };
    let fy = value_format(y, b[2].abs().max(b[3].abs()));
    // The largest bubble scales with the plot, so small charts are not covered by a few discs.
    let growth = (c.plot_w.min(c.plot_h) / 12.0).clamp(6.0, 20.0);
    let radius_of = |v: f64| {
        if max_size > 0.0 {
            3.0 + (v.abs() / max_size).sqrt() as f32 * growth
        } else {
            6.0
        }
    };
    let max_r = f64::from(if bubble { 3.0 + growth } else { 3.0 }) + 2.0;
    // Room at each end for a whole marker: r px out of a plot whose span includes both pads.
    let pad = |span: f64, plot_px: f32| {
        let px = f64::from(plot_px);
        let span = if span > 0.0 { span } else { 1.0 };
        (max_r * span / (px - 2.0 * max_r).max(1.0)).max(span * 0.02)
    };
    let pad_x = pad(b[1] - b[0], c.plot_w);
    let pad_y = pad(b[3] - b[2], c.plot_h);
    let (x_lo, x_hi) = c
        .view
        .x
        .map_or((b[0] - pad_x, b[1] + pad_x), |[lo, hi]| (lo, hi));
    let xa = x_axis(c, x, kind, x_lo, x_hi);
    let (y_lo, y_hi) = c
        .view
        .y
        .map_or((b[2] - pad_y, b[3] + pad_y), |[lo, hi]| (lo, hi));
    let (mut ya, _) = AxisPlan::numeric(
        y_lo,
        y_hi,
        c.y_ticks(),
        &fy,
        c.locale,
        y.display_title().map(str::to_string),
    );
    // Like x, y spans exactly the padded data so the padding keeps whole markers in view.
    exact_range(&mut ya, y_lo, y_hi);
    let label_ch = c.spec.encoding.label.as_ref();
    let label_values = label_ch
        .map(|ch| c.data.column(&ch.field, "label"))
        .transpose()?;
    let label_of = |row: usize| match (label_values, label_ch) {
        (Some(values), Some(ch)) => Some(model::category_label(values, row, ch, c.locale)),
        _ => None,
    };
    let shown: usize = series.iter().map(|s| s.points.len()).sum();
    let labels_on = label_ch.is_some() && shown <= MAX_POINT_LABELS;
    let (mut layers, mut hits, mut candidates) = (Vec::new(), Vec::new(), Vec::new());
    for (si, s) in series.iter().enumerate() {
        let color = c.colors.series(si);
        if labels_on {
            for (i, (p, &row)) in s.points.iter().zip(&s.rows).enumerate() {
                let r = if bubble {
                    radius_of(s.extra.get(i).copied().unwrap_or(0.0))
                } else {
                    3.0
                };
                if let Some(text) = label_of(row) {
                    candidates.push(LabelCandidate {
                        at: *p,
                        radius: r,
                        text,
                    });
                }
            }
        }
        if bubble {
            for (p, &e) in s.points.iter().zip(&s.extra) {
                layers.push(Layer::Points {
                    points: vec![*p],
                    color: color.gamma_multiply(0.7),
                    radius: radius_of(e),
                });
            }
        } else {
            layers.push(Layer::Points {
                points: s.points.clone(),
                color,
                radius: if total > 5_000 { 2.0 } else { 3.0 },
            });
        }
        for (i, p) in s.points.iter().enumerate().take(10_000) {
            let r = if bubble {
                radius_of(s.extra.get(i).copied().unwrap_or(0.0))
            } else {
                3.0
            };
            let xl = match s.rows.get(i).and_then(|&row| label_of(row)) {
                Some(label) => label,
                None => match kind {
                    XKind::Time => crate::ticks::to_datetime(p[0])
                        .format("%Y-%m-%d")
                        .to_string(),
                    XKind::Number => model::format_value(x.format.as_ref(), p[0], c.locale),
                },
            };
            hits.push(HitProto {
                series: s.name.clone(),
                category: xl,
                value: p[1],
                text: fy.format(p[1], c.locale, crate::format::decimals_for_value(p[1])),
                shape: HitShape::PlotPoint(*p, r),
            });
        }
    }
    let frame = PlotFrame {
        x: (x_lo, x_hi),
        y: (y_lo, y_hi),
        size: (c.plot_w, c.plot_h),
    };
    let labels = place_labels(candidates, &frame, c.colors.text);
    if !labels.is_empty() {
        layers.push(Layer::Labels { labels });
    }
    let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: None,
        layers,
        grid: [true, true],
        hits,
        zoomable: true,
    };
    Ok(Plan {
        legend: legend_for(c, &names, false),
        notes,
        body: Body::Plot(Box::new(plot)),
    })
}

/// A point's label before placement.
struct LabelCandidate {
    at: [f64; 2],
    radius: f32,
    text: String,
}

/// The plotted ranges and the plot's estimated size in points.
struct PlotFrame {
    x: (f64, f64),
    y: (f64, f64),
    size: (f32, f32),
}

impl PlotFrame {
    fn to_points(&self, p: [f64; 2]) -> (f32, f32) {
        let fx = (p[0] - self.x.0) / (self.x.1 - self.x.0).max(f64::MIN_POSITIVE);
        let fy = (self.y.1 - p[1]) / (self.y.1 - self.y.0).max(f64::MIN_POSITIVE);
        (fx as f32 * self.size.0, fy as f32 * self.size.1)
    }

    fn x_units_per_point(&self) -> f64 {
        (self.x.1 - self.x.0) / f64::from(self.size.0.max(1.0))
    }
}

/// Sets each label beside its marker, right or else left, largest markers first, and drops a
/// label that would overlap one already placed or leave the plot: text never covers text.
fn place_labels(
    mut candidates: Vec<LabelCandidate>,
    frame: &PlotFrame,
    color: Color32,
) -> Vec<([f64; 2], String, Align2, Color32)> {
    const GAP: f32 = 3.0;
    const HEIGHT: f32 = 13.0;
    candidates.sort_by(|a, b| b.radius.total_cmp(&a.radius));
    let mut placed: Vec<[f32; 4]> = Vec::new();
    let mut out = Vec::new();
    for cand in candidates {
        let (px, py) = frame.to_points(cand.at);
        let width = cand.text.chars().count() as f32 * LABEL_CHAR_W;
        let offset = cand.radius + GAP;
        let sides = [
            (px + offset, Align2::LEFT_CENTER, 1.0),
            (px - offset - width, Align2::RIGHT_CENTER, -1.0),
        ];
        for (left, anchor, sign) in sides {
            let bbox = [left, py - HEIGHT / 2.0, left + width, py + HEIGHT / 2.0];
            let inside = bbox[0] >= 0.0
                && bbox[2] <= frame.size.0
                && bbox[1] >= 0.0
                && bbox[3] <= frame.size.1;
            let clear = placed
                .iter()
                .all(|o| bbox[2] <= o[0] || o[2] <= bbox[0] || bbox[3] <= o[1] || o[3] <= bbox[1]);
            if inside && clear {
                placed.push(bbox);
                let x = cand.at[0] + sign * f64::from(offset) * frame.x_units_per_point();
                out.push(([x, cand.at[1]], cand.text, anchor, color));
                break;
            }
        }
    }
    out
}
