//! Excel and OpenDocument spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods) into DuckDB through the
//! Appender.
//!
//! calamine reads the whole sheet (formulas give their cached values); column types are inferred
//! from every data cell; rows go into a new table. Zip-based files are checked for zip bombs
//! before calamine opens them.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::{Data, Range, Reader, SheetType, Sheets, open_workbook_auto};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use duckdb::types::{TimeUnit, Value};
use duckdb::{Connection, appender_params_from_iter};
use serde::{Deserialize, Serialize};

use crate::catalog::quote_identifier;
use crate::error::{EngineError, Result, sql_message};

const MIB: u64 = 1 << 20;
/// Entries above this size may not expand more than [`MAX_RATIO`] times.
const RATIO_CHECK_ABOVE: u64 = MIB;
const MAX_RATIO: u64 = 100;
/// Progress is reported, and cancellation checked, every this many rows.
const PROGRESS_EVERY: u64 = 10_000;
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xlam", "ods"];
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

static EMPTY: Data = Data::Empty;

/// How to read a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExcelOptions {
    /// The sheet to import; `None` takes the first worksheet.
    pub sheet: Option<String>,
    /// 0-based sheet row of the column names (Excel's row 1 is 0). Rows above it are skipped; if
    /// it is empty, the first non-empty row below it is the header.
    pub header_row: usize,
    /// Zip-bomb guard: the most bytes a workbook's zip entries may declare uncompressed.
    pub max_uncompressed_bytes: u64,
}

impl Default for ExcelOptions {
    fn default() -> Self {
        Self {
            sheet: None,
            header_row: 0,
            max_uncompressed_bytes: 1 << 30,
        }
    }
}

/// What [`import_sheet`] created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExcelImport {
    pub sheet: String,
    pub rows: u64,
    /// Column name and DuckDB type, in table order.
    pub columns: Vec<(String, String)>,
}

/// Lists the worksheet names of a workbook, in workbook order (chart sheets are left out).
pub fn sheet_names(path: &Path) -> Result<Vec<String>, EngineError> {
    let workbook = open(path, ExcelOptions::default().max_uncompressed_bytes)?;
    Ok(worksheet_names(&workbook))
}

/// Reads one sheet of `path` and appends it into a NEW table `target` (an unquoted name; it is
/// created here, with all columns typed from the data), reporting `progress(rows done, rows
/// total)` every 10,000 rows and at the end, and checking `cancelled` at the same points.
///
/// Cancellation before the table is created returns an error and creates nothing; on any error
/// or cancellation after that, the table is dropped again, so it never exists half-filled. An
/// existing `target` is an error and is left alone.
pub fn import_sheet(
    conn: &Connection,
    path: &Path,
    target: &str,
    options: &ExcelOptions,
    progress: &dyn Fn(u64, u64),
    cancelled: &AtomicBool,
) -> Result<ExcelImport, EngineError> {
    if cancelled.load(Ordering::Relaxed) {
        return Err(EngineError::Cancelled);
    }
    let mut workbook = open(path, options.max_uncompressed_bytes)?;
    let names = worksheet_names(&workbook);
    let sheet = match &options.sheet {
        Some(wanted) if names.contains(wanted) => wanted.clone(),
        Some(wanted) => {
            return Err(failure(format!(
                "{} has no sheet named \"{wanted}\"; its sheets are \"{}\"",
                path.display(),
                names.join("\", \"")
            )));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| failure(format!("{} contains no worksheets", path.display())))?,
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        failure(format!(
            "cannot read sheet \"{sheet}\" of {}: {e}",
            path.display()
        ))
    })?;
    let grid = Grid::new(&range, options.header_row).ok_or_else(|| {
        failure(format!(
            "sheet \"{sheet}\" of {} has no data at or below row {}",
            path.display(),
            options.header_row + 1
        ))
    })?;
    if cancelled.load(Ordering::Relaxed) {
        return Err(EngineError::Cancelled);
    }

    let names = column_names(grid.header_cells());
    let types = grid.column_types();
    let definition = names
        .iter()
        .zip(&types)
        .map(|(name, ty)| format!("{} {ty}", quote_identifier(name)))
        .collect::<Vec<_>>()
        .join(", ");
    conn.execute_batch(&format!(
        "CREATE TABLE {} ({definition})",
        quote_identifier(target)
    ))
    .map_err(|e| failure(format!("cannot create table {target}: {}", sql_message(&e))))?;

    let rows = match append_rows(conn, target, &grid, &types, progress, cancelled) {
        Ok(rows) => rows,
        Err(error) => {
            let drop = format!("DROP TABLE IF EXISTS {}", quote_identifier(target));
            if let Err(e) = conn.execute_batch(&drop) {
                tracing::warn!(
                    "cannot drop the partial table {target}: {}",
                    sql_message(&e)
                );
            }
            return Err(error);
        }
    };
    tracing::info!(file = %path.display(), %sheet, %target, rows, "imported spreadsheet");
    let types = types.iter().map(|t| t.to_string());
    Ok(ExcelImport {
        sheet,
        rows,
        columns: names.into_iter().zip(types).collect(),
    })
}

