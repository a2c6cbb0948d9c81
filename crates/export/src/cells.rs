//! Arrow columns as typed Excel cells.
//!
//! Numbers, decimals, dates, timestamps and times become numbers (dates as Excel serials with a
//! date format on the column, so readers see dates); text stays text, booleans booleans, NULL
//! an empty cell. Values Excel cannot hold exactly (integers beyond 2^53, dates before 1900,
//! NaN/∞) and every other Arrow type are written as their text form.

use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, Field};
use quarry_charts::NumberFormat;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub(crate) use crate::convert::{excel_numbers, tz_offset_seconds};
use crate::error::ExportError;
use crate::numfmt;

/// Excel's longest cell text, in UTF-16 units.
const MAX_TEXT: usize = 32_767;

/// How a column's values land in Excel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Number,
    Date,
    DateTime,
    Time,
    Text,
    Bool,
    Other,
    Empty,
}

/// The type behind a dictionary (DuckDB's ENUM), or the type itself.
pub(crate) fn value_type(data_type: &DataType) -> &DataType {
    match data_type {
        DataType::Dictionary(_, value) => value_type(value),
        other => other,
    }
}

pub(crate) fn kind_of(data_type: &DataType) -> Kind {
    use DataType::*;
    match value_type(data_type) {
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 | Float32 | Float64
        | Decimal32(..) | Decimal64(..) | Decimal128(..) => Kind::Number,
        Date32 | Date64 => Kind::Date,
        Timestamp(..) => Kind::DateTime,
        Time32(_) | Time64(_) => Kind::Time,
        Utf8 | LargeUtf8 | Utf8View => Kind::Text,
        Boolean => Kind::Bool,
        Null => Kind::Empty,
        _ => Kind::Other,
    }
}

/// One column's Excel format and an estimate of its width.
#[derive(Debug, Clone)]
pub(crate) struct ColumnPlan {
    pub kind: Kind,
    /// Number format code for the whole column, if any.
    pub format: Option<String>,
    /// Width in characters, from the header and sampled values.
    pub width: usize,
}

impl ColumnPlan {
    /// Plans a column; `explicit` (a caller's or chart channel's format) wins for numbers.
    pub fn new(field: &Field, explicit: Option<&NumberFormat>) -> Self {
        let data_type = value_type(field.data_type());
        let kind = kind_of(data_type);
        let format = match kind {
            Kind::Date => Some(numfmt::DATE.to_string()),
            Kind::DateTime => Some(numfmt::DATE_TIME.to_string()),
            Kind::Time => Some(numfmt::TIME.to_string()),
            Kind::Number => explicit.map(numfmt::excel_format).or(match data_type {
                DataType::Decimal32(_, s) | DataType::Decimal64(_, s) => numfmt::decimal_format(*s),
                DataType::Decimal128(_, s) => numfmt::decimal_format(*s),
                _ => None,
            }),
            _ => None,
        };
        let width = match kind {
            Kind::Date => 10,
            Kind::DateTime => 19,
            Kind::Time => 8,
            Kind::Bool => 5,
            _ => 6,
        };
        Self {
            kind,
            format,
            width: width.max(field.name().chars().count()),
        }
    }

    /// Widens the column for the first `rows` values of a prepared batch.
    pub fn sample(&mut self, cells: &Cells<'_>, rows: usize) {
        let mut buf = String::new();
        for i in 0..rows {
            let chars = match cells {
                Cells::Numbers { values, .. } if values[i].is_finite() => {
                    buf.clear();
                    let _ = write!(buf, "{:.2}", values[i]);
                    buf.len() + buf.len() / 3
                }
                Cells::Text(text) => text.get(i).map_or(0, |s| s.chars().count()),
                _ => 0,
            };
            if matches!(self.kind, Kind::Number | Kind::Text | Kind::Other) {
                self.width = self.width.max(chars);
            }
        }
    }

    /// The width to set in Excel (character units, room for the filter button).
    pub fn excel_width(&self) -> f64 {
        (self.width.clamp(6, 60) + 3) as f64
    }
}

