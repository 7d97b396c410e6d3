//! Small response helpers every area shares: post/redirect/get, a message against a field,
//! and on/off actions named in the path (`…/archive`, `…/unarchive`).

use crate::domain::FieldError;
use crate::domain::LocalPath;
use crate::web::error::AppError;
use actix_web::http::header::LOCATION;
use actix_web::HttpResponse;

/// 303 to `location` (post/redirect/get), so reloading never repeats a change. The location
/// is parsed as a [`LocalPath`] like any other; one that is not (a bug: callers build it from
/// parsed values) goes to the home page rather than into a header.
pub fn see_other(location: &str) -> HttpResponse {
    let to = LocalPath::parse(location).unwrap_or_else(|| {
        tracing::warn!(location, "a redirect to something other than a local path");
        LocalPath::default()
    });
    redirect(&to)
}

/// 303 to a parsed same-site path.
pub fn redirect(to: &LocalPath) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, to.as_str()))
        .finish()
}

/// A message against one field.
pub fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Reads an on/off action from the path: `on` → true, `off` → false, anything else 404.
pub fn switch(action: &str, on: &str, off: &str) -> Result<bool, AppError> {
    match action {
        a if a == on => Ok(true),
        a if a == off => Ok(false),
        _ => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn switch_reads_only_its_two_words() {
        assert_eq!(
            super::switch("archive", "archive", "unarchive").ok(),
            Some(true)
        );
        assert_eq!(
            super::switch("unarchive", "archive", "unarchive").ok(),
            Some(false)
        );
        assert!(super::switch("delete", "archive", "unarchive").is_err());
    }
}