/// Appends every data row, reporting progress and checking for cancellation.
fn append_rows(
    conn: &Connection,
    target: &str,
    grid: &Grid<'_>,
    types: &[&'static str],
    progress: &dyn Fn(u64, u64),
    cancelled: &AtomicBool,
) -> Result<u64> {
    let append_error =
        |e: duckdb::Error| failure(format!("cannot append to {target}: {}", sql_message(&e)));
    let mut appender = conn.appender(target).map_err(append_error)?;
    let total = grid.rows.len() as u64;
    let report = |done: u64| {
        progress(done, total);
        if cancelled.load(Ordering::Relaxed) {
            return Err(EngineError::Cancelled);
        }
        Ok(())
    };
    let mut values = Vec::with_capacity(types.len());
    for (done, row) in (1..).zip(&grid.rows) {
        values.clear();
        values.extend(
            grid.cells(row)
                .zip(types)
                .map(|(cell, ty)| to_value(cell, ty)),
        );
        appender
            .append_row(appender_params_from_iter(&values))
            .map_err(append_error)?;
        if done % PROGRESS_EVERY == 0 && done < total {
            report(done)?;
        }
    }
    appender.flush().map_err(append_error)?;
    report(total)?;
    Ok(total)
}

/// Refuses files that are not workbooks or are zip bombs, then opens them with calamine.
fn open(path: &Path, max_uncompressed_bytes: u64) -> Result<Sheets<BufReader<File>>> {
    let mut file = File::open(path).map_err(|source| EngineError::Io {
        action: "cannot open",
        path: path.to_path_buf(),
        source,
    })?;
    let mut magic = Vec::with_capacity(OLE_MAGIC.len());
    let read = (&file).take(OLE_MAGIC.len() as u64).read_to_end(&mut magic);
    read.and_then(|_| file.rewind())
        .map_err(|source| EngineError::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        })?;
    if magic.starts_with(b"PK") {
        check_zip(path, file, max_uncompressed_bytes)?;
    } else if magic != OLE_MAGIC {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let why = if ZIP_EXTENSIONS.contains(&extension.as_str()) {
            "not a zip archive"
        } else if extension == "xls" {
            "not an OLE2 compound file"
        } else {
            "neither a zip archive nor an OLE2 .xls file"
        };
        return Err(failure(format!(
            "{} is not a valid Excel workbook ({why}); if it is a CSV or text file, import it as one, or save it again from Excel or LibreOffice",
            path.display()
        )));
    }
    open_workbook_auto(path)
        .map_err(|e| failure(format!("cannot read {} as a workbook: {e}", path.display())))
}

