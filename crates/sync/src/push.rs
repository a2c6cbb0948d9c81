//! Pushing the outbox: each entry is sent with its id as the idempotency key and the known
//! version as `If-Match`. A stale version is merged three ways and resent; an overlapping edit
//! becomes a conflict that keeps both versions.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::client::{Answer, Call, TokenSource};
use crate::error::{Result, SyncError};
use crate::merge::merge;
use crate::session::SyncSession;
use crate::state::{Base, Conflict, Content, Op, OutboxEntry};

/// What a push did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Entries the hub accepted.
    pub accepted: usize,
    /// Stale edits merged with the hub's version and resent.
    pub merged: usize,
    /// Documents that now wait for the user (both versions kept).
    pub conflicts: usize,
    /// Comments whose document no longer exists on the hub.
    pub dropped: usize,
}

/// A document as the hub sends it.
#[derive(Deserialize)]
pub(crate) struct HubDocument {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub version: i32,
    pub body: Value,
}

impl HubDocument {
    pub(crate) fn base(&self) -> Base {
        Base {
            version: self.version,
            content: Content {
                title: self.title.clone(),
                body: self.body.clone(),
            },
        }
    }
}

enum Outcome {
    Accepted,
    /// Replace the entry (a merge to resend) and process it again.
    Retry(OutboxEntry),
    Conflict,
    Dropped,
}

impl<T: TokenSource> SyncSession<T> {
    /// Sends the outbox in order. Stops at the first network failure, keeping what is left.
    pub async fn push(&mut self) -> Result<PushReport> {
        let mut report = PushReport::default();
        let mut index = 0;
        while let Some(entry) = self.state.outbox.get(index).cloned() {
            let document_id = entry.op.document_id();
            if self.state.conflicts.contains_key(&document_id) {
                index += 1;
                continue;
            }
            // Frozen from now on: a retry must send exactly this with this key.
            self.state.outbox[index].sent = true;
            self.save()?;
            let outcome = match self.send(&entry).await {
                Ok(outcome) => outcome,
                Err(error) => {
                    self.offline = error.is_offline();
                    return Err(error);
                }
            };
            match outcome {
                Outcome::Accepted => {
                    self.state.outbox.remove(index);
                    report.accepted += 1;
                }
                Outcome::Dropped => {
                    self.state.outbox.remove(index);
                    report.dropped += 1;
                }
                Outcome::Retry(replacement) => {
                    self.state.outbox[index] = replacement;
                    report.merged += 1;
                }
                Outcome::Conflict => {
                    // The conflict holds the local content; later edits of it are in there.
                    self.state.outbox.remove(index);
                    let mut position = 0;
                    self.state.outbox.retain(|e| {
                        position += 1;
                        position <= index || !is_edit_of(e, document_id)
                    });
                    report.conflicts += 1;
                }
            }
            self.save()?;
        }
        self.offline = false;
        Ok(report)
    }

