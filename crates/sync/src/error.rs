//! The sync client's one error type.

use std::path::PathBuf;

use uuid::Uuid;

/// What can go wrong while syncing. Messages say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The hub could not be reached (or kept failing) after the retries: work stays queued.
    #[error("the hub is unreachable ({0}); your changes are kept and will sync when it is back")]
    Offline(String),
    /// The hub refused the access token even after one refresh.
    #[error("the hub refused your sign-in: sign in again")]
    Unauthorized,
    /// No access token could be obtained.
    #[error("no access token: {0}")]
    Token(String),
    /// The hub answered with an error the client cannot handle by itself.
    #[error("the hub answered {status}: {detail}")]
    Hub { status: u16, detail: String },
    /// The hub's answer did not have the expected shape.
    #[error("unexpected answer from the hub: {0}")]
    Protocol(String),
    /// A downloaded snapshot does not have the hash the hub announced; it was discarded.
    #[error(
        "the downloaded snapshot's SHA-256 is {actual}, not {expected}: it was discarded; download it again"
    )]
    HashMismatch { expected: String, actual: String },
    /// No document with this id is tracked here.
    #[error("document {0} is not in this workspace's sync state")]
    UnknownDocument(Uuid),
    /// The request cannot be made as asked.
    #[error("{0}")]
    InvalidInput(String),
    /// The document has conflicting versions waiting for the user's choice.
    #[error("document {0} has conflicting versions: choose one in the conflicts view first")]
    InConflict(Uuid),
    /// The local sync state cannot be used.
    #[error("the sync state in {path} is unreadable ({reason}): move it away to start over")]
    State { path: PathBuf, reason: String },
    /// A local file operation failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl SyncError {
    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }

    /// Whether the work can be retried later as it is (the hub was unreachable).
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Offline(_))
    }
}

/// The sync client's result type.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;
