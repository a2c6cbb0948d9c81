//! The one error type of the crate. Every message says what the user can do about it.

use std::path::PathBuf;

/// Anything that can go wrong while signing in, refreshing, storing secrets or signing out.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// No OS keychain could be reached (Linux: no Secret Service on the session bus).
    #[error("No keychain is available: {hint} and sign in again. (Details: {detail})")]
    NoKeychain {
        /// What to install or start on this platform.
        hint: &'static str,
        /// The store's own error.
        detail: String,
    },
    /// The keychain exists but refuses access (locked, no default keyring, prompt dismissed).
    #[error(
        "The keychain is locked or has no default keyring: unlock it (or create a default \
         keyring, e.g. \"login\" in Passwords and Keys) and sign in again. (Details: {0})"
    )]
    KeychainLocked(String),
    /// Any other keychain failure.
    #[error(
        "The keychain failed: {0}. Try again; if it keeps failing, restart the keychain service"
    )]
    Keychain(String),
    /// The identity provider could not be reached.
    #[error(
        "Could not reach the identity provider at {url}: {detail}. Check the issuer URL, your \
         network and proxy settings"
    )]
    Network {
        /// The URL that was requested.
        url: String,
        /// The transport error, with its causes.
        detail: String,
    },
    /// Discovery worked at the HTTP level but the provider's metadata is unusable.
    #[error(
        "The identity provider at {issuer} is not set up for Quarry: {detail}. Check the issuer \
         URL against docs/sso.md"
    )]
    Discovery {
        /// The issuer URL from the settings.
        issuer: String,
        /// What was wrong.
        detail: String,
    },
    /// The settings given to sign in are unusable.
    #[error("Invalid sign-in settings: {0}")]
    Settings(String),
    /// The identity provider answered with an OAuth error (`error` + `error_description`).
    #[error("The identity provider refused the sign-in: {error}{}", describe(.description))]
    Idp {
        /// The OAuth `error` code, e.g. `access_denied` or `invalid_request`.
        error: String,
        /// The provider's `error_description`, if any.
        description: Option<String>,
    },
    /// The provider answered something that is not valid OAuth/OIDC.
    #[error("The identity provider sent an answer Quarry cannot use: {0}")]
    Protocol(String),
    /// The ID token failed validation (signature, issuer, audience, expiry or nonce).
    #[error(
        "The identity provider's ID token was rejected ({0}). Sign in again; if it keeps \
         failing, check the client ID and the computer's clock"
    )]
    InvalidIdToken(String),
    /// Callbacks arrived with a `state` that does not belong to this sign-in.
    #[error(
        "The browser returned an answer that does not belong to this sign-in (state mismatch). \
         Close other sign-in tabs and sign in again"
    )]
    StateMismatch,
    /// The callback's `iss` parameter names another issuer (mix-up attack or wrong settings).
    #[error("The sign-in answer came from {got}, not from {expected}. Sign in again")]
    IssuerMismatch {
        /// The configured issuer.
        expected: String,
        /// The `iss` parameter received.
        got: String,
    },
    /// The local listener for the browser's redirect could not be started.
    #[error("Could not listen on 127.0.0.1 for the browser's answer: {0}")]
    Listener(#[source] std::io::Error),
    /// The caller's browser opener failed.
    #[error("Could not open the system browser: {0}")]
    Browser(String),
    /// Nobody completed the sign-in in time.
    #[error(
        "Sign-in timed out after {0} seconds without an answer from the browser. Sign in again"
    )]
    Timeout(u64),
    /// The sign-in was cancelled by the caller.
    #[error("Sign-in was cancelled")]
    Cancelled,
    /// No account is selected.
    #[error("Not signed in: sign in first")]
    NotSignedIn,
    /// The account id is not in the account list.
    #[error("No account {0} is signed in on this computer")]
    UnknownAccount(String),
    /// The tenant is not one of the account's tenants.
    #[error("The account has no tenant {0}")]
    UnknownTenant(String),
    /// The refresh token is missing, expired or revoked: the user must sign in again.
    #[error(
        "The session for {0} has ended (expired or revoked at the identity provider): sign in again"
    )]
    SignInRequired(String),
    /// The API still answered "unauthorized" with a freshly refreshed token.
    #[error("The server rejected a freshly refreshed access token: sign out and sign in again")]
    Unauthorized,
    /// The account list file could not be read or written.
    #[error("Could not access the account list {path}: {source}")]
    AccountIndex {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The account list file exists but cannot be parsed.
    #[error("The account list {path} is damaged ({detail}): delete it and sign in again")]
    AccountIndexCorrupt {
        /// The file.
        path: PathBuf,
        /// The parse error.
        detail: String,
    },
}

fn describe(description: &Option<String>) -> String {
    match description {
        Some(d) if !d.is_empty() => format!(" ({d})"),
        _ => String::new(),
    }
}

/// The chain of `source()`s of an error, joined by ": " (reqwest hides the cause otherwise).
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        let s = e.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        next = e.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idp_errors_show_code_and_description() {
        let e = AuthError::Idp {
            error: "access_denied".into(),
            description: Some("The user cancelled".into()),
        };
        assert_eq!(
            e.to_string(),
            "The identity provider refused the sign-in: access_denied (The user cancelled)"
        );
        let e = AuthError::Idp {
            error: "invalid_request".into(),
            description: None,
        };
        assert!(e.to_string().ends_with("invalid_request"));
    }
}
