//! Pie/donut slices and the KPI tile, painted with epaint directly.

use std::f32::consts::{FRAC_PI_2, TAU};

use egui::epaint::PathShape;
use egui::{Align2, FontId, Pos2, Rect, Shape, Stroke, Ui, vec2};

use super::bold_family;
use super::draw::scene_rect;
use super::plan::{KpiPlan, PiePlan};
use crate::hit::{HitMap, HitRegion};
use crate::theme::Colors;

fn arc(c: Pos2, r: f32, a0: f32, a1: f32) -> Vec<Pos2> {
    let steps = (((a1 - a0) / (TAU / 180.0)).ceil() as usize).max(1);
    (0..=steps)
        .map(|i| {
            let a = a0 + (a1 - a0) * i as f32 / steps as f32;
            Pos2::new(c.x + r * a.cos(), c.y + r * a.sin())
        })
        .collect()
}

/// Draws slices clockwise from 12 o'clock, percentages on large slices and the total in the hole.
pub fn pie(ui: &Ui, area: Rect, p: &PiePlan, colors: &Colors, hits: &mut HitMap) {
    let painter = ui.painter();
    let total: f64 = p.slices.iter().map(|s| s.1).sum();
    let r = (area.width().min(area.height()) / 2.0 - 4.0).max(8.0);
    let c = area.center();
    let mut a0 = -FRAC_PI_2;
    for (name, v, color, text) in &p.slices {
        let frac = (*v / total) as f32;
        let a1 = a0 + frac * TAU;
        let mut pts = arc(c, r, a0, a1);
        if p.hole > 0.0 {
            let mut inner = arc(c, r * p.hole, a0, a1);
            inner.reverse();
            pts.extend(inner);
        } else {
            pts.push(c);
        }
        let bbox = Rect::from_points(&pts);
        painter.add(Shape::Path(PathShape::convex_polygon(
            pts,
            *color,
            Stroke::new(1.5, colors.background),
        )));
        hits.regions.push(HitRegion {
            series: String::new(),
            category: name.clone(),
            value: *v,
            text: text.clone(),
            rect: scene_rect(bbox),
        });
        if p.labels && frac * TAU > 0.28 {
            let mid = (a0 + a1) / 2.0;
            let rr = if p.hole > 0.0 {
                r * (1.0 + p.hole) / 2.0
            } else {
                r * 0.64
            };
            let at = Pos2::new(c.x + rr * mid.cos(), c.y + rr * mid.sin());
            let pct = crate::format::NumberFormat {
                style: crate::format::NumberStyle::Percent,
                ..Default::default()
            }
            .format(
                f64::from(frac),
                crate::format::Locale::En,
                usize::from(frac < 0.1),
            );
            painter.text(
                at,
                Align2::CENTER_CENTER,
                pct,
                FontId::new(11.0, bold_family()),
                colors.text_on(*color),
            );
        }
        a0 = a1;
    }
    if let Some(t) = &p.total {
        let size = (r * p.hole * 0.42).clamp(11.0, 30.0);
        painter.text(
            c - vec2(0.0, size * 0.25),
            Align2::CENTER_CENTER,
            t,
            FontId::new(size, bold_family()),
            colors.text,
        );
        painter.text(
            c + vec2(0.0, size * 0.6),
            Align2::CENTER_TOP,
            "Total",
            FontId::proportional(11.0),
            colors.muted,
        );
    }
}

/// Caption, big value, change and a sparkline filling the lower part.
pub fn kpi(ui: &Ui, area: Rect, k: &KpiPlan, colors: &Colors, hits: &mut HitMap) {
    let painter = ui.painter();
    let mut y = area.min.y;
    let cap = painter.layout_no_wrap(k.caption.clone(), FontId::proportional(12.0), colors.muted);
    let h = cap.size().y;
    painter.galley(Pos2::new(area.min.x, y), cap, colors.muted);
    y += h + 2.0;
    let size = (area.height() * 0.28).clamp(16.0, 56.0);
    let big = painter.layout_no_wrap(
        k.value.clone(),
        FontId::new(size, bold_family()),
        colors.text,
    );
    let (h, bw) = (big.size().y, big.size().x);
    painter.galley(Pos2::new(area.min.x, y), big, colors.text);
    let rect = Rect::from_min_size(Pos2::new(area.min.x, y), vec2(bw, h));
    hits.regions.push(HitRegion {
        series: k.caption.clone(),
        category: String::new(),
        value: k.last,
        text: k.value.clone(),
        rect: scene_rect(rect),
    });
    y += h;
    if let Some((text, up)) = &k.delta {
        let col = if *up {
            colors.waterfall[0]
        } else {
            colors.waterfall[1]
        };
        let g = painter.layout_no_wrap(text.clone(), FontId::proportional(12.0), col);
        let h = g.size().y;
        painter.galley(Pos2::new(area.min.x, y), g, col);
        y += h;
    }
    let spark = Rect::from_min_max(Pos2::new(area.min.x, y + 10.0), area.max);
    if k.spark.len() < 2 || spark.height() < 12.0 {
        return;
    }
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for p in &k.spark {
        (x0, x1, y0, y1) = (x0.min(p[0]), x1.max(p[0]), y0.min(p[1]), y1.max(p[1]));
    }
    let (sx, sy) = (
        if x1 > x0 { x1 - x0 } else { 1.0 },
        if y1 > y0 { y1 - y0 } else { 1.0 },
    );
    let pts: Vec<Pos2> = k
        .spark
        .iter()
        .map(|p| {
            Pos2::new(
                spark.min.x + ((p[0] - x0) / sx) as f32 * spark.width(),
                spark.max.y - ((p[1] - y0) / sy) as f32 * spark.height(),
            )
        })
        .collect();
    let mut fill = pts.clone();
    fill.push(spark.right_bottom());
    fill.push(spark.left_bottom());
    painter.add(Shape::Path(PathShape::convex_polygon(
        fill,
        k.color.gamma_multiply(0.18),
        Stroke::NONE,
    )));
    painter.add(Shape::line(pts, Stroke::new(2.0, k.color)));
}
