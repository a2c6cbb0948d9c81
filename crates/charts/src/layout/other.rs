//! Plans for histogram, box plot, heatmap, pie/donut and KPI.

use std::collections::HashMap;

use egui::Align2;

use super::kinds::{Ctx, empty, value_format};
use super::plan::{
    AxisPlan, BarRect, Body, HitProto, HitShape, KpiPlan, LABEL_CHAR_W, Layer, LegendEntry,
    PiePlan, Plan, PlotPlan,
};
use crate::error::{ChartError, Result};
use crate::format::{NumberFormat, NumberStyle, decimals_for_value};
use crate::model::{self, category_label};
use crate::spec::ChartKind;

/// Most pie slices before the rest are grouped into "Other".
const MAX_SLICES: usize = 10;

/// Distribution of `x` (or `y`) in equal-width bins.
pub fn histogram(c: &Ctx<'_>) -> Result<Plan> {
    let e = &c.spec.encoding;
    let Some(ch) = e.x.as_ref().or(e.y.as_ref()) else {
        return Err(ChartError::MissingEncoding {
            kind: "histogram",
            channel: "x",
        });
    };
    let values = model::finite_values(c.data, ch, "x")?;
    let bins = model::histogram(&values, c.spec.bins.unwrap_or(20).clamp(1, 500) as usize);
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        return Ok(empty("No data"));
    };
    let (x0, x1) = (first.0, last.1);
    let max = bins.iter().map(|b| b.2).fold(0.0, f64::max);
    let count = NumberFormat {
        style: NumberStyle::Integer,
        ..Default::default()
    };
    let fx = value_format(ch, x0.abs().max(x1.abs()));
    let color = c.colors.series(0);
    let mut bars = Vec::new();
    let mut hits = Vec::new();
    for &(a, b, n) in &bins {
        bars.push(BarRect {
            pos: (a + b) / 2.0,
            base: 0.0,
            value: n,
            width: (b - a) * 0.96,
            color,
        });
        let range = format!(
            "{} – {}",
            fx.format(a, c.locale, crate::format::decimals_for_step(b - a)),
            fx.format(b, c.locale, crate::format::decimals_for_step(b - a))
        );
        hits.push(HitProto {
            series: ch.field.clone(),
            category: range,
            value: n,
            text: count.format(n, c.locale, 0),
            shape: HitShape::PlotRect([a, 0.0, b, n]),
        });
    }
    let (mut xa, _) = AxisPlan::numeric(
        x0,
        x1,
        c.x_ticks(),
        &fx,
        c.locale,
        ch.display_title().map(str::to_string),
    );
    xa.range = (x0, x1);
    xa.marks.retain(|(v, _)| *v >= x0 - 1e-9 && *v <= x1 + 1e-9);
    let (ya, _) = AxisPlan::numeric(
        0.0,
        max,
        c.y_ticks(),
        &count,
        c.locale,
        Some("Count".into()),
    );
    let layers = vec![
        Layer::Bars {
            bars,
            horizontal: false,
        },
        Layer::Rule {
            y: 0.0,
            color: c.colors.axis,
        },
    ];
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: None,
        layers,
        grid: [false, true],
        hits,
        zoomable: false,
    };
    Ok(Plan {
        legend: Vec::new(),
        notes: Vec::new(),
        body: Body::Plot(Box::new(plot)),
    })
}

