//! What surrounds the content: the cover, the contents sheet, running headers and footers.

use super::text::Fonts;
use super::{Geometry, INK, MUTED, RULE, Shape, Sheet};
use crate::resolved::ResolvedReport;

fn text(sheet: &mut Sheet, x: f32, y: f32, size: f32, bold: bool, color: [u8; 3], text: String) {
    if !text.is_empty() {
        sheet.shapes.push(Shape::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
        });
    }
}

fn generated(report: &ResolvedReport) -> String {
    report.generated_at.format("%Y-%m-%d %H:%M").to_string()
}

/// A cover: title, description, author, date and the parameter values.
pub(crate) fn cover(fonts: &mut Fonts, geo: &Geometry, report: &ResolvedReport) -> Sheet {
    let mut sheet = Sheet {
        shapes: Vec::new(),
        outline: Some("Cover".into()),
    };
    let w = geo.content_width();
    let mut y = geo.top + (geo.bottom - geo.top) * 0.28;
    for line in fonts.wrap(&report.title, 28.0, true, w) {
        y += 34.0;
        text(&mut sheet, geo.left, y, 28.0, true, INK, line);
    }
    y += 10.0;
    sheet.shapes.push(Shape::Line {
        points: vec![[geo.left, y], [geo.left + 80.0, y]],
        color: [0x25, 0x63, 0xeb],
        width: 2.0,
    });
    y += 12.0;
    if let Some(description) = &report.description {
        for line in fonts.wrap(description, 12.0, false, w) {
            y += 17.0;
            text(&mut sheet, geo.left, y, 12.0, false, INK, line);
        }
    }
    y += 24.0;
    let mut facts = Vec::new();
    if let Some(author) = &report.author {
        facts.push(("Author".to_owned(), author.clone()));
    }
    facts.push(("Generated".to_owned(), generated(report)));
    facts.extend(
        report
            .parameters
            .iter()
            .map(|p| (p.label.clone(), p.display.clone())),
    );
    let label_w = facts
        .iter()
        .map(|(l, _)| fonts.width(l, 10.0, true))
        .fold(0.0, f32::max)
        + 16.0;
    for (label, value) in facts {
        let lines = fonts.wrap(&value, 10.0, false, w - label_w);
        y += 15.0;
        text(&mut sheet, geo.left, y, 10.0, true, MUTED, label);
        for (i, line) in lines.into_iter().enumerate() {
            if i > 0 {
                y += 14.0;
            }
            text(&mut sheet, geo.left + label_w, y, 10.0, false, INK, line);
        }
    }
    sheet
}

/// A contents sheet listing each report page with its sheet number.
pub(crate) fn contents(fonts: &mut Fonts, geo: &Geometry, entries: &[(String, usize)]) -> Sheet {
    let mut sheet = Sheet {
        shapes: Vec::new(),
        outline: Some("Contents".into()),
    };
    let mut y = geo.top + 22.0;
    text(&mut sheet, geo.left, y, 18.0, true, INK, "Contents".into());
    y += 14.0;
    for (name, number) in entries {
        y += 20.0;
        if y > geo.bottom {
            break;
        }
        let number = number.to_string();
        let nw = fonts.width(&number, 11.0, false);
        let name = fonts.truncate(name, 11.0, false, geo.content_width() - nw - 40.0);
        let name_w = fonts.width(&name, 11.0, false);
        text(&mut sheet, geo.left, y, 11.0, false, INK, name);
        text(&mut sheet, geo.right - nw, y, 11.0, false, INK, number);
        sheet.shapes.push(Shape::Line {
            points: vec![[geo.left + name_w + 6.0, y], [geo.right - nw - 6.0, y]],
            color: RULE,
            width: 0.5,
        });
    }
    sheet
}

/// Title and date at the top, "Page X of Y" at the bottom of every sheet but the cover.
pub(crate) fn headers_and_footers(
    fonts: &mut Fonts,
    geo: &Geometry,
    report: &ResolvedReport,
    sheets: &mut [Sheet],
    skip: usize,
) {
    let total = sheets.len();
    let date = generated(report);
    let date_w = fonts.width(&date, 8.0, false);
    let title = fonts.truncate(
        &report.title,
        8.0,
        false,
        geo.content_width() - date_w - 24.0,
    );
    let header_y = geo.top - 22.0;
    let footer_y = geo.bottom + 28.0;
    for (i, sheet) in sheets.iter_mut().enumerate().skip(skip) {
        text(sheet, geo.left, header_y, 8.0, false, MUTED, title.clone());
        text(
            sheet,
            geo.right - date_w,
            header_y,
            8.0,
            false,
            MUTED,
            date.clone(),
        );
        sheet.shapes.push(Shape::Line {
            points: vec![[geo.left, header_y + 6.0], [geo.right, header_y + 6.0]],
            color: RULE,
            width: 0.5,
        });
        let footer = format!("Page {} of {total}", i + 1);
        let fw = fonts.width(&footer, 8.0, false);
        text(
            sheet,
            (geo.left + geo.right - fw) / 2.0,
            footer_y,
            8.0,
            false,
            MUTED,
            footer,
        );
    }
}
