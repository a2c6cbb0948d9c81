//! Helpers shared by the benchmarks.

use std::time::Duration;

/// Whether `cargo bench` started us. `cargo test --all-targets` runs benchmark binaries too, and
/// they must not spend minutes building 10M-row tables there.
pub fn invoked_by_cargo_bench() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// The middle sample (the upper one of the two middles for an even count).
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// Milliseconds as a float, for tables.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// An environment variable parsed as `T`, or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The process's peak resident set size in MiB, from /proc (Linux only).
pub fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
}
