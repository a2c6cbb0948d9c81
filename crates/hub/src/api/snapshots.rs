//! Dataset snapshots: metadata in the database, the Parquet file in object storage, uploaded
//! once and downloaded whole or by byte range (resumable), identified by its SHA-256.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{IdempotencyKey, Json, Path, Query};
use crate::access::workspace_role;
use crate::audit::AuditEvent;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::NewChange;
use crate::idempotency::fingerprint;
use crate::range;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

/// A snapshot of a dataset.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct Snapshot {
    pub id: Uuid,
    pub workspace_id: Uuid,
    /// The dataset's name in the workspace.
    pub dataset: String,
    /// `pending` until the file is uploaded, then `ready`.
    pub status: String,
    pub row_count: Option<i64>,
    /// The dataset's columns, as the uploader describes them.
    #[schema(value_type = Option<Object>)]
    pub schema: Option<Value>,
    /// The SHA-256 the uploader announced; an upload with other bytes is refused.
    pub expected_sha256: Option<String>,
    /// Lowercase hex SHA-256 of the file (also its ETag).
    pub sha256: Option<String>,
    pub size_bytes: Option<i64>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub uploaded_at: Option<DateTime<Utc>>,
}

/// A snapshot about to be uploaded.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct NewSnapshot {
    pub dataset: String,
    pub row_count: Option<i64>,
    #[schema(value_type = Option<Object>)]
    pub schema: Option<Value>,
    /// Lowercase hex SHA-256 of the file to come.
    pub sha256: Option<String>,
}

/// Listing filter.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DatasetFilter {
    /// Only snapshots of this dataset.
    pub dataset: Option<String>,
}

macro_rules! columns {
    () => {
        "id, workspace_id, dataset, status, row_count, schema, expected_sha256, sha256, size_bytes, created_by, created_at, uploaded_at"
    };
}

/// The workspace's snapshots, newest first.
#[utoipa::path(get, operation_id = "snapshots_list", path = "/workspaces/{workspace_id}/snapshots", tag = "snapshots",
    params(("workspace_id" = Uuid, Path), DatasetFilter),
    responses((status = 200, body = Vec<Snapshot>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace_id): Path<Uuid>,
    Query(filter): Query<DatasetFilter>,
) -> Result<axum::Json<Vec<Snapshot>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let snapshots = sqlx::query_as::<_, Snapshot>(concat!(
        "select ",
        columns!(),
        " from snapshots
         where tenant_id = $1 and workspace_id = $2 and ($3::text is null or dataset = $3)
         order by created_at desc, id"
    ))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(filter.dataset)
    .fetch_all(&mut *tx)
    .await?;
    Ok(axum::Json(snapshots))
}

/// One snapshot's metadata.
#[utoipa::path(get, operation_id = "snapshots_get", path = "/workspaces/{workspace_id}/snapshots/{snapshot_id}", tag = "snapshots",
    params(("workspace_id" = Uuid, Path), ("snapshot_id" = Uuid, Path)),
    responses((status = 200, body = Snapshot), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, snapshot_id)): Path<(Uuid, Uuid)>,
) -> Result<axum::Json<Snapshot>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let (snapshot, _) = find(&mut tx, &caller, workspace_id, snapshot_id).await?;
    Ok(axum::Json(snapshot))
}

