//! Paths too large for printpdf's operators, written straight into form XObjects: printpdf
//! turns every coordinate into a PDF object and formats it as the shortest `f32`, which made a
//! 10,000-point scatter most of a report's writing time. The form holds the content stream we
//! write here with fixed-precision numbers; the page places it once.

use printpdf::{DictItem, ExternalStream, ExternalXObject, PdfDocument, XObjectId};

/// The control-point distance that makes four cubic Béziers a circle of radius 1.
pub(super) const KAPPA: f32 = 0.552_284_8;

/// Filled circles `[x, y, r]` in page points as one path, filled once with the non-zero rule
/// (so overlaps are one area, as in the SVG's single path), in a form added to `doc`.
pub(super) fn filled_circles(doc: &mut PdfDocument, circles: &[[f32; 3]]) -> XObjectId {
    let mut content = Vec::with_capacity(circles.len() * 160 + 2);
    for &[x, y, r] in circles {
        let k = KAPPA * r;
        point(&mut content, x + r, y, b"m");
        curve(&mut content, [x + r, y + k, x + k, y + r, x, y + r]);
        curve(&mut content, [x - k, y + r, x - r, y + k, x - r, y]);
        curve(&mut content, [x - r, y - k, x - k, y - r, x, y - r]);
        curve(&mut content, [x + k, y - r, x + r, y - k, x + r, y]);
    }
    content.extend_from_slice(b"f\n");
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

    #[test]
    fn circles_are_one_path_filled_once_in_a_form() {
        let mut doc = PdfDocument::new("t");
        let id = filled_circles(&mut doc, &[[10.0, 20.0, 2.0], [11.0, 20.0, 2.0]]);
        let Some(printpdf::XObject::External(form)) = doc.resources.xobjects.map.get(&id) else {
            panic!("no form XObject was added");
        };
        let text = String::from_utf8(form.stream.content.clone()).expect("ASCII");
        assert!(
            text.starts_with("12 20 m\n12 21.1 11.1 22 10 22 c\n"),
            "{text}"
        );
        assert_eq!(text.matches(" m\n").count(), 2);
        assert_eq!(text.matches(" c\n").count(), 8);
        assert!(text.ends_with("f\n"), "one fill for both circles: {text}");
        assert_eq!(
            form.stream.dict.get("Subtype"),
            Some(&DictItem::Name(b"Form".to_vec()))
        );
    }
}
