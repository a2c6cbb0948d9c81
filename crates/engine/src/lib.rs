//! Quarry's data engine.
//!
//! A [`Workspace`] is a directory whose data lives in one DuckDB file, `quarry.duckdb`, which any
//! DuckDB client can also open. The engine runs SQL against it and returns [`QueryResult`]s with
//! typed columns, so callers never re-parse strings.

mod cache;
mod cache_scope;
mod cancel;
mod catalog;
mod error;
mod explain;
mod export;
pub mod import;
mod notebook;
pub mod pii;
mod pool;
pub mod profile;
mod query;
mod runner;
mod sample;
mod sandbox;
mod schema_change;
mod schema_info;
mod settings;
mod sql_ast;
mod statements;
mod workspace;

pub use cache::{CacheOutcome, CacheStats};
pub use cancel::{CancelToken, ProgressFn};
pub use catalog::{DatasetInfo, dataset_name_from, quote_identifier, validate_dataset_name};
pub use error::{EngineError, Result};
pub use export::{BatchStream, CopyFormat};
pub use notebook::{HISTORY_LIMIT, HistoryEntry, Outcome, SavedQuery};
pub use query::{ArrowResult, Cell, ColumnKind, ColumnMeta, QueryOptions, QueryResult};
pub use runner::Param;
pub use sample::{DASHBOARD_SQL, SALES_SQL};
pub use schema_change::{AffectedQuery, ColumnChange, SchemaChange};
pub use schema_info::{EngineStatus, SortOrder, SqlCompletions, TableCompletion};
pub use settings::WorkspaceSettings;
pub use statements::split_statements;
pub use workspace::{ChangeEvent, DATABASE_FILE, TableInfo, Workspace};
