//! Entry: `/s/{token}` (an anonymous link: a welcome page, then Start) and `/s` (type an
//! access code). Both create a draft and go to page 1.

use super::current::{create_draft, current, remember, Current, Start};
use super::notices::{availability, render as notice, Notice};
use super::shell::{page, CodeEntry, LangQuery};
use super::strings::{text, Reader};
use super::throttle;
use crate::db::models::{drafts, respondent};
use crate::domain::tokens;
use crate::domain::{DistrictId, Language, PublicToken, SurveyId};
use crate::survey::runtime::{estimate, CachedForm, FormCache};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::session::csrf_token;
use crate::web::client_address::ClientAddress;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// A started draft's resume code and reader, or the notice (with the survey's languages)
/// instead.
type Started = Result<(String, Reader), (Notice, Vec<Language>)>;

/// What the Start button did: continued the answers in progress (at this page) or began
/// anew.
enum Resumed {
    Continue(i32),
    Fresh(Started),
}

/// What a typed access code opened.
enum CodeEntered {
    /// Too many wrong codes from this address lately.
    Throttled,
    /// No such code.
    Unknown,
    /// A draft, or the notice instead.
    Opened(Started),
}

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
        group: link.stakeholder_group,
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
    /// The original's language when the title is shown untranslated.
    title_lang: Option<&'static str>,
    privacy_url: String,
    /// This device has answers in progress for the same survey, school and group: the page
    /// offers to continue them (the default) or to start again.
    in_progress: bool,
    /// "It takes about 6 minutes", from the questions this link's group will see.
    estimate: String,
}

/// The time estimate in words.
fn estimate_text(reader: Reader, minutes: u32) -> String {
    if minutes == 1 {
        text(reader, "estimate_one", &[])
    } else {
        text(reader, "estimate", &[("minutes", &minutes.to_string())])
    }
}

/// Whether the draft in progress on this device is for the survey, school and group a link
/// opens (the same link opened again).
fn same_place(c: &Current, survey: i32, start: &Start) -> bool {
    c.draft.survey_id == survey
        && c.draft.school_id == start.school_id
        && c.draft.stakeholder_group == start.group
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
    let (form, slug, start) = match opened {
        Opened::Notice(n, languages) => {
            return notice(&state, n, &languages, asked.map(Reader::from))
        }
        Opened::Survey(cached, start) => (cached.form, cached.slug, start),
    };
    let in_progress = current(&state, &session)
        .await?
        .filter(|c| same_place(c, form.survey.id, &start));
    let language = form.language_or_first(asked.or(in_progress.as_ref().map(|c| c.language)));
    let reader = Reader::new(language, start.group);
    let csrf = csrf_token(&session)?;
    let path = format!("/s/{token}");
    let title = form.title_in(language);
    let body = Welcome {
        csrf: csrf.clone(),
        action: path.clone(),
        title: title.text,
        title_lang: title.lang,
        privacy_url: format!(
            "/privacy/{slug}?lang={}&reader={}",
            language.as_str(),
            reader.register.as_str()
        ),
        in_progress: in_progress.is_some(),
        estimate: estimate_text(reader, estimate::minutes(&form, start.group)),
    };
    let ctx = page("welcome_title", reader, &form.languages, &path, csrf, body);
    state.templates.page("answer/welcome", &ctx)
}

/// The Start button's form: `choice` is `restart` when a respondent with answers in
/// progress chose to start again (any other value, or none, continues them).
#[derive(Deserialize)]
pub struct StartForm {
    lang: Option<String>,
    choice: Option<String>,
}

