//! PDF writer: printpdf 0.12 ops, the bundled font embedded once per document, y flipped by
//! hand, alpha through ExtGStates, one clip per distinct clip rect.

use std::collections::HashMap;

use printpdf::{
    Color, ExtendedGraphicsState, ExtendedGraphicsStateId, FontId, Line, LineJoinStyle, LinePoint,
    Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Rgb, TextItem, TextMatrix, WindingOrder, XObjectTransform,
};

use super::pdf_form;

use crate::error::{ChartError, Result};
use crate::scene::{Prim, Rect, Rgba, Scene, Stroke, TextRun};

/// PDF points per scene point (1 CSS px = 0.75 pt).
pub const PT_PER_POINT: f32 = 0.75;

/// The chart fonts added to one document, plus cached alpha states. Create one per document and
/// reuse it for every chart on every page so the font is embedded once.
pub struct PdfFonts {
    regular: (FontId, ParsedFont),
    bold: (FontId, ParsedFont),
    alphas: HashMap<u8, ExtendedGraphicsStateId>,
}

impl PdfFonts {
    /// Adds the bundled regular and bold faces to `doc`.
    pub fn add_to(doc: &mut PdfDocument) -> Result<Self> {
        let mut warnings = Vec::new();
        let regular = ParsedFont::from_bytes(crate::FONT_REGULAR, 0, &mut warnings)
            .ok_or(ChartError::Font)?;
        let bold =
            ParsedFont::from_bytes(crate::FONT_BOLD, 0, &mut warnings).ok_or(ChartError::Font)?;
        let (rid, bid) = (doc.add_font(&regular), doc.add_font(&bold));
        Ok(Self {
            regular: (rid, regular),
            bold: (bid, bold),
            alphas: HashMap::new(),
        })
    }

    /// The document's id and the parsed face of the regular or bold font, for text that
    /// reports write around charts with the same metrics.
    pub fn face(&self, bold: bool) -> (&FontId, &ParsedFont) {
        let (id, font) = if bold { &self.bold } else { &self.regular };
        (id, font)
    }

    fn alpha(&mut self, doc: &mut PdfDocument, a: u8) -> ExtendedGraphicsStateId {
        self.alphas
            .entry(a)
            .or_insert_with(|| {
                let f = f32::from(a) / 255.0;
                doc.add_graphics_state(
                    ExtendedGraphicsState::default()
                        .with_current_fill_alpha(f)
                        .with_current_stroke_alpha(f),
                )
            })
            .clone()
    }
}

/// Where a chart goes on a page: top-left corner in PDF points from the page's top-left, the
/// page height in points, and a scale (1.0 = 0.75 pt per scene point).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Left edge in pt.
    pub left: f32,
    /// Top edge in pt, measured from the top of the page.
    pub top: f32,
    /// Page height in pt.
    pub page_height: f32,
    /// Extra scale on top of [`PT_PER_POINT`].
    pub scale: f32,
}

struct Xf {
    p: Placement,
    s: f32,
}

impl Xf {
    fn pt(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(self.p.left + x * self.s),
            y: Pt(self.p.page_height - (self.p.top + y * self.s)),
        }
    }
    fn lp(&self, x: f32, y: f32, bezier: bool) -> LinePoint {
        LinePoint {
            p: self.pt(x, y),
            bezier,
        }
    }
}

fn rgb(c: Rgba) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(c.r) / 255.0,
        g: f32::from(c.g) / 255.0,
        b: f32::from(c.b) / 255.0,
        icc_profile: None,
    })
}

fn rect_ring(x: &Xf, r: &Rect) -> PolygonRing {
    PolygonRing {
        points: vec![
            x.lp(r.x, r.y, false),
            x.lp(r.x + r.w, r.y, false),
            x.lp(r.x + r.w, r.y + r.h, false),
            x.lp(r.x, r.y + r.h, false),
        ],
    }
}

fn rounded_ring(x: &Xf, r: &Rect, rad: f32) -> PolygonRing {
    if rad <= 0.3 {
        return rect_ring(x, r);
    }
    let mut pts = Vec::new();
    let corners = [
        (r.x + r.w - rad, r.y + rad, -90.0f32),
        (r.x + r.w - rad, r.y + r.h - rad, 0.0),
        (r.x + rad, r.y + r.h - rad, 90.0),
        (r.x + rad, r.y + rad, 180.0),
    ];
    for (cx, cy, start) in corners {
        for k in 0..=4 {
            let a = (start + k as f32 * 22.5).to_radians();
            pts.push(x.lp(cx + rad * a.cos(), cy + rad * a.sin(), false));
        }
    }
    PolygonRing { points: pts }
}

