//! Imports of files into versioned datasets.
//!
//! An import runs in one DuckDB transaction: the dataset's table is replaced and its catalog
//! row bumped together, so a failed, cancelled or killed import leaves the previous version
//! exactly as it was.

pub mod excel;
mod source;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use duckdb::Connection;
use serde::Serialize;

pub use self::excel::ExcelOptions;
pub use self::source::{Source, SourceFormat};
use crate::cancel::{self, CancelToken, ProgressFn};
use crate::catalog::{self, DatasetInfo, quote_identifier, quote_literal};
use crate::error::{EngineError, Result};
use crate::schema_change::{AffectedQuery, SchemaChange};

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The dataset's name; derived from the file name when absent.
    pub name: Option<String>,
    /// The format; detected from the extension when absent.
    pub format: Option<SourceFormat>,
    /// CSV column types that override the sniffer: column name → DuckDB type.
    pub column_types: BTreeMap<String, String>,
    pub excel: ExcelOptions,
}

/// A CSV row that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedRow {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub column: Option<String>,
    pub error: String,
    /// The line as it was in the file (cut at 500 characters).
    pub text: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub dataset: DatasetInfo,
    /// The version that was replaced, if this was a refresh.
    pub previous_version: Option<u64>,
    /// The first rejected rows (at most [`MAX_REPORTED_REJECTS`]).
    pub rejected: Vec<RejectedRow>,
    pub rejected_total: u64,
    /// Column changes against the previous version (empty for a new dataset).
    pub schema_change: SchemaChange,
    /// Saved queries that read the columns a breaking change broke; callers that know other
    /// queries (reports) add theirs.
    pub affected: Vec<AffectedQuery>,
    /// Set when the file was not UTF-8 and was decoded as Latin-1.
    pub decoded_as_latin1: bool,
}

/// Rejected rows listed in a report; the total is always counted.
pub const MAX_REPORTED_REJECTS: usize = 1_000;

/// Lines longer than this fail to import (DuckDB's default is 2 MB).
const MAX_LINE_BYTES: u64 = 64 * 1024 * 1024;

/// How DuckDB's sniffer says a line is over its limit (lines found later become rejects).
const LINE_LIMIT_MESSAGE: &str = "Maximum line size of";

/// Makes staging and rejects table names unique within the process.
static IMPORT_SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// Imports `source` into a dataset on `conn` (a connection the caller owns for the duration).
pub(crate) fn import(
    conn: &Connection,
    source: &Source,
    options: &ImportOptions,
    cancel: &CancelToken,
    progress: ProgressFn<'_>,
) -> Result<ImportReport> {
    let name = match &options.name {
        Some(name) => name.clone(),
        None => catalog::dataset_name_from(&source.stem()),
    };
    catalog::validate_dataset_name(&name)?;
    let format = options.format.unwrap_or(source.format);
    let previous = catalog::dataset(conn, &name)?;
    if previous.is_none() && table_exists(conn, &name)? {
        return Err(EngineError::NameTaken { name });
    }
    if cancel.is_cancelled() {
        return Err(EngineError::Cancelled);
    }

    let mut csv_read = CsvRead::Strict;
    let loaded = loop {
        conn.execute_batch("BEGIN TRANSACTION")?;
        let loaded = cancel::watch(conn, cancel, progress, || {
            load(conn, source, &name, options, csv_read, cancel, progress)
        });
        match loaded {
            Ok(Loaded {
                read_again: Some(next),
                ..
            }) => {
                rollback(conn);
                csv_read = next;
            }
            loaded => break loaded,
        }
    };
    let outcome = loaded.and_then(|loaded| {
        let row_count: u64 = conn.query_row(
            &format!("SELECT count(*) FROM {}", quote_identifier(&name)),
            [],
            |row| row.get(0),
        )?;
        let version =
            catalog::record_version(conn, &name, &source.display(), format.label(), row_count)?;
        Ok((loaded, version))
    });
    let (loaded, _version) = match outcome {
        Ok(done) if !cancel.is_cancelled() => done,
        Ok(_) => {
            rollback(conn);
            return Err(EngineError::Cancelled);
        }
        Err(error) => {
            rollback(conn);
            return Err(if cancel.is_cancelled() {
                EngineError::Cancelled
            } else {
                error
            });
        }
    };
    conn.execute_batch("COMMIT")?;
    progress(1.0);

    let dataset = catalog::dataset(conn, &name)?.ok_or_else(|| EngineError::Sql {
        message: format!("dataset {name} vanished after its import"),
    })?;
    let schema_change = previous
        .as_ref()
        .map(|p| SchemaChange::between(&p.columns, &dataset.columns))
        .unwrap_or_default();
    tracing::info!(dataset = %name, version = dataset.version, rows = dataset.row_count, "imported");
    Ok(ImportReport {
        previous_version: previous.map(|p| p.version),
        dataset,
        rejected: loaded.rejected,
        rejected_total: loaded.rejected_total,
        schema_change,
        affected: Vec::new(),
        decoded_as_latin1: loaded.latin1,
    })
}

