//! quarry-sync: the desktop client's offline-first sync with the hub (`quarry-hub`).
//!
//! Local edits to synced documents go to an outbox in the workspace (`sync/state.json`) at once,
//! online or not. [`SyncSession::sync`] pushes the outbox (each entry with its own idempotency
//! key and the known version as `If-Match`), merging stale edits three ways with the hub's
//! version and keeping both versions as a [`Conflict`] where edits overlap, then pulls the change
//! feed. Requests retry with backoff and jitter, honour `Retry-After` and refresh the token once
//! on 401. Snapshots download resumably into the offline cache, verified by SHA-256.

mod client;
mod error;
mod files;
mod hub_api;
pub mod merge;
mod pull;
mod push;
mod retry;
mod session;
mod snapshots;
mod state;

pub use client::{Answer, Call, HubClient, StaticToken, TokenSource};
pub use error::{Result, SyncError};
pub use files::{FileFormat, MirrorReport, StaleFile};
pub use hub_api::{CommentThread, DocumentVersion, HubComment, HubWorkspace};
pub use pull::PullReport;
pub use push::PushReport;
pub use retry::RetryPolicy;
pub use session::{Resolution, SyncReport, SyncSession, SyncStatus};
pub use snapshots::{CachedSnapshot, download_snapshot, upload_snapshot};
pub use state::{Base, Conflict, Content, FileLink, LocalDocument, StateFile};
