//! The rules for SQL that does not come from the person at the keyboard (reports, dashboards,
//! alerts, sync): one SELECT, reading only this workspace's tables, with bound parameters.
//!
//! DuckDB's `enable_external_access`, `lock_configuration` and `access_mode` are settings of the
//! whole database, not of a connection, so they cannot fence off one connection while imports
//! and the SQL editor use the same database. The fence is therefore built on DuckDB's own
//! parser: only a single SELECT serializes (no COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, CALL or
//! writes), and every table, table function and function it names is checked here.

use std::collections::BTreeSet;

use duckdb::Connection;

use crate::catalog::METADATA_SCHEMA;
use crate::error::{EngineError, Result};
use crate::sql_ast::ParsedSelect;

/// Table functions that read nothing outside the query itself.
const ALLOWED_TABLE_FUNCTIONS: &[&str] = &[
    "range",
    "generate_series",
    "unnest",
    "json_each",
    "json_tree",
];

/// Functions with side effects or access to the environment.
const DENIED_FUNCTIONS: &[&str] = &["nextval", "setval", "currval", "getenv", "setseed"];

/// Refuses anything in `parsed` that reaches beyond the workspace's own tables.
pub(crate) fn check(conn: &Connection, parsed: &ParsedSelect) -> Result<()> {
    if let Some(function) = parsed
        .table_functions
        .iter()
        .find(|f| !ALLOWED_TABLE_FUNCTIONS.contains(&f.as_str()))
    {
        return Err(refused(format!(
            "{function}() reads files, other databases or runs SQL text; only this workspace's tables can be read here"
        )));
    }
    if let Some(function) = parsed
        .functions
        .iter()
        .find(|f| DENIED_FUNCTIONS.contains(&f.as_str()))
    {
        return Err(refused(format!(
            "{function}() changes or reveals state outside the query"
        )));
    }
    let known = known_tables(conn)?;
    for table in &parsed.tables {
        let qualified = match table.split('.').collect::<Vec<_>>().as_slice() {
            [name] => format!("main.{name}"),
            [schema, name] => format!("{schema}.{name}"),
            [_, schema, name] => format!("{schema}.{name}"),
            _ => table.clone(),
        };
        if qualified.starts_with(METADATA_SCHEMA) || !known.contains(&qualified) {
            return Err(refused(format!(
                "{table} is not a table of this workspace (files, URLs and other databases cannot be read here)"
            )));
        }
    }
    Ok(())
}

fn refused(reason: String) -> EngineError {
    EngineError::NotReadOnly { reason }
}

/// `schema.table` (lowercase) of every table and view in the workspace's own database.
fn known_tables(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare(
        "SELECT lower(schema_name || '.' || table_name) FROM duckdb_tables()
          WHERE database_name = current_database() AND NOT temporary
         UNION ALL
         SELECT lower(schema_name || '.' || view_name) FROM duckdb_views()
          WHERE database_name = current_database() AND NOT internal AND NOT temporary",
    )?;
    let names = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<BTreeSet<_>, _>>()?;
    Ok(names)
}
