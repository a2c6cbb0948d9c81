//! Without a usable keychain, sign-in fails with an actionable message and writes nothing.
//!
//! This binary builds its own D-Bus sessions (so it also runs outside `.ci/with-keyring`) and
//! points this process at them through `DBUS_SESSION_BUS_ADDRESS`; that is why it holds a single
//! test that sets the variable before any runtime or other thread is started.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Browser, TestProvider, browser, files_under};
use quarry_auth::{Auth, AuthError, CancellationToken, platform_store};

/// A private session bus with no service files, so nothing is D-Bus activated.
struct Bus {
    address: String,
    daemon: Child,
}

impl Bus {
    fn start(dir: &Path) -> Self {
        let config = dir.join("session.conf");
        let socket = dir.join("bus");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
  </policy>
</busconfig>"#,
                socket.display()
            ),
        )
        .expect("bus config");
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian: dbus-daemon; run .ci/setup.sh --test)");
        let start = Instant::now();
        while !socket.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "dbus-daemon did not start"
            );
            if let Ok(Some(status)) = daemon.try_wait() {
                panic!("dbus-daemon exited: {status}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Self {
            address: format!("unix:path={}", socket.display()),
            daemon,
        }
    }

    fn has_secret_service(&self) -> bool {
        Command::new("dbus-send")
            .arg(format!("--bus={}", self.address))
            .args([
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("true"))
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn point_at(address: &str) {
    // SAFETY: the only test in this binary; no runtime or other thread reads the environment.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address) };
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn assert_no_keychain(err: AuthError) {
    let message = err.to_string();
    assert!(matches!(err, AuthError::NoKeychain { .. }), "{err:?}");
    assert!(
        message.starts_with("No keychain is available: install and start gnome-keyring"),
        "{message}"
    );
}

#[test]
fn without_a_keychain_sign_in_fails_clearly_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("config");

    // 1. No session bus at all.
    point_at("unix:path=/nonexistent");
    let err = runtime()
        .block_on(platform_store())
        .expect_err("no bus, no keychain");
    assert_no_keychain(err);

    // 2. A bus on which nothing provides org.freedesktop.secrets.
    let bus = Bus::start(tmp.path());
    point_at(&bus.address);
    let err = runtime()
        .block_on(platform_store())
        .expect_err("no secret service");
    assert_no_keychain(err);

    // 3. gnome-keyring on that bus, but never unlocked: no "login" collection to write to.
    //    Sign-in at the provider succeeds, storing the refresh token fails: the user gets the
    //    "locked" message, no account file is written and the issued token is revoked.
    let data = tmp.path().join("data");
    let run = tmp.path().join("run");
    for d in [&data, &run] {
        std::fs::create_dir_all(d).expect("dir");
    }
    let mut keyring = Command::new("gnome-keyring-daemon")
        .args(["--start", "--foreground", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("XDG_DATA_HOME", &data)
        .env("XDG_RUNTIME_DIR", &run)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon (Debian: gnome-keyring; run .ci/setup.sh --test)");
    let start = Instant::now();
    while !bus.has_secret_service() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "gnome-keyring did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    runtime().block_on(async {
        let provider = TestProvider::start(&[]).await;
        let store = platform_store().await.expect("the daemon answers");
        let auth = Auth::new(&config, store).expect("auth");
        let (open, _) = browser(Browser::LogIn("lena"));
        let err = auth
            .sign_in(&provider.settings(), open, &CancellationToken::new())
            .await
            .expect_err("cannot store the refresh token");
        assert!(matches!(err, AuthError::KeychainLocked(_)), "{err:?}");
        assert!(err.to_string().contains("unlock it"), "{err}");
        assert_eq!(
            provider.counters().await,
            (1, 1),
            "the orphaned token was revoked"
        );
        assert!(auth.accounts().await.is_empty());
    });
    let _ = keyring.kill();
    let _ = keyring.wait();
    assert!(files_under(&config).is_empty(), "nothing was written");
}
