//! Plans for bar kinds, combo and waterfall.

use egui::Align2;

use super::kinds::{Ctx, empty, legend_for, value_format};
use super::plan::{
    AxisPlan, BarRect, Body, HitProto, HitShape, Layer, LegendEntry, Plan, PlotPlan,
};
use crate::error::Result;
use crate::format::{NumberFormat, NumberStyle};
use crate::model::{self, Categorical};
use crate::spec::ChartKind;
use crate::ticks::NiceScale;

fn dropped_note(cat: &Categorical) -> Vec<String> {
    if cat.dropped > 0 {
        vec![format!(
            "Showing the first {} categories; {} more left out.",
            cat.categories.len(),
            cat.dropped
        )]
    } else {
        Vec::new()
    }
}

/// Bar, horizontal, grouped, stacked and 100 % stacked bars.
pub fn bars(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let cat = model::categorical(c.data, x, y, c.spec.encoding.series.as_ref(), c.locale)?;
    if cat.categories.is_empty() || cat.values.iter().flatten().all(Option::is_none) {
        return Ok(empty("No data"));
    }
    let kind = c.spec.kind;
    let horizontal = kind == ChartKind::HorizontalBar;
    let stacked = matches!(kind, ChartKind::StackedBar | ChartKind::PercentStackedBar);
    let percent = kind == ChartKind::PercentStackedBar;
    let n = cat.categories.len();
    let ns = cat.series.len().max(1);
    let fmt = if percent {
        NumberFormat {
            style: NumberStyle::Percent,
            ..Default::default()
        }
    } else {
        value_format(y, 0.0)
    };
    let totals: Vec<f64> = (0..n)
        .map(|ci| {
            cat.values
                .iter()
                .filter_map(|s| s[ci])
                .map(f64::abs)
                .sum::<f64>()
        })
        .collect();

    let group_w = if n > 200 { 0.9 } else { 0.72 };
    let bar_w = if stacked {
        group_w
    } else {
        group_w / ns as f64
    };
    let (mut bars, mut hits, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    let mut pos_base = vec![0.0; n];
    let mut neg_base = vec![0.0; n];
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for (si, series) in cat.values.iter().enumerate() {
        let color = c.colors.series(si);
        for (ci, v) in series.iter().enumerate() {
            let Some(mut v) = *v else { continue };
            if percent {
                v = if totals[ci] > 0.0 {
                    v / totals[ci]
                } else {
                    0.0
                };
            }
            let slot = if horizontal {
                (n - 1 - ci) as f64
            } else {
                ci as f64
            };
            let (pos, base) = if stacked {
                let b = if v >= 0.0 {
                    &mut pos_base[ci]
                } else {
                    &mut neg_base[ci]
                };
                let base = *b;
                *b += v;
                (slot, base)
            } else {
                (slot - group_w / 2.0 + (si as f64 + 0.5) * bar_w, 0.0)
            };
            lo = lo.min(base + v).min(base);
            hi = hi.max(base + v).max(base);
            bars.push(BarRect {
                pos,
                base,
                value: v,
                width: bar_w * if stacked || ns == 1 { 1.0 } else { 0.92 },
                color,
            });
            let text = fmt.format(
                v,
                c.locale,
                if percent {
                    0
                } else {
                    crate::format::decimals_for_value(v)
                },
            );
            let (a, b) = (pos - bar_w / 2.0, pos + bar_w / 2.0);
            let rect = if horizontal {
                [base, a, base + v, b]
            } else {
                [a, base, b, base + v]
            };
            hits.push(HitProto {
                series: cat.series[si].clone(),
                category: cat.categories[ci].clone(),
                value: v,
                text: text.clone(),
                shape: HitShape::PlotRect(rect),
            });
            if c.spec.data_labels && n * ns <= 120 {
                let end = base + v;
                let (at, anchor, col) = if stacked {
                    (
                        base + v / 2.0,
                        Align2::CENTER_CENTER,
                        c.colors.text_on(color),
                    )
                } else if horizontal {
                    (
                        end,
                        if v >= 0.0 {
                            Align2::LEFT_CENTER
                        } else {
                            Align2::RIGHT_CENTER
                        },
                        c.colors.muted,
                    )
                } else {
                    (
                        end,
                        if v >= 0.0 {
                            Align2::CENTER_BOTTOM
                        } else {
                            Align2::CENTER_TOP
                        },
                        c.colors.muted,
                    )
                };
                let p = if horizontal { [at, pos] } else { [pos, at] };
                labels.push((p, format!(" {text} "), anchor, col, v.abs()));
            }
        }
    }
    // Room for labels at the bar ends.
    let room = if c.spec.data_labels && !stacked {
        (hi - lo) * 0.08
    } else {
        0.0
    };
    let (value_axis, _) = AxisPlan::numeric(
        if lo < 0.0 { lo - room } else { lo },
        if hi > 0.0 { hi + room } else { hi },
        if horizontal { c.x_ticks() } else { c.y_ticks() },
        &fmt,
        c.locale,
        y.display_title().map(str::to_string),
    );
    let min_label = (value_axis.range.1 - value_axis.range.0) * 0.05;
    let labels = labels
        .into_iter()
        .filter(|l| !stacked || l.4 >= min_label)
        .map(|(p, t, a, col, _)| (p, t, a, col))
        .collect();
    let mut cats = cat.categories.clone();
    if horizontal {
        cats.reverse();
    }
    let cat_axis = AxisPlan::categories(
        &cats,
        if horizontal { c.plot_h } else { c.plot_w },
        !horizontal,
        x.display_title().map(str::to_string),
    );
    let mut layers = vec![Layer::Bars { bars, horizontal }];
    layers.push(Layer::Labels { labels });
    let (xa, ya) = if horizontal {
        (value_axis, cat_axis)
    } else {
        (cat_axis, value_axis)
    };
    if !horizontal {
        layers.insert(
            1,
            Layer::Rule {
                y: 0.0,
                color: c.colors.axis,
            },
        );
    }
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: None,
        layers,
        grid: [horizontal, !horizontal],
        hits,
        zoomable: false,
    };
    Ok(Plan {
        legend: legend_for(c, &cat.series, false),
        notes: dropped_note(&cat),
        body: Body::Plot(Box::new(plot)),
    })
}

