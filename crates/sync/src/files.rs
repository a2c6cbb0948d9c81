//! Synced documents mirrored as files of one folder (the workspace's `reports/`): which file
//! holds which document, which files a pull or a merge made stale, and which saves are edits to
//! push. The caller reads, validates and writes the files; this module only keeps the links.
//!
//! Each link keeps two fingerprints: the document's content when it was last mirrored, and the
//! file's content then (the caller may normalize what it writes, e.g. fill in defaults). A file
//! is stale when the document changed since; a save is an edit when the file changed since.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::client::TokenSource;
use crate::error::{Result, SyncError};
use crate::session::SyncSession;
use crate::state::{Content, FileLink, LocalDocument, Op};

/// A document whose file must be (re)written.
#[derive(Clone, Debug, PartialEq)]
pub struct StaleFile {
    pub document: Uuid,
    pub kind: String,
    /// The linked file; `None` for a document new to this client (the caller names the file
    /// and reports it with [`SyncSession::mirrored`]).
    pub file: Option<String>,
    pub content: Content,
}

/// How documents of one kind are kept as files: the caller's validation and file naming.
pub trait FileFormat {
    /// The kind of document these files hold (`report`).
    fn kind(&self) -> &str;
    /// A path in `dir` no file uses yet, for a new document titled `title`.
    fn new_path(&self, dir: &Path, title: &str) -> PathBuf;
    /// Validates `content` and writes it to `path` atomically; returns the content as written
    /// (normalized), or why it cannot be written.
    fn write(&self, path: &Path, content: &Content) -> std::result::Result<Content, String>;
}

/// What [`SyncSession::write_stale_files`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MirrorReport {
    /// Files written with the hub's (or a merged, restored or chosen) version.
    pub written: Vec<PathBuf>,
    /// Documents that could not be written, with the reason; their files are untouched.
    pub skipped: Vec<(String, String)>,
    /// Files no longer linked because their document was deleted; they stay on disk.
    pub unlinked: Vec<PathBuf>,
}

impl<T: TokenSource> SyncSession<T> {
    /// Brings the files in `dir` up to date with the documents of `format`'s kind: writes
    /// stale files, names files for documents new to this client, unlinks deleted ones.
    pub fn write_stale_files(
        &mut self,
        dir: &Path,
        format: &impl FileFormat,
    ) -> Result<MirrorReport> {
        let mut report = MirrorReport::default();
        for stale in self.stale_files() {
            if stale.kind != format.kind() {
                continue;
            }
            let path = match &stale.file {
                Some(file) => dir.join(file),
                None => format.new_path(dir, &stale.content.title),
            };
            let Some(file) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            match format.write(&path, &stale.content) {
                Ok(written) => {
                    self.mirrored(stale.document, &file, &written)?;
                    report.written.push(path);
                }
                Err(reason) => report.skipped.push((stale.content.title.clone(), reason)),
            }
        }
        report.unlinked = self
            .unlink_removed()?
            .into_iter()
            .map(|file| dir.join(file))
            .collect();
        Ok(report)
    }

    /// The live document mirrored by `file`.
    pub fn document_for_file(&self, file: &str) -> Option<&LocalDocument> {
        let (id, _) = self.state.files.iter().find(|(_, l)| l.file == file)?;
        self.state.documents.get(id).filter(|d| !d.deleted)
    }

    /// The file mirroring document `id`.
    pub fn file_for_document(&self, id: Uuid) -> Option<&str> {
        self.state.files.get(&id).map(|l| l.file.as_str())
    }

    /// Shares `file`: its document gets `content` (queued as an edit when it changed), or a
    /// new document of `kind` is created and linked to the file.
    pub fn share_file(&mut self, kind: &str, file: &str, content: Content) -> Result<Uuid> {
        if let Some(id) = self.saved_file(file, content.clone())? {
            return Ok(id);
        }
        let id = self.create_document(kind, &content.title, content.body.clone())?;
        self.link(id, file, &content, &content);
        self.save()?;
        Ok(id)
    }

    /// Records that `file` was saved with `content`: an edit of its document when the file is
    /// shared and changed since it was last mirrored. Returns the document, if shared.
    pub fn saved_file(&mut self, file: &str, content: Content) -> Result<Option<Uuid>> {
        let Some(id) = self.document_for_file(file).map(|d| d.id) else {
            return Ok(None);
        };
        let unchanged = self
            .state
            .files
            .get(&id)
            .is_some_and(|l| l.written == fingerprint(&content));
        if !unchanged && !self.state.conflicts.contains_key(&id) {
            self.edit_document(id, &content.title, content.body.clone())?;
            self.link(id, file, &content, &content);
            self.save()?;
        }
        Ok(Some(id))
    }

