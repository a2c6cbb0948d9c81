//! Tauri commands, one module per command area.

pub mod auth;
pub mod charts;
pub mod export;
pub mod files;
pub mod import;
pub mod notebook;
pub mod query;
pub mod reports;
pub mod settings;
pub mod sources;
pub mod sync;
pub mod workspace;

use crate::error::{CommandError, CommandResult};

/// Runs blocking engine work on Tauri's blocking pool so the UI thread never waits on it.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::new(format!("internal error: {e}")))?
}
