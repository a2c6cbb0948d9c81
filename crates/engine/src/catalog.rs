//! The dataset catalog in Quarry's metadata schema: which tables are imported datasets, from
//! where, at which version.

use duckdb::{Connection, OptionalExt, params};
use serde::Serialize;

use crate::error::{EngineError, Result};
use crate::query::ColumnMeta;

/// The schema that holds Quarry's own tables; hidden from user-facing listings.
pub(crate) const METADATA_SCHEMA: &str = "_quarry";

/// Creates the catalog's tables if they are missing (idempotent).
pub(crate) const CATALOG_DDL: &str = "
    CREATE TABLE IF NOT EXISTS _quarry.datasets (
        name VARCHAR PRIMARY KEY,
        version UBIGINT NOT NULL,
        source VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        row_count UBIGINT NOT NULL,
        imported_at TIMESTAMP NOT NULL
    );";

/// A dataset: a table in `main` that an import created and refreshes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetInfo {
    pub name: String,
    /// Starts at 1 and grows by one with every refresh.
    pub version: u64,
    /// The file, folder or glob it was imported from.
    pub source: String,
    pub format: String,
    pub row_count: u64,
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    pub imported_at: String,
    pub columns: Vec<ColumnMeta>,
}

/// All datasets, by name.
pub(crate) fn datasets(conn: &Connection) -> Result<Vec<DatasetInfo>> {
    let mut stmt = conn.prepare(
        "SELECT name, version, source, format, row_count, strftime(imported_at, '%Y-%m-%d %H:%M:%S')
           FROM _quarry.datasets ORDER BY name",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok(DatasetInfo {
                name: row.get(0)?,
                version: row.get(1)?,
                source: row.get(2)?,
                format: row.get(3)?,
                row_count: row.get(4)?,
                imported_at: row.get(5)?,
                columns: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|mut dataset| {
            dataset.columns = table_columns(conn, "main", &dataset.name)?;
            Ok(dataset)
        })
        .collect()
}

/// One dataset, or `None` if no dataset has that name.
pub(crate) fn dataset(conn: &Connection, name: &str) -> Result<Option<DatasetInfo>> {
    Ok(datasets(conn)?.into_iter().find(|d| d.name == name))
}

/// The current version of a dataset, if it is one.
pub(crate) fn version_of(conn: &Connection, name: &str) -> Result<Option<u64>> {
    let version = conn
        .query_row(
            "SELECT version FROM _quarry.datasets WHERE name = ?",
            params![name],
            |row| row.get(0),
        )
        .optional()?;
    Ok(version)
}

/// The workspace's write epoch: it changes whenever SQL that may have written anything ran, and
/// is part of every cache key.
pub(crate) fn write_epoch(conn: &Connection) -> Result<u64> {
    let epoch: Option<String> = conn
        .query_row(
            "SELECT value FROM _quarry.meta WHERE key = 'write_epoch'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(epoch.and_then(|e| e.parse().ok()).unwrap_or(0))
}

/// Moves the write epoch on, so no earlier cache key matches again.
pub(crate) fn bump_write_epoch(conn: &Connection) -> Result<()> {
    let next = write_epoch(conn)? + 1;
    conn.execute(
        "INSERT OR REPLACE INTO _quarry.meta VALUES ('write_epoch', ?)",
        params![next.to_string()],
    )?;
    Ok(())
}

/// Records a new version of `name` (1 for a new dataset); returns it. Runs inside the
/// importing transaction so the catalog and the data change together.
pub(crate) fn record_version(
    conn: &Connection,
    name: &str,
    source: &str,
    format: &str,
    row_count: u64,
) -> Result<u64> {
    let version = version_of(conn, name)?.map_or(1, |v| v + 1);
    conn.execute(
        "INSERT OR REPLACE INTO _quarry.datasets
         VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)",
        params![name, version, source, format, row_count],
    )?;
    Ok(version)
}

/// The columns of a table, in order, with DuckDB's type names.
pub(crate) fn table_columns(
    conn: &Connection,
    schema: &str,
    table: &str,
) -> Result<Vec<ColumnMeta>> {
    let mut stmt = conn.prepare(
        "SELECT column_name, data_type FROM duckdb_columns()
          WHERE database_name = current_database() AND schema_name = ? AND table_name = ?
          ORDER BY column_index",
    )?;
    let columns = stmt
        .query_map(params![schema, table], |row| {
            Ok(ColumnMeta::from_sql_type(row.get(0)?, row.get(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(columns)
}

/// Checks that `name` can name a dataset: letters, digits and `_`, not starting with a digit,
/// at most 63 characters, not reserved for Quarry.
pub fn validate_dataset_name(name: &str) -> Result<()> {
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let starts_well = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !valid_chars || !starts_well || name.len() > 63 || name.starts_with("_quarry") {
        return Err(EngineError::InvalidName {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// A dataset name derived from a file name: `Sales 2024 (Q1).csv` becomes `sales_2024_q1`.
pub fn dataset_name_from(stem: &str) -> String {
    let mut name = String::with_capacity(stem.len());
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let trimmed = name.trim_matches('_');
    let name = if trimmed.is_empty() {
        "dataset".to_owned()
    } else if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("t_{trimmed}")
    } else {
        trimmed.to_owned()
    };
    let name: String = name.chars().take(63).collect();
    name.trim_end_matches('_').to_owned()
}

/// `"name"` with inner quotes doubled: safe to put into SQL as an identifier.
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `'text'` with inner quotes doubled: safe to put into SQL as a string literal.
pub(crate) fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_files_are_valid_identifiers() {
        for (stem, expected) in [
            ("Sales 2024 (Q1)", "sales_2024_q1"),
            ("2024-orders", "t_2024_orders"),
            ("ünïcode", "n_code"),
            ("", "dataset"),
            ("__x__", "x"),
        ] {
            let name = dataset_name_from(stem);
            assert_eq!(name, expected, "from {stem:?}");
        }
        assert!(validate_dataset_name(&dataset_name_from("Sales 2024")).is_ok());
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["", "1abc", "a-b", "_quarry_x", "a b", &"x".repeat(64)] {
            assert!(validate_dataset_name(name).is_err(), "{name:?}");
        }
        assert!(validate_dataset_name("orders_2024").is_ok());
    }

    #[test]
    fn quoting_doubles_quotes() {
        assert_eq!(quote_identifier(r#"a"b"#), r#""a""b""#);
        assert_eq!(quote_literal("it's"), "'it''s'");
    }
}
