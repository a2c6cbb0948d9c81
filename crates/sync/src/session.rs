//! A workspace's sync session: local edits go to the outbox at once (offline or not); `sync`
//! pushes them and pulls the hub's changes; conflicts wait for the user's choice.

use std::path::Path;

use serde_json::Value;
use uuid::Uuid;

use crate::client::{HubClient, TokenSource};
use crate::error::{Result, SyncError};
use crate::pull::PullReport;
use crate::push::PushReport;
use crate::state::{Conflict, Content, LocalDocument, Op, OutboxEntry, State, StateFile};

/// What the UI shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncStatus {
    /// Nothing to push, no conflict.
    Synced,
    /// Changes waiting to be pushed.
    Pending(usize),
    /// The last attempt could not reach the hub; this many changes wait.
    Offline(usize),
    /// Documents with both versions kept, waiting for a choice.
    Conflict(usize),
}

/// How the user settles a conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// Keep this client's version (re-sent over the hub's).
    KeepMine,
    /// Take the hub's version (dropping the local edits).
    KeepTheirs,
    /// Use this content (a manual merge).
    Use(Content),
}

/// The outcome of [`SyncSession::sync`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncReport {
    pub pushed: PushReport,
    pub pulled: PullReport,
}

/// One local workspace synced with one hub workspace.
pub struct SyncSession<T> {
    pub(crate) client: HubClient<T>,
    pub(crate) file: StateFile,
    pub(crate) state: State,
    pub(crate) workspace: Uuid,
    pub(crate) offline: bool,
}

impl<T: TokenSource> SyncSession<T> {
    /// Opens the sync state of the workspace directory `dir`, synced with `workspace` on the
    /// hub `client` talks to.
    pub fn open(dir: &Path, workspace: Uuid, client: HubClient<T>) -> Result<Self> {
        let file = StateFile::in_workspace(dir);
        let mut state = file.load()?;
        match state.workspace_id {
            Some(other) if other != workspace => {
                return Err(SyncError::State {
                    path: dir.join("sync"),
                    reason: format!("it syncs with hub workspace {other}, not {workspace}"),
                });
            }
            _ => state.workspace_id = Some(workspace),
        }
        Ok(Self {
            client,
            file,
            state,
            workspace,
            offline: false,
        })
    }

    /// The hub client.
    pub fn client(&self) -> &HubClient<T> {
        &self.client
    }

    /// The hub workspace.
    pub fn workspace(&self) -> Uuid {
        self.workspace
    }

    /// The documents, deleted ones excluded.
    pub fn documents(&self) -> impl Iterator<Item = &LocalDocument> {
        self.state.documents.values().filter(|d| !d.deleted)
    }

    /// One document (deleted or not).
    pub fn document(&self, id: Uuid) -> Option<&LocalDocument> {
        self.state.documents.get(&id)
    }

