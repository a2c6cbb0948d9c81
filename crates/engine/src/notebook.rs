//! The analyst's notebook in the workspace: the history of queries run in the SQL editor and
//! the queries saved by name. Both live in Quarry's metadata schema, so they travel with the
//! workspace file.

use duckdb::{Connection, params};
use serde::Serialize;

use crate::error::{EngineError, Result};

/// Entries kept in the history; older ones are dropped.
pub const HISTORY_LIMIT: usize = 500;

/// Creates the notebook's tables if they are missing (idempotent).
pub(crate) const NOTEBOOK_DDL: &str = "
    CREATE TABLE IF NOT EXISTS _quarry.query_history (
        ran_at TIMESTAMP NOT NULL,
        sql VARCHAR NOT NULL,
        elapsed_ms DOUBLE NOT NULL,
        row_count UBIGINT,
        error VARCHAR
    );
    CREATE TABLE IF NOT EXISTS _quarry.saved_queries (
        name VARCHAR PRIMARY KEY,
        sql VARCHAR NOT NULL,
        saved_at TIMESTAMP NOT NULL
    );";

/// A query that ran in the editor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub sql: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub ran_at: String,
    pub elapsed_ms: f64,
    /// Rows of the result; `None` when the query failed.
    pub rows: Option<u64>,
    pub error: Option<String>,
}

/// A query kept under a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedQuery {
    pub name: String,
    pub sql: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub saved_at: String,
}

/// How a run ended, for the history.
pub enum Outcome {
    Rows(u64),
    Failed(String),
}

pub(crate) fn record(
    conn: &Connection,
    sql: &str,
    elapsed_ms: f64,
    outcome: Outcome,
) -> Result<()> {
    let (rows, error) = match outcome {
        Outcome::Rows(n) => (Some(n), None),
        Outcome::Failed(message) => (None, Some(message)),
    };
    conn.execute(
        "INSERT INTO _quarry.query_history VALUES (now()::TIMESTAMP, ?, ?, ?, ?)",
        params![sql, elapsed_ms, rows, error],
    )?;
    conn.execute(
        "DELETE FROM _quarry.query_history WHERE ran_at < (
             SELECT min(ran_at) FROM (
                 SELECT ran_at FROM _quarry.query_history ORDER BY ran_at DESC LIMIT ?))",
        params![HISTORY_LIMIT as u64],
    )?;
    Ok(())
}

pub(crate) fn history(conn: &Connection) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT sql, strftime(ran_at, '%Y-%m-%dT%H:%M:%SZ'), elapsed_ms, row_count, error
           FROM _quarry.query_history ORDER BY ran_at DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(HistoryEntry {
            sql: row.get(0)?,
            ran_at: row.get(1)?,
            elapsed_ms: row.get(2)?,
            rows: row.get(3)?,
            error: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn saved(conn: &Connection) -> Result<Vec<SavedQuery>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql, strftime(saved_at, '%Y-%m-%dT%H:%M:%SZ')
           FROM _quarry.saved_queries ORDER BY lower(name), name",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(SavedQuery {
            name: row.get(0)?,
            sql: row.get(1)?,
            saved_at: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn save(conn: &Connection, name: &str, sql: &str) -> Result<SavedQuery> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EngineError::InvalidInput(
            "give the query a name".to_owned(),
        ));
    }
    if sql.trim().is_empty() {
        return Err(EngineError::InvalidInput(
            "there is no SQL to save".to_owned(),
        ));
    }
    conn.execute(
        "INSERT OR REPLACE INTO _quarry.saved_queries VALUES (?, ?, now()::TIMESTAMP)",
        params![name, sql],
    )?;
    let saved = conn.query_row(
        "SELECT name, sql, strftime(saved_at, '%Y-%m-%dT%H:%M:%SZ')
           FROM _quarry.saved_queries WHERE name = ?",
        params![name],
        |row| {
            Ok(SavedQuery {
                name: row.get(0)?,
                sql: row.get(1)?,
                saved_at: row.get(2)?,
            })
        },
    )?;
    Ok(saved)
}

pub(crate) fn delete(conn: &Connection, name: &str) -> Result<()> {
    let deleted = conn.execute(
        "DELETE FROM _quarry.saved_queries WHERE name = ?",
        params![name],
    )?;
    match deleted {
        0 => Err(EngineError::InvalidInput(format!(
            "no saved query is named {name:?}"
        ))),
        _ => Ok(()),
    }
}