/// `POST /s/{token}`: starts a draft for the link's school and group.
pub async fn start(
    state: web::Data<AppState>,
    session: Session,
    token: web::Path<String>,
    form: CsrfForm<StartForm>,
) -> Result<HttpResponse, AppError> {
    let forms = state.forms.clone();
    let asked = form.0.lang.as_deref().and_then(|l| l.parse().ok());
    let restart = form.0.choice.as_deref() == Some("restart");
    let token = token.into_inner();
    let in_progress = current(&state, &session).await?;
    let made = state
        .read(move |conn| -> Result<Resumed, AppError> {
            match by_link(conn, &forms, &token, asked)? {
                Opened::Notice(n, l) => Ok(Resumed::Fresh(Err((n, l)))),
                Opened::Survey(cached, mut start) => {
                    let same = in_progress
                        .as_ref()
                        .filter(|c| same_place(c, cached.form.survey.id, &start));
                    if let (Some(c), false) = (same, restart) {
                        return Ok(Resumed::Continue(c.draft.page));
                    }
                    start.language = cached.form.language_or_first(asked);
                    let discard = same.map(|c| c.draft.id);
                    let code =
                        crate::db::write::transaction(conn, |conn| -> Result<String, AppError> {
                            if let Some(id) = discard {
                                drafts::delete_many(conn, &[id])?;
                            }
                            create_draft(conn, &cached.form, &start)
                        })?;
                    Ok(Resumed::Fresh(Ok((code, start.reader()))))
                }
            }
        })
        .await?;
    let made = match made {
        Resumed::Continue(page) => return Ok(see_other(&format!("/s/p/{}", page.max(1)))),
        Resumed::Fresh(made) => made,
    };
    match made {
        Ok((code, reader)) => {
            remember(&session, &code, reader)?;
            Ok(see_other("/s/p/1"))
        }
        Err((n, languages)) => notice(&state, n, &languages, asked.map(Reader::from)),
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
    problem: Option<(StatusCode, String)>,
) -> Result<HttpResponse, AppError> {
    let csrf = csrf_token(session)?;
    let (status, error) = match problem {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
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
    client: ClientAddress,
    form: CsrfForm<CodeEntry>,
) -> Result<HttpResponse, AppError> {
    let CodeEntry { code, lang } = form.0;
    let language: Language = lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Language::English);
    let Ok(token) = PublicToken::parse(&code) else {
        let message = text(language, "code_malformed", &[]);
        let problem = Some((StatusCode::UNPROCESSABLE_ENTITY, message));
        return code_page(&state, &session, language, code, problem);
    };
    let forms = state.forms.clone();
    let hash = tokens::hash(token.as_str());
    let made = state
        .read(move |conn| -> Result<CodeEntered, AppError> {
            if !throttle::may_try(conn, client)? {
                return Ok(CodeEntered::Throttled);
            }
            let Some(row) = respondent::find_code(conn, &hash)? else {
                throttle::failed(conn, client)?;
                return Ok(CodeEntered::Unknown);
            };
            let start = Start {
                school_id: row.school_id,
                group: row.stakeholder_group,
                access_code_id: Some(row.id),
                language,
            };
            let opened = open(conn, &forms, row.district_id, row.survey_id, start)?;
            Ok(CodeEntered::Opened(match opened {
                Opened::Notice(n, l) => Err((n, l)),
                Opened::Survey(cached, _) if row.used => {
                    Err((Notice::Used, cached.form.languages.clone()))
                }
                Opened::Survey(cached, mut start) => {
                    start.language = cached.form.language_or_first(Some(language));
                    let code = create_draft(conn, &cached.form, &start)?;
                    Ok((code, start.reader()))
                }
            }))
        })
        .await?;
    match made {
        CodeEntered::Throttled => {
            let message = throttle::message(language);
            let problem = Some((StatusCode::TOO_MANY_REQUESTS, message));
            code_page(&state, &session, language, code, problem)
        }
        CodeEntered::Unknown => {
            let message = text(language, "code_unknown", &[]);
            let problem = Some((StatusCode::UNPROCESSABLE_ENTITY, message));
            code_page(&state, &session, language, code, problem)
        }
        CodeEntered::Opened(Ok((resume, reader))) => {
            remember(&session, &resume, reader)?;
            Ok(see_other("/s/p/1"))
        }
        CodeEntered::Opened(Err((n, languages))) => {
            notice(&state, n, &languages, Some(language.into()))
        }
    }
}
