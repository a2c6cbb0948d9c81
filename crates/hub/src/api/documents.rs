//! Reports and dashboards: JSON documents where every accepted write is a new version.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{IdempotencyKey, IfMatch, Json, Path, Query};
use crate::access::workspace_role;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::idempotency::fingerprint;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

use super::versioning::{commit_version, lock};

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Report,
    Dashboard,
}

impl DocumentKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Dashboard => "dashboard",
        }
    }
}

impl TryFrom<String> for DocumentKind {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "report" => Ok(Self::Report),
            "dashboard" => Ok(Self::Dashboard),
            _ => Err(format!("unknown document kind {name:?}")),
        }
    }
}

/// A document at its current version (its ETag is `"<version>"`).
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct Document {
    pub id: Uuid,
    pub workspace_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: DocumentKind,
    pub title: String,
    pub version: i32,
    /// The document itself (a `*.qreport.json` report, a dashboard).
    #[schema(value_type = Object)]
    pub body: Value,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
}

/// A document in a listing, without its body.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct DocumentSummary {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: DocumentKind,
    pub title: String,
    pub version: i32,
    pub deleted: bool,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
}

/// A new document. Offline clients choose the id themselves.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct NewDocument {
    pub id: Option<Uuid>,
    pub kind: DocumentKind,
    pub title: String,
    #[schema(value_type = Object)]
    pub body: Value,
}

/// A document's next version.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct DocumentUpdate {
    pub title: String,
    #[schema(value_type = Object)]
    pub body: Value,
}

/// Listing filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListFilter {
    /// Only documents of this kind.
    pub kind: Option<DocumentKind>,
    /// Include deleted documents (they can be restored).
    #[serde(default)]
    pub include_deleted: bool,
}

/// The documents of a workspace.
#[utoipa::path(get, operation_id = "documents_list", path = "/workspaces/{workspace_id}/documents", tag = "documents",
    params(("workspace_id" = Uuid, Path), ListFilter),
    responses((status = 200, body = Vec<DocumentSummary>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace_id): Path<Uuid>,
    Query(filter): Query<ListFilter>,
) -> Result<axum::Json<Vec<DocumentSummary>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let documents = sqlx::query_as::<_, DocumentSummary>(
        "select id, kind, title, version, deleted_at is not null as deleted, updated_by, updated_at
         from documents
         where tenant_id = $1 and workspace_id = $2
           and ($3::text is null or kind = $3) and ($4 or deleted_at is null)
         order by updated_at desc, id",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(filter.kind.map(DocumentKind::as_str))
    .bind(filter.include_deleted)
    .fetch_all(&mut *tx)
    .await?;
    Ok(axum::Json(documents))
}

/// One document at its current version.
#[utoipa::path(get, operation_id = "documents_get", path = "/workspaces/{workspace_id}/documents/{document_id}", tag = "documents",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path)),
    responses((status = 200, body = Document, headers(("ETag" = String))),
              (status = 404, body = crate::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
) -> Result<Response> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let document = sqlx::query_as::<_, Document>(concat!(
        "select ",
        document_columns!(),
        " from documents
         where tenant_id = $1 and workspace_id = $2 and id = $3 and deleted_at is null"
    ))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(HubError::NotFound("document"))?;
    let etag = HeaderValue::from_str(&format!("\"{}\"", document.version))
        .map_err(|e| HubError::Internal(e.to_string()))?;
    Ok(([(header::ETAG, etag)], axum::Json(document)).into_response())
}

