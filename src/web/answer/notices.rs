//! Friendly pages for a link or code that cannot be answered now — closed, not yet open,
//! unknown, used — and for a lost or tampered page, in every language of the survey.

use super::shell::page;
use super::strings::{text, Reader};
use crate::db::models::surveys::SurveyRow;
use crate::domain::{Language, SurveyStatus};
use crate::web::error::AppError;
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
    if survey.status == SurveyStatus::Closed || now >= survey.closes_at {
        Err(Notice::Closed)
    } else if survey.status != SurveyStatus::Open || now < survey.opens_at {
        Err(Notice::NotYetOpen)
    } else {
        Ok(())
    }
}

#[derive(Serialize)]
struct Part {
    lang: &'static str,
    dir: Option<&'static str>,
    title: String,
    text: String,
}

#[derive(Serialize)]
struct NoticePage {
    parts: Vec<Part>,
}

/// The languages a notice is shown in: the reader's first when it is known (they chose it),
/// then the survey's others (every language when the survey is not known).
fn in_order(languages: &[Language], reader: Option<Reader>) -> Vec<Language> {
    let all = if languages.is_empty() {
        Language::ALL
    } else {
        languages
    };
    let first = reader.map(|r| r.language);
    first
        .into_iter()
        .chain(all.iter().copied().filter(|l| Some(*l) != first))
        .collect()
}

/// Renders the notice in each of the survey's `languages`, the `reader`'s first and in their
/// register when known (they chose a language, or have a survey in progress).
pub fn render(
    state: &AppState,
    notice: Notice,
    languages: &[Language],
    reader: Option<Reader>,
) -> Result<HttpResponse, AppError> {
    let register = reader.map(|r| r.register).unwrap_or_default();
    let ordered = in_order(languages, reader);
    let parts = ordered
        .iter()
        .map(|l| {
            let r = Reader {
                language: *l,
                register,
            };
            Part {
                lang: l.as_str(),
                dir: l.direction().attribute(),
                title: text(r, &format!("{}_title", notice.key()), &[]),
                text: text(r, &format!("{}_text", notice.key()), &[]),
            }
        })
        .collect();
    let first = Reader {
        language: ordered.first().copied().unwrap_or(Language::English),
        register,
    };
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
