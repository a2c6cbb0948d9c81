use std::path::PathBuf;

/// Everything that can go wrong in the engine, phrased for the person who has to fix it.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("workspace {} does not exist; create it with `quarry --workspace {} init`", .0.display(), .0.display())]
    WorkspaceMissing(PathBuf),

    #[error("{} is a file, not a workspace directory; pass the directory that holds quarry.duckdb", .0.display())]
    WorkspaceIsFile(PathBuf),

    #[error("{} is not a Quarry workspace (it has no quarry.duckdb); run `quarry --workspace {} init` to create one", .0.display(), .0.display())]
    NotAWorkspace(PathBuf),

    #[error("{} should be the workspace's database file but is a directory; move it away and run init again", .0.display())]
    DatabaseIsDirectory(PathBuf),

    #[error("{} is not a readable DuckDB database (it may be corrupt or written by a newer DuckDB): {message}", .path.display())]
    CorruptDatabase { path: PathBuf, message: String },

    #[error("{} is open in another Quarry or DuckDB process; close it there and try again ({message})", .path.display())]
    WorkspaceLocked { path: PathBuf, message: String },

    #[error("{} was written by a newer Quarry (format {found}, this build reads up to {supported}); update Quarry", .path.display())]
    NewerFormat {
        path: PathBuf,
        found: String,
        supported: u32,
    },

    #[error("{message}")]
    Sql { message: String },

    #[error("this query cannot run here: {reason}")]
    NotReadOnly { reason: String },

    #[error("cancelled; nothing was changed")]
    Cancelled,

    #[error(
        "the query returns more than {limit} rows, too many to draw or export at once; aggregate it (GROUP BY) or add a LIMIT"
    )]
    TooManyRows { limit: u64 },

    #[error(
        "{name:?} cannot name a dataset: use letters, digits and _, start with a letter, at most 63 characters"
    )]
    InvalidName { name: String },

    #[error(
        "a table named {name} already exists and is not an imported dataset; choose another name with --name"
    )]
    NameTaken { name: String },

    #[error("{} is empty; there is nothing to import", .0.display())]
    EmptySource(PathBuf),

    #[error("no files match {0}")]
    NoFilesMatch(String),

    #[error("cannot tell the format of {} from its name; pass the format explicitly (csv, tsv, parquet, json, excel)", .0.display())]
    UnknownFormat(PathBuf),

    #[error("{} holds files of several formats ({formats}); import a glob such as DIR/*.csv instead", .path.display())]
    MixedFolder { path: PathBuf, formats: String },

    #[error("{0} matches several files, but a workbook import reads exactly one")]
    NeedsSingleFile(String),

    #[error("{value:?} is not a valid {setting}")]
    InvalidSetting {
        setting: &'static str,
        value: String,
    },

    #[error("DuckDB has already spilled to {}; the new temp directory applies when the workspace is opened again", .0.display())]
    SpillDirectoryInUse(PathBuf),

    #[error("no dataset named {0}")]
    NoSuchDataset(String),

    /// A request the engine cannot act on, with what to do instead.
    #[error("{0}")]
    InvalidInput(String),

    #[error("{action} {}: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The engine's result type.
pub type Result<T, E = EngineError> = std::result::Result<T, E>;

impl From<duckdb::Error> for EngineError {
    fn from(error: duckdb::Error) -> Self {
        EngineError::Sql {
            message: sql_message(&error),
        }
    }
}

impl From<duckdb::arrow::error::ArrowError> for EngineError {
    fn from(error: duckdb::arrow::error::ArrowError) -> Self {
        EngineError::Sql {
            message: format!("cannot convert the result: {error}"),
        }
    }
}

/// Longest line kept in an error message (DuckDB quotes whole CSV lines, which can be megabytes).
const MAX_MESSAGE_LINE: usize = 300;
/// Most lines kept in an error message.
const MAX_MESSAGE_LINES: usize = 40;

/// DuckDB's own message, without the Rust wrapper's decoration, with overlong lines cut.
pub(crate) fn sql_message(error: &duckdb::Error) -> String {
    let message = match error {
        duckdb::Error::DuckDBFailure(_, Some(message)) => message.clone(),
        other => other.to_string(),
    };
    let mut lines: Vec<String> = message
        .lines()
        .take(MAX_MESSAGE_LINES)
        .map(|line| match line.char_indices().nth(MAX_MESSAGE_LINE) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line.to_owned(),
        })
        .collect();
    if message.lines().count() > MAX_MESSAGE_LINES {
        lines.push("…".to_owned());
    }
    lines.join("\n").trim_end().to_owned()
}
