//! A small pool of DuckDB connections to one database, so queries, imports and catalog reads
//! can run side by side on different threads.

use std::ops::Deref;
use std::sync::Mutex;

use duckdb::Connection;

use crate::error::Result;

/// Idle connections kept for reuse; more are opened on demand and closed when returned.
const MAX_IDLE: usize = 8;

/// Connections to one open database. `Sync`: share it behind an `Arc`.
pub(crate) struct Pool {
    root: Mutex<Connection>,
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    pub(crate) fn new(root: Connection) -> Self {
        Self {
            root: Mutex::new(root),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A connection for the caller's exclusive use until the guard drops.
    pub(crate) fn get(&self) -> Result<PooledConnection<'_>> {
        let reused = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match reused {
            Some(conn) => conn,
            None => self
                .root
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .try_clone()?,
        };
        Ok(PooledConnection {
            pool: self,
            conn: Some(conn),
        })
    }
}

/// A borrowed connection; goes back to the pool on drop.
pub(crate) struct PooledConnection<'a> {
    pool: &'a Pool,
    conn: Option<Connection>,
}

impl Deref for PooledConnection<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        // Only `drop` takes the connection out.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for PooledConnection<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        // A connection left inside a transaction (a panic mid-import) must not be reused.
        if !conn.is_autocommit() {
            return;
        }
        let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}
