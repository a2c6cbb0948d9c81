//! Per-workspace engine settings, kept in the workspace's metadata and applied when it opens.

use duckdb::{Connection, OptionalExt, params};
use serde::{Deserialize, Serialize};

use crate::catalog::quote_literal;
use crate::error::{EngineError, Result};

/// How much of the machine DuckDB may use for this workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceSettings {
    /// DuckDB's memory limit, e.g. `4GB` or `75%`; DuckDB's default (80% of RAM) when unset.
    pub memory_limit: Option<String>,
    /// Worker threads; one per core when unset.
    pub threads: Option<u32>,
}

impl WorkspaceSettings {
    /// Reads the stored settings.
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let get = |key: &str| -> Result<Option<String>> {
            Ok(conn
                .query_row(
                    "SELECT value FROM _quarry.meta WHERE key = ?",
                    params![key],
                    |row| row.get(0),
                )
                .optional()?)
        };
        let threads = match get("threads")? {
            Some(text) => Some(text.parse().map_err(|_| EngineError::InvalidSetting {
                setting: "threads",
                value: text,
            })?),
            None => None,
        };
        Ok(Self {
            memory_limit: get("memory_limit")?,
            threads,
        })
    }

    /// Checks the values, stores them, and applies them to the open database.
    pub(crate) fn save(&self, conn: &Connection) -> Result<()> {
        self.validate()?;
        let store = |key: &str, value: Option<String>| -> Result<()> {
            match value {
                Some(value) => conn.execute(
                    "INSERT OR REPLACE INTO _quarry.meta VALUES (?, ?)",
                    params![key, value],
                )?,
                None => conn.execute("DELETE FROM _quarry.meta WHERE key = ?", params![key])?,
            };
            Ok(())
        };
        store("memory_limit", self.memory_limit.clone())?;
        store("threads", self.threads.map(|t| t.to_string()))?;
        self.apply(conn)
    }

    /// Sets DuckDB's options for the whole database.
    pub(crate) fn apply(&self, conn: &Connection) -> Result<()> {
        if let Some(limit) = &self.memory_limit {
            conn.execute_batch(&format!("SET memory_limit = {}", quote_literal(limit)))?;
        }
        if let Some(threads) = self.threads {
            conn.execute_batch(&format!("SET threads = {threads}"))?;
        }
        Ok(())
    }

    fn validate(&self) -> Result<()> {
        if let Some(limit) = &self.memory_limit {
            let digits = limit.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
            let unit = limit[digits.len()..].to_ascii_uppercase();
            let known = ["B", "KB", "MB", "GB", "TB", "KIB", "MIB", "GIB", "TIB", "%"];
            if digits.trim().parse::<f64>().is_err() || !known.contains(&unit.as_str()) {
                return Err(EngineError::InvalidSetting {
                    setting: "memory_limit",
                    value: limit.clone(),
                });
            }
        }
        if self.threads == Some(0) {
            return Err(EngineError::InvalidSetting {
                setting: "threads",
                value: "0".into(),
            });
        }
        Ok(())
    }
}