/// Announces a snapshot; upload its file next with `PUT …/content`.
#[utoipa::path(post, operation_id = "snapshots_create", path = "/workspaces/{workspace_id}/snapshots", tag = "snapshots",
    request_body = NewSnapshot,
    params(("workspace_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 201, body = Snapshot)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path(workspace_id): Path<Uuid>,
    Json(new): Json<NewSnapshot>,
) -> Result<Response> {
    let dataset = new.dataset.trim();
    if dataset.is_empty() || dataset.chars().count() > 200 {
        return Err(HubError::BadRequest(
            "a dataset name is 1 to 200 characters".into(),
        ));
    }
    if let Some(sha) = &new.sha256
        && (sha.len() != 64
            || !sha
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    {
        return Err(HubError::BadRequest(
            "sha256 must be 64 lowercase hex digits".into(),
        ));
    }
    let path = format!("/workspaces/{workspace_id}/snapshots");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("POST", &path, &new)).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let id = Uuid::new_v4();
    let snapshot = sqlx::query_as::<_, Snapshot>(concat!(
        "insert into snapshots (id, tenant_id, workspace_id, dataset, status, row_count, schema,
                                expected_sha256, object_key, created_by)
         values ($1, $2, $3, $4, 'pending', $5, $6, $7, '', $8)
         returning ",
        columns!()
    ))
    .bind(id)
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(dataset)
    .bind(new.row_count)
    .bind(&new.schema)
    .bind(&new.sha256)
    .bind(caller.user_id)
    .fetch_one(write.conn())
    .await?;
    record(&mut write, &snapshot, "created", "snapshot.create").await?;
    let reply = Reply::json(StatusCode::CREATED, &snapshot)?.location(format!("{path}/{id}"));
    write.finish(reply).await
}

/// Uploads the snapshot's Parquet file (once; snapshots are immutable).
#[utoipa::path(put, operation_id = "snapshots_upload", path = "/workspaces/{workspace_id}/snapshots/{snapshot_id}/content",
    tag = "snapshots",
    request_body(content = Vec<u8>, content_type = "application/vnd.apache.parquet"),
    params(("workspace_id" = Uuid, Path), ("snapshot_id" = Uuid, Path)),
    responses((status = 200, body = Snapshot),
              (status = 409, description = "already uploaded", body = crate::error::Problem),
              (status = 413, body = crate::error::Problem),
              (status = 422, description = "not Parquet, or not the announced SHA-256",
               body = crate::error::Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, snapshot_id)): Path<(Uuid, Uuid)>,
    body: Body,
) -> Result<Response> {
    // No database connection is held while the bytes stream in.
    let expected = {
        let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
        workspace_role(&mut tx, &caller, workspace_id).await?;
        let (snapshot, _) = find(&mut tx, &caller, workspace_id, snapshot_id).await?;
        if snapshot.status != "pending" {
            return Err(already_uploaded());
        }
        snapshot.expected_sha256
    };
    // Each attempt writes its own object, so racing uploads cannot mix.
    let key = format!(
        "{}/{workspace_id}/{snapshot_id}/{}.parquet",
        caller.tenant_id,
        Uuid::new_v4()
    );
    let limit = state.config.limits.snapshot_bytes;
    let stored = state
        .store
        .put(&key, body.into_data_stream(), limit)
        .await?;
    let outcome = finish_upload(
        &state,
        &caller,
        workspace_id,
        snapshot_id,
        &key,
        expected,
        &stored,
    )
    .await;
    if outcome.is_err()
        && let Err(error) = state.store.delete(&key).await
    {
        tracing::warn!(%error, key, "could not remove a refused upload");
    }
    outcome
}

async fn finish_upload(
    state: &AppState,
    caller: &Caller,
    workspace_id: Uuid,
    snapshot_id: Uuid,
    key: &str,
    expected: Option<String>,
    stored: &crate::storage::Stored,
) -> Result<Response> {
    if let Some(expected) = expected
        && expected != stored.sha256
    {
        return Err(HubError::Unprocessable(format!(
            "the uploaded file's SHA-256 is {}, not the announced {expected}: the file changed \
             or was damaged in transit; upload it again",
            stored.sha256
        )));
    }
    let Begun::Fresh(mut write) = Write::begin(state, caller, None, "").await? else {
        return Err(HubError::Internal(
            "an upload without a key was replayed".into(),
        ));
    };
    let snapshot = sqlx::query_as::<_, Snapshot>(concat!(
        "update snapshots
         set status = 'ready', sha256 = $4, size_bytes = $5, object_key = $6, uploaded_at = now()
         where tenant_id = $1 and workspace_id = $2 and id = $3 and status = 'pending'
         returning ",
        columns!()
    ))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(snapshot_id)
    .bind(&stored.sha256)
    .bind(i64::try_from(stored.size).unwrap_or(i64::MAX))
    .bind(key)
    .fetch_optional(write.conn())
    .await?
    .ok_or_else(already_uploaded)?;
    record(&mut write, &snapshot, "updated", "snapshot.upload").await?;
    write.finish(Reply::json(StatusCode::OK, &snapshot)?).await
}

