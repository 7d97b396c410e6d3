//! Cross-cutting request handling: a request id on every request and response, one log line
//! per request, the security headers every page carries, `Strict-Transport-Security` when
//! cookies are secure, and `Cache-Control: no-store` on everything a signed-in person or an
//! API token receives (pages, downloads, JSON), so no shared or proxy cache keeps it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use std::time::Instant;
use tracing::Instrument;

/// The id that ties a response (and an error page) to its log line.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl RequestId {
    fn generate() -> Self {
        RequestId(
            crate::domain::PublicToken::generate(12)
                .as_str()
                .to_string(),
        )
    }
}

/// The Content-Security-Policy: no inline script or style, nothing from other origins.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// How the service is reached, for the headers that depend on it (registered as app data).
#[derive(Debug, Clone, Copy)]
pub struct HeaderPolicy {
    /// Cookies are `Secure`, so the service is served over HTTPS: browsers are told to use
    /// HTTPS only (`Strict-Transport-Security`). Off with `--insecure-cookies`.
    pub strict_transport: bool,
}

/// One year, the usual HSTS lifetime; no `includeSubDomains` (a district's other hosts are
/// not Chorus's to decide).
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Marks a request made by a signed-in staff member or an API token (set by the `CurrentUser`
/// and `ApiCaller` extractors), so that its response is never cached.
#[derive(Debug, Clone, Copy)]
pub struct Authenticated;

/// Gives the request an id, logs it (method, path, status, time — never the client address),
/// and adds the id and the security headers to the response.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = RequestId::generate();
    req.extensions_mut().insert(id.clone());
    let span = tracing::info_span!("request", id = %id.0);
    let method = req.method().clone();
    let path = req.path().to_string();
    let started = Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    let status = res.status();
    span.in_scope(|| {
        tracing::info!(
            %method,
            %path,
            status = status.as_u16(),
            micros = started.elapsed().as_micros() as u64,
            "handled"
        )
    });
    let strict_transport = res
        .request()
        .app_data::<HeaderPolicy>()
        .is_some_and(|p| p.strict_transport);
    let private =
        res.request().extensions().contains::<Authenticated>() || path.starts_with("/api/");
    let headers = res.headers_mut();
    if strict_transport {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    if private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        headers.insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}
