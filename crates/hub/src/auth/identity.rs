//! Tenants and users as the database knows them, created on first sight of a token.

use std::collections::HashMap;
use std::sync::Mutex;

use uuid::Uuid;

use super::token::TokenIdentity;
use crate::db::Db;
use crate::error::Result;

/// Database ids of a token's tenant and user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
}

/// Resolves token identities to database ids, caching them (the claims are rewritten to the
/// user's row whenever they change).
pub struct Directory {
    db: Db,
    cache: Mutex<HashMap<(String, String), (TokenIdentity, Ids)>>,
}

/// Entries kept before the cache starts over.
const CACHE_CAPACITY: usize = 50_000;

impl Directory {
    /// A directory over `db`.
    pub fn new(db: Db) -> Self {
        Self {
            db,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The ids for `identity`, creating its tenant and user rows when new.
    pub async fn resolve(&self, identity: &TokenIdentity) -> Result<Ids> {
        let key = (identity.tenant.clone(), identity.subject.clone());
        if let Some((seen, ids)) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned())
            && seen == *identity
        {
            return Ok(ids);
        }
        let tenant_id = self.tenant_id(&identity.tenant).await?;
        let mut tx = self.db.begin_tenant(tenant_id).await?;
        let user_id: Uuid = sqlx::query_scalar(
            "insert into users (tenant_id, subject, username, display_name, email)
             values ($1, $2, $3, $4, $5)
             on conflict (tenant_id, subject) do update
               set username = excluded.username,
                   display_name = excluded.display_name,
                   email = excluded.email
             returning id",
        )
        .bind(tenant_id)
        .bind(&identity.subject)
        .bind(&identity.username)
        .bind(&identity.display_name)
        .bind(&identity.email)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        let ids = Ids { tenant_id, user_id };
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
            cache.insert(key, (identity.clone(), ids));
        }
        Ok(ids)
    }

    async fn tenant_id(&self, key: &str) -> Result<Uuid> {
        let id = sqlx::query_scalar(
            "with created as (
               insert into tenants (key) values ($1) on conflict (key) do nothing returning id
             )
             select id from created
             union all
             select id from tenants where key = $1
             limit 1",
        )
        .bind(key)
        .fetch_optional(self.db.pool())
        .await?;
        if let Some(id) = id {
            return Ok(id);
        }
        // A concurrent first request created the tenant while this statement waited on it: the
        // statement's snapshot predates that commit, so it saw neither row. A new statement does.
        let id = sqlx::query_scalar("select id from tenants where key = $1")
            .bind(key)
            .fetch_one(self.db.pool())
            .await?;
        Ok(id)
    }
}
