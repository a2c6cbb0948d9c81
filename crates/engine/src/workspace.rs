//! Workspaces: a directory holding one DuckDB file plus Quarry's metadata schema inside it.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use duckdb::{Connection, params};
use serde::Serialize;

use crate::cache::{CACHE_DDL, CacheStats, DEFAULT_MEMORY_BYTES, ResultCache};
use crate::cache_scope::ScopeMemo;
use crate::cancel::{CancelToken, ProgressFn};
use crate::catalog::{self, CATALOG_DDL, DatasetInfo, METADATA_SCHEMA};
use crate::error::{EngineError, Result, sql_message};
use crate::import::{self, ImportOptions, ImportReport, Source};
use crate::notebook::{self, HistoryEntry, NOTEBOOK_DDL, Outcome, SavedQuery};
use crate::pool::{Pool, PooledConnection};
use crate::profile::{self, ProfileOptions, TableProfile};
use crate::query::{ArrowResult, ColumnMeta, QueryOptions, QueryResult};
use crate::runner::{self, Param, Run};
use crate::sample::SALES_SQL;
use crate::schema_change::{self, SchemaChange};
use crate::schema_info::{self, EngineStatus, SortOrder, SqlCompletions};
use crate::settings::WorkspaceSettings;
use crate::{explain, sandbox, sql_ast};

/// The name of the database file inside a workspace directory.
pub const DATABASE_FILE: &str = "quarry.duckdb";

/// The newest metadata layout this build understands.
const FORMAT_VERSION: u32 = 1;

/// An open workspace. `Send + Sync`: share it behind an `Arc`; every call takes a connection
/// from an internal pool, so calls from several threads run side by side.
pub struct Workspace {
    dir: PathBuf,
    pool: Pool,
    cache: ResultCache,
    parses: sql_ast::ParseMemo,
    scopes: ScopeMemo,
    subscribers: Mutex<Vec<Sender<ChangeEvent>>>,
}

/// Something changed in the workspace's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ChangeEvent {
    /// A dataset was imported for the first time or refreshed.
    DatasetChanged { name: String, version: u64 },
}

/// A table or view as the sidebar lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableInfo {
    /// `table` for tables in `main`, `schema.table` otherwise.
    pub name: String,
    pub is_view: bool,
    /// Row count of a table (DuckDB's storage count); `None` for views.
    pub row_count: Option<u64>,
    pub columns: Vec<ColumnMeta>,
}

