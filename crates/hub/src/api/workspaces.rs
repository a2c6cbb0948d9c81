//! Workspaces and their members, and the caller's own identity.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{IdempotencyKey, Json, Path};
use crate::access::{Role, workspace_role};
use crate::audit::AuditEvent;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::NewChange;
use crate::idempotency::fingerprint;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

/// The caller as the hub sees them.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user_id: Uuid,
    pub subject: String,
    pub username: String,
    pub tenant: String,
    /// An Admin of the tenant.
    pub is_admin: bool,
}

/// A workspace and the caller's role in it.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct Workspace {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A new workspace.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct NewWorkspace {
    /// 1 to 200 characters.
    pub name: String,
}

/// A member of a workspace.
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct Member {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub role: Role,
}

/// Who to add (or whose role to change) and as what.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct MemberGrant {
    /// The user's `sub` or user name; they must have signed in to the hub once.
    pub user: String,
    pub role: Role,
}

/// The caller's identity, tenant and admin flag.
#[utoipa::path(get, operation_id = "workspaces_me", path = "/me", tag = "workspaces", responses((status = 200, body = Me)))]
pub async fn me(caller: Caller) -> axum::Json<Me> {
    axum::Json(Me {
        user_id: caller.user_id,
        subject: caller.subject,
        username: caller.username,
        tenant: caller.tenant,
        is_admin: caller.is_admin,
    })
}

macro_rules! workspace_columns {
    () => {
        "w.id, w.name, w.created_by, w.created_at,
     case when $3 then 'admin' else m.role end as role"
    };
}

/// The workspaces the caller belongs to (every workspace of the tenant for Admins).
#[utoipa::path(get, operation_id = "workspaces_list", path = "/workspaces", tag = "workspaces",
    responses((status = 200, body = Vec<Workspace>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<Workspace>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    let sql = concat!(
        "select ",
        workspace_columns!(),
        "
         from workspaces w
         left join workspace_members m on m.workspace_id = w.id and m.user_id = $2
         where w.tenant_id = $1 and w.deleted_at is null and ($3 or m.role is not null)
         order by w.created_at, w.id"
    );
    let workspaces = sqlx::query_as::<_, Workspace>(sql)
        .bind(caller.tenant_id)
        .bind(caller.user_id)
        .bind(caller.is_admin)
        .fetch_all(&mut *tx)
        .await?;
    Ok(axum::Json(workspaces))
}

/// One workspace.
#[utoipa::path(get, operation_id = "workspaces_get", path = "/workspaces/{workspace_id}", tag = "workspaces",
    params(("workspace_id" = Uuid, Path)),
    responses((status = 200, body = Workspace), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace_id): Path<Uuid>,
) -> Result<axum::Json<Workspace>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let sql = concat!(
        "select ",
        workspace_columns!(),
        "
         from workspaces w
         left join workspace_members m on m.workspace_id = w.id and m.user_id = $2
         where w.tenant_id = $1 and w.id = $4"
    );
    let workspace = sqlx::query_as::<_, Workspace>(sql)
        .bind(caller.tenant_id)
        .bind(caller.user_id)
        .bind(caller.is_admin)
        .bind(workspace_id)
        .fetch_one(&mut *tx)
        .await?;
    Ok(axum::Json(workspace))
}

/// Creates a workspace; the caller becomes its Owner.
#[utoipa::path(post, operation_id = "workspaces_create", path = "/workspaces", tag = "workspaces", request_body = NewWorkspace,
    params(("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 201, body = Workspace)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Json(new): Json<NewWorkspace>,
) -> Result<Response> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(HubError::BadRequest(
            "a workspace name is 1 to 200 characters".into(),
        ));
    }
    let fp = fingerprint("POST", "/workspaces", &new);
    let mut write = match Write::begin(&state, &caller, key, &fp).await? {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let (id, created_at): (Uuid, DateTime<Utc>) = sqlx::query_as(
        "insert into workspaces (tenant_id, name, created_by) values ($1, $2, $3)
         returning id, created_at",
    )
    .bind(caller.tenant_id)
    .bind(name)
    .bind(caller.user_id)
    .fetch_one(write.conn())
    .await?;
    sqlx::query(
        "insert into workspace_members (tenant_id, workspace_id, user_id, role)
         values ($1, $2, $3, 'owner')",
    )
    .bind(caller.tenant_id)
    .bind(id)
    .bind(caller.user_id)
    .execute(write.conn())
    .await?;
    write
        .change(NewChange {
            workspace_id: id,
            entity: "workspace",
            entity_id: id,
            action: "created",
            version: None,
        })
        .await?;
    write
        .audit(AuditEvent {
            action: "workspace.create",
            target_type: "workspace",
            target_id: Some(id.to_string()),
            workspace_id: Some(id),
            details: serde_json::json!({ "name": name }),
        })
        .await?;
    let workspace = Workspace {
        id,
        name: name.to_string(),
        role: if caller.is_admin {
            Role::Admin
        } else {
            Role::Owner
        },
        created_by: caller.user_id,
        created_at,
    };
    let reply = Reply::json(StatusCode::CREATED, &workspace)?.location(format!("/workspaces/{id}"));
    write.finish(reply).await
}

/// Deletes a workspace and hides its content. Owners and Admins only.
#[utoipa::path(delete, operation_id = "workspaces_delete", path = "/workspaces/{workspace_id}", tag = "workspaces",
    params(("workspace_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 204), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path(workspace_id): Path<Uuid>,
) -> Result<Response> {
    let fp = fingerprint("DELETE", &format!("/workspaces/{workspace_id}"), &());
    let mut write = match Write::begin(&state, &caller, key, &fp).await? {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    let role = workspace_role(write.conn(), &caller, workspace_id).await?;
    role.require_manager("delete a workspace")?;
    sqlx::query("update workspaces set deleted_at = now() where tenant_id = $1 and id = $2")
        .bind(caller.tenant_id)
        .bind(workspace_id)
        .execute(write.conn())
        .await?;
    write
        .change(NewChange {
            workspace_id,
            entity: "workspace",
            entity_id: workspace_id,
            action: "deleted",
            version: None,
        })
        .await?;
    write
        .audit(AuditEvent {
            action: "workspace.delete",
            target_type: "workspace",
            target_id: Some(workspace_id.to_string()),
            workspace_id: Some(workspace_id),
            details: serde_json::json!({ "role": role.as_str() }),
        })
        .await?;
    let snapshot_files: Vec<String> = sqlx::query_scalar(
        "select object_key from snapshots where tenant_id = $1 and workspace_id = $2 and status = 'ready'",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .fetch_all(write.conn())
    .await?;
    let response = write.finish(Reply::no_content()).await?;
    // The workspace is gone for good once committed; its snapshot files would only use space.
    for key in snapshot_files {
        if let Err(error) = state.store.delete(&key).await {
            tracing::warn!(%error, key, "could not remove a deleted workspace's snapshot file");
        }
    }
    Ok(response)
}
