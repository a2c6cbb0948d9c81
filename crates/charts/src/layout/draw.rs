//! One frame: title, legend, notes and the body (egui_plot, pie or KPI).

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Stroke, Ui, UiBuilder, Vec2, vec2};
use egui_plot::{
    AxisHints, Bar, BarChart, BoxElem, BoxPlot, BoxSpread, FilledArea, GridMark, HLine, HPlacement,
    Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Text,
};

use super::bold_family;
use super::plan::{AxisPlan, Body, HitShape, Layer, LegendEntry, Plan, PlotPlan};
use crate::hit::{HitMap, HitRegion};
use crate::spec::{ChartSpec, LegendPosition};
use crate::theme::Colors;
use crate::view::View;

const PAD: f32 = 14.0;
const LEGEND_ROW: f32 = 18.0;

pub(super) fn scene_rect(r: Rect) -> crate::scene::Rect {
    crate::scene::Rect {
        x: r.min.x,
        y: r.min.y,
        w: r.width(),
        h: r.height(),
    }
}

/// Which of the two frames is being drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Lays out axes and text only: egui_plot sizes its axes from the previous frame, and the
    /// marks (up to tens of thousands of shapes) do not change that.
    Sizing,
    /// Draws everything and records the hit map.
    Final,
}

/// Draws the whole chart into `ui` and returns its hit map (empty in the sizing pass).
pub fn draw(ui: &mut Ui, spec: &ChartSpec, plan: &Plan, colors: &Colors, pass: Pass) -> HitMap {
    let painter = ui.painter().clone();
    let mut area = ui.max_rect().shrink(PAD);
    if let Some(title) = &spec.title {
        let g =
            painter.layout_no_wrap(title.clone(), FontId::new(15.0, bold_family()), colors.text);
        let h = g.size().y;
        painter.galley(area.min, g, colors.text);
        area.min.y += h + 2.0;
    }
    if let Some(sub) = &spec.subtitle {
        let g = painter.layout_no_wrap(sub.clone(), FontId::proportional(11.5), colors.muted);
        let h = g.size().y;
        painter.galley(area.min, g, colors.muted);
        area.min.y += h;
    }
    if spec.title.is_some() || spec.subtitle.is_some() {
        area.min.y += 10.0;
    }
    for note in plan.notes.iter().rev() {
        let g = painter.layout_no_wrap(note.clone(), FontId::proportional(10.0), colors.muted);
        let h = g.size().y;
        painter.galley(Pos2::new(area.min.x, area.max.y - h), g, colors.muted);
        area.max.y -= h + 2.0;
    }
    let legend = if plan.legend.is_empty() {
        LegendPosition::None
    } else {
        spec.legend
    };
    match legend {
        LegendPosition::Right => {
            let w = legend_width(ui, &plan.legend, area.width() * 0.3);
            let r = Rect::from_min_max(Pos2::new(area.max.x - w, area.min.y), area.max);
            legend_column(ui, &plan.legend, r, colors);
            area.max.x -= w + 12.0;
        }
        LegendPosition::Top | LegendPosition::Bottom => {
            let h = legend_rows(
                ui,
                &plan.legend,
                area,
                colors,
                legend == LegendPosition::Top,
                false,
            );
            if legend == LegendPosition::Top {
                legend_rows(ui, &plan.legend, area, colors, true, true);
                area.min.y += h + 8.0;
            } else {
                legend_rows(ui, &plan.legend, area, colors, false, true);
                area.max.y -= h + 6.0;
            }
        }
        LegendPosition::Inside | LegendPosition::None => {}
    }
    let mut hits = HitMap::default();
    match &plan.body {
        Body::Empty(msg) => {
            painter.text(
                area.center(),
                Align2::CENTER_CENTER,
                msg,
                FontId::proportional(14.0),
                colors.muted,
            );
        }
        Body::Plot(p) => {
            let frame = plot(ui, area, p, colors, &mut hits, pass);
            if legend == LegendPosition::Inside {
                inside_legend(ui, &plan.legend, frame, colors);
            }
        }
        Body::Pie(p) => super::pie::pie(ui, area, p, colors, &mut hits),
        Body::Kpi(k) => super::pie::kpi(ui, area, k, colors, &mut hits),
    }
    hits
}

