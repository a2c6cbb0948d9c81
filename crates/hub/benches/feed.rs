//! Change feed load on loopback (issue 8's targets): `GET /changes` at 200 requests/s for 30 s
//! (p99 under 100 ms), and 100 live SSE connections each receiving a change within 100 ms.
//! Runs against the same real components as the tests (ephemeral PostgreSQL, the OpenID
//! provider, the hub in-process). `QUARRY_BENCH_SECONDS` shortens the pull phase.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use support::TestHub;
use support::sse::EventStream;

const PULLS_PER_SECOND: u64 = 200;
const STREAMS: usize = 100;
const ROUNDS: usize = 10;

fn main() {
    // `cargo test --all-targets` runs this too (without `--bench`): nothing to do then.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let seconds: u64 = std::env::var("QUARRY_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Bench").await;
    for n in 0..100 {
        alice.report(&workspace, json!({ "n": n })).await;
    }

    // Pulls at a fixed rate, each on its own task so a slow answer does not slow the rate. Like
    // a synced client's, each asks for what follows a cursor 0 to 9 changes behind the head.
    let mut ticks = tokio::time::interval(Duration::from_micros(1_000_000 / PULLS_PER_SECOND));
    let mut pulls = Vec::new();
    let started = Instant::now();
    for n in 0..PULLS_PER_SECOND * seconds {
        ticks.tick().await;
        let api = alice.clone();
        pulls.push(tokio::spawn(async move {
            let sent = Instant::now();
            let reply = api.get(&format!("/changes?since={}", 91 + n % 10)).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            sent.elapsed()
        }));
    }
    let mut latencies = Vec::new();
    for pull in pulls {
        latencies.push(pull.await.expect("a pull"));
    }
    let rate = latencies.len() as f64 / started.elapsed().as_secs_f64();
    report(
        &format!("GET /changes, {rate:.0} requests/s for {seconds} s"),
        &mut latencies,
    );

    // Live streams: every one must see each change.
    let mut streams = Vec::new();
    for _ in 0..STREAMS {
        let mut stream = EventStream::open(&alice, "/changes/stream?since=1000000", None).await;
        stream.next_of("ready").await;
        streams.push(stream);
    }
    let mut deliveries = Vec::new();
    for round in 0..ROUNDS {
        let mut waiting = Vec::new();
        for mut stream in streams.drain(..) {
            waiting.push(tokio::spawn(async move {
                stream.next_of("change").await;
                (Instant::now(), stream)
            }));
        }
        let written = Instant::now();
        alice.report(&workspace, json!({ "round": round })).await;
        for task in waiting {
            let (received, stream) = task.await.expect("a stream");
            deliveries.push(received.saturating_duration_since(written));
            streams.push(stream);
        }
    }
    report(
        &format!("{STREAMS} SSE streams, write start to delivery, {ROUNDS} changes"),
        &mut deliveries,
    );
    hub.stop().await;
}

fn report(what: &str, latencies: &mut [Duration]) {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {what} | {} samples | p50 {:.1} ms | p99 {:.1} ms | max {:.1} ms |",
        latencies.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}
