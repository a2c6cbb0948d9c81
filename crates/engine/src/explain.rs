//! `EXPLAIN ANALYZE`: DuckDB's plan for a query, annotated with each operator's time and rows.

use duckdb::Connection;

use crate::cancel::{self, CancelToken, ProgressFn};
use crate::error::{EngineError, Result};
use crate::sql_ast;

/// Runs `sql`, which must be one SELECT (EXPLAIN ANALYZE executes it), and returns the
/// annotated plan as DuckDB renders it.
pub(crate) fn explain_analyze(
    conn: &Connection,
    sql: &str,
    cancel: &CancelToken,
    progress: ProgressFn<'_>,
) -> Result<String> {
    sql_ast::parse_select(conn, sql)?;
    let plan = cancel::watch(conn, cancel, progress, || -> Result<String> {
        let mut stmt = conn.prepare(&format!("EXPLAIN ANALYZE {sql}"))?;
        let parts = stmt
            .query_map([], |row| row.get::<_, String>(1))?
            .collect::<duckdb::Result<Vec<_>>>()?;
        Ok(parts.join("\n"))
    });
    match plan {
        Err(_) if cancel.is_cancelled() => Err(EngineError::Cancelled),
        other => other,
    }
}
