//! Importing files into datasets, with progress events and cancel.

use std::sync::Arc;

use std::collections::BTreeMap;

use quarry_engine::import::{ExcelOptions, ImportOptions, ImportReport};
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::CommandResult;
use crate::jobs::Jobs;
use crate::session::Session;

/// Sent to the UI while an import runs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// From 0.0 to 1.0.
    pub fraction: f64,
}

/// What the person chose after seeing the detected schema, or for a workbook.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportChoices {
    /// CSV column name → DuckDB type.
    #[serde(default)]
    pub column_types: BTreeMap<String, String>,
    /// Excel sheet; the first one when absent.
    pub sheet: Option<String>,
    /// 1-based row of the column names (Excel).
    pub header_row: Option<usize>,
}

/// Imports (or refreshes) the dataset `name` from a file, folder or glob at `source`. The UI
/// cancels it with `cancel_job(job_id)`; a cancelled import leaves the previous version intact.
#[tauri::command]
pub async fn import_source(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    job_id: String,
    source: String,
    name: Option<String>,
    choices: Option<ImportChoices>,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    blocking(move || {
        let job = jobs.start(job_id);
        let choices = choices.unwrap_or_default();
        let options = ImportOptions {
            name,
            column_types: choices.column_types,
            excel: ExcelOptions {
                sheet: choices.sheet,
                header_row: choices.header_row.unwrap_or(1).saturating_sub(1),
                ..ExcelOptions::default()
            },
            ..ImportOptions::default()
        };
        let progress = move |fraction: f64| {
            // A closed channel means the window went away; the import still finishes.
            let _ = on_progress.send(ImportProgress { fraction });
        };
        session.with_workspace(|ws| -> CommandResult<ImportReport> {
            let mut report = ws.import(&source, &options, &job.token, &progress)?;
            quarry_report::add_affected_reports(ws, &mut report)?;
            Ok(report)
        })
    })
    .await
}

/// Asks a running import or query to stop. Returns false when it had already finished.
#[tauri::command]
pub fn cancel_job(jobs: State<'_, Arc<Jobs>>, job_id: String) -> bool {
    jobs.cancel(&job_id)
}
