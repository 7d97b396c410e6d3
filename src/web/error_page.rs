//! Turns failed responses into pages or JSON problems, with the request id on 500s.
//!
//! Handlers only decide the status and words ([`crate::web::error`]); this renderer, which has the
//! templates, writes the body. Responses that already have a body are left alone.

use super::middleware::RequestId;
use super::AppState;
use crate::web::error::{AppError, ErrorDetails};
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct ErrorPage<'a> {
    title: &'a str,
    user: Option<()>,
    csrf: &'a str,
    notice: Option<&'a str>,
    status: u16,
    message: &'a str,
    request_id: Option<&'a str>,
    fields: &'a [crate::domain::FieldError],
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    request_id: Option<&'a str>,
    errors: &'a [crate::domain::FieldError],
}

/// The fallback for unknown routes: a 404 in the caller's format.
pub async fn not_found(req: HttpRequest) -> actix_web::Result<HttpResponse> {
    if req.path().starts_with("/api/") {
        Err(crate::web::error::ApiError(AppError::NotFound).into())
    } else {
        Err(AppError::NotFound.into())
    }
}

/// `ErrorHandlers` hook: fills the body of every 4xx/5xx that has none yet.
pub fn render<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let has_body = !matches!(
        res.response().body().size(),
        actix_web::body::BodySize::Sized(0)
    );
    if has_body && res.response().extensions().get::<ErrorDetails>().is_none() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let details = res.response().extensions().get::<ErrorDetails>().cloned();
    let request = res.request().clone();
    let request_id = request.extensions().get::<RequestId>().map(|r| r.0.clone());
    let json = details
        .as_ref()
        .map(|d| d.json)
        .unwrap_or_else(|| request.path().starts_with("/api/"));
    let message = details
        .as_ref()
        .map(|d| d.message)
        .unwrap_or_else(|| fallback_message(status.as_u16()));
    let fields = details.map(|d| d.fields).unwrap_or_default();
    let title = status.canonical_reason().unwrap_or("Error");
    let shown_id = status
        .is_server_error()
        .then_some(request_id.as_deref())
        .flatten();

    let (content_type, body) = if json {
        let problem = Problem {
            kind: "about:blank",
            title,
            status: status.as_u16(),
            detail: message,
            request_id: request_id.as_deref(),
            errors: &fields,
        };
        (
            "application/problem+json",
            serde_json::to_string(&problem).unwrap_or_default(),
        )
    } else {
        let page = ErrorPage {
            title,
            user: None,
            csrf: "",
            notice: None,
            status: status.as_u16(),
            message,
            request_id: shown_id,
            fields: &fields,
        };
        let html = request
            .app_data::<web::Data<AppState>>()
            .and_then(|state| state.templates.render_to_string("errors/error", &page).ok())
            .unwrap_or_else(|| format!("<!doctype html><title>{title}</title><p>{message}</p>"));
        ("text/html; charset=utf-8", html)
    };
    let (req, mut response) = res.into_parts();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let response = response.set_body(BoxBody::new(body));
    let res = ServiceResponse::new(req, response).map_into_boxed_body();
    Ok(ErrorHandlerResponse::Response(
        res.map_body(|_, b| EitherBody::right(b)),
    ))
}

fn fallback_message(status: u16) -> &'static str {
    match status {
        404 => AppError::NotFound.public_message(),
        405 => "That action is not available here.",
        413 => "What was sent is too large.",
        400..=499 => "The request could not be understood.",
        _ => AppError::bug("").public_message(),
    }
}

/// `QueryConfig` hook: a query string that does not deserialize (a parameter given twice, a
/// word where a number belongs) is a 400 in the caller's format, a problem document under
/// `/api/`, instead of actix's plain-text answer.
pub fn unreadable_query(
    err: actix_web::error::QueryPayloadError,
    req: &HttpRequest,
) -> actix_web::Error {
    let refused = AppError::BadQuery(vec![crate::domain::FieldError {
        field: "query".into(),
        message: format!("The query string does not fit: {err}."),
    }]);
    if req.path().starts_with("/api/") {
        crate::web::error::ApiError(refused).into()
    } else {
        refused.into()
    }
}
