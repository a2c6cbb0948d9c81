//! The loopback listener against raw HTTP/1.1 requests.

use super::*;

const ISSUER: &str = "https://idp.example";

async fn start(
    timeout: Duration,
) -> (
    u16,
    CancellationToken,
    tokio::task::JoinHandle<Result<String, AuthError>>,
) {
    let lb = Loopback::bind().await.expect("bind");
    let port = lb.redirect_url().url().port().expect("port");
    assert_eq!(
        lb.redirect_url().as_str(),
        format!("http://127.0.0.1:{port}/callback")
    );
    let cancel = CancellationToken::new();
    let c = cancel.clone();
    let expected = Expected {
        state: "s3cret-state".into(),
        issuer: ISSUER.into(),
    };
    let task = tokio::spawn(async move { lb.wait(expected, &c, timeout).await });
    (port, cancel, task)
}

/// One GET; returns the status code and the body.
async fn get(port: u16, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port))
        .await
        .expect("connect");
    let req = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, body.to_string())
}

#[tokio::test]
async fn other_paths_get_404_and_the_valid_callback_yields_the_code() {
    let (port, _cancel, task) = start(Duration::from_secs(10)).await;
    // An idle pre-connect (as browsers open) must not hold up the real callback.
    let _idle = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).await;
    assert_eq!(get(port, "/favicon.ico").await.0, 404);
    let (status, body) = get(
        port,
        "/callback?code=the-code-123&state=s3cret-state&iss=https%3A%2F%2Fidp.example",
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("You can return to Quarry"));
    assert!(!body.contains("the-code-123"), "the code is never echoed");
    let code = task.await.expect("join").expect("code");
    assert_eq!(code, "the-code-123");
    // Exactly one callback: the listener is gone.
    assert!(
        TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_wrong_state_gets_400_and_the_listener_keeps_waiting() {
    let (port, _cancel, task) = start(Duration::from_secs(10)).await;
    let (status, body) = get(port, "/callback?code=evil&state=other").await;
    assert_eq!(status, 400);
    assert!(!body.contains("evil"));
    assert_eq!(get(port, "/callback?code=evil").await.0, 400);
    assert_eq!(
        get(port, "/callback?code=good&state=s3cret-state").await.0,
        200
    );
    assert_eq!(task.await.expect("join").expect("code"), "good");
}

#[tokio::test]
async fn repeated_wrong_states_end_the_sign_in() {
    let (port, _cancel, task) = start(Duration::from_secs(10)).await;
    for _ in 0..MAX_BAD_CALLBACKS {
        assert_eq!(get(port, "/callback?code=x&state=nope").await.0, 400);
    }
    let err = task.await.expect("join").expect_err("refused");
    assert!(matches!(err, AuthError::StateMismatch), "{err:?}");
}

#[tokio::test]
async fn a_wrong_state_then_the_timeout_reports_the_mismatch() {
    let (port, _cancel, task) = start(Duration::from_millis(600)).await;
    assert_eq!(get(port, "/callback?code=x&state=nope").await.0, 400);
    let err = task.await.expect("join").expect_err("refused");
    assert!(matches!(err, AuthError::StateMismatch), "{err:?}");
}

#[tokio::test]
async fn provider_errors_are_reported_with_their_description() {
    let (port, _cancel, task) = start(Duration::from_secs(10)).await;
    let (status, body) = get(
        port,
        "/callback?error=access_denied&error_description=No+%3Cb%3Eway%3C%2Fb%3E&state=s3cret-state",
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("access_denied") && body.contains("&lt;b&gt;way"));
    let err = task.await.expect("join").expect_err("refused");
    let AuthError::Idp { error, description } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(error, "access_denied");
    assert_eq!(description.as_deref(), Some("No <b>way</b>"));
}

#[tokio::test]
async fn an_iss_from_another_issuer_is_refused() {
    let (port, _cancel, task) = start(Duration::from_secs(10)).await;
    let q = "/callback?code=c&state=s3cret-state&iss=https%3A%2F%2Fevil.example";
    assert_eq!(get(port, q).await.0, 400);
    let err = task.await.expect("join").expect_err("refused");
    assert!(matches!(err, AuthError::IssuerMismatch { .. }), "{err:?}");
}

#[tokio::test]
async fn timeout_and_cancel_end_the_wait() {
    let (_port, _cancel, task) = start(Duration::from_millis(200)).await;
    let err = task.await.expect("join").expect_err("timeout");
    assert!(matches!(err, AuthError::Timeout(_)), "{err:?}");

    let (_port, cancel, task) = start(Duration::from_secs(30)).await;
    cancel.cancel();
    let err = task.await.expect("join").expect_err("cancelled");
    assert!(matches!(err, AuthError::Cancelled), "{err:?}");
}

#[test]
fn state_comparison() {
    assert!(same("abc", "abc"));
    assert!(!same("abc", "abd"));
    assert!(!same("abc", "abcd"));
}