/// Creates a document at version 1.
#[utoipa::path(post, operation_id = "documents_create", path = "/workspaces/{workspace_id}/documents", tag = "documents",
    request_body = NewDocument,
    params(("workspace_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 201, body = Document, headers(("ETag" = String))),
              (status = 409, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path(workspace_id): Path<Uuid>,
    Json(new): Json<NewDocument>,
) -> Result<Response> {
    check_content(&new.title, &new.body)?;
    let fp = fingerprint(
        "POST",
        &format!("/workspaces/{workspace_id}/documents"),
        &new,
    );
    let mut write = match Write::begin(&state, &caller, key, &fp).await? {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let id = new.id.unwrap_or_else(Uuid::new_v4);
    let inserted = sqlx::query(
        "insert into documents (id, tenant_id, workspace_id, kind, title, version, body,
                                created_by, updated_by)
         values ($1, $2, $3, $4, $5, 1, $6, $7, $7)
         on conflict (id) do nothing",
    )
    .bind(id)
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(new.kind.as_str())
    .bind(new.title.trim())
    .bind(&new.body)
    .bind(caller.user_id)
    .execute(write.conn())
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(HubError::Conflict(format!(
            "a document with id {id} already exists: update it with PUT, or create with a new id"
        )));
    }
    let document = commit_version(&mut write, &caller, workspace_id, id, 1, "create").await?;
    let reply = Reply::json(StatusCode::CREATED, &document)?
        .version(1)
        .location(format!("/workspaces/{workspace_id}/documents/{id}"));
    write.finish(reply).await
}

/// Writes the next version. `If-Match` must name the current version.
#[utoipa::path(put, operation_id = "documents_update", path = "/workspaces/{workspace_id}/documents/{document_id}", tag = "documents",
    request_body = DocumentUpdate,
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path),
           ("If-Match" = String, Header, description = "the version edited, as its ETag"),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 200, body = Document, headers(("ETag" = String))),
              (status = 409, description = "the document was deleted", body = crate::error::Problem),
              (status = 412, description = "another version is current", body = crate::error::Problem),
              (status = 428, description = "If-Match is missing", body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    if_match: IfMatch,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
    Json(update): Json<DocumentUpdate>,
) -> Result<Response> {
    check_content(&update.title, &update.body)?;
    let path = format!("/workspaces/{workspace_id}/documents/{document_id}");
    let fp = fingerprint("PUT", &path, &update);
    let mut write = match Write::begin(&state, &caller, key, &fp).await? {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let (current, deleted) = lock(write.conn(), &caller, workspace_id, document_id).await?;
    if deleted {
        return Err(HubError::Conflict(
            "the document was deleted: restore one of its versions to edit it again".into(),
        ));
    }
    if_match.check(current, true)?;
    let version = current + 1;
    sqlx::query(
        "update documents set title = $4, body = $5, version = $6, updated_by = $7, updated_at = now()
         where tenant_id = $1 and workspace_id = $2 and id = $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .bind(update.title.trim())
    .bind(&update.body)
    .bind(version)
    .bind(caller.user_id)
    .execute(write.conn())
    .await?;
    let document = commit_version(
        &mut write,
        &caller,
        workspace_id,
        document_id,
        version,
        "update",
    )
    .await?;
    write
        .finish(Reply::json(StatusCode::OK, &document)?.version(version))
        .await
}

/// Deletes a document; the deletion is a version too, and can be undone by a restore.
#[utoipa::path(delete, operation_id = "documents_delete", path = "/workspaces/{workspace_id}/documents/{document_id}", tag = "documents",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path),
           ("If-Match" = Option<String>, Header, description = "delete only this version"),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 204), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    if_match: IfMatch,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
) -> Result<Response> {
    let path = format!("/workspaces/{workspace_id}/documents/{document_id}");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("DELETE", &path, &())).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let (current, deleted) = lock(write.conn(), &caller, workspace_id, document_id).await?;
    if deleted {
        return Err(HubError::NotFound("document"));
    }
    if_match.check(current, false)?;
    let version = current + 1;
    sqlx::query(
        "update documents set version = $4, deleted_at = now(), updated_by = $5, updated_at = now()
         where tenant_id = $1 and workspace_id = $2 and id = $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .bind(version)
    .bind(caller.user_id)
    .execute(write.conn())
    .await?;
    commit_version(
        &mut write,
        &caller,
        workspace_id,
        document_id,
        version,
        "delete",
    )
    .await?;
    write.finish(Reply::no_content()).await
}

fn check_content(title: &str, body: &Value) -> Result<()> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(HubError::BadRequest(
            "a document title is 1 to 300 characters".into(),
        ));
    }
    if !body.is_object() {
        return Err(HubError::BadRequest(
            "a document body must be a JSON object".into(),
        ));
    }
    Ok(())
}