impl Workspace {
    /// Opens an existing workspace directory.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        match fs::metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(EngineError::WorkspaceIsFile(dir)),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(EngineError::WorkspaceMissing(dir));
            }
            Err(source) => return Err(io_error("cannot read", &dir, source)),
        }
        let db = dir.join(DATABASE_FILE);
        match fs::metadata(&db) {
            Ok(meta) if meta.is_dir() => return Err(EngineError::DatabaseIsDirectory(db)),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(EngineError::NotAWorkspace(dir));
            }
            Err(source) => return Err(io_error("cannot read", &db, source)),
        }
        Self::connect(dir)
    }

    /// Creates a workspace directory (owner-only permissions), or opens it if it already exists.
    pub fn create(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        if dir.is_file() {
            return Err(EngineError::WorkspaceIsFile(dir));
        }
        if !dir.exists() {
            create_private_dir(&dir)?;
        }
        let db = dir.join(DATABASE_FILE);
        if db.is_dir() {
            return Err(EngineError::DatabaseIsDirectory(db));
        }
        let is_new = !db.exists();
        let workspace = Self::connect(dir)?;
        if is_new {
            restrict_to_owner(&db)?;
        }
        Ok(workspace)
    }

    fn connect(dir: PathBuf) -> Result<Self> {
        let db = dir.join(DATABASE_FILE);
        let conn = Connection::open(&db).map_err(|e| open_error(&db, &e))?;
        prepare_database(&conn, &dir)?;
        tracing::debug!(path = %db.display(), "opened workspace");
        Ok(Self {
            dir,
            pool: Pool::new(conn),
            cache: ResultCache::new(DEFAULT_MEMORY_BYTES),
            parses: sql_ast::ParseMemo::default(),
            scopes: ScopeMemo::default(),
            subscribers: Mutex::new(Vec::new()),
        })
    }

    /// The workspace directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of the workspace's DuckDB file.
    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    pub(crate) fn connection(&self) -> Result<PooledConnection<'_>> {
        self.pool.get()
    }

    /// The engine settings stored in this workspace.
    pub fn settings(&self) -> Result<WorkspaceSettings> {
        let conn = self.connection()?;
        WorkspaceSettings::load(&conn)
    }

    /// Applies and stores new engine settings.
    pub fn set_settings(&self, settings: &WorkspaceSettings) -> Result<()> {
        let conn = self.connection()?;
        settings.save(&conn, &self.dir)
    }

    /// (Re)creates the deterministic sample `sales` table with `rows` rows.
    pub fn load_sample(&self, rows: u64) -> Result<()> {
        let conn = self.connection()?;
        conn.execute_batch(&format!("SET VARIABLE n = {rows};\n{SALES_SQL}"))?;
        self.after_write(&conn)
    }

    /// The user's tables and views (Quarry's metadata hidden), sorted by name.
    pub fn tables(&self) -> Result<Vec<TableInfo>> {
        let conn = self.connection()?;
        let mut stmt = conn.prepare(
            "SELECT schema_name, table_name, false AS is_view, estimated_size::UBIGINT AS row_count
               FROM duckdb_tables()
              WHERE database_name = current_database() AND NOT temporary AND NOT starts_with(schema_name, ?)
             UNION ALL
             SELECT schema_name, view_name, true, NULL
               FROM duckdb_views()
              WHERE database_name = current_database() AND NOT internal AND NOT temporary
                AND NOT starts_with(schema_name, ?)
             ORDER BY 1, 2",
        )?;
        let rows = stmt
            .query_map(params![METADATA_SCHEMA, METADATA_SCHEMA], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, Option<u64>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut tables = rows
            .into_iter()
            .map(|(schema, table, is_view, row_count)| {
                let columns = catalog::table_columns(&conn, &schema, &table)?;
                let name = if schema == "main" {
                    table
                } else {
                    format!("{schema}.{table}")
                };
                Ok(TableInfo {
                    name,
                    is_view,
                    row_count,
                    columns,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(tables)
    }

    /// The imported datasets with their versions.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        let conn = self.connection()?;
        catalog::datasets(&conn)
    }

    /// Imports (or refreshes) a dataset from a file, folder or glob. Atomic: on error or
    /// cancellation the previous version stays as it was.
    pub fn import(
        &self,
        source: &str,
        options: &ImportOptions,
        cancel: &CancelToken,
        progress: ProgressFn<'_>,
    ) -> Result<ImportReport> {
        let conn = self.connection()?;
        let source = Source::resolve(&conn, source, options.format)?;
        let mut report = import::import(&conn, &source, options, cancel, progress)?;
        self.cache.invalidate_table(&conn, &report.dataset.name)?;
        report.affected = schema_change::affected_saved_queries(
            &conn,
            &self.parses,
            &report.dataset.name,
            &report.schema_change,
        )?;
        self.emit(ChangeEvent::DatasetChanged {
            name: report.dataset.name.clone(),
            version: report.dataset.version,
        });
        Ok(report)
    }

    /// The columns broken by `change` to `dataset` that `sql` reads (see
    /// [`AffectedQuery`]); empty when the change breaks nothing or `sql` is not one SELECT.
    pub fn broken_columns_read_by(
        &self,
        sql: &str,
        dataset: &str,
        change: &SchemaChange,
    ) -> Result<Vec<String>> {
        if !change.is_breaking() {
            return Ok(Vec::new());
        }
        let conn = self.connection()?;
        Ok(schema_change::broken_columns_read_by(
            &conn,
            &self.parses,
            sql,
            dataset,
            change,
        ))
    }

    /// Events for every later change; the receiver may be dropped at any time.
    pub fn subscribe(&self) -> Receiver<ChangeEvent> {
        let (sender, receiver) = channel();
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(sender);
        receiver
    }

    fn emit(&self, event: ChangeEvent) {
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|subscriber| subscriber.send(event.clone()).is_ok());
    }

    /// Runs SQL typed by the user (earlier statements run first; the last one's rows are
    /// returned). A single SELECT is answered from the cache when it can be.
    pub fn query(&self, sql: &str, options: &QueryOptions) -> Result<QueryResult> {
        self.query_with(sql, options, &CancelToken::new(), &|_| {})
    }

    /// [`Workspace::query`] with cancellation and progress.
    pub fn query_with(
        &self,
        sql: &str,
        options: &QueryOptions,
        cancel: &CancelToken,
        progress: ProgressFn<'_>,
    ) -> Result<QueryResult> {
        let conn = self.connection()?;
        let parsed = self.parses.parse(&conn, sql).ok();
        let cache = match &parsed {
            Some(parsed) if options.use_cache => {
                self.scopes.cache_scope(&conn, sql, parsed, &[])?
            }
            _ => None,
        };
        let run = Run {
            sql,
            params: &[],
            cache,
            options,
        };
        let result = runner::execute(&conn, &self.cache, &run, cancel, progress);
        if parsed.is_none() {
            // Anything but a single SELECT may have written: no earlier cache entry holds.
            self.after_write(&conn)?;
        }
        result
    }

    /// Runs SQL that comes from a report, dashboard, alert or sync rather than from the person
    /// at the keyboard: exactly one SELECT that reads only this workspace's tables, with
    /// `params` bound to its placeholders. See the `sandbox` module for the rules.
    pub fn query_sandboxed(
        &self,
        sql: &str,
        params: &[Param],
        options: &QueryOptions,
    ) -> Result<QueryResult> {
        let conn = self.connection()?;
        let parsed = self.parse_sandboxed(&conn, sql)?;
        let cache = match options.use_cache {
            true => self.scopes.cache_scope(&conn, sql, &parsed, params)?,
            false => None,
        };
        let run = Run {
            sql,
            params,
            cache,
            options,
        };
        runner::execute(&conn, &self.cache, &run, &CancelToken::new(), &|_| {})
    }

    /// [`Workspace::query_sandboxed`] returning the whole result as Arrow batches (what charts
    /// and exports read), up to `max_rows` rows.
    pub fn query_arrow_sandboxed(
        &self,
        sql: &str,
        params: &[Param],
        max_rows: u64,
        cancel: &CancelToken,
    ) -> Result<ArrowResult> {
        let conn = self.connection()?;
        let parsed = self.parse_sandboxed(&conn, sql)?;
        let cache = self.scopes.cache_scope(&conn, sql, &parsed, params)?;
        let options = QueryOptions::default();
        let run = Run {
            sql,
            params,
            cache,
            options: &options,
        };
        runner::execute_arrow(&conn, &self.cache, &run, cancel, max_rows)
    }

    /// Runs one SELECT under `EXPLAIN ANALYZE` and returns DuckDB's plan with the time and row
    /// count of every operator. The query really runs (never from the cache).
    pub fn explain_analyze(&self, sql: &str, cancel: &CancelToken) -> Result<String> {
        let conn = self.connection()?;
        explain::explain_analyze(&conn, sql, cancel, &|_| {})
    }

    /// Column statistics and personal-data matches of a table, view or dataset.
    pub fn profile(&self, table: &str, options: &ProfileOptions) -> Result<TableProfile> {
        let conn = self.connection()?;
        profile::profile_table(&conn, table, options)
    }

    /// Hits, misses and sizes of the result cache.
    pub fn cache_stats(&self) -> Result<CacheStats> {
        let conn = self.connection()?;
        self.cache.stats(&conn)
    }

    /// Empties the result cache (memory and workspace).
    pub fn clear_cache(&self) -> Result<()> {
        let conn = self.connection()?;
        self.cache.clear(&conn)
    }

    /// Parses `sql` and refuses it unless it passes the sandbox (see the `sandbox` module).
    pub(crate) fn parse_sandboxed(
        &self,
        conn: &Connection,
        sql: &str,
    ) -> Result<sql_ast::ParsedSelect> {
        let parsed = self.parses.parse(conn, sql)?;
        sandbox::check(conn, &parsed)?;
        Ok(parsed)
    }

    /// Adds a run of the SQL editor to the history (the newest [`notebook::HISTORY_LIMIT`] are
    /// kept).
    pub fn record_history(&self, sql: &str, elapsed_ms: f64, outcome: Outcome) -> Result<()> {
        notebook::record(&*self.connection()?, sql, elapsed_ms, outcome)
    }

    /// The SQL editor's history, newest first.
    pub fn history(&self) -> Result<Vec<HistoryEntry>> {
        notebook::history(&*self.connection()?)
    }

    /// The saved queries, by name.
    pub fn saved_queries(&self) -> Result<Vec<SavedQuery>> {
        notebook::saved(&*self.connection()?)
    }

    /// Saves `sql` as `name`, replacing a query saved under that name.
    pub fn save_query(&self, name: &str, sql: &str) -> Result<SavedQuery> {
        notebook::save(&*self.connection()?, name, sql)
    }

    /// Deletes the saved query `name`.
    pub fn delete_saved_query(&self, name: &str) -> Result<()> {
        notebook::delete(&*self.connection()?, name)
    }

    /// `sql` (one SELECT) with its rows ordered by the result column `order.column`.
    pub fn sorted_sql(&self, sql: &str, order: &SortOrder) -> Result<String> {
        let conn = self.connection()?;
        schema_info::sorted_sql(&conn, &self.parses, sql, order)
    }

    /// What the SQL editor completes: tables with their columns, functions and keywords.
    pub fn sql_completions(&self) -> Result<SqlCompletions> {
        schema_info::completions(&*self.connection()?, self.tables()?)
    }

    /// Memory DuckDB holds and how well the result cache does.
    pub fn status(&self) -> Result<EngineStatus> {
        schema_info::status(&*self.connection()?, &self.cache_stats()?)
    }

    /// Bytes each table of `main` takes in the database file (whole blocks, an estimate).
    pub fn table_sizes(&self) -> Result<std::collections::BTreeMap<String, u64>> {
        schema_info::table_sizes(&*self.connection()?)
    }

    fn after_write(&self, conn: &Connection) -> Result<()> {
        catalog::bump_write_epoch(conn)?;
        self.cache.clear(conn)
    }
}

/// Creates Quarry's metadata if missing, checks its version and applies the stored settings
/// (which point DuckDB's spill files into the workspace unless told otherwise).
fn prepare_database(conn: &Connection, dir: &Path) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE SCHEMA IF NOT EXISTS {METADATA_SCHEMA};
         CREATE TABLE IF NOT EXISTS {METADATA_SCHEMA}.meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
         INSERT OR IGNORE INTO {METADATA_SCHEMA}.meta VALUES ('format_version', '{FORMAT_VERSION}');
         {CATALOG_DDL}
         {CACHE_DDL}
         {NOTEBOOK_DDL}"
    ))?;
    let version: String = conn.query_row(
        &format!("SELECT value FROM {METADATA_SCHEMA}.meta WHERE key = 'format_version'"),
        [],
        |row| row.get(0),
    )?;
    match version.parse::<u32>() {
        Ok(v) if v <= FORMAT_VERSION => {}
        _ => {
            return Err(EngineError::NewerFormat {
                path: dir.join(DATABASE_FILE),
                found: version,
                supported: FORMAT_VERSION,
            });
        }
    }
    conn.execute_batch(
        "SET autoinstall_known_extensions = false;
         SET autoload_known_extensions = false;",
    )?;
    WorkspaceSettings::load(conn)?.apply(conn, dir)
}

fn open_error(db: &Path, error: &duckdb::Error) -> EngineError {
    let message = sql_message(error);
    if message.contains("Could not set lock") || message.contains("Conflicting lock") {
        EngineError::WorkspaceLocked {
            path: db.to_path_buf(),
            message,
        }
    } else {
        EngineError::CorruptDatabase {
            path: db.to_path_buf(),
            message,
        }
    }
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> EngineError {
    EngineError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|source| io_error("cannot create workspace directory", dir, source))
}

fn restrict_to_owner(file: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(file, fs::Permissions::from_mode(0o600))
            .map_err(|source| io_error("cannot restrict permissions of", file, source))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}
