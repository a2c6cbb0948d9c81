//! What a cacheable result depends on: its key, and the tables whose refresh must drop it.

use std::collections::BTreeSet;

use duckdb::Connection;
use serde_json::Value;

use crate::catalog;
use crate::error::Result;
use crate::runner::{self, Param};
use crate::sql_ast::ParsedSelect;

/// The cache key of `sql` with `params` and the tables it depends on, or `None` when what it
/// reads cannot be known, so its result must not be cached.
pub(crate) fn cache_scope(
    conn: &Connection,
    sql: &str,
    parsed: &ParsedSelect,
    params: &[Param],
) -> Result<Option<(String, BTreeSet<String>)>> {
    let Some(tables) = tables_read(conn, sql, parsed)? else {
        return Ok(None);
    };
    Ok(Some((
        runner::cache_key(conn, parsed, &tables, params)?,
        tables,
    )))
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
