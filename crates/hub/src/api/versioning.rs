//! Writing a document's next version: the row lock that serializes writers, and the history
//! entry, change and audit record every accepted write adds.

use sqlx::PgConnection;
use uuid::Uuid;

use super::documents::Document;
use crate::audit::AuditEvent;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::NewChange;
use crate::write::Write;

/// Locks the document row: its current version and whether it is deleted.
pub async fn lock(
    conn: &mut PgConnection,
    caller: &Caller,
    workspace_id: Uuid,
    document_id: Uuid,
) -> Result<(i32, bool)> {
    sqlx::query_as(
        "select version, deleted_at is not null from documents
         where tenant_id = $1 and workspace_id = $2 and id = $3
         for update",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .fetch_optional(conn)
    .await?
    .ok_or(HubError::NotFound("document"))
}

/// Copies the document's new state into its history and records the change and audit entry.
pub async fn commit_version(
    write: &mut Write,
    caller: &Caller,
    workspace_id: Uuid,
    document_id: Uuid,
    version: i32,
    action: &'static str,
) -> Result<Document> {
    let document = sqlx::query_as::<_, Document>(concat!(
        "select ",
        document_columns!(),
        " from documents where tenant_id = $1 and id = $2"
    ))
    .bind(caller.tenant_id)
    .bind(document_id)
    .fetch_one(write.conn())
    .await?;
    sqlx::query(
        "insert into document_versions (tenant_id, document_id, version, action, title, body, author)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(caller.tenant_id)
    .bind(document_id)
    .bind(version)
    .bind(action)
    .bind(&document.title)
    .bind(&document.body)
    .bind(caller.user_id)
    .execute(write.conn())
    .await?;
    let change_action = match action {
        "create" => "created",
        "delete" => "deleted",
        "restore" => "restored",
        _ => "updated",
    };
    write
        .change(NewChange {
            workspace_id,
            entity: "document",
            entity_id: document_id,
            action: change_action,
            version: Some(version),
        })
        .await?;
    write
        .audit(AuditEvent {
            action: match action {
                "create" => "document.create",
                "delete" => "document.delete",
                "restore" => "document.restore",
                _ => "document.update",
            },
            target_type: document.kind.as_str(),
            target_id: Some(document_id.to_string()),
            workspace_id: Some(workspace_id),
            details: serde_json::json!({ "version": version, "title": document.title }),
        })
        .await?;
    Ok(document)
}
