//! Pulling: the change feed since the saved cursor, then the current version of each document
//! that changed and has no local edits waiting (those meet the hub's version when pushed).

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use uuid::Uuid;

use crate::client::{Call, TokenSource};
use crate::error::Result;
use crate::push::HubDocument;
use crate::session::SyncSession;
use crate::state::LocalDocument;

/// What a pull brought.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullReport {
    /// Documents updated (or added) from the hub.
    pub documents: Vec<Uuid>,
    /// Documents deleted on the hub.
    pub removed: Vec<Uuid>,
    /// New or deleted comments (refresh the comments panel).
    pub comments: Vec<Uuid>,
    /// Dataset snapshots whose files were uploaded (ready to download).
    pub snapshots: Vec<Uuid>,
    /// The workspace itself was deleted on the hub.
    pub workspace_deleted: bool,
}

#[derive(Deserialize)]
struct ChangePage {
    changes: Vec<Change>,
    next: i64,
    more: bool,
}

#[derive(Deserialize)]
struct Change {
    workspace_id: Option<Uuid>,
    entity: String,
    entity_id: Uuid,
    action: String,
    version: Option<i32>,
}

impl<T: TokenSource> SyncSession<T> {
    /// Reads the change feed and brings changed documents up to date.
    pub async fn pull(&mut self) -> Result<PullReport> {
        let mut report = PullReport::default();
        let mut changed = BTreeSet::new();
        loop {
            let path = format!("/changes?since={}&limit=500", self.state.cursor);
            let answer = self
                .client
                .call(&Call::new(Method::GET, path))
                .await
                .inspect_err(|e| {
                    self.offline = e.is_offline();
                })?;
            if answer.status != StatusCode::OK {
                return Err(answer.error());
            }
            let page: ChangePage = answer.json()?;
            for change in page
                .changes
                .iter()
                .filter(|c| c.workspace_id == Some(self.workspace))
            {
                match change.entity.as_str() {
                    "document" => {
                        // Our own pushes come back through the feed: skip what we have.
                        let known = self
                            .state
                            .documents
                            .get(&change.entity_id)
                            .and_then(|d| d.base.as_ref());
                        if known.is_none_or(|b| change.version.is_none_or(|v| v > b.version)) {
                            changed.insert(change.entity_id);
                        }
                    }
                    "comment" => report.comments.push(change.entity_id),
                    // A snapshot is usable once its file is uploaded (`updated`); snapshots
                    // are immutable after that, so each arrives once.
                    "snapshot" if change.action == "updated" => {
                        report.snapshots.push(change.entity_id);
                    }
                    "workspace" if change.action == "deleted" => report.workspace_deleted = true,
                    _ => {}
                }
            }
            for id in changed.clone() {
                let waiting = self.state.conflicts.contains_key(&id)
                    || self.state.outbox.iter().any(|e| e.op.document_id() == id);
                if !waiting {
                    self.refresh_document(id, &mut report).await?;
                }
                changed.remove(&id);
            }
            self.state.cursor = page.next;
            self.save()?;
            if !page.more {
                break;
            }
        }
        self.offline = false;
        Ok(report)
    }

    async fn refresh_document(&mut self, id: Uuid, report: &mut PullReport) -> Result<()> {
        let path = format!("/workspaces/{}/documents/{id}", self.workspace);
        let answer = self.client.call(&Call::new(Method::GET, path)).await?;
        match answer.status {
            StatusCode::OK => {
                let document: HubDocument = answer.json()?;
                let base = document.base();
                self.state.documents.insert(
                    id,
                    LocalDocument {
                        id: document.id,
                        kind: document.kind,
                        content: base.content.clone(),
                        base: Some(base),
                        deleted: false,
                    },
                );
                report.documents.push(id);
            }
            StatusCode::NOT_FOUND => {
                if self.state.documents.remove(&id).is_some() {
                    report.removed.push(id);
                }
            }
            _ => return Err(answer.error()),
        }
        Ok(())
    }
}
