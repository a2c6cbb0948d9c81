//! Pivot-shaped sheets: row keys down the left, one column group per column key, one column
//! per measure in each group. The caller computes the pivot; this only lays it out.

use quarry_charts::NumberFormat;
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use crate::error::ExportError;
use crate::numfmt;
use crate::summary::{CellValue, Styles, write_value};

/// A computed pivot table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PivotTable {
    /// Headers of the row-key columns (e.g. `["region", "product"]`).
    pub row_fields: Vec<String>,
    /// The column dimension's values, in order; empty when there is no column dimension.
    pub column_keys: Vec<String>,
    /// The measures shown in each column group (at least one).
    pub measures: Vec<PivotMeasure>,
    /// The rows, totals included.
    pub rows: Vec<PivotRow>,
}

/// One measure of a pivot.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotMeasure {
    /// Header text.
    pub name: String,
    /// How its numbers are shown.
    pub format: Option<NumberFormat>,
}

/// One pivot row.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotRow {
    /// One value per row field.
    pub keys: Vec<CellValue>,
    /// `max(1, column_keys.len()) × measures.len()` values: column key by column key, each
    /// with every measure in order. `None` is an empty cell.
    pub values: Vec<Option<f64>>,
    /// A total or subtotal row, written in bold.
    pub total: bool,
}

impl PivotTable {
    /// Checks the shape; the error names the first bad row.
    pub fn validate(&self) -> Result<(), ExportError> {
        let bad = |m: String| Err(ExportError::Unsupported(m));
        if self.measures.is_empty() {
            return bad("a pivot table needs at least one measure".into());
        }
        let width = self.values_per_row();
        if self.row_fields.len() + width > 16_384 {
            return bad(format!(
                "the pivot table is {} columns wide; Excel holds at most 16,384",
                self.row_fields.len() + width
            ));
        }
        if self.rows.len() + 2 > crate::writer::MAX_ROWS as usize {
            return bad(format!(
                "the pivot table has {} rows; an Excel sheet holds at most 1,048,574 below its \
                 headers",
                self.rows.len()
            ));
        }
        for (i, row) in self.rows.iter().enumerate() {
            if row.keys.len() != self.row_fields.len() || row.values.len() != width {
                return bad(format!(
                    "pivot row {} has {} keys and {} values; expected {} and {}",
                    i + 1,
                    row.keys.len(),
                    row.values.len(),
                    self.row_fields.len(),
                    width
                ));
            }
        }
        Ok(())
    }

    fn values_per_row(&self) -> usize {
        self.column_keys.len().max(1) * self.measures.len()
    }
}

/// Writes a validated pivot at A1; returns the data rows written.
pub(crate) fn write(
    ws: &mut Worksheet,
    pivot: &PivotTable,
    styles: &Styles,
) -> Result<u64, XlsxError> {
    let m = pivot.measures.len();
    let keys = pivot.row_fields.len() as u16;
    let header_rows: u32 = if pivot.column_keys.is_empty() { 1 } else { 2 };
    if !pivot.column_keys.is_empty() {
        let centered = styles.header.clone().set_align(FormatAlign::Center);
        for (g, key) in pivot.column_keys.iter().enumerate() {
            let first = keys + (g * m) as u16;
            if m > 1 {
                ws.merge_range(0, first, 0, first + m as u16 - 1, key, &centered)?;
            } else {
                ws.write_string_with_format(0, first, key.as_str(), &centered)?;
            }
        }
    }
    let hr = header_rows - 1;
    let mut widths: Vec<usize> = Vec::new();
    for (c, field) in pivot.row_fields.iter().enumerate() {
        ws.write_string_with_format(hr, c as u16, field.as_str(), &styles.header)?;
        widths.push(field.chars().count());
    }
    for g in 0..pivot.column_keys.len().max(1) {
        for (j, measure) in pivot.measures.iter().enumerate() {
            let col = keys + (g * m + j) as u16;
            ws.write_string_with_format(hr, col, measure.name.as_str(), &styles.header)?;
        }
    }
    let number = |f: &Option<NumberFormat>, bold: bool| {
        let base = if bold {
            Format::new().set_bold()
        } else {
            Format::new()
        };
        match f {
            Some(f) => base.set_num_format(numfmt::excel_format(f)),
            None => base,
        }
    };
    let plain: Vec<Format> = pivot
        .measures
        .iter()
        .map(|x| number(&x.format, false))
        .collect();
    let bold: Vec<Format> = pivot
        .measures
        .iter()
        .map(|x| number(&x.format, true))
        .collect();
    for (i, row) in pivot.rows.iter().enumerate() {
        let r = header_rows + i as u32;
        for (c, key) in row.keys.iter().enumerate() {
            write_value(ws, r, c as u16, key, row.total.then_some(&styles.header))?;
            if let CellValue::Text(s) = key {
                widths[c] = widths[c].max(s.chars().count());
            }
        }
        for (idx, value) in row.values.iter().enumerate() {
            if let Some(v) = value {
                let format = if row.total {
                    &bold[idx % m]
                } else {
                    &plain[idx % m]
                };
                ws.write_number_with_format(r, keys + idx as u16, *v, format)?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(8, 40) as f64 + 2.0)?;
    }
    for idx in 0..pivot.values_per_row() {
        let name = &pivot.measures[idx % m].name;
        let key = pivot
            .column_keys
            .get(idx / m)
            .map_or(0, |k| k.chars().count() / m);
        let w = name.chars().count().max(key).clamp(10, 40) as f64 + 2.0;
        ws.set_column_width(keys + idx as u16, w)?;
    }
    ws.set_freeze_panes(header_rows, keys)?;
    Ok(pivot.rows.len() as u64)
}
