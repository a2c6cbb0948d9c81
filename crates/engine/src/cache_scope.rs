//! What a cacheable result depends on: its key, and the tables whose refresh must drop it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use duckdb::Connection;
use serde_json::Value;

use crate::catalog;
use crate::error::Result;
use crate::runner::{self, Param};
use crate::sql_ast::ParsedSelect;

/// Queries whose tables are remembered before the memo starts over.
const SCOPE_MEMO_ENTRIES: usize = 1024;

/// Remembers the tables each query text reads while the workspace's write epoch stays the same,
/// so a repeated query (a cache hit, above all) is not planned again. Every statement that may
/// change what a view reads bumps the epoch; an import only changes a dataset's version, which
/// the key reads anew each time.
#[derive(Default)]
pub(crate) struct ScopeMemo(Mutex<HashMap<String, (u64, BTreeSet<String>)>>);

impl ScopeMemo {
    /// The cache key of `sql` with `params` and the tables it depends on, or `None` when what
    /// it reads cannot be known, so its result must not be cached.
    pub fn cache_scope(
        &self,
        conn: &Connection,
        sql: &str,
        parsed: &ParsedSelect,
        params: &[Param],
    ) -> Result<Option<(String, BTreeSet<String>)>> {
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        let epoch = catalog::write_epoch(conn)?;
        let remembered = lock()
            .get(sql)
            .filter(|(seen_at, _)| *seen_at == epoch)
            .map(|(_, tables)| tables.clone());
        let tables = match remembered {
            Some(tables) => tables,
            None => {
                let Some(tables) = tables_read(conn, sql, parsed)? else {
                    return Ok(None);
                };
                let mut memo = lock();
                if memo.len() >= SCOPE_MEMO_ENTRIES {
                    memo.clear();
                }
                memo.insert(sql.to_owned(), (epoch, tables.clone()));
                tables
            }
        };
        let key = runner::cache_key(conn, parsed, &tables, params, epoch)?;
        Ok(Some((key, tables)))
    }
}

/// The tables `parsed` names and, when one of them is not a dataset (a view, or a table made in
/// the SQL editor), every table DuckDB's plan of `sql` scans: a view over a dataset is expanded
/// by DuckDB's binder, so refreshing the dataset drops results read through the view. `None`
/// when the plan cannot be had (e.g. unbound parameters).
fn tables_read(
    conn: &Connection,
    sql: &str,
    parsed: &ParsedSelect,
) -> Result<Option<BTreeSet<String>>> {
    let mut tables = parsed.tables.clone();
    let mut only_datasets = true;
    for table in &parsed.tables {
        let name = table.rsplit('.').next().unwrap_or(table);
        if catalog::version_of(conn, name)?.is_none() {
            only_datasets = false;
            break;
        }
    }
    if only_datasets {
        return Ok(Some(tables));
    }
    let plan: Option<String> = conn
        .query_row("SELECT json_serialize_plan(?::VARCHAR)", [sql], |row| {
            row.get(0)
        })
        .ok();
    let Some(tree) = plan.and_then(|json| serde_json::from_str::<Value>(&json).ok()) else {
        return Ok(None);
    };
    if tree["error"].as_bool() != Some(false) {
        return Ok(None);
    }
    collect_scans(&tree, &mut tables);
    Ok(Some(tables))
}

/// Adds the table of every `LOGICAL_GET` in a serialized plan.
fn collect_scans(value: &Value, tables: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("LOGICAL_GET")
                && let Some(table) = map
                    .get("function_data")
                    .and_then(|data| data.get("table"))
                    .and_then(Value::as_str)
            {
                tables.insert(table.to_lowercase());
            }
            map.values().for_each(|child| collect_scans(child, tables));
        }
        Value::Array(items) => items.iter().for_each(|child| collect_scans(child, tables)),
        _ => {}
    }
}
