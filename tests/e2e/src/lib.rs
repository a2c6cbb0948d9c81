//! A harness for driving the built Quarry app: it starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app) with a throwaway data directory, and hands out a
//! WebDriver client. Run through `make e2e`, which builds the app with the bundled UI and sets
//! `QUARRY_APP` and `TAURI_DRIVER`.

use std::ffi::OsString;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
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
    _driver: Driver,
    data_dir: PathBuf,
    /// The throwaway data directory, when the app got one (removed on drop).
    _temp: Option<TempDir>,
}

/// tauri-driver in its own process group, so that ending it also ends WebKitWebDriver and the app
/// (even when the test panics before it has a session).
struct Driver(Child);

impl Driver {
    fn start(binary: &Path, data_dir: &Path, env: &[(&str, OsString)]) -> Driver {
        let child = Command::new(binary)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .args(["--port", &DRIVER_PORT.to_string()])
            .args(["--native-port", &(DRIVER_PORT + 1).to_string()])
            .env("QUARRY_DATA_DIR", data_dir)
            // Window state, the web view's storage and other per-user settings start fresh
            // for every test.
            .env("XDG_CONFIG_HOME", data_dir.join("xdg-config"))
            .env("XDG_DATA_HOME", data_dir.join("xdg-data"))
            // The app formats numbers per locale; tests read them in English.
            .env("LANG", "en_US.UTF-8")
            .stdin(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        Driver(child)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.0.wait();
        // WebKitWebDriver outlives tauri-driver by a moment; the next test needs its port.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline
            && [DRIVER_PORT, DRIVER_PORT + 1]
                .iter()
                .any(|&port| TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok())
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl App {
    /// Starts the app on a fresh data directory, so it creates its sample workspace.
    pub async fn launch() -> App {
        Self::launch_with(&[]).await
    }

    /// [`App::launch`] with extra environment variables for the app (e.g. a `PATH` whose
    /// `xdg-open` is a test shim).
    pub async fn launch_with(env: &[(&str, OsString)]) -> App {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let mut app = Self::start(&env_path("QUARRY_APP"), data_dir.path(), env).await;
        app._temp = Some(data_dir);
        app
    }

    /// Starts the app binary `app` with `data_dir` as its data directory (kept afterwards), under
    /// the `TAURI_DRIVER` tauri-driver. Returns once the window has loaded its page.
    pub async fn start(app: &Path, data_dir: &Path, env: &[(&str, OsString)]) -> App {
        let driver_bin = env_path("TAURI_DRIVER");
        assert!(
            TcpStream::connect(driver_addr()).is_err(),
            "port {DRIVER_PORT} is taken: is another E2E run (or tauri-driver) still going?"
        );
        let driver = Driver::start(&driver_bin, data_dir, env);
        // tauri-driver answers before WebKitWebDriver listens; a session needs both.
        wait_for_port(driver_addr());
        wait_for_port(SocketAddr::from((Ipv4Addr::LOCALHOST, DRIVER_PORT + 1)));

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
            _driver: driver,
            data_dir: data_dir.to_path_buf(),
            _temp: None,
        }
    }

    /// The data directory the app was started with.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
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

    /// Clicks the element matching `css` once it exists and is enabled.
    pub async fn click(&self, css: &str) {
        self.wait_for(&format!("{css}:not([disabled])"))
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.wait_for(&format!("{css} option[value=\"{value}\"]"))
            .await;
        self.wait_for(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot choose {value:?} in `{css}`: {e}"));
    }

    /// Replaces the text of the input matching `css`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input.clear().await.expect("clear the field");
        input.send_keys(text).await.expect("type into the field");
    }

    /// The attribute `name` of the element matching `css`, once it has one for which `accept`
    /// holds.
    pub async fn wait_for_attr(
        &self,
        css: &str,
        name: &str,
        accept: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + UI_TIMEOUT;
        let mut last = None;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(Some(value)) = element.attr(name).await
            {
                if accept(&value) {
                    return value;
                }
                last = Some(value);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` never had a fitting {name}; last seen: {last:?}");
    }

    /// Elements matching `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|all| all.len())
            .unwrap_or(0)
    }

    /// Runs a script in the page and returns its value.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client
            .execute(js, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{js}"))
    }

    /// Saves a PNG of the app's window, grabbed from the X display with ImageMagick's `import`:
    /// WebKitWebDriver's own screenshot never answers when compositing is disabled.
    pub async fn screenshot(&self, path: &Path) {
        let rect = self
            .client
            .get_window_rect()
            .await
            .expect("window rectangle");
        let (x, y, width, height) = rect;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot directory");
        }
        let status = Command::new("import")
            .args(["-window", "root", "-crop"])
            .arg(format!("{width}x{height}+{x}+{y}"))
            .arg("+repage")
            .arg(path)
            .status()
            .expect("run ImageMagick's import (Debian package imagemagick)");
        assert!(
            status.success(),
            "import could not grab the display: {status}"
        );
    }

    /// Ends the session, then the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// The repository's root, for writing screenshots into `docs/`.
pub fn repo_root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("../..")
}

/// The file named by the environment variable `name`.
pub fn env_path(name: &str) -> PathBuf {
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
