//! What the desktop shows around queries: completions for the SQL editor, a result sorted by a
//! column, table sizes and the engine's memory and cache figures.

use std::collections::BTreeMap;

use duckdb::Connection;
use serde::{Deserialize, Serialize};

use crate::cache::CacheStats;
use crate::catalog::quote_identifier;
use crate::error::{EngineError, Result};
use crate::sql_ast::ParseMemo;
use crate::workspace::TableInfo;

/// A result column to order by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SortOrder {
    pub column: String,
    pub descending: bool,
}

/// A table (or view) and its columns, for completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCompletion {
    pub name: String,
    pub columns: Vec<String>,
}

/// Everything the SQL editor completes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlCompletions {
    pub tables: Vec<TableCompletion>,
    /// DuckDB's scalar, aggregate, window and table functions and macros, by name.
    pub functions: Vec<String>,
    /// DuckDB's reserved and unreserved keywords, lower-case.
    pub keywords: Vec<String>,
}

/// How the engine is doing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineStatus {
    /// Bytes DuckDB's buffer manager holds now.
    pub memory_bytes: u64,
    /// Share of cache lookups answered from the cache (0–1); `None` before the first lookup.
    pub cache_hit_rate: Option<f64>,
}

pub(crate) fn sorted_sql(
    conn: &Connection,
    parses: &ParseMemo,
    sql: &str,
    order: &SortOrder,
) -> Result<String> {
    parses.parse(conn, sql).map_err(|_| {
        EngineError::InvalidInput("only the result of a single SELECT can be sorted".to_owned())
    })?;
    let body = sql.trim().trim_end_matches(';');
    let direction = if order.descending { "DESC" } else { "ASC" };
    Ok(format!(
        "SELECT * FROM (\n{body}\n) AS sorted ORDER BY {} {direction} NULLS LAST",
        quote_identifier(&order.column)
    ))
}

pub(crate) fn completions(conn: &Connection, tables: Vec<TableInfo>) -> Result<SqlCompletions> {
    let names = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    Ok(SqlCompletions {
        tables: tables
            .into_iter()
            .map(|t| TableCompletion {
                name: t.name,
                columns: t.columns.into_iter().map(|c| c.name).collect(),
            })
            .collect(),
        functions: names(
            "SELECT DISTINCT function_name FROM duckdb_functions()
              WHERE NOT internal OR function_type IN ('scalar', 'aggregate', 'table', 'macro')
                AND function_name NOT LIKE '\\_\\_%' ESCAPE '\\'
              ORDER BY function_name",
        )?,
        keywords: names("SELECT keyword_name FROM duckdb_keywords() ORDER BY keyword_name")?,
    })
}

pub(crate) fn status(conn: &Connection, cache: &CacheStats) -> Result<EngineStatus> {
    let memory_bytes: i64 = conn.query_row(
        "SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT FROM duckdb_memory()",
        [],
        |row| row.get(0),
    )?;
    let hits = cache.memory_hits + cache.persisted_hits;
    let lookups = hits + cache.misses;
    Ok(EngineStatus {
        memory_bytes: u64::try_from(memory_bytes).unwrap_or(0),
        cache_hit_rate: (lookups > 0).then(|| hits as f64 / lookups as f64),
    })
}

pub(crate) fn table_sizes(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    // Rows still in the write-ahead log have no blocks yet; a checkpoint writes them (it is
    // skipped when other transactions run, leaving the estimate a little low).
    if let Err(error) = conn.execute_batch("CHECKPOINT") {
        tracing::debug!(%error, "no checkpoint before measuring tables");
    }
    let block_size: i64 = conn.query_row(
        "SELECT block_size FROM pragma_database_size() LIMIT 1",
        [],
        |row| row.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()",
    )?;
    let tables: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut sizes = BTreeMap::new();
    for table in tables {
        let blocks: i64 = conn.query_row(
            "SELECT count(DISTINCT block_id) FROM pragma_storage_info(?) WHERE block_id >= 0",
            [&table],
            |row| row.get(0),
        )?;
        sizes.insert(table, u64::try_from(blocks * block_size).unwrap_or(0));
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_wraps_one_select_and_quotes_the_column() {
        let conn = Connection::open_in_memory().expect("duckdb");
        let parses = ParseMemo::default();
        let order = SortOrder {
            column: "Total \"net\"".to_owned(),
            descending: true,
        };
        let sql = sorted_sql(
            &conn,
            &parses,
            "SELECT 1 AS x -- trailing comment\n;",
            &order,
        )
        .expect("sortable");
        assert!(
            sql.ends_with("ORDER BY \"Total \"\"net\"\"\" DESC NULLS LAST"),
            "{sql}"
        );
        let rows: i64 = conn
            .query_row(&sql.replace("\"Total \"\"net\"\"\"", "x"), [], |r| r.get(0))
            .expect("runs");
        assert_eq!(rows, 1);
        let error = sorted_sql(&conn, &parses, "CREATE TABLE t (a INT)", &order)
            .expect_err("DDL cannot be sorted");
        assert!(error.to_string().contains("single SELECT"), "{error}");
    }
}
