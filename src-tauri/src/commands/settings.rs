//! The open workspace's engine settings: memory limit, threads and where DuckDB spills.

use std::sync::Arc;

use quarry_engine::{Workspace, WorkspaceSettings};
use serde::Serialize;
use tauri::State;

use super::blocking;
use crate::error::{CommandError, CommandResult};
use crate::session::Session;

/// The stored settings and what an unset spill folder means for this workspace.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineSettings {
    pub settings: WorkspaceSettings,
    /// Where DuckDB spills when `settings.temp_directory` is unset.
    pub default_temp_directory: String,
}

impl EngineSettings {
    fn of(workspace: &Workspace) -> quarry_engine::Result<Self> {
        Ok(Self {
            settings: workspace.settings()?,
            default_temp_directory: WorkspaceSettings::default()
                .spill_directory(workspace.dir())
                .display()
                .to_string(),
        })
    }
}

#[tauri::command]
pub async fn engine_settings(session: State<'_, Arc<Session>>) -> CommandResult<EngineSettings> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(EngineSettings::of)).await
}

/// Applies and stores `settings`; wrong values are refused before anything changes.
#[tauri::command]
pub async fn set_engine_settings(
    session: State<'_, Arc<Session>>,
    settings: WorkspaceSettings,
) -> CommandResult<EngineSettings> {
    let session = Arc::clone(&session);
    blocking(move || {
        session.with_workspace(|ws| -> CommandResult<EngineSettings> {
            ws.set_settings(&settings)?;
            EngineSettings::of(ws).map_err(CommandError::from)
        })
    })
    .await
}
