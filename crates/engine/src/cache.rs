//! The result cache. A key is the query's fingerprint (from DuckDB's parser, so layout and
//! identifier case do not matter), its bound parameters, the versions of the datasets it reads
//! and the workspace's write epoch. Two levels: an LRU in memory bounded in bytes, and tables in
//! the workspace (schema `_quarry_cache`) that survive restarts. Refreshing a dataset drops the
//! entries that read it, and only those.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use duckdb::Connection;
use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;
use serde::Serialize;

use crate::catalog::{quote_identifier, quote_literal};
use crate::error::Result;
use crate::query::sql_type_of;

/// Default bound of the memory level.
pub const DEFAULT_MEMORY_BYTES: usize = 256 * 1024 * 1024;

/// Results larger than this are not cached at all.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024 * 1024;

/// A complete query result, as Arrow batches.
#[derive(Debug)]
pub(crate) struct CachedResult {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub rows: u64,
    pub bytes: usize,
    /// Tables it read (lowercase, as the query named them).
    pub tables: BTreeSet<String>,
}

/// Where a result came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CacheOutcome {
    /// Not looked up (not a single SELECT, or the caller asked to bypass the cache).
    Bypassed,
    Miss,
    MemoryHit,
    PersistedHit,
}

/// Counters and sizes of both levels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheStats {
    pub memory_hits: u64,
    pub persisted_hits: u64,
    pub misses: u64,
    pub memory_entries: u64,
    pub memory_bytes: u64,
    pub memory_capacity_bytes: u64,
    pub persisted_entries: u64,
    pub persisted_bytes: u64,
}

pub(crate) const CACHE_DDL: &str = "
    CREATE SCHEMA IF NOT EXISTS _quarry_cache;
    CREATE TABLE IF NOT EXISTS _quarry.cache_entries (
        key VARCHAR PRIMARY KEY,
        result_table VARCHAR NOT NULL,
        tables VARCHAR[] NOT NULL,
        row_count UBIGINT NOT NULL,
        bytes UBIGINT NOT NULL,
        created_at TIMESTAMP NOT NULL
    );";

pub(crate) struct ResultCache {
    memory: Mutex<MemoryLevel>,
    memory_hits: AtomicU64,
    persisted_hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct MemoryLevel {
    entries: HashMap<String, (Arc<CachedResult>, u64)>,
    clock: u64,
    bytes: usize,
    capacity: usize,
}

impl MemoryLevel {
    fn get(&mut self, key: &str) -> Option<Arc<CachedResult>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(result, used)| {
            *used = clock;
            Arc::clone(result)
        })
    }

    fn insert(&mut self, key: String, result: Arc<CachedResult>) {
        if result.bytes > self.capacity {
            return;
        }
        self.clock += 1;
        self.bytes += result.bytes;
        if let Some((old, _)) = self.entries.insert(key, (result, self.clock)) {
            self.bytes -= old.bytes;
        }
        while self.bytes > self.capacity {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((evicted, _)) = self.entries.remove(&oldest) {
                self.bytes -= evicted.bytes;
            }
        }
    }

    fn retain(&mut self, keep: impl Fn(&CachedResult) -> bool) {
        let bytes = &mut self.bytes;
        self.entries.retain(|_, (result, _)| {
            let kept = keep(result);
            if !kept {
                *bytes -= result.bytes;
            }
            kept
        });
    }
}

