//! Dataset snapshots into the offline cache: downloaded by byte ranges so an interrupted
//! download resumes where it stopped, verified against the hub's SHA-256, then moved into
//! place atomically.

use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::client::{Call, HubClient, TokenSource};
use crate::error::{Result, SyncError};

/// A snapshot in the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedSnapshot {
    /// The dataset it is a snapshot of (its name in the workspace).
    pub dataset: String,
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
    /// Bytes that were already on disk from an earlier, interrupted download.
    pub resumed_from: u64,
}

#[derive(Deserialize)]
struct SnapshotMeta {
    dataset: String,
    sha256: Option<String>,
    size_bytes: Option<u64>,
}

/// Downloads snapshot `snapshot` of `workspace` into `cache` as `<dataset>-<id>.parquet`,
/// resuming a partial `.part` file left by an earlier attempt.
pub async fn download_snapshot<T: TokenSource>(
    client: &HubClient<T>,
    workspace: Uuid,
    snapshot: Uuid,
    cache: &Path,
) -> Result<CachedSnapshot> {
    let base = format!("/workspaces/{workspace}/snapshots/{snapshot}");
    let answer = client.call(&Call::new(Method::GET, base.clone())).await?;
    if answer.status != StatusCode::OK {
        return Err(answer.error());
    }
    let meta: SnapshotMeta = answer.json()?;
    let (Some(sha256), Some(size)) = (meta.sha256, meta.size_bytes) else {
        return Err(SyncError::Hub {
            status: 409,
            detail: "the snapshot's file is not uploaded yet".into(),
        });
    };
    let name: String = meta
        .dataset
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let target = cache.join(format!("{name}-{snapshot}.parquet"));
    let part = target.with_extension("parquet.part");
    tokio::fs::create_dir_all(cache)
        .await
        .map_err(|e| SyncError::io(format!("create {}", cache.display()), e))?;
    if hash_file(&target).await.ok().as_deref() == Some(sha256.as_str()) {
        return Ok(CachedSnapshot {
            dataset: meta.dataset,
            path: target,
            sha256,
            size,
            resumed_from: size,
        });
    }
    let resumed_from = tokio::fs::metadata(&part)
        .await
        .map(|m| m.len())
        .unwrap_or(0)
        .min(size);
    let mut call = Call::new(Method::GET, format!("{base}/content"));
    if resumed_from > 0 {
        call = call
            .header("range", format!("bytes={resumed_from}-"))
            .header("if-range", format!("\"{sha256}\""));
    }
    let response = client.open(&call).await?;
    let append = match response.status() {
        StatusCode::PARTIAL_CONTENT => true,
        StatusCode::OK => false,
        status => {
            return Err(SyncError::Hub {
                status: status.as_u16(),
                detail: "the snapshot download was refused".into(),
            });
        }
    };
    let io = |what: &str, e| SyncError::io(format!("{what} {}", part.display()), e);
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(&part)
        .await
        .map_err(|e| io("open", e))?;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            SyncError::Offline(format!(
                "the download was interrupted ({e}); it resumes next time"
            ))
        })?;
        file.write_all(&chunk).await.map_err(|e| io("write", e))?;
    }
    file.sync_all().await.map_err(|e| io("sync", e))?;
    drop(file);
    let actual = hash_file(&part).await.map_err(|e| io("read", e))?;
    if actual != sha256 {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(SyncError::HashMismatch {
            expected: sha256,
            actual,
        });
    }
    tokio::fs::rename(&part, &target)
        .await
        .map_err(|e| io("rename", e))?;
    Ok(CachedSnapshot {
        dataset: meta.dataset,
        path: target,
        sha256,
        size,
        resumed_from: if append { resumed_from } else { 0 },
    })
}

/// Publishes the Parquet file at `path` as a new snapshot of `dataset` in `workspace`: announces
/// its SHA-256 and row count, then uploads it (the hub refuses other bytes). Returns the
/// snapshot's id; other clients download it when they next pull. The file is sent from memory.
pub async fn upload_snapshot<T: TokenSource>(
    client: &HubClient<T>,
    workspace: Uuid,
    dataset: &str,
    path: &Path,
    row_count: Option<u64>,
) -> Result<Uuid> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| SyncError::io(format!("read {}", path.display()), e))?;
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let announce = Call::new(Method::POST, format!("/workspaces/{workspace}/snapshots")).json(
        &serde_json::json!({ "dataset": dataset, "row_count": row_count, "sha256": sha256 }),
    )?;
    let answer = client.call(&announce).await?;
    if answer.status != StatusCode::CREATED && answer.status != StatusCode::OK {
        return Err(answer.error());
    }
    #[derive(Deserialize)]
    struct Created {
        id: Uuid,
    }
    let snapshot = answer.json::<Created>()?.id;
    let upload = Call::new(
        Method::PUT,
        format!("/workspaces/{workspace}/snapshots/{snapshot}/content"),
    )
    .bytes(bytes.into(), "application/vnd.apache.parquet");
    let answer = client.call(&upload).await?;
    if !answer.status.is_success() {
        return Err(answer.error());
    }
    Ok(snapshot)
}

async fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
