//! Dataset snapshot files in object storage: streamed in with their SHA-256 computed on the
//! way, streamed out whole or by byte range.

mod s3;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};

use crate::error::{HubError, Result};

/// Parquet files start and end with these bytes.
const PARQUET_MAGIC: &[u8; 4] = b"PAR1";

/// What an upload stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    pub size: u64,
}

/// A byte stream out of the store.
pub type ByteStream = futures_util::stream::BoxStream<'static, Result<Bytes, object_store::Error>>;

/// The snapshot store.
#[derive(Clone, Debug)]
pub struct SnapshotStore {
    store: Arc<dyn ObjectStore>,
}

impl SnapshotStore {
    /// Opens the store `location` names: a directory (created if missing) or `file://` URL, or
    /// `s3://bucket/prefix` with the S3 settings in `options` (see [`s3::open`]).
    pub fn open(location: &str, options: &BTreeMap<String, String>) -> Result<Self> {
        if location.contains("://") && !location.starts_with("file://") {
            return Ok(Self {
                store: s3::open(location, options)?,
            });
        }
        if let Some(key) = options.keys().next() {
            return Err(HubError::Config(format!(
                "object_store_options.{key}: options apply to s3:// stores only"
            )));
        }
        let dir = location.strip_prefix("file://").unwrap_or(location);
        std::fs::create_dir_all(dir)
            .map_err(|e| HubError::io(format!("create the object store directory {dir}"), e))?;
        let store = LocalFileSystem::new_with_prefix(dir)?.with_automatic_cleanup(true);
        Ok(Self {
            store: Arc::new(store),
        })
    }

    /// Checks that the store answers and lets the hub in: one listing of its top level (a
    /// missing bucket or refused credentials fail here).
    pub async fn check(&self) -> Result<()> {
        self.store.list_with_delimiter(None).await?;
        Ok(())
    }

    /// Streams `body` to `key`, at most `limit` bytes, and checks it is a Parquet file. Nothing
    /// is left at `key` when it fails.
    pub async fn put<S, E>(&self, key: &str, body: S, limit: u64) -> Result<Stored>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let path = ObjectPath::from(key);
        let upload = self.store.put_multipart(&path).await?;
        let mut writer = WriteMultipart::new(upload);
        match copy(body, &mut writer, limit).await {
            Ok(stored) => {
                writer.finish().await?;
                Ok(stored)
            }
            Err(error) => {
                if let Err(abort) = writer.abort().await {
                    tracing::warn!(%abort, key, "could not abort a failed upload");
                }
                Err(error)
            }
        }
    }

    /// The object's bytes in `range` (all of them when `None`).
    pub async fn get(&self, key: &str, range: Option<Range<u64>>) -> Result<ByteStream> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = self.store.get_opts(&ObjectPath::from(key), options).await?;
        Ok(result.into_stream())
    }

    /// Removes the object, if it exists.
    pub async fn delete(&self, key: &str) -> Result<()> {
        match self.store.delete(&ObjectPath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn copy<S, E>(mut body: S, writer: &mut WriteMultipart, limit: u64) -> Result<Stored>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut head = Vec::with_capacity(4);
    let mut tail = [0u8; 4];
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            HubError::BadRequest(format!("the upload was interrupted ({e}); upload it again"))
        })?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(HubError::PayloadTooLarge(format!(
                "the snapshot is larger than the hub accepts ({limit} bytes, limits.snapshot_bytes)"
            )));
        }
        let missing = 4 - head.len();
        head.extend_from_slice(&chunk[..missing.min(chunk.len())]);
        for &byte in &chunk[chunk.len().saturating_sub(4)..] {
            tail.rotate_left(1);
            tail[3] = byte;
        }
        hasher.update(&chunk);
        writer.wait_for_capacity(4).await?;
        writer.write(&chunk);
    }
    if size < 8 || head != PARQUET_MAGIC || &tail != PARQUET_MAGIC {
        return Err(HubError::Unprocessable(
            "the upload is not a Parquet file (it must start and end with `PAR1`)".into(),
        ));
    }
    Ok(Stored {
        sha256: hex(&hasher.finalize()),
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;

    fn chunks(parts: &[&'static [u8]]) -> impl Stream<Item = Result<Bytes, String>> + Unpin {
        stream::iter(
            parts
                .iter()
                .map(|p| Ok(Bytes::from_static(p)))
                .collect::<Vec<_>>(),
        )
    }

    #[tokio::test]
    async fn uploads_are_hashed_and_read_back_by_range() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SnapshotStore::open(&dir.path().display().to_string(), &BTreeMap::new())
            .expect("store");
        let stored = store
            .put(
                "t/w/s.parquet",
                chunks(&[b"PA", b"R1 data ", b"P", b"AR1"]),
                1024,
            )
            .await
            .expect("upload");
        assert_eq!(stored.size, 14);
        assert_eq!(stored.sha256, hex(&Sha256::digest(b"PAR1 data PAR1")));
        let part: Vec<Bytes> = store
            .get("t/w/s.parquet", Some(4..9))
            .await
            .expect("range")
            .map(|c| c.expect("chunk"))
            .collect()
            .await;
        assert_eq!(part.concat(), b" data");
    }

    #[tokio::test]
    async fn refused_uploads_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SnapshotStore::open(&dir.path().display().to_string(), &BTreeMap::new())
            .expect("store");
        let not_parquet = store.put("a", chunks(&[b"hello world!"]), 1024).await;
        assert!(matches!(not_parquet, Err(HubError::Unprocessable(_))));
        let too_big = store.put("b", chunks(&[b"PAR1", b"PAR1"]), 6).await;
        assert!(matches!(too_big, Err(HubError::PayloadTooLarge(_))));
        assert!(store.get("a", None).await.is_err());
        assert!(store.get("b", None).await.is_err());
    }
}
