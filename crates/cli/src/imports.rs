//! `quarry import` and `quarry datasets`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use quarry_engine::import::{ExcelOptions, ImportOptions, ImportReport, SourceFormat};
use quarry_engine::{
    CacheOutcome, CancelToken, Cell, ColumnChange, ColumnKind, ColumnMeta, QueryResult, Workspace,
};

use crate::CliError;
use crate::output::{Format, write_result};

/// Arguments of `quarry import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A file, a folder of same-shaped files, or a quoted glob such as 'logs/*.csv'.
    source: String,
    /// The dataset's name (default: from the file name).
    #[arg(long)]
    name: Option<String>,
    /// The file format (default: from the extension).
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    format: Option<FormatArg>,
    /// Override a CSV column's detected type, e.g. --type zip=VARCHAR (repeatable).
    #[arg(long = "type", value_name = "COLUMN=TYPE", value_parser = parse_column_type)]
    types: Vec<(String, String)>,
    /// The workbook sheet to import (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// The 1-based row that holds the column names in a workbook.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    header_row: u32,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Csv,
    Tsv,
    Parquet,
    Json,
    Excel,
}

impl From<FormatArg> for SourceFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Csv => SourceFormat::Csv,
            FormatArg::Tsv => SourceFormat::Tsv,
            FormatArg::Parquet => SourceFormat::Parquet,
            FormatArg::Json => SourceFormat::Json,
            FormatArg::Excel => SourceFormat::Excel,
        }
    }
}

fn parse_column_type(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((column, sql_type)) if !column.is_empty() && !sql_type.is_empty() => {
            Ok((column.to_owned(), sql_type.to_owned()))
        }
        _ => Err(format!("expected COLUMN=TYPE, got {text:?}")),
    }
}

/// Imports, showing progress on a terminal, and prints what happened.
pub fn import(
    workspace: &Workspace,
    args: ImportArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let options = ImportOptions {
        name: args.name,
        format: args.format.map(SourceFormat::from),
        column_types: args.types.into_iter().collect::<BTreeMap<_, _>>(),
        excel: ExcelOptions {
            sheet: args.sheet,
            header_row: args.header_row as usize - 1,
            ..ExcelOptions::default()
        },
    };
    let show_progress = std::io::stderr().is_terminal();
    let progress = |fraction: f64| {
        if show_progress {
            eprint!("\rimporting… {:>3.0}%", fraction * 100.0);
        }
    };
    let result = workspace.import(&args.source, &options, &CancelToken::new(), &progress);
    if show_progress {
        eprintln!();
    }
    let mut report = result?;
    quarry_report::add_affected_reports(workspace, &mut report)?;
    let dataset = &report.dataset;
    match report.previous_version {
        Some(previous) => writeln!(
            out,
            "refreshed {} from version {previous} to {}: {} rows",
            dataset.name, dataset.version, dataset.row_count
        )?,
        None => writeln!(out, "imported {}: {} rows", dataset.name, dataset.row_count)?,
    }
    if report.decoded_as_latin1 {
        writeln!(out, "the file is not UTF-8 and was read as Latin-1")?;
    }
    writeln!(out, "columns:")?;
    for column in &dataset.columns {
        writeln!(out, "  {}  {}", column.name, column.sql_type)?;
    }
    write_schema_changes(&report, out)?;
    if report.rejected_total > 0 {
        writeln!(out, "{} rows rejected:", report.rejected_total)?;
        for row in &report.rejected {
            let column = row
                .column
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            writeln!(out, "  line {}{column}: {}", row.line, row.error)?;
        }
    }
    Ok(())
}

/// Prints the dataset catalog.
pub fn datasets(
    workspace: &Workspace,
    format: Format,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let datasets = workspace.datasets()?;
    let column = |name: &str, kind: ColumnKind, sql_type: &str| ColumnMeta {
        name: name.into(),
        sql_type: sql_type.into(),
        kind,
    };
    let rows: Vec<Vec<Cell>> = datasets
        .iter()
        .map(|d| {
            vec![
                Cell::Text(d.name.clone()),
                Cell::Int(i64::try_from(d.version).unwrap_or(i64::MAX)),
                Cell::Int(i64::try_from(d.row_count).unwrap_or(i64::MAX)),
                Cell::Text(d.format.clone()),
                Cell::Text(d.imported_at.clone()),
                Cell::Text(d.source.clone()),
            ]
        })
        .collect();
    let result = QueryResult {
        columns: vec![
            column("name", ColumnKind::Text, "VARCHAR"),
            column("version", ColumnKind::Integer, "UBIGINT"),
            column("rows", ColumnKind::Integer, "UBIGINT"),
            column("format", ColumnKind::Text, "VARCHAR"),
            column("imported_at", ColumnKind::Timestamp, "TIMESTAMP"),
            column("source", ColumnKind::Text, "VARCHAR"),
        ],
        offset: 0,
        total_rows: rows.len() as u64,
        truncated: false,
        rows,
        elapsed_ms: 0.0,
        cache: CacheOutcome::Bypassed,
    };
    write_result(out, &result, format)?;
    Ok(())
}

/// One line per column change of a refresh, breaking ones marked, then one per saved or
/// report query that reads a broken column.
pub fn write_schema_changes(report: &ImportReport, out: &mut impl Write) -> std::io::Result<()> {
    for change in &report.schema_change.changes {
        let mark = if change.is_breaking() {
            "BREAKING"
        } else {
            "ok"
        };
        let text = match change {
            ColumnChange::Added { column, sql_type } => format!("added {column} {sql_type}"),
            ColumnChange::Dropped { column, .. } => format!("dropped {column}"),
            ColumnChange::TypeChanged {
                column, from, to, ..
            } => format!("{column}: {from} -> {to}"),
        };
        writeln!(out, "schema change ({mark}): {text}")?;
    }
    for affected in &report.affected {
        let columns = affected.columns.join(", ");
        match &affected.report {
            Some(file) => writeln!(
                out,
                "affects report {file}, query {} (reads {columns})",
                affected.query
            )?,
            None => writeln!(
                out,
                "affects saved query {} (reads {columns})",
                affected.query
            )?,
        }
    }
    Ok(())
}
