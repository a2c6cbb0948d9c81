//! Where exports go: the native save dialog and showing a written file in the file manager.

use std::path::PathBuf;

use serde::Deserialize;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::blocking;
use crate::error::{CommandError, CommandResult};

/// What the UI shows in the native save dialog, in its language.
#[derive(Debug, Deserialize)]
pub struct SaveDialogText {
    pub title: String,
    /// The name of the file type, e.g. "Excel workbook".
    pub filter: String,
}

/// The native save dialog for a file of `format` (`csv`, `xlsx`, `parquet`, `pdf`), starting
/// at `suggested_name` (the extension is added when missing); `None` when the user cancels.
#[tauri::command]
pub async fn choose_save_path(
    app: AppHandle,
    suggested_name: String,
    format: String,
    text: SaveDialogText,
) -> CommandResult<Option<String>> {
    let extension = match format.as_str() {
        "csv" | "xlsx" | "parquet" | "pdf" => format,
        other => {
            return Err(CommandError::new(format!(
                "{other:?} is not a format Quarry writes"
            )));
        }
    };
    let file_name = with_extension(suggested_name, &extension);
    blocking(move || {
        let Some(picked) = app
            .dialog()
            .file()
            .set_title(text.title)
            .set_file_name(file_name)
            .add_filter(text.filter, &[extension.as_str()])
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

/// `name` ending in `.extension`, added only when missing.
fn with_extension(name: String, extension: &str) -> String {
    if name.ends_with(&format!(".{extension}")) {
        name
    } else {
        format!("{name}.{extension}")
    }
}

#[cfg(test)]
mod tests {
    use super::with_extension;

    #[test]
    fn the_suggested_name_gets_its_extension_once() {
        assert_eq!(with_extension("sales".into(), "xlsx"), "sales.xlsx");
        assert_eq!(with_extension("sales.xlsx".into(), "xlsx"), "sales.xlsx");
        assert_eq!(with_extension("q3.pdf".into(), "csv"), "q3.pdf.csv");
    }
}
