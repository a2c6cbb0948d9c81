//! Cancelling long work and hearing how far it got.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use duckdb::Connection;

/// Shared flag that asks running work to stop. Clone it into the UI, a signal handler or a
/// timeout; the work checks it and interrupts DuckDB.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the work to stop as soon as it can.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    pub(crate) fn flag(&self) -> &AtomicBool {
        &self.0
    }
}

/// Receives progress as a fraction from 0.0 to 1.0.
pub type ProgressFn<'a> = &'a (dyn Fn(f64) + Sync);

/// How often a running DuckDB statement is polled for progress and cancellation.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// Runs `work` (which executes statements on `conn`) while a watcher thread reports DuckDB's
/// progress estimate and interrupts the statement when `cancel` is set.
pub(crate) fn watch<T>(
    conn: &Connection,
    cancel: &CancelToken,
    progress: ProgressFn<'_>,
    work: impl FnOnce() -> T,
) -> T {
    if conn.set_query_progress_tracking(true).is_err() {
        tracing::debug!("DuckDB progress tracking unavailable; reporting none");
    }
    let interrupt = conn.interrupt_handle();
    let progress_handle = conn.progress_handle();
    let done = AtomicBool::new(false);
    thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                if cancel.is_cancelled() {
                    interrupt.interrupt();
                }
                if let Some(percent) = progress_handle.query_progress().percentage() {
                    progress((percent / 100.0).clamp(0.0, 1.0));
                }
                thread::park_timeout(POLL_INTERVAL);
            }
        });
        let result = work();
        done.store(true, Ordering::SeqCst);
        watcher.thread().unpark();
        result
    })
}
