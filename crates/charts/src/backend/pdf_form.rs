//! Paths too large for printpdf's operators, written straight into form XObjects: printpdf
//! turns every coordinate into a PDF object and formats it as the shortest `f32`, which made a
//! 10,000-point scatter most of a report's writing time. The form holds the content stream we
//! write here with fixed-precision numbers; the page places it once.

use printpdf::{DictItem, ExternalStream, ExternalXObject, PdfDocument, XObjectId};

use super::pdf::KAPPA;

/// Filled circles `[x, y, r]` in page points as one area (overlaps painted once, as in the SVG's
/// single path), in a form added to `doc`; the caller sets the colour as both fill and stroke.
///
/// Circles of one radius (scatter markers) are round-capped strokes of zero length, which the
/// PDF specification paints as discs of the line width: 4 numbers per circle instead of the 26 of
/// four Béziers. Circles of several radii (bubbles, few) are Bézier outlines filled with the
/// non-zero rule, since strokes of different widths could not be one paint.
pub(super) fn filled_circles(doc: &mut PdfDocument, circles: &[[f32; 3]]) -> XObjectId {
    let mut content = Vec::with_capacity(circles.len() * 40 + 32);
    match circles.first() {
        Some(&[_, _, r]) if circles.iter().all(|c| c[2] == r) => {
            content.extend_from_slice(b"1 J\n");
            number(&mut content, 2.0 * r);
            content.extend_from_slice(b"w\n");
            for &[x, y, _] in circles {
                point(&mut content, x, y, b"m");
                point(&mut content, x, y, b"l");
            }
            content.extend_from_slice(b"S\n");
        }
        _ => {
            for &[x, y, r] in circles {
                let k = KAPPA * r;
                point(&mut content, x + r, y, b"m");
                curve(&mut content, [x + r, y + k, x + k, y + r, x, y + r]);
                curve(&mut content, [x - k, y + r, x - r, y + k, x - r, y]);
                curve(&mut content, [x - r, y - k, x - k, y - r, x, y - r]);
                curve(&mut content, [x + k, y - r, x + r, y - k, x + r, y]);
            }
            content.extend_from_slice(b"f\n");
        }
    }
    doc.add_xobject(&form(content))
}

/// A form XObject whose bounding box does not clip page content.
fn form(content: Vec<u8>) -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let bbox = [-100_000, -100_000, 100_000, 100_000].map(DictItem::Int);
    ExternalXObject {
        stream: ExternalStream {
            dict: [
                ("Type".to_string(), name("XObject")),
                ("Subtype".to_string(), name("Form")),
                ("BBox".to_string(), DictItem::Array(bbox.to_vec())),
            ]
            .into_iter()
            .collect(),
            content,
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

fn point(out: &mut Vec<u8>, x: f32, y: f32, operator: &[u8]) {
    number(out, x);
    number(out, y);
    out.extend_from_slice(operator);
    out.push(b'\n');
}

fn curve(out: &mut Vec<u8>, v: [f32; 6]) {
    for n in v {
        number(out, n);
    }
    out.extend_from_slice(b"c\n");
}

/// Writes `v` rounded to 1/100 pt (well below what any printer resolves) and a space.
fn number(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let magnitude = hundredths.unsigned_abs();
    digits(out, magnitude / 100);
    match magnitude % 100 {
        0 => {}
        fraction if fraction % 10 == 0 => {
            out.extend_from_slice(&[b'.', b'0' + (fraction / 10) as u8])
        }
        fraction => out.extend_from_slice(&[
            b'.',
            b'0' + (fraction / 10) as u8,
            b'0' + (fraction % 10) as u8,
        ]),
    }
    out.push(b' ');
}

fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buffer = [0u8; 20];
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buffer[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(v: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_hundredth() {
        assert_eq!(written(0.0), "0 ");
        assert_eq!(written(-0.004), "0 ");
        assert_eq!(written(12.0), "12 ");
        assert_eq!(written(12.5), "12.5 ");
        assert_eq!(written(12.345), "12.35 ");
        assert_eq!(written(-3.07), "-3.07 ");
        assert_eq!(written(841.89), "841.89 ");
        assert_eq!(written(1_000_000.0), "1000000 ");
    }

    fn form_text(circles: &[[f32; 3]]) -> String {
        let mut doc = PdfDocument::new("t");
        let id = filled_circles(&mut doc, circles);
        let Some(printpdf::XObject::External(form)) = doc.resources.xobjects.map.get(&id) else {
            panic!("no form XObject was added");
        };
        assert_eq!(
            form.stream.dict.get("Subtype"),
            Some(&DictItem::Name(b"Form".to_vec()))
        );
        String::from_utf8(form.stream.content.clone()).expect("ASCII")
    }

    #[test]
    fn markers_of_one_size_are_round_dots_of_one_stroke() {
        let text = form_text(&[[10.0, 20.0, 2.0], [11.0, 20.5, 2.0]]);
        assert_eq!(
            text,
            "1 J\n4 w\n10 20 m\n10 20 l\n11 20.5 m\n11 20.5 l\nS\n"
        );
    }

    #[test]
    fn circles_of_several_sizes_are_one_filled_path() {
        let text = form_text(&[[10.0, 20.0, 2.0], [30.0, 20.0, 3.0]]);
        assert!(
            text.starts_with("12 20 m\n12 21.1 11.1 22 10 22 c\n"),
            "{text}"
        );
        assert_eq!(text.matches(" m\n").count(), 2);
        assert_eq!(text.matches(" c\n").count(), 8);
        assert!(text.ends_with("f\n"), "one fill for both circles: {text}");
    }
}
