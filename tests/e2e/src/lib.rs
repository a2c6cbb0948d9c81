//! A harness for driving the built Quarry app: it starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app) with a throwaway data directory, and hands out a
//! WebDriver client. Run through `make e2e`, which builds the app with the bundled UI and sets
//! `QUARRY_APP` and `TAURI_DRIVER`.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tempfile::TempDir;

/// The port tauri-driver listens on; WebKitWebDriver gets the next one. One run at a time.
const DRIVER_PORT: u16 = 4444;

/// How long to wait for the app to show something before failing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(60);

/// A running app under WebDriver. Dropping it ends the driver and the app.
pub struct App {
    pub client: Client,
    driver: Child,
    data_dir: TempDir,
}

impl App {
    /// Starts the app on a fresh data directory, so it creates its sample workspace.
    pub async fn launch() -> App {
        let app = env_path("QUARRY_APP");
        let driver_bin = env_path("TAURI_DRIVER");
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        assert!(
            TcpStream::connect(driver_addr()).is_err(),
            "port {DRIVER_PORT} is taken: is another E2E run (or tauri-driver) still going?"
        );
        let driver = Command::new(&driver_bin)
            .args(["--port", &DRIVER_PORT.to_string()])
            .args(["--native-port", &(DRIVER_PORT + 1).to_string()])
            .env("QUARRY_DATA_DIR", data_dir.path())
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));
        wait_for_port(driver_addr());

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
            .await
            .expect("WebDriver session with the app");
        App {
            client,
            driver,
            data_dir,
        }
    }

    /// The data directory the app was started with.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Waits until an element matching `css` exists and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matching `{css}` appeared: {e}"))
    }

    /// Waits until the element matching `css` has text for which `accept` holds; returns the text.
    pub async fn wait_for_text(&self, css: &str, accept: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + UI_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if accept(&last) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` never showed the expected text; last seen: {last:?}");
    }

    /// Replaces the SQL editor's text and runs it.
    pub async fn run_sql(&self, sql: &str) {
        let editor = self.wait_for("[data-testid=sql-editor]").await;
        editor.clear().await.expect("clear the editor");
        editor.send_keys(sql).await.expect("type into the editor");
        self.wait_for("[data-testid=run-query]:not([disabled])")
            .await
            .click()
            .await
            .expect("click Run");
    }

    /// Saves a PNG of the window's page.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.expect("screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot directory");
        }
        std::fs::write(path, png).expect("write the screenshot");
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The repository's root, for writing screenshots into `docs/`.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_path(name: &str) -> PathBuf {
    let value = std::env::var_os(name)
        .unwrap_or_else(|| panic!("{name} is not set: run the end-to-end tests with `make e2e`"));
    let path = PathBuf::from(value);
    assert!(path.is_file(), "{name}={} is not a file", path.display());
    path
}

fn driver_addr() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, DRIVER_PORT))
}

fn wait_for_port(addr: SocketAddr) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {addr}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