impl ResultCache {
    pub(crate) fn new(capacity_bytes: usize) -> Self {
        Self {
            memory: Mutex::new(MemoryLevel {
                capacity: capacity_bytes,
                ..MemoryLevel::default()
            }),
            memory_hits: AtomicU64::new(0),
            persisted_hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, MemoryLevel> {
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Looks `key` up in memory, then in the workspace.
    pub(crate) fn get(
        &self,
        conn: &Connection,
        key: &str,
    ) -> Result<(Option<Arc<CachedResult>>, CacheOutcome)> {
        if let Some(hit) = self.memory().get(key) {
            self.memory_hits.fetch_add(1, Ordering::Relaxed);
            return Ok((Some(hit), CacheOutcome::MemoryHit));
        }
        if let Some(loaded) = load_persisted(conn, key)? {
            let loaded = Arc::new(loaded);
            self.memory().insert(key.to_owned(), Arc::clone(&loaded));
            self.persisted_hits.fetch_add(1, Ordering::Relaxed);
            return Ok((Some(loaded), CacheOutcome::PersistedHit));
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        Ok((None, CacheOutcome::Miss))
    }

    /// Stores a result in both levels. Failing to persist is logged, not an error: the query
    /// itself succeeded.
    pub(crate) fn put(&self, conn: &Connection, key: &str, result: Arc<CachedResult>) {
        if let Err(error) = persist(conn, key, &result) {
            tracing::warn!(%error, "could not persist a cached result");
        }
        self.memory().insert(key.to_owned(), result);
    }

    /// Drops every entry that read `table` (a dataset name); returns how many persisted
    /// entries went.
    pub(crate) fn invalidate_table(&self, conn: &Connection, table: &str) -> Result<u64> {
        let table = table.to_lowercase();
        let reads = |tables: &BTreeSet<String>| {
            tables
                .iter()
                .any(|t| *t == table || t.rsplit('.').next() == Some(table.as_str()))
        };
        self.memory().retain(|result| !reads(&result.tables));
        let doomed: Vec<(String, String)> = {
            let mut stmt = conn.prepare(
                "SELECT key, result_table FROM _quarry.cache_entries
                  WHERE list_contains(tables, ?) OR list_contains(tables, 'main.' || ?)",
            )?;
            stmt.query_map([&table, &table], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        for (key, result_table) in &doomed {
            drop_persisted(conn, key, result_table)?;
        }
        Ok(doomed.len() as u64)
    }

    /// Empties both levels.
    pub(crate) fn clear(&self, conn: &Connection) -> Result<()> {
        self.memory().retain(|_| false);
        let entries: Vec<(String, String)> = {
            let mut stmt = conn.prepare("SELECT key, result_table FROM _quarry.cache_entries")?;
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        for (key, result_table) in &entries {
            drop_persisted(conn, key, result_table)?;
        }
        Ok(())
    }

    pub(crate) fn stats(&self, conn: &Connection) -> Result<CacheStats> {
        let (persisted_entries, persisted_bytes) = conn.query_row(
            "SELECT count(*), coalesce(sum(bytes), 0)::UBIGINT FROM _quarry.cache_entries",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let memory = self.memory();
        Ok(CacheStats {
            memory_hits: self.memory_hits.load(Ordering::Relaxed),
            persisted_hits: self.persisted_hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            memory_entries: memory.entries.len() as u64,
            memory_bytes: memory.bytes as u64,
            memory_capacity_bytes: memory.capacity as u64,
            persisted_entries,
            persisted_bytes,
        })
    }
}

fn result_table_name(key: &str) -> String {
    format!("r_{}", &key[..key.len().min(32)])
}

fn persist(conn: &Connection, key: &str, result: &CachedResult) -> Result<()> {
    let table = result_table_name(key);
    let columns: Option<Vec<String>> = result
        .schema
        .fields()
        .iter()
        .map(|f| sql_type_of(f.data_type()).map(|t| format!("{} {t}", quote_identifier(f.name()))))
        .collect();
    let Some(columns) = columns else {
        return Ok(()); // a type the appender cannot write back exactly: memory only
    };
    conn.execute_batch("BEGIN TRANSACTION")?;
    match write_entry(conn, key, &table, &columns, result) {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(error) => {
            conn.execute_batch("ROLLBACK")?;
            return Err(error);
        }
    }
    Ok(())
}

/// Creates the result table, appends the batches and indexes the entry (inside a transaction).
fn write_entry(
    conn: &Connection,
    key: &str,
    table: &str,
    columns: &[String],
    result: &CachedResult,
) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TABLE _quarry_cache.{} ({});",
        quote_identifier(table),
        columns.join(", ")
    ))?;
    {
        let mut appender = conn.appender_to_db(table, "_quarry_cache")?;
        for batch in &result.batches {
            appender.append_record_batch(batch.clone())?;
        }
        appender.flush()?;
    }
    let tables: Vec<String> = result.tables.iter().map(|t| quote_literal(t)).collect();
    conn.execute(
        &format!(
            "INSERT OR REPLACE INTO _quarry.cache_entries VALUES (?, ?, [{}]::VARCHAR[], ?, ?, now()::TIMESTAMP)",
            tables.join(", ")
        ),
        duckdb::params![key, table, result.rows, result.bytes as u64],
    )?;
    Ok(())
}

fn load_persisted(conn: &Connection, key: &str) -> Result<Option<CachedResult>> {
    let entry: Option<(String, Vec<String>, u64)> = {
        let mut stmt = conn.prepare(
            "SELECT result_table, array_to_string(tables, chr(31)), bytes FROM _quarry.cache_entries WHERE key = ?",
        )?;
        let mut rows = stmt.query_map([key], |row| {
            let tables: String = row.get(1)?;
            Ok((
                row.get::<_, String>(0)?,
                tables
                    .split('\u{1f}')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
                row.get::<_, u64>(2)?,
            ))
        })?;
        rows.next().transpose()?
    };
    let Some((table, tables, bytes)) = entry else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM _quarry_cache.{}",
        quote_identifier(&table)
    ))?;
    let arrow = stmt.query_arrow([])?;
    let schema = arrow.get_schema();
    let batches: Vec<RecordBatch> = arrow.collect();
    let rows = batches.iter().map(|b| b.num_rows() as u64).sum();
    Ok(Some(CachedResult {
        schema,
        batches,
        rows,
        bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
        tables: tables.into_iter().collect(),
    }))
}

fn drop_persisted(conn: &Connection, key: &str, result_table: &str) -> Result<()> {
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS _quarry_cache.{}",
        quote_identifier(result_table)
    ))?;
    conn.execute("DELETE FROM _quarry.cache_entries WHERE key = ?", [key])?;
    Ok(())
}