/// Downloads the file: whole, or the byte range in `Range` (206) to resume.
#[utoipa::path(get, operation_id = "snapshots_download", path = "/workspaces/{workspace_id}/snapshots/{snapshot_id}/content",
    tag = "snapshots",
    params(("workspace_id" = Uuid, Path), ("snapshot_id" = Uuid, Path),
           ("Range" = Option<String>, Header, description = "one byte range, e.g. bytes=1048576-"),
           ("If-Range" = Option<String>, Header, description = "the ETag the range is of")),
    responses((status = 200, content_type = "application/vnd.apache.parquet", body = Vec<u8>,
               headers(("ETag" = String, description = "the file's SHA-256 in quotes"))),
              (status = 206, content_type = "application/vnd.apache.parquet", body = Vec<u8>),
              (status = 409, description = "not uploaded yet", body = crate::error::Problem),
              (status = 416, body = crate::error::Problem)))]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, snapshot_id)): Path<(Uuid, Uuid)>,
    headers: HeaderMap,
) -> Result<Response> {
    let (snapshot, key) = {
        let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
        workspace_role(&mut tx, &caller, workspace_id).await?;
        find(&mut tx, &caller, workspace_id, snapshot_id).await?
    };
    let (Some(sha256), Some(size)) = (&snapshot.sha256, snapshot.size_bytes) else {
        return Err(HubError::Conflict(
            "the snapshot's file has not been uploaded yet: retry once it is ready".into(),
        ));
    };
    let size = u64::try_from(size).unwrap_or(0);
    let etag = format!("\"{sha256}\"");
    let if_range_matches = headers
        .get(header::IF_RANGE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v == etag));
    let requested = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        Some(value) if if_range_matches => range::resolve(value, size)?,
        _ => None,
    };
    let stream = state.store.get(&key, requested.clone()).await?;
    let mut response = Body::from_stream(stream).into_response();
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.apache.parquet"),
    );
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let mut put = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            out.insert(name, value);
        }
    };
    put(header::ETAG, etag);
    match requested {
        Some(part) => {
            put(header::CONTENT_LENGTH, (part.end - part.start).to_string());
            put(
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{size}", part.start, part.end - 1),
            );
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        }
        None => put(header::CONTENT_LENGTH, size.to_string()),
    }
    Ok(response)
}

async fn find(
    conn: &mut sqlx::PgConnection,
    caller: &Caller,
    workspace_id: Uuid,
    snapshot_id: Uuid,
) -> Result<(Snapshot, String)> {
    let key: Option<String> = sqlx::query_scalar(
        "select object_key from snapshots where tenant_id = $1 and workspace_id = $2 and id = $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(snapshot_id)
    .fetch_optional(&mut *conn)
    .await?;
    let key = key.ok_or(HubError::NotFound("snapshot"))?;
    let snapshot = sqlx::query_as::<_, Snapshot>(concat!(
        "select ",
        columns!(),
        " from snapshots where tenant_id = $1 and id = $2"
    ))
    .bind(caller.tenant_id)
    .bind(snapshot_id)
    .fetch_one(conn)
    .await?;
    Ok((snapshot, key))
}

fn already_uploaded() -> HubError {
    HubError::Conflict(
        "this snapshot's file is already uploaded and snapshots are immutable: create a new \
         snapshot for new data"
            .into(),
    )
}

async fn record(
    write: &mut Write,
    snapshot: &Snapshot,
    action: &'static str,
    audit_action: &'static str,
) -> Result<()> {
    write
        .change(NewChange {
            workspace_id: snapshot.workspace_id,
            entity: "snapshot",
            entity_id: snapshot.id,
            action,
            version: None,
        })
        .await?;
    write
        .audit(AuditEvent {
            action: audit_action,
            target_type: "snapshot",
            target_id: Some(snapshot.id.to_string()),
            workspace_id: Some(snapshot.workspace_id),
            details: serde_json::json!({
                "dataset": snapshot.dataset,
                "sha256": snapshot.sha256,
                "size_bytes": snapshot.size_bytes,
            }),
        })
        .await
}
