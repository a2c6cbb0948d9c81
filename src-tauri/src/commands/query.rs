//! Running SQL typed by the user: pages of results, sorting, explain and completions.

use std::sync::Arc;
use std::time::Instant;

use quarry_engine::{Outcome, QueryOptions, QueryResult, SortOrder, SqlCompletions};
use tauri::State;

use super::blocking;
use crate::error::CommandResult;
use crate::jobs::Jobs;
use crate::session::Session;

/// Rows sent to the UI when it does not ask for a number.
const DEFAULT_MAX_ROWS: usize = 1_000;

/// Runs `sql` and returns `max_rows` rows from `offset` on, with the total count, ordered by
/// `sort` when given. Later pages of the same SELECT come from the result cache. With a
/// `job_id`, `cancel_job` interrupts it. A first page (offset 0, unsorted) goes into the
/// history.
#[tauri::command]
pub async fn run_query(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    sql: String,
    offset: Option<u64>,
    max_rows: Option<usize>,
    job_id: Option<String>,
    sort: Option<SortOrder>,
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
        session.with_workspace(|ws| {
            let started = Instant::now();
            let result = match &sort {
                Some(order) => ws
                    .sorted_sql(&sql, order)
                    .and_then(|sorted| ws.query_with(&sorted, &options, &cancel, &|_| {})),
                None => ws.query_with(&sql, &options, &cancel, &|_| {}),
            };
            if options.offset == 0 && sort.is_none() {
                let elapsed = started.elapsed().as_secs_f64() * 1e3;
                let outcome = match &result {
                    Ok(page) => Outcome::Rows(page.total_rows),
                    Err(error) => Outcome::Failed(error.to_string()),
                };
                if let Err(error) = ws.record_history(&sql, elapsed, outcome) {
                    tracing::warn!(%error, "could not record the query in the history");
                }
            }
            result
        })
    })
    .await
}

/// DuckDB's `EXPLAIN ANALYZE` of `sql` (which runs it), as text.
#[tauri::command]
pub async fn explain_query(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    sql: String,
    job_id: String,
) -> CommandResult<String> {
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    blocking(move || {
        let job = jobs.start(job_id);
        session.with_workspace(|ws| ws.explain_analyze(&sql, &job.token))
    })
    .await
}

/// Tables, columns, functions and keywords for the SQL editor's autocomplete.
#[tauri::command]
pub async fn sql_completions(session: State<'_, Arc<Session>>) -> CommandResult<SqlCompletions> {
    let session = Arc::clone(&session);
    blocking(move || session.with_workspace(|ws| ws.sql_completions())).await
}
