//! The preview: a laid-out sheet as SVG in PDF points, drawn from the same shapes the PDF
//! writer draws, so the screen shows the paper.

use std::fmt::Write as _;

use base64::Engine as _;
use quarry_charts::backend::pdf::PT_PER_POINT;
use quarry_charts::backend::svg::{SvgOptions, write_num};
use quarry_charts::{RenderOptions, render};

use super::{Layout, Rgb, Shape};
use crate::error::{ReportError, Result};
use crate::resolved::{Content, ResolvedReport};

/// The font family the PDF embeds; the host page (or the first sheet) provides it.
const FONT: &str = "Quarry Sans";

/// How to write a preview sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewOptions {
    /// Embed the report font (about 490 kB per face) so the SVG stands alone. A page showing
    /// several sheets needs it in one of them only.
    pub embed_font: bool,
}

/// Sheet `index` of `layout` as a standalone SVG document whose units are PDF points.
pub fn sheet_svg(
    report: &ResolvedReport,
    layout: &Layout,
    index: usize,
    options: PreviewOptions,
) -> Result<String> {
    let Some(sheet) = layout.sheets.get(index) else {
        return Err(ReportError::Invalid {
            place: "preview".to_owned(),
            message: format!(
                "the report has {} sheets, not {}",
                layout.sheets.len(),
                index + 1
            ),
        });
    };
    let mut out = String::with_capacity(8192);
    let (w, h) = (layout.width, layout.height);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}, sans-serif\" xml:space=\"preserve\">"
    );
    if options.embed_font {
        font_faces(&mut out);
    }
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    for shape in &sheet.shapes {
        draw(&mut out, report, shape)?;
    }
    out.push_str("</svg>");
    Ok(out)
}

/// The regular and bold faces of the report font as data URIs.
fn font_faces(out: &mut String) {
    let b64 = &base64::engine::general_purpose::STANDARD;
    out.push_str("<defs><style>");
    for (weight, bytes) in [
        (400, quarry_charts::FONT_REGULAR),
        (700, quarry_charts::FONT_BOLD),
    ] {
        let _ = write!(
            out,
            "@font-face{{font-family:'{FONT}';font-weight:{weight};src:url(data:font/ttf;base64,{})}}",
            b64.encode(bytes)
        );
    }
    out.push_str("</style></defs>");
}

fn draw(out: &mut String, report: &ResolvedReport, shape: &Shape) -> Result<()> {
    match shape {
        Shape::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
        } => {
            out.push_str("<text x=\"");
            write_num(out, *x);
            out.push_str("\" y=\"");
            write_num(out, *y);
            out.push_str("\" font-size=\"");
            write_num(out, *size);
            out.push('"');
            if *bold {
                out.push_str(" font-weight=\"700\"");
            }
            paint(out, "fill", *color);
            out.push('>');
            escape(out, text);
            out.push_str("</text>");
        }
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            out.push_str("<rect");
            bounds(out, *x, *y, *w, *h);
            match fill {
                Some(c) => paint(out, "fill", *c),
                None => out.push_str(" fill=\"none\""),
            }
            if let Some(c) = stroke {
                paint(out, "stroke", *c);
                out.push_str(" stroke-width=\"0.5\"");
            }
            out.push_str("/>");
        }
        Shape::Line {
            points,
            color,
            width,
        } => {
            out.push_str("<polyline fill=\"none\" points=\"");
            for (i, [px, py]) in points.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_num(out, *px);
                out.push(',');
                write_num(out, *py);
            }
            out.push('"');
            paint(out, "stroke", *color);
            out.push_str(" stroke-width=\"");
            write_num(out, *width);
            out.push_str("\"/>");
        }
        Shape::Chart {
            x,
            y,
            w,
            h,
            page,
            block,
        } => {
            let Some(Content::Chart(chart)) = content(report, *page, *block) else {
                return Ok(());
            };
            let render_options = RenderOptions {
                width: w / PT_PER_POINT,
                height: h / PT_PER_POINT,
                ..RenderOptions::default()
            };
            let rendered = render(&chart.spec, &chart.data, &render_options).map_err(|source| {
                ReportError::Chart {
                    place: format!("pages[{page}].blocks[{block}].chart"),
                    source,
                }
            })?;
            // The page provides the font, so charts leave it out.
            let svg = rendered
                .scene
                .to_svg_with(&SvgOptions { embed_font: false });
            let _ = write!(
                out,
                "<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {} {}\">",
                render_options.width, render_options.height
            );
            out.push_str(&svg);
            out.push_str("</svg>");
        }
        Shape::Image {
            x,
            y,
            w,
            h,
            page,
            block,
        } => {
            let Some(Content::Image(image)) = content(report, *page, *block) else {
                return Ok(());
            };
            out.push_str("<image preserveAspectRatio=\"none\"");
            bounds(out, *x, *y, *w, *h);
            out.push_str(" href=\"data:image/png;base64,");
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(png_bytes(image)?));
            out.push_str("\"/>");
        }
    }
    Ok(())
}

/// What block `block` of report page `page` shows.
fn content(report: &ResolvedReport, page: usize, block: usize) -> Option<&Content> {
    report
        .pages
        .get(page)
        .and_then(|p| p.blocks.get(block))
        .map(|b| &b.content)
}

fn png_bytes(image: &crate::resolved::Image) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let fail = |e: png::EncodingError| ReportError::Invalid {
        place: "preview".to_owned(),
        message: format!("could not encode a picture: {e}"),
    };
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&image.rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(bytes)
}

fn bounds(out: &mut String, x: f32, y: f32, w: f32, h: f32) {
    for (name, v) in [("x", x), ("y", y), ("width", w), ("height", h)] {
        let _ = write!(out, " {name}=\"");
        write_num(out, v);
        out.push('"');
    }
}

fn paint(out: &mut String, attr: &str, [r, g, b]: Rgb) {
    let _ = write!(out, " {attr}=\"#{r:02x}{g:02x}{b:02x}\"");
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
