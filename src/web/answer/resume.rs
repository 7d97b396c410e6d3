//! `/s/resume`: type the resume code shown on every page to continue where you stopped, on
//! this device or another.

use super::current::remember;
use super::shell::{page, CodeEntry, LangQuery};
use super::strings::text;
use crate::auth::csrf::CsrfForm;
use crate::auth::session::csrf_token;
use crate::auth::tokens;
use crate::db::models::drafts;
use crate::domain::{Language, PublicToken};
use crate::error::AppError;
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
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let csrf = csrf_token(session)?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
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

/// `POST /s/resume`: finds the draft and continues at the page it reached.
pub async fn resume(
    state: web::Data<AppState>,
    session: Session,
    form: CsrfForm<CodeEntry>,
) -> Result<HttpResponse, AppError> {
    let CodeEntry { code, lang } = form.0;
    let language = lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Language::English);
    let unknown = |code: String| {
        let message = text(language, "resume_unknown", &[]);
        render(&state, &session, language, code, Some(message))
    };
    let Ok(token) = PublicToken::parse(&code) else {
        return unknown(code);
    };
    let pool = state.pool.clone();
    let hash = tokens::hash(token.as_str());
    let page = web::block(move || -> Result<Option<i32>, AppError> {
        let mut conn = pool.get()?;
        Ok(drafts::find(&mut conn, &hash, crate::db::now())?.map(|d| d.page))
    })
    .await??;
    match page {
        None => unknown(code),
        Some(page) => {
            remember(&session, token.as_str())?;
            Ok(see_other(&format!("/s/p/{}", page.max(1))))
        }
    }
}
