//! The loopback redirect listener (RFC 8252 §7.3) on `127.0.0.1:<ephemeral port>`.
//!
//! It serves exactly one valid callback: `GET /callback` with the expected `state` yields the
//! authorization code (or the provider's `error`). Other paths get 404 and a wrong `state` gets
//! 400; both keep the listener open, but [`MAX_BAD_CALLBACKS`] wrong states end the sign-in.
//! Connections are handled concurrently, so an idle browser pre-connect does not delay the real
//! callback. The code is never echoed into the page or the logs.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use openidconnect::RedirectUrl;
use openidconnect::url::form_urlencoded;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::error::AuthError;

/// Callbacks with a wrong `state` tolerated before the sign-in fails.
pub const MAX_BAD_CALLBACKS: usize = 3;
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_REQUEST: usize = 8 * 1024;

/// What a callback must carry.
#[derive(Debug)]
pub(crate) struct Expected {
    pub state: String,
    pub issuer: String,
}

enum Outcome {
    Code(String),
    Failed(AuthError),
    BadState,
}

/// A bound listener, waiting to be [`Loopback::wait`]ed on.
pub(crate) struct Loopback {
    listener: TcpListener,
    redirect: RedirectUrl,
}

impl Loopback {
    /// Binds `127.0.0.1:0` (an IP literal, not `localhost`, per RFC 8252 §8.3).
    pub async fn bind() -> Result<Self, AuthError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(AuthError::Listener)?;
        let port = listener.local_addr().map_err(AuthError::Listener)?.port();
        let redirect = RedirectUrl::new(format!("http://127.0.0.1:{port}/callback"))
            .map_err(|e| AuthError::Listener(std::io::Error::other(e.to_string())))?;
        Ok(Self { listener, redirect })
    }

    /// `http://127.0.0.1:<port>/callback`.
    pub fn redirect_url(&self) -> &RedirectUrl {
        &self.redirect
    }

    /// Serves callbacks until one valid one arrives, the deadline passes or `cancel` fires.
    /// Returns the authorization code.
    pub async fn wait(
        self,
        expected: Expected,
        cancel: &CancellationToken,
        timeout: Duration,
    ) -> Result<String, AuthError> {
        let expected = Arc::new(expected);
        let done = Arc::new(AtomicBool::new(false));
        let (tx, mut rx) = mpsc::channel::<Outcome>(8);
        let mut connections = JoinSet::new();
        let mut bad = 0usize;
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                _ = cancel.cancelled() => return Err(AuthError::Cancelled),
                _ = &mut deadline => {
                    return Err(if bad > 0 {
                        AuthError::StateMismatch
                    } else {
                        AuthError::Timeout(timeout.as_secs())
                    });
                }
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        connections.spawn(serve(stream, expected.clone(), done.clone(), tx.clone()));
                    }
                    Err(e) => {
                        // Transient (e.g. out of file descriptors): back off briefly.
                        tracing::warn!("sign-in listener: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
                Some(outcome) = rx.recv() => match outcome {
                    Outcome::Code(code) => return Ok(code),
                    Outcome::Failed(err) => return Err(err),
                    Outcome::BadState => {
                        bad += 1;
                        tracing::warn!("sign-in listener: callback with a wrong state ({bad})");
                        if bad >= MAX_BAD_CALLBACKS {
                            return Err(AuthError::StateMismatch);
                        }
                    }
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// Handles one connection: answers it, and reports a callback's outcome through `tx`.
async fn serve(
    mut stream: TcpStream,
    expected: Arc<Expected>,
    done: Arc<AtomicBool>,
    tx: mpsc::Sender<Outcome>,
) {
    let Ok(Some(target)) = tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream))
        .await
        .map(|r| r.ok().flatten())
    else {
        let _ = respond(
            &mut stream,
            "400 Bad Request",
            &page("Bad request", "Quarry could not read this request."),
        )
        .await;
        return;
    };
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    if path != "/callback" {
        let _ = respond(
            &mut stream,
            "404 Not Found",
            &page("Not found", "This page is not part of Quarry's sign-in."),
        )
        .await;
        return;
    }
    let (status, body, outcome) = judge(query, &expected);
    let outcome = match outcome {
        // Only the first valid callback counts; a replay gets the "already done" answer.
        Outcome::Code(_) | Outcome::Failed(_) if done.swap(true, Ordering::SeqCst) => {
            let _ = respond(
                &mut stream,
                "409 Conflict",
                &page(
                    "Already signed in",
                    "This sign-in is already complete. You can return to Quarry.",
                ),
            )
            .await;
            return;
        }
        other => other,
    };
    let _ = respond(&mut stream, status, &body).await;
    let _ = tx.send(outcome).await;
}

/// Decides on a `/callback` query: status line, page, outcome.
fn judge(query: &str, expected: &Expected) -> (&'static str, String, Outcome) {
    let mut state = None;
    let mut code = None;
    let mut error = None;
    let mut description = None;
    let mut iss = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let slot = match k.as_ref() {
            "state" => &mut state,
            "code" => &mut code,
            "error" => &mut error,
            "error_description" => &mut description,
            "iss" => &mut iss,
            _ => continue,
        };
        slot.get_or_insert(v.into_owned());
    }
    if !state.is_some_and(|s| same(&s, &expected.state)) {
        return (
            "400 Bad Request",
            page(
                "Not this sign-in",
                "This answer does not belong to Quarry's current sign-in. Return to Quarry and sign in again.",
            ),
            Outcome::BadState,
        );
    }
    if let Some(iss) = iss
        && iss.trim_end_matches('/') != expected.issuer.trim_end_matches('/')
    {
        let err = AuthError::IssuerMismatch {
            expected: expected.issuer.clone(),
            got: iss,
        };
        return ("400 Bad Request", failure_page(&err), Outcome::Failed(err));
    }
    match (code, error) {
        (_, Some(error)) => {
            let err = AuthError::Idp { error, description };
            ("200 OK", failure_page(&err), Outcome::Failed(err))
        }
        (Some(code), None) if !code.is_empty() => (
            "200 OK",
            page("Signed in", "You can return to Quarry."),
            Outcome::Code(code),
        ),
        _ => {
            let err = AuthError::Protocol("the callback had neither a code nor an error".into());
            ("400 Bad Request", failure_page(&err), Outcome::Failed(err))
        }
    }
}

/// Reads the request head and returns the target of a `GET` request line.
async fn read_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() >= MAX_REQUEST {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("GET"), Some(target), Some(version)) if version.starts_with("HTTP/1.") => {
            Ok(Some(target.to_string()))
        }
        _ => Ok(None),
    }
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n\
         Referrer-Policy: no-referrer\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.flush().await?;
    stream.shutdown().await
}

/// Constant-time string comparison (the state is a secret shared with the browser).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn page(title: &str, message: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;margin:4em auto;max-width:32em\">\
         <h1>{title}</h1><p>{message}</p></body></html>"
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn failure_page(err: &AuthError) -> String {
    page(
        "Sign-in failed",
        &format!("{}. You can return to Quarry.", escape(&err.to_string())),
    )
}

#[cfg(test)]
#[path = "loopback_tests.rs"]
mod tests;
