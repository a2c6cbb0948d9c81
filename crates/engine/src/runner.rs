//! Running a query: bound parameters, the result cache, cancellation, and the first page.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use duckdb::types::{ToSql, ToSqlOutput, Value};
use duckdb::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::{CacheOutcome, CachedResult, MAX_ENTRY_BYTES, ResultCache};
use crate::cancel::{self, CancelToken, ProgressFn};
use crate::catalog;
use crate::error::{EngineError, Result};
use crate::query::{ArrowResult, ColumnMeta, PageBuilder, QueryOptions, QueryResult};
use crate::sql_ast::ParsedSelect;

/// A value bound to a `?` or `$n` placeholder; never spliced into the SQL text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Param {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    /// A list, e.g. the choices of a multi-select: `list_contains($regions, region)`.
    List(Vec<Param>),
}

impl Param {
    fn value(&self) -> Value {
        match self {
            Param::Null => Value::Null,
            Param::Bool(b) => Value::Boolean(*b),
            Param::Int(i) => Value::BigInt(*i),
            Param::Float(f) => Value::Double(*f),
            Param::Text(t) => Value::Text(t.clone()),
            Param::List(items) => Value::List(items.iter().map(Param::value).collect()),
        }
    }
}

impl ToSql for Param {
    fn to_sql(&self) -> duckdb::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(self.value()))
    }
}

/// The cache key of a parsed SELECT with its parameters: its fingerprint, the parameters, the
/// version of every dataset it reads and the workspace's write epoch.
pub(crate) fn cache_key(
    conn: &Connection,
    parsed: &ParsedSelect,
    tables: &BTreeSet<String>,
    params: &[Param],
    write_epoch: u64,
) -> Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(parsed.fingerprint.as_bytes());
    hasher.update(serde_json::to_string(params).unwrap_or_default().as_bytes());
    for table in tables {
        let name = table.rsplit('.').next().unwrap_or(table);
        let version = catalog::version_of(conn, name)?;
        hasher.update(format!("\n{table}={version:?}").as_bytes());
    }
    hasher.update(format!("\nepoch={write_epoch}").as_bytes());
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// What to run and how the cache takes part.
pub(crate) struct Run<'a> {
    pub sql: &'a str,
    pub params: &'a [Param],
    /// The cache key and the tables read, when the result may be cached.
    pub cache: Option<(String, BTreeSet<String>)>,
    pub options: &'a QueryOptions,
}

/// Runs `run` on `conn`, answering from the cache when it can.
pub(crate) fn execute(
    conn: &Connection,
    cache: &ResultCache,
    run: &Run<'_>,
    cancel: &CancelToken,
    progress: ProgressFn<'_>,
) -> Result<QueryResult> {
    let started = Instant::now();
    if let Some((key, _)) = &run.cache
        && let (Some(hit), outcome) = cache.get(conn, key)?
    {
        let mut result = page(&hit, run.options)?;
        result.cache = outcome;
        result.elapsed_ms = elapsed_ms(started);
        return Ok(result);
    }
    if cancel.is_cancelled() {
        return Err(EngineError::Cancelled);
    }
    let outcome = if run.cache.is_some() {
        CacheOutcome::Miss
    } else {
        CacheOutcome::Bypassed
    };
    let (mut result, complete) = cancel::watch(conn, cancel, progress, || stream(conn, run))
        .map_err(|e| {
            if cancel.is_cancelled() {
                EngineError::Cancelled
            } else {
                e
            }
        })?;
    if let (Some((key, tables)), Some(mut complete)) = (&run.cache, complete) {
        complete.tables = tables.clone();
        cache.put(conn, key, Arc::new(complete));
    }
    result.cache = outcome;
    result.elapsed_ms = elapsed_ms(started);
    Ok(result)
}

