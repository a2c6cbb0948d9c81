//! Running SQL typed by the user: pages of results, sorting, explain and completions.

use std::sync::Arc;
use std::time::Instant;

use quarry_engine::{Outcome, QueryOptions, QueryResult, SortOrder, SqlCompletions};
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri::ipc::Channel;

use super::blocking;
use crate::error::CommandResult;
use crate::jobs::Jobs;
use crate::session::Session;

/// Rows sent to the UI when it does not ask for a number.
const DEFAULT_MAX_ROWS: usize = 1_000;

/// Which rows of a result the UI wants, in which order.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageRequest {
    /// Rows skipped; 0 when absent.
    pub offset: Option<u64>,
    /// Rows returned; [`DEFAULT_MAX_ROWS`] when absent.
    pub max_rows: Option<usize>,
    /// The grid's sort, applied around the SQL.
    pub sort: Option<SortOrder>,
}

/// Sent to the UI while a query runs.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryProgress {
    /// DuckDB's estimate, from 0.0 to 1.0.
    pub fraction: f64,
}

/// Runs `sql` and returns the rows `page` asks for, with the total count. Later pages of the
/// same SELECT come from the result cache. With a `job_id`, `cancel_job` interrupts it;
/// `on_progress` hears DuckDB's progress estimate. A first page (offset 0, unsorted) goes into
/// the history.
#[tauri::command]
pub async fn run_query(
    session: State<'_, Arc<Session>>,
    jobs: State<'_, Arc<Jobs>>,
    sql: String,
    page: Option<PageRequest>,
    job_id: Option<String>,
    on_progress: Channel<QueryProgress>,
) -> CommandResult<QueryResult> {
    let session = Arc::clone(&session);
    let jobs = Arc::clone(&jobs);
    let PageRequest {
        offset,
        max_rows,
        sort,
    } = page.unwrap_or_default();
    let options = QueryOptions {
        offset: offset.unwrap_or(0),
        max_rows: max_rows.unwrap_or(DEFAULT_MAX_ROWS),
        use_cache: true,
    };
    let progress = move |fraction: f64| {
        // A closed channel means the window went away; the query still finishes.
        let _ = on_progress.send(QueryProgress { fraction });
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
                    .and_then(|sorted| ws.query_with(&sorted, &options, &cancel, &progress)),
                None => ws.query_with(&sql, &options, &cancel, &progress),
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
