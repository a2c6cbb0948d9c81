//! Exporting a query's result to CSV, Excel or Parquet, with progress and cancel.

use std::path::PathBuf;
use std::sync::Arc;

use quarry_engine::{QueryOptions, SortOrder};
use quarry_report::ExportFormat;
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::{CommandError, CommandResult};
use crate::jobs::Jobs;
use crate::session::Session;

/// Sent to the UI while an export runs.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// From 0.0 to 1.0.
    pub fraction: f64,
}

/// A finished export.
#[derive(Debug, Serialize)]
pub struct ExportDone {
    pub path: String,
    /// Data rows written (0 for a PDF).
    pub rows: u64,
}

/// A shown result: its query and the order the grid sorted it in, if any.
#[derive(Debug, Deserialize)]
pub struct ResultQuery {
    sql: String,
    sort: Option<SortOrder>,
}

/// Writes the result of `query` (one SELECT over the workspace, in the grid's order) to `path`.
/// Progress counts rows against the result's size; cancel leaves no file behind.
#[tauri::command]
pub async fn export_query(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    job_id: String,
    query: ResultQuery,
    format: String,
    path: PathBuf,
    on_progress: Channel<Progress>,
) -> CommandResult<ExportDone> {
    let format = match format.as_str() {
        "csv" => ExportFormat::Csv,
        "xlsx" => ExportFormat::Xlsx,
        "parquet" => ExportFormat::Parquet,
        other => {
            return Err(CommandError::new(format!(
                "results export to csv, xlsx or parquet, not {other:?}"
            )));
        }
    };
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    blocking(move || {
        let job = jobs.start(job_id);
        session.with_workspace(|ws| -> CommandResult<ExportDone> {
            // The file holds the rows in the order the grid shows them.
            let sql = match &query.sort {
                Some(order) => ws.sorted_sql(&query.sql, order)?,
                None => query.sql.clone(),
            };
            // The count comes from the result cache when the query has just run.
            let count = QueryOptions {
                max_rows: 0,
                ..QueryOptions::default()
            };
            let total = ws.query_sandboxed(&sql, &[], &count)?.total_rows.max(1);
            let progress = |rows: u64| {
                let _ = on_progress.send(Progress {
                    fraction: (rows as f64 / total as f64).min(1.0),
                });
            };
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("result")
                .to_owned();
            let rows =
                quarry_report::export_query(ws, &sql, &name, format, &path, &job.token, &progress)?;
            let _ = on_progress.send(Progress { fraction: 1.0 });
            Ok(ExportDone {
                path: path.display().to_string(),
                rows,
            })
        })
    })
    .await
}
