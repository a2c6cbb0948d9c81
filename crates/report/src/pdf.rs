//! The PDF writer: draws a [`Layout`] with printpdf. Charts come from the chart engine as
//! vector drawings at their print size; text uses the charts' embedded font.

use chrono::{Datelike, Timelike};
use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, RawImage, RawImageData, RawImageFormat, Rgb, TextItem,
    TextMatrix, WindingOrder, XObjectTransform,
};
use quarry_charts::{PdfFonts, RenderOptions, backend::pdf::Placement, chart_ops, render};
use quarry_engine::CancelToken;

use crate::error::{ReportError, Result};
use crate::layout::{Layout, Shape};
use crate::resolved::{Content, ResolvedReport};

/// Writes `layout` of `report` as a PDF document. `progress` hears the sheets done so far.
pub fn write_pdf(
    report: &ResolvedReport,
    layout: &Layout,
    cancel: &CancelToken,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&report.title);
    metadata(&mut doc, report);
    let mut fonts = PdfFonts::add_to(&mut doc).map_err(|e| ReportError::Pdf(e.to_string()))?;
    let mut pages = Vec::with_capacity(layout.sheets.len());
    for (i, sheet) in layout.sheets.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(ReportError::Cancelled);
        }
        let mut ops = Vec::with_capacity(sheet.shapes.len() * 6);
        for shape in &sheet.shapes {
            draw(&mut ops, shape, report, layout.height, &mut fonts, &mut doc)?;
        }
        if let Some(name) = &sheet.outline {
            doc.add_bookmark(name, i + 1);
        }
        pages.push(PdfPage::new(
            Pt(layout.width).into(),
            Pt(layout.height).into(),
            ops,
        ));
        progress(i + 1, layout.sheets.len());
    }
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        subset_fonts: false,
        ..Default::default()
    };
    let mut lopdf_doc = printpdf::to_lopdf_doc(doc.with_pages(pages), &options, &mut warnings);
    compress_streams(&mut lopdf_doc)?;
    let mut bytes = Vec::new();
    lopdf_doc
        .save_to(&mut bytes)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    Ok(bytes)
}

/// Deflates every stream at a fast level. (printpdf's own save uses zlib's best level, which
/// costs seconds on chart-heavy reports for files only slightly smaller.)
fn compress_streams(doc: &mut lopdf::Document) -> Result<()> {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.dict.get(b"Filter").is_err()
        {
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            let compressed = encoder
                .write_all(&stream.content)
                .and_then(|()| encoder.finish())
                .map_err(|e| ReportError::Pdf(e.to_string()))?;
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
    Ok(())
}

fn metadata(doc: &mut PdfDocument, report: &ResolvedReport) {
    let t = report.generated_at;
    let when = printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: t.year(),
            month: t.month() as u8,
            day: t.day() as u8,
        },
        printpdf::Time {
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    );
    let info = &mut doc.metadata.info;
    info.document_title = report.title.clone();
    info.author = report.author.clone().unwrap_or_default();
    info.subject = report.description.clone().unwrap_or_default();
    info.creator = "Quarry".into();
    info.producer = "Quarry".into();
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
}

fn color(c: [u8; 3]) -> Color {
    Color::Rgb(Rgb {
        r: f32::from(c[0]) / 255.0,
        g: f32::from(c[1]) / 255.0,
        b: f32::from(c[2]) / 255.0,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32, height: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(height - y),
        },
        bezier: false,
    }
}

fn draw(
    ops: &mut Vec<Op>,
    shape: &Shape,
    report: &ResolvedReport,
    height: f32,
    fonts: &mut PdfFonts,
    doc: &mut PdfDocument,
) -> Result<()> {
    match shape {
        Shape::Text {
            x,
            y,
            size,
            bold,
            color: c,
            text,
        } => {
            let (id, _) = fonts.face(*bold);
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(*size),
                },
                Op::SetFillColor { col: color(*c) },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Raw([1.0, 0.0, 0.0, 1.0, *x, height - y]),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]);
        }
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let ring = || PolygonRing {
                points: vec![
                    point(*x, *y, height),
                    point(x + w, *y, height),
                    point(x + w, y + h, height),
                    point(*x, y + h, height),
                ],
            };
            ops.push(Op::SaveGraphicsState);
            if let Some(f) = fill {
                ops.push(Op::SetFillColor { col: color(*f) });
                ops.push(polygon(ring(), PaintMode::Fill));
            }
            if let Some(s) = stroke {
                ops.push(Op::SetOutlineColor { col: color(*s) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                ops.push(polygon(ring(), PaintMode::Stroke));
            }
            ops.push(Op::RestoreGraphicsState);
        }
        Shape::Line {
            points,
            color: c,
            width,
        } => {
            ops.extend([
                Op::SaveGraphicsState,
                Op::SetOutlineColor { col: color(*c) },
                Op::SetOutlineThickness { pt: Pt(*width) },
                Op::DrawLine {
                    line: Line {
                        points: points.iter().map(|p| point(p[0], p[1], height)).collect(),
                        is_closed: false,
                    },
                },
                Op::RestoreGraphicsState,
            ]);
        }
        Shape::Chart {
            x,
            y,
            w,
            h,
            page,
            block,
        } => {
            let Content::Chart(chart) = &report.pages[*page].blocks[*block].content else {
                return Ok(());
            };
            let pt = quarry_charts::backend::pdf::PT_PER_POINT;
            let options = RenderOptions {
                width: w / pt,
                height: h / pt,
                ..RenderOptions::default()
            };
            let rendered = render(&chart.spec, &chart.data, &options).map_err(|source| {
                ReportError::Chart {
                    place: format!("pages[{page}].blocks[{block}].chart"),
                    source,
                }
            })?;
            let at = Placement {
                left: *x,
                top: *y,
                page_height: height,
                scale: 1.0,
            };
            ops.extend(chart_ops(&rendered.scene, fonts, doc, at));
        }
        Shape::Image {
            x,
            y,
            w,
            h,
            page,
            block,
        } => {
            let Content::Image(image) = &report.pages[*page].blocks[*block].content else {
                return Ok(());
            };
            let raw = RawImage {
                pixels: RawImageData::U8(image.rgb.clone()),
                width: image.width as usize,
                height: image.height as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            };
            let id = doc.add_image(&raw);
            // At `dpi`, one pixel is 72/dpi points: pick the dpi that makes the width `w`.
            let dpi = image.width.max(1) as f32 * 72.0 / w.max(1.0);
            let natural_h = image.height as f32 * 72.0 / dpi;
            ops.push(Op::UseXobject {
                id,
                transform: XObjectTransform {
                    translate_x: Some(Pt(*x)),
                    translate_y: Some(Pt(height - y - h)),
                    dpi: Some(dpi),
                    scale_y: Some(h / natural_h.max(0.01)),
                    ..Default::default()
                },
            });
        }
    }
    Ok(())
}

fn polygon(ring: PolygonRing, mode: PaintMode) -> Op {
    Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![ring],
            mode,
            winding_order: WindingOrder::NonZero,
        },
    }
}
