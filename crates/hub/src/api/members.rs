//! Workspace membership: listed by members, changed by Owners and Admins.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use uuid::Uuid;

use super::extract::{IdempotencyKey, Json, Path};
use super::workspaces::{Member, MemberGrant};
use crate::access::{Role, workspace_role};
use crate::audit::AuditEvent;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::NewChange;
use crate::idempotency::fingerprint;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

/// The workspace's members.
#[utoipa::path(get, operation_id = "members_list", path = "/workspaces/{workspace_id}/members", tag = "workspaces",
    params(("workspace_id" = Uuid, Path)),
    responses((status = 200, body = Vec<Member>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace_id): Path<Uuid>,
) -> Result<axum::Json<Vec<Member>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let members = sqlx::query_as::<_, Member>(
        "select u.id as user_id, u.username, u.display_name, m.role
         from workspace_members m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.workspace_id = $2
         order by u.username",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(axum::Json(members))
}

/// Adds a member or changes their role. Owners and Admins only.
#[utoipa::path(put, operation_id = "members_put", path = "/workspaces/{workspace_id}/members", tag = "workspaces",
    request_body = MemberGrant,
    params(("workspace_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 200, body = Member), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path(workspace_id): Path<Uuid>,
    Json(grant): Json<MemberGrant>,
) -> Result<Response> {
    let fp = fingerprint(
        "PUT",
        &format!("/workspaces/{workspace_id}/members"),
        &grant,
    );
    let mut write = match Write::begin(&state, &caller, key, &fp).await? {
        Begun::Replay(response) => return Ok(response),
        Begun::Fresh(write) => write,
    };
    workspace_role(write.conn(), &caller, workspace_id)
        .await?
        .require_manager("change members")?;
    let user: Option<(Uuid, String, Option<String>)> = sqlx::query_as(
        "select id, username, display_name from users
         where tenant_id = $1 and (subject = $2 or lower(username) = lower($2))
         order by (subject = $2) desc
         limit 1",
    )
    .bind(caller.tenant_id)
    .bind(&grant.user)
    .fetch_optional(write.conn())
    .await?;
    let Some((user_id, username, display_name)) = user else {
        return Err(HubError::Unprocessable(format!(
            "no user {:?} in your tenant has signed in to the hub yet: ask them to sign in once",
            grant.user
        )));
    };
    if grant.role != Role::Owner {
        ensure_another_owner(&mut write, &caller, workspace_id, user_id).await?;
    }
    sqlx::query(
        "insert into workspace_members (tenant_id, workspace_id, user_id, role)
         values ($1, $2, $3, $4)
         on conflict (workspace_id, user_id) do update set role = excluded.role",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(user_id)
    .bind(grant.role.as_str())
    .execute(write.conn())
    .await?;
    record(
        &mut write,
        workspace_id,
        user_id,
        "updated",
        Some(grant.role),
    )
    .await?;
    let member = Member {
        user_id,
        username,
        display_name,
        role: grant.role,
    };
    write.finish(Reply::json(StatusCode::OK, &member)?).await
}

/// Removes a member. Owners and Admins only; the last Owner stays.
#[utoipa::path(delete, operation_id = "members_remove", path = "/workspaces/{workspace_id}/members/{user_id}", tag = "workspaces",
    params(("workspace_id" = Uuid, Path), ("user_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 204), (status = 403, body = crate::error::Problem),
              (status = 409, body = crate::error::Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path((workspace_id, user_id)): Path<(Uuid, Uuid)>,
) -> Result<Response> {
    let path = format!("/workspaces/{workspace_id}/members/{user_id}");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("DELETE", &path, &())).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id)
        .await?
        .require_manager("remove members")?;
    ensure_another_owner(&mut write, &caller, workspace_id, user_id).await?;
    let removed = sqlx::query(
        "delete from workspace_members where tenant_id = $1 and workspace_id = $2 and user_id = $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(user_id)
    .execute(write.conn())
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(HubError::NotFound("member"));
    }
    record(&mut write, workspace_id, user_id, "deleted", None).await?;
    write.finish(Reply::no_content()).await
}

/// Refuses to leave the workspace without an Owner when `user_id` stops being one.
async fn ensure_another_owner(
    write: &mut Write,
    caller: &Caller,
    workspace_id: Uuid,
    user_id: Uuid,
) -> Result<()> {
    let other_owners: i64 = sqlx::query_scalar(
        "select count(*) from workspace_members
         where tenant_id = $1 and workspace_id = $2 and role = 'owner' and user_id <> $3",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(user_id)
    .fetch_one(write.conn())
    .await?;
    let is_owner: bool = sqlx::query_scalar(
        "select exists (select 1 from workspace_members
                        where tenant_id = $1 and workspace_id = $2 and user_id = $3 and role = 'owner')",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(user_id)
    .fetch_one(write.conn())
    .await?;
    if is_owner && other_owners == 0 {
        return Err(HubError::Conflict(
            "this is the workspace's last Owner: make someone else Owner first".into(),
        ));
    }
    Ok(())
}

async fn record(
    write: &mut Write,
    workspace_id: Uuid,
    user_id: Uuid,
    action: &'static str,
    role: Option<Role>,
) -> Result<()> {
    write
        .change(NewChange {
            workspace_id,
            entity: "member",
            entity_id: user_id,
            action,
            version: None,
        })
        .await?;
    write
        .audit(AuditEvent {
            action: if role.is_some() {
                "member.put"
            } else {
                "member.remove"
            },
            target_type: "user",
            target_id: Some(user_id.to_string()),
            workspace_id: Some(workspace_id),
            details: serde_json::json!({ "role": role.map(Role::as_str) }),
        })
        .await
}
