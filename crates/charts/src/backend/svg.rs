//! SVG writer: one `<clipPath>` per distinct clip, merged markers and triangles, and text with
//! an explicit x position per character.

use std::fmt::Write as _;
use std::sync::OnceLock;

use base64::Engine as _;

use super::FONT_FAMILY;
use crate::scene::{Prim, Rect, Rgba, Scene, Stroke, TextRun};

/// SVG output options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SvgOptions {
    /// Embed the bundled font as a data URI (about 490 kB). Without it the SVG expects the host
    /// page to provide `Quarry Sans` (the desktop UI loads it once with CSS).
    pub embed_font: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self { embed_font: true }
    }
}

fn font_b64(bold: bool) -> &'static str {
    static R: OnceLock<String> = OnceLock::new();
    static B: OnceLock<String> = OnceLock::new();
    let (cell, bytes) = if bold {
        (&B, crate::FONT_BOLD)
    } else {
        (&R, crate::FONT_REGULAR)
    };
    cell.get_or_init(|| base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Appends `v` rounded to two decimals without trailing zeros (the SVG number format).
pub fn write_num(out: &mut String, v: f32) {
    num(out, v);
}

fn num(out: &mut String, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let n = (f64::from(v) * 100.0).round() as i64;
    if n < 0 {
        out.push('-');
    }
    let a = n.unsigned_abs();
    let mut buf = [0u8; 20];
    out.push_str(crate::format::ascii_digits(a / 100, &mut buf, 1));
    let f = a % 100;
    if f != 0 {
        out.push('.');
        out.push(char::from(b'0' + (f / 10) as u8));
        if !f.is_multiple_of(10) {
            out.push(char::from(b'0' + (f % 10) as u8));
        }
    }
}

fn color_attr(out: &mut String, name: &str, c: Rgba) {
    let _ = write!(out, " {name}=\"{}\"", c.hex());
    if !c.is_opaque() {
        let _ = write!(out, " {name}-opacity=\"{:.3}\"", f32::from(c.a) / 255.0);
    }
}

fn paint(out: &mut String, fill: Option<Rgba>, stroke: Option<Stroke>) {
    match fill {
        Some(f) => color_attr(out, "fill", f),
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(s) = stroke {
        color_attr(out, "stroke", s.color);
        out.push_str(" stroke-width=\"");
        num(out, s.width);
        out.push_str("\" stroke-linejoin=\"round\"");
    }
}

fn escape(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
}

fn rect_attrs(out: &mut String, r: &Rect) {
    out.push_str(" x=\"");
    num(out, r.x);
    out.push_str("\" y=\"");
    num(out, r.y);
    out.push_str("\" width=\"");
    num(out, r.w.max(0.0));
    out.push_str("\" height=\"");
    num(out, r.h.max(0.0));
    out.push('"');
}

fn text(out: &mut String, t: &TextRun) {
    out.push_str("<text");
    let rotated = t.angle.abs() > 1e-4;
    let (bx, by) = if rotated {
        out.push_str(" transform=\"translate(");
        num(out, t.origin[0]);
        out.push(',');
        num(out, t.origin[1]);
        let _ = write!(out, ") rotate({:.2})\"", t.angle.to_degrees());
        (0.0, 0.0)
    } else {
        (t.origin[0], t.origin[1])
    };
    out.push_str(" x=\"");
    for (i, a) in t.advances.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        num(out, bx + a);
    }
    out.push_str("\" y=\"");
    num(out, by);
    out.push_str("\" font-size=\"");
    num(out, t.size);
    out.push('"');
    if t.bold {
        out.push_str(" font-weight=\"700\"");
    }
    color_attr(out, "fill", t.color);
    out.push('>');
    escape(out, &t.text);
    out.push_str("</text>");
}

fn path_d(out: &mut String, points: &[[f32; 2]], closed: bool) {
    for (i, p) in points.iter().enumerate() {
        out.push(if i == 0 { 'M' } else { 'L' });
        num(out, p[0]);
        out.push(' ');
        num(out, p[1]);
    }
    if closed {
        out.push('Z');
    }
}

fn prim(out: &mut String, p: &Prim) {
    match p {
        Prim::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            out.push_str("<rect");
            rect_attrs(out, rect);
            if *radius > 0.0 {
                out.push_str(" rx=\"");
                num(out, *radius);
                out.push('"');
            }
            paint(out, *fill, *stroke);
            out.push_str("/>");
        }
        Prim::Path {
            points,
            closed,
            fill,
            stroke,
        } => {
            out.push_str("<path d=\"");
            path_d(out, points, *closed);
            out.push('"');
            paint(out, *fill, *stroke);
            out.push_str("/>");
        }
        Prim::Circles {
            circles,
            fill,
            stroke,
        } => {
            out.push_str("<path d=\"");
            for c in circles {
                out.push('M');
                num(out, c[0] - c[2]);
                out.push(' ');
                num(out, c[1]);
                out.push('a');
                num(out, c[2]);
                out.push(' ');
                num(out, c[2]);
                out.push_str(" 0 1 0 ");
                num(out, 2.0 * c[2]);
                out.push_str(" 0a");
                num(out, c[2]);
                out.push(' ');
                num(out, c[2]);
                out.push_str(" 0 1 0 ");
                num(out, -2.0 * c[2]);
                out.push_str(" 0Z");
            }
            out.push('"');
            paint(out, *fill, *stroke);
            out.push_str("/>");
        }
        Prim::Triangles { triangles, fill } => {
            out.push_str("<path d=\"");
            for t in triangles {
                path_d(out, t, true);
            }
            out.push('"');
            paint(out, Some(*fill), None);
            out.push_str("/>");
        }
        Prim::Text(t) => text(out, t),
    }
}

/// Writes the scene as a standalone SVG document.
pub fn write(scene: &Scene, opts: &SvgOptions) -> String {
    let mut out = String::with_capacity(4096 + scene.items.len() * 96);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}, sans-serif\" xml:space=\"preserve\">",
        w = scene.width,
        h = scene.height
    );
    out.push_str("<defs>");
    if opts.embed_font {
        let bold = scene.texts().any(|t| t.bold);
        let _ = write!(
            out,
            "<style>@font-face{{font-family:'{FONT_FAMILY}';font-weight:400;src:url(data:font/ttf;base64,{})}}",
            font_b64(false)
        );
        if bold {
            let _ = write!(
                out,
                "@font-face{{font-family:'{FONT_FAMILY}';font-weight:700;src:url(data:font/ttf;base64,{})}}",
                font_b64(true)
            );
        }
        out.push_str("</style>");
    }
    for (i, c) in scene.clips.iter().enumerate() {
        let _ = write!(out, "<clipPath id=\"c{i}\"><rect");
        rect_attrs(&mut out, c);
        out.push_str("/></clipPath>");
    }
    out.push_str("</defs><rect width=\"100%\" height=\"100%\"");
    color_attr(&mut out, "fill", scene.background);
    out.push_str("/>");
    let mut open: Option<usize> = None;
    for item in &scene.items {
        if open != Some(item.clip) {
            if open.is_some() {
                out.push_str("</g>");
            }
            let _ = write!(out, "<g clip-path=\"url(#c{})\">", item.clip);
            open = Some(item.clip);
        }
        prim(&mut out, &item.prim);
    }
    if open.is_some() {
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

impl Scene {
    /// SVG with the bundled font embedded.
    pub fn to_svg(&self) -> String {
        write(self, &SvgOptions::default())
    }

    /// SVG with explicit options.
    pub fn to_svg_with(&self, opts: &SvgOptions) -> String {
        write(self, opts)
    }
}
