//! What a refresh did to a dataset's columns, and whether that breaks what reads it.

use serde::Serialize;

use duckdb::Connection;

use crate::error::Result;
use crate::notebook;
use crate::query::ColumnMeta;
use crate::sql_ast::{ParseMemo, ParsedSelect};

/// One difference between the old and the new columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "change"
)]
pub enum ColumnChange {
    /// A new column: nothing that read the old schema breaks.
    Added { column: String, sql_type: String },
    /// A column is gone (dropped or renamed): queries naming it break.
    Dropped { column: String, sql_type: String },
    /// Same name, different type.
    TypeChanged {
        column: String,
        from: String,
        to: String,
        narrowed: bool,
    },
}

impl ColumnChange {
    /// Whether queries written against the old schema may fail or change meaning.
    pub fn is_breaking(&self) -> bool {
        match self {
            ColumnChange::Added { .. } => false,
            ColumnChange::Dropped { .. } => true,
            ColumnChange::TypeChanged { narrowed, .. } => *narrowed,
        }
    }

    /// The column the change is about.
    pub fn column(&self) -> &str {
        match self {
            ColumnChange::Added { column, .. }
            | ColumnChange::Dropped { column, .. }
            | ColumnChange::TypeChanged { column, .. } => column,
        }
    }
}

/// The differences between two versions of a dataset's columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaChange {
    pub changes: Vec<ColumnChange>,
}

