//! Alert and schedule definitions: stored and synced now, evaluated by a later release.

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
use crate::audit::AuditEvent;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::NewChange;
use crate::idempotency::fingerprint;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

/// What a definition is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AutomationKind {
    Alert,
    Schedule,
}

impl AutomationKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Alert => "alert",
            Self::Schedule => "schedule",
        }
    }
}

impl TryFrom<String> for AutomationKind {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "alert" => Ok(Self::Alert),
            "schedule" => Ok(Self::Schedule),
            _ => Err(format!("unknown automation kind {name:?}")),
        }
    }
}

/// An alert or schedule definition (its ETag is `"<version>"`).
#[derive(Serialize, ToSchema, sqlx::FromRow)]
pub struct Automation {
    pub id: Uuid,
    pub workspace_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: AutomationKind,
    pub name: String,
    /// The definition (condition, recipients, cron expression…), kept as sent.
    #[schema(value_type = Object)]
    pub definition: Value,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new definition.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct NewAutomation {
    pub kind: AutomationKind,
    pub name: String,
    #[schema(value_type = Object)]
    pub definition: Value,
}

/// A definition's new content.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct AutomationUpdate {
    pub name: String,
    #[schema(value_type = Object)]
    pub definition: Value,
}

/// Listing filter.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KindFilter {
    /// Only definitions of this kind.
    pub kind: Option<AutomationKind>,
}

macro_rules! columns {
    () => {
        "id, workspace_id, kind, name, definition, version, created_by, created_at, updated_at"
    };
}

/// The workspace's alert and schedule definitions.
#[utoipa::path(get, operation_id = "automations_list", path = "/workspaces/{workspace_id}/automations", tag = "automations",
    params(("workspace_id" = Uuid, Path), KindFilter),
    responses((status = 200, body = Vec<Automation>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(workspace_id): Path<Uuid>,
    Query(filter): Query<KindFilter>,
) -> Result<axum::Json<Vec<Automation>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let automations = sqlx::query_as::<_, Automation>(concat!(
        "select ",
        columns!(),
        " from automations
         where tenant_id = $1 and workspace_id = $2 and ($3::text is null or kind = $3)
         order by created_at, id"
    ))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(filter.kind.map(AutomationKind::as_str))
    .fetch_all(&mut *tx)
    .await?;
    Ok(axum::Json(automations))
}

/// One definition.
#[utoipa::path(get, operation_id = "automations_get", path = "/workspaces/{workspace_id}/automations/{automation_id}",
    tag = "automations",
    params(("workspace_id" = Uuid, Path), ("automation_id" = Uuid, Path)),
    responses((status = 200, body = Automation), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, automation_id)): Path<(Uuid, Uuid)>,
) -> Result<Response> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    let automation = find(&mut tx, &caller, workspace_id, automation_id).await?;
    let etag = HeaderValue::from_str(&format!("\"{}\"", automation.version))
        .map_err(|e| HubError::Internal(e.to_string()))?;
    Ok(([(header::ETAG, etag)], axum::Json(automation)).into_response())
}

/// Stores a new definition.
#[utoipa::path(post, operation_id = "automations_create", path = "/workspaces/{workspace_id}/automations", tag = "automations",
    request_body = NewAutomation,
    params(("workspace_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 201, body = Automation)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path(workspace_id): Path<Uuid>,
    Json(new): Json<NewAutomation>,
) -> Result<Response> {
    check(&new.name, &new.definition)?;
    let path = format!("/workspaces/{workspace_id}/automations");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("POST", &path, &new)).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let automation = sqlx::query_as::<_, Automation>(concat!(
        "insert into automations (tenant_id, workspace_id, kind, name, definition, created_by)
         values ($1, $2, $3, $4, $5, $6)
         returning ",
        columns!()
    ))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(new.kind.as_str())
    .bind(new.name.trim())
    .bind(&new.definition)
    .bind(caller.user_id)
    .fetch_one(write.conn())
    .await?;
    record(&mut write, &automation, "created").await?;
    let reply = Reply::json(StatusCode::CREATED, &automation)?
        .version(automation.version)
        .location(format!("{path}/{}", automation.id));
    write.finish(reply).await
}

