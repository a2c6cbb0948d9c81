//! The sources panel: datasets with their sizes, profiles, and picking a file to import.

use std::sync::Arc;

use quarry_engine::DatasetInfo;
use quarry_engine::profile::{ProfileOptions, TableProfile};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::error::{CommandError, CommandResult};
use crate::session::Session;

/// File kinds the import dialog offers.
const IMPORTABLE: &[&str] = &[
    "csv", "tsv", "txt", "parquet", "json", "ndjson", "jsonl", "xlsx", "xls", "ods",
];

/// A dataset with the space it takes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetSummary {
    #[serde(flatten)]
    pub dataset: DatasetInfo,
    /// Bytes in the workspace file (whole blocks); `None` when DuckDB does not say.
    pub size_bytes: Option<u64>,
}

#[tauri::command]
pub async fn list_datasets(session: State<'_, Arc<Session>>) -> CommandResult<Vec<DatasetSummary>> {
    let session = Arc::clone(&session);
    blocking(move || {
        session.with_workspace(|ws| -> quarry_engine::Result<Vec<DatasetSummary>> {
            let sizes = ws.table_sizes()?;
            Ok(ws
                .datasets()?
                .into_iter()
                .map(|dataset| DatasetSummary {
                    size_bytes: sizes.get(&dataset.name).copied(),
                    dataset,
                })
                .collect())
        })
    })
    .await
}

/// Nulls, distinct values, ranges, top values, histograms and personal-data flags per column.
#[tauri::command]
pub async fn profile_dataset(
    session: State<'_, Arc<Session>>,
    name: String,
) -> CommandResult<TableProfile> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| ws.profile(&name, &ProfileOptions::default())))
        .await
}

/// The native open dialog for data files, with the UI's translated `title` and `filter` name;
/// `None` when the user cancels.
#[tauri::command]
pub async fn choose_import_file(
    app: AppHandle,
    title: String,
    filter: String,
) -> CommandResult<Option<String>> {
    blocking(move || {
        let Some(picked) = app
            .dialog()
            .file()
            .set_title(title)
            .add_filter(filter, IMPORTABLE)
            .blocking_pick_file()
        else {
            return Ok(None);
        };
        let path = picked
            .into_path()
            .map_err(|e| CommandError::new(format!("that file cannot be used: {e}")))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
