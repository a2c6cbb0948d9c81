//! Exports of any query or dataset (not only reports): Excel streamed from the engine in
//! constant memory, CSV and Parquet written by DuckDB. Every file appears whole or not at all.

use std::path::Path;

use quarry_engine::{
    CancelToken, CopyFormat, DatasetInfo, EngineError, Workspace, quote_identifier,
};
use quarry_export::{ExportError, TableOptions, XlsxOptions, XlsxWriter};

use crate::error::{ReportError, Result};

/// The formats a query can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A workbook; rows beyond one sheet continue on `name (2)`, `name (3)` ….
    Xlsx,
    Csv,
    Parquet,
}

/// Writes the dataset `name` whole to `path` (a snapshot to share, an export); returns the
/// dataset as the catalog describes it.
pub fn export_dataset(
    workspace: &Workspace,
    name: &str,
    format: ExportFormat,
    path: &Path,
    cancel: &CancelToken,
    progress: &dyn Fn(u64),
) -> Result<DatasetInfo> {
    let dataset = workspace
        .datasets()
        .map_err(|source| ReportError::Query {
            query: name.to_owned(),
            source,
        })?
        .into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| ReportError::Invalid {
            place: format!("dataset {name:?}"),
            message: "no dataset of this workspace has that name".to_owned(),
        })?;
    let sql = format!("SELECT * FROM {}", quote_identifier(&dataset.name));
    export_query(workspace, &sql, name, format, path, cancel, progress)?;
    Ok(dataset)
}

/// Writes the result of `sql` (one sandboxed SELECT) to `path`, naming the data `name`;
/// returns the rows written. `progress` hears rows written so far (Excel only).
pub fn export_query(
    workspace: &Workspace,
    sql: &str,
    name: &str,
    format: ExportFormat,
    path: &Path,
    cancel: &CancelToken,
    progress: &dyn Fn(u64),
) -> Result<u64> {
    let engine = |source: EngineError| match source {
        EngineError::Cancelled => ReportError::Cancelled,
        source => ReportError::Query {
            query: name.to_owned(),
            source,
        },
    };
    let copy = |format| {
        workspace
            .copy_sandboxed_to(sql, format, path, cancel)
            .map_err(engine)
    };
    match format {
        ExportFormat::Csv => copy(CopyFormat::Csv),
        ExportFormat::Parquet => copy(CopyFormat::Parquet),
        ExportFormat::Xlsx => {
            let options = XlsxOptions {
                title: name.to_owned(),
                generated_at: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
                parameters: vec![("Query".to_owned(), sql.to_owned())],
                kpis: Vec::new(),
            };
            let mut xlsx = XlsxWriter::create(path, options).map_err(crate::xlsx::excel)?;
            let mut failure = None;
            let written = workspace.stream_sandboxed(sql, &[], cancel, |schema, batches| {
                let batches = batches.map(|b| b.map_err(ExportError::input));
                let stop = || cancel.is_cancelled();
                xlsx.add_table(
                    name,
                    &schema,
                    batches,
                    &TableOptions::default(),
                    progress,
                    &stop,
                )
                .map_err(|e| {
                    failure = Some(e);
                    EngineError::Cancelled
                })
            });
            let written = match (written, failure) {
                (_, Some(e)) => return Err(crate::xlsx::excel(e)),
                (result, None) => result.map_err(engine)?,
            };
            xlsx.finish().map_err(crate::xlsx::excel)?;
            Ok(written.rows)
        }
    }
}
