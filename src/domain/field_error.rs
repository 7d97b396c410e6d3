//! A problem with one input field, the unit every form, JSON body and import reports in.
//!
//! It lives in the domain so that the parsers that find the problem (survey settings, school
//! forms, catalogue input) need nothing of the web layer to say so.

use serde::Serialize;

/// A message about one input field, shown next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form or JSON field name.
    pub field: String,
    /// What is wrong, worded for the person who typed it.
    pub message: String,
}