/// What loading the data produced besides the table.
#[derive(Default)]
struct Loaded {
    rejected: Vec<RejectedRow>,
    rejected_total: u64,
    latin1: bool,
    /// The CSV could not be read this way: roll back and load it again that way.
    read_again: Option<CsvRead>,
}

/// How a CSV is read. Each way costs more than the one before, so an import starts with the
/// first and moves on only when the file needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvRead {
    /// Fails on the first bad row; the fastest read.
    Strict,
    /// Collects bad rows as rejects (`store_rejects`), a few percent slower.
    CollectRejects,
    /// Also allows lines up to [`MAX_LINE_BYTES`], which makes DuckDB read in larger buffers
    /// and costs about a quarter more.
    LongLines,
}

/// Replaces the dataset's table with the source's rows (inside the caller's transaction).
fn load(
    conn: &Connection,
    source: &Source,
    name: &str,
    options: &ImportOptions,
    csv_read: CsvRead,
    cancel: &CancelToken,
    progress: ProgressFn<'_>,
) -> Result<Loaded> {
    let sequence = IMPORT_SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let table = quote_identifier(name);
    let format = options.format.unwrap_or(source.format);
    let mut loaded = Loaded::default();
    match format {
        SourceFormat::Csv | SourceFormat::Tsv => {
            loaded.latin1 = source.looks_latin1()?;
            let mut args = Vec::new();
            if format == SourceFormat::Tsv {
                args.push("delim = '\\t'".to_owned());
            }
            if loaded.latin1 {
                args.push("encoding = 'latin-1'".to_owned());
            }
            if !options.column_types.is_empty() {
                let types: Vec<String> = options
                    .column_types
                    .iter()
                    .map(|(column, sql_type)| {
                        format!("{}: {}", quote_literal(column), quote_literal(sql_type))
                    })
                    .collect();
                args.push(format!("types = {{{}}}", types.join(", ")));
            }
            let read = read_csv_into(conn, &table, source, &args, csv_read, sequence);
            let line_too_long = match &read {
                Ok(rejects) => rejects.line_too_long,
                Err(error) => error.to_string().contains(LINE_LIMIT_MESSAGE),
            };
            loaded.read_again = match (&read, csv_read) {
                _ if cancel.is_cancelled() => None,
                (Err(_), CsvRead::Strict) | (_, CsvRead::CollectRejects) if line_too_long => {
                    Some(CsvRead::LongLines)
                }
                (Err(_), CsvRead::Strict) => Some(CsvRead::CollectRejects),
                (Ok(rejects), CsvRead::Strict) if rejects.misread => Some(CsvRead::CollectRejects),
                _ => None,
            };
            if loaded.read_again.is_some() {
                return Ok(loaded);
            }
            let rejects = read?;
            (loaded.rejected, loaded.rejected_total) = (rejects.listed, rejects.total);
        }
        SourceFormat::Parquet => {
            conn.execute(
                &format!("CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet(?, union_by_name = true)"),
                [source.pattern()],
            )?;
        }
        SourceFormat::Json => {
            conn.execute(
                &format!("CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_json(?, format = 'auto', union_by_name = true)"),
                [source.pattern()],
            )?;
        }
        SourceFormat::Excel => {
            let staging = format!("_quarry_staging_{sequence}");
            let path = source.single_file()?;
            let rows_done = |done: u64, total: u64| progress(done as f64 / total.max(1) as f64);
            excel::import_sheet(
                conn,
                path,
                &staging,
                &options.excel,
                &rows_done,
                cancel.flag(),
            )?;
            conn.execute_batch(&format!(
                "DROP TABLE IF EXISTS {table}; ALTER TABLE {} RENAME TO {table};",
                quote_identifier(&staging)
            ))?;
        }
    }
    Ok(loaded)
}

