//! Reads from the hub that are not synced state: the shared workspaces a user can connect to,
//! a document's version history and its comment threads. Online only; callers show the
//! [`SyncError`] (e.g. offline) instead.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::client::{Call, HubClient, TokenSource};
use crate::error::{Result, SyncError};

/// A workspace on the hub and the caller's role in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubWorkspace {
    pub id: Uuid,
    pub name: String,
    /// `admin`, `owner` or `member`.
    pub role: String,
    /// RFC 3339.
    pub created_at: String,
}

/// One version of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    pub version: i32,
    /// `created`, `updated`, `restored`, `deleted`.
    pub action: String,
    pub title: String,
    pub author: Uuid,
    /// The author's user name, when the author is still a member.
    #[serde(default)]
    pub author_name: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// A comment thread on a document (or on one block of it), oldest comment first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentThread {
    pub id: Uuid,
    pub block_id: Option<String>,
    pub comments: Vec<HubComment>,
}

/// One comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubComment {
    pub id: Uuid,
    pub author_username: String,
    pub body: String,
    /// RFC 3339.
    pub created_at: String,
}

#[derive(Deserialize)]
struct Member {
    user_id: Uuid,
    username: String,
}

impl<T: TokenSource> HubClient<T> {
    /// The workspaces the caller belongs to.
    pub async fn workspaces(&self) -> Result<Vec<HubWorkspace>> {
        self.get_json("/workspaces".to_string()).await
    }

    /// Creates a workspace owned by the caller.
    pub async fn create_workspace(&self, name: &str) -> Result<HubWorkspace> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SyncError::InvalidInput(
                "give the shared workspace a name".to_string(),
            ));
        }
        let call = Call::new(Method::POST, "/workspaces").json(&json!({ "name": name }))?;
        let answer = self.call(&call).await?;
        match answer.status {
            StatusCode::CREATED | StatusCode::OK => answer.json(),
            _ => Err(answer.error()),
        }
    }

    /// The document's versions, newest first, with their authors' names.
    pub async fn versions(&self, workspace: Uuid, document: Uuid) -> Result<Vec<DocumentVersion>> {
        let path = format!("/workspaces/{workspace}/documents/{document}/versions");
        let mut versions: Vec<DocumentVersion> = self.get_json(path).await?;
        let members: Vec<Member> = self
            .get_json(format!("/workspaces/{workspace}/members"))
            .await?;
        let names: HashMap<Uuid, String> = members
            .into_iter()
            .map(|m| (m.user_id, m.username))
            .collect();
        for version in &mut versions {
            version.author_name = names.get(&version.author).cloned();
        }
        versions.sort_by_key(|v| std::cmp::Reverse(v.version));
        Ok(versions)
    }

    /// The document's comment threads.
    pub async fn comments(&self, workspace: Uuid, document: Uuid) -> Result<Vec<CommentThread>> {
        self.get_json(format!(
            "/workspaces/{workspace}/documents/{document}/comments"
        ))
        .await
    }

    async fn get_json<R: DeserializeOwned>(&self, path: String) -> Result<R> {
        let answer = self.call(&Call::new(Method::GET, path)).await?;
        if answer.status != StatusCode::OK {
            return Err(answer.error());
        }
        answer.json()
    }
}
