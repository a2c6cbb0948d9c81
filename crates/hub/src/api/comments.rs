//! Comments on documents, in threads, optionally anchored to a report block, with @mentions.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::extract::{IdempotencyKey, Json, Path};
use crate::access::workspace_role;
use crate::audit::AuditEvent;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::NewChange;
use crate::idempotency::fingerprint;
use crate::mentions::mentions;
use crate::state::AppState;
use crate::write::{Begun, Reply, Write};

/// A new comment: a new thread, or a reply when `thread_id` is set.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct NewComment {
    /// The text; `@name` mentions a user of the tenant by user name.
    pub body: String,
    /// Anchors a new thread to a block of the report (replies inherit their thread's block).
    pub block_id: Option<String>,
    /// The thread to reply to: the id of its first comment.
    pub thread_id: Option<Uuid>,
}

/// A mention in a comment.
#[derive(Clone, Serialize, ToSchema)]
pub struct Mention {
    /// The name as written after `@`.
    pub username: String,
    /// The user it resolved to, if any user of the tenant has that name.
    pub user_id: Option<Uuid>,
}

/// One comment.
#[derive(Clone, Serialize, ToSchema)]
pub struct Comment {
    pub id: Uuid,
    pub document_id: Uuid,
    pub thread_id: Uuid,
    pub block_id: Option<String>,
    pub author: Uuid,
    pub author_username: String,
    pub body: String,
    pub mentions: Vec<Mention>,
    pub created_at: DateTime<Utc>,
}

/// A thread: its comments, oldest first.
#[derive(Serialize, ToSchema)]
pub struct Thread {
    pub id: Uuid,
    pub block_id: Option<String>,
    pub comments: Vec<Comment>,
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: Uuid,
    document_id: Uuid,
    thread_id: Uuid,
    block_id: Option<String>,
    author: Uuid,
    author_username: String,
    body: String,
    mentions: Vec<String>,
    created_at: DateTime<Utc>,
}

/// The document's comment threads, oldest first.
#[utoipa::path(get, operation_id = "comments_list", path = "/workspaces/{workspace_id}/documents/{document_id}/comments",
    tag = "comments",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path)),
    responses((status = 200, body = Vec<Thread>), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
) -> Result<axum::Json<Vec<Thread>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    workspace_role(&mut tx, &caller, workspace_id).await?;
    require_document(&mut tx, &caller, workspace_id, document_id).await?;
    let rows = sqlx::query_as::<_, CommentRow>(
        "select c.id, c.document_id, c.thread_id, c.block_id, c.author,
                u.username as author_username, c.body, c.mentions, c.created_at
         from comments c join users u on u.id = c.author
         where c.tenant_id = $1 and c.document_id = $2 and c.deleted_at is null
         order by c.created_at, c.id",
    )
    .bind(caller.tenant_id)
    .bind(document_id)
    .fetch_all(&mut *tx)
    .await?;
    let resolved: Vec<(Uuid, Uuid, String)> = sqlx::query_as(
        "select cm.comment_id, cm.user_id, u.username
         from comment_mentions cm join comments c on c.id = cm.comment_id
         join users u on u.id = cm.user_id
         where cm.tenant_id = $1 and c.document_id = $2",
    )
    .bind(caller.tenant_id)
    .bind(document_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut threads: Vec<Thread> = Vec::new();
    let mut index: HashMap<Uuid, usize> = HashMap::new();
    for row in rows {
        let comment = to_comment(row, &resolved);
        let at = *index.entry(comment.thread_id).or_insert_with(|| {
            threads.push(Thread {
                id: comment.thread_id,
                block_id: comment.block_id.clone(),
                comments: Vec::new(),
            });
            threads.len() - 1
        });
        threads[at].comments.push(comment);
    }
    Ok(axum::Json(threads))
}

