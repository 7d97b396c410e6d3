//! Entry: `/s/{token}` (an anonymous link: a welcome page, then Start) and `/s` (type an
//! access code). Both create a draft and go to page 1.

use super::current::{create_draft, remember, Start};
use super::notices::{availability, render as notice, Notice};
use super::shell::{page, CodeEntry, LangQuery};
use super::strings::text;
use crate::auth::csrf::CsrfForm;
use crate::auth::session::csrf_token;
use crate::auth::tokens;
use crate::db::models::respondent;
use crate::domain::{DistrictId, Language, PublicToken, SurveyId};
use crate::error::AppError;
use crate::survey::runtime::{CachedForm, FormCache};
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// A started draft's resume code, or the notice (with the survey's languages) instead.
type Started = Result<String, (Notice, Vec<Language>)>;

/// What a link or code opens: a survey that takes answers, or a notice.
enum Opened {
    Survey(CachedForm, Start),
    Notice(Notice, Vec<Language>),
}

/// Checks the survey behind a link or code at `now`.
fn open(
    conn: &mut crate::db::AnyConnection,
    forms: &FormCache,
    district: i32,
    survey: i32,
    start: Start,
) -> Result<Opened, AppError> {
    let Some(cached) = forms.get(conn, DistrictId(district), SurveyId(survey))? else {
        return Ok(Opened::Notice(Notice::Unknown, Vec::new()));
    };
    match availability(&cached.form.survey, crate::db::now()) {
        Ok(()) => Ok(Opened::Survey(cached, start)),
        Err(n) => Ok(Opened::Notice(n, cached.form.languages.clone())),
    }
}

fn by_link(
    conn: &mut crate::db::AnyConnection,
    forms: &FormCache,
    token: &str,
    language: Option<Language>,
) -> Result<Opened, AppError> {
    let Some(link) = respondent::find_link(conn, token)? else {
        return Ok(Opened::Notice(Notice::Unknown, Vec::new()));
    };
    let start = Start {
        school_id: link.school_id,
        group: link.stakeholder_group.clone(),
        access_code_id: None,
        language: language.unwrap_or(Language::English),
    };
    let opened = open(conn, forms, link.district_id, link.survey_id, start)?;
    match opened {
        Opened::Survey(cached, _) if !link.active => Ok(Opened::Notice(
            Notice::Closed,
            cached.form.languages.clone(),
        )),
        other => Ok(other),
    }
}

#[derive(Serialize)]
struct Welcome {
    csrf: String,
    action: String,
    title: String,
    privacy_url: String,
}

/// `GET /s/{token}`: the welcome page (what the survey is, anonymity, language, Start).
pub async fn welcome(
    state: web::Data<AppState>,
    session: Session,
    token: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let forms = state.forms.clone();
    let token = token.into_inner();
    let asked = query.language();
    let t = token.clone();
    let opened = web::block(move || -> Result<Opened, AppError> {
        by_link(&mut *pool.get()?, &forms, &t, asked)
    })
    .await??;
    let (form, slug) = match opened {
        Opened::Notice(n, languages) => return notice(&state, n, &languages),
        Opened::Survey(cached, _) => (cached.form, cached.slug),
    };
    let language = form.language_or_first(asked);
    let csrf = csrf_token(&session)?;
    let path = format!("/s/{token}");
    let body = Welcome {
        csrf: csrf.clone(),
        action: path.clone(),
        title: form.survey.title.clone(),
        privacy_url: format!("/privacy/{slug}?lang={}", language.as_str()),
    };
    let ctx = page(
        "welcome_title",
        language,
        &form.languages,
        &path,
        csrf,
        body,
    );
    state.templates.page("answer/welcome", &ctx)
}

/// The Start button's form.
#[derive(Deserialize)]
pub struct StartForm {
    lang: Option<String>,
}

/// `POST /s/{token}`: starts a draft for the link's school and group.
pub async fn start(
    state: web::Data<AppState>,
    session: Session,
    token: web::Path<String>,
    form: CsrfForm<StartForm>,
) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let forms = state.forms.clone();
    let asked = form.0.lang.as_deref().and_then(|l| l.parse().ok());
    let token = token.into_inner();
    let made = web::block(move || -> Result<Started, AppError> {
        let mut conn = pool.get()?;
        match by_link(&mut conn, &forms, &token, asked)? {
            Opened::Notice(n, l) => Ok(Err((n, l))),
            Opened::Survey(cached, mut start) => {
                start.language = cached.form.language_or_first(asked);
                Ok(Ok(create_draft(&mut conn, &cached.form, &start)?))
            }
        }
    })
    .await??;
    match made {
        Ok(code) => {
            remember(&session, &code)?;
            Ok(see_other("/s/p/1"))
        }
        Err((n, languages)) => notice(&state, n, &languages),
    }
}

#[derive(Serialize)]
struct CodeFormPage {
    csrf: String,
    code: String,
    error: Option<String>,
    lang_code: &'static str,
}

fn code_page(
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
    let body = CodeFormPage {
        csrf: csrf.clone(),
        code,
        error,
        lang_code: language.as_str(),
    };
    let ctx = page("code_title", language, Language::ALL, "/s", csrf, body);
    state
        .templates
        .page_with_status(status, "answer/code", &ctx)
}

/// `GET /s`: type an access code.
pub async fn code_form(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let language = query.language().unwrap_or(Language::English);
    code_page(&state, &session, language, String::new(), None)
}

/// `POST /s`: checks the code (unknown, used, survey closed or not open) and starts a draft.
pub async fn code_start(
    state: web::Data<AppState>,
    session: Session,
    form: CsrfForm<CodeEntry>,
) -> Result<HttpResponse, AppError> {
    let CodeEntry { code, lang } = form.0;
    let language: Language = lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Language::English);
    let Ok(token) = PublicToken::parse(&code) else {
        let message = text(language, "code_malformed", &[]);
        return code_page(&state, &session, language, code, Some(message));
    };
    let pool = state.pool.clone();
    let forms = state.forms.clone();
    let hash = tokens::hash(token.as_str());
    let made = web::block(move || -> Result<Option<Started>, AppError> {
        let mut conn = pool.get()?;
        let Some(row) = respondent::find_code(&mut conn, &hash)? else {
            return Ok(None);
        };
        let start = Start {
            school_id: row.school_id,
            group: row.stakeholder_group.clone(),
            access_code_id: Some(row.id),
            language,
        };
        let opened = open(&mut conn, &forms, row.district_id, row.survey_id, start)?;
        Ok(Some(match opened {
            Opened::Notice(n, l) => Err((n, l)),
            Opened::Survey(cached, _) if row.used => {
                Err((Notice::Used, cached.form.languages.clone()))
            }
            Opened::Survey(cached, mut start) => {
                start.language = cached.form.language_or_first(Some(language));
                Ok(create_draft(&mut conn, &cached.form, &start)?)
            }
        }))
    })
    .await??;
    match made {
        None => {
            let message = text(language, "code_unknown", &[]);
            code_page(&state, &session, language, code, Some(message))
        }
        Some(Ok(resume)) => {
            remember(&session, &resume)?;
            Ok(see_other("/s/p/1"))
        }
        Some(Err((n, languages))) => notice(&state, n, &languages),
    }
}
