//! Signing in from the app against a real OpenID provider (tests/oidc-provider) with the
//! refresh token in a real Secret Service (`make e2e` runs inside .ci/with-keyring). The
//! "browser" is a shim `xdg-open` that completes the provider's login pages over HTTP.

use quarry_e2e::{App, repo_root};

use crate::identity::{Provider, sign_in_in_app, with_browser_shim};

#[tokio::test(flavor = "current_thread")]
async fn e2e_sign_in_with_the_identity_provider_shows_the_account() {
    assert!(
        std::env::var_os("QUARRY_TEST_KEYRING").is_some(),
        "run the E2E tests through `make e2e`, which provides a throwaway Secret Service"
    );
    let provider = Provider::start();
    let app = App::launch_with(&with_browser_shim(&[])).await;

    sign_in_in_app(&app, &provider.issuer).await;

    let name = crate::identity::signed_in_name(&app).await;
    assert_eq!(name, "User alice");
    app.screenshot(&repo_root().join("docs/screenshots/signed-in.png"))
        .await;

    // The account index is on disk; no token is (the provider's ID and access tokens are
    // JWTs, which always start with "eyJ").
    let mut files = vec![app.data_dir().to_path_buf()];
    let mut index_found = false;
    while let Some(path) = files.pop() {
        let name = path.to_string_lossy();
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if !name.ends_with(".duckdb") && !name.ends_with(".wal") {
            // Workspace databases hold query data only (and arbitrary bytes); logs and
            // settings are what could leak a token.
            let bytes = std::fs::read(&path).unwrap_or_default();
            index_found |= path.parent().is_some_and(|p| p.ends_with("config"));
            assert!(
                !bytes.windows(3).any(|w| w == b"eyJ"),
                "{} holds a token",
                path.display()
            );
        }
    }
    assert!(
        index_found,
        "the account index was written under the config dir"
    );
    app.close().await;
}
