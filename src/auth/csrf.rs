//! CSRF protection for every state-changing form: a synchronizer token held in the session
//! and echoed in a hidden field (the `partials/csrf` template), compared in constant time,
//! plus an Origin check. A failed check writes nothing and answers 403 "the form expired".

use super::session::csrf_token;
use crate::error::{AppError, FieldError};
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use subtle::ConstantTimeEq;

/// Largest form accepted, in bytes (a CSV import is a file upload, not a form field).
pub const FORM_LIMIT: usize = 256 * 1024;

/// A URL-encoded form whose CSRF token and origin were checked, deserialized into `T`.
///
/// `T` ignores the `csrf` field; repeated keys (checkbox lists) deserialize into `Vec`s.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

/// Whether the request's `Origin` (when the browser sent one) is this service.
fn origin_matches(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get("origin").and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let info = req.connection_info();
    origin == format!("{}://{}", info.scheme(), info.host())
}

/// The field the token travels in.
pub const FIELD: &str = "csrf";

fn token_matches(req: &HttpRequest, body: &[u8]) -> Result<bool, AppError> {
    let expected = csrf_token(&req.get_session())?;
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(body).unwrap_or_default();
    let given = pairs
        .iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.as_bytes())
        .unwrap_or_default();
    Ok(!given.is_empty() && bool::from(given.ct_eq(expected.as_bytes())))
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|_| {
                AppError::Invalid(vec![FieldError {
                    field: "form".into(),
                    message: "The form could not be read (it may be too large).".into(),
                }])
            })?;
            if body.len() > FORM_LIMIT {
                return Err(AppError::Invalid(vec![FieldError {
                    field: "form".into(),
                    message: "The form is too large.".into(),
                }]));
            }
            if !origin_matches(&req) || !token_matches(&req, &body)? {
                return Err(AppError::FormExpired);
            }
            serde_html_form::from_bytes::<T>(&body)
                .map(CsrfForm)
                .map_err(|e| {
                    AppError::Invalid(vec![FieldError {
                        field: "form".into(),
                        message: format!("The form is incomplete: {e}."),
                    }])
                })
        })
    }
}
