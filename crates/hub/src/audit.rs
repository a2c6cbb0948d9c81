//! The audit log: who did what, when and from where. Written in the same transaction as the
//! write it describes; read by the tenant's Admins.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::Result;

/// An action to record.
pub struct AuditEvent {
    /// What was done, e.g. `workspace.delete`, `document.update`.
    pub action: &'static str,
    /// The kind of object acted on.
    pub target_type: &'static str,
    /// The object's id.
    pub target_id: Option<String>,
    /// The workspace it belongs to.
    pub workspace_id: Option<Uuid>,
    /// Anything else worth keeping (versions, names), as a JSON object.
    pub details: Value,
}

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct AuditRecord {
    /// Increasing id: page with `before`.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who: the user's id and the token's `sub`.
    pub actor: Option<Uuid>,
    pub actor_subject: String,
    /// What.
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub workspace_id: Option<Uuid>,
    /// From where: the client address and user agent.
    pub remote_addr: String,
    pub user_agent: Option<String>,
    /// Details of the action.
    #[schema(value_type = Object)]
    pub details: Value,
}

/// Records `event` by `caller`.
pub async fn record(conn: &mut PgConnection, caller: &Caller, event: AuditEvent) -> Result<()> {
    sqlx::query(
        "insert into audit_log (tenant_id, actor, actor_subject, action, target_type, target_id,
                                workspace_id, remote_addr, user_agent, details)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(caller.tenant_id)
    .bind(caller.user_id)
    .bind(&caller.subject)
    .bind(event.action)
    .bind(event.target_type)
    .bind(event.target_id)
    .bind(event.workspace_id)
    .bind(&caller.remote_addr)
    .bind(&caller.user_agent)
    .bind(event.details)
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest entries of the caller's tenant, before `before` when given.
pub async fn list(
    conn: &mut PgConnection,
    caller: &Caller,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRecord>> {
    let records = sqlx::query_as::<_, AuditRecord>(
        "select id, at, actor, actor_subject, action, target_type, target_id, workspace_id,
                remote_addr, user_agent, details
         from audit_log
         where tenant_id = $1 and id < $2
         order by id desc
         limit $3",
    )
    .bind(caller.tenant_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(records)
}
