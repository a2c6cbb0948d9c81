//! What the sharing panel and the status bar are sent: overviews, sync runs, conflicts.

use std::path::{Path, PathBuf};

use quarry_engine::import::ImportReport;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::Session;

/// What the status bar and the sharing panel show.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncOverview {
    pub hub_url: Option<String>,
    pub signed_in: bool,
    pub workspace: Option<ConnectedWorkspace>,
    /// `disconnected`, `synced`, `pending`, `offline` or `conflict`.
    pub state: &'static str,
    pub pending: usize,
    pub conflicts: usize,
    pub last_synced_at: Option<String>,
    pub last_error: Option<String>,
    pub shared: Vec<SharedFile>,
}

#[derive(Debug, Serialize)]
pub struct ConnectedWorkspace {
    pub id: Uuid,
    pub name: String,
}

/// A report file of this workspace that is shared.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedFile {
    pub path: PathBuf,
    pub document_id: Uuid,
    pub version: Option<i32>,
}

/// The outcome of a sync run: the new overview and the report files it changed.
#[derive(Debug, Serialize)]
pub struct SyncRun {
    pub overview: SyncOverview,
    pub written: Vec<PathBuf>,
    pub unlinked: Vec<PathBuf>,
    /// Shared reports that could not be written, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Datasets refreshed from snapshots shared by others (with their schema changes).
    pub refreshed: Vec<ImportReport>,
}

/// Both sides of a conflict where they differ.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub document_id: Uuid,
    pub title: String,
    pub path: Option<PathBuf>,
    pub mine_deleted: bool,
    pub theirs_deleted: bool,
    pub differences: Vec<Difference>,
}

#[derive(Debug, Serialize)]
pub struct Difference {
    /// JSON pointer into `{title, body}` (`/title`, `/body/pages/0/…`).
    pub pointer: String,
    pub mine: Option<String>,
    pub theirs: Option<String>,
}

/// Where a sync run is.
#[derive(Clone, Debug, Serialize)]
pub struct SyncProgress {
    /// `sync` (pushing and pulling) or `files` (writing shared reports).
    pub phase: &'static str,
}

/// The session's conflicts as the conflicts view shows them (`reports`: where files live).
pub fn conflict_views(session: &Session, reports: &Path) -> Vec<ConflictView> {
    session
        .conflicts()
        .map(|c| {
            let mine = c.mine.as_ref().map(|m| m.to_value());
            let theirs = c.theirs.as_ref().map(|t| t.to_value());
            let at = |side: &Option<Value>, pointer: &str| {
                let pointer = if pointer == "/" { "" } else { pointer };
                side.as_ref().and_then(|v| v.pointer(pointer)).map(excerpt)
            };
            ConflictView {
                document_id: c.document_id,
                title: c
                    .mine
                    .as_ref()
                    .or(c.theirs.as_ref())
                    .map_or_else(|| c.base.title.clone(), |s| s.title.clone()),
                path: session
                    .file_for_document(c.document_id)
                    .map(|f| reports.join(f)),
                mine_deleted: c.mine.is_none(),
                theirs_deleted: c.theirs.is_none(),
                differences: c
                    .paths
                    .iter()
                    .map(|p| Difference {
                        pointer: p.clone(),
                        mine: at(&mine, p),
                        theirs: at(&theirs, p),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A value as short text for the conflicts view.
fn excerpt(value: &Value) -> String {
    const LIMIT: usize = 240;
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
