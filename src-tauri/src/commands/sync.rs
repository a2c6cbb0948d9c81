//! Sharing through the hub: the hub's address, the shared-workspace browser, connecting the
//! open workspace, sync runs (progress, cancel), conflicts, comments and version history of
//! shared reports. The logic is crates/sync's; `crate::sync` adapts tokens, files and views.

use std::path::PathBuf;
use std::sync::Arc;

use quarry_engine::CancelToken;
use quarry_report::{ExportFormat, ReportDocument, export_dataset};
use quarry_sync::{
    CommentThread, DocumentVersion, HubWorkspace, Resolution, StaticToken, upload_snapshot,
};
use tauri::State;
use tauri::ipc::Channel;
use uuid::Uuid;

use super::auth::AuthState;
use super::blocking;
use crate::error::{CommandError, CommandResult};
use crate::jobs::Jobs;
use crate::session::Session as AppSession;
use crate::sync::{
    self as hub, ConflictView, Connected, HubSettings, SyncOverview, SyncProgress, SyncRun,
    SyncState, conflict_views, hub_url, not_connected, reports_dir_of, shared_document,
    workspace_dir,
};

#[tauri::command]
pub async fn sync_overview(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
) -> CommandResult<SyncOverview> {
    let dir = workspace_dir(&app).await?;
    let guard = state.session(&auth, &dir).await?;
    Ok(state.overview(&auth, guard.as_ref()).await)
}

/// Sets the hub's address (checked, not contacted).
#[tauri::command]
pub async fn set_hub_url(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    url: String,
) -> CommandResult<SyncOverview> {
    let url = url.trim().trim_end_matches('/').to_string();
    quarry_sync::HubClient::new(&url, StaticToken(String::new()), Default::default())?;
    let mut settings = HubSettings::load(&state.config_dir);
    settings.url = Some(url);
    settings.save(&state.config_dir)?;
    sync_overview(app, auth, state).await
}

/// The shared workspaces of the signed-in account.
#[tauri::command]
pub async fn hub_workspaces(
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
) -> CommandResult<Vec<HubWorkspace>> {
    let url = hub_url(&HubSettings::load(&state.config_dir))?;
    Ok(hub::client(&url, auth.handle().await?)?
        .workspaces()
        .await?)
}

/// Creates a shared workspace owned by the signed-in account.
#[tauri::command]
pub async fn create_hub_workspace(
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    name: String,
) -> CommandResult<HubWorkspace> {
    let url = hub_url(&HubSettings::load(&state.config_dir))?;
    Ok(hub::client(&url, auth.handle().await?)?
        .create_workspace(&name)
        .await?)
}

/// Connects the open workspace to the shared workspace `id` and syncs it.
#[tauri::command]
pub async fn connect_hub_workspace(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    id: Uuid,
    name: String,
) -> CommandResult<SyncRun> {
    let dir = workspace_dir(&app).await?;
    let mut settings = HubSettings::load(&state.config_dir);
    let url = hub_url(&settings)?;
    settings.names.insert(id, name);
    settings.save(&state.config_dir)?;
    let mut guard = state.session(&auth, &dir).await?;
    if guard.as_ref().is_none_or(|c| c.session.workspace() != id) {
        let client = hub::client(&url, auth.handle().await?)?;
        *guard = Some(Connected {
            dir: dir.clone(),
            url,
            session: hub::open(&dir, id, client)?,
        });
    }
    let connected = guard.as_mut().ok_or_else(not_connected)?;
    state.run(&app, &auth, connected, None, &|_| {}).await
}

/// Pushes local changes and pulls everyone else's; progress by phase, cancellable.
#[tauri::command]
pub async fn sync_now(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    jobs: State<'_, Arc<Jobs>>,
    job_id: String,
    on_progress: Channel<SyncProgress>,
) -> CommandResult<SyncRun> {
    let dir = workspace_dir(&app).await?;
    let mut guard = state.session(&auth, &dir).await?;
    let connected = guard.as_mut().ok_or_else(not_connected)?;
    let job = jobs.start(job_id);
    let progress = |phase| {
        let _ = on_progress.send(SyncProgress { phase });
    };
    state
        .run(&app, &auth, connected, Some(&job.token), &progress)
        .await
}

/// Shares the report file at `path` (or queues its current content) and syncs.
#[tauri::command]
pub async fn share_report(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    path: PathBuf,
) -> CommandResult<SyncRun> {
    let dir = workspace_dir(&app).await?;
    let document = {
        let path = path.clone();
        blocking(move || Ok(ReportDocument::load(&path)?)).await?
    };
    let mut guard = state.session(&auth, &dir).await?;
    let connected = guard.as_mut().ok_or_else(not_connected)?;
    let content = hub::report_content(&document)?;
    connected
        .session
        .share_file("report", &hub::file_name(&path)?, content)?;
    state.run(&app, &auth, connected, None, &|_| {}).await
}