/// Quartiles of `y` per `x` category with Tukey whiskers and outliers.
pub fn box_plot(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let xs = c.data.column(&x.field, "x")?;
    let ys = c.data.column(&y.field, "y")?;
    if matches!(ys, crate::data::Values::Text(_)) {
        return Err(ChartError::ColumnType {
            field: y.field.clone(),
            channel: "y",
            expected: "numbers",
            found: "text",
        });
    }
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<f64>> = HashMap::new();
    for i in 0..c.data.rows() {
        let Some(v) = ys.number(i) else { continue };
        let k = category_label(xs, i, x, c.locale);
        groups
            .entry(k.clone())
            .or_insert_with(|| {
                order.push(k);
                Vec::new()
            })
            .push(v);
    }
    order.truncate(model::MAX_CATEGORIES);
    if order.is_empty() {
        return Ok(empty("No data"));
    }
    let color = c.colors.series(0);
    let (mut boxes, mut outliers, mut hits) = (Vec::new(), Vec::new(), Vec::new());
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let fy = value_format(y, 0.0);
    for (i, k) in order.iter().enumerate() {
        let Some(values) = groups.get_mut(k) else {
            continue;
        };
        let Some((q, out)) = model::quartiles(values) else {
            continue;
        };
        lo = lo
            .min(q[0])
            .min(out.iter().copied().fold(f64::INFINITY, f64::min));
        hi = hi
            .max(q[4])
            .max(out.iter().copied().fold(f64::NEG_INFINITY, f64::max));
        boxes.push((i as f64, q));
        outliers.extend(out.iter().take(500).map(|&v| [i as f64, v]));
        hits.push(HitProto {
            series: y.field.clone(),
            category: k.clone(),
            value: q[2],
            text: format!("median {}", model::format_value(Some(&fy), q[2], c.locale)),
            shape: HitShape::PlotRect([i as f64 - 0.25, q[0], i as f64 + 0.25, q[4]]),
        });
    }
    let (ya, _) = AxisPlan::numeric(
        lo,
        hi,
        c.y_ticks(),
        &value_format(y, lo.abs().max(hi.abs())),
        c.locale,
        y.display_title().map(str::to_string),
    );
    let xa = AxisPlan::categories(
        &order,
        c.plot_w,
        true,
        x.display_title().map(str::to_string),
    );
    let layers = vec![
        Layer::Boxes { boxes, color },
        Layer::Points {
            points: outliers,
            color: c.colors.muted,
            radius: 2.0,
        },
    ];
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: None,
        layers,
        grid: [false, true],
        hits,
        zoomable: false,
    };
    Ok(Plan {
        legend: Vec::new(),
        notes: Vec::new(),
        body: Body::Plot(Box::new(plot)),
    })
}

/// Cells coloured by `color` for each (`x`, `y`) category pair.
pub fn heatmap(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let Some(v) = c.spec.encoding.color.as_ref() else {
        return Err(ChartError::MissingEncoding {
            kind: "heatmap",
            channel: "color",
        });
    };
    let cat = model::categorical(c.data, x, v, Some(y), c.locale)?;
    let cells: Vec<f64> = cat.values.iter().flatten().flatten().copied().collect();
    if cells.is_empty() {
        return Ok(empty("No data"));
    }
    let (min, max) = cells
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let span = if max > min { max - min } else { 1.0 };
    let fmt = value_format(v, min.abs().max(max.abs()));
    let (nx, ny) = (cat.categories.len(), cat.series.len());
    let widest = cells
        .iter()
        .map(|&v| {
            fmt.format(v, c.locale, decimals_for_value(v))
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0);
    // Values are written in the cells only where they fit; the legend and the hit map still
    // carry them.
    let fits =
        widest as f32 * LABEL_CHAR_W + 4.0 <= c.plot_w / nx as f32 && c.plot_h / ny as f32 >= 16.0;
    let labels_on = fits && (c.spec.data_labels || nx * ny <= 120);
    let (mut bars, mut labels, mut hits) = (Vec::new(), Vec::new(), Vec::new());
    for (j, row) in cat.values.iter().enumerate() {
        let yi = (ny - 1 - j) as f64;
        for (i, cell) in row.iter().enumerate() {
            let Some(val) = *cell else { continue };
            let color = c.colors.scale_at((val - min) / span);
            bars.push(BarRect {
                pos: i as f64,
                base: yi - 0.47,
                value: 0.94,
                width: 0.94,
                color,
            });
            let text = fmt.format(val, c.locale, decimals_for_value(val));
            if labels_on {
                labels.push((
                    [i as f64, yi],
                    text.clone(),
                    Align2::CENTER_CENTER,
                    c.colors.text_on(color),
                ));
            }
            hits.push(HitProto {
                series: cat.series[j].clone(),
                category: cat.categories[i].clone(),
                value: val,
                text,
                shape: HitShape::PlotRect([i as f64 - 0.5, yi - 0.5, i as f64 + 0.5, yi + 0.5]),
            });
        }
    }
    let xa = AxisPlan::categories(
        &cat.categories,
        c.plot_w,
        true,
        x.display_title().map(str::to_string),
    );
    let mut rows: Vec<String> = cat.series.clone();
    rows.reverse();
    let ya = AxisPlan::categories(
        &rows,
        c.plot_h,
        false,
        y.display_title().map(str::to_string),
    );
    let legend = (0..5)
        .map(|k| {
            let t = k as f64 / 4.0;
            let val = min + t * span;
            LegendEntry {
                name: fmt.format(val, c.locale, decimals_for_value(val)),
                color: c.colors.scale_at(t),
                line: false,
            }
        })
        .collect();
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: None,
        layers: vec![
            Layer::Bars {
                bars,
                horizontal: false,
            },
            Layer::Labels { labels },
        ],
        grid: [false, false],
        hits,
        zoomable: false,
    };
    Ok(Plan {
        legend,
        notes: Vec::new(),
        body: Body::Plot(Box::new(plot)),
    })
}

