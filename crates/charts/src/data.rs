//! The chart's input: typed columns, built directly or from Arrow record batches.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type,
    Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrowPrimitiveType, RecordBatch};
use arrow_schema::{DataType, TimeUnit};

use crate::error::{ChartError, Result};

/// Values of one column; `None` is SQL NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Numbers (integers, decimals and floats); NaN and infinities are allowed and skipped.
    Number(Vec<Option<f64>>),
    /// Text, drawn as categories.
    Text(Vec<Option<String>>),
    /// Instants as seconds since 1970-01-01 UTC.
    Time(Vec<Option<f64>>),
    /// Calendar dates as seconds since 1970-01-01 (midnight UTC).
    Date(Vec<Option<f64>>),
}

impl Values {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Self::Number(v) | Self::Time(v) | Self::Date(v) => v.len(),
            Self::Text(v) => v.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The type's name for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Number(_) => "numbers",
            Self::Text(_) => "text",
            Self::Time(_) => "timestamps",
            Self::Date(_) => "dates",
        }
    }

    /// The numeric value of row `i` (numbers, times and dates), if present and finite.
    pub fn number(&self, i: usize) -> Option<f64> {
        match self {
            Self::Number(v) | Self::Time(v) | Self::Date(v) => {
                v.get(i).copied().flatten().filter(|x| x.is_finite())
            }
            Self::Text(_) => None,
        }
    }

    /// True for time and date columns.
    pub fn is_temporal(&self) -> bool {
        matches!(self, Self::Time(_) | Self::Date(_))
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name, matched by the spec's `field`.
    pub name: String,
    /// The values.
    pub values: Values,
}

/// A table of equally long typed columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    columns: Vec<Column>,
}

impl ChartData {
    /// Builds a table; all columns must have the same length.
    pub fn new(columns: Vec<Column>) -> Result<Self> {
        if let Some(first) = columns.first() {
            let expected = first.values.len();
            for c in &columns {
                if c.values.len() != expected {
                    return Err(ChartError::RaggedColumns {
                        field: c.name.clone(),
                        expected,
                        found: c.values.len(),
                    });
                }
            }
        }
        Ok(Self { columns })
    }

    /// Converts Arrow record batches (e.g. a DuckDB query result) without going through strings.
    pub fn from_record_batches(batches: &[RecordBatch]) -> Result<Self> {
        let Some(first) = batches.first() else {
            return Ok(Self::default());
        };
        let schema = first.schema();
        let mut columns = Vec::with_capacity(schema.fields().len());
        for (idx, field) in schema.fields().iter().enumerate() {
            let mut values: Option<Values> = None;
            for batch in batches {
                let Some(array) = batch.columns().get(idx) else {
                    return Err(ChartError::RaggedColumns {
                        field: field.name().clone(),
                        expected: 0,
                        found: 0,
                    });
                };
                let part = convert(field.name(), array.as_ref())?;
                values = Some(match (values, part) {
                    (None, p) => p,
                    (Some(Values::Number(mut a)), Values::Number(b)) => {
                        a.extend(b);
                        Values::Number(a)
                    }
                    (Some(Values::Time(mut a)), Values::Time(b)) => {
                        a.extend(b);
                        Values::Time(a)
                    }
                    (Some(Values::Date(mut a)), Values::Date(b)) => {
                        a.extend(b);
                        Values::Date(a)
                    }
                    (Some(Values::Text(mut a)), Values::Text(b)) => {
                        a.extend(b);
                        Values::Text(a)
                    }
                    (Some(_), p) => {
                        return Err(ChartError::UnsupportedArrowType {
                            field: field.name().clone(),
                            data_type: format!("mixed types across batches ({})", p.type_name()),
                        });
                    }
                });
            }
            columns.push(Column {
                name: field.name().clone(),
                values: values.unwrap_or(Values::Number(Vec::new())),
            });
        }
        Self::new(columns)
    }

