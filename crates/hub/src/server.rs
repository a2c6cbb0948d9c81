//! Starting and stopping the hub.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::auth::{Directory, TokenVerifier};
use crate::config::Config;
use crate::db::Db;
use crate::error::{HubError, Result};
use crate::feed::FeedNotifier;
use crate::idempotency;
use crate::ratelimit::RateLimiter;
use crate::state::{AppState, Shared};
use crate::storage::SnapshotStore;

/// A hub serving requests.
pub struct RunningHub {
    addr: SocketAddr,
    shutdown: CancellationToken,
    stopped: oneshot::Receiver<()>,
    server: JoinHandle<Result<()>>,
    background: Vec<JoinHandle<()>>,
}

/// Connects the database (migrating it when configured), opens the object store, binds the
/// listener and serves until [`RunningHub::stop`].
pub async fn start(config: Config) -> Result<RunningHub> {
    let db = Db::connect(&config.database_url, config.database_max_connections).await?;
    if config.migrate {
        db.migrate().await?;
    }
    db.warn_if_rls_bypassed().await?;
    let store = SnapshotStore::open(&config.object_store, &config.object_store_options)?;
    store.check().await.map_err(|e| {
        HubError::Config(format!(
            "the object store {} cannot be used: {e}",
            config.object_store
        ))
    })?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| HubError::Internal(format!("HTTP client: {e}")))?;
    let feed = FeedNotifier::new();
    let listener_task = feed.start(db.pool().clone()).await?;
    let shutdown = CancellationToken::new();
    let state = AppState::new(Shared {
        verifier: TokenVerifier::new(&config.oidc, http),
        directory: Directory::new(db.clone()),
        limiter: RateLimiter::new(&config.rate_limit),
        config,
        db: db.clone(),
        store,
        feed,
        shutdown: shutdown.clone(),
    });
    let listener = tokio::net::TcpListener::bind(state.config.listen)
        .await
        .map_err(|e| HubError::io(format!("listen on {}", state.config.listen), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| HubError::io("read the listening address", e))?;
    let app = crate::api::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let (stopped_tx, stopped) = oneshot::channel();
    let graceful = shutdown.clone();
    let server = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move { graceful.cancelled().await })
            .await
            .map_err(|e| HubError::io("serve HTTP", e));
        let _ = stopped_tx.send(());
        served
    });
    let expiry = tokio::spawn(async move {
        let mut hourly = tokio::time::interval(Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            match idempotency::expire(&db).await {
                Ok(removed) => tracing::debug!(removed, "expired idempotency keys"),
                Err(error) => tracing::warn!(%error, "could not expire idempotency keys"),
            }
        }
    });
    tracing::info!(%addr, "quarry-hub listening");
    Ok(RunningHub {
        addr,
        shutdown,
        stopped,
        server,
        background: vec![listener_task, expiry],
    })
}

impl RunningHub {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests, ends live streams, and waits (at most 10 s) for requests in
    /// flight.
    pub async fn stop(self) -> Result<()> {
        self.shutdown.cancel();
        self.finish().await
    }

    /// Serves until `signal` completes, then stops.
    pub async fn serve_until(self, signal: impl Future<Output = ()>) -> Result<()> {
        let shutdown = self.shutdown.clone();
        tokio::select! {
            () = signal => shutdown.cancel(),
            () = shutdown.cancelled() => {}
        }
        self.finish().await
    }

    async fn finish(self) -> Result<()> {
        let outcome = match tokio::time::timeout(Duration::from_secs(10), self.stopped).await {
            Ok(_) => match self.server.await {
                Ok(result) => result,
                Err(e) => Err(HubError::Internal(format!("the server task failed: {e}"))),
            },
            Err(_) => {
                tracing::warn!("requests still running after 10 s; stopping anyway");
                self.server.abort();
                Ok(())
            }
        };
        for task in self.background {
            task.abort();
        }
        outcome
    }
}
