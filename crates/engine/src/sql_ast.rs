//! What a SELECT reads, from DuckDB's own parser (`json_serialize_sql`): the tables, table
//! functions, functions and columns it names, and a fingerprint that ignores layout.

use std::collections::BTreeSet;

use duckdb::Connection;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{EngineError, Result};

/// A parsed single SELECT statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSelect {
    /// SHA-256 of the syntax tree without source positions, lowercase hex. Whitespace, keyword
    /// case and identifier case do not change it; literals do.
    pub fingerprint: String,
    /// Tables and views read, lowercase, as `schema.table` or `table` (CTEs excluded).
    pub tables: BTreeSet<String>,
    /// Table functions called in FROM (`read_csv`, `range`, …), lowercase.
    pub table_functions: BTreeSet<String>,
    /// Scalar and aggregate functions called, lowercase.
    pub functions: BTreeSet<String>,
    /// Column names referenced (the last part of each reference), lowercase.
    pub columns: BTreeSet<String>,
    /// Whether it selects `*` (or `COLUMNS(*)`), so it reads columns it does not name.
    pub reads_all_columns: bool,
}

/// Keys whose string values are identifiers, compared case-insensitively by DuckDB.
const IDENTIFIER_KEYS: &[&str] = &[
    "table_name",
    "schema_name",
    "catalog_name",
    "function_name",
    "column_names",
    "path",
    "key",
];

/// Remembers parses by SQL text: a dashboard re-runs the same queries, and DuckDB's parse plus
/// the fingerprint cost more than a cache hit itself.
#[derive(Default)]
pub(crate) struct ParseMemo(std::sync::Mutex<std::collections::HashMap<String, ParsedSelect>>);

/// Parses remembered before the memo starts over.
const PARSE_MEMO_ENTRIES: usize = 1024;

impl ParseMemo {
    /// [`parse_select`], answered from memory for SQL text seen before. Errors are not kept.
    pub fn parse(&self, conn: &Connection, sql: &str) -> Result<ParsedSelect> {
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(parsed) = lock().get(sql) {
            return Ok(parsed.clone());
        }
        let parsed = parse_select(conn, sql)?;
        let mut memo = lock();
        if memo.len() >= PARSE_MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(sql.to_owned(), parsed.clone());
        Ok(parsed)
    }
}

/// Parses `sql`, which must be exactly one SELECT statement.
pub fn parse_select(conn: &Connection, sql: &str) -> Result<ParsedSelect> {
    let json: String = conn.query_row("SELECT json_serialize_sql(?::VARCHAR)", [sql], |row| {
        row.get(0)
    })?;
    let mut tree: Value = serde_json::from_str(&json).map_err(|e| EngineError::Sql {
        message: format!("cannot read DuckDB's parse of the query: {e}"),
    })?;
    if tree["error"].as_bool() == Some(true) {
        let message = tree["error_message"]
            .as_str()
            .unwrap_or("cannot parse the query");
        return Err(if message.contains("Only SELECT") {
            EngineError::NotReadOnly {
                reason: "only SELECT queries can run here".into(),
            }
        } else {
            EngineError::Sql {
                message: message.to_owned(),
            }
        });
    }
    let count = tree["statements"].as_array().map_or(0, Vec::len);
    if count != 1 {
        return Err(EngineError::NotReadOnly {
            reason: format!("exactly one statement can run here, found {count}"),
        });
    }
    normalize(&mut tree);
    let mut parsed = ParsedSelect::default();
    let mut ctes = BTreeSet::new();
    collect(&tree, &mut parsed, &mut ctes);
    parsed.tables.retain(|t| !ctes.contains(t));
    parsed.fingerprint = hex(&Sha256::digest(tree.to_string().as_bytes()));
    Ok(parsed)
}

/// Drops source positions and lowercases identifiers, in place.
fn normalize(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| !key.starts_with("query_location"));
            for (key, child) in map.iter_mut() {
                if IDENTIFIER_KEYS.contains(&key.as_str()) {
                    lowercase_strings(child);
                } else {
                    normalize(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

fn lowercase_strings(value: &mut Value) {
    match value {
        Value::String(s) => *s = s.to_lowercase(),
        Value::Array(items) => items.iter_mut().for_each(lowercase_strings),
        _ => {}
    }
}

fn collect(value: &Value, parsed: &mut ParsedSelect, ctes: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            let text = |key: &str| map.get(key).and_then(Value::as_str).unwrap_or_default();
            match (text("type"), text("class")) {
                ("BASE_TABLE", _) => {
                    let (schema, table) = (text("schema_name"), text("table_name"));
                    let catalog = text("catalog_name");
                    let mut name = String::new();
                    for part in [catalog, schema].into_iter().filter(|p| !p.is_empty()) {
                        name.push_str(part);
                        name.push('.');
                    }
                    name.push_str(table);
                    parsed.tables.insert(name);
                }
                ("TABLE_FUNCTION", _) => {
                    if let Some(function) = map
                        .get("function")
                        .and_then(|f| f.get("function_name"))
                        .and_then(Value::as_str)
                    {
                        parsed.table_functions.insert(function.to_owned());
                    }
                }
                (_, "STAR") => parsed.reads_all_columns = true,
                (_, "FUNCTION") => {
                    parsed.functions.insert(text("function_name").to_owned());
                }
                (_, "COLUMN_REF") => {
                    if let Some(last) = map
                        .get("column_names")
                        .and_then(Value::as_array)
                        .and_then(|n| n.last())
                        .and_then(Value::as_str)
                    {
                        parsed.columns.insert(last.to_owned());
                    }
                }
                _ => {}
            }
            if let Some(entries) = map
                .get("cte_map")
                .and_then(|m| m.get("map"))
                .and_then(Value::as_array)
            {
                ctes.extend(
                    entries
                        .iter()
                        .filter_map(|e| e.get("key")?.as_str().map(str::to_owned)),
                );
            }
            map.values().for_each(|child| collect(child, parsed, ctes));
        }
        Value::Array(items) => items.iter().for_each(|child| collect(child, parsed, ctes)),
        _ => {}
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
