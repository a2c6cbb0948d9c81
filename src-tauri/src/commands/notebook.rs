//! The SQL editor's history and saved queries, kept in the workspace.

use std::sync::Arc;

use quarry_engine::{HistoryEntry, SavedQuery};
use tauri::State;

use super::blocking;
use crate::error::CommandResult;
use crate::session::Session;

/// Queries run in the editor, newest first.
#[tauri::command]
pub async fn query_history(session: State<'_, Arc<Session>>) -> CommandResult<Vec<HistoryEntry>> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| ws.history())).await
}

#[tauri::command]
pub async fn saved_queries(session: State<'_, Arc<Session>>) -> CommandResult<Vec<SavedQuery>> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| ws.saved_queries())).await
}

/// Saves `sql` under `name`, replacing a query of that name.
#[tauri::command]
pub async fn save_query(
    session: State<'_, Arc<Session>>,
    name: String,
    sql: String,
) -> CommandResult<SavedQuery> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| ws.save_query(&name, &sql))).await
}

#[tauri::command]
pub async fn delete_saved_query(
    session: State<'_, Arc<Session>>,
    name: String,
) -> CommandResult<()> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| ws.delete_saved_query(&name))).await
}