fn legend_label(ui: &Ui, e: &LegendEntry, color: Color32) -> std::sync::Arc<egui::Galley> {
    ui.painter().layout_no_wrap(
        super::plan::truncate(if e.name.is_empty() {
            "(blank)"
        } else {
            &e.name
        }),
        FontId::proportional(11.0),
        color,
    )
}

fn legend_width(ui: &Ui, entries: &[LegendEntry], max: f32) -> f32 {
    let w = entries
        .iter()
        .map(|e| legend_label(ui, e, Color32::WHITE).size().x)
        .fold(0.0, f32::max);
    (w + 18.0).min(max.max(40.0))
}

fn swatch(ui: &Ui, e: &LegendEntry, at: Pos2) {
    let p = ui.painter();
    if e.line {
        p.line_segment(
            [at + vec2(0.0, 0.0), at + vec2(12.0, 0.0)],
            Stroke::new(2.5, e.color),
        );
    } else {
        p.rect_filled(
            Rect::from_center_size(at + vec2(5.0, 0.0), Vec2::splat(10.0)),
            2.0,
            e.color,
        );
    }
}

fn legend_column(ui: &Ui, entries: &[LegendEntry], r: Rect, colors: &Colors) {
    let rows = ((r.height() / LEGEND_ROW).floor() as usize).max(1);
    let shown = if entries.len() > rows {
        rows.saturating_sub(1)
    } else {
        entries.len()
    };
    for (i, e) in entries.iter().take(shown).enumerate() {
        let y = r.min.y + 6.0 + i as f32 * LEGEND_ROW;
        swatch(ui, e, Pos2::new(r.min.x, y + 1.0));
        let g = legend_label(ui, e, colors.text);
        let gh = g.size().y;
        ui.painter().with_clip_rect(r).galley(
            Pos2::new(r.min.x + 18.0, y - gh / 2.0 + 1.0),
            g,
            colors.text,
        );
    }
    if shown < entries.len() {
        let y = r.min.y + 6.0 + shown as f32 * LEGEND_ROW;
        ui.painter().text(
            Pos2::new(r.min.x + 18.0, y),
            Align2::LEFT_CENTER,
            format!("+{} more", entries.len() - shown),
            FontId::proportional(11.0),
            colors.muted,
        );
    }
}

/// Lays legend entries out in rows; paints them when `paint`. Returns the height used.
fn legend_rows(
    ui: &Ui,
    entries: &[LegendEntry],
    area: Rect,
    colors: &Colors,
    top: bool,
    paint: bool,
) -> f32 {
    let mut rows: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let mut x = 0.0;
    for (i, e) in entries.iter().enumerate() {
        let w = legend_label(ui, e, colors.text).size().x + 18.0 + 16.0;
        if x + w > area.width() && x > 0.0 {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, w));
        }
        x += w;
    }
    rows.truncate(3);
    let h = rows.len() as f32 * LEGEND_ROW;
    if paint {
        let y0 = if top { area.min.y } else { area.max.y - h };
        for (ri, row) in rows.iter().enumerate() {
            let total: f32 = row.iter().map(|r| r.1).sum::<f32>() - 16.0;
            let mut x = area.center().x - total / 2.0;
            let y = y0 + ri as f32 * LEGEND_ROW + LEGEND_ROW / 2.0;
            for &(i, w) in row {
                swatch(ui, &entries[i], Pos2::new(x, y));
                let g = legend_label(ui, &entries[i], colors.text);
                let gh = g.size().y;
                ui.painter()
                    .galley(Pos2::new(x + 18.0, y - gh / 2.0), g, colors.text);
                x += w;
            }
        }
    }
    h
}

