//! The open workspace's connection to the hub (crates/sync): where the hub is, the session of
//! the connected workspace, tokens from the signed-in account, and report files mirrored from
//! synced documents. Commands live in `commands/sync.rs`.

mod state;
mod views;

use std::path::{Path, PathBuf};

use quarry_auth::{AccessToken, Auth};
use quarry_report::{ReportDocument, new_report_path, save_report};
use quarry_sync::{
    Content, FileFormat, HubClient, RetryPolicy, StateFile, SyncError, SyncSession, TokenSource,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{CommandError, CommandResult};

pub use state::{
    Connected, SyncState, hub_url, not_connected, record_saved_report, reports_dir_of,
    shared_document, workspace_dir,
};
pub use views::{ConflictView, SyncOverview, SyncProgress, SyncRun, conflict_views};

/// Access tokens of the signed-in account (refreshed through crates/auth, kept in the
/// keychain); the hub never sees a refresh token.
pub struct AccountTokens(pub Auth);

impl TokenSource for AccountTokens {
    async fn token(&self) -> quarry_sync::Result<String> {
        let token = self.0.access_token().await.map_err(token_error)?;
        Ok(token.secret().clone())
    }

    async fn refresh(&self, rejected: &str) -> quarry_sync::Result<String> {
        let rejected = AccessToken::new(rejected.to_string());
        let token = self
            .0
            .refresh_rejected(&rejected)
            .await
            .map_err(token_error)?;
        Ok(token.secret().clone())
    }
}

fn token_error(error: quarry_auth::AuthError) -> SyncError {
    SyncError::Token(error.to_string())
}

impl From<SyncError> for CommandError {
    fn from(error: SyncError) -> Self {
        Self::new(error.to_string())
    }
}

/// A sync session of one local workspace.
pub type Session = SyncSession<AccountTokens>;

/// What the app remembers about the hub (`hub.json` in the config dir); no secrets.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct HubSettings {
    /// The hub's base URL.
    pub url: Option<String>,
    /// Names of connected hub workspaces, by id (shown while offline).
    #[serde(default)]
    pub names: std::collections::BTreeMap<Uuid, String>,
}

impl HubSettings {
    /// Reads the settings; `QUARRY_HUB_URL` is the default URL (deployments, tests).
    pub fn load(config_dir: &Path) -> Self {
        let mut settings: Self = std::fs::read(config_dir.join("hub.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        if settings.url.is_none() {
            settings.url = std::env::var("QUARRY_HUB_URL")
                .ok()
                .filter(|u| !u.is_empty());
        }
        settings
    }

    /// Writes the settings atomically.
    pub fn save(&self, config_dir: &Path) -> CommandResult<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| CommandError::new(format!("internal error: {e}")))?;
        std::fs::create_dir_all(config_dir)
            .and_then(|()| {
                let temporary = config_dir.join("hub.json.tmp");
                std::fs::write(&temporary, json)?;
                std::fs::rename(&temporary, config_dir.join("hub.json"))
            })
            .map_err(|e| CommandError::new(format!("could not save the hub settings: {e}")))
    }
}

/// A client for the hub at `url` with the account's tokens.
pub fn client(url: &str, auth: Auth) -> CommandResult<HubClient<AccountTokens>> {
    Ok(HubClient::new(
        url,
        AccountTokens(auth),
        RetryPolicy::default(),
    )?)
}

/// The hub workspace the local workspace in `dir` is connected to, if any.
pub fn connected_workspace(dir: &Path) -> CommandResult<Option<Uuid>> {
    Ok(StateFile::in_workspace(dir).load()?.workspace_id)
}

/// A session for the workspace in `dir`, connected to `workspace` on the hub.
pub fn open(
    dir: &Path,
    workspace: Uuid,
    client: HubClient<AccountTokens>,
) -> CommandResult<Session> {
    Ok(SyncSession::open(dir, workspace, client)?)
}

/// Report documents kept as `*.qreport.json` files: validated before they are written.
pub struct ReportFiles;

impl FileFormat for ReportFiles {
    fn kind(&self) -> &str {
        "report"
    }

    fn new_path(&self, dir: &Path, title: &str) -> PathBuf {
        new_report_path(dir, title)
    }

    fn write(&self, path: &Path, content: &Content) -> Result<Content, String> {
        let mut document: ReportDocument =
            serde_json::from_value(content.body.clone()).map_err(|e| e.to_string())?;
        document.title.clone_from(&content.title);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        save_report(path, &document).map_err(|e| e.to_string())?;
        report_content(&document).map_err(|e| e.message)
    }
}

/// A report as synced content: its title and the document as JSON.
pub fn report_content(document: &ReportDocument) -> CommandResult<Content> {
    Ok(Content {
        title: document.title.clone(),
        body: serde_json::to_value(document)
            .map_err(|e| CommandError::new(format!("internal error: {e}")))?,
    })
}

/// The file name of a report path, as links record it.
pub fn file_name(path: &Path) -> CommandResult<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| CommandError::new(format!("{} is not a report file", path.display())))
}