/// Text columns of the three Arrow string layouts.
pub(crate) enum Text<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Text<'a> {
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Text::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Text::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// One batch's column, ready to be written cell by cell.
pub(crate) enum Cells<'a> {
    /// Excel numbers; NaN marks values written as text (`display`).
    Numbers {
        values: Vec<f64>,
        array: &'a dyn Array,
        display: ArrayFormatter<'a>,
    },
    Text(Text<'a>),
    Bool(&'a BooleanArray),
    /// Any other type, as text.
    Display {
        array: &'a dyn Array,
        display: ArrayFormatter<'a>,
    },
    Empty,
}

/// Dictionary columns decoded to their values; other columns as they are.
pub(crate) fn decode(array: &ArrayRef) -> Result<ArrayRef, ExportError> {
    match array.data_type() {
        DataType::Dictionary(_, value) => Ok(arrow_cast::cast(array, value)?),
        _ => Ok(array.clone()),
    }
}

/// Prepares a (decoded) column; `name` is used in the error for a type Arrow cannot print.
pub(crate) fn prepare<'a>(name: &str, array: &'a dyn Array) -> Result<Cells<'a>, ExportError> {
    let display = || {
        ArrayFormatter::try_new(array, &FormatOptions::new()).map_err(|e| {
            ExportError::Unsupported(format!(
                "column `{name}` has type {}, which cannot be written to Excel ({e}); cast it \
                 to text in the query",
                array.data_type()
            ))
        })
    };
    Ok(match array.data_type() {
        DataType::Null => Cells::Empty,
        DataType::Utf8 => Cells::Text(Text::Utf8(array.as_string::<i32>())),
        DataType::LargeUtf8 => Cells::Text(Text::Large(array.as_string::<i64>())),
        DataType::Utf8View => Cells::Text(Text::View(array.as_string_view())),
        DataType::Boolean => Cells::Bool(array.as_boolean()),
        _ => match excel_numbers(array) {
            Some(values) => Cells::Numbers {
                values,
                array,
                display: display()?,
            },
            None => Cells::Display {
                array,
                display: display()?,
            },
        },
    })
}

impl Cells<'_> {
    /// Writes value `i` at (`row`, `col`); NULL writes nothing. Returns whether text was cut
    /// to Excel's 32,767-character limit.
    pub fn write(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        i: usize,
        buf: &mut String,
    ) -> Result<bool, XlsxError> {
        match self {
            Cells::Numbers {
                values,
                array,
                display,
            } => {
                if array.is_null(i) {
                    return Ok(false);
                }
                let v = values[i];
                if v.is_finite() {
                    ws.write_number(row, col, v)?;
                    Ok(false)
                } else {
                    write_display(ws, row, col, display, i, buf)
                }
            }
            Cells::Text(text) => match text.get(i) {
                Some(s) => write_text(ws, row, col, s),
                None => Ok(false),
            },
            Cells::Bool(array) => {
                if array.is_valid(i) {
                    ws.write_boolean(row, col, array.value(i))?;
                }
                Ok(false)
            }
            Cells::Display { array, display } => {
                if array.is_null(i) {
                    return Ok(false);
                }
                write_display(ws, row, col, display, i, buf)
            }
            Cells::Empty => Ok(false),
        }
    }
}

fn write_display(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    display: &ArrayFormatter<'_>,
    i: usize,
    buf: &mut String,
) -> Result<bool, XlsxError> {
    buf.clear();
    if display.value(i).write(buf).is_err() {
        buf.push_str("(unprintable value)");
    }
    write_text(ws, row, col, buf)
}

/// Writes text, cut at Excel's cell limit (reported by the return value).
pub(crate) fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
) -> Result<bool, XlsxError> {
    if s.len() <= MAX_TEXT {
        ws.write_string(row, col, s)?;
        return Ok(false);
    }
    let mut units = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_TEXT
        })
        .map_or(s.len(), |(at, _)| at);
    ws.write_string(row, col, &s[..end])?;
    Ok(end < s.len())
}