fn inside_legend(ui: &Ui, entries: &[LegendEntry], frame: Rect, colors: &Colors) {
    let w = legend_width(ui, entries, frame.width() * 0.4) + 16.0;
    let n = entries
        .len()
        .min(((frame.height() - 16.0) / LEGEND_ROW).max(1.0) as usize);
    let r = Rect::from_min_size(
        Pos2::new(frame.max.x - w - 8.0, frame.min.y + 8.0),
        vec2(w, n as f32 * LEGEND_ROW + 8.0),
    );
    ui.painter().rect(
        r,
        4.0,
        colors.background.gamma_multiply(0.92),
        Stroke::new(1.0, colors.grid),
        egui::StrokeKind::Inside,
    );
    legend_column(ui, &entries[..n], r.shrink2(vec2(8.0, 4.0)), colors);
}

fn hints<'a>(axis: &'a AxisPlan, x: bool, colors: &Colors) -> AxisHints<'a> {
    let h = if x {
        AxisHints::new_x()
    } else {
        AxisHints::new_y()
    };
    let mut h = h
        .formatter(move |m: GridMark, _| axis.label_at(m.value))
        .label_spacing(1.0..=2.0)
        .tick_label_color(colors.muted)
        .tick_label_font(FontId::proportional(10.5));
    if let Some(t) = axis.title.as_ref().filter(|_| !axis.hidden) {
        h = h.label(RichText::new(t.as_str()).color(colors.muted).size(11.0));
    }
    h
}

fn marks(axis: &AxisPlan) -> Vec<GridMark> {
    axis.marks
        .iter()
        .map(|(v, _)| GridMark {
            value: *v,
            step_size: axis.step,
        })
        .collect()
}

