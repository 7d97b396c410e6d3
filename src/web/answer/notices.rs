//! Friendly pages for a link or code that cannot be answered now — closed, not yet open,
//! unknown, used — and for a lost or tampered page, in every language of the survey.

use super::shell::page;
use super::strings::text;
use crate::db::models::surveys::SurveyRow;
use crate::domain::{Language, SurveyStatus};
use crate::error::AppError;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use chrono::NaiveDateTime;
use serde::Serialize;

/// Which notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The survey no longer takes answers.
    Closed,
    /// The survey has not opened.
    NotYetOpen,
    /// No such link, code or survey.
    Unknown,
    /// The access code has sent its answers already.
    Used,
    /// No draft on this device.
    NoDraft,
    /// The page sent fields or values no page of ours sends.
    Tampered,
    /// The answers in progress on this device could not be sent: the survey closed and its
    /// grace period for answers in progress passed.
    TooLate,
}

impl Notice {
    fn key(self) -> &'static str {
        match self {
            Notice::Closed => "closed",
            Notice::NotYetOpen => "not_open",
            Notice::Unknown => "unknown",
            Notice::Used => "used",
            Notice::NoDraft => "no_draft",
            Notice::Tampered => "tampered",
            Notice::TooLate => "too_late",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Notice::Closed | Notice::Used | Notice::TooLate => StatusCode::GONE,
            Notice::NotYetOpen => StatusCode::FORBIDDEN,
            Notice::Unknown | Notice::NoDraft => StatusCode::NOT_FOUND,
            Notice::Tampered => StatusCode::BAD_REQUEST,
        }
    }
}

/// Whether a survey takes answers at `now`, or the notice to show instead.
pub fn availability(survey: &SurveyRow, now: NaiveDateTime) -> Result<(), Notice> {
    if survey.status == SurveyStatus::Closed.as_str() || now >= survey.closes_at {
        Err(Notice::Closed)
    } else if survey.status != SurveyStatus::Open.as_str() || now < survey.opens_at {
        Err(Notice::NotYetOpen)
    } else {
        Ok(())
    }
}

#[derive(Serialize)]
struct Part {
    lang: &'static str,
    title: String,
    text: String,
}

#[derive(Serialize)]
struct NoticePage {
    parts: Vec<Part>,
}

/// Renders the notice in each of `languages` (the first is the page's language).
pub fn render(
    state: &AppState,
    notice: Notice,
    languages: &[Language],
) -> Result<HttpResponse, AppError> {
    let all = if languages.is_empty() {
        Language::ALL
    } else {
        languages
    };
    let first = all.first().copied().unwrap_or(Language::English);
    let parts = all
        .iter()
        .map(|l| Part {
            lang: l.as_str(),
            title: text(*l, &format!("{}_title", notice.key()), &[]),
            text: text(*l, &format!("{}_text", notice.key()), &[]),
        })
        .collect();
    let ctx = page(
        &format!("{}_title", notice.key()),
        first,
        &[],
        "/s",
        String::new(),
        NoticePage { parts },
    );
    state
        .templates
        .page_with_status(notice.status(), "answer/notice", &ctx)
}
