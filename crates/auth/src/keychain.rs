//! Secrets in the OS keychain through `keyring-core`, with the store passed in.
//!
//! Quarry never writes a secret anywhere else: when no keychain is available the operation fails
//! with [`AuthError::NoKeychain`] or [`AuthError::KeychainLocked`], never with a file fallback.
//! Every store call blocks (D-Bus, Security.framework, Credential Manager), so each one runs on
//! tokio's blocking pool.

use std::sync::Arc;

use keyring_core::{CredentialStore, Error as KeyringError};

use crate::accounts::AccountId;
use crate::error::{AuthError, chain};

/// How long opening the platform store may take (a hung keychain daemon must not hang Quarry).
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// The keychain "service" every Quarry secret is filed under (the app's identifier).
pub const SERVICE: &str = "dev.quarry.desktop";

#[cfg(target_os = "linux")]
const NO_KEYCHAIN_HINT: &str = "install and start gnome-keyring (or KeePassXC/KDE Wallet with \
     its Secret Service integration enabled) in your desktop session";
#[cfg(target_os = "macos")]
const NO_KEYCHAIN_HINT: &str = "make sure your login keychain exists and is unlocked \
     (Keychain Access > First Aid)";
#[cfg(windows)]
const NO_KEYCHAIN_HINT: &str = "make sure the Credential Manager service is running";
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
const NO_KEYCHAIN_HINT: &str = "this platform has no supported keychain";

/// Opens the platform's credential store: the Secret Service (over zbus) on Linux, the login
/// Keychain on macOS, Credential Manager on Windows.
///
/// Fails with [`AuthError::NoKeychain`] when there is none (on Linux: no session bus, or nothing
/// on it provides `org.freedesktop.secrets`). The caller keeps the store and passes it to
/// [`crate::Auth::new`]; nothing in this crate uses keyring-core's process-wide default store.
pub async fn platform_store() -> Result<Arc<CredentialStore>, AuthError> {
    let open = tokio::task::spawn_blocking(open_platform_store);
    match tokio::time::timeout(CONNECT_TIMEOUT, open).await {
        Ok(joined) => {
            joined.map_err(|e| AuthError::Keychain(format!("the keychain task failed: {e}")))?
        }
        Err(_) => Err(AuthError::NoKeychain {
            hint: NO_KEYCHAIN_HINT,
            detail: format!(
                "the keychain did not answer within {} s",
                CONNECT_TIMEOUT.as_secs()
            ),
        }),
    }
}

fn no_keychain(e: &KeyringError) -> AuthError {
    AuthError::NoKeychain {
        hint: NO_KEYCHAIN_HINT,
        detail: chain(e),
    }
}

#[cfg(target_os = "linux")]
fn open_platform_store() -> Result<Arc<CredentialStore>, AuthError> {
    let store: Arc<CredentialStore> =
        zbus_secret_service_keyring_store::Store::new().map_err(|e| no_keychain(&e))?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn open_platform_store() -> Result<Arc<CredentialStore>, AuthError> {
    let store: Arc<CredentialStore> =
        apple_native_keyring_store::keychain::Store::new().map_err(|e| no_keychain(&e))?;
    Ok(store)
}

#[cfg(windows)]
fn open_platform_store() -> Result<Arc<CredentialStore>, AuthError> {
    let store: Arc<CredentialStore> =
        windows_native_keyring_store::Store::new().map_err(|e| no_keychain(&e))?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn open_platform_store() -> Result<Arc<CredentialStore>, AuthError> {
    Err(no_keychain(&KeyringError::NotSupportedByStore(
        "no platform store".into(),
    )))
}

/// Names one secret in the keychain (the entry's "user"; the service is [`SERVICE`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SecretKey(String);

impl SecretKey {
    /// The refresh token of one account.
    pub fn refresh_token(account: &AccountId) -> Self {
        Self(format!(
            "sso-refresh-token:{}#{}",
            account.issuer, account.subject
        ))
    }

    /// Any other secret Quarry keeps (e.g. `smtp:reports@example.com`).
    pub fn named(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The entry's user name as the keychain shows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads and writes Quarry's secrets in one credential store.
#[derive(Clone, Debug)]
pub struct Keychain {
    store: Arc<CredentialStore>,
}

impl Keychain {
    /// Wraps a store (from [`platform_store`], or any `keyring-core` store in tests).
    pub fn new(store: Arc<CredentialStore>) -> Self {
        Self { store }
    }

    /// The secret under `key`, or `None` when there is no such entry.
    pub async fn get(&self, key: &SecretKey) -> Result<Option<String>, AuthError> {
        self.run(key, |entry| match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(e),
        })
        .await
    }

    /// Stores (or replaces) the secret under `key`.
    pub async fn set(&self, key: &SecretKey, secret: &str) -> Result<(), AuthError> {
        let secret = secret.to_owned();
        self.run(key, move |entry| entry.set_password(&secret))
            .await
    }

    /// Deletes the entry; `Ok(false)` when there was none.
    pub async fn delete(&self, key: &SecretKey) -> Result<bool, AuthError> {
        self.run(key, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(e),
        })
        .await
    }

    async fn run<T, F>(&self, key: &SecretKey, op: F) -> Result<T, AuthError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring_core::Entry) -> Result<T, KeyringError> + Send + 'static,
    {
        let store = self.store.clone();
        let user = key.0.clone();
        tokio::task::spawn_blocking(move || {
            let entry = store.build(SERVICE, &user, None)?;
            op(&entry)
        })
        .await
        .map_err(|e| AuthError::Keychain(format!("the keychain task failed: {e}")))?
        .map_err(map_error)
    }
}

fn map_error(e: KeyringError) -> AuthError {
    match e {
        KeyringError::NoStorageAccess(inner) => AuthError::KeychainLocked(chain(inner.as_ref())),
        KeyringError::NoDefaultStore => no_keychain(&e),
        KeyringError::TooLong(what, limit) => AuthError::Keychain(format!(
            "the {what} is longer than this keychain allows ({limit} bytes)"
        )),
        other => AuthError::Keychain(chain(&other)),
    }
}
