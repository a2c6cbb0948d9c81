//! The account index: which accounts are signed in and which one is current.
//!
//! It holds no secrets (issuer, subject, display name, email, client id, tenants) and lives in
//! one small JSON file in the caller's config directory, replaced atomically on every change.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::AuthError;

/// The index's file name inside the config directory.
pub const INDEX_FILE: &str = "accounts.json";
const INDEX_VERSION: u32 = 1;

/// An account is one subject at one issuer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccountId {
    /// The issuer URL exactly as the provider states it.
    pub issuer: String,
    /// The ID token's `sub`.
    pub subject: String,
}

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.subject, self.issuer)
    }
}

/// What Quarry shows and needs (besides the keychain's refresh token) for one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Issuer + subject.
    pub id: AccountId,
    /// The OAuth client id the account signed in with (needed to refresh).
    pub client_id: String,
    /// The `name` claim, if the provider sent one.
    pub name: Option<String>,
    /// The `email` claim, if the provider sent one.
    pub email: Option<String>,
    /// Tenants the hub lists for this account (filled in by the sync layer).
    #[serde(default)]
    pub tenants: Vec<String>,
    /// The selected tenant, one of `tenants`.
    #[serde(default)]
    pub tenant: Option<String>,
}

impl Account {
    /// A label for menus: the name, else the email, else the subject.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.email.as_deref())
            .unwrap_or(&self.id.subject)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct IndexData {
    pub version: u32,
    pub current: Option<AccountId>,
    pub accounts: Vec<Account>,
}

/// The in-memory index plus where it is saved.
#[derive(Debug)]
pub(crate) struct AccountIndex {
    path: PathBuf,
    pub data: IndexData,
}

impl AccountIndex {
    /// Reads `<dir>/accounts.json`; a missing file is an empty index (nothing is written yet).
    pub fn load(dir: &Path) -> Result<Self, AuthError> {
        let path = dir.join(INDEX_FILE);
        let data = match std::fs::read(&path) {
            Ok(bytes) => {
                let data: IndexData =
                    serde_json::from_slice(&bytes).map_err(|e| AuthError::AccountIndexCorrupt {
                        path: path.clone(),
                        detail: e.to_string(),
                    })?;
                if data.version != INDEX_VERSION {
                    return Err(AuthError::AccountIndexCorrupt {
                        path,
                        detail: format!("unknown version {}", data.version),
                    });
                }
                data
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => IndexData {
                version: INDEX_VERSION,
                ..IndexData::default()
            },
            Err(source) => return Err(AuthError::AccountIndex { path, source }),
        };
        Ok(Self { path, data })
    }

    pub fn get(&self, id: &AccountId) -> Option<&Account> {
        self.data.accounts.iter().find(|a| &a.id == id)
    }

    pub fn get_mut(&mut self, id: &AccountId) -> Option<&mut Account> {
        self.data.accounts.iter_mut().find(|a| &a.id == id)
    }

    pub fn current(&self) -> Option<&Account> {
        self.data.current.as_ref().and_then(|id| self.get(id))
    }

    /// Adds or updates an account (keeping its tenants) and makes it current.
    pub fn upsert_current(&mut self, mut account: Account) {
        if let Some(existing) = self.get_mut(&account.id) {
            account.tenants = std::mem::take(&mut existing.tenants);
            account.tenant = existing.tenant.take();
            *existing = account.clone();
        } else {
            self.data.accounts.push(account.clone());
        }
        self.data.current = Some(account.id);
    }

    /// Removes an account; if it was current, the first remaining one becomes current.
    pub fn remove(&mut self, id: &AccountId) -> bool {
        let before = self.data.accounts.len();
        self.data.accounts.retain(|a| &a.id != id);
        if self.data.current.as_ref() == Some(id) {
            self.data.current = self.data.accounts.first().map(|a| a.id.clone());
        }
        before != self.data.accounts.len()
    }

    /// Writes the index atomically (temp file in the same directory, fsync, rename) off the
    /// async runtime.
    pub async fn save(&self) -> Result<(), AuthError> {
        let path = self.path.clone();
        let bytes = serde_json::to_vec_pretty(&self.data).map_err(|e| AuthError::AccountIndex {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let target = path.clone();
        tokio::task::spawn_blocking(move || write_atomically(&target, &bytes))
            .await
            .map_err(|e| AuthError::AccountIndex {
                path: path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?
            .map_err(|source| AuthError::AccountIndex { path, source })
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("the account list has no parent directory"))?;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{INDEX_FILE}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(sub: &str) -> Account {
        Account {
            id: AccountId {
                issuer: "https://idp.example".into(),
                subject: sub.into(),
            },
            client_id: "quarry".into(),
            name: Some(format!("User {sub}")),
            email: None,
            tenants: vec![],
            tenant: None,
        }
    }

    #[tokio::test]
    async fn index_round_trips_and_keeps_tenants_on_re_sign_in() -> Result<(), AuthError> {
        let dir = tempfile::tempdir().map_err(|e| AuthError::Settings(e.to_string()))?;
        let mut index = AccountIndex::load(dir.path())?;
        assert!(index.data.accounts.is_empty());
        assert!(
            !dir.path().join(INDEX_FILE).exists(),
            "loading writes nothing"
        );

        let mut a = account("a");
        index.upsert_current(a.clone());
        index.upsert_current(account("b"));
        if let Some(stored) = index.get_mut(&a.id) {
            stored.tenants = vec!["t1".into()];
        }
        a.name = Some("Renamed".into());
        index.upsert_current(a.clone());
        index.save().await?;

        let back = AccountIndex::load(dir.path())?;
        assert_eq!(back.data, index.data);
        let current = back.current().cloned();
        assert_eq!(current.as_ref().map(|c| c.display_name()), Some("Renamed"));
        assert_eq!(current.map(|c| c.tenants), Some(vec!["t1".to_string()]));

        let mut back = back;
        assert!(back.remove(&a.id));
        assert_eq!(back.current().map(|c| c.id.subject.as_str()), Some("b"));
        Ok(())
    }

    #[test]
    fn a_damaged_index_is_reported_not_replaced() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir")
        };
        let path = dir.path().join(INDEX_FILE);
        assert!(std::fs::write(&path, b"{not json").is_ok());
        let err = AccountIndex::load(dir.path()).err();
        assert!(matches!(err, Some(AuthError::AccountIndexCorrupt { .. })));
    }
}
