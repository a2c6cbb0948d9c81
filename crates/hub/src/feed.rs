//! The change feed: every write appends a change under the tenant's next sequence number, and
//! `NOTIFY quarry_changes` tells every hub process (and so every live stream) at commit.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use sqlx::postgres::{PgListener, PgPool};
use tokio::sync::broadcast;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::Result;

/// The PostgreSQL notification channel; payloads are `<tenant id>:<seq>`.
pub const CHANNEL: &str = "quarry_changes";

/// One entry of the change feed.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Change {
    /// The tenant's sequence number: strictly increasing, in commit order.
    pub seq: i64,
    /// The workspace the change happened in.
    pub workspace_id: Option<Uuid>,
    /// What kind of object changed: `workspace`, `member`, `document`, `comment`,
    /// `automation` or `snapshot`.
    pub entity: String,
    /// The object's id (for members, the user's id).
    pub entity_id: Uuid,
    /// `created`, `updated`, `deleted` or `restored`.
    pub action: String,
    /// The object's version after the change, for versioned objects.
    pub version: Option<i32>,
    /// The user who made the change.
    pub actor: Uuid,
    /// When the change was committed.
    pub at: DateTime<Utc>,
}

/// A change about to be recorded.
pub struct NewChange {
    pub workspace_id: Uuid,
    pub entity: &'static str,
    pub entity_id: Uuid,
    pub action: &'static str,
    pub version: Option<i32>,
}

/// Appends `change` to the caller's tenant feed inside the write's transaction. The tenant row
/// stays locked until commit, so sequence order is commit order.
pub async fn record(conn: &mut PgConnection, caller: &Caller, change: NewChange) -> Result<i64> {
    let seq: i64 = sqlx::query_scalar(
        "update tenants set change_seq = change_seq + 1 where id = $1 returning change_seq",
    )
    .bind(caller.tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "insert into changes (tenant_id, seq, workspace_id, entity, entity_id, action, version, actor)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(caller.tenant_id)
    .bind(seq)
    .bind(change.workspace_id)
    .bind(change.entity)
    .bind(change.entity_id)
    .bind(change.action)
    .bind(change.version)
    .bind(caller.user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("select pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(format!("{}:{seq}", caller.tenant_id))
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// Changes in `since+1..=upto` that the caller may see (their workspaces; all of them for
/// Admins), at most `limit`.
pub async fn since(
    conn: &mut PgConnection,
    caller: &Caller,
    since: i64,
    upto: i64,
    limit: i64,
) -> Result<Vec<Change>> {
    let changes = sqlx::query_as::<_, Change>(
        "select c.seq, c.workspace_id, c.entity, c.entity_id, c.action, c.version, c.actor, c.at
         from changes c
         where c.tenant_id = $1 and c.seq > $2 and c.seq <= $6
           and ($3 or c.workspace_id is null or exists (
                 select 1 from workspace_members m
                 where m.workspace_id = c.workspace_id and m.user_id = $4))
         order by c.seq
         limit $5",
    )
    .bind(caller.tenant_id)
    .bind(since)
    .bind(caller.is_admin)
    .bind(caller.user_id)
    .bind(limit)
    .bind(upto)
    .fetch_all(conn)
    .await?;
    Ok(changes)
}

/// The tenant's latest sequence number.
pub async fn latest(conn: &mut PgConnection, caller: &Caller) -> Result<i64> {
    let seq = sqlx::query_scalar("select change_seq from tenants where id = $1")
        .bind(caller.tenant_id)
        .fetch_one(conn)
        .await?;
    Ok(seq)
}

/// What live streams are told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// A change committed in a tenant.
    Changed { tenant_id: Uuid, seq: i64 },
    /// Notifications may have been missed (the listener reconnected): every stream re-reads.
    Resync,
}

/// Fans database notifications out to the live streams of this process.
#[derive(Clone)]
pub struct FeedNotifier {
    sender: broadcast::Sender<Signal>,
}

impl Default for FeedNotifier {
    fn default() -> Self {
        Self::new()
    }
}

impl FeedNotifier {
    /// A notifier with no listener yet.
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Self { sender }
    }

    /// A receiver of every signal from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Signal> {
        self.sender.subscribe()
    }

    /// Connects the notification listener and keeps it connected for the life of the hub.
    pub async fn start(&self, pool: PgPool) -> Result<tokio::task::JoinHandle<()>> {
        let mut listener = PgListener::connect_with(&pool).await?;
        listener.listen(CHANNEL).await?;
        let sender = self.sender.clone();
        Ok(tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        if let Some(signal) = parse(notification.payload()) {
                            let _ = sender.send(signal);
                        }
                    }
                    Ok(None) => {
                        tracing::warn!("change listener reconnecting; streams will re-read");
                        let _ = sender.send(Signal::Resync);
                    }
                    Err(error) => {
                        tracing::warn!(%error, "change listener failed; retrying in 1 s");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        let _ = sender.send(Signal::Resync);
                    }
                }
            }
        }))
    }
}

fn parse(payload: &str) -> Option<Signal> {
    let (tenant, seq) = payload.split_once(':')?;
    Some(Signal::Changed {
        tenant_id: tenant.parse().ok()?,
        seq: seq.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_payloads_parse() {
        let id = Uuid::new_v4();
        assert_eq!(
            parse(&format!("{id}:42")),
            Some(Signal::Changed {
                tenant_id: id,
                seq: 42
            })
        );
        assert_eq!(parse("nonsense"), None);
        assert_eq!(parse(&format!("{id}:x")), None);
    }
}