/// Sums the declared uncompressed sizes of every entry and checks each entry's ratio.
fn check_zip(path: &Path, file: File, max_uncompressed_bytes: u64) -> Result<()> {
    let archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        failure(format!(
            "{} is not a valid Excel workbook (not a zip archive, or a damaged one: {e})",
            path.display()
        ))
    })?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| failure(format!("{} is a damaged zip archive: {e}", path.display())))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > RATIO_CHECK_ABOVE && size / packed.max(1) > MAX_RATIO {
            return Err(failure(format!(
                "refusing to open {}: its part \"{}\" expands {}:1 ({size} bytes from {packed}), which looks like a zip bomb",
                path.display(),
                String::from_utf8_lossy(entry.name_raw()),
                size / packed.max(1)
            )));
        }
        total = total.saturating_add(size);
    }
    if total > max_uncompressed_bytes {
        return Err(failure(format!(
            "refusing to open {}: it expands to {total} bytes, more than the limit of {max_uncompressed_bytes} (a zip bomb or a very large workbook)",
            path.display()
        )));
    }
    Ok(())
}

fn worksheet_names(workbook: &Sheets<BufReader<File>>) -> Vec<String> {
    let sheets = workbook.sheets_metadata().iter();
    sheets
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

/// The header row, the data rows and the used columns of a sheet.
struct Grid<'a> {
    header: &'a [Data],
    rows: Vec<&'a [Data]>,
    /// Used columns, relative to the range's first column.
    columns: std::ops::RangeInclusive<usize>,
}

impl<'a> Grid<'a> {
    /// `None` when no non-empty row is at or below `header_row`.
    fn new(range: &'a Range<Data>, header_row: usize) -> Option<Self> {
        let first_row = range.start()?.0 as usize;
        let mut rows = range
            .rows()
            .skip(header_row.saturating_sub(first_row))
            .filter(|row| !row.iter().all(is_blank));
        let header = rows.next()?;
        let rows: Vec<&[Data]> = rows.collect();
        let (mut first, mut last) = (usize::MAX, 0);
        for row in std::iter::once(header).chain(rows.iter().copied()) {
            if let Some(lo) = row.iter().position(|c| !is_blank(c)) {
                first = first.min(lo);
            }
            if let Some(hi) = row.iter().rposition(|c| !is_blank(c)) {
                last = last.max(hi);
            }
        }
        Some(Self {
            header,
            rows,
            columns: first..=last,
        })
    }

    fn cells<'r>(&self, row: &'r [Data]) -> impl Iterator<Item = &'r Data> + use<'r> {
        self.columns
            .clone()
            .map(move |c| row.get(c).unwrap_or(&EMPTY))
    }

    fn header_cells(&self) -> impl Iterator<Item = &'a Data> + use<'a> {
        self.cells(self.header)
    }

    fn column_types(&self) -> Vec<&'static str> {
        let mut seen = vec![0u8; self.columns.clone().count()];
        for row in &self.rows {
            for (kinds, cell) in seen.iter_mut().zip(self.cells(row)) {
                *kinds |= kind(cell);
            }
        }
        seen.into_iter().map(column_type).collect()
    }
}

/// Kinds of cell, as bits, for type inference. Empty, blank and error cells have none.
const INT: u8 = 1;
const FLOAT: u8 = 2;
const BOOL: u8 = 4;
const DATE: u8 = 8;
const DATETIME: u8 = 16;
const TIME: u8 = 32;
const TEXT: u8 = 64;

/// The DuckDB type of a column whose cells have these kinds.
fn column_type(kinds: u8) -> &'static str {
    match kinds {
        INT => "BIGINT",
        k if k != 0 && k & !(INT | FLOAT) == 0 => "DOUBLE",
        BOOL => "BOOLEAN",
        DATE => "DATE",
        TIME => "TIME",
        k if k != 0 && k & !(DATE | DATETIME | TIME) == 0 => "TIMESTAMP",
        _ => "VARCHAR",
    }
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Whole numbers that a float represents exactly.
fn integral(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15).then_some(f as i64)
}

