//! Per-workspace engine settings, kept in the workspace's metadata and applied when it opens.

use std::path::{Path, PathBuf};

use duckdb::{Connection, OptionalExt, params};
use serde::{Deserialize, Serialize};

use crate::catalog::quote_literal;
use crate::error::{EngineError, Result};

/// How DuckDB refuses to move its spill folder once it has spilled.
const SPILL_IN_USE_MESSAGE: &str = "Cannot switch temporary directory";

/// The folder inside a workspace DuckDB spills to when no temp directory is set.
pub const DEFAULT_SPILL_DIR: &str = ".tmp";

/// How much of the machine DuckDB may use for this workspace, and where it spills.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceSettings {
    /// DuckDB's memory limit, e.g. `4GB` or `75%`; DuckDB's default (80% of RAM) when unset.
    pub memory_limit: Option<String>,
    /// Worker threads; one per core when unset.
    pub threads: Option<u32>,
    /// An absolute directory for the files DuckDB spills to when a query outgrows the memory
    /// limit (a larger or faster disk); [`DEFAULT_SPILL_DIR`] in the workspace when unset.
    pub temp_directory: Option<PathBuf>,
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
            temp_directory: get("temp_directory")?.map(PathBuf::from),
        })
    }

    /// Checks the values, applies them to the open database and stores them. A spill folder
    /// DuckDB cannot leave yet is stored for the next open, and the error says so.
    pub(crate) fn save(&self, conn: &Connection, workspace_dir: &Path) -> Result<()> {
        self.validate()?;
        let applied = self.apply(conn, workspace_dir);
        if let Err(error) = &applied
            && !matches!(error, EngineError::SpillDirectoryInUse(_))
        {
            return applied;
        }
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
        let temp = self.temp_directory.as_ref();
        store("temp_directory", temp.map(|d| d.to_string_lossy().into()))?;
        applied
    }

    /// Sets DuckDB's options for the whole database; an unset one goes back to its default.
    pub(crate) fn apply(&self, conn: &Connection, workspace_dir: &Path) -> Result<()> {
        match &self.memory_limit {
            Some(limit) => {
                conn.execute_batch(&format!("SET memory_limit = {}", quote_literal(limit)))?
            }
            None => conn.execute_batch("RESET memory_limit")?,
        }
        match self.threads {
            Some(threads) => conn.execute_batch(&format!("SET threads = {threads}"))?,
            None => conn.execute_batch("RESET threads")?,
        }
        let spill = self.spill_directory(workspace_dir);
        let current: String =
            conn.query_row("SELECT current_setting('temp_directory')", [], |row| {
                row.get(0)
            })?;
        if Path::new(&current) != spill {
            conn.execute_batch(&format!(
                "SET temp_directory = {}",
                quote_literal(&spill.to_string_lossy())
            ))
            .map_err(|error| {
                if error.to_string().contains(SPILL_IN_USE_MESSAGE) {
                    EngineError::SpillDirectoryInUse(PathBuf::from(current))
                } else {
                    EngineError::from(error)
                }
            })?;
        }
        Ok(())
    }

    /// Where DuckDB spills for the workspace in `workspace_dir`.
    pub fn spill_directory(&self, workspace_dir: &Path) -> PathBuf {
        self.temp_directory
            .clone()
            .unwrap_or_else(|| workspace_dir.join(DEFAULT_SPILL_DIR))
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
        if let Some(dir) = &self.temp_directory
            && (!dir.is_absolute() || dir.exists() && !dir.is_dir())
        {
            return Err(EngineError::InvalidSetting {
                setting: "temp directory (an absolute path to a folder)",
                value: dir.to_string_lossy().into(),
            });
        }
        Ok(())
    }
}
