//! Shared pieces of the catalogue pages: form values with their messages, choices for
//! selects, and page responses with a status.

use crate::domain::FieldError;
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde::Serialize;
use serde_json::{Map, Value};

/// Every text field of `form` as `{ value, error }`, so a template can show what was typed and
/// the message next to it (strict mode: every field exists, `error` is null when fine).
pub fn form_fields<T: Serialize>(form: &T, errors: &[FieldError]) -> Result<Value, AppError> {
    let Value::Object(values) = serde_json::to_value(form).map_err(AppError::internal)? else {
        return Err(AppError::bug("a form is not an object"));
    };
    let mut fields = Map::new();
    for (name, value) in values {
        let messages: Vec<&str> = errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message.as_str())
            .collect();
        let error = (!messages.is_empty()).then(|| messages.join(" "));
        fields.insert(name, serde_json::json!({ "value": value, "error": error }));
    }
    Ok(Value::Object(fields))
}

/// One option of a `<select>`.
#[derive(Debug, Serialize)]
pub struct Choice {
    /// Submitted value.
    pub value: &'static str,
    /// Shown text.
    pub label: &'static str,
    /// Whether it is the current value.
    pub selected: bool,
}

/// Options for a select from a vocabulary, marking `current`.
pub fn choices<T: Copy>(
    all: &[T],
    text: impl Fn(T) -> (&'static str, &'static str),
    current: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| {
            let (value, label) = text(*v);
            Choice {
                value,
                label,
                selected: value == current,
            }
        })
        .collect()
}

/// Renders a staff page with a status (200 for pages, 422 for a form to correct).
pub fn render<T: Serialize>(
    state: &AppState,
    user: &CurrentUser,
    (template, title): (&str, &str),
    status: StatusCode,
    body: T,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let mut page = Page::staff(title, user, body);
    if let Some(n) = notice {
        page = page.with_notice(n);
    }
    state.templates.page_with_status(status, template, &page)
}

/// The notice for a `?done=` code after a catalogue change.
pub fn notice(code: Option<&str>) -> Option<String> {
    let code = code?;
    if let Some(counts) = code.strip_prefix("schools-imported-") {
        let (created, updated) = counts.split_once('-')?;
        let (created, updated): (usize, usize) = (created.parse().ok()?, updated.parse().ok()?);
        return Some(format!(
            "Imported the schools: {created} added, {updated} updated."
        ));
    }
    if let Some(count) = code.strip_prefix("imported-") {
        let count: usize = count.parse().ok()?;
        return Some(format!("Imported {count} products with their features."));
    }
    Some(
        match code {
            "created" => "Saved. It is now in the catalogue.",
            "saved" => "Your changes were saved.",
            "archived" => "Archived. It is kept for past reports but offered for nothing new.",
            "unarchived" => "Restored from the archive.",
            "feature" => "The feature list was updated.",
            _ => return None,
        }
        .to_string(),
    )
}

/// `?done=` after a change.
#[derive(Debug, serde::Deserialize)]
pub struct Done {
    /// What was done.
    pub done: Option<String>,
}