/// Bars on the left axis and `y2` as a line on an aligned right axis.
pub fn combo(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let Some(y2) = c.spec.encoding.y2.as_ref() else {
        return Ok(empty("No data"));
    };
    let bars_cat = model::categorical(c.data, x, y, None, c.locale)?;
    let line_cat = model::categorical(c.data, x, y2, None, c.locale)?;
    let bv: Vec<Option<f64>> = bars_cat.values.first().cloned().unwrap_or_default();
    let lv: Vec<Option<f64>> = line_cat.values.first().cloned().unwrap_or_default();
    if bars_cat.categories.is_empty()
        || (bv.iter().all(Option::is_none) && lv.iter().all(Option::is_none))
    {
        return Ok(empty("No data"));
    }
    let fin = |v: &[Option<f64>]| {
        v.iter()
            .flatten()
            .fold((0.0f64, 0.0f64), |(a, b), &x| (a.min(x), b.max(x)))
    };
    let (bl, bh) = fin(&bv);
    let (ll, lh) = fin(&lv);
    let left = NiceScale::new(bl, bh, c.y_ticks());
    let right = NiceScale::aligned(ll, lh, left.intervals());
    let to_left = |r: f64| left.lo + (r - right.lo) / right.step * left.step;
    let to_right = |l: f64| right.lo + (l - left.lo) / left.step * right.step;
    let (f1, f2) = (value_format(y, bh), value_format(y2, lh));
    let ya = AxisPlan::from_scale(
        &left,
        &f1,
        c.locale,
        y.display_title().map(str::to_string),
        |v| v,
    );
    let y2a = AxisPlan::from_scale(
        &left,
        &f2,
        c.locale,
        y2.display_title().map(str::to_string),
        to_right,
    );
    let (c0, c1) = (c.colors.series(0), c.colors.series(1));
    let mut bars = Vec::new();
    let mut hits = Vec::new();
    let mut line = Vec::new();
    for (i, cat) in bars_cat.categories.iter().enumerate() {
        if let Some(v) = bv.get(i).copied().flatten() {
            bars.push(BarRect {
                pos: i as f64,
                base: 0.0,
                value: v,
                width: 0.62,
                color: c0,
            });
            hits.push(HitProto {
                series: y.field.clone(),
                category: cat.clone(),
                value: v,
                text: model::format_value(Some(&f1), v, c.locale),
                shape: HitShape::PlotRect([i as f64 - 0.31, 0.0, i as f64 + 0.31, v]),
            });
        }
        if let Some(v) = line_cat
            .categories
            .iter()
            .position(|k| k == cat)
            .and_then(|j| lv.get(j).copied().flatten())
        {
            line.push([i as f64, to_left(v)]);
            hits.push(HitProto {
                series: y2.field.clone(),
                category: cat.clone(),
                value: v,
                text: model::format_value(Some(&f2), v, c.locale),
                shape: HitShape::PlotPoint([i as f64, to_left(v)], 5.0),
            });
        }
    }
    let xa = AxisPlan::categories(
        &bars_cat.categories,
        c.plot_w,
        true,
        x.display_title().map(str::to_string),
    );
    let mut layers = vec![
        Layer::Bars {
            bars,
            horizontal: false,
        },
        Layer::Rule {
            y: 0.0,
            color: c.colors.axis,
        },
    ];
    let radius = if line.len() <= 60 { 3.5 } else { 0.0 };
    layers.push(Layer::Line {
        points: line.clone(),
        color: c1,
        width: 2.5,
    });
    if radius > 0.0 {
        layers.push(Layer::Points {
            points: line,
            color: c1,
            radius,
        });
    }
    let legend = vec![
        LegendEntry {
            name: y.display_title().unwrap_or(&y.field).to_string(),
            color: c0,
            line: false,
        },
        LegendEntry {
            name: y2.display_title().unwrap_or(&y2.field).to_string(),
            color: c1,
            line: true,
        },
    ];
    let plot = PlotPlan {
        x: xa,
        y: ya,
        y2: Some(y2a),
        layers,
        grid: [false, true],
        hits,
        zoomable: false,
    };
    Ok(Plan {
        legend,
        notes: dropped_note(&bars_cat),
        body: Body::Plot(Box::new(plot)),
    })
}

