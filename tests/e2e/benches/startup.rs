//! First window paint of Quarry against an empty Tauri app (`tests/startup-baseline`), both
//! started through tauri-driver in the same virtual display: time from asking for the session
//! (which starts the app) until the first meaningful element is in the page and two animation
//! frames have passed. `make bench` runs it with the built apps; the budget is 1.5 × the empty
//! app. Also reports the UI bundle's gzipped size (budget 1.5 MB).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quarry_e2e::{App, env_path, repo_root};

const LAUNCHES: usize = 11;
const PAINT_BUDGET: f64 = 1.5;
const BUNDLE_BUDGET: u64 = 1_500_000;

/// Waits for `css` and two animation frames after it; the time since `started`.
async fn first_paint(app: &App, css: &str, started: Instant) -> Duration {
    app.wait_for(css).await;
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            Vec::new(),
        )
        .await
        .expect("animation frames");
    started.elapsed()
}

/// One launch of `binary` on `dir`: the time to its first meaningful paint.
async fn launch(binary: &Path, dir: &Path, css: &str) -> Duration {
    let started = Instant::now();
    let app = App::start(binary, dir, &[]).await;
    let paint = first_paint(&app, css, started).await;
    app.close().await;
    paint
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn gzipped_bundle() -> u64 {
    let dist = repo_root().join("ui/dist");
    let mut files: Vec<PathBuf> = vec![dist.join("index.html")];
    if let Ok(entries) = std::fs::read_dir(dist.join("assets")) {
        files.extend(entries.flatten().map(|e| e.path()));
    }
    files
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .map(|bytes| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&bytes).expect("gzip in memory");
            encoder.finish().expect("gzip in memory").len() as u64
        })
        .sum()
}

fn verdict(met: bool) -> &'static str {
    if met { "budget met" } else { "NOT met" }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `cargo test --all-targets` runs this too (without `--bench`): nothing to do then.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    if std::env::var_os("QUARRY_BASELINE_APP").is_none()
        || std::env::var_os("TAURI_DRIVER").is_none()
    {
        println!("startup: skipped (run through `make bench`, which builds the apps)");
        return;
    }
    let quarry = env_path("QUARRY_APP");
    let baseline = env_path("QUARRY_BASELINE_APP");
    const QUARRY: &str = "[data-testid=tab-query]";
    // Interleaved, so that drift in the machine's load hits all three series alike. The first
    // series gets a fresh data directory per launch; the later one reuses one.
    let shared = tempfile::tempdir().expect("data directory");
    let (mut empty, mut first, mut warm) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..LAUNCHES {
        let fresh = tempfile::tempdir().expect("data directory");
        empty.push(launch(&baseline, fresh.path(), "#ready").await);
        first.push(launch(&quarry, fresh.path(), QUARRY).await);
        warm.push(launch(&quarry, shared.path(), QUARRY).await);
    }
    let (empty, first, warm) = (median(empty), median(first), median(warm));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |d: Duration| ms(d) / ms(empty);
    println!("startup: median of {LAUNCHES} launches, time to first meaningful paint");
    println!("  empty Tauri app          {:7.0} ms", ms(empty));
    println!(
        "  Quarry, first launch     {:7.0} ms  {:.2}x (generates the sample workspace)",
        ms(first),
        ratio(first)
    );
    println!(
        "  Quarry, later launches   {:7.0} ms  {:.2}x  {}",
        ms(warm),
        ratio(warm),
        verdict(ratio(warm) <= PAINT_BUDGET)
    );
    let bundle = gzipped_bundle();
    println!(
        "  UI bundle, gzipped       {:7.0} kB          {}",
        bundle as f64 / 1e3,
        verdict(bundle <= BUNDLE_BUDGET)
    );
}
