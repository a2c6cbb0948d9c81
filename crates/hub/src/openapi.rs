//! The OpenAPI document, generated from the handlers (committed as docs/hub.openapi.json).

use utoipa::openapi::RefOr;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::{
    audit, automations, changes, comments, documents, health, history, members, snapshots,
    workspaces,
};

/// The hub's API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Quarry hub",
        description = "The hosted API Quarry's desktop clients sync with: workspaces, versioned \
                       reports and dashboards, comments, alert and schedule definitions, dataset \
                       snapshots, a change feed and an audit log. Every route but the probes and \
                       this document takes an OIDC access token as `Authorization: Bearer`. \
                       Errors are `application/problem+json`."
    ),
    paths(
        health::healthz, health::readyz,
        workspaces::me, workspaces::list, workspaces::get, workspaces::create, workspaces::delete,
        members::list, members::put, members::remove,
        documents::list, documents::get, documents::create, documents::update, documents::delete,
        history::list, history::get, history::compare, history::restore,
        comments::list, comments::create, comments::delete, comments::mentioning_me,
        automations::list, automations::get, automations::create, automations::update,
        automations::delete,
        snapshots::list, snapshots::get, snapshots::create, snapshots::upload, snapshots::download,
        changes::list, changes::stream,
        audit::list,
    ),
    components(schemas(crate::error::Problem)),
    modifiers(&BearerToken, &ResponseDescriptions),
    security(("bearer" = [])),
    tags(
        (name = "health", description = "Probes"),
        (name = "workspaces", description = "Workspaces, members and the caller"),
        (name = "documents", description = "Reports and dashboards with version history"),
        (name = "comments", description = "Comment threads and mentions"),
        (name = "automations", description = "Alert and schedule definitions"),
        (name = "snapshots", description = "Dataset snapshots (Parquet)"),
        (name = "changes", description = "The change feed"),
        (name = "audit", description = "The audit log (tenant Admins)"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        scheme.description = Some(
            "An OIDC access token (RFC 9068 JWT) from the configured issuer, for the hub's \
             audience"
                .into(),
        );
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Gives every response without a description its status's reason phrase: OpenAPI 3.1
/// requires one.
struct ResponseDescriptions;

impl Modify for ResponseDescriptions {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, response) in &mut operation.responses.responses {
                    if let RefOr::T(response) = response
                        && response.description.is_empty()
                    {
                        response.description = status
                            .parse::<u16>()
                            .ok()
                            .and_then(|s| axum::http::StatusCode::from_u16(s).ok())
                            .and_then(|s| s.canonical_reason())
                            .unwrap_or("Response")
                            .to_string();
                    }
                }
            }
        }
    }
}

/// The document as pretty-printed JSON.
pub fn json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
