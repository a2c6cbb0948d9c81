//! The state every handler shares.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::{Directory, TokenVerifier};
use crate::config::Config;
use crate::db::Db;
use crate::feed::FeedNotifier;
use crate::ratelimit::RateLimiter;
use crate::storage::SnapshotStore;

/// Shared, cheaply cloned state of a running hub.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] holds.
pub struct Shared {
    pub config: Config,
    pub db: Db,
    pub verifier: TokenVerifier,
    pub directory: Directory,
    pub limiter: RateLimiter,
    pub store: SnapshotStore,
    pub feed: FeedNotifier,
    /// Cancelled when the hub stops: live streams end.
    pub shutdown: tokio_util::sync::CancellationToken,
}

impl AppState {
    /// Wraps the parts.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
