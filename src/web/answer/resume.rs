//! `/s/resume`: type the resume code shown on every page to continue where you stopped, on
//! this device or another.

use super::current::remember;
use super::shell::{page, CodeEntry, LangQuery};
use super::strings::{text, Reader};
use super::throttle;
use crate::db::models::drafts;
use crate::domain::tokens;
use crate::domain::{Language, PublicToken};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::session::csrf_token;
use crate::web::client_address::ClientAddress;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct ResumePage {
    csrf: String,
    code: String,
    error: Option<String>,
    lang_code: &'static str,
}

fn render(
    state: &AppState,
    session: &Session,
    language: Language,
    code: String,
    problem: Option<(StatusCode, String)>,
) -> Result<HttpResponse, AppError> {
    let csrf = csrf_token(session)?;
    let (status, error) = match problem {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let body = ResumePage {
        csrf: csrf.clone(),
        code,
        error,
        lang_code: language.as_str(),
    };
    let ctx = page(
        "resume_title",
        language,
        Language::ALL,
        "/s/resume",
        csrf,
        body,
    );
    state
        .templates
        .page_with_status(status, "answer/resume", &ctx)
}

/// `GET /s/resume`.
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let language = query.language().unwrap_or(Language::English);
    render(&state, &session, language, String::new(), None)
}

/// What a typed resume code found.
enum Found {
    /// Too many wrong codes from this address lately.
    Throttled,
    /// No draft in progress with this code.
    Unknown,
    /// The draft's page reached and language.
    Draft(i32, Reader),
}

/// `POST /s/resume`: finds the draft and continues at the page it reached. Wrong codes are
/// counted against the address and throttled like access codes.
pub async fn resume(
    state: web::Data<AppState>,
    session: Session,
    client: ClientAddress,
    form: CsrfForm<CodeEntry>,
) -> Result<HttpResponse, AppError> {
    let CodeEntry { code, lang } = form.0;
    let language = lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Language::English);
    let problem = |status: StatusCode, message: String, code: String| {
        render(&state, &session, language, code, Some((status, message)))
    };
    let Ok(token) = PublicToken::parse(&code) else {
        let message = text(language, "resume_unknown", &[]);
        return problem(StatusCode::UNPROCESSABLE_ENTITY, message, code);
    };
    let hash = tokens::hash(token.as_str());
    let found = state
        .read(move |conn| -> Result<Found, AppError> {
            if !throttle::may_try(conn, client)? {
                return Ok(Found::Throttled);
            }
            match drafts::find(conn, &hash, crate::db::now())? {
                Some(d) => Ok(Found::Draft(
                    d.page,
                    Reader::new(d.language, d.stakeholder_group),
                )),
                None => {
                    throttle::failed(conn, client)?;
                    Ok(Found::Unknown)
                }
            }
        })
        .await?;
    match found {
        Found::Throttled => problem(
            StatusCode::TOO_MANY_REQUESTS,
            throttle::message(language),
            code,
        ),
        Found::Unknown => problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            text(language, "resume_unknown", &[]),
            code,
        ),
        Found::Draft(page, reader) => {
            remember(&session, token.as_str(), reader)?;
            Ok(see_other(&format!("/s/p/{}", page.max(1))))
        }
    }
}
