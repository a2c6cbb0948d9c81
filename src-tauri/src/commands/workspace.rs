//! The open workspace: what it is, what it holds, switching it, showing it in the file manager.

use std::sync::Arc;

use quarry_engine::{EngineStatus, TableInfo, Workspace};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::blocking;
use crate::error::{CommandError, CommandResult};
use crate::session::Session;

/// The open workspace as the UI shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    pub name: String,
    pub path: String,
}

impl WorkspaceInfo {
    fn of(workspace: &Workspace) -> Self {
        let dir = workspace.dir();
        Self {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| dir.display().to_string()),
            path: dir.display().to_string(),
        }
    }
}

#[tauri::command]
pub async fn workspace_info(session: State<'_, Arc<Session>>) -> CommandResult<WorkspaceInfo> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| Ok::<_, CommandError>(WorkspaceInfo::of(ws))))
        .await
}

#[tauri::command]
pub async fn list_tables(session: State<'_, Arc<Session>>) -> CommandResult<Vec<TableInfo>> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(Workspace::tables)).await
}

/// The status bar's figures.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    pub workspace: String,
    #[serde(flatten)]
    pub engine: EngineStatus,
}

#[tauri::command]
pub async fn engine_status(session: State<'_, Arc<Session>>) -> CommandResult<StatusView> {
    let session = Arc::clone(&session);
    blocking(move || {
        session.with_workspace(|ws| {
            Ok::<_, quarry_engine::EngineError>(StatusView {
                workspace: WorkspaceInfo::of(ws).name,
                engine: ws.status()?,
            })
        })
    })
    .await
}

/// Asks for a folder (the dialog titled with the UI's translated `title`) and opens the
/// workspace there, creating it if the folder has none. Returns `None` when the user cancels.
#[tauri::command]
pub async fn choose_workspace(
    app: AppHandle,
    session: State<'_, Arc<Session>>,
    title: String,
) -> CommandResult<Option<WorkspaceInfo>> {
    let session = Arc::clone(&session);
    blocking(move || {
        let Some(picked) = app.dialog().file().set_title(title).blocking_pick_folder() else {
            return Ok(None);
        };
        let dir = picked
            .into_path()
            .map_err(|e| CommandError::new(format!("that folder cannot be used: {e}")))?;
        let workspace = session.switch_to(&dir)?;
        Ok(Some(WorkspaceInfo::of(&workspace)))
    })
    .await
}

/// Shows the workspace's database file in the system file manager.
#[tauri::command]
pub async fn reveal_workspace(
    app: AppHandle,
    session: State<'_, Arc<Session>>,
) -> CommandResult<()> {
    let session = Arc::clone(&session);
    let path =
        blocking(move || session.with_workspace(|ws| Ok::<_, CommandError>(ws.database_path())))
            .await?;
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| CommandError::new(format!("cannot open the file manager: {e}")))
}
