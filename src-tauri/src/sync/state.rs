//! The open workspace's sync session, the last run's outcome, and what a run does: rescan
//! shared files, push and pull, rewrite stale report files, refresh datasets from snapshots.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use quarry_engine::CancelToken;
use quarry_engine::import::{ImportOptions, ImportReport, SourceFormat};
use quarry_report::ReportDocument;
use quarry_sync::{MirrorReport, SyncError, SyncStatus, download_snapshot};
use tokio::sync::MutexGuard;
use uuid::Uuid;

use super::views::{ConnectedWorkspace, SharedFile, SyncOverview, SyncRun};
use super::{HubSettings, ReportFiles, Session};
use crate::commands::auth::AuthState;
use crate::commands::blocking;
use crate::error::{CommandError, CommandResult};
use crate::session::Session as AppSession;
use crate::sync as hub;

/// The connected session of the open workspace, the hub settings and the last run's outcome.
pub struct SyncState {
    pub config_dir: PathBuf,
    connected: tokio::sync::Mutex<Option<Connected>>,
    last: std::sync::Mutex<LastRun>,
}

pub struct Connected {
    pub dir: PathBuf,
    pub url: String,
    pub session: Session,
}

#[derive(Clone, Default)]
struct LastRun {
    at: Option<String>,
    error: Option<String>,
}

impl SyncState {
    pub fn new(config_dir: PathBuf) -> Self {
        Self {
            config_dir,
            connected: tokio::sync::Mutex::new(None),
            last: std::sync::Mutex::new(LastRun::default()),
        }
    }

