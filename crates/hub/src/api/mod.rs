//! The HTTP API: routes, and the middleware around them.

/// The columns a [`documents::Document`] is read from.
macro_rules! document_columns {
    () => {
        "id, workspace_id, kind, title, version, body, created_by, created_at, updated_by, updated_at"
    };
}

pub mod audit;
pub mod automations;
pub mod changes;
pub mod comments;
pub mod documents;
mod extract;
pub mod health;
pub mod history;
pub mod members;
pub mod snapshots;
mod versioning;
pub mod workspaces;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth;
use crate::error::HubError;
use crate::state::AppState;

const WORKSPACE: &str = "/workspaces/{workspace_id}";
const DOCUMENT: &str = "/workspaces/{workspace_id}/documents/{document_id}";

/// Every route of the hub over `state`.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let json_limit = state.config.limits.json_bytes;
    let authenticated = Router::new()
        .route("/me", get(workspaces::me))
        .route(
            "/workspaces",
            get(workspaces::list).post(workspaces::create),
        )
        .route(WORKSPACE, get(workspaces::get).delete(workspaces::delete))
        .route(
            &format!("{WORKSPACE}/members"),
            get(members::list).put(members::put),
        )
        .route(
            &format!("{WORKSPACE}/members/{{user_id}}"),
            delete(members::remove),
        )
        .route(
            &format!("{WORKSPACE}/documents"),
            get(documents::list).post(documents::create),
        )
        .route(
            DOCUMENT,
            get(documents::get)
                .put(documents::update)
                .delete(documents::delete),
        )
        .route(&format!("{DOCUMENT}/versions"), get(history::list))
        .route(
            &format!("{DOCUMENT}/versions/{{version}}"),
            get(history::get),
        )
        .route(
            &format!("{DOCUMENT}/versions/{{version}}/restore"),
            post(history::restore),
        )
        .route(&format!("{DOCUMENT}/diff"), get(history::compare))
        .route(
            &format!("{DOCUMENT}/comments"),
            get(comments::list).post(comments::create),
        )
        .route(
            &format!("{DOCUMENT}/comments/{{comment_id}}"),
            delete(comments::delete),
        )
        .route("/mentions", get(comments::mentioning_me))
        .route(
            &format!("{WORKSPACE}/automations"),
            get(automations::list).post(automations::create),
        )
        .route(
            &format!("{WORKSPACE}/automations/{{automation_id}}"),
            get(automations::get)
                .put(automations::update)
                .delete(automations::delete),
        )
        .route(
            &format!("{WORKSPACE}/snapshots"),
            get(snapshots::list).post(snapshots::create),
        )
        .route(
            &format!("{WORKSPACE}/snapshots/{{snapshot_id}}"),
            get(snapshots::get),
        )
        .route(
            &format!("{WORKSPACE}/snapshots/{{snapshot_id}}/content"),
            put(snapshots::upload).get(snapshots::download),
        )
        .route("/changes", get(changes::list))
        .route("/changes/stream", get(changes::stream))
        .route("/audit", get(audit::list))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/openapi.json", get(openapi_json))
        .merge(authenticated)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(json_limit))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::json(),
    )
}

async fn not_found() -> HubError {
    HubError::NoRoute
}
