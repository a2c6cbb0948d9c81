//! Workspace roles and the access check every workspace route starts with.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{HubError, Result};

/// A caller's role in a workspace. Tenant Admins act as `admin` in every workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything an owner can do.
    Admin,
    /// Manages members and may delete the workspace.
    Owner,
    /// Reads and writes the workspace's content.
    Member,
}

impl Role {
    /// The role's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Owner => "owner",
            Self::Member => "member",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "admin" => Some(Self::Admin),
            "owner" => Some(Self::Owner),
            "member" => Some(Self::Member),
            _ => None,
        }
    }

    /// Owners and Admins manage members and delete workspaces.
    pub fn manages(self) -> bool {
        matches!(self, Self::Admin | Self::Owner)
    }

    /// Refuses unless the role manages the workspace.
    pub fn require_manager(self, what: &str) -> Result<()> {
        if self.manages() {
            Ok(())
        } else {
            Err(HubError::Forbidden(format!(
                "only a workspace Owner or Admin may {what}; you are a Member: ask an Owner"
            )))
        }
    }
}

impl TryFrom<String> for Role {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        Self::parse(&name).ok_or_else(|| format!("unknown role {name:?}"))
    }
}

/// The caller's role in `workspace_id`, or 404 when it does not exist for them (deleted,
/// another tenant's, or one they are not a member of).
pub async fn workspace_role(
    conn: &mut PgConnection,
    caller: &Caller,
    workspace_id: Uuid,
) -> Result<Role> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "select m.role
         from workspaces w
         left join workspace_members m on m.workspace_id = w.id and m.user_id = $3
         where w.tenant_id = $1 and w.id = $2 and w.deleted_at is null",
    )
    .bind(caller.tenant_id)
    .bind(workspace_id)
    .bind(caller.user_id)
    .fetch_optional(conn)
    .await?;
    match row {
        Some(_) if caller.is_admin => Ok(Role::Admin),
        Some((Some(role),)) => Role::parse(&role)
            .ok_or_else(|| HubError::Internal(format!("unknown stored role {role:?}"))),
        _ => Err(HubError::NotFound("workspace")),
    }
}
