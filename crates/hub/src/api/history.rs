//! A document's version history: list, read, compare and restore versions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgConnection;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{IdempotencyKey, IfMatch, Path, Query};
use super::versioning::{commit_version, lock};
use crate::access::workspace_role;
use crate::auth::Caller;
use crate::diff::{DiffOp, diff};
use crate::error::{HubError, Result};
use crate::idempotency::fingerprint;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

/// One version in a document's history.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct VersionSummary {
    pub version: i32,
    /// `create`, `update`, `restore` or `delete`.
    pub action: String,
    pub title: String,
    pub author: Uuid,
    pub created_at: DateTime<Utc>,
}

/// One version with its content.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct DocumentVersion {
    pub version: i32,
    pub action: String,
    pub title: String,
    #[schema(value_type = Object)]
    pub body: Value,
    pub author: Uuid,
    pub created_at: DateTime<Utc>,
}

/// The versions to compare.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffRange {
    /// The older version (default: the one before `to`).
    pub from: Option<i32>,
    /// The newer version (default: the current one).
    pub to: Option<i32>,
}

/// How two versions differ.
#[derive(Serialize, ToSchema)]
pub struct Diff {
    pub from: i32,
    pub to: i32,
    /// The titles, when they differ: `[from, to]`.
    pub title: Option<(String, String)>,
    /// JSON Patch operations turning `from`'s body into `to`'s.
    pub ops: Vec<DiffOp>,
}

/// Every version of a document, oldest first (deleted documents too).
#[utoipa::path(get, operation_id = "history_list", path = "/workspaces/{workspace_id}/documents/{document_id}/versions",
    tag = "documents",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path)),
    responses((status = 200, body = Vec<VersionSummary>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
) -> Result<axum::Json<Vec<VersionSummary>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    current_version(&mut tx, &caller, workspace_id, document_id).await?;
    let versions = sqlx::query_as::<_, VersionSummary>(
        "select version, action, title, author, created_at from document_versions
         where tenant_id = $1 and document_id = $2 order by version",
    )
    .bind(caller.tenant_id)
    .bind(document_id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(axum::Json(versions))
}

/// One version of a document.
#[utoipa::path(get, operation_id = "history_get", path = "/workspaces/{workspace_id}/documents/{document_id}/versions/{version}",
    tag = "documents",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path), ("version" = i32, Path)),
    responses((status = 200, body = DocumentVersion), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, document_id, version)): Path<(Uuid, Uuid, i32)>,
) -> Result<axum::Json<DocumentVersion>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    current_version(&mut tx, &caller, workspace_id, document_id).await?;
    Ok(axum::Json(
        version_of(&mut tx, &caller, document_id, version).await?,
    ))
}

/// The difference between two versions.
#[utoipa::path(get, operation_id = "history_compare", path = "/workspaces/{workspace_id}/documents/{document_id}/diff",
    tag = "documents",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path), DiffRange),
    responses((status = 200, body = Diff), (status = 404, body = crate::error::Problem)))]
pub async fn compare(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
    Query(range): Query<DiffRange>,
) -> Result<axum::Json<Diff>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    let current = current_version(&mut tx, &caller, workspace_id, document_id).await?;
    let to = range.to.unwrap_or(current);
    let from = range.from.unwrap_or(to - 1);
    let old = version_of(&mut tx, &caller, document_id, from).await?;
    let new = version_of(&mut tx, &caller, document_id, to).await?;
    Ok(axum::Json(Diff {
        from,
        to,
        title: (old.title != new.title).then(|| (old.title.clone(), new.title.clone())),
        ops: diff(&old.body, &new.body),
    }))
}

/// Makes an old version current again, as a new version (undeleting a deleted document).
/// `If-Match` must name the current version.
#[utoipa::path(post, operation_id = "history_restore",
    path = "/workspaces/{workspace_id}/documents/{document_id}/versions/{version}/restore",
    tag = "documents",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path), ("version" = i32, Path),
           ("If-Match" = String, Header, description = "the current version, as its ETag"),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 200, body = super::documents::Document, headers(("ETag" = String))),
              (status = 412, body = crate::error::Problem),
              (status = 428, body = crate::error::Problem)))]
pub async fn restore(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    if_match: IfMatch,
    Path((workspace_id, document_id, version)): Path<(Uuid, Uuid, i32)>,
) -> Result<Response> {
    let path =
        format!("/workspaces/{workspace_id}/documents/{document_id}/versions/{version}/restore");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("POST", &path, &())).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let (current, _) = lock(write.conn(), &caller, workspace_id, document_id).await?;
    if_match.check(current, true)?;
    let old = version_of(write.conn(), &caller, document_id, version).await?;
    let next = current + 1;
    sqlx::query(
        "update documents
         set title = $4, body = $5, version = $6, deleted_at = null, updated_by = $7, updated_at = now()
         where tenant_id = $1 and workspace_id = $2 and id = $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .bind(&old.title)
    .bind(&old.body)
    .bind(next)
    .bind(caller.user_id)
    .execute(write.conn())
    .await?;
    let document = commit_version(
        &mut write,
        &caller,
        workspace_id,
        document_id,
        next,
        "restore",
    )
    .await?;
    write
        .finish(Reply::json(StatusCode::OK, &document)?.version(next))
        .await
}

/// The current version of a document the caller may read (deleted or not).
async fn current_version(
    conn: &mut PgConnection,
    caller: &Caller,
    workspace_id: Uuid,
    document_id: Uuid,
) -> Result<i32> {
    workspace_role(conn, caller, workspace_id).await?;
    sqlx::query_scalar(
        "select version from documents where tenant_id = $1 and workspace_id = $2 and id = $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .fetch_optional(conn)
    .await?
    .ok_or(HubError::NotFound("document"))
}

async fn version_of(
    conn: &mut PgConnection,
    caller: &Caller,
    document_id: Uuid,
    version: i32,
) -> Result<DocumentVersion> {
    sqlx::query_as::<_, DocumentVersion>(
        "select version, action, title, body, author, created_at from document_versions
         where tenant_id = $1 and document_id = $2 and version = $3",
    )
    .bind(caller.tenant_id)
    .bind(document_id)
    .bind(version)
    .fetch_optional(conn)
    .await?
    .ok_or(HubError::NotFound("document version"))
}