/// The control-point distance that makes four cubic Béziers a circle of radius 1.
pub(super) const KAPPA: f32 = 0.552_284_8;

fn circle_ring(x: &Xf, c: &[f32; 3]) -> PolygonRing {
    let (cx, cy, r) = (c[0], c[1], c[2]);
    let k = KAPPA * r;
    let pts = vec![
        x.lp(cx + r, cy, false),
        x.lp(cx + r, cy + k, true),
        x.lp(cx + k, cy + r, true),
        x.lp(cx, cy + r, false),
        x.lp(cx - k, cy + r, true),
        x.lp(cx - r, cy + k, true),
        x.lp(cx - r, cy, false),
        x.lp(cx - r, cy - k, true),
        x.lp(cx - k, cy - r, true),
        x.lp(cx, cy - r, false),
        x.lp(cx + k, cy - r, true),
        x.lp(cx + r, cy - k, true),
        x.lp(cx + r, cy, false),
    ];
    PolygonRing { points: pts }
}

struct Emitter<'a> {
    ops: Vec<Op>,
    fonts: &'a mut PdfFonts,
    doc: &'a mut PdfDocument,
    xf: Xf,
}

impl Emitter<'_> {
    fn alpha(&mut self, a: u8) {
        let gs = self.fonts.alpha(self.doc, a);
        self.ops.push(Op::LoadGraphicsState { gs });
    }

    fn fill(&mut self, rings: Vec<PolygonRing>, c: Rgba) {
        self.ops.push(Op::SaveGraphicsState);
        self.alpha(c.a);
        self.ops.push(Op::SetFillColor { col: rgb(c) });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Filled circles as round dots in a form XObject (see [`pdf_form`]), placed once.
    fn filled_circles(&mut self, circles: &[[f32; 3]], c: Rgba) {
        let on_page: Vec<[f32; 3]> = circles
            .iter()
            .map(|&[x, y, r]| {
                let centre = self.xf.pt(x, y);
                [centre.x.0, centre.y.0, r * self.xf.s]
            })
            .collect();
        let form = pdf_form::filled_circles(self.doc, &on_page);
        self.ops.push(Op::SaveGraphicsState);
        self.alpha(c.a);
        self.ops.push(Op::SetFillColor { col: rgb(c) });
        self.ops.push(Op::SetOutlineColor { col: rgb(c) });
        self.ops.push(Op::UseXobject {
            id: form,
            transform: XObjectTransform::default(),
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    fn stroke(&mut self, rings: Vec<PolygonRing>, closed: bool, s: Stroke) {
        self.ops.push(Op::SaveGraphicsState);
        self.alpha(s.color.a);
        self.ops.push(Op::SetOutlineColor { col: rgb(s.color) });
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt(s.width * self.xf.s),
        });
        self.ops.push(Op::SetLineJoinStyle {
            join: LineJoinStyle::Round,
        });
        for ring in rings {
            if closed {
                self.ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![ring],
                        mode: PaintMode::Stroke,
                        winding_order: WindingOrder::NonZero,
                    },
                });
            } else {
                self.ops.push(Op::DrawLine {
                    line: Line {
                        points: ring.points,
                        is_closed: false,
                    },
                });
            }
        }
        self.ops.push(Op::RestoreGraphicsState);
    }

    fn text(&mut self, t: &TextRun) {
        let s = self.xf.s;
        let size = t.size * s;
        let (id, font) = if t.bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        };
        let (id, upem) = (id.clone(), f32::from(font.units_per_em.max(1)));
        let mut items = Vec::with_capacity(t.advances.len() * 2);
        let mut pen = 0.0f32;
        for (i, ch) in t.text.chars().enumerate() {
            let want = t.advances.get(i).copied().unwrap_or(pen / s) * s;
            let diff = want - pen;
            if diff.abs() > 0.001 {
                items.push(TextItem::Offset(-diff / size * 1000.0));
            }
            items.push(TextItem::Text(ch.to_string()));
            let adv = font
                .lookup_glyph_index(ch as u32)
                .and_then(|g| font.get_glyph_width(g))
                .map_or(0.0, |w| f32::from(w) / upem * size);
            pen = want + adv;
        }
        let o = self.xf.pt(t.origin[0], t.origin[1]);
        let phi = -t.angle;
        self.ops.push(Op::SaveGraphicsState);
        self.alpha(t.color.a);
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(id),
            size: Pt(size),
        });
        self.ops.push(Op::SetFillColor { col: rgb(t.color) });
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([phi.cos(), phi.sin(), -phi.sin(), phi.cos(), o.x.0, o.y.0]),
        });
        self.ops.push(Op::ShowText { items });
        self.ops.push(Op::EndTextSection);
        self.ops.push(Op::RestoreGraphicsState);
    }

    fn prim(&mut self, p: &Prim) {
        match p {
            Prim::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => {
                if let Some(f) = fill {
                    let ring = rounded_ring(&self.xf, rect, *radius);
                    self.fill(vec![ring], *f);
                }
                if let Some(s) = stroke {
                    let ring = rounded_ring(&self.xf, rect, *radius);
                    self.stroke(vec![ring], true, *s);
                }
            }
            Prim::Path {
                points,
                closed,
                fill,
                stroke,
            } => {
                let ring = PolygonRing {
                    points: points
                        .iter()
                        .map(|p| self.xf.lp(p[0], p[1], false))
                        .collect(),
                };
                if let (Some(f), true) = (fill, *closed) {
                    self.fill(vec![ring.clone()], *f);
                }
                if let Some(s) = stroke {
                    self.stroke(vec![ring], *closed, *s);
                }
            }
            Prim::Circles {
                circles,
                fill,
                stroke,
            } => {
                if let Some(f) = fill {
                    self.filled_circles(circles, *f);
                }
                if let Some(s) = stroke {
                    let rings = circles.iter().map(|c| circle_ring(&self.xf, c)).collect();
                    self.stroke(rings, true, *s);
                }
            }
            Prim::Triangles { triangles, fill } => {
                let rings = triangles
                    .iter()
                    .map(|t| PolygonRing {
                        points: t.iter().map(|p| self.xf.lp(p[0], p[1], false)).collect(),
                    })
                    .collect();
                self.fill(rings, *fill);
            }
            Prim::Text(t) => self.text(t),
        }
    }

    fn clip(&mut self, r: &Rect) {
        let ring = rect_ring(&self.xf, r);
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring],
                mode: PaintMode::Clip,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}

