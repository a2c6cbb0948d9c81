//! The audit log, for the tenant's Admins.

use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::Query;
use crate::audit::{self, AuditRecord};
use crate::auth::Caller;
use crate::error::{HubError, Result};
use crate::state::AppState;

/// Paging.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditPage {
    /// Entries older than this id (the last id of the previous page).
    pub before: Option<i64>,
    /// Most entries to return (1 to 1000, default 100).
    pub limit: Option<i64>,
}

/// The tenant's audit log, newest first. Tenant Admins only.
#[utoipa::path(get, operation_id = "audit_list", path = "/audit", tag = "audit", params(AuditPage),
    responses((status = 200, body = Vec<AuditRecord>), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<AuditPage>,
) -> Result<axum::Json<Vec<AuditRecord>>> {
    if !caller.is_admin {
        return Err(HubError::Forbidden(
            "the audit log is for the tenant's Admins: ask one, or your identity provider's \
             administrator for the admin role"
                .into(),
        ));
    }
    let limit = page.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(HubError::BadRequest("limit is 1 to 1000".into()));
    }
    let mut tx = state.db.begin_tenant(caller.tenant_id).await?;
    Ok(axum::Json(
        audit::list(&mut tx, &caller, page.before, limit).await?,
    ))
}
