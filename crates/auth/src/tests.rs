//! Unit tests of [`Auth`] that need no provider and no real keychain.

use std::any::Any;
use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use keyring_core::api::{CredentialApi, CredentialStoreApi};
use keyring_core::{Credential, Entry, Error as KeyringError};

use super::*;

/// An in-memory keyring-core store that counts every call, to prove code paths don't touch it.
#[derive(Debug, Default)]
struct CountingStore {
    secrets: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    calls: Arc<AtomicUsize>,
}

#[derive(Debug)]
struct CountingCred {
    key: String,
    secrets: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    calls: Arc<AtomicUsize>,
}

impl CredentialApi for CountingCred {
    fn set_secret(&self, secret: &[u8]) -> keyring_core::Result<()> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut map = self.secrets.lock().expect("lock");
        map.insert(self.key.clone(), secret.to_vec());
        Ok(())
    }
    fn get_secret(&self) -> keyring_core::Result<Vec<u8>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let map = self.secrets.lock().expect("lock");
        map.get(&self.key).cloned().ok_or(KeyringError::NoEntry)
    }
    fn delete_credential(&self) -> keyring_core::Result<()> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut map = self.secrets.lock().expect("lock");
        map.remove(&self.key)
            .map(|_| ())
            .ok_or(KeyringError::NoEntry)
    }
    fn get_credential(&self) -> keyring_core::Result<Option<Arc<Credential>>> {
        Ok(None)
    }
    fn get_specifiers(&self) -> Option<(String, String)> {
        None
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl CredentialStoreApi for CountingStore {
    fn vendor(&self) -> String {
        "quarry test store".into()
    }
    fn id(&self) -> String {
        "counting".into()
    }
    fn build(
        &self,
        service: &str,
        user: &str,
        _modifiers: Option<&HashMap<&str, &str>>,
    ) -> keyring_core::Result<Entry> {
        Ok(Entry::new_with_credential(Arc::new(CountingCred {
            key: format!("{service}/{user}"),
            secrets: self.secrets.clone(),
            calls: self.calls.clone(),
        })))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A TCP listener that only counts connections: the "network" of the provider.
async fn counting_listener() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            h.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (format!("http://127.0.0.1:{port}"), hits)
}

fn account(issuer: &str, sub: &str) -> Account {
    Account {
        id: AccountId {
            issuer: issuer.into(),
            subject: sub.into(),
        },
        client_id: "quarry-desktop".into(),
        name: Some(format!("User {sub}")),
        email: None,
        tenants: vec!["north".into(), "south".into()],
        tenant: None,
    }
}

impl Auth {
    /// Test seam: an account signed in earlier in this process, with a valid access token.
    async fn seed(&self, account: Account, token: &str) {
        let fresh = Fresh::new(
            AccessToken::new(token.into()),
            Some(Duration::from_secs(3600)),
        );
        let session = Session::new(account.id.clone(), account.client_id.clone(), Some(fresh));
        self.sessions()
            .insert(account.id.clone(), Arc::new(session));
        self.inner.index.lock().await.upsert_current(account);
    }
}

#[tokio::test]
async fn switching_accounts_with_valid_tokens_uses_no_network_and_no_keychain() {
    let (issuer, hits) = counting_listener().await;
    let store = Arc::new(CountingStore::default());
    let calls = store.calls.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = Auth::new(dir.path(), store).expect("auth");
    let alice = account(&issuer, "alice");
    let bob = account(&issuer, "bob");
    auth.seed(alice.clone(), "token-alice").await;
    auth.seed(bob.clone(), "token-bob").await;

    for _ in 0..3 {
        for (who, token) in [(&alice, "token-alice"), (&bob, "token-bob")] {
            let current = auth.switch_account(&who.id).await.expect("switch");
            assert_eq!(current.id, who.id);
            let got = auth.access_token().await.expect("token");
            assert_eq!(got.secret(), token);
        }
        let t = auth.switch_tenant("south").await.expect("tenant");
        assert_eq!(t.tenant.as_deref(), Some("south"));
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "switching must not touch the network"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0, "nor the keychain");
    // The selection is persisted in the index (no secrets in it).
    let saved = std::fs::read_to_string(dir.path().join(INDEX_FILE)).expect("index");
    assert!(saved.contains("\"subject\": \"bob\"") && !saved.contains("token-"));
    assert_eq!(
        auth.switch_tenant("west")
            .await
            .err()
            .map(|e| e.to_string()),
        Some(AuthError::UnknownTenant("west".into()).to_string())
    );
}

#[tokio::test]
async fn without_a_refresh_token_the_user_is_asked_to_sign_in_again() {
    let (issuer, hits) = counting_listener().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = Auth::new(dir.path(), Arc::new(CountingStore::default())).expect("auth");
    assert!(matches!(
        auth.access_token().await,
        Err(AuthError::NotSignedIn)
    ));
    // An account from the index (as after a restart) with nothing in the keychain.
    auth.inner
        .index
        .lock()
        .await
        .upsert_current(account(&issuer, "carol"));
    let err = auth.access_token().await.expect_err("no refresh token");
    assert!(matches!(err, AuthError::SignInRequired(_)), "{err:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn keychain_round_trip_with_an_explicit_store() {
    let store = Arc::new(CountingStore::default());
    let keychain = Keychain::new(store);
    let key = SecretKey::named("smtp:reports@example.com");
    assert_eq!(keychain.get(&key).await.expect("get"), None);
    keychain.set(&key, "hunter2").await.expect("set");
    assert_eq!(
        keychain.get(&key).await.expect("get").as_deref(),
        Some("hunter2")
    );
    assert!(keychain.delete(&key).await.expect("delete"));
    assert!(!keychain.delete(&key).await.expect("delete again"));
}