/// The rows a CSV read rejected.
struct Rejects {
    /// The first ones, in line order.
    listed: Vec<RejectedRow>,
    total: u64,
    /// Some line was longer than DuckDB's line limit for this read.
    line_too_long: bool,
    /// The strict sniffer gave up on the delimiter (see [`read_as_one_column`]).
    misread: bool,
}

/// Whether `table` came out as one column whose name holds a delimiter. A row with a field too
/// many makes DuckDB's strict sniffer reject every real delimiter and read each line whole;
/// read again collecting rejects, the file splits into its columns and the bad row is reported.
fn read_as_one_column(conn: &Connection, table: &str) -> Result<bool> {
    let mut stmt = conn.prepare(&format!("DESCRIBE {table}"))?;
    let names: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(matches!(names.as_slice(), [only] if only.contains([',', ';', '\t', '|'])))
}

/// Replaces `table` with the CSV's rows, read the way `how` says.
fn read_csv_into(
    conn: &Connection,
    table: &str,
    source: &Source,
    args: &[String],
    how: CsvRead,
    sequence: u64,
) -> Result<Rejects> {
    let create = |args: &[String]| {
        conn.execute(
            &format!(
                "CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv(?, {})",
                args.join(", ")
            ),
            [source.pattern()],
        )
    };
    if how == CsvRead::Strict {
        let mut strict_args = vec!["store_rejects = false".to_owned()];
        strict_args.extend_from_slice(args);
        create(&strict_args)?;
        return Ok(Rejects {
            listed: Vec::new(),
            total: 0,
            line_too_long: false,
            misread: read_as_one_column(conn, table)?,
        });
    }
    let rejects = format!("quarry_rejects_{sequence}");
    let scans = format!("quarry_reject_scans_{sequence}");
    let drop_rejects = format!(
        "DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {};",
        quote_identifier(&rejects),
        quote_identifier(&scans)
    );
    conn.execute_batch(&drop_rejects)?;
    let mut all_args = vec![
        "store_rejects = true".to_owned(),
        format!("rejects_table = {}", quote_literal(&rejects)),
        format!("rejects_scan = {}", quote_literal(&scans)),
    ];
    if how == CsvRead::LongLines {
        all_args.push(format!("max_line_size = {MAX_LINE_BYTES}"));
    }
    all_args.extend_from_slice(args);
    create(&all_args)?;
    let collected = read_rejects(conn, &rejects);
    conn.execute_batch(&drop_rejects)?;
    collected
}

/// The rejects DuckDB collected, first ones listed, all counted.
fn read_rejects(conn: &Connection, table: &str) -> Result<Rejects> {
    let table = quote_identifier(table);
    let (total, line_too_long): (u64, bool) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(bool_or(error_type = 'LINE SIZE OVER MAXIMUM'), false)
               FROM {table}"
        ),
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT line, column_name, error_type || ': ' || error_message, left(csv_line, 500)
           FROM {table} ORDER BY line LIMIT {MAX_REPORTED_REJECTS}"
    ))?;
    let listed = stmt
        .query_map([], |row| {
            Ok(RejectedRow {
                line: row.get(0)?,
                column: row.get(1)?,
                error: row.get(2)?,
                text: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rejects {
        listed,
        total,
        line_too_long,
        misread: false,
    })
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    let count: u64 = conn.query_row(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()
           AND schema_name = 'main' AND table_name = ?",
        [name],
        |row| row.get(0),
    )?;
    Ok(count > 0)
}

fn rollback(conn: &Connection) {
    if let Err(error) = conn.execute_batch("ROLLBACK") {
        tracing::warn!(%error, "rollback after a failed import failed");
    }
}
