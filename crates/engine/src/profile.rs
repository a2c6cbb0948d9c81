//! Column profiles: null share, distinct count, range, top values, histogram, PII matches.
//!
//! Everything is computed in DuckDB: one aggregate scan for the counts and ranges of all
//! columns, then one grouped query per column for its top values, one per numeric column for its
//! histogram and one sample per text column for personal data.

use std::collections::BTreeMap;

use duckdb::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::catalog::quote_identifier;
use crate::error::{EngineError, Result};
use crate::pii::{self, PiiKind};
use crate::query::{ColumnKind, ColumnMeta};

/// How much detail a profile collects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileOptions {
    /// Most frequent values reported per column.
    pub top_values: usize,
    /// Equal-width bins of a numeric column's histogram.
    pub histogram_bins: usize,
    /// Non-null values of a text column checked for personal data (a reservoir sample).
    pub pii_sample_rows: usize,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        Self {
            top_values: 10,
            histogram_bins: 20,
            pii_sample_rows: 10_000,
        }
    }
}

/// The profile of a table or view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableProfile {
    /// The name as the caller gave it.
    pub table: String,
    pub row_count: u64,
    /// In the table's column order.
    pub columns: Vec<ColumnProfile>,
}

/// The profile of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnProfile {
    pub name: String,
    /// DuckDB's type name, e.g. `DECIMAL(10,2)`.
    pub sql_type: String,
    pub null_count: u64,
    /// Share of NULLs in percent (0–100); 0 for an empty table.
    pub null_percent: f64,
    /// Distinct non-null values (HyperLogLog estimate, at most the non-null count).
    pub approx_distinct: u64,
    /// Smallest non-null value as DuckDB prints it.
    pub min: Option<String>,
    /// Largest non-null value as DuckDB prints it (NaN sorts above every float).
    pub max: Option<String>,
    /// Most frequent values (NULL included) by descending count, ties by value.
    pub top_values: Vec<ValueCount>,
    /// Equal-width bins over the finite values of a numeric column; `None` for other columns
    /// and for numeric columns without a finite value.
    pub histogram: Option<Vec<HistogramBin>>,
    /// Kinds of personal data found in the sampled values of a text column, by kind.
    pub pii: Vec<PiiMatch>,
    /// Values checked for personal data (0 for columns that are not text).
    pub pii_sample_size: u64,
}

/// A value and how many rows hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueCount {
    /// The value as DuckDB prints it; `None` for NULL.
    pub value: Option<String>,
    pub count: u64,
}

/// One histogram bin: values in `[lower, upper)`, the last bin also holding `upper`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistogramBin {
    pub lower: f64,
    pub upper: f64,
    pub count: u64,
}

/// How many sampled values of a column are personal data of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PiiMatch {
    pub kind: PiiKind,
    pub count: u64,
}

/// Profiles `table`, a table or view of the current database.
///
/// The name is looked up as given first (preferring the current schema), then, if it has a dot,
/// as `schema.table` split at the first dot; case does not matter, as in DuckDB's SQL. The name
/// only ever reaches SQL as a quoted identifier.
pub fn profile_table(
    conn: &Connection,
    table: &str,
    options: &ProfileOptions,
) -> Result<TableProfile> {
    let relation = resolve_relation(conn, table)?;
    let columns = columns_of(conn, &relation)?;
    let source = relation.quoted();
    let (row_count, summaries) = summarize(conn, &source, &columns)?;
    let profiles = columns
        .into_iter()
        .zip(summaries)
        .map(|(column, summary)| profile_column(conn, &source, column, summary, row_count, options))
        .collect::<Result<Vec<_>>>()?;
    Ok(TableProfile {
        table: table.to_string(),
        row_count,
        columns: profiles,
    })
}

/// A table or view of the current database.
struct Relation {
    schema: String,
    name: String,
}

impl Relation {
    fn quoted(&self) -> String {
        format!(
            "{}.{}",
            quote_identifier(&self.schema),
            quote_identifier(&self.name)
        )
    }
}

fn resolve_relation(conn: &Connection, table: &str) -> Result<Relation> {
    if let Some(relation) = find_relation(conn, None, table)? {
        return Ok(relation);
    }
    if let Some((schema, name)) = table.split_once('.')
        && let Some(relation) = find_relation(conn, Some(schema), name)?
    {
        return Ok(relation);
    }
    Err(EngineError::Sql {
        message: format!("no table or view named {table}"),
    })
}

