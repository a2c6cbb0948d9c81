//! Where exports go: the native save dialog and showing a written file in the file manager.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::blocking;
use crate::error::{CommandError, CommandResult};

/// The native save dialog for a file of `format` (`csv`, `xlsx`, `parquet`, `pdf`), starting
/// at `suggested_name`; `None` when the user cancels.
#[tauri::command]
pub async fn choose_save_path(
    app: AppHandle,
    suggested_name: String,
    format: String,
) -> CommandResult<Option<String>> {
    let (label, extension) = match format.as_str() {
        "csv" => ("CSV", "csv"),
        "xlsx" => ("Excel workbook", "xlsx"),
        "parquet" => ("Parquet", "parquet"),
        "pdf" => ("PDF", "pdf"),
        other => {
            return Err(CommandError::new(format!(
                "{other:?} is not a format Quarry writes"
            )));
        }
    };
    blocking(move || {
        let Some(picked) = app
            .dialog()
            .file()
            .set_title("Export")
            .set_file_name(format!("{suggested_name}.{extension}"))
            .add_filter(label, &[extension])
            .blocking_save_file()
        else {
            return Ok(None);
        };
        let path = picked
            .into_path()
            .map_err(|e| CommandError::new(format!("that place cannot be used: {e}")))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Opens the file manager with `path` selected.
#[tauri::command]
pub fn show_in_folder(app: AppHandle, path: String) -> CommandResult<()> {
    let path = PathBuf::from(path);
    if !path.exists() {
        return Err(CommandError::new(format!(
            "{} no longer exists",
            path.display()
        )));
    }
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| CommandError::new(format!("cannot open the file manager: {e}")))
}
