//! The PostgreSQL pool, migrations and tenant-scoped transactions.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::error::{HubError, Result};

/// A transaction bound to one tenant: row-level security shows it only that tenant's rows.
pub type TenantTx = Transaction<'static, Postgres>;

/// The hub's database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    /// Connects a pool of at most `max_connections`.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| {
                HubError::Config(format!(
                    "cannot connect to the database at database_url ({e}): check the URL and \
                     that PostgreSQL is running"
                ))
            })?;
        Ok(Self { pool })
    }

    /// Applies the migrations in `crates/hub/migrations` that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        Ok(())
    }

    /// Warns when the hub's role bypasses row-level security (superuser or BYPASSRLS): tenant
    /// isolation then rests on the queries' own tenant filters alone.
    pub async fn warn_if_rls_bypassed(&self) -> Result<()> {
        let bypass: bool = sqlx::query_scalar(
            "select rolsuper or rolbypassrls from pg_roles where rolname = current_user",
        )
        .fetch_one(&self.pool)
        .await?;
        if bypass {
            tracing::warn!(
                "the database role bypasses row-level security; connect as a role without \
                 SUPERUSER and BYPASSRLS"
            );
        }
        Ok(())
    }

    /// Answers whether the database takes queries (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("select 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Begins a transaction in which only `tenant`'s rows exist.
    pub async fn begin_tenant(&self, tenant: Uuid) -> Result<TenantTx> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("select set_config('app.tenant', $1, true)")
            .bind(tenant.to_string())
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// The pool, for the few queries outside any tenant (tenant lookup, the change listener).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}
