//! CSRF protection for every state-changing form: a synchronizer token held in the session
//! and echoed in a hidden field (the `partials/csrf` template), compared in constant time,
//! plus an Origin check. A failed check writes nothing and answers 403 "the form expired".

use super::session::csrf_token;
use crate::domain::FieldError;
use crate::web::error::AppError;
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use subtle::ConstantTimeEq;

/// Largest ordinary form accepted, in bytes.
pub const FORM_LIMIT: usize = 256 * 1024;

/// Largest form carrying pasted CSV: 1 MiB of text can triple when URL-encoded.
pub const UPLOAD_LIMIT: usize = 4 * 1024 * 1024;

/// A URL-encoded form of at most `LIMIT` bytes whose CSRF token and origin were checked,
/// deserialized into `T`.
///
/// `T` ignores the `csrf` field; repeated keys (checkbox lists) deserialize into `Vec`s.
#[derive(Debug)]
pub struct CsrfForm<T, const LIMIT: usize = FORM_LIMIT>(pub T);

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

impl<T: DeserializeOwned + 'static, const LIMIT: usize> FromRequest for CsrfForm<T, LIMIT> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Payload::from_request(&req, payload);
        Box::pin(async move {
            let too_large = || {
                AppError::Invalid(vec![FieldError {
                    field: "form".into(),
                    message: format!(
                        "The form is too large: at most {} KiB can be sent at once.",
                        LIMIT / 1024
                    ),
                }])
            };
            let body = body
                .await
                .map_err(AppError::from_actix)?
                .to_bytes_limited(LIMIT)
                .await
                .map_err(|_| too_large())?
                .map_err(|_| {
                    AppError::Invalid(vec![FieldError {
                        field: "form".into(),
                        message: "The form could not be read.".into(),
                    }])
                })?;
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