    async fn send(&mut self, entry: &OutboxEntry) -> Result<Outcome> {
        let ws = format!("/workspaces/{}", self.workspace);
        let key = entry.id.to_string();
        match &entry.op {
            Op::CreateDocument {
                document_id,
                kind,
                content,
            } => {
                let body = json!({"id": document_id, "kind": kind, "title": content.title, "body": content.body});
                let call = Call::new(Method::POST, format!("{ws}/documents"))
                    .header("idempotency-key", key)
                    .json(&body)?;
                let answer = self.client.call(&call).await?;
                match answer.status {
                    StatusCode::CREATED => self.accept(*document_id, &answer),
                    StatusCode::CONFLICT => {
                        let remote = self.fetch(*document_id).await?;
                        self.conflict(*document_id, remote, None)
                    }
                    _ => Err(answer.error()),
                }
            }
            Op::UpdateDocument {
                document_id,
                content,
            } => {
                let version = self.base_version(*document_id)?;
                let call = Call::new(Method::PUT, format!("{ws}/documents/{document_id}"))
                    .header("if-match", format!("\"{version}\""))
                    .header("idempotency-key", key)
                    .json(&json!({"title": content.title, "body": content.body}))?;
                let answer = self.client.call(&call).await?;
                match answer.status {
                    StatusCode::OK => self.accept(*document_id, &answer),
                    StatusCode::PRECONDITION_FAILED => self.rebase(*document_id, entry).await,
                    StatusCode::CONFLICT | StatusCode::NOT_FOUND => {
                        let remote = self.fetch(*document_id).await?;
                        self.conflict(*document_id, remote, None)
                    }
                    _ => Err(answer.error()),
                }
            }
            Op::DeleteDocument { document_id } => {
                let Some(version) = self.known_version(*document_id) else {
                    self.state.documents.remove(document_id);
                    return Ok(Outcome::Accepted);
                };
                let call = Call::new(Method::DELETE, format!("{ws}/documents/{document_id}"))
                    .header("if-match", format!("\"{version}\""))
                    .header("idempotency-key", key);
                let answer = self.client.call(&call).await?;
                match answer.status {
                    StatusCode::NO_CONTENT | StatusCode::NOT_FOUND => {
                        self.state.documents.remove(document_id);
                        Ok(Outcome::Accepted)
                    }
                    StatusCode::PRECONDITION_FAILED => {
                        let remote = self.fetch(*document_id).await?;
                        self.conflict(*document_id, remote, Some(None))
                    }
                    _ => Err(answer.error()),
                }
            }
            Op::RestoreDocument {
                document_id,
                version,
            } => {
                let current = self.base_version(*document_id)?;
                let path = format!("{ws}/documents/{document_id}/versions/{version}/restore");
                let call = Call::new(Method::POST, path)
                    .header("if-match", format!("\"{current}\""))
                    .header("idempotency-key", key);
                let answer = self.client.call(&call).await?;
                match answer.status {
                    StatusCode::OK => {
                        let outcome = self.accept(*document_id, &answer)?;
                        // The restored version is the document's content now.
                        if let Some(local) = self.state.documents.get_mut(document_id)
                            && let Some(base) = &local.base
                        {
                            local.content = base.content.clone();
                        }
                        Ok(outcome)
                    }
                    StatusCode::PRECONDITION_FAILED => {
                        let remote = self.fetch(*document_id).await?;
                        self.conflict(*document_id, remote, None)
                    }
                    _ => Err(answer.error()),
                }
            }
            Op::AddComment {
                document_id,
                body,
                block_id,
                thread_id,
            } => {
                let call = Call::new(
                    Method::POST,
                    format!("{ws}/documents/{document_id}/comments"),
                )
                .header("idempotency-key", key)
                .json(&json!({"body": body, "block_id": block_id, "thread_id": thread_id}))?;
                let answer = self.client.call(&call).await?;
                match answer.status {
                    StatusCode::CREATED => Ok(Outcome::Accepted),
                    StatusCode::NOT_FOUND => Ok(Outcome::Dropped),
                    _ => Err(answer.error()),
                }
            }
        }
    }

    /// The hub took the write: its answer is the new base.
    fn accept(&mut self, id: Uuid, answer: &Answer) -> Result<Outcome> {
        let document: HubDocument = answer.json()?;
        if let Some(local) = self.state.documents.get_mut(&id) {
            local.base = Some(document.base());
        }
        Ok(Outcome::Accepted)
    }