/// Drawing ops for one chart at `at` (the whole chart is clipped to its rectangle).
pub fn chart_ops(
    scene: &Scene,
    fonts: &mut PdfFonts,
    doc: &mut PdfDocument,
    at: Placement,
) -> Vec<Op> {
    let xf = Xf {
        p: at,
        s: PT_PER_POINT * at.scale,
    };
    let mut e = Emitter {
        ops: Vec::with_capacity(scene.items.len() * 6 + 8),
        fonts,
        doc,
        xf,
    };
    e.ops.push(Op::SaveGraphicsState);
    let full = scene.clips.first().copied().unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: scene.width,
        h: scene.height,
    });
    e.clip(&full);
    e.fill(vec![rect_ring(&e.xf, &full)], scene.background);
    let mut open: Option<usize> = None;
    for item in &scene.items {
        if open != Some(item.clip) {
            if open.is_some_and(|c| c != 0) {
                e.ops.push(Op::RestoreGraphicsState);
            }
            if item.clip != 0 {
                e.ops.push(Op::SaveGraphicsState);
                if let Some(r) = scene.clips.get(item.clip) {
                    e.clip(r);
                }
            }
            open = Some(item.clip);
        }
        e.prim(&item.prim);
    }
    if open.is_some_and(|c| c != 0) {
        e.ops.push(Op::RestoreGraphicsState);
    }
    e.ops.push(Op::RestoreGraphicsState);
    e.ops
}

/// A one-page PDF exactly the size of the chart.
pub fn to_pdf(scene: &Scene) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new("Quarry chart");
    let mut fonts = PdfFonts::add_to(&mut doc)?;
    let (w, h) = (scene.width * PT_PER_POINT, scene.height * PT_PER_POINT);
    let ops = chart_ops(
        scene,
        &mut fonts,
        &mut doc,
        Placement {
            left: 0.0,
            top: 0.0,
            page_height: h,
            scale: 1.0,
        },
    );
    let page = PdfPage::new(Pt(w).into(), Pt(h).into(), ops);
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..Default::default()
    };
    Ok(doc.with_pages(vec![page]).save(&opts, &mut warnings))
}

impl Scene {
    /// A one-page PDF of this scene.
    pub fn to_pdf(&self) -> Result<Vec<u8>> {
        to_pdf(self)
    }
}
