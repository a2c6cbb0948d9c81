//! Running SQL and turning DuckDB's Arrow batches into typed, serializable results.

use duckdb::arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use duckdb::arrow::compute::cast;
use duckdb::arrow::datatypes::{DataType, Field, Float64Type, Int64Type, UInt64Type};
use duckdb::arrow::util::display::{ArrayFormatter, FormatOptions};
use serde::{Serialize, Serializer};
use std::fmt;

use crate::cache::CacheOutcome;
use crate::error::Result;

/// Limits for one query run.
#[derive(Debug, Clone)]
pub struct QueryOptions {
    /// Rows skipped before the page starts (0 = the first page).
    pub offset: u64,
    /// Rows kept in the page; the rest is counted, not kept.
    pub max_rows: usize,
    /// Whether a single SELECT may be answered from, and stored in, the result cache.
    pub use_cache: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        Self {
            offset: 0,
            max_rows: 10_000,
            use_cache: true,
        }
    }
}

/// How a column's values should be treated (alignment, formatting, charting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Boolean,
    Integer,
    Float,
    Decimal,
    Text,
    Date,
    Time,
    Timestamp,
    Other,
}

/// A column's name, its DuckDB type name and its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMeta {
    pub name: String,
    pub sql_type: String,
    pub kind: ColumnKind,
}

impl ColumnMeta {
    /// Describes a column from its DuckDB type name, as catalog functions report it.
    pub fn from_sql_type(name: String, sql_type: String) -> Self {
        let upper = sql_type.to_ascii_uppercase();
        let kind = match upper.as_str() {
            "BOOLEAN" => ColumnKind::Boolean,
            "TINYINT" | "SMALLINT" | "INTEGER" | "BIGINT" | "HUGEINT" | "UTINYINT"
            | "USMALLINT" | "UINTEGER" | "UBIGINT" | "UHUGEINT" => ColumnKind::Integer,
            "FLOAT" | "DOUBLE" => ColumnKind::Float,
            "VARCHAR" => ColumnKind::Text,
            "DATE" => ColumnKind::Date,
            "TIME" | "TIME WITH TIME ZONE" => ColumnKind::Time,
            t if t.starts_with("DECIMAL") => ColumnKind::Decimal,
            t if t.starts_with("TIMESTAMP") => ColumnKind::Timestamp,
            _ => ColumnKind::Other,
        };
        Self {
            name,
            sql_type,
            kind,
        }
    }

    pub(crate) fn from_field(field: &Field) -> Self {
        let (sql_type, kind) = describe(field.data_type());
        Self {
            name: field.name().clone(),
            sql_type,
            kind,
        }
    }
}

/// One value of a result. Decimals stay exact as text; everything without a natural JSON
/// representation (dates, lists, structs, …) is DuckDB-style text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Decimal(String),
    Text(String),
}

/// Integers beyond this lose precision in JavaScript, so they serialize as strings.
const MAX_SAFE_JSON_INTEGER: i64 = (1 << 53) - 1;

/// Decimals with at most this many digits round-trip through an f64 exactly.
const MAX_EXACT_FLOAT_DIGITS: usize = 15;

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => serializer.serialize_unit(),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::Int(i) if i.abs() <= MAX_SAFE_JSON_INTEGER => serializer.serialize_i64(*i),
            Cell::Int(i) => serializer.collect_str(i),
            Cell::Float(f) if f.is_finite() => serializer.serialize_f64(*f),
            Cell::Float(f) => serializer.collect_str(&Cell::Float(*f)),
            Cell::Decimal(d) => {
                let digits = d.bytes().filter(u8::is_ascii_digit).count();
                match d.parse::<f64>() {
                    Ok(f) if digits <= MAX_EXACT_FLOAT_DIGITS => serializer.serialize_f64(f),
                    _ => serializer.serialize_str(d),
                }
            }
            Cell::Text(t) => serializer.serialize_str(t),
        }
    }
}

impl fmt::Display for Cell {
    /// DuckDB's CLI conventions: NULL as empty, floats in shortest round-trip form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => Ok(()),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Int(i) => write!(f, "{i}"),
            Cell::Float(x) if x.is_nan() => f.write_str("nan"),
            Cell::Float(x) if x.is_infinite() => f.write_str(if *x > 0.0 { "inf" } else { "-inf" }),
            Cell::Float(x) => write!(f, "{x}"),
            Cell::Decimal(s) | Cell::Text(s) => f.write_str(s),
        }
    }
}

/// A whole result as Arrow record batches, for charts and exports.
#[derive(Debug, Clone)]
pub struct ArrowResult {
    pub schema: duckdb::arrow::datatypes::SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub rows: u64,
    pub elapsed_ms: f64,
    pub cache: CacheOutcome,
}

/// One page of a query's result, with the total row count and timing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    pub columns: Vec<ColumnMeta>,
    /// The index of the page's first row in the whole result.
    pub offset: u64,
    /// Row-major, at most `QueryOptions::max_rows` rows.
    pub rows: Vec<Vec<Cell>>,
    /// Rows the query produced in total.
    pub total_rows: u64,
    /// Whether the result has rows outside this page.
    pub truncated: bool,
    pub elapsed_ms: f64,
    /// Whether the result came from the cache.
    pub cache: CacheOutcome,
}

/// Collects the rows of one page from a sequence of batches.
pub(crate) struct PageBuilder {
    /// Rows still to skip before the page starts.
    skip: u64,
    /// Rows still to take.
    take: usize,
    pub rows: Vec<Vec<Cell>>,
}

impl PageBuilder {
    pub fn new(offset: u64, max_rows: usize) -> Self {
        Self {
            skip: offset,
            take: max_rows,
            rows: Vec::new(),
        }
    }