    /// The session of the workspace in `dir` (opened when it is connected), locked.
    pub async fn session(
        &self,
        auth: &AuthState,
        dir: &Path,
    ) -> CommandResult<MutexGuard<'_, Option<Connected>>> {
        let settings = HubSettings::load(&self.config_dir);
        let mut guard = self.connected.lock().await;
        let current = guard
            .as_ref()
            .is_some_and(|c| c.dir == dir && Some(&c.url) == settings.url.as_ref());
        if !current {
            *guard = None;
            if let (Some(url), Some(id)) = (&settings.url, hub::connected_workspace(dir)?) {
                let client = hub::client(url, auth.handle().await?)?;
                *guard = Some(Connected {
                    dir: dir.to_path_buf(),
                    url: url.clone(),
                    session: hub::open(dir, id, client)?,
                });
            }
        }
        Ok(guard)
    }

    fn last(&self) -> LastRun {
        self.last.lock().map(|l| l.clone()).unwrap_or_default()
    }

    fn record(&self, error: Option<String>) {
        if let Ok(mut last) = self.last.lock() {
            if error.is_none() {
                last.at = Some(now());
            }
            last.error = error;
        }
    }

    pub async fn overview(&self, auth: &AuthState, connected: Option<&Connected>) -> SyncOverview {
        let settings = HubSettings::load(&self.config_dir);
        let signed_in = match auth.handle().await {
            Ok(auth) => auth.current_account().await.is_some(),
            Err(_) => false,
        };
        let last = self.last();
        let mut overview = SyncOverview {
            hub_url: settings.url.clone(),
            signed_in,
            workspace: None,
            state: "disconnected",
            pending: 0,
            conflicts: 0,
            last_synced_at: last.at,
            last_error: last.error,
            shared: Vec::new(),
        };
        if let Some(c) = connected {
            let id = c.session.workspace();
            let name = settings.names.get(&id).cloned();
            overview.workspace = Some(ConnectedWorkspace {
                id,
                name: name.unwrap_or_else(|| id.to_string()),
            });
            (overview.state, overview.pending, overview.conflicts) = match c.session.status() {
                SyncStatus::Synced => ("synced", 0, 0),
                SyncStatus::Pending(n) => ("pending", n, 0),
                SyncStatus::Offline(n) => ("offline", n, 0),
                SyncStatus::Conflict(n) => ("conflict", c.session.pending(), n),
            };
            let reports = reports_dir_of(&c.dir);
            overview.shared = c
                .session
                .documents()
                .filter_map(|d| {
                    Some(SharedFile {
                        path: reports.join(c.session.file_for_document(d.id)?),
                        document_id: d.id,
                        version: d.base.as_ref().map(|b| b.version),
                    })
                })
                .collect();
        }
        overview
    }

    /// Pushes and pulls, then brings the report files up to date and refreshes datasets from
    /// new snapshots; a failure is recorded and shown, not returned (the work stays queued).
    pub async fn run(
        &self,
        app: &Arc<AppSession>,
        auth: &AuthState,
        connected: &mut Connected,
        cancel: Option<&quarry_engine::CancelToken>,
        progress: &(dyn Fn(&'static str) + Sync),
    ) -> CommandResult<SyncRun> {
        rescan_shared_files(connected)?;
        progress("sync");
        let outcome = tokio::select! {
            outcome = connected.session.sync() => outcome.map_err(|e| e.to_string()),
            () = cancelled(cancel) => Err("sync cancelled; your changes stay queued".to_string()),
        };
        let snapshots = match &outcome {
            Ok(report) => report.pulled.snapshots.clone(),
            Err(_) => Vec::new(),
        };
        self.record(outcome.err());
        progress("files");
        let reports = reports_dir_of(&connected.dir);
        let mirror = connected
            .session
            .write_stale_files(&reports, &ReportFiles)?;
        let refreshed = match refresh_datasets(app, connected, &snapshots).await {
            Ok(refreshed) => refreshed,
            Err(error) => {
                self.record(Some(error.message));
                Vec::new()
            }
        };
        let mut run = self.finish(auth, connected, mirror).await;
        run.refreshed = refreshed;
        Ok(run)
    }

    async fn finish(
        &self,
        auth: &AuthState,
        connected: &Connected,
        mirror: MirrorReport,
    ) -> SyncRun {
        SyncRun {
            overview: self.overview(auth, Some(connected)).await,
            written: mirror.written,
            unlinked: mirror.unlinked,
            skipped: mirror.skipped,
            refreshed: Vec::new(),
        }
    }
}

/// Queues edits of shared report files that were saved without being recorded (outside the
/// app, or while the session could not be opened).
pub fn rescan_shared_files(connected: &mut Connected) -> CommandResult<()> {
    let reports = reports_dir_of(&connected.dir);
    let files: Vec<String> = connected
        .session
        .documents()
        .filter_map(|d| {
            connected
                .session
                .file_for_document(d.id)
                .map(str::to_string)
        })
        .collect();
    for file in files {
        if let Ok(document) = ReportDocument::load(&reports.join(&file)) {
            let content = hub::report_content(&document)?;
            connected.session.saved_file(&file, content)?;
        }
    }
    Ok(())
}

/// Downloads new snapshots into the workspace's offline cache (`sync/snapshots`, resumable,
/// verified) and refreshes their datasets in the engine, off the UI thread.
async fn refresh_datasets(
    app: &Arc<AppSession>,
    connected: &Connected,
    snapshots: &[Uuid],
) -> CommandResult<Vec<ImportReport>> {
    let cache = connected.dir.join("sync").join("snapshots");
    let mut cached = Vec::new();
    for &snapshot in snapshots {
        let client = connected.session.client();
        match download_snapshot(client, connected.session.workspace(), snapshot, &cache).await {
            Ok(file) => cached.push(file),
            // Not uploaded yet: its upload arrives with a later pull.
            Err(SyncError::Hub { status: 409, .. }) => {}
            Err(error) => return Err(error.into()),
        }
    }
    if cached.is_empty() {
        return Ok(Vec::new());
    }
    let app = Arc::clone(app);
    blocking(move || {
        app.with_workspace(|ws| -> CommandResult<Vec<ImportReport>> {
            cached
                .iter()
                .map(|snapshot| {
                    let options = ImportOptions {
                        name: Some(snapshot.dataset.clone()),
                        format: Some(SourceFormat::Parquet),
                        ..ImportOptions::default()
                    };
                    let path = snapshot.path.display().to_string();
                    let mut report = ws.import(&path, &options, &CancelToken::new(), &|_| {})?;
                    quarry_report::add_affected_reports(ws, &mut report)?;
                    Ok(report)
                })
                .collect()
        })
    })
    .await
}

async fn cancelled(token: Option<&quarry_engine::CancelToken>) {
    loop {
        if token.is_some_and(quarry_engine::CancelToken::is_cancelled) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn not_connected() -> CommandError {
    CommandError::new("this workspace is not shared yet: connect it to a shared workspace first")
}

/// The open workspace's directory (opening it if needed).
pub async fn workspace_dir(app: &Arc<AppSession>) -> CommandResult<PathBuf> {
    let app = Arc::clone(app);
    blocking(move || app.with_workspace(|ws| Ok::<_, CommandError>(ws.dir().to_path_buf()))).await
}

/// The document shared as the report file at `path`.
pub fn shared_document(connected: &Connected, path: &Path) -> CommandResult<Uuid> {
    let name = hub::file_name(path)?;
    connected
        .session
        .document_for_file(&name)
        .map(|d| d.id)
        .ok_or_else(|| CommandError::new(format!("{name} is not shared: share the report first")))
}

pub fn hub_url(settings: &HubSettings) -> CommandResult<String> {
    settings
        .url
        .clone()
        .ok_or_else(|| CommandError::new("set the hub's address first (Sharing → Hub address)"))
}

/// Queues the saved report as an edit when it is shared (no network; `sync_now` sends it).
pub async fn record_saved_report(
    app: &Arc<AppSession>,
    auth: &AuthState,
    state: &SyncState,
    path: &Path,
    document: &ReportDocument,
) -> CommandResult<()> {
    let dir = workspace_dir(app).await?;
    if path.parent() != Some(reports_dir_of(&dir).as_path()) {
        return Ok(());
    }
    let mut guard = state.session(auth, &dir).await?;
    if let Some(connected) = guard.as_mut() {
        let content = hub::report_content(document)?;
        connected
            .session
            .saved_file(&hub::file_name(path)?, content)?;
    }
    Ok(())
}

pub fn reports_dir_of(dir: &Path) -> PathBuf {
    dir.join(quarry_report::REPORTS_FOLDER)
}
