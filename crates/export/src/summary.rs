//! The Summary sheet (first tab): title, generated-at, parameter values, KPIs, the sheets that
//! follow and notes (split tables, charts that could not be drawn, cut text).

use quarry_charts::NumberFormat;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::numfmt;

/// A value for a Summary or pivot cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number (formatted by the accompanying [`NumberFormat`], if any).
    Number(f64),
    /// TRUE / FALSE.
    Bool(bool),
}

impl From<&str> for CellValue {
    fn from(s: &str) -> Self {
        Self::Text(s.to_string())
    }
}

impl From<String> for CellValue {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<f64> for CellValue {
    fn from(v: f64) -> Self {
        Self::Number(v)
    }
}

/// A key figure on the Summary sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryKpi {
    /// What is measured, e.g. "Revenue".
    pub label: String,
    /// The value, a number written as a number.
    pub value: CellValue,
    /// How the number is shown (currency, percent, decimals).
    pub format: Option<NumberFormat>,
    /// The change against the previous period, already formatted ("+4.2 % vs Q1").
    pub delta: Option<String>,
}

/// A sheet listed on the Summary sheet.
#[derive(Debug, Clone)]
pub(crate) struct SheetEntry {
    pub name: String,
    pub rows: u64,
    pub what: &'static str,
}

/// Shared cell formats.
pub(crate) struct Styles {
    pub header: Format,
    pub title: Format,
    pub section: Format,
}

impl Styles {
    pub fn new() -> Self {
        Self {
            header: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(16),
            section: Format::new().set_bold().set_font_size(12),
        }
    }
}

/// Writes `value` with an optional number format; `Empty` writes nothing.
pub(crate) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &CellValue,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (value, format) {
        (CellValue::Empty, _) => {}
        (CellValue::Text(s), Some(f)) => {
            ws.write_string_with_format(row, col, s.as_str(), f)?;
        }
        (CellValue::Text(s), None) => {
            crate::cells::write_text(ws, row, col, s)?;
        }
        (CellValue::Number(v), Some(f)) => {
            ws.write_number_with_format(row, col, *v, f)?;
        }
        (CellValue::Number(v), None) => {
            ws.write_number(row, col, *v)?;
        }
        (CellValue::Bool(b), Some(f)) => {
            ws.write_boolean_with_format(row, col, *b, f)?;
        }
        (CellValue::Bool(b), None) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// What the Summary sheet shows.
pub(crate) struct SummaryContent<'a> {
    pub title: &'a str,
    pub generated_at: &'a str,
    pub parameters: &'a [(String, String)],
    pub kpis: &'a [SummaryKpi],
    pub sheets: &'a [SheetEntry],
    pub notes: &'a [String],
}

/// Fills the Summary sheet.
pub(crate) fn write(
    ws: &mut Worksheet,
    content: &SummaryContent<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut widest = 12usize;
    let mut row = 0u32;
    let title = if content.title.trim().is_empty() {
        "Export"
    } else {
        content.title
    };
    ws.write_string_with_format(row, 0, title, &styles.title)?;
    row += 1;
    ws.write_string(row, 0, "Generated")?;
    ws.write_string(row, 1, content.generated_at)?;
    row += 2;

    if !content.parameters.is_empty() {
        ws.write_string_with_format(row, 0, "Parameters", &styles.section)?;
        row += 1;
        for (name, value) in content.parameters {
            crate::cells::write_text(ws, row, 0, name)?;
            crate::cells::write_text(ws, row, 1, value)?;
            widest = widest.max(name.chars().count());
            row += 1;
        }
        row += 1;
    }

    if !content.kpis.is_empty() {
        ws.write_string_with_format(row, 0, "Key figures", &styles.section)?;
        row += 1;
        for (col, label) in ["Measure", "Value", "Change"].into_iter().enumerate() {
            ws.write_string_with_format(row, col as u16, label, &styles.header)?;
        }
        row += 1;
        for kpi in content.kpis {
            crate::cells::write_text(ws, row, 0, &kpi.label)?;
            let format = kpi
                .format
                .as_ref()
                .map(|f| Format::new().set_num_format(numfmt::excel_format(f)));
            write_value(ws, row, 1, &kpi.value, format.as_ref())?;
            if let Some(delta) = &kpi.delta {
                crate::cells::write_text(ws, row, 2, delta)?;
            }
            widest = widest.max(kpi.label.chars().count());
            row += 1;
        }
        row += 1;
    }

    if !content.sheets.is_empty() {
        ws.write_string_with_format(row, 0, "Sheets", &styles.section)?;
        row += 1;
        for (col, label) in ["Sheet", "Rows", "Contents"].into_iter().enumerate() {
            ws.write_string_with_format(row, col as u16, label, &styles.header)?;
        }
        row += 1;
        let count = Format::new().set_num_format("#,##0");
        for sheet in content.sheets {
            ws.write_string(row, 0, sheet.name.as_str())?;
            ws.write_number_with_format(row, 1, sheet.rows as f64, &count)?;
            ws.write_string(row, 2, sheet.what)?;
            widest = widest.max(sheet.name.chars().count());
            row += 1;
        }
        row += 1;
    }

    if !content.notes.is_empty() {
        ws.write_string_with_format(row, 0, "Notes", &styles.section)?;
        row += 1;
        for note in content.notes {
            crate::cells::write_text(ws, row, 0, note)?;
            row += 1;
        }
    }
    ws.set_column_width(0, widest.min(40) as f64 + 2.0)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 22)?;
    Ok(())
}