/// Pie and donut: shares of positive values, small slices grouped into "Other".
pub fn pie(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let cat = model::categorical(c.data, x, y, None, c.locale)?;
    let vals = cat.values.first().cloned().unwrap_or_default();
    let mut slices: Vec<(String, f64)> = cat
        .categories
        .iter()
        .zip(&vals)
        .filter_map(|(k, v)| v.filter(|v| *v > 0.0).map(|v| (k.clone(), v)))
        .collect();
    let skipped = vals.iter().flatten().filter(|v| **v < 0.0).count();
    if slices.is_empty() {
        return Ok(empty("No data"));
    }
    let mut notes = Vec::new();
    if skipped > 0 {
        notes.push(format!(
            "{skipped} negative value(s) cannot be shown as slices and were left out."
        ));
    }
    if slices.len() > MAX_SLICES {
        let mut sorted = slices.clone();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        let rest: f64 = sorted[MAX_SLICES - 1..].iter().map(|s| s.1).sum();
        let keep: Vec<String> = sorted[..MAX_SLICES - 1]
            .iter()
            .map(|s| s.0.clone())
            .collect();
        slices.retain(|s| keep.contains(&s.0));
        slices.push(("Other".into(), rest));
    }
    let total: f64 = slices.iter().map(|s| s.1).sum();
    let fmt = value_format(y, total);
    let plan_slices: Vec<(String, f64, egui::Color32, String)> = slices
        .iter()
        .enumerate()
        .map(|(i, (k, v))| {
            (
                k.clone(),
                *v,
                c.colors.series(i),
                fmt.format(*v, c.locale, decimals_for_value(*v)),
            )
        })
        .collect();
    let legend = plan_slices
        .iter()
        .map(|s| LegendEntry {
            name: s.0.clone(),
            color: s.2,
            line: false,
        })
        .collect();
    let donut = c.spec.kind == ChartKind::Donut;
    let total_text = donut.then(|| fmt.format(total, c.locale, decimals_for_value(total)));
    Ok(Plan {
        legend,
        notes,
        body: Body::Pie(PiePlan {
            slices: plan_slices,
            hole: if donut { 0.58 } else { 0.0 },
            total: total_text,
            labels: true,
        }),
    })
}

/// A big number (last value, or the sum without `x`), its change and a sparkline.
pub fn kpi(c: &Ctx<'_>) -> Result<Plan> {
    let Some(y) = c.spec.encoding.y.as_ref() else {
        return Err(ChartError::MissingEncoding {
            kind: "kpi",
            channel: "y",
        });
    };
    let points: Vec<[f64; 2]> = match c.spec.encoding.x.as_ref() {
        Some(x) if model::x_kind(c.data, x)?.is_some() => {
            model::xy(c.data, x, y, None, None, true, c.locale)?
                .into_iter()
                .next()
                .map(|s| s.points)
                .unwrap_or_default()
        }
        _ => model::finite_values(c.data, y, "y")?
            .into_iter()
            .enumerate()
            .map(|(i, v)| [i as f64, v])
            .collect(),
    };
    let Some(last) = points.last().map(|p| p[1]) else {
        return Ok(empty("No data"));
    };
    let fmt = value_format(y, last.abs());
    let delta = (points.len() >= 2).then(|| {
        let prev = points[points.len() - 2][1];
        let pct = if prev != 0.0 {
            (last - prev) / prev.abs()
        } else {
            0.0
        };
        let p = NumberFormat {
            style: NumberStyle::Percent,
            decimals: Some(1),
            ..Default::default()
        };
        let sign = if last >= prev { "+" } else { "-" };
        (
            format!("{sign}{} vs previous", p.format(pct.abs(), c.locale, 1)),
            last >= prev,
        )
    });
    let caption = y.display_title().unwrap_or(&y.field).to_string();
    let spark = model::lttb(&points, 400);
    Ok(Plan {
        legend: Vec::new(),
        notes: Vec::new(),
        body: Body::Kpi(KpiPlan {
            value: fmt.format(last, c.locale, decimals_for_value(last)),
            last,
            caption,
            delta,
            spark,
            color: c.colors.series(0),
        }),
    })
}