/// Replaces a definition. `If-Match` must name the current version.
#[utoipa::path(put, operation_id = "automations_update", path = "/workspaces/{workspace_id}/automations/{automation_id}",
    tag = "automations", request_body = AutomationUpdate,
    params(("workspace_id" = Uuid, Path), ("automation_id" = Uuid, Path),
           ("If-Match" = String, Header, description = "the version edited, as its ETag"),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 200, body = Automation), (status = 412, body = crate::error::Problem),
              (status = 428, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    if_match: IfMatch,
    Path((workspace_id, automation_id)): Path<(Uuid, Uuid)>,
    Json(update): Json<AutomationUpdate>,
) -> Result<Response> {
    check(&update.name, &update.definition)?;
    let path = format!("/workspaces/{workspace_id}/automations/{automation_id}");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("PUT", &path, &update)).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let current = find(write.conn(), &caller, workspace_id, automation_id).await?;
    if_match.check(current.version, true)?;
    let automation = sqlx::query_as::<_, Automation>(concat!("update automations set name = $4, definition = $5, version = version + 1, updated_at = now()
         where tenant_id = $1 and workspace_id = $2 and id = $3
         returning ", columns!()))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(automation_id)
    .bind(update.name.trim())
    .bind(&update.definition)
    .fetch_one(write.conn())
    .await?;
    record(&mut write, &automation, "updated").await?;
    let reply = Reply::json(StatusCode::OK, &automation)?.version(automation.version);
    write.finish(reply).await
}

/// Deletes a definition.
#[utoipa::path(delete, operation_id = "automations_delete", path = "/workspaces/{workspace_id}/automations/{automation_id}",
    tag = "automations",
    params(("workspace_id" = Uuid, Path), ("automation_id" = Uuid, Path),
           ("If-Match" = Option<String>, Header, description = "delete only this version"),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 204), (status = 404, body = crate::error::Problem),
              (status = 412, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    if_match: IfMatch,
    Path((workspace_id, automation_id)): Path<(Uuid, Uuid)>,
) -> Result<Response> {
    let path = format!("/workspaces/{workspace_id}/automations/{automation_id}");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("DELETE", &path, &())).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    let current = find(write.conn(), &caller, workspace_id, automation_id).await?;
    if_match.check(current.version, false)?;
    sqlx::query("delete from automations where tenant_id = $1 and id = $2")
        .bind(caller.tenant_id)
        .bind(automation_id)
        .execute(write.conn())
        .await?;
    record(&mut write, &current, "deleted").await?;
    write.finish(Reply::no_content()).await
}

async fn find(
    conn: &mut sqlx::PgConnection,
    caller: &Caller,
    workspace_id: Uuid,
    automation_id: Uuid,
) -> Result<Automation> {
    sqlx::query_as::<_, Automation>(concat!(
        "select ",
        columns!(),
        " from automations where tenant_id = $1 and workspace_id = $2 and id = $3"
    ))
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(automation_id)
    .fetch_optional(conn)
    .await?
    .ok_or(HubError::NotFound("automation"))
}

async fn record(write: &mut Write, automation: &Automation, action: &'static str) -> Result<()> {
    write
        .change(NewChange {
            workspace_id: automation.workspace_id,
            entity: "automation",
            entity_id: automation.id,
            action,
            version: Some(automation.version),
        })
        .await?;
    write
        .audit(AuditEvent {
            action: match action {
                "created" => "automation.create",
                "deleted" => "automation.delete",
                _ => "automation.update",
            },
            target_type: automation.kind.as_str(),
            target_id: Some(automation.id.to_string()),
            workspace_id: Some(automation.workspace_id),
            details: serde_json::json!({ "name": automation.name, "version": automation.version }),
        })
        .await
}

fn check(name: &str, definition: &Value) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(HubError::BadRequest("a name is 1 to 200 characters".into()));
    }
    if !definition.is_object() {
        return Err(HubError::BadRequest(
            "a definition must be a JSON object".into(),
        ));
    }
    Ok(())
}
