//! quarry-hub: the hosted API Quarry's desktop clients sync with.
//!
//! An axum server over PostgreSQL (sqlx, row-level security per tenant) and object storage
//! (dataset snapshots). Callers present OIDC access tokens; tenant and user come from their
//! claims. See docs/hub.md.

mod access;
mod api;
mod audit;
mod auth;
pub mod config;
mod db;
mod diff;
mod error;
mod feed;
mod idempotency;
mod mentions;
mod openapi;
mod range;
mod ratelimit;
mod server;
mod state;
mod storage;
mod write;

pub use config::{Config, LogFormat};
pub use error::{HubError, Problem, Result};
pub use server::{RunningHub, start};

/// The OpenAPI document of this build, pretty-printed.
pub fn openapi_json() -> String {
    openapi::json()
}

/// Connects to the database and applies pending migrations (`quarry-hub migrate`).
pub async fn migrate(config: &Config) -> Result<()> {
    let db = db::Db::connect(&config.database_url, 1).await?;
    db.migrate().await
}
