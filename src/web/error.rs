//! The error policy: what each failure answers, as an HTML page or a JSON problem.
//!
//! | failure | status | shown |
//! | --- | --- | --- |
//! | not found, or another district's / school's object | 404 | "not found" (never reveals what exists elsewhere) |
//! | invalid input | 400 or 422 | a message per field |
//! | expired or forged form (CSRF) | 403 | "the form expired" |
//! | no database connection free | 503 | "busy, try again" |
//! | a write that kept losing races to other writers (`db::write`) | 503 | "busy, try again" |
//! | anything else | 500 | the request id only; details go to the log |
//!
//! Handlers return [`AppError`] for pages and [`ApiError`] under `/api/`. The response body is
//! filled in by [`crate::web::error_page`], which has the templates; here we only decide the status
//! and the words.

use crate::domain::FieldError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The object does not exist, or belongs to someone the caller may not see.
    #[error("not found")]
    NotFound,
    /// Input that does not parse; one message per field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Input that parses but clashes with what is stored (a name another school of the
    /// district already has): 409, one message per field.
    #[error("conflict")]
    Conflict(Vec<FieldError>),
    /// A request whose query string cannot be read (a parameter given twice, a word where a
    /// number belongs): 400, one message naming the parameter, never a plain-text answer.
    #[error("unreadable query")]
    BadQuery(Vec<FieldError>),
    /// A form whose CSRF token is missing or wrong.
    #[error("the form expired")]
    FormExpired,
    /// No database connection could be had in time.
    #[error("service busy")]
    Unavailable,
    /// A write kept losing races to other writers (database locked, serialization failure,
    /// deadlock, a key taken meanwhile) after `db::write::transaction`'s retries. The cause
    /// is logged; the client is asked to retry, because a retry normally succeeds.
    #[error("write contended: {0}")]
    Contended(String),
    /// The page needs a signed-in staff member; answered with a redirect to the sign-in page.
    #[error("sign-in required")]
    SignInRequired {
        /// Where to return after signing in.
        next: crate::domain::LocalPath,
        /// Set when a session existed but ran out.
        expired: Option<crate::web::access::session::Expiry>,
    },
    /// Too many failed sign-ins for this e-mail from this address (or from this address
    /// altogether); refused without checking the password until the delay has passed.
    #[error("too many attempts")]
    TooManyAttempts {
        /// Seconds until the next try is checked (sent as `Retry-After`).
        retry_after: u64,
    },
    /// An API request without a valid bearer token.
    #[error("unauthorized")]
    Unauthorized,
    /// Anything unexpected; the cause, with its whole chain of causes, is logged with the
    /// request id, never shown.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl AppError {
    /// Wraps an unexpected failure, keeping it and its causes for the log only.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(cause.into())
    }

    /// Wraps one of actix's errors, which cannot cross threads: its words are kept.
    pub fn from_actix(cause: actix_web::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("{cause}"))
    }

    /// An unexpected state described in words (no underlying error to keep).
    pub fn bug(what: &'static str) -> Self {
        AppError::Internal(anyhow::anyhow!(what))
    }

    /// The words shown to a person for this failure.
    pub fn public_message(&self) -> &'static str {
        match self {
            AppError::NotFound => "We could not find that page.",
            AppError::Invalid(_) => "Some of what was entered needs to be corrected.",
            AppError::BadQuery(_) => "The address of this request cannot be read.",
            AppError::Conflict(_) => "This clashes with something already saved.",
            AppError::FormExpired => {
                "This form has expired. Go back, reload the page and try again."
            }
            AppError::Unavailable | AppError::Contended(_) => {
                "Chorus is very busy right now. Please try again in a moment."
            }
            AppError::SignInRequired { .. } => "Please sign in to continue.",
            AppError::TooManyAttempts { .. } => {
                "Too many wrong passwords were tried for this account from here. Wait a few minutes, then try again."
            }
            AppError::Unauthorized => "A valid API token is required.",
            AppError::Internal(_) => "Something went wrong on our side. It has been logged.",
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other if crate::db::write::Contention::is_contention(&other) => {
                AppError::Contended(other.to_string())
            }
            other => AppError::internal(other),
        }
    }
}

impl crate::db::write::Contention for AppError {
    fn is_contention(&self) -> bool {
        matches!(self, AppError::Contended(_))
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable
    }
}

impl From<crate::db::writer::WriteError> for AppError {
    fn from(e: crate::db::writer::WriteError) -> Self {
        match e {
            crate::db::writer::WriteError::Busy | crate::db::writer::WriteError::Stopped => {
                AppError::Unavailable
            }
            crate::db::writer::WriteError::Database(cause) => {
                AppError::Internal(anyhow::anyhow!(cause))
            }
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal(e)
    }
}

/// Carried in a failed response's extensions so the error renderer knows what to show.
#[derive(Debug, Clone)]
pub struct ErrorDetails {
    /// Words for the person.
    pub message: &'static str,
    /// Field messages for invalid input.
    pub fields: Vec<FieldError>,
    /// Whether the caller expects JSON (API routes).
    pub json: bool,
}

fn respond(error: &AppError, json: bool) -> HttpResponse {
    if let (AppError::SignInRequired { next, expired }, false) = (error, json) {
        let reason = if expired.is_some() { "&expired=1" } else { "" };
        let location = format!("/signin?next={}{reason}", encode_query(next.as_str()));
        return HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, location))
            .finish();
    }
    if let AppError::Internal(cause) = error {
        tracing::error!(cause = format!("{cause:#}"), "request failed");
    }
    let mut builder = HttpResponse::build(error.status_code());
    if let AppError::Unauthorized = error {
        builder.insert_header(("www-authenticate", "Bearer"));
    }
    if let AppError::TooManyAttempts { retry_after } = error {
        builder.insert_header((
            actix_web::http::header::RETRY_AFTER,
            retry_after.to_string(),
        ));
    }
    if let AppError::Contended(cause) = error {
        tracing::warn!(%cause, "write gave up after retries");
    }
    if let AppError::Unavailable | AppError::Contended(_) = error {
        // Saturated (full submission queue, no free connection): a client may retry shortly.
        builder.insert_header((actix_web::http::header::RETRY_AFTER, "1"));
    }
    let mut response = builder.finish();
    response.extensions_mut().insert(ErrorDetails {
        message: error.public_message(),
        fields: match error {
            AppError::Invalid(fields) | AppError::BadQuery(fields) | AppError::Conflict(fields) => {
                fields.clone()
            }
            _ => Vec::new(),
        },
        json,
    });
    response
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadQuery(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::FormExpired => StatusCode::FORBIDDEN,
            AppError::Unavailable | AppError::Contended(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        respond(self, false)
    }
}

/// The same failures answered as `application/problem+json`, for `/api/` routes.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        respond(&self.0, true)
    }
}

/// Percent-encodes a value for a query string (everything but unreserved characters).
pub fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
