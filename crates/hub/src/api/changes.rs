//! The change feed over HTTP: pages with `GET /changes?since=N`, and a live Server-Sent Events
//! stream that sends each change as it commits.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};
use utoipa::{IntoParams, ToSchema};

use super::extract::Query;
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::feed::{self, Change, Signal};
use crate::state::AppState;

/// Where to start.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Since {
    /// The last sequence number already seen (0 for everything). A number past the tenant's
    /// latest (a restored database) counts as the latest.
    #[serde(default)]
    pub since: i64,
    /// Most changes to return (1 to 1000, default 500).
    pub limit: Option<i64>,
}

/// A page of the change feed.
#[derive(Serialize, ToSchema)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// Pass as `since` next time.
    pub next: i64,
    /// Whether more changes follow right away.
    pub more: bool,
}

/// The changes after `since` the caller may see, oldest first.
#[utoipa::path(get, operation_id = "changes_list", path = "/changes", tag = "changes", params(Since),
    responses((status = 200, body = ChangePage)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<Since>,
) -> Result<axum::Json<ChangePage>> {
    let limit = query.limit.unwrap_or(500);
    if !(1..=1000).contains(&limit) {
        return Err(HubError::BadRequest("limit is 1 to 1000".into()));
    }
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    // Every change up to the latest number is committed (numbers are taken in commit order),
    // so past the last visible one the next page can start at the latest.
    let latest = feed::latest(&mut tx, &caller).await?;
    let changes = feed::since(&mut tx, &caller, query.since, latest, limit).await?;
    let more = changes.len() as i64 == limit;
    let next = match changes.last() {
        Some(last) if more => last.seq,
        _ => latest,
    };
    Ok(axum::Json(ChangePage {
        changes,
        next,
        more,
    }))
}

/// Streams changes after `since` (or `Last-Event-ID`) as `change` events whose id is the
/// sequence number; a `ready` event marks the end of the backlog. The stream ends when the
/// access token expires: reconnect with a fresh one and `Last-Event-ID`.
#[utoipa::path(get, operation_id = "changes_stream", path = "/changes/stream", tag = "changes", params(Since),
    responses((status = 200, content_type = "text/event-stream", body = Change)))]
pub async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<Since>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = std::result::Result<Event, Infallible>>> {
    let since = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(query.since);
    // Subscribe before reading the backlog, so nothing committed in between is missed.
    let signals = state.feed.subscribe();
    let (events, received) = mpsc::channel(64);
    tokio::spawn(async move {
        if let Err(error) = pump(&state, &caller, since, signals, &events).await {
            tracing::warn!(%error, "change stream ended");
        }
    });
    let stream = futures_util::stream::unfold(received, |mut received| async move {
        received.recv().await.map(|event| (Ok(event), received))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// How often a stream re-reads the feed even without a signal (a safety net).
const RESYNC_EVERY: Duration = Duration::from_secs(30);

async fn pump(
    state: &AppState,
    caller: &Caller,
    mut last: i64,
    mut signals: broadcast::Receiver<Signal>,
    events: &mpsc::Sender<Event>,
) -> Result<()> {
    let expires_in =
        u64::try_from(caller.token_expires_at - chrono::Utc::now().timestamp()).unwrap_or(0);
    let expiry = tokio::time::sleep(Duration::from_secs(expires_in));
    tokio::pin!(expiry);
    let mut resync = tokio::time::interval(RESYNC_EVERY);
    resync.tick().await;
    let latest = {
        let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
        feed::latest(&mut tx, caller).await?
    };
    last = last.min(latest);
    if !send_since(state, caller, &mut last, events).await? {
        return Ok(());
    }
    let ready = Event::default()
        .event("ready")
        .data(format!("{{\"seq\":{last}}}"));
    if events.send(ready).await.is_err() {
        return Ok(());
    }
    loop {
        let read = tokio::select! {
            signal = signals.recv() => match signal {
                Ok(Signal::Changed { tenant_id, seq }) => tenant_id == caller.tenant_id && seq > last,
                Ok(Signal::Resync) | Err(broadcast::error::RecvError::Lagged(_)) => true,
                Err(broadcast::error::RecvError::Closed) => return Ok(()),
            },
            _ = resync.tick() => true,
            () = events.closed() => return Ok(()),
            () = state.shutdown.cancelled() => return Ok(()),
            () = &mut expiry => {
                let _ = events.send(Event::default().event("expired").data("{}")).await;
                return Ok(());
            }
        };
        if read && !send_since(state, caller, &mut last, events).await? {
            return Ok(());
        }
    }
}

/// Sends every visible change after `last`; `false` once the client has gone.
async fn send_since(
    state: &AppState,
    caller: &Caller,
    last: &mut i64,
    events: &mpsc::Sender<Event>,
) -> Result<bool> {
    loop {
        let changes = {
            let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
            feed::since(&mut tx, caller, *last, i64::MAX, 500).await?
        };
        let full = changes.len() == 500;
        for change in changes {
            let seq = change.seq;
            let event = Event::default()
                .event("change")
                .id(seq.to_string())
                .json_data(&change)
                .map_err(|e| HubError::Internal(format!("serialize a change: {e}")))?;
            if events.send(event).await.is_err() {
                return Ok(false);
            }
            *last = seq;
        }
        if !full {
            return Ok(true);
        }
    }
}