/// Runs `run` and returns its whole result as Arrow batches, answering from the cache when it
/// can; fails with [`EngineError::TooManyRows`] past `max_rows` rows.
pub(crate) fn execute_arrow(
    conn: &Connection,
    cache: &ResultCache,
    run: &Run<'_>,
    cancel: &CancelToken,
    max_rows: u64,
) -> Result<ArrowResult> {
    let started = Instant::now();
    if let Some((key, _)) = &run.cache
        && let (Some(hit), outcome) = cache.get(conn, key)?
    {
        if hit.rows > max_rows {
            return Err(EngineError::TooManyRows { limit: max_rows });
        }
        return Ok(ArrowResult {
            schema: Arc::clone(&hit.schema),
            batches: hit.batches.clone(),
            rows: hit.rows,
            elapsed_ms: elapsed_ms(started),
            cache: outcome,
        });
    }
    let collect = || -> Result<(duckdb::arrow::datatypes::SchemaRef, Vec<_>, u64)> {
        let mut stmt = conn.prepare(run.sql)?;
        let stream = stmt.stream_arrow(params_from_iter(run.params))?;
        let schema = stream.get_schema();
        let mut batches = Vec::new();
        let mut rows = 0u64;
        for batch in stream {
            let batch = batch?;
            rows += batch.num_rows() as u64;
            if rows > max_rows {
                return Err(EngineError::TooManyRows { limit: max_rows });
            }
            batches.push(batch);
        }
        Ok((schema, batches, rows))
    };
    let (schema, batches, rows) = cancel::watch(conn, cancel, &|_| {}, collect).map_err(|e| {
        if cancel.is_cancelled() {
            EngineError::Cancelled
        } else {
            e
        }
    })?;
    let bytes: usize = batches.iter().map(|b| b.get_array_memory_size()).sum();
    let outcome = match &run.cache {
        Some((key, tables)) => {
            if bytes <= MAX_ENTRY_BYTES {
                let entry = CachedResult {
                    schema: Arc::clone(&schema),
                    batches: batches.clone(),
                    rows,
                    bytes,
                    tables: tables.clone(),
                };
                cache.put(conn, key, Arc::new(entry));
            }
            CacheOutcome::Miss
        }
        None => CacheOutcome::Bypassed,
    };
    Ok(ArrowResult {
        schema,
        batches,
        rows,
        elapsed_ms: elapsed_ms(started),
        cache: outcome,
    })
}

/// Streams the result, converting the requested page and keeping all batches while they fit
/// the cache's entry limit. Rows outside the page are counted, never converted.
fn stream(conn: &Connection, run: &Run<'_>) -> Result<(QueryResult, Option<CachedResult>)> {
    let mut stmt = conn.prepare(run.sql)?;
    let batches = stmt.stream_arrow(params_from_iter(run.params))?;
    let schema = batches.get_schema();
    let columns: Vec<ColumnMeta> = schema
        .fields()
        .iter()
        .map(|f| ColumnMeta::from_field(f))
        .collect();
    let mut page = PageBuilder::new(run.options.offset, run.options.max_rows);
    let mut total_rows = 0u64;
    let mut kept = Some((Vec::new(), 0usize));
    for batch in batches {
        let batch = batch?;
        if !page.is_full() {
            page.push(&batch)?;
        }
        total_rows += batch.num_rows() as u64;
        if run.cache.is_some() {
            kept = kept.and_then(|(mut all, bytes)| {
                let bytes = bytes + batch.get_array_memory_size();
                all.push(batch);
                (bytes <= MAX_ENTRY_BYTES).then_some((all, bytes))
            });
        }
    }
    let complete = match (run.cache.is_some(), kept) {
        (true, Some((batches, bytes))) => Some(CachedResult {
            schema: Arc::clone(&schema),
            batches,
            rows: total_rows,
            bytes,
            tables: BTreeSet::new(),
        }),
        _ => None,
    };
    Ok((
        page_result(columns, run.options.offset, page, total_rows),
        complete,
    ))
}

/// The requested page of a cached result.
fn page(cached: &CachedResult, options: &QueryOptions) -> Result<QueryResult> {
    let columns = cached
        .schema
        .fields()
        .iter()
        .map(|f| ColumnMeta::from_field(f))
        .collect();
    let mut page = PageBuilder::new(options.offset, options.max_rows);
    for batch in &cached.batches {
        if page.is_full() {
            break;
        }
        page.push(batch)?;
    }
    Ok(page_result(columns, options.offset, page, cached.rows))
}

fn page_result(
    columns: Vec<ColumnMeta>,
    offset: u64,
    page: PageBuilder,
    total_rows: u64,
) -> QueryResult {
    let offset = offset.min(total_rows);
    QueryResult {
        columns,
        offset,
        truncated: offset > 0 || offset + (page.rows.len() as u64) < total_rows,
        rows: page.rows,
        total_rows,
        elapsed_ms: 0.0,
        cache: CacheOutcome::Bypassed,
    }
}

fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}