    /// Documents whose files are missing or older than the document (pulled, merged, restored
    /// or settled in a conflict). Documents in conflict keep their file until settled.
    pub fn stale_files(&self) -> Vec<StaleFile> {
        self.documents()
            .filter(|d| !self.state.conflicts.contains_key(&d.id))
            .filter_map(|d| {
                let link = self.state.files.get(&d.id);
                let current = link.is_some_and(|l| l.document == fingerprint(&d.content));
                (!current).then(|| StaleFile {
                    document: d.id,
                    kind: d.kind.clone(),
                    file: link.map(|l| l.file.clone()),
                    content: d.content.clone(),
                })
            })
            .collect()
    }

    /// Records that document `id` now lives in `file`, which holds `written` (the document's
    /// current content as the caller wrote it).
    pub fn mirrored(&mut self, id: Uuid, file: &str, written: &Content) -> Result<()> {
        let document = self
            .state
            .documents
            .get(&id)
            .map(|d| d.content.clone())
            .ok_or(SyncError::UnknownDocument(id))?;
        self.link(id, file, &document, written);
        self.save()
    }

    /// Forgets the links of documents deleted on the hub or here; returns their files, which
    /// stay on disk (nothing is deleted behind the user's back).
    pub fn unlink_removed(&mut self) -> Result<Vec<String>> {
        let removed: Vec<Uuid> = self
            .state
            .files
            .keys()
            .filter(|id| {
                self.state.documents.get(id).is_none_or(|d| d.deleted)
                    && !self.state.conflicts.contains_key(id)
            })
            .copied()
            .collect();
        let files = removed
            .iter()
            .filter_map(|id| self.state.files.remove(id))
            .map(|l| l.file)
            .collect();
        if !removed.is_empty() {
            self.save()?;
        }
        Ok(files)
    }

    /// Asks the hub to make `version` of document `id` its current version again (a new
    /// version); queued like every other change.
    pub fn restore_version(&mut self, id: Uuid, version: i32) -> Result<()> {
        if self.state.conflicts.contains_key(&id) {
            return Err(SyncError::InConflict(id));
        }
        self.state
            .documents
            .get(&id)
            .filter(|d| d.base.is_some())
            .ok_or(SyncError::UnknownDocument(id))?;
        self.enqueue(Op::RestoreDocument {
            document_id: id,
            version,
        });
        self.save()
    }

    fn link(&mut self, id: Uuid, file: &str, document: &Content, written: &Content) {
        self.state
            .files
            .retain(|other, l| *other == id || l.file != file);
        self.state.files.insert(
            id,
            FileLink {
                file: file.to_string(),
                document: fingerprint(document),
                written: fingerprint(written),
            },
        );
    }
}

/// SHA-256 of the content as canonical JSON (object keys sorted at every level), so the same
/// content fingerprints the same whatever order its keys arrived in.
fn fingerprint(content: &Content) -> String {
    let mut hasher = Sha256::new();
    canonical(&content.to_value(), &mut hasher);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn canonical(value: &Value, hasher: &mut Sha256) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            hasher.update(b"{");
            for key in keys {
                hasher.update(Value::String(key.clone()).to_string().as_bytes());
                hasher.update(b":");
                canonical(&map[key], hasher);
                hasher.update(b",");
            }
            hasher.update(b"}");
        }
        Value::Array(items) => {
            hasher.update(b"[");
            for item in items {
                canonical(item, hasher);
                hasher.update(b",");
            }
            hasher.update(b"]");
        }
        other => hasher.update(other.to_string().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fingerprints_ignore_key_order_but_not_values() {
        let a = Content {
            title: "T".into(),
            body: json!({"a": 1, "b": {"x": [1, 2], "y": null}}),
        };
        let reordered = Content {
            title: "T".into(),
            body: serde_json::from_str(r#"{"b": {"y": null, "x": [1, 2]}, "a": 1}"#).expect("json"),
        };
        let changed = Content {
            title: "T".into(),
            body: json!({"a": 1, "b": {"x": [2, 1], "y": null}}),
        };
        assert_eq!(fingerprint(&a), fingerprint(&reordered));
        assert_ne!(fingerprint(&a), fingerprint(&changed));
    }
}
