//! Liveness and readiness probes.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// A probe's answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or what is wrong.
    pub status: String,
}

/// The process is up.
#[utoipa::path(get, operation_id = "healthz", path = "/healthz", tag = "health", security(),
    responses((status = 200, body = Health)))]
pub async fn healthz() -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok".into(),
    })
}

/// How long a readiness probe waits for the database and the object store.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// The hub can serve requests: its database and its object store answer.
#[utoipa::path(get, operation_id = "readyz", path = "/readyz", tag = "health", security(),
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, axum::Json<Health>) {
    let (db, store) = tokio::join!(
        tokio::time::timeout(PROBE_TIMEOUT, state.db.ping()),
        tokio::time::timeout(PROBE_TIMEOUT, state.store.check()),
    );
    let problem = match (db, store) {
        (Ok(Ok(())), Ok(Ok(()))) => None,
        (Ok(Err(error)), _) => {
            tracing::warn!(%error, "readiness: the database failed");
            Some("the database does not answer")
        }
        (Err(_), _) => Some("the database does not answer"),
        (_, Ok(Err(error))) => {
            tracing::warn!(%error, "readiness: the object store failed");
            Some("the object store does not answer")
        }
        (_, Err(_)) => Some("the object store does not answer"),
    };
    match problem {
        None => (
            StatusCode::OK,
            axum::Json(Health {
                status: "ok".into(),
            }),
        ),
        Some(problem) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(Health {
                status: problem.into(),
            }),
        ),
    }
}
