//! `make bench`: the reference dashboard (eight tiles of `assets/dashboard.sql`) over the
//! 10M-row sample, run three ways, plus a 1M-row CSV import against DuckDB's own `read_csv`.
//!
//! - raw: each tile on a bare `duckdb::Connection`, fully materialized (no pool, cache or paging);
//! - cold: through `Workspace::query` with the result cache emptied first;
//! - warm: through `Workspace::query` again (cache hits).
//!
//! `QUARRY_BENCH_ROWS` (default 10,000,000) and `QUARRY_BENCH_RUNS` (default 5) change the size.

mod common;

use std::time::{Duration, Instant};

use common::{env_or, invoked_by_cargo_bench, median, ms, peak_rss_mib};

use quarry_engine::import::ImportOptions;
use quarry_engine::{CancelToken, DASHBOARD_SQL, QueryOptions, Workspace, split_statements};

fn main() {
    if !invoked_by_cargo_bench() {
        return;
    }
    let rows: u64 = env_or("QUARRY_BENCH_ROWS", 10_000_000);
    let runs: usize = env_or("QUARRY_BENCH_RUNS", 5).max(1);
    let dir = tempfile::tempdir().expect("temporary directory");
    let ws_dir = dir.path().join("ws");
    let tiles: Vec<(String, &str)> = split_statements(DASHBOARD_SQL)
        .into_iter()
        .map(|sql| (tile_name(sql), sql))
        .collect();

    {
        let ws = Workspace::create(&ws_dir).expect("workspace");
        ws.load_sample(rows).expect("sample");
    }

    // raw: a bare connection on the same file.
    let raw = {
        let conn =
            duckdb::Connection::open(ws_dir.join(quarry_engine::DATABASE_FILE)).expect("open");
        time_each(&tiles, runs, |sql| {
            let mut stmt = conn.prepare(sql).expect("prepare");
            let batches: Vec<_> = stmt.query_arrow([]).expect("query").collect();
            assert!(!batches.is_empty() || sql.contains("LIMIT 0"));
        })
    };

    let ws = Workspace::open(&ws_dir).expect("reopen");
    let options = QueryOptions::default();
    let cold = time_each(&tiles, runs, |sql| {
        ws.clear_cache().expect("clear cache");
        ws.query(sql, &options).expect("cold tile");
    });
    ws.clear_cache().expect("clear cache");
    for (_, sql) in &tiles {
        ws.query(sql, &options).expect("prime");
    }
    let warm = time_each(&tiles, runs, |sql| {
        let result = ws.query(sql, &options).expect("warm tile");
        assert_ne!(result.cache, quarry_engine::CacheOutcome::Miss);
    });

    println!("dashboard over {rows} rows, median of {runs} runs (ms)");
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "tile", "raw", "cold", "warm", "cold/raw", "raw/warm"
    );
    let total = |t: &[Duration]| t.iter().sum::<Duration>();
    for (i, (name, _)) in tiles.iter().enumerate() {
        row(name, raw[i], cold[i], warm[i]);
    }
    row("all eight tiles", total(&raw), total(&cold), total(&warm));

    // Import of a 1M-row CSV: the engine versus DuckDB's read_csv on a bare connection.
    let csv = dir.path().join("sales_1m.csv");
    ws.query(
        &format!(
            "COPY (SELECT * FROM sales LIMIT 1000000) TO '{}'",
            csv.display()
        ),
        &QueryOptions {
            use_cache: false,
            ..QueryOptions::default()
        },
    )
    .expect("write csv");
    let engine_import = median(
        &(0..runs)
            .map(|_| {
                let started = Instant::now();
                ws.import(
                    csv.to_str().unwrap_or_default(),
                    &ImportOptions::default(),
                    &CancelToken::new(),
                    &|_| {},
                )
                .expect("import");
                started.elapsed()
            })
            .collect::<Vec<_>>(),
    );
    drop(ws);
    // Into a database file, as the engine's import writes one: same work, no engine around it.
    let conn = duckdb::Connection::open(dir.path().join("raw.duckdb")).expect("raw database");
    let duckdb_import = median(
        &(0..runs)
            .map(|_| {
                let started = Instant::now();
                conn.execute(
                    "CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv(?)",
                    [csv.to_str().unwrap_or_default()],
                )
                .expect("read_csv");
                started.elapsed()
            })
            .collect::<Vec<_>>(),
    );
    println!(
        "import 1M-row CSV: engine {:.0} ms, DuckDB read_csv {:.0} ms, ratio {:.2}",
        ms(engine_import),
        ms(duckdb_import),
        ms(engine_import) / ms(duckdb_import)
    );
    if let Some(peak) = peak_rss_mib() {
        println!("peak RSS: {peak} MiB");
    }
}

fn row(name: &str, raw: Duration, cold: Duration, warm: Duration) {
    println!(
        "{name:<28} {:>9.2} {:>9.2} {:>9.3} {:>10.2} {:>10.0}",
        ms(raw),
        ms(cold),
        ms(warm),
        ms(cold) / ms(raw),
        ms(raw) / ms(warm).max(0.001)
    );
}

/// The tile's name from its leading `-- name (kind)` comment.
fn tile_name(sql: &str) -> String {
    sql.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("--"))
        .map(|c| c.split_whitespace().next().unwrap_or_default().to_owned())
        .unwrap_or_else(|| "tile".to_owned())
}

/// Median time per tile over `runs` rounds (each round runs every tile once).
fn time_each(tiles: &[(String, &str)], runs: usize, mut run: impl FnMut(&str)) -> Vec<Duration> {
    let mut samples = vec![Vec::with_capacity(runs); tiles.len()];
    for _ in 0..runs {
        for (i, (_, sql)) in tiles.iter().enumerate() {
            let started = Instant::now();
            run(sql);
            samples[i].push(started.elapsed());
        }
    }
    samples.iter().map(|s| median(s)).collect()
}
