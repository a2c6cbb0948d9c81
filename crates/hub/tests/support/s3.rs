//! An S3-compatible server for the run: moto's standalone server (`moto_server`, installed by
//! `.ci/setup.sh --test`) on a free loopback port, one fresh bucket per test. A guardian shell
//! owns the server and stops it when the test process exits, however it exits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The run's server.
pub struct S3Server {
    pub endpoint: String,
    _guardian: Mutex<(Child, ChildStdin)>,
}

static SERVER: OnceLock<S3Server> = OnceLock::new();
static BUCKETS: AtomicU32 = AtomicU32::new(0);

/// The server, started on first use.
pub fn server() -> &'static S3Server {
    SERVER.get_or_init(S3Server::start)
}

/// Where `moto_server` is: `$QUARRY_MOTO_SERVER`, else the one setup installs into the cache.
fn moto_server() -> PathBuf {
    if let Some(path) = std::env::var_os("QUARRY_MOTO_SERVER") {
        return path.into();
    }
    let cache = std::env::var_os("QUARRY_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/quarry")))
        .expect("QUARRY_CACHE or HOME is set");
    cache.join("tools/moto/bin/moto_server")
}

impl S3Server {
    fn start() -> Self {
        let binary = moto_server();
        assert!(
            binary.is_file(),
            "the S3-compatible test server is not installed at {}: run `.ci/setup.sh --test` \
             (or set QUARRY_MOTO_SERVER)",
            binary.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        let script = r#"
            "$1" -H 127.0.0.1 -p "$2" >/dev/null 2>&1 &
            pid=$!
            read _ignored
            kill "$pid"
            wait "$pid"
        "#;
        let mut guardian = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("sh")
            .arg(&binary)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the S3 server's guardian");
        let stdin = guardian.stdin.take().expect("guardian stdin");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{} did not listen on port {port} within 30 s",
                binary.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            _guardian: Mutex::new((guardian, stdin)),
        }
    }

    /// Creates an empty bucket and returns its name.
    pub async fn create_bucket(&self) -> String {
        let bucket = format!(
            "quarry-test-{}-{}",
            std::process::id(),
            BUCKETS.fetch_add(1, Ordering::Relaxed)
        );
        let created = reqwest::Client::new()
            .put(format!("{}/{bucket}", self.endpoint))
            .send()
            .await
            .expect("create a bucket");
        assert!(
            created.status().is_success(),
            "create bucket {bucket}: {}",
            created.status()
        );
        bucket
    }

    /// The object_store settings that reach this server.
    pub fn options(&self) -> BTreeMap<String, String> {
        [
            ("endpoint", self.endpoint.as_str()),
            ("allow_http", "true"),
            ("region", "us-east-1"),
            ("access_key_id", "quarry-test"),
            ("secret_access_key", "quarry-test-secret"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// The keys in `bucket`, read with a plain ListObjectsV2 request (not through the hub).
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let listing = reqwest::Client::new()
            .get(format!("{}/{bucket}?list-type=2", self.endpoint))
            .send()
            .await
            .expect("list the bucket")
            .text()
            .await
            .expect("the listing");
        listing
            .split("<Key>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</Key>").map(|(key, _)| key.to_string()))
            .collect()
    }
}