    /// Unresolved conflicts.
    pub fn conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.state.conflicts.values()
    }

    /// Local changes not yet accepted by the hub.
    pub fn pending(&self) -> usize {
        self.state.outbox.len()
    }

    /// What to show: conflicts first, then offline, pending or synced.
    pub fn status(&self) -> SyncStatus {
        match (self.state.conflicts.len(), self.pending()) {
            (0, 0) => SyncStatus::Synced,
            (0, n) if self.offline => SyncStatus::Offline(n),
            (0, n) => SyncStatus::Pending(n),
            (n, _) => SyncStatus::Conflict(n),
        }
    }

    /// Creates a document locally; it reaches the hub with the next push.
    pub fn create_document(&mut self, kind: &str, title: &str, body: Value) -> Result<Uuid> {
        let id = Uuid::new_v4();
        let content = Content {
            title: title.to_string(),
            body,
        };
        self.state.documents.insert(
            id,
            LocalDocument {
                id,
                kind: kind.to_string(),
                content: content.clone(),
                base: None,
                deleted: false,
            },
        );
        self.enqueue(Op::CreateDocument {
            document_id: id,
            kind: kind.to_string(),
            content,
        });
        self.save()?;
        Ok(id)
    }

    /// Edits a document locally.
    pub fn edit_document(&mut self, id: Uuid, title: &str, body: Value) -> Result<()> {
        let content = Content {
            title: title.to_string(),
            body,
        };
        let document = self.live_document(id)?;
        document.content = content.clone();
        self.enqueue(Op::UpdateDocument {
            document_id: id,
            content,
        });
        self.save()
    }

    /// Deletes a document locally.
    pub fn delete_document(&mut self, id: Uuid) -> Result<()> {
        let document = self.live_document(id)?;
        document.deleted = true;
        if document.base.is_none() {
            // Never reached the hub: forget it entirely.
            self.state
                .outbox
                .retain(|e| e.op.document_id() != id || e.sent);
            if !self.state.outbox.iter().any(|e| e.op.document_id() == id) {
                self.state.documents.remove(&id);
                return self.save();
            }
        }
        self.enqueue(Op::DeleteDocument { document_id: id });
        self.save()
    }

    /// Comments on a document (a new thread, or a reply to `thread_id`).
    pub fn add_comment(
        &mut self,
        document_id: Uuid,
        body: &str,
        block_id: Option<&str>,
        thread_id: Option<Uuid>,
    ) -> Result<()> {
        self.live_document(document_id)?;
        self.enqueue(Op::AddComment {
            document_id,
            body: body.to_string(),
            block_id: block_id.map(str::to_string),
            thread_id,
        });
        self.save()
    }

    /// Settles a conflict; the choice is pushed with the next sync.
    pub fn resolve(&mut self, id: Uuid, resolution: Resolution) -> Result<()> {
        let conflict = self
            .state
            .conflicts
            .remove(&id)
            .ok_or(SyncError::UnknownDocument(id))?;
        let document = self
            .state
            .documents
            .get_mut(&id)
            .ok_or(SyncError::UnknownDocument(id))?;
        let chosen = match resolution {
            Resolution::KeepTheirs => None,
            Resolution::KeepMine => Some(conflict.mine.clone()),
            Resolution::Use(content) => Some(Some(content)),
        };
        match (chosen, &conflict.theirs) {
            (None, Some(theirs)) => {
                document.content = theirs.clone();
                document.deleted = false;
                self.state
                    .outbox
                    .retain(|e| e.op.document_id() != id || matches!(e.op, Op::AddComment { .. }));
            }
            (None, None) => {
                self.state.documents.remove(&id);
                self.state.outbox.retain(|e| e.op.document_id() != id);
            }
            (Some(None), _) => {
                document.deleted = true;
                self.enqueue(Op::DeleteDocument { document_id: id });
            }
            (Some(Some(content)), theirs) => {
                document.content = content.clone();
                document.deleted = false;
                if theirs.is_none() {
                    let deleted_at = document.base.as_ref().map_or(1, |b| b.version);
                    self.enqueue(Op::RestoreDocument {
                        document_id: id,
                        version: (deleted_at - 1).max(1),
                    });
                }
                self.enqueue(Op::UpdateDocument {
                    document_id: id,
                    content,
                });
            }
        }
        self.save()
    }

    /// Pushes the outbox, then pulls the hub's changes.
    pub async fn sync(&mut self) -> Result<SyncReport> {
        let pushed = self.push().await?;
        let pulled = self.pull().await?;
        Ok(SyncReport { pushed, pulled })
    }

    fn live_document(&mut self, id: Uuid) -> Result<&mut LocalDocument> {
        self.state
            .documents
            .get_mut(&id)
            .filter(|d| !d.deleted)
            .ok_or(SyncError::UnknownDocument(id))
    }

    /// Queues `op`, folding it into an unsent create or update of the same document.
    pub(crate) fn enqueue(&mut self, op: Op) {
        if let Op::UpdateDocument {
            document_id,
            content,
        } = &op
            && let Some(last) = self
                .state
                .outbox
                .iter_mut()
                .rev()
                .find(|e| e.op.document_id() == *document_id)
            && !last.sent
        {
            match &mut last.op {
                Op::CreateDocument { content: c, .. } | Op::UpdateDocument { content: c, .. } => {
                    *c = content.clone();
                    return;
                }
                _ => {}
            }
        }
        self.state.outbox.push(OutboxEntry {
            id: Uuid::new_v4(),
            op,
            sent: false,
        });
    }

    pub(crate) fn save(&self) -> Result<()> {
        self.file.save(&self.state)
    }
}
