//! epaint shapes → [`Scene`] primitives.

use egui::emath::Rot2;
use egui::epaint::{ClippedShape, ColorMode, Mesh, Shape, StrokeKind, TextShape};
use egui::{Color32, Pos2};

use crate::scene::{Item, Prim, Rect, Rgba, Scene, Stroke, TextRun};

/// Converts premultiplied egui colour to straight alpha; `None` when fully transparent.
pub fn rgba(c: Color32) -> Option<Rgba> {
    if c.a() == 0 {
        return None;
    }
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    Some(Rgba { r, g, b, a })
}

fn stroke(width: f32, color: Color32) -> Option<Stroke> {
    (width > 0.0)
        .then_some(())
        .and(rgba(color))
        .map(|color| Stroke { width, color })
}

fn rect(r: egui::Rect) -> Rect {
    Rect {
        x: r.min.x,
        y: r.min.y,
        w: r.width(),
        h: r.height(),
    }
}

/// Collects converted shapes, merging runs of same-style circles.
pub struct Converter {
    scene: Scene,
    bold_family: egui::FontFamily,
}

impl Converter {
    /// An empty scene of the given size and background.
    pub fn new(
        width: f32,
        height: f32,
        background: Color32,
        bold_family: egui::FontFamily,
    ) -> Self {
        let full = Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
        };
        let background = rgba(background).unwrap_or(Rgba {
            r: 255,
            g: 255,
            b: 255,
            a: 255,
        });
        Self {
            scene: Scene {
                width,
                height,
                background,
                clips: vec![full],
                items: Vec::new(),
            },
            bold_family,
        }
    }

    /// The finished scene.
    pub fn finish(self) -> Scene {
        self.scene
    }

    /// Adds all shapes of a frame.
    pub fn add_all(&mut self, shapes: &[ClippedShape]) {
        for cs in shapes {
            let clip = self.clip_index(cs.clip_rect);
            self.add(clip, &cs.shape);
        }
    }

    fn clip_index(&mut self, r: egui::Rect) -> usize {
        let full = self.scene.clips[0];
        let r = r.intersect(egui::Rect::from_min_size(
            Pos2::ZERO,
            egui::vec2(full.w, full.h),
        ));
        let c = rect(r);
        let same = |a: &Rect| {
            (a.x - c.x).abs() < 0.01
                && (a.y - c.y).abs() < 0.01
                && (a.w - c.w).abs() < 0.01
                && (a.h - c.h).abs() < 0.01
        };
        if let Some(i) = self.scene.clips.iter().position(same) {
            return i;
        }
        self.scene.clips.push(c);
        self.scene.clips.len() - 1
    }

    fn push(&mut self, clip: usize, prim: Prim) {
        self.scene.items.push(Item { clip, prim });
    }

    fn add(&mut self, clip: usize, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) => {}
            Shape::Vec(v) => v.iter().for_each(|s| self.add(clip, s)),
            Shape::LineSegment { points, stroke: s } => {
                if let Some(st) = stroke(s.width, s.color) {
                    self.push(
                        clip,
                        Prim::Path {
                            points: points.iter().map(|p| [p.x, p.y]).collect(),
                            closed: false,
                            fill: None,
                            stroke: Some(st),
                        },
                    );
                }
            }
            Shape::Path(p) => {
                let color = match &p.stroke.color {
                    ColorMode::Solid(c) => *c,
                    ColorMode::UV(_) => Color32::TRANSPARENT,
                };
                let st = stroke(p.stroke.width, color);
                let fill = if p.closed { rgba(p.fill) } else { None };
                if (st.is_some() || fill.is_some()) && p.points.len() >= 2 {
                    self.push(
                        clip,
                        Prim::Path {
                            points: p.points.iter().map(|q| [q.x, q.y]).collect(),
                            closed: p.closed,
                            fill,
                            stroke: st,
                        },
                    );
                }
            }
            Shape::Rect(r) => {
                let st = stroke(r.stroke.width, r.stroke.color);
                let half = r.stroke.width / 2.0;
                let outline = match r.stroke_kind {
                    StrokeKind::Inside => r.rect.shrink(half),
                    StrokeKind::Middle => r.rect,
                    StrokeKind::Outside => r.rect.expand(half),
                };
                let fill = rgba(r.fill);
                if fill.is_some() || st.is_some() {
                    let radius = f32::from(r.corner_radius.nw)
                        .min(r.rect.width() / 2.0)
                        .min(r.rect.height() / 2.0);
                    if let Some(f) = fill {
                        self.push(
                            clip,
                            Prim::Rect {
                                rect: rect(r.rect),
                                radius,
                                fill: Some(f),
                                stroke: None,
                            },
                        );
                    }
                    if st.is_some() {
                        self.push(
                            clip,
                            Prim::Rect {
                                rect: rect(outline),
                                radius,
                                fill: None,
                                stroke: st,
                            },
                        );
                    }
                }
            }
            Shape::Circle(c) => self.circle(
                clip,
                [c.center.x, c.center.y, c.radius],
                rgba(c.fill),
                stroke(c.stroke.width, c.stroke.color),
            ),
            Shape::Ellipse(e) => {
                let points: Vec<[f32; 2]> = (0..48)
                    .map(|i| {
                        let a = i as f32 / 48.0 * std::f32::consts::TAU;
                        [
                            e.center.x + e.radius.x * a.cos(),
                            e.center.y + e.radius.y * a.sin(),
                        ]
                    })
                    .collect();
                let (fill, st) = (rgba(e.fill), stroke(e.stroke.width, e.stroke.color));
                self.push(
                    clip,
                    Prim::Path {
                        points,
                        closed: true,
                        fill,
                        stroke: st,
                    },
                );
            }
            Shape::Band(b) => {
                let mut points: Vec<[f32; 2]> = b
                    .points
                    .iter()
                    .filter(|p| p.is_finite())
                    .map(|p| [p.x, p.y.min])
                    .collect();
                points.extend(
                    b.points
                        .iter()
                        .rev()
                        .filter(|p| p.is_finite())
                        .map(|p| [p.x, p.y.max]),
                );
                if points.len() >= 3 {
                    let fill = rgba(b.fill);
                    self.push(
                        clip,
                        Prim::Path {
                            points,
                            closed: true,
                            fill,
                            stroke: stroke(b.stroke.width, b.stroke.color),
                        },
                    );
                }
            }
            Shape::Mesh(m) => self.mesh(clip, m),
            Shape::QuadraticBezier(q) => {
                let points = q.flatten(None).iter().map(|p| [p.x, p.y]).collect();
                let color = match &q.stroke.color {
                    ColorMode::Solid(c) => *c,
                    ColorMode::UV(_) => Color32::TRANSPARENT,
                };
                self.push(
                    clip,
                    Prim::Path {
                        points,
                        closed: q.closed,
                        fill: if q.closed { rgba(q.fill) } else { None },
                        stroke: stroke(q.stroke.width, color),
                    },
                );
            }
            Shape::CubicBezier(q) => {
                let points = q.flatten(None).iter().map(|p| [p.x, p.y]).collect();
                let color = match &q.stroke.color {
                    ColorMode::Solid(c) => *c,
                    ColorMode::UV(_) => Color32::TRANSPARENT,
                };
                self.push(
                    clip,
                    Prim::Path {
                        points,
                        closed: q.closed,
                        fill: if q.closed { rgba(q.fill) } else { None },
                        stroke: stroke(q.stroke.width, color),
                    },
                );
            }
            Shape::Text(t) => self.text(clip, t),
        }
    }

    fn circle(&mut self, clip: usize, c: [f32; 3], fill: Option<Rgba>, st: Option<Stroke>) {
        if fill.is_none() && st.is_none() {
            return;
        }
        if let Some(Item {
            clip: last_clip,
            prim:
                Prim::Circles {
                    circles,
                    fill: f,
                    stroke: s,
                },
        }) = self.scene.items.last_mut()
            && *last_clip == clip
            && *f == fill
            && *s == st
        {
            circles.push(c);
            return;
        }
        self.push(
            clip,
            Prim::Circles {
                circles: vec![c],
                fill,
                stroke: st,
            },
        );
    }

    fn mesh(&mut self, clip: usize, m: &Mesh) {
        if m.texture_id != egui::TextureId::default() {
            return;
        }
        let mut groups: Vec<(Color32, Vec<[[f32; 2]; 3]>)> = Vec::new();
        for tri in m.indices.chunks_exact(3) {
            let v = |i: u32| m.vertices.get(i as usize);
            let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) else {
                continue;
            };
            let color = a.color;
            if color.a() == 0 {
                continue;
            }
            let t = [[a.pos.x, a.pos.y], [b.pos.x, b.pos.y], [c.pos.x, c.pos.y]];
            match groups.iter_mut().find(|(col, _)| *col == color) {
                Some((_, list)) => list.push(t),
                None => groups.push((color, vec![t])),
            }
        }
        for (color, triangles) in groups {
            if let Some(fill) = rgba(color) {
                self.push(clip, Prim::Triangles { triangles, fill });
            }
        }
    }

    fn text(&mut self, clip: usize, t: &TextShape) {
        if t.opacity_factor <= 0.0 {
            return;
        }
        let galley = &t.galley;
        let format = galley.job.sections.first().map(|s| s.format.clone());
        let size = format.as_ref().map_or(12.0, |f| f.font_id.size);
        let bold = format
            .as_ref()
            .is_some_and(|f| f.font_id.family == self.bold_family);
        let rot = Rot2::from_angle(t.angle);
        for row in &galley.rows {
            let all = &row.row.glyphs;
            let (Some(a), Some(b)) = (
                all.iter().position(|g| !g.chr.is_whitespace()),
                all.iter().rposition(|g| !g.chr.is_whitespace()),
            ) else {
                continue;
            };
            let glyphs = &all[a..=b];
            let first = &glyphs[0];
            let vertex_color = glyphs
                .iter()
                .filter(|g| !g.chr.is_whitespace())
                .find_map(|g| row.row.visuals.mesh.vertices.get(g.first_vertex as usize))
                .map(|v| v.color);
            let mut color = match (t.override_text_color, vertex_color) {
                (Some(c), _) => c,
                (None, Some(c)) if c != Color32::PLACEHOLDER => c,
                _ => t.fallback_color,
            };
            if t.opacity_factor < 1.0 {
                color = color.gamma_multiply(t.opacity_factor);
            }
            let Some(color) = rgba(color) else { continue };
            let local = row.pos + first.pos.to_vec2();
            let origin = t.pos + rot * local.to_vec2();
            let text: String = glyphs.iter().map(|g| g.chr).collect();
            let advances = glyphs.iter().map(|g| g.pos.x - first.pos.x).collect();
            self.push(
                clip,
                Prim::Text(TextRun {
                    text,
                    origin: [origin.x, origin.y],
                    angle: t.angle,
                    advances,
                    size,
                    bold,
                    color,
                }),
            );
        }
    }
}