/// Conflicts waiting for a choice, with both sides where they differ.
#[tauri::command]
pub async fn sync_conflicts(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
) -> CommandResult<Vec<ConflictView>> {
    let dir = workspace_dir(&app).await?;
    let guard = state.session(&auth, &dir).await?;
    let Some(connected) = guard.as_ref() else {
        return Ok(Vec::new());
    };
    Ok(conflict_views(&connected.session, &reports_dir_of(&dir)))
}

/// Settles a conflict with this computer's version (`mine`) or the hub's (`theirs`), then syncs.
#[tauri::command]
pub async fn resolve_conflict(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    document_id: Uuid,
    keep: String,
) -> CommandResult<SyncRun> {
    let resolution = match keep.as_str() {
        "mine" => Resolution::KeepMine,
        "theirs" => Resolution::KeepTheirs,
        other => {
            return Err(CommandError::new(format!(
                "keep \"mine\" or \"theirs\", not {other:?}"
            )));
        }
    };
    let dir = workspace_dir(&app).await?;
    let mut guard = state.session(&auth, &dir).await?;
    let connected = guard.as_mut().ok_or_else(not_connected)?;
    connected.session.resolve(document_id, resolution)?;
    state.run(&app, &auth, connected, None, &|_| {}).await
}

/// The comment threads of the shared report at `path` (online).
#[tauri::command]
pub async fn report_comments(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    path: PathBuf,
) -> CommandResult<Vec<CommentThread>> {
    let dir = workspace_dir(&app).await?;
    let guard = state.session(&auth, &dir).await?;
    let connected = guard.as_ref().ok_or_else(not_connected)?;
    let id = shared_document(connected, &path)?;
    let workspace = connected.session.workspace();
    Ok(connected.session.client().comments(workspace, id).await?)
}

/// Comments on the shared report at `path` (or on one of its blocks); queued, then synced.
#[tauri::command]
pub async fn add_report_comment(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    path: PathBuf,
    text: String,
    block_id: Option<String>,
) -> CommandResult<SyncRun> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CommandError::new("write a comment first"));
    }
    let dir = workspace_dir(&app).await?;
    let mut guard = state.session(&auth, &dir).await?;
    let connected = guard.as_mut().ok_or_else(not_connected)?;
    let id = shared_document(connected, &path)?;
    connected
        .session
        .add_comment(id, text, block_id.as_deref(), None)?;
    state.run(&app, &auth, connected, None, &|_| {}).await
}

/// The versions of the shared report at `path`, newest first (online).
#[tauri::command]
pub async fn report_versions(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    path: PathBuf,
) -> CommandResult<Vec<DocumentVersion>> {
    let dir = workspace_dir(&app).await?;
    let guard = state.session(&auth, &dir).await?;
    let connected = guard.as_ref().ok_or_else(not_connected)?;
    let id = shared_document(connected, &path)?;
    let workspace = connected.session.workspace();
    Ok(connected.session.client().versions(workspace, id).await?)
}

/// Makes `version` of the shared report at `path` current again (a new version), then syncs;
/// the file is rewritten with it.
#[tauri::command]
pub async fn restore_report_version(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    path: PathBuf,
    version: i32,
) -> CommandResult<SyncRun> {
    let dir = workspace_dir(&app).await?;
    let mut guard = state.session(&auth, &dir).await?;
    let connected = guard.as_mut().ok_or_else(not_connected)?;
    let id = shared_document(connected, &path)?;
    connected.session.restore_version(id, version)?;
    state.run(&app, &auth, connected, None, &|_| {}).await
}

/// Publishes dataset `name` as a snapshot of the connected shared workspace (Parquet); the
/// others' next sync refreshes it in their engines. Returns the snapshot's id.
#[tauri::command]
pub async fn share_dataset(
    app: State<'_, Arc<AppSession>>,
    auth: State<'_, Arc<AuthState>>,
    state: State<'_, Arc<SyncState>>,
    name: String,
) -> CommandResult<Uuid> {
    let dir = workspace_dir(&app).await?;
    let scratch = tempfile::tempdir()
        .map_err(|e| CommandError::new(format!("no temporary space for the snapshot: {e}")))?;
    let file = scratch.path().join("snapshot.parquet");
    let rows = {
        let (app, file, name) = (Arc::clone(&app), file.clone(), name.clone());
        blocking(move || {
            app.with_workspace(|ws| {
                let cancel = CancelToken::new();
                export_dataset(ws, &name, ExportFormat::Parquet, &file, &cancel, &|_| {})
                    .map(|dataset| dataset.row_count)
            })
        })
        .await?
    };
    let guard = state.session(&auth, &dir).await?;
    let connected = guard.as_ref().ok_or_else(not_connected)?;
    let session = &connected.session;
    let upload = upload_snapshot(
        session.client(),
        session.workspace(),
        &name,
        &file,
        Some(rows),
    );
    Ok(upload.await?)
}