impl SchemaChange {
    /// Compares columns by name (case-insensitive, as DuckDB resolves them).
    pub fn between(old: &[ColumnMeta], new: &[ColumnMeta]) -> Self {
        let find = |columns: &[ColumnMeta], name: &str| {
            columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
                .cloned()
        };
        let mut changes = Vec::new();
        for before in old {
            match find(new, &before.name) {
                None => changes.push(ColumnChange::Dropped {
                    column: before.name.clone(),
                    sql_type: before.sql_type.clone(),
                }),
                Some(after) if !after.sql_type.eq_ignore_ascii_case(&before.sql_type) => {
                    changes.push(ColumnChange::TypeChanged {
                        column: before.name.clone(),
                        narrowed: !widens(&before.sql_type, &after.sql_type),
                        from: before.sql_type.clone(),
                        to: after.sql_type.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        for after in new {
            if find(old, &after.name).is_none() {
                changes.push(ColumnChange::Added {
                    column: after.name.clone(),
                    sql_type: after.sql_type.clone(),
                });
            }
        }
        Self { changes }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(ColumnChange::is_breaking)
    }

    /// Columns whose change breaks readers.
    pub fn breaking_columns(&self) -> impl Iterator<Item = &str> {
        self.changes
            .iter()
            .filter(|c| c.is_breaking())
            .map(ColumnChange::column)
    }

    /// The broken columns a query of `dataset` reads: those it names, or all of them when it
    /// selects `*`. Empty when it does not read `dataset`. Matched by name, so a column of the
    /// same name from another table in the query counts too (it may break; better said twice).
    pub(crate) fn broken_columns_read_by(
        &self,
        dataset: &str,
        parsed: &ParsedSelect,
    ) -> Vec<String> {
        let dataset = dataset.to_lowercase();
        let reads = parsed
            .tables
            .iter()
            .any(|t| *t == dataset || t.rsplit('.').next() == Some(dataset.as_str()));
        if !reads {
            return Vec::new();
        }
        self.breaking_columns()
            .filter(|c| parsed.reads_all_columns || parsed.columns.contains(&c.to_lowercase()))
            .map(str::to_owned)
            .collect()
    }
}

/// A query that reads columns a refresh broke: a saved query of the workspace, or one of a
/// report's named queries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AffectedQuery {
    /// The report's file, for a report's query; `None` for a saved query.
    pub report: Option<String>,
    /// The query's name (the saved query's, or the report's key for it).
    pub query: String,
    /// The broken columns it reads, as the dataset named them.
    pub columns: Vec<String>,
}

/// [`SchemaChange::broken_columns_read_by`] for SQL text; empty for SQL that is not one
/// SELECT (a saved `CREATE TABLE …` reads nothing a refresh can break).
pub(crate) fn broken_columns_read_by(
    conn: &Connection,
    parses: &ParseMemo,
    sql: &str,
    dataset: &str,
    change: &SchemaChange,
) -> Vec<String> {
    match parses.parse(conn, sql) {
        Ok(parsed) => change.broken_columns_read_by(dataset, &parsed),
        Err(_) => Vec::new(),
    }
}

/// The saved queries that read columns `change` to `dataset` broke.
pub(crate) fn affected_saved_queries(
    conn: &Connection,
    parses: &ParseMemo,
    dataset: &str,
    change: &SchemaChange,
) -> Result<Vec<AffectedQuery>> {
    if !change.is_breaking() {
        return Ok(Vec::new());
    }
    Ok(notebook::saved(conn)?
        .into_iter()
        .filter_map(|saved| {
            let columns = broken_columns_read_by(conn, parses, &saved.sql, dataset, change);
            (!columns.is_empty()).then_some(AffectedQuery {
                report: None,
                query: saved.name,
                columns,
            })
        })
        .collect())
}

/// Whether every value of type `from` fits `to` without loss.
fn widens(from: &str, to: &str) -> bool {
    let from = from.to_ascii_uppercase();
    let to = to.to_ascii_uppercase();
    if to == "VARCHAR" {
        return true;
    }
    if let (Some(a), Some(b)) = (integer_rank(&from), integer_rank(&to)) {
        return b >= a;
    }
    if let (Some(a), Some(b)) = (decimal(&from), decimal(&to)) {
        // Integer digits and fraction digits must both fit.
        return b.0 - b.1 >= a.0 - a.1 && b.1 >= a.1;
    }
    // Integers and decimals into floating point count as widening, as analysts expect.
    let numeric_to_float = (to == "DOUBLE" || to == "FLOAT")
        && (integer_rank(&from).is_some() || decimal(&from).is_some());
    let date_to_timestamp = from == "DATE" && to.starts_with("TIMESTAMP");
    numeric_to_float
        || date_to_timestamp
        || (from == "FLOAT" && to == "DOUBLE")
        || (from == "TIMESTAMP" && to == "TIMESTAMP WITH TIME ZONE")
}

fn integer_rank(t: &str) -> Option<u8> {
    Some(match t {
        "TINYINT" => 1,
        "SMALLINT" => 2,
        "INTEGER" => 3,
        "BIGINT" => 4,
        "HUGEINT" => 5,
        _ => return None,
    })
}

/// `(precision, scale)` of a `DECIMAL(p,s)`.
fn decimal(t: &str) -> Option<(u32, u32)> {
    let inner = t.strip_prefix("DECIMAL(")?.strip_suffix(')')?;
    let (p, s) = inner.split_once(',')?;
    Some((p.trim().parse().ok()?, s.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(spec: &[(&str, &str)]) -> Vec<ColumnMeta> {
        spec.iter()
            .map(|(n, t)| ColumnMeta::from_sql_type((*n).into(), (*t).into()))
            .collect()
    }

    #[test]
    fn classifies_added_dropped_and_type_changes() {
        let old = cols(&[
            ("id", "INTEGER"),
            ("name", "VARCHAR"),
            ("amount", "DECIMAL(10,2)"),
            ("day", "DATE"),
        ]);
        let new = cols(&[
            ("id", "BIGINT"),
            ("full_name", "VARCHAR"),
            ("amount", "DECIMAL(8,2)"),
            ("DAY", "TIMESTAMP"),
            ("note", "VARCHAR"),
        ]);
        let change = SchemaChange::between(&old, &new);
        assert_eq!(
            change.changes,
            vec![
                ColumnChange::TypeChanged {
                    column: "id".into(),
                    from: "INTEGER".into(),
                    to: "BIGINT".into(),
                    narrowed: false
                },
                ColumnChange::Dropped {
                    column: "name".into(),
                    sql_type: "VARCHAR".into()
                },
                ColumnChange::TypeChanged {
                    column: "amount".into(),
                    from: "DECIMAL(10,2)".into(),
                    to: "DECIMAL(8,2)".into(),
                    narrowed: true
                },
                ColumnChange::TypeChanged {
                    column: "day".into(),
                    from: "DATE".into(),
                    to: "TIMESTAMP".into(),
                    narrowed: false
                },
                ColumnChange::Added {
                    column: "full_name".into(),
                    sql_type: "VARCHAR".into()
                },
                ColumnChange::Added {
                    column: "note".into(),
                    sql_type: "VARCHAR".into()
                },
            ]
        );
        assert!(change.is_breaking());
        assert_eq!(
            change.breaking_columns().collect::<Vec<_>>(),
            ["name", "amount"]
        );
    }

    #[test]
    fn only_added_columns_are_not_breaking() {
        let old = cols(&[("id", "BIGINT")]);
        let new = cols(&[("id", "BIGINT"), ("extra", "DOUBLE")]);
        let change = SchemaChange::between(&old, &new);
        assert!(!change.is_breaking());
        assert_eq!(change.changes.len(), 1);
        assert!(SchemaChange::between(&old, &old).is_empty());
    }

    #[test]
    fn narrowing_is_breaking() {
        for (from, to) in [
            ("BIGINT", "INTEGER"),
            ("VARCHAR", "INTEGER"),
            ("DOUBLE", "FLOAT"),
            ("TIMESTAMP", "DATE"),
            ("DOUBLE", "BIGINT"),
        ] {
            assert!(!widens(from, to), "{from} -> {to}");
        }
        for (from, to) in [
            ("INTEGER", "VARCHAR"),
            ("SMALLINT", "BIGINT"),
            ("DECIMAL(4,2)", "DECIMAL(10,2)"),
            ("FLOAT", "DOUBLE"),
        ] {
            assert!(widens(from, to), "{from} -> {to}");
        }
    }

    #[test]
    fn serializes_as_the_ui_reads_it() {
        let change = SchemaChange::between(
            &cols(&[("id", "BIGINT"), ("gone", "VARCHAR")]),
            &cols(&[("id", "INTEGER"), ("extra", "DOUBLE")]),
        );
        let json = serde_json::to_value(&change).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"changes": [
                {"change": "typeChanged", "column": "id", "from": "BIGINT", "to": "INTEGER", "narrowed": true},
                {"change": "dropped", "column": "gone", "sqlType": "VARCHAR"},
                {"change": "added", "column": "extra", "sqlType": "DOUBLE"},
            ]})
        );
    }
}
