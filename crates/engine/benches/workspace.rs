//! `make bench`: building the 10M-row sample workspace and scanning it.
//!
//! Prints one row per measurement (median of the runs) and the process's peak RSS.
//! `QUARRY_BENCH_ROWS` changes the size (default 10,000,000), `QUARRY_BENCH_RUNS` the repeats.

mod common;

use std::time::{Duration, Instant};

use common::{env_or, invoked_by_cargo_bench, median, ms, peak_rss_mib};

use quarry_engine::{QueryOptions, Workspace};

fn main() {
    if !invoked_by_cargo_bench() {
        return;
    }
    let rows: u64 = env_or("QUARRY_BENCH_ROWS", 10_000_000);
    let runs: usize = env_or("QUARRY_BENCH_RUNS", 3);
    let dir = tempfile::tempdir().expect("temporary directory");

    let mut init = Vec::new();
    let mut workspace = None;
    for run in 0..runs {
        let path = dir.path().join(format!("ws{run}"));
        let started = Instant::now();
        let ws = Workspace::create(&path).expect("create workspace");
        ws.load_sample(rows).expect("load sample");
        init.push(started.elapsed());
        workspace = Some(ws);
    }
    let Some(ws) = workspace else {
        eprintln!("QUARRY_BENCH_RUNS must be at least 1");
        std::process::exit(2);
    };

    let aggregate =
        "SELECT count(*), sum(revenue), avg(quantity), count(DISTINCT customer_id) FROM sales";
    let full_scan = "SELECT * FROM sales";
    let scan = time(runs, || {
        let options = QueryOptions {
            use_cache: false,
            ..QueryOptions::default()
        };
        ws.query(aggregate, &options).expect("aggregate");
    });
    let stream = time(runs, || {
        let result = ws
            .query(
                full_scan,
                &QueryOptions {
                    max_rows: 1_000,
                    use_cache: false,
                    ..QueryOptions::default()
                },
            )
            .expect("full scan");
        assert_eq!(result.total_rows, rows);
    });

    println!("{:<40} {:>10} {:>12}", "benchmark", "rows", "median ms");
    for (name, samples) in [
        ("init --sample-rows (generate + write)", &init),
        ("aggregate scan (4 aggregates)", &scan),
        ("stream every row through the engine", &stream),
    ] {
        println!("{name:<40} {rows:>10} {:>12.1}", ms(median(samples)));
    }
    if let Some(peak) = peak_rss_mib() {
        println!("peak RSS: {peak} MiB");
    }
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect()
}