/// A date or time cell's value and whether it is a time of day only.
fn moment(cell: &Data) -> Option<(NaiveDateTime, bool)> {
    match cell {
        Data::DateTime(dt) if dt.is_datetime() => {
            Some((dt.as_datetime()?, (0.0..1.0).contains(&dt.as_f64())))
        }
        Data::DateTimeIso(s) => {
            let s = s.trim();
            let parsed = s.parse::<NaiveDateTime>().ok();
            let day = || {
                s.parse::<NaiveDate>()
                    .ok()
                    .map(|d| d.and_time(NaiveTime::MIN))
            };
            Some((parsed.or_else(day)?, false))
        }
        _ => None,
    }
}

fn kind(cell: &Data) -> u8 {
    match cell {
        Data::Int(_) => INT,
        Data::Float(f) if integral(*f).is_some() => INT,
        Data::Float(_) => FLOAT,
        Data::Bool(_) => BOOL,
        Data::Empty | Data::Error(_) => 0,
        Data::String(_) if is_blank(cell) => 0,
        _ => match moment(cell) {
            Some((_, true)) => TIME,
            Some((at, false)) if at.time() == NaiveTime::MIN => DATE,
            Some(_) => DATETIME,
            None => TEXT,
        },
    }
}

fn to_value(cell: &Data, ty: &str) -> Value {
    if kind(cell) == 0 {
        return Value::Null;
    }
    let value = match (ty, cell) {
        ("VARCHAR", _) => Some(Value::Text(text(cell))),
        ("BIGINT", Data::Int(i)) => Some(Value::BigInt(*i)),
        ("BIGINT", Data::Float(f)) => integral(*f).map(Value::BigInt),
        ("DOUBLE", Data::Int(i)) => Some(Value::Double(*i as f64)),
        ("DOUBLE", Data::Float(f)) => Some(Value::Double(*f)),
        ("BOOLEAN", Data::Bool(b)) => Some(Value::Boolean(*b)),
        ("DATE", _) => moment(cell)
            .map(|(at, _)| Value::Date32(at.date().num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE)),
        ("TIMESTAMP", _) => moment(cell).map(|(at, _)| {
            Value::Timestamp(TimeUnit::Microsecond, at.and_utc().timestamp_micros())
        }),
        ("TIME", _) => moment(cell).map(|(at, _)| {
            let t = at.time();
            let micros = i64::from(t.num_seconds_from_midnight()) * 1_000_000
                + i64::from(t.nanosecond() / 1000);
            Value::Time64(TimeUnit::Microsecond, micros)
        }),
        _ => None,
    };
    value.unwrap_or(Value::Null)
}

/// A cell as text: numbers as Rust prints them (`2`, not `2.0`), dates in ISO form, durations
/// as `h:mm:ss`.
fn text(cell: &Data) -> String {
    match (cell, moment(cell)) {
        (Data::Error(_), _) => String::new(),
        (Data::DateTime(dt), _) if dt.is_duration() => {
            let secs = (dt.as_f64() * 86_400.0).round() as i64;
            let sign = if secs < 0 { "-" } else { "" };
            let secs = secs.abs();
            format!(
                "{sign}{}:{:02}:{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            )
        }
        (_, Some((at, true))) => at.time().to_string(),
        (_, Some((at, _))) if at.time() == NaiveTime::MIN => at.date().to_string(),
        (_, Some((at, _))) => at.to_string(),
        _ => cell.to_string(),
    }
}

/// Trimmed header texts; empty ones become `column_N` (1-based), repeats get `_2`, `_3`, ….
/// Names are unique ignoring case, as DuckDB compares them.
fn column_names<'a>(header: impl Iterator<Item = &'a Data>) -> Vec<String> {
    let mut taken = HashSet::new();
    let mut names = Vec::new();
    for (index, cell) in header.enumerate() {
        let trimmed = text(cell).trim().to_string();
        let base = if trimmed.is_empty() {
            format!("column_{}", index + 1)
        } else {
            trimmed
        };
        let mut name = base.clone();
        let mut suffix = 1;
        while !taken.insert(name.to_lowercase()) {
            suffix += 1;
            name = format!("{base}_{suffix}");
        }
        names.push(name);
    }
    names
}

fn failure(message: String) -> EngineError {
    EngineError::Sql { message }
}