/// Posts a comment; mentioned users find it under `/mentions`.
#[utoipa::path(post, operation_id = "comments_create", path = "/workspaces/{workspace_id}/documents/{document_id}/comments",
    tag = "comments", request_body = NewComment,
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 201, body = Comment), (status = 404, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path((workspace_id, document_id)): Path<(Uuid, Uuid)>,
    Json(new): Json<NewComment>,
) -> Result<Response> {
    let body = new.body.trim();
    if body.is_empty() || body.chars().count() > 10_000 {
        return Err(HubError::BadRequest(
            "a comment is 1 to 10,000 characters".into(),
        ));
    }
    let path = format!("/workspaces/{workspace_id}/documents/{document_id}/comments");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("POST", &path, &new)).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    workspace_role(write.conn(), &caller, workspace_id).await?;
    require_document(write.conn(), &caller, workspace_id, document_id).await?;
    let id = Uuid::new_v4();
    let (thread_id, block_id) = match new.thread_id {
        None => (id, new.block_id.clone()),
        Some(thread_id) => {
            let block: Option<(Option<String>,)> = sqlx::query_as(
                "select block_id from comments
                 where tenant_id = $1 and document_id = $2 and id = $3 and thread_id = id",
            )
            .bind(caller.tenant_id)
            .bind(document_id)
            .bind(thread_id)
            .fetch_optional(write.conn())
            .await?;
            let (block,) = block.ok_or(HubError::NotFound("comment thread"))?;
            (thread_id, block)
        }
    };
    let names = mentions(body);
    let created_at: DateTime<Utc> = sqlx::query_scalar(
        "insert into comments (id, tenant_id, workspace_id, document_id, thread_id, block_id,
                               author, body, mentions)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         returning created_at",
    )
    .bind(id)
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .bind(thread_id)
    .bind(&block_id)
    .bind(caller.user_id)
    .bind(body)
    .bind(&names)
    .fetch_one(write.conn())
    .await?;
    let resolved: Vec<(Uuid, Uuid, String)> = sqlx::query_as(
        "insert into comment_mentions (tenant_id, comment_id, user_id)
         select $1, $2, u.id from users u
         where u.tenant_id = $1 and lower(u.username) = any(select lower(n) from unnest($3::text[]) n)
         on conflict do nothing
         returning comment_id, user_id,
                   (select username from users where id = comment_mentions.user_id)",
    )
    .bind(caller.tenant_id)
    .bind(id)
    .bind(&names)
    .fetch_all(write.conn())
    .await?;
    write
        .change(NewChange {
            workspace_id,
            entity: "comment",
            entity_id: id,
            action: "created",
            version: None,
        })
        .await?;
    write
        .audit(AuditEvent {
            action: "comment.create",
            target_type: "comment",
            target_id: Some(id.to_string()),
            workspace_id: Some(workspace_id),
            details: serde_json::json!({ "document_id": document_id, "mentions": names }),
        })
        .await?;
    let comment = to_comment(
        CommentRow {
            id,
            document_id,
            thread_id,
            block_id,
            author: caller.user_id,
            author_username: caller.username.clone(),
            body: body.to_string(),
            mentions: names,
            created_at,
        },
        &resolved,
    );
    write
        .finish(Reply::json(StatusCode::CREATED, &comment)?)
        .await
}

