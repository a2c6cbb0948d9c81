//! Sign-in, refresh, 401 retry and sign-out against a real oidc-provider and a real Secret
//! Service. Run with `.ci/with-keyring cargo test -p quarry-auth` (or `make test`).

mod common;

use std::time::Duration;

use common::{Browser, TestProvider, auth, browser, files_under, require_test_keyring};
use quarry_auth::{
    AccountId, AuthError, CallError, CancellationToken, INDEX_FILE, MAX_BAD_CALLBACKS, Revocation,
    SecretKey,
};

fn id(provider: &TestProvider, user: &str) -> AccountId {
    AccountId {
        issuer: provider.issuer.clone(),
        subject: user.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn happy_path_stores_the_account_and_the_refresh_token() {
    require_test_keyring();
    let provider = TestProvider::start(&[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, seen) = browser(Browser::LogIn("alice"));

    let account = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in");

    assert_eq!(account.id, id(&provider, "alice"));
    assert_eq!(account.name.as_deref(), Some("User alice"));
    assert_eq!(account.email.as_deref(), Some("alice@example.test"));
    assert_eq!(auth.current_account().await, Some(account.clone()));
    let visit = seen.await.expect("browser");
    assert_eq!(visit.pages.len(), 1);
    assert_eq!(visit.pages[0].0, 200);
    assert!(visit.pages[0].1.contains("You can return to Quarry"));

    let rt = auth
        .keychain()
        .get(&SecretKey::refresh_token(&account.id))
        .await
        .expect("keychain")
        .expect("a refresh token in the keychain");
    let index = std::fs::read_to_string(dir.path().join(INDEX_FILE)).expect("index");
    assert!(index.contains("alice@example.test") && !index.contains(&rt));

    // The access token from sign-in is used as is: no second token request.
    let at = auth.access_token().await.expect("access token");
    assert_eq!(at.secret().split('.').count(), 3, "a JWT for the hub");
    assert_eq!(provider.counters().await, (1, 0));

    // A second account signs in side by side; switching back uses no network.
    let (open, _) = browser(Browser::LogIn("bob"));
    let bob = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in bob");
    let bob_at = auth.access_token().await.expect("bob's token");
    auth.switch_account(&account.id).await.expect("switch");
    assert_eq!(
        auth.access_token().await.expect("token").secret(),
        at.secret()
    );
    auth.switch_account(&bob.id).await.expect("switch");
    assert_eq!(
        auth.access_token().await.expect("token").secret(),
        bob_at.secret()
    );
    assert_eq!(provider.counters().await, (2, 0));
    assert_eq!(auth.accounts().await.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_without_pkce_is_refused_by_the_provider() {
    require_test_keyring();
    let provider = TestProvider::start(&[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, _) = browser(Browser::WithoutPkce("mallory"));
    let err = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect_err("refused");
    let AuthError::Idp { error, description } = &err else {
        panic!("expected the provider's error, got {err:?}")
    };
    assert_eq!(error, "invalid_request");
    assert!(
        description.as_deref().unwrap_or("").contains("PKCE"),
        "{err}"
    );
    assert!(!dir.path().join(INDEX_FILE).exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_callback_with_a_wrong_state_is_refused() {
    require_test_keyring();
    let provider = TestProvider::start(&[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, seen) = browser(Browser::ForgedState("mallory", MAX_BAD_CALLBACKS));
    let err = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect_err("refused");
    assert!(matches!(err, AuthError::StateMismatch), "{err:?}");
    let visit = seen.await.expect("browser");
    let code = visit
        .callback
        .as_ref()
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "code")
                .map(|(_, v)| v.into_owned())
        })
        .expect("code");
    for (status, page) in &visit.pages {
        assert_eq!(*status, 400);
        assert!(!page.contains(&code), "the code is never echoed");
    }
    assert_eq!(
        provider.counters().await,
        (0, 0),
        "the code was never redeemed"
    );
    assert!(!dir.path().join(INDEX_FILE).exists());
}

/// Signs in against a provider that corrupts one part of the ID token; expects a refusal.
async fn refused_id_token(tamper: &str, expect_in_message: &str) {
    require_test_keyring();
    let provider = TestProvider::start(&[("TAMPER", tamper)]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, _) = browser(Browser::LogIn("trudy"));
    let err = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect_err("refused");
    let AuthError::InvalidIdToken(detail) = &err else {
        panic!("TAMPER={tamper}: expected InvalidIdToken, got {err:?}")
    };
    assert!(
        detail.contains(expect_in_message),
        "TAMPER={tamper}: {detail}"
    );
    assert!(!dir.path().join(INDEX_FILE).exists());
    let stored = auth
        .keychain()
        .get(&SecretKey::refresh_token(&id(&provider, "trudy")))
        .await
        .expect("keychain");
    assert_eq!(stored, None, "nothing reaches the keychain");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_token_with_a_wrong_nonce_is_refused() {
    refused_id_token("nonce", "nonce").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_token_for_another_audience_is_refused() {
    refused_id_token("aud", "audience").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_token_from_another_issuer_is_refused() {
    refused_id_token("iss", "issuer").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_id_token_is_refused() {
    refused_id_token("exp", "Expired").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_token_with_a_bad_signature_is_refused() {
    refused_id_token("sig", "Signature").await;
}

/// Access tokens live 2 s, so the session refreshes after 1.5 s.
const SHORT_AT: [(&str, &str); 1] = [("AT_TTL", "2")];
const UNTIL_DUE: Duration = Duration::from_millis(1700);

#[tokio::test(flavor = "multi_thread")]
async fn a_rotated_refresh_token_is_persisted_and_the_old_one_is_dead() {
    require_test_keyring();
    let provider = TestProvider::start(&SHORT_AT).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, _) = browser(Browser::LogIn("rita"));
    let account = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in");
    let key = SecretKey::refresh_token(&account.id);
    let first_rt = auth
        .keychain()
        .get(&key)
        .await
        .expect("keychain")
        .expect("rt");
    let first_at = auth.access_token().await.expect("token");

    tokio::time::sleep(UNTIL_DUE).await;
    let second_at = auth.access_token().await.expect("refreshed token");
    assert_ne!(first_at.secret(), second_at.secret());
    assert_eq!(provider.counters().await, (2, 0));
    let second_rt = auth
        .keychain()
        .get(&key)
        .await
        .expect("keychain")
        .expect("rt");
    assert_ne!(
        first_rt, second_rt,
        "the keychain holds the rotated refresh token"
    );
    assert_eq!(
        provider.try_refresh(&first_rt).await,
        Err("invalid_grant".into())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_callers_share_one_refresh() {
    require_test_keyring();
    let provider = TestProvider::start(&SHORT_AT).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, _) = browser(Browser::LogIn("carl"));
    auth.sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in");
    tokio::time::sleep(UNTIL_DUE).await;
    let before = provider.counters().await.0;

    let calls = (0..8).map(|_| {
        let auth = auth.clone();
        tokio::spawn(async move { auth.access_token().await })
    });
    let mut tokens = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        tokens.push(call.await.expect("join").expect("token").secret().clone());
    }
    tokens.dedup();
    assert_eq!(tokens.len(), 1, "every caller got the one refreshed token");
    assert_eq!(
        provider.counters().await.0 - before,
        1,
        "exactly one token request"
    );
}

#[derive(Debug)]
enum ApiError {
    Auth(AuthError),
}
impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        Self::Auth(e)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_triggers_one_refresh_and_one_retry() {
    require_test_keyring();
    let provider = TestProvider::start(&[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, _) = browser(Browser::LogIn("uma"));
    auth.sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in");

    // The API rejects the first token once.
    let mut seen = Vec::new();
    let result: Result<String, ApiError> = auth
        .with_fresh_token(|token| {
            seen.push(token.secret().clone());
            let first = seen.len() == 1;
            async move {
                if first {
                    Err(CallError::Unauthorized)
                } else {
                    Ok("synced".to_string())
                }
            }
        })
        .await;
    assert_eq!(result.ok().as_deref(), Some("synced"));
    assert_eq!(seen.len(), 2);
    assert_ne!(seen[0], seen[1], "the retry used a refreshed token");
    assert_eq!(provider.counters().await.0, 2);

    // An API that keeps saying 401: one refresh, one retry, then a clear error.
    let mut calls = 0;
    let result: Result<(), ApiError> = auth
        .with_fresh_token(|_| {
            calls += 1;
            async { Err(CallError::Unauthorized) }
        })
        .await;
    assert!(matches!(
        result,
        Err(ApiError::Auth(AuthError::Unauthorized))
    ));
    assert_eq!(calls, 2);
    assert_eq!(provider.counters().await.0, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_revokes_and_deletes_the_keychain_entries() {
    require_test_keyring();
    let provider = TestProvider::start(&[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let (open, _) = browser(Browser::LogIn("otto"));
    let account = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in");
    let key = SecretKey::refresh_token(&account.id);
    let rt = auth
        .keychain()
        .get(&key)
        .await
        .expect("keychain")
        .expect("rt");

    let out = auth.sign_out(&account.id).await.expect("sign out");
    assert_eq!(out.revocation, Revocation::Revoked);
    assert_eq!(provider.counters().await.1, 1);
    assert_eq!(auth.keychain().get(&key).await.expect("keychain"), None);
    assert!(auth.accounts().await.is_empty());
    assert_eq!(auth.current_account().await, None);
    assert!(matches!(
        auth.access_token().await,
        Err(AuthError::NotSignedIn)
    ));
    assert_eq!(provider.try_refresh(&rt).await, Err("invalid_grant".into()));
    let index = std::fs::read_to_string(dir.path().join(INDEX_FILE)).expect("index");
    assert!(!index.contains("otto"));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_token_bytes_reach_the_config_or_data_dirs() {
    require_test_keyring();
    let provider = TestProvider::start(&SHORT_AT).await;
    let config = tempfile::tempdir().expect("tempdir");
    let auth = auth(config.path()).await;
    let (open, seen) = browser(Browser::LogIn("dora"));
    let account = auth
        .sign_in(&provider.settings(), open, &CancellationToken::new())
        .await
        .expect("sign in");
    let key = SecretKey::refresh_token(&account.id);
    let mut secrets = vec![
        auth.keychain()
            .get(&key)
            .await
            .expect("keychain")
            .expect("rt"),
        auth.access_token().await.expect("token").secret().clone(),
    ];
    let callback = seen.await.expect("browser").callback.expect("callback");
    secrets.extend(
        callback
            .query_pairs()
            .filter(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned()),
    );
    tokio::time::sleep(UNTIL_DUE).await;
    secrets.push(
        auth.access_token()
            .await
            .expect("refreshed")
            .secret()
            .clone(),
    );
    secrets.push(
        auth.keychain()
            .get(&key)
            .await
            .expect("keychain")
            .expect("rt"),
    );
    assert_eq!(secrets.len(), 5);

    // The config dir holds the index; XDG_DATA_HOME (set by .ci/with-keyring) is where the app's
    // data dir and the keyring daemon's encrypted file live.
    let mut dirs = vec![config.path().to_path_buf()];
    dirs.extend(std::env::var_os("XDG_DATA_HOME").map(Into::into));
    let mut scanned = 0;
    for dir in &dirs {
        for file in files_under(dir) {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            scanned += 1;
            for secret in &secrets {
                // The JWT's signature part is enough to identify an access token.
                let needle = secret.rsplit('.').next().unwrap_or(secret).as_bytes();
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "token bytes found in {}",
                    file.display()
                );
            }
        }
    }
    assert!(scanned >= 1, "the index at least was scanned");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_in_can_be_cancelled_or_time_out() {
    require_test_keyring();
    let provider = TestProvider::start(&[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = auth(dir.path()).await;
    let cancel = CancellationToken::new();
    let c = cancel.clone();
    let open = move |_: &quarry_auth::Url| {
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            c.cancel();
        });
        Ok(())
    };
    let err = auth
        .sign_in(&provider.settings(), open, &cancel)
        .await
        .expect_err("cancelled");
    assert!(matches!(err, AuthError::Cancelled), "{err:?}");

    let auth = auth.with_sign_in_timeout(Duration::from_millis(300));
    let err = auth
        .sign_in(&provider.settings(), |_| Ok(()), &CancellationToken::new())
        .await
        .expect_err("timeout");
    assert!(matches!(err, AuthError::Timeout(_)), "{err:?}");
    let err = auth
        .sign_in(
            &provider.settings(),
            |_| Err("no browser".into()),
            &CancellationToken::new(),
        )
        .await
        .expect_err("no browser");
    assert!(matches!(err, AuthError::Browser(_)), "{err:?}");
    assert!(!dir.path().join(INDEX_FILE).exists());
}