/// Draws an egui_plot chart into `area`; returns the plot frame.
fn plot(
    ui: &mut Ui,
    area: Rect,
    p: &PlotPlan,
    colors: &Colors,
    hits: &mut HitMap,
    pass: Pass,
) -> Rect {
    let area = room_for_last_x_label(ui, area, &p.x);
    let (x0, x1) = widen(p.x.range);
    let (y0, y1) = widen(p.y.range);
    let mut y_axes = vec![hints(&p.y, false, colors)];
    if let Some(y2) = &p.y2 {
        y_axes.push(hints(y2, false, colors).placement(HPlacement::Right));
    }
    let (xm, ym) = (marks(&p.x), marks(&p.y));
    let plot = Plot::new("quarry-chart")
        .width(area.width())
        .height(area.height())
        .show_background(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_x(false)
        .show_y(false)
        .show_grid(p.grid)
        .grid_color(colors.grid)
        .grid_spacing(1.0..=2.0)
        .set_margin_fraction(Vec2::ZERO)
        .default_x_bounds(x0, x1)
        .default_y_bounds(y0, y1)
        .show_axes([!p.x.hidden, !p.y.hidden])
        .x_grid_spacer(move |_| xm.clone())
        .y_grid_spacer(move |_| ym.clone())
        .custom_x_axes(vec![hints(&p.x, true, colors)])
        .custom_y_axes(y_axes);
    let layers = &p.layers;
    let resp = ui
        .scope_builder(UiBuilder::new().max_rect(area), |ui| {
            plot.show(ui, |pui| {
                if pass == Pass::Final {
                    add_layers(pui, layers);
                }
            })
        })
        .inner;
    let t = resp.transform;
    if pass == Pass::Sizing {
        return *t.frame();
    }
    hits.plot = Some(scene_rect(*t.frame()));
    if p.zoomable {
        let (x, y) = (widen(p.x.range), widen(p.y.range));
        hits.view = Some(View {
            x: Some([x.0, x.1]),
            y: Some([y.0, y.1]),
        });
    }
    for h in &p.hits {
        let r = match h.shape {
            HitShape::PlotRect([a, b, c, d]) => {
                t.rect_from_values(&PlotPoint::new(a, b), &PlotPoint::new(c, d))
            }
            HitShape::PlotPoint([a, b], r) => Rect::from_center_size(
                t.position_from_point(&PlotPoint::new(a, b)),
                Vec2::splat(2.0 * r),
            ),
        };
        // The texts are moved in from the plan after the frames (`take_hit_texts`): cloning
        // three strings per mark was a large part of drawing a 10,000-point scatter.
        hits.regions.push(HitRegion {
            series: String::new(),
            category: String::new(),
            value: h.value,
            text: String::new(),
            rect: scene_rect(r),
        });
    }
    *t.frame()
}

/// Narrows `area` so an x tick label centred on the right end of the axis is not cut at the
/// chart's edge.
fn room_for_last_x_label(ui: &Ui, mut area: Rect, x: &AxisPlan) -> Rect {
    let (lo, hi) = x.range;
    let Some((v, label)) = x.marks.last().filter(|_| !x.hidden && hi > lo) else {
        return area;
    };
    let from_end = ((hi - v) / (hi - lo)) as f32 * area.width();
    let half = ui
        .painter()
        .layout_no_wrap(label.clone(), FontId::proportional(10.5), Color32::BLACK)
        .size()
        .x
        / 2.0;
    let overhang = half - from_end - (PAD - 2.0);
    if overhang > 0.0 {
        area.max.x -= overhang;
    }
    area
}

fn widen((a, b): (f64, f64)) -> (f64, f64) {
    if a.is_finite() && b.is_finite() && b > a {
        (a, b)
    } else {
        (a.min(0.0) - 1.0, b.max(0.0) + 1.0)
    }
}

fn add_layers(pui: &mut egui_plot::PlotUi<'_>, layers: &[Layer]) {
    for (li, layer) in layers.iter().enumerate() {
        match layer {
            Layer::Bars { bars, horizontal } => {
                let list = bars
                    .iter()
                    .map(|b| {
                        let bar = Bar::new(b.pos, b.value)
                            .base_offset(b.base)
                            .width(b.width)
                            .fill(b.color)
                            .stroke(Stroke::NONE);
                        if *horizontal {
                            bar.horizontal()
                        } else {
                            bar.vertical()
                        }
                    })
                    .collect();
                let chart = BarChart::new("", list).id(("bars", li)).allow_hover(false);
                pui.bar_chart(if *horizontal {
                    chart.horizontal()
                } else {
                    chart
                });
            }
            Layer::Line {
                points,
                color,
                width,
            } => {
                pui.line(
                    Line::new("", PlotPoints::new(points.clone()))
                        .color(*color)
                        .width(*width)
                        .allow_band(false)
                        .allow_hover(false)
                        .id(("line", li)),
                );
            }
            Layer::Area { xs, lo, hi, color } => {
                pui.add(
                    FilledArea::new("", xs, lo, hi)
                        .fill_color(*color)
                        .stroke(Stroke::NONE)
                        .allow_hover(false)
                        .id(("area", li)),
                );
            }
            Layer::Points {
                points,
                color,
                radius,
            } => {
                pui.points(
                    Points::new("", PlotPoints::new(points.clone()))
                        .color(*color)
                        .radius(*radius)
                        .filled(true)
                        .shape(MarkerShape::Circle)
                        .allow_hover(false)
                        .id(("points", li)),
                );
            }
            Layer::Boxes { boxes, color } => {
                let elems = boxes
                    .iter()
                    .map(|(pos, q)| {
                        BoxElem::new(*pos, BoxSpread::new(q[0], q[1], q[2], q[3], q[4]))
                            .box_width(0.5)
                            .whisker_width(0.25)
                            .fill(color.gamma_multiply(0.35))
                            .stroke(Stroke::new(1.5, *color))
                    })
                    .collect();
                pui.box_plot(BoxPlot::new("", elems).allow_hover(false).id(("boxes", li)));
            }
            Layer::Labels { labels } => {
                for (i, (p, text, anchor, color)) in labels.iter().enumerate() {
                    pui.text(
                        Text::new(
                            "",
                            PlotPoint::new(p[0], p[1]),
                            RichText::new(text.as_str()).size(10.5).color(*color),
                        )
                        .anchor(*anchor)
                        .allow_hover(false)
                        .id(("label", li, i)),
                    );
                }
            }
            Layer::Rule { y, color } => {
                pui.hline(
                    HLine::new("", *y)
                        .color(*color)
                        .width(1.0)
                        .allow_hover(false)
                        .id(("rule", li)),
                );
            }
        }
    }
}