    /// Someone else wrote first: merge the local content with theirs, or keep both.
    async fn rebase(&mut self, id: Uuid, entry: &OutboxEntry) -> Result<Outcome> {
        let Some(remote) = self.fetch(id).await? else {
            return self.conflict(id, None, None);
        };
        let local = self
            .state
            .documents
            .get(&id)
            .ok_or(SyncError::UnknownDocument(id))?;
        let base = local.base.as_ref().ok_or(SyncError::UnknownDocument(id))?;
        let merged = merge(
            &base.content.to_value(),
            &local.content.to_value(),
            &remote.content.to_value(),
        );
        match merged.ok().as_ref().and_then(Content::from_value) {
            Some(content) => {
                let remote_version = remote.version;
                if let Some(local) = self.state.documents.get_mut(&id) {
                    local.content = content.clone();
                    local.base = Some(remote);
                }
                // Later edits of this document are in the merged content already.
                self.state
                    .outbox
                    .retain(|e| e.id == entry.id || !is_edit_of(e, id));
                tracing::debug!(%id, remote_version, "merged a stale edit with the hub's version");
                Ok(Outcome::Retry(OutboxEntry {
                    id: Uuid::new_v4(),
                    op: Op::UpdateDocument {
                        document_id: id,
                        content,
                    },
                    sent: false,
                }))
            }
            None => self.conflict(id, Some(remote), None),
        }
    }

    /// Records a conflict between the local document and `remote` (`None`: deleted on the hub).
    /// `mine` overrides the local side (`Some(None)`: deleted here).
    fn conflict(
        &mut self,
        id: Uuid,
        remote: Option<Base>,
        mine: Option<Option<Content>>,
    ) -> Result<Outcome> {
        let local = self
            .state
            .documents
            .get_mut(&id)
            .ok_or(SyncError::UnknownDocument(id))?;
        let base = local.base.clone();
        let mine = mine.unwrap_or_else(|| Some(local.content.clone()));
        let paths = match (&base, &mine, &remote) {
            (Some(b), Some(m), Some(r)) => {
                merge(&b.content.to_value(), &m.to_value(), &r.content.to_value())
                    .err()
                    .unwrap_or_default()
            }
            _ => vec!["/".to_string()],
        };
        if let Some(remote) = &remote {
            local.base = Some(remote.clone());
        }
        self.state.conflicts.insert(
            id,
            Conflict {
                document_id: id,
                base: base
                    .map(|b| b.content)
                    .unwrap_or_else(|| local.content.clone()),
                mine,
                theirs: remote.map(|r| r.content),
                paths,
            },
        );
        Ok(Outcome::Conflict)
    }

    /// The hub's current version of a document: `None` when it is deleted there (the base then
    /// records the deletion's version, for a later restore).
    pub(crate) async fn fetch(&mut self, id: Uuid) -> Result<Option<Base>> {
        let ws = format!("/workspaces/{}/documents/{id}", self.workspace);
        let answer = self
            .client
            .call(&Call::new(Method::GET, ws.clone()))
            .await?;
        match answer.status {
            StatusCode::OK => Ok(Some(answer.json::<HubDocument>()?.base())),
            StatusCode::NOT_FOUND => {
                let versions = self
                    .client
                    .call(&Call::new(Method::GET, format!("{ws}/versions")))
                    .await?;
                if versions.status == StatusCode::OK
                    && let Some(last) = versions.json::<Vec<Value>>()?.last()
                    && let (Some(version), Some(local)) =
                        (last["version"].as_i64(), self.state.documents.get_mut(&id))
                    && let Some(base) = &mut local.base
                {
                    base.version = i32::try_from(version).unwrap_or(base.version);
                }
                Ok(None)
            }
            _ => Err(answer.error()),
        }
    }

    fn known_version(&self, id: Uuid) -> Option<i32> {
        self.state
            .documents
            .get(&id)?
            .base
            .as_ref()
            .map(|b| b.version)
    }

    fn base_version(&self, id: Uuid) -> Result<i32> {
        self.known_version(id).ok_or(SyncError::UnknownDocument(id))
    }
}

/// Whether `entry` edits the content of `document_id` (updates; not comments or deletes).
fn is_edit_of(entry: &OutboxEntry, document_id: Uuid) -> bool {
    matches!(&entry.op, Op::UpdateDocument { document_id: d, .. } if *d == document_id)
}
