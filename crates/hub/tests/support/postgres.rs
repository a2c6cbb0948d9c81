//! An ephemeral PostgreSQL cluster for the test run: `initdb` into a temporary directory,
//! `postgres` on a free loopback port, one fresh database per test. A guardian shell owns the
//! server and holds our end of a pipe: when the test process exits, however it exits, the pipe
//! closes and the guardian stops the server and deletes the directory.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The role the hub connects as: not a superuser, so row-level security applies to it.
pub const HUB_ROLE: &str = "quarry_hub";

/// The run's cluster.
pub struct Postgres {
    bin: PathBuf,
    port: u16,
    /// Run the server's tools as this user (root may not run PostgreSQL).
    run_as: Option<String>,
    /// Closing this stops the cluster.
    _guardian: Mutex<(Child, ChildStdin)>,
}

static CLUSTER: OnceLock<Postgres> = OnceLock::new();
static DATABASES: AtomicU32 = AtomicU32::new(0);

/// The cluster, started on first use.
pub fn cluster() -> &'static Postgres {
    CLUSTER.get_or_init(Postgres::start)
}

impl Postgres {
    fn start() -> Self {
        let bin = find_bin_dir();
        let run_as = running_as_root().then(|| "postgres".to_string());
        let root = tempfile::Builder::new()
            .prefix("quarry-hub-pg-")
            .tempdir()
            .expect("a temporary directory for PostgreSQL")
            .keep();
        if let Some(user) = &run_as {
            let chowned = Command::new("chown")
                .arg(format!("{user}:"))
                .arg(&root)
                .status()
                .expect("chown");
            assert!(chowned.success(), "chown {} to {user}", root.display());
        }
        let data = root.join("data");
        let initdb = as_user(&run_as, bin.join("initdb"))
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "-D",
            ])
            .arg(&data)
            .output()
            .expect("run initdb");
        assert!(
            initdb.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&initdb.stderr)
        );
        let port = free_port();
        let log = root.join("postgres.log");
        let script = r#"
            "$1/postgres" -D "$2" -p "$3" -k "$4" -c listen_addresses=127.0.0.1 \
              -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
              -c max_connections=300 >"$5" 2>&1 &
            pid=$!
            read _ignored
            kill -INT "$pid"
            wait "$pid"
            rm -rf "$4"
        "#;
        let mut guardian = as_user(&run_as, "sh".into())
            .arg("-c")
            .arg(script)
            .arg("sh")
            .arg(&bin)
            .arg(&data)
            .arg(port.to_string())
            .arg(&root)
            .arg(&log)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the PostgreSQL guardian");
        let stdin = guardian.stdin.take().expect("guardian stdin");
        let cluster = Self {
            bin,
            port,
            run_as,
            _guardian: Mutex::new((guardian, stdin)),
        };
        cluster.wait_ready(&log);
        cluster.psql(&format!("create role {HUB_ROLE} login"));
        cluster
    }

    fn wait_ready(&self, log: &Path) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return;
            }
            if Instant::now() > deadline {
                let mut text = String::new();
                let _ = std::fs::File::open(log).and_then(|mut f| f.read_to_string(&mut text));
                panic!("PostgreSQL did not accept connections within 30 s:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn psql(&self, sql: &str) {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
            ])
            .args(["-p", &self.port.to_string(), "-d", "postgres", "-c", sql])
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "psql {sql:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A new, empty database owned by the hub's role; its URL.
    pub fn create_database(&self) -> String {
        let name = format!(
            "hub_{}_{}",
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::Relaxed)
        );
        self.psql(&format!("create database {name} owner {HUB_ROLE}"));
        format!("postgres://{HUB_ROLE}@127.0.0.1:{}/{name}", self.port)
    }

    /// A superuser URL for `database` (tests that look past the hub).
    pub fn superuser_url(&self, hub_url: &str) -> String {
        hub_url.replacen(HUB_ROLE, "postgres", 1)
    }

    /// Whether the tools run as another user.
    pub fn runs_as(&self) -> Option<&str> {
        self.run_as.as_deref()
    }
}

fn as_user(user: &Option<String>, program: PathBuf) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("runuser");
            command.args(["-u", user, "--"]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `$QUARRY_PG_BIN`, the directory of `initdb` on the PATH, or Debian's newest
/// /usr/lib/postgresql/<version>/bin.
fn find_bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUARRY_PG_BIN") {
        return PathBuf::from(dir);
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("initdb"))
            .find(|p| p.is_file())
            .and_then(|p| std::fs::canonicalize(p).ok())
            .and_then(|p| p.parent().map(Path::to_path_buf))
    });
    let debian = || {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|bin| bin.join("initdb").is_file())
            .collect();
        versions.sort_by_key(|p| {
            p.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
        });
        versions.pop()
    };
    on_path.or_else(debian).expect(
        "PostgreSQL's initdb was not found: install Debian's `postgresql` package (or set \
         QUARRY_PG_BIN to the directory holding initdb, pg_ctl, postgres and psql)",
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