    /// Whether the page is complete (later batches only need counting).
    pub fn is_full(&self) -> bool {
        self.take == 0
    }

    /// Takes the batch's rows that fall into the page.
    pub fn push(&mut self, batch: &RecordBatch) -> Result<()> {
        let len = batch.num_rows() as u64;
        if self.skip >= len {
            self.skip -= len;
            return Ok(());
        }
        let start = self.skip as usize;
        self.skip = 0;
        let count = self.take.min(batch.num_rows() - start);
        if count > 0 {
            append_rows(batch, start, count, &mut self.rows)?;
            self.take -= count;
        }
        Ok(())
    }
}

fn append_rows(
    batch: &RecordBatch,
    start: usize,
    count: usize,
    rows: &mut Vec<Vec<Cell>>,
) -> Result<()> {
    let first = rows.len();
    rows.extend((0..count).map(|_| Vec::with_capacity(batch.num_columns())));
    for column in batch.columns() {
        let cells = cells(&column.slice(start, count))?;
        for (row, cell) in rows[first..].iter_mut().zip(cells) {
            row.push(cell);
        }
    }
    Ok(())
}

fn cells(array: &ArrayRef) -> Result<Vec<Cell>> {
    let nulls = |i: usize| array.is_null(i);
    let cells = match array.data_type() {
        DataType::Null => vec![Cell::Null; array.len()],
        DataType::Boolean => {
            let values = array.as_boolean();
            (0..array.len())
                .map(|i| {
                    if nulls(i) {
                        Cell::Null
                    } else {
                        Cell::Bool(values.value(i))
                    }
                })
                .collect()
        }
        DataType::UInt64 => {
            let values = array.as_primitive::<UInt64Type>();
            (0..array.len())
                .map(|i| match (nulls(i), i64::try_from(values.value(i))) {
                    (true, _) => Cell::Null,
                    (false, Ok(v)) => Cell::Int(v),
                    (false, Err(_)) => Cell::Decimal(values.value(i).to_string()),
                })
                .collect()
        }
        t if t.is_integer() => {
            let widened = cast(array, &DataType::Int64)?;
            let values = widened.as_primitive::<Int64Type>();
            (0..array.len())
                .map(|i| {
                    if nulls(i) {
                        Cell::Null
                    } else {
                        Cell::Int(values.value(i))
                    }
                })
                .collect()
        }
        t if t.is_floating() => {
            let widened = cast(array, &DataType::Float64)?;
            let values = widened.as_primitive::<Float64Type>();
            (0..array.len())
                .map(|i| {
                    if nulls(i) {
                        Cell::Null
                    } else {
                        Cell::Float(values.value(i))
                    }
                })
                .collect()
        }
        DataType::Decimal128(..) | DataType::Decimal256(..) => formatted(array, Cell::Decimal)?,
        _ => formatted(array, Cell::Text)?,
    };
    Ok(cells)
}

fn formatted(array: &ArrayRef, wrap: fn(String) -> Cell) -> Result<Vec<Cell>> {
    let options = FormatOptions::default()
        .with_timestamp_format(Some("%Y-%m-%d %H:%M:%S%.f"))
        .with_timestamp_tz_format(Some("%Y-%m-%d %H:%M:%S%.f%:z"));
    let formatter = ArrayFormatter::try_new(array.as_ref(), &options)?;
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                Cell::Null
            } else {
                wrap(formatter.value(i).to_string())
            }
        })
        .collect())
}

/// DuckDB's name for an Arrow type, and its kind.
fn describe(data_type: &DataType) -> (String, ColumnKind) {
    use ColumnKind::*;
    let (name, kind) = match data_type {
        DataType::Null => ("NULL", Other),
        DataType::Boolean => ("BOOLEAN", Boolean),
        DataType::Int8 => ("TINYINT", Integer),
        DataType::Int16 => ("SMALLINT", Integer),
        DataType::Int32 => ("INTEGER", Integer),
        DataType::Int64 => ("BIGINT", Integer),
        DataType::UInt8 => ("UTINYINT", Integer),
        DataType::UInt16 => ("USMALLINT", Integer),
        DataType::UInt32 => ("UINTEGER", Integer),
        DataType::UInt64 => ("UBIGINT", Integer),
        DataType::Float16 | DataType::Float32 => ("FLOAT", Float),
        DataType::Float64 => ("DOUBLE", Float),
        DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => {
            return (format!("DECIMAL({p},{s})"), Decimal);
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => ("VARCHAR", Text),
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => ("BLOB", Other),
        DataType::Date32 | DataType::Date64 => ("DATE", Date),
        DataType::Time32(_) | DataType::Time64(_) => ("TIME", Time),
        DataType::Timestamp(_, None) => ("TIMESTAMP", Timestamp),
        DataType::Timestamp(_, Some(_)) => ("TIMESTAMP WITH TIME ZONE", Timestamp),
        DataType::Interval(_) | DataType::Duration(_) => ("INTERVAL", Other),
        DataType::List(item) | DataType::LargeList(item) | DataType::ListView(item) => {
            return (format!("{}[]", describe(item.data_type()).0), Other);
        }
        DataType::FixedSizeList(item, n) => {
            return (format!("{}[{n}]", describe(item.data_type()).0), Other);
        }
        DataType::Dictionary(_, value) => return describe(value),
        other => return (other.to_string().to_ascii_uppercase(), Other),
    };
    (name.to_owned(), kind)
}

/// The DuckDB column type that stores an Arrow type without loss, for the scalar types the
/// persisted cache writes back; `None` for anything else.
pub(crate) fn sql_type_of(data_type: &DataType) -> Option<String> {
    match data_type {
        DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..)
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Date32
        | DataType::Timestamp(_, None) => Some(describe(data_type).0),
        _ => None,
    }
}
