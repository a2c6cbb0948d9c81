//! The sync state kept in the workspace (`<workspace>/sync/state.json`): the documents as this
//! client knows them, the outbox of local changes not yet accepted by the hub, unresolved
//! conflicts and the change feed cursor. Written atomically after every change.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Result, SyncError};

/// A document's content: what merges and conflicts are about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub title: String,
    pub body: Value,
}

impl Content {
    /// Title and body as one JSON value, for merging.
    pub fn to_value(&self) -> Value {
        serde_json::json!({ "title": self.title, "body": self.body })
    }

    /// The inverse of [`Content::to_value`].
    pub fn from_value(value: &Value) -> Option<Self> {
        Some(Self {
            title: value.get("title")?.as_str()?.to_string(),
            body: value.get("body")?.clone(),
        })
    }
}

/// The hub's version of a document this client last saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Base {
    pub version: i32,
    pub content: Content,
}

/// A document as this client has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalDocument {
    pub id: Uuid,
    /// `report` or `dashboard`.
    pub kind: String,
    /// The current local content, edits included.
    pub content: Content,
    /// The hub's version the local content derives from; `None` until first pushed.
    pub base: Option<Base>,
    /// Deleted here (pending) or on the hub.
    pub deleted: bool,
}

/// A local change waiting for the hub. Its id is the request's idempotency key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub op: Op,
    /// Whether it has been sent at least once (its payload is then frozen).
    pub sent: bool,
}

/// What a local change does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    CreateDocument {
        document_id: Uuid,
        kind: String,
        content: Content,
    },
    UpdateDocument {
        document_id: Uuid,
        content: Content,
    },
    DeleteDocument {
        document_id: Uuid,
    },
    /// Brings back a document deleted on the hub (resolving a delete/edit conflict).
    RestoreDocument {
        document_id: Uuid,
        version: i32,
    },
    AddComment {
        document_id: Uuid,
        body: String,
        block_id: Option<String>,
        thread_id: Option<Uuid>,
    },
}

impl Op {
    /// The document it concerns.
    pub fn document_id(&self) -> Uuid {
        match self {
            Self::CreateDocument { document_id, .. }
            | Self::UpdateDocument { document_id, .. }
            | Self::DeleteDocument { document_id }
            | Self::RestoreDocument { document_id, .. }
            | Self::AddComment { document_id, .. } => *document_id,
        }
    }
}

/// Two versions of a document that could not be merged; both are kept until the user picks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub document_id: Uuid,
    /// The common ancestor both sides edited.
    pub base: Content,
    /// This client's version (`None`: deleted here).
    pub mine: Option<Content>,
    /// The hub's version (`None`: deleted on the hub).
    pub theirs: Option<Content>,
    /// Where both changed the same value (`/title`, `/body/blocks/b1/sql`, …).
    pub paths: Vec<String>,
}

/// Everything persisted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The hub workspace this local workspace syncs with.
    pub workspace_id: Option<Uuid>,
    /// The last change feed sequence number applied.
    pub cursor: i64,
    pub documents: BTreeMap<Uuid, LocalDocument>,
    pub outbox: Vec<OutboxEntry>,
    pub conflicts: BTreeMap<Uuid, Conflict>,
    /// Documents mirrored as files (see `files.rs`).
    #[serde(default)]
    pub files: BTreeMap<Uuid, FileLink>,
}

/// A document mirrored as a file: the file's name and fingerprints of what was last mirrored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    /// The file's name in the mirrored folder.
    pub file: String,
    /// The document's content when it was last mirrored (written to or read from the file).
    pub document: String,
    /// The file's content then, as the caller normalized it.
    pub written: String,
}

/// Where the state lives.
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    /// The state file of the workspace directory `workspace`.
    pub fn in_workspace(workspace: &Path) -> Self {
        Self {
            path: workspace.join("sync").join("state.json"),
        }
    }

    /// Reads the state (empty when there is none yet).
    pub fn load(&self) -> Result<State> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| SyncError::State {
                path: self.path.clone(),
                reason: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(SyncError::io(format!("read {}", self.path.display()), e)),
        }
    }

    /// Replaces the state atomically (temporary file, fsync, rename).
    pub fn save(&self, state: &State) -> Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| SyncError::io(format!("create {}", dir.display()), e))?;
        let bytes = serde_json::to_vec_pretty(state).map_err(|e| SyncError::State {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        let temporary = self.path.with_extension("json.tmp");
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            std::fs::rename(&temporary, &self.path)
        };
        write().map_err(|e| SyncError::io(format!("write {}", self.path.display()), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_through_its_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = StateFile::in_workspace(dir.path());
        assert_eq!(file.load().expect("empty"), State::default());
        let id = Uuid::new_v4();
        let mut state = State {
            cursor: 7,
            ..State::default()
        };
        state.outbox.push(OutboxEntry {
            id: Uuid::new_v4(),
            op: Op::DeleteDocument { document_id: id },
            sent: true,
        });
        file.save(&state).expect("save");
        assert_eq!(file.load().expect("load"), state);
        std::fs::write(dir.path().join("sync/state.json"), b"{not json").expect("corrupt");
        assert!(matches!(file.load(), Err(SyncError::State { .. })));
    }
}