    /// The columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Number of rows (0 without columns).
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// Looks a column up by name, with an error naming the channel that needs it.
    pub fn column(&self, field: &str, channel: &'static str) -> Result<&Values> {
        self.columns
            .iter()
            .find(|c| c.name == field)
            .map(|c| &c.values)
            .ok_or_else(|| ChartError::MissingColumn {
                field: field.to_string(),
                channel,
                available: self
                    .columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

fn prim<T: ArrowPrimitiveType>(
    array: &dyn Array,
    f: impl Fn(T::Native) -> f64,
) -> Option<Vec<Option<f64>>> {
    let a = array.as_primitive_opt::<T>()?;
    Some(
        (0..a.len())
            .map(|i| a.is_valid(i).then(|| f(a.value(i))))
            .collect(),
    )
}

fn convert(name: &str, array: &dyn Array) -> Result<Values> {
    let unsupported = || ChartError::UnsupportedArrowType {
        field: name.to_string(),
        data_type: array.data_type().to_string(),
    };
    let num = |v: Option<Vec<Option<f64>>>| v.map(Values::Number).ok_or_else(unsupported);
    let time = |v: Option<Vec<Option<f64>>>| v.map(Values::Time).ok_or_else(unsupported);
    match array.data_type() {
        DataType::Int8 => num(prim::<Int8Type>(array, f64::from)),
        DataType::Int16 => num(prim::<Int16Type>(array, f64::from)),
        DataType::Int32 => num(prim::<Int32Type>(array, f64::from)),
        DataType::Int64 => num(prim::<Int64Type>(array, |v| v as f64)),
        DataType::UInt8 => num(prim::<UInt8Type>(array, f64::from)),
        DataType::UInt16 => num(prim::<UInt16Type>(array, f64::from)),
        DataType::UInt32 => num(prim::<UInt32Type>(array, f64::from)),
        DataType::UInt64 => num(prim::<UInt64Type>(array, |v| v as f64)),
        DataType::Float32 => num(prim::<Float32Type>(array, f64::from)),
        DataType::Float64 => num(prim::<Float64Type>(array, |v| v)),
        DataType::Decimal128(_, scale) => {
            let div = 10f64.powi(i32::from(*scale));
            num(prim::<Decimal128Type>(array, |v| v as f64 / div))
        }
        DataType::Date32 => prim::<Date32Type>(array, |d| f64::from(d) * 86_400.0)
            .map(Values::Date)
            .ok_or_else(unsupported),
        DataType::Date64 => prim::<Date64Type>(array, |ms| ms as f64 / 1e3)
            .map(Values::Date)
            .ok_or_else(unsupported),
        DataType::Timestamp(unit, _) => match unit {
            TimeUnit::Second => time(prim::<TimestampSecondType>(array, |v| v as f64)),
            TimeUnit::Millisecond => {
                time(prim::<TimestampMillisecondType>(array, |v| v as f64 / 1e3))
            }
            TimeUnit::Microsecond => {
                time(prim::<TimestampMicrosecondType>(array, |v| v as f64 / 1e6))
            }
            TimeUnit::Nanosecond => {
                time(prim::<TimestampNanosecondType>(array, |v| v as f64 / 1e9))
            }
        },
        DataType::Utf8 => {
            let a = array.as_string_opt::<i32>().ok_or_else(unsupported)?;
            Ok(Values::Text(
                a.iter().map(|v| v.map(str::to_string)).collect(),
            ))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string_opt::<i64>().ok_or_else(unsupported)?;
            Ok(Values::Text(
                a.iter().map(|v| v.map(str::to_string)).collect(),
            ))
        }
        DataType::Utf8View => {
            let a = array.as_string_view_opt().ok_or_else(unsupported)?;
            Ok(Values::Text(
                a.iter().map(|v| v.map(str::to_string)).collect(),
            ))
        }
        DataType::Boolean => {
            let a = array.as_boolean_opt().ok_or_else(unsupported)?;
            Ok(Values::Text(
                a.iter().map(|v| v.map(|b| b.to_string())).collect(),
            ))
        }
        DataType::Null => Ok(Values::Number(vec![None; array.len()])),
        _ => Err(unsupported()),
    }
}