/// Running total of steps with a final total bar.
pub fn waterfall(c: &Ctx<'_>) -> Result<Plan> {
    let (x, y) = c.xy_channels()?;
    let cat = model::categorical(c.data, x, y, None, c.locale)?;
    let vals: Vec<Option<f64>> = cat.values.first().cloned().unwrap_or_default();
    if vals.iter().all(Option::is_none) {
        return Ok(empty("No data"));
    }
    let [up, down, total_c] = c.colors.waterfall;
    let fmt = value_format(
        y,
        vals.iter().flatten().fold(0.0, |a: f64, b| a.max(b.abs())),
    );
    let (mut bars, mut hits, mut labels, mut connectors) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut cum, mut lo, mut hi) = (0.0f64, 0.0f64, 0.0f64);
    let mut names = cat.categories.clone();
    names.push("Total".into());
    for (i, v) in vals.iter().enumerate() {
        let v = v.unwrap_or(0.0);
        let color = if v >= 0.0 { up } else { down };
        bars.push(BarRect {
            pos: i as f64,
            base: cum,
            value: v,
            width: 0.64,
            color,
        });
        let text = fmt.format(v, c.locale, crate::format::decimals_for_value(v));
        hits.push(HitProto {
            series: y.field.clone(),
            category: names[i].clone(),
            value: v,
            text: text.clone(),
            shape: HitShape::PlotRect([i as f64 - 0.32, cum, i as f64 + 0.32, cum + v]),
        });
        if c.spec.data_labels || vals.len() <= 16 {
            let top = cum.max(cum + v);
            labels.push((
                [i as f64, top],
                format!(" {text} "),
                Align2::CENTER_BOTTOM,
                c.colors.muted,
            ));
        }
        cum += v;
        lo = lo.min(cum);
        hi = hi.max(cum);
        connectors.push(Layer::Line {
            points: vec![[i as f64 + 0.32, cum], [i as f64 + 0.68, cum]],
            color: c.colors.axis,
            width: 1.0,
        });
    }
    let n = vals.len();
    bars.push(BarRect {
        pos: n as f64,
        base: 0.0,
        value: cum,
        width: 0.64,
        color: total_c,
    });
    let text = fmt.format(cum, c.locale, crate::format::decimals_for_value(cum));
    hits.push(HitProto {
        series: y.field.clone(),
        category: "Total".into(),
        value: cum,
        text: text.clone(),
        shape: HitShape::PlotRect([n as f64 - 0.32, 0.0, n as f64 + 0.32, cum]),
    });
    labels.push((
        [n as f64, cum.max(0.0)],
        format!(" {text} "),
        Align2::CENTER_BOTTOM,
        c.colors.text,
    ));
    let room = (hi - lo) * 0.08;
    let (ya, _) = AxisPlan::numeric(
        if lo < 0.0 { lo - room } else { lo },
        hi + room,
        c.y_ticks(),
        &fmt,
        c.locale,
        y.display_title().map(str::to_string),
    );
    let xa = AxisPlan::categories(
        &names,
        c.plot_w,
        true,
        x.display_title().map(str::to_string),
    );
    let mut layers = vec![
        Layer::Bars {
            bars,
            horizontal: false,
        },
        Layer::Rule {
            y: 0.0,
            color: c.colors.axis,
        },
    ];
    layers.extend(connectors);
    layers.push(Layer::Labels { labels });
    let legend = vec![
        LegendEntry {
            name: "Increase".into(),
            color: up,
            line: false,
        },
        LegendEntry {
            name: "Decrease".into(),
            color: down,
            line: false,
        },
        LegendEntry {
            name: "Total".into(),
            color: total_c,
            line: false,
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
        legend,
        notes: dropped_note(&cat),
        body: Body::Plot(Box::new(plot)),
    })
}
