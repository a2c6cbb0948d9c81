//! Whole results for exporters: streamed batch by batch (never all in memory), or written by
//! DuckDB itself to CSV or Parquet through a temporary file that is renamed into place.

use std::path::Path;

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::params_from_iter;

use crate::cancel::{self, CancelToken};
use crate::error::{EngineError, Result};
use crate::runner::Param;
use crate::workspace::Workspace;

/// The file formats DuckDB writes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyFormat {
    /// Comma-separated, with a header row, ISO dates.
    Csv,
    /// Apache Parquet, zstd-compressed.
    Parquet,
}

impl CopyFormat {
    fn options(self) -> &'static str {
        match self {
            CopyFormat::Csv => "FORMAT csv, HEADER true",
            CopyFormat::Parquet => "FORMAT parquet, COMPRESSION zstd",
        }
    }
}

/// The batches of a running query, handed to the consumer of [`Workspace::stream_sandboxed`].
pub type BatchStream<'a> = &'a mut dyn Iterator<Item = Result<RecordBatch>>;

impl Workspace {
    /// The names of a query's placeholders in binding order: `from` for `$from`, `1` for `$1`
    /// or `?`. A name used twice is one placeholder.
    pub fn parameter_names(&self, sql: &str) -> Result<Vec<String>> {
        let conn = self.connection()?;
        let stmt = conn.prepare(sql)?;
        (1..=stmt.parameter_count())
            .map(|i| stmt.parameter_name(i).map_err(EngineError::from))
            .collect()
    }

    /// Runs a sandboxed SELECT (see [`Workspace::query_sandboxed`]) and hands its batches to
    /// `consume` as DuckDB produces them, bypassing the cache, so results of any size flow to an
    /// exporter in constant memory. Cancelling interrupts DuckDB and ends the stream with
    /// [`EngineError::Cancelled`].
    pub fn stream_sandboxed<T>(
        &self,
        sql: &str,
        params: &[Param],
        cancel: &CancelToken,
        consume: impl FnOnce(SchemaRef, BatchStream<'_>) -> Result<T>,
    ) -> Result<T> {
        let conn = self.connection()?;
        self.parse_sandboxed(&conn, sql)?;
        let work = || -> Result<T> {
            let mut stmt = conn.prepare(sql)?;
            let stream = stmt.stream_arrow(params_from_iter(params))?;
            let schema = stream.get_schema();
            let mut batches = stream.map(|batch| match cancel.is_cancelled() {
                true => Err(EngineError::Cancelled),
                false => batch.map_err(EngineError::from),
            });
            consume(schema, &mut batches)
        };
        cancel::watch(&conn, cancel, &|_| {}, work).map_err(|e| {
            if cancel.is_cancelled() {
                EngineError::Cancelled
            } else {
                e
            }
        })
    }

    /// Writes the result of a sandboxed SELECT to `path` as CSV or Parquet with DuckDB's own
    /// writers. The file appears complete or not at all; returns the rows written.
    pub fn copy_sandboxed_to(
        &self,
        sql: &str,
        format: CopyFormat,
        path: &Path,
        cancel: &CancelToken,
    ) -> Result<u64> {
        let conn = self.connection()?;
        self.parse_sandboxed(&conn, sql)?;
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let io = |action, source| EngineError::Io {
            action,
            path: path.to_path_buf(),
            source,
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".quarry-export-");
        #[cfg(unix)]
        {
            // An ordinary file once renamed (0666 less the umask), not a private 0600 one.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder
            .tempfile_in(dir)
            .map_err(|e| io("cannot write", e))?;
        let temp_path = temp.path().to_string_lossy().replace('\'', "''");
        let select = sql.trim().trim_end_matches(';');
        // Newlines keep a trailing `--` comment of the SELECT from swallowing the parenthesis.
        let copy = format!(
            "COPY (\n{select}\n) TO '{temp_path}' ({})",
            format.options()
        );
        let rows =
            cancel::watch(&conn, cancel, &|_| {}, || conn.execute(&copy, [])).map_err(|e| {
                match cancel.is_cancelled() {
                    true => EngineError::Cancelled,
                    false => EngineError::from(e),
                }
            })?;
        temp.persist(path)
            .map_err(|e| io("cannot write", e.error))?;
        Ok(rows as u64)
    }
}