fn find_relation(conn: &Connection, schema: Option<&str>, name: &str) -> Result<Option<Relation>> {
    let mut stmt = conn.prepare(
        "SELECT schema_name, name FROM (
             SELECT schema_name, table_name AS name FROM duckdb_tables()
              WHERE database_name = current_database()
             UNION ALL
             SELECT schema_name, view_name FROM duckdb_views()
              WHERE database_name = current_database() AND NOT internal
         )
          WHERE lower(name) = lower($1) AND ($2 IS NULL OR lower(schema_name) = lower($2))
          ORDER BY schema_name <> current_schema(), schema_name
          LIMIT 1",
    )?;
    let mut rows = stmt.query(params![name, schema])?;
    match rows.next()? {
        Some(row) => Ok(Some(Relation {
            schema: row.get(0)?,
            name: row.get(1)?,
        })),
        None => Ok(None),
    }
}

fn columns_of(conn: &Connection, relation: &Relation) -> Result<Vec<ColumnMeta>> {
    let mut stmt = conn.prepare(
        "SELECT column_name, data_type FROM duckdb_columns()
          WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2
          ORDER BY column_index",
    )?;
    let columns = stmt
        .query_map(params![relation.schema, relation.name], |row| {
            Ok(ColumnMeta::from_sql_type(row.get(0)?, row.get(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(columns)
}

/// What the aggregate scan learns about one column.
struct Summary {
    non_null: u64,
    approx_distinct: u64,
    min: Option<String>,
    max: Option<String>,
    /// Smallest and largest finite value and how many there are (numeric columns only).
    finite_min: Option<f64>,
    finite_max: Option<f64>,
    finite_count: u64,
}

/// Aggregates computed per column by [`summarize`], in this order.
const SUMMARY_WIDTH: usize = 7;

fn is_numeric(column: &ColumnMeta) -> bool {
    matches!(
        column.kind,
        ColumnKind::Integer | ColumnKind::Float | ColumnKind::Decimal
    )
}

/// The row count and every column's [`Summary`], in one scan.
fn summarize(
    conn: &Connection,
    source: &str,
    columns: &[ColumnMeta],
) -> Result<(u64, Vec<Summary>)> {
    let mut select = vec!["count(*)".to_string()];
    for column in columns {
        let c = quote_identifier(&column.name);
        select.push(format!("count({c})"));
        select.push(format!("approx_count_distinct({c})"));
        select.push(format!("CAST(min({c}) AS VARCHAR)"));
        select.push(format!("CAST(max({c}) AS VARCHAR)"));
        if is_numeric(column) {
            let finite = format!("FILTER (WHERE isfinite(CAST({c} AS DOUBLE)))");
            select.push(format!("min(CAST({c} AS DOUBLE)) {finite}"));
            select.push(format!("max(CAST({c} AS DOUBLE)) {finite}"));
            select.push(format!("count(*) {finite}"));
        } else {
            select.extend(["NULL::DOUBLE", "NULL::DOUBLE", "0"].map(String::from));
        }
    }
    let sql = format!("SELECT {} FROM {source}", select.join(", "));
    let summaries = conn.query_row(&sql, [], |row| {
        let row_count: u64 = row.get(0)?;
        let summaries = (0..columns.len())
            .map(|i| {
                let at = 1 + i * SUMMARY_WIDTH;
                let non_null: u64 = row.get(at)?;
                Ok(Summary {
                    non_null,
                    approx_distinct: row.get::<_, u64>(at + 1)?.min(non_null),
                    min: row.get(at + 2)?,
                    max: row.get(at + 3)?,
                    finite_min: row.get(at + 4)?,
                    finite_max: row.get(at + 5)?,
                    finite_count: row.get(at + 6)?,
                })
            })
            .collect::<duckdb::Result<Vec<_>>>()?;
        Ok((row_count, summaries))
    })?;
    Ok(summaries)
}

fn profile_column(
    conn: &Connection,
    source: &str,
    column: ColumnMeta,
    summary: Summary,
    row_count: u64,
    options: &ProfileOptions,
) -> Result<ColumnProfile> {
    let c = quote_identifier(&column.name);
    let null_count = row_count.saturating_sub(summary.non_null);
    let null_percent = if row_count == 0 {
        0.0
    } else {
        null_count as f64 * 100.0 / row_count as f64
    };
    let top_values = top_values(conn, source, &c, options.top_values)?;
    let histogram = if is_numeric(&column) {
        histogram(conn, source, &c, &summary, options.histogram_bins)?
    } else {
        None
    };
    let (pii, pii_sample_size) = if column.kind == ColumnKind::Text {
        pii_matches(conn, source, &c, summary.non_null, options.pii_sample_rows)?
    } else {
        (Vec::new(), 0)
    };
    Ok(ColumnProfile {
        name: column.name,
        sql_type: column.sql_type,
        null_count,
        null_percent,
        approx_distinct: summary.approx_distinct,
        min: summary.min,
        max: summary.max,
        top_values,
        histogram,
        pii,
        pii_sample_size,
    })
}

/// The `limit` most frequent values of column `c` (quoted), NULL included.
fn top_values(conn: &Connection, source: &str, c: &str, limit: usize) -> Result<Vec<ValueCount>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT CAST({c} AS VARCHAR), count(*) FROM {source}
          GROUP BY {c} ORDER BY count(*) DESC, {c} NULLS LAST LIMIT {limit}"
    ))?;
    let values = stmt
        .query_map([], |row| {
            Ok(ValueCount {
                value: row.get(0)?,
                count: row.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(values)
}

/// Equal-width bins between the finite minimum and maximum of numeric column `c` (quoted).
fn histogram(
    conn: &Connection,
    source: &str,
    c: &str,
    summary: &Summary,
    bins: usize,
) -> Result<Option<Vec<HistogramBin>>> {
    let (Some(lo), Some(hi)) = (summary.finite_min, summary.finite_max) else {
        return Ok(None);
    };
    if lo >= hi || bins <= 1 {
        return Ok(Some(vec![HistogramBin {
            lower: lo,
            upper: hi,
            count: summary.finite_count,
        }]));
    }
    // Halve everything when the range itself overflows (e.g. -f64::MAX..f64::MAX).
    let range_overflows = !(hi - lo).is_finite();
    let scale = if range_overflows { 0.5 } else { 1.0 };
    let span = hi * scale - lo * scale;
    let last_bin = i64::try_from(bins - 1).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare(&format!(
        "SELECT bin, count(*) FROM (
             SELECT least(greatest(CAST(floor((CAST({c} AS DOUBLE) * $1 - $2) / $3 * $4) AS BIGINT), 0), $5) AS bin
               FROM {source} WHERE isfinite(CAST({c} AS DOUBLE))
         ) GROUP BY bin"
    ))?;
    let counts = stmt
        .query_map(
            params![scale, lo * scale, span, bins as f64, last_bin],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, u64>(1)?)),
        )?
        .collect::<Result<BTreeMap<_, _>, _>>()?;
    let edge = |i: usize| {
        let t = i as f64 / bins as f64;
        match i {
            0 => lo,
            i if i == bins => hi,
            _ if !range_overflows => lo + (hi - lo) * t,
            _ => lo * (1.0 - t) + hi * t,
        }
    };
    let histogram = (0..bins)
        .map(|i| HistogramBin {
            lower: edge(i),
            upper: edge(i + 1),
            count: i64::try_from(i)
                .ok()
                .and_then(|bin| counts.get(&bin).copied())
                .unwrap_or(0),
        })
        .collect();
    Ok(Some(histogram))
}

/// Counts of personal data per kind among up to `sample_rows` non-null values of text column
/// `c` (quoted), and how many values were checked.
fn pii_matches(
    conn: &Connection,
    source: &str,
    c: &str,
    non_null: u64,
    sample_rows: usize,
) -> Result<(Vec<PiiMatch>, u64)> {
    if non_null == 0 || sample_rows == 0 {
        return Ok((Vec::new(), 0));
    }
    let non_null_values = format!("SELECT {c} AS v FROM {source} WHERE {c} IS NOT NULL");
    let sql = if non_null <= sample_rows as u64 {
        format!("{non_null_values} LIMIT {sample_rows}")
    } else {
        format!(
            "SELECT v FROM ({non_null_values}) USING SAMPLE reservoir({sample_rows} ROWS) REPEATABLE (42)"
        )
    };
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut counts: BTreeMap<PiiKind, u64> = BTreeMap::new();
    let mut sampled = 0;
    while let Some(row) = rows.next()? {
        sampled += 1;
        let value: String = row.get(0)?;
        if let Some(kind) = pii::detect(&value) {
            *counts.entry(kind).or_default() += 1;
        }
    }
    let matches = counts
        .into_iter()
        .map(|(kind, count)| PiiMatch { kind, count })
        .collect();
    Ok((matches, sampled))
}
