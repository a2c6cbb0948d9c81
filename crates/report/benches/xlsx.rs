//! `make bench`: 1,000,000 rows × 12 typed columns of the sample `sales` table to XLSX through
//! `quarry export`'s path (engine stream → Excel writer). Targets: ≤ 6 s and peak RSS ≤ 300 MB,
//! measured after the workspace is built (the peak is reset first).
//!
//! `QUARRY_BENCH_XLSX_ROWS` (default 1,000,000) changes the size.

use std::time::Instant;

use quarry_engine::{CancelToken, Workspace};
use quarry_report::{ExportFormat, export_query};

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rows: u64 = std::env::var("QUARRY_BENCH_XLSX_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let ws_dir = dir.path().join("ws");
    Workspace::create(&ws_dir)
        .expect("workspace")
        .load_sample(rows)
        .expect("sample");
    let ws = Workspace::open(&ws_dir).expect("reopen");
    // Writing 5 to clear_refs resets VmHWM, so the peak below is the export's own.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let out = dir.path().join("sales.xlsx");
    let started = Instant::now();
    let written = export_query(
        &ws,
        "SELECT * FROM sales",
        "sales",
        ExportFormat::Xlsx,
        &out,
        &CancelToken::new(),
        &|_| {},
    )
    .expect("export");
    let elapsed = started.elapsed();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "xlsx_export rows={written} columns=12 size={:.1} MB",
        size as f64 / 1e6
    );
    println!("  time: {:.2} s (target <= 6 s)", elapsed.as_secs_f64());
    match (reset, peak_rss_mib()) {
        (true, Some(peak)) => {
            println!("  peak RSS during the export: {peak} MiB (target <= 300 MiB)")
        }
        _ => println!("  peak RSS: unavailable"),
    }
}
