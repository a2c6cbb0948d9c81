//! S3-compatible snapshot storage: object_store's S3 client over the reqwest 0.12 the rest of
//! the workspace uses (object_store's own `aws` feature would add reqwest 0.13 and aws-lc).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use http_body_util::BodyExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::client::{
    HttpClient, HttpConnector, HttpError, HttpErrorKind, HttpRequest, HttpResponse,
    HttpResponseBody, HttpService,
};
use object_store::prefix::PrefixStore;
use object_store::{ClientConfigKey, ClientOptions, ObjectStore, RetryConfig};

use crate::error::{HubError, Result};

/// Opens `s3://bucket/prefix`. `options` are object_store's S3 settings (`endpoint`, `region`,
/// `allow_http`, `access_key_id`, …); what they leave unset comes from the `AWS_*` variables.
pub fn open(location: &str, options: &BTreeMap<String, String>) -> Result<Arc<dyn ObjectStore>> {
    let url = reqwest::Url::parse(location)
        .map_err(|e| HubError::Config(format!("object_store {location:?}: {e}")))?;
    if url.scheme() != "s3" || url.host_str().is_none_or(str::is_empty) {
        return Err(HubError::Config(format!(
            "object_store {location:?}: use a directory, a file:// URL or s3://bucket/prefix"
        )));
    }
    let mut builder = AmazonS3Builder::from_env()
        .with_url(location)
        .with_http_connector(ReqwestConnector)
        // Fail within seconds, not minutes, when the endpoint is down or misconfigured.
        .with_retry(RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(20),
            ..RetryConfig::default()
        });
    for (key, value) in options {
        let parsed: AmazonS3ConfigKey = key.parse().map_err(|_| {
            HubError::Config(format!(
                "object_store_options.{key} is not an S3 setting (e.g. endpoint, region, \
                 allow_http, access_key_id, secret_access_key, virtual_hosted_style_request)"
            ))
        })?;
        builder = builder.with_config(parsed, value);
    }
    let store = builder
        .build()
        .map_err(|e| HubError::Config(format!("object_store {location:?}: {e}")))?;
    let prefix = url.path().trim_matches('/');
    Ok(if prefix.is_empty() {
        Arc::new(store)
    } else {
        Arc::new(PrefixStore::new(store, prefix))
    })
}

/// Builds object_store's HTTP clients on reqwest 0.12.
#[derive(Debug)]
struct ReqwestConnector;

impl HttpConnector for ReqwestConnector {
    fn connect(&self, options: &ClientOptions) -> object_store::Result<HttpClient> {
        let allow_http = options
            .get_config_value(&ClientConfigKey::AllowHttp)
            .is_some_and(|v| v == "true");
        let client = reqwest::Client::builder()
            .https_only(!allow_http)
            .connect_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| object_store::Error::Generic {
                store: "S3",
                source: Box::new(e),
            })?;
        Ok(HttpClient::new(ReqwestService(client)))
    }
}

#[derive(Debug)]
struct ReqwestService(reqwest::Client);

#[async_trait]
impl HttpService for ReqwestService {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let (parts, body) = request.into_parts();
        let url = reqwest::Url::parse(&parts.uri.to_string())
            .map_err(|e| HttpError::new(HttpErrorKind::Request, e))?;
        let mut outgoing = reqwest::Request::new(parts.method, url);
        *outgoing.headers_mut() = parts.headers;
        *outgoing.body_mut() = Some(match body.as_bytes() {
            Some(bytes) => reqwest::Body::from(bytes.clone()),
            None => reqwest::Body::wrap(body),
        });
        let response = self.0.execute(outgoing).await.map_err(http_error)?;
        let (parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
        Ok(HttpResponse::from_parts(
            parts,
            HttpResponseBody::new(body.map_err(http_error)),
        ))
    }
}

/// Classifies a transport error so object_store retries what is worth retrying.
fn http_error(error: reqwest::Error) -> HttpError {
    let kind = if error.is_timeout() {
        HttpErrorKind::Timeout
    } else if error.is_connect() {
        HttpErrorKind::Connect
    } else if error.is_body() {
        HttpErrorKind::Interrupted
    } else if error.is_decode() {
        HttpErrorKind::Decode
    } else if error.is_request() {
        HttpErrorKind::Request
    } else {
        HttpErrorKind::Unknown
    };
    HttpError::new(kind, error.without_url())
}
