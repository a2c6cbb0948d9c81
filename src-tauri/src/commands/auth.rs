//! Signing in with the company's identity provider (crates/auth): the system browser is opened
//! through the opener plugin, tokens stay in the OS keychain, the UI only sees account names.

use std::sync::{Arc, Mutex};

use quarry_auth::{Account, AccountId, Auth, AuthError, CancellationToken, ProviderSettings};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use tokio::sync::OnceCell;

use crate::error::{CommandError, CommandResult};
use crate::paths::AppPaths;

/// The sign-in state of the app: the accounts (loaded on first use, as opening the keychain
/// can fail) and the cancel switch of a sign-in in progress.
pub struct AuthState {
    config_dir: std::path::PathBuf,
    auth: OnceCell<Auth>,
    pending: Mutex<Option<CancellationToken>>,
}

impl AuthState {
    pub fn new(paths: &AppPaths) -> Self {
        Self {
            config_dir: paths.config_dir.clone(),
            auth: OnceCell::new(),
            pending: Mutex::new(None),
        }
    }

    /// The app's sign-in handle (cheap to clone), for clients that need tokens.
    pub async fn handle(&self) -> CommandResult<Auth> {
        self.auth().await.cloned()
    }

    async fn auth(&self) -> CommandResult<&Auth> {
        self.auth
            .get_or_try_init(|| async {
                let store = quarry_auth::platform_store().await?;
                Auth::new(&self.config_dir, store)
            })
            .await
            .map_err(CommandError::from)
    }
}

impl From<AuthError> for CommandError {
    fn from(error: AuthError) -> Self {
        Self::new(error.to_string())
    }
}

/// An account as the account menu shows it (no tokens, ever).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub issuer: String,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub current: bool,
}

fn view(account: &Account, current: Option<&Account>) -> AccountView {
    AccountView {
        issuer: account.id.issuer.clone(),
        subject: account.id.subject.clone(),
        name: account.display_name().to_owned(),
        email: account.email.clone(),
        current: current.is_some_and(|c| c.id == account.id),
    }
}

/// The accounts signed in on this computer, the current one marked.
#[tauri::command]
pub async fn list_accounts(state: State<'_, Arc<AuthState>>) -> CommandResult<Vec<AccountView>> {
    let auth = state.auth().await?;
    let current = auth.current_account().await;
    Ok(auth
        .accounts()
        .await
        .iter()
        .map(|a| view(a, current.as_ref()))
        .collect())
}

/// Signs in at `issuer` with Quarry's client id there, in the system browser.
#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
    state: State<'_, Arc<AuthState>>,
    issuer: String,
    client_id: String,
) -> CommandResult<AccountView> {
    let auth = state.auth().await?;
    let cancel = CancellationToken::new();
    if let Ok(mut pending) = state.pending.lock()
        && let Some(previous) = pending.replace(cancel.clone())
    {
        previous.cancel();
    }
    let settings = ProviderSettings::new(issuer.trim(), client_id.trim());
    let open = |url: &quarry_auth::Url| {
        app.opener()
            .open_url(url.as_str(), None::<&str>)
            .map_err(|e| e.to_string())
    };
    let result = auth.sign_in(&settings, open, &cancel).await;
    if let Ok(mut pending) = state.pending.lock() {
        pending.take();
    }
    let account = result?;
    Ok(view(&account, Some(&account)))
}

/// Stops a sign-in that waits for the browser.
#[tauri::command]
pub fn cancel_sign_in(state: State<'_, Arc<AuthState>>) -> bool {
    let pending = state.pending.lock().ok().and_then(|mut p| p.take());
    pending.map(|token| token.cancel()).is_some()
}

/// Makes another signed-in account current (no network, no browser).
#[tauri::command]
pub async fn switch_account(
    state: State<'_, Arc<AuthState>>,
    issuer: String,
    subject: String,
) -> CommandResult<AccountView> {
    let auth = state.auth().await?;
    let account = auth.switch_account(&AccountId { issuer, subject }).await?;
    Ok(view(&account, Some(&account)))
}

/// Signs out: revokes the refresh token where the provider allows and deletes it from the
/// keychain.
#[tauri::command]
pub async fn sign_out(
    state: State<'_, Arc<AuthState>>,
    issuer: String,
    subject: String,
) -> CommandResult<()> {
    let auth = state.auth().await?;
    auth.sign_out(&AccountId { issuer, subject }).await?;
    Ok(())
}
