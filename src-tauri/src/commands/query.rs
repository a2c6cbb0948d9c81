//! Running SQL typed by the user.

use std::sync::Arc;

use quarry_engine::{QueryOptions, QueryResult};
use tauri::State;

use super::blocking;
use crate::error::CommandResult;
use crate::jobs::Jobs;
use crate::session::Session;

/// Rows sent to the UI when it does not ask for a number.
const DEFAULT_MAX_ROWS: usize = 1_000;

/// Runs `sql` and returns `max_rows` rows from `offset` on, with the total count. Later pages
/// of the same SELECT come from the result cache. With a `job_id`, `cancel_job` interrupts it.
#[tauri::command]
pub async fn run_query(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    sql: String,
    offset: Option<u64>,
    max_rows: Option<usize>,
    job_id: Option<String>,
) -> CommandResult<QueryResult> {
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    let options = QueryOptions {
        offset: offset.unwrap_or(0),
        max_rows: max_rows.unwrap_or(DEFAULT_MAX_ROWS),
        use_cache: true,
    };
    blocking(move || {
        let job = job_id.map(|id| jobs.start(id));
        let cancel = job
            .as_ref()
            .map(|job| job.token.clone())
            .unwrap_or_default();
        session.with_workspace(|ws| ws.query_with(&sql, &options, &cancel, &|_| {}))
    })
    .await
}