/// Deletes a comment: its author, or a workspace Owner or Admin.
#[utoipa::path(delete, operation_id = "comments_delete",
    path = "/workspaces/{workspace_id}/documents/{document_id}/comments/{comment_id}",
    tag = "comments",
    params(("workspace_id" = Uuid, Path), ("document_id" = Uuid, Path), ("comment_id" = Uuid, Path),
           ("Idempotency-Key" = Option<String>, Header, description = "apply this write once")),
    responses((status = 204), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    IdempotencyKey(key): IdempotencyKey,
    Path((workspace_id, document_id, comment_id)): Path<(Uuid, Uuid, Uuid)>,
) -> Result<Response> {
    let path = format!("/workspaces/{workspace_id}/documents/{document_id}/comments/{comment_id}");
    let mut write =
        match Write::begin(&state, &caller, key, &fingerprint("DELETE", &path, &())).await? {
            Begun::Replay(response) => return Ok(response),
            Begun::Fresh(write) => write,
        };
    let role = workspace_role(write.conn(), &caller, workspace_id).await?;
    let author: Uuid = sqlx::query_scalar(
        "select author from comments
         where tenant_id = $1 and document_id = $2 and id = $3 and deleted_at is null",
    )
    .bind(caller.tenant_id)
    .bind(document_id)
    .bind(comment_id)
    .fetch_optional(write.conn())
    .await?
    .ok_or(HubError::NotFound("comment"))?;
    if author != caller.user_id && !role.manages() {
        return Err(HubError::Forbidden(
            "only the comment's author or a workspace Owner or Admin may delete it".into(),
        ));
    }
    sqlx::query("update comments set deleted_at = now() where tenant_id = $1 and id = $2")
        .bind(caller.tenant_id)
        .bind(comment_id)
        .execute(write.conn())
        .await?;
    write
        .change(NewChange {
            workspace_id,
            entity: "comment",
            entity_id: comment_id,
            action: "deleted",
            version: None,
        })
        .await?;
    write
        .audit(AuditEvent {
            action: "comment.delete",
            target_type: "comment",
            target_id: Some(comment_id.to_string()),
            workspace_id: Some(workspace_id),
            details: serde_json::json!({ "document_id": document_id }),
        })
        .await?;
    write.finish(Reply::no_content()).await
}

/// Comments that mention the caller, newest first (the latest 100).
#[utoipa::path(get, operation_id = "comments_mentioning_me", path = "/mentions", tag = "comments",
    responses((status = 200, body = Vec<Comment>)))]
pub async fn mentioning_me(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<Comment>>> {
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    let rows = sqlx::query_as::<_, CommentRow>(
        "select c.id, c.document_id, c.thread_id, c.block_id, c.author,
                u.username as author_username, c.body, c.mentions, c.created_at
         from comment_mentions cm
         join comments c on c.id = cm.comment_id
         join users u on u.id = c.author
         join workspaces w on w.id = c.workspace_id
         join workspace_members m on m.workspace_id = w.id and m.user_id = $2
         where cm.tenant_id = $1 and cm.user_id = $2
           and c.deleted_at is null and w.deleted_at is null
         order by c.created_at desc
         limit 100",
    )
    .bind(caller.tenant_id)
    .bind(caller.user_id)
    .fetch_all(&mut *tx)
    .await?;
    let me = [(Uuid::nil(), caller.user_id, caller.username.clone())];
    let comments = rows
        .into_iter()
        .map(|row| {
            let resolved: Vec<_> = me.iter().map(|(_, u, n)| (row.id, *u, n.clone())).collect();
            to_comment(row, &resolved)
        })
        .collect();
    Ok(axum::Json(comments))
}

async fn require_document(
    conn: &mut sqlx::PgConnection,
    caller: &Caller,
    workspace_id: Uuid,
    document_id: Uuid,
) -> Result<()> {
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from documents
                        where tenant_id = $1 and workspace_id = $2 and id = $3 and deleted_at is null)",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(document_id)
    .fetch_one(conn)
    .await?;
    if exists {
        Ok(())
    } else {
        Err(HubError::NotFound("document"))
    }
}

/// A row with its mentions resolved from `(comment id, user id, user name)` triples.
fn to_comment(row: CommentRow, resolved: &[(Uuid, Uuid, String)]) -> Comment {
    let mentions = row
        .mentions
        .iter()
        .map(|name| Mention {
            username: name.clone(),
            user_id: resolved
                .iter()
                .find(|(c, _, n)| *c == row.id && n.eq_ignore_ascii_case(name))
                .map(|(_, u, _)| *u),
        })
        .collect();
    Comment {
        id: row.id,
        document_id: row.document_id,
        thread_id: row.thread_id,
        block_id: row.block_id,
        author: row.author,
        author_username: row.author_username,
        body: row.body,
        mentions,
        created_at: row.created_at,
    }
}
