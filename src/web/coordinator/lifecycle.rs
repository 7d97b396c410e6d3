//! Lifecycle actions on a survey's page: open, close now, move the close time, delete a
//! draft, and copy as a new wave. Each posts a small form and comes back to a page that says
//! what happened (or, for opening, every reason it could not).

use super::{author, managed_survey};
use crate::db::models::surveys::SurveyRow;
use crate::db::AnyConnection;
use crate::domain::survey_form::{parse_date_time, parse_new_close, SurveyWindow};
use crate::domain::FieldError;
use crate::domain::{LabelText, TimeZone};
use crate::survey::lifecycle::{self, Changed};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireEditor};
use crate::web::admin::view::{self, form_fields};
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// Runs `change` on the survey the user manages, in one transaction.
async fn with_survey<T: Send + 'static>(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
    change: impl Fn(&mut AnyConnection, &CurrentUser, &SurveyRow) -> diesel::QueryResult<T>
        + Send
        + 'static,
) -> Result<T, AppError> {
    let pool = state.pool.clone();
    let who = user.clone();
    web::block(move || -> Result<T, AppError> {
        let mut conn = pool.get()?;
        let survey = managed_survey(&mut conn, &who, &public_id)?;
        Ok(crate::db::write::transaction(&mut conn, |conn| {
            change(conn, &who, &survey)
        })?)
    })
    .await?
}

fn back(public_id: &str, done: &str) -> HttpResponse {
    see_other(&format!("/surveys/{public_id}?done={done}"))
}

fn outcome(public_id: &str, changed: Changed, done: &str) -> HttpResponse {
    match changed {
        Changed::Done => back(public_id, done),
        Changed::WrongStatus | Changed::Refused(_) => back(public_id, "wrong-status"),
    }
}

#[derive(Serialize)]
struct RefusedPage {
    public_id: String,
    survey_title: String,
    reasons: Vec<String>,
}

/// `POST /surveys/{public_id}/open`: opens the draft, or lists why it cannot open.
pub async fn open(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let (title, result) = with_survey(&state, &user, public_id.clone(), |conn, who, survey| {
        Ok((
            survey.title.clone(),
            lifecycle::open(conn, author(who), survey)?,
        ))
    })
    .await?;
    match result {
        Ok(changed) => Ok(outcome(&public_id, changed, "opened")),
        Err(reasons) => view::render(
            &state,
            &user,
            ("coordinator/cannot_open", "The survey cannot open yet"),
            StatusCode::UNPROCESSABLE_ENTITY,
            RefusedPage {
                public_id,
                survey_title: title,
                reasons,
            },
            None,
        ),
    }
}

/// `POST /surveys/{public_id}/close`: stops new answers now.
pub async fn close(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let changed = with_survey(&state, &user, public_id.clone(), |conn, who, survey| {
        lifecycle::close(conn, author(who), survey)
    })
    .await?;
    Ok(outcome(&public_id, changed, "closed"))
}

/// `POST /surveys/{public_id}/delete`: deletes a draft.
pub async fn delete(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let changed = with_survey(&state, &user, public_id.clone(), |conn, who, survey| {
        lifecycle::delete(conn, author(who), survey)
    })
    .await?;
    match changed {
        Changed::Done => Ok(see_other("/surveys?done=deleted")),
        other => Ok(outcome(&public_id, other, "deleted")),
    }
}

/// The close-time form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CloseForm {
    /// New closing time, in the district's time zone.
    pub closes_at: String,
}

#[derive(Serialize)]
struct CloseErrorPage {
    public_id: String,
    survey_title: String,
    closes_label: String,
    f: serde_json::Value,
    errors: Vec<FieldError>,
}

/// `POST /surveys/{public_id}/close-time`: moves an open survey's closing time.
pub async fn move_close(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let raw = form.closes_at.clone();
    let zone = user.time_zone;
    let result = with_survey(
        &state,
        &user,
        public_id.clone(),
        move |conn, who, survey| {
            Ok(match parse_new_close(&raw, survey.opens_at, zone) {
                Ok(closes) => Ok(lifecycle::move_close(conn, author(who), survey, closes)?),
                Err(errors) => Err((survey.title.clone(), errors)),
            })
        },
    )
    .await?;
    match result {
        Ok(changed) => Ok(outcome(&public_id, changed, "close-moved")),
        Err((title, errors)) => view::render(
            &state,
            &user,
            ("coordinator/close_time", "Change the closing time"),
            StatusCode::UNPROCESSABLE_ENTITY,
            CloseErrorPage {
                f: form_fields(&form, &errors)?,
                closes_label: format!("Closes ({zone})"),
                public_id,
                survey_title: title,
                errors,
            },
            None,
        ),
    }
}

/// The copy-as-new-wave form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CopyForm {
    /// Label of the new wave.
    pub wave: String,
    /// Opening time, in the district's time zone.
    pub opens_at: String,
    /// Closing time, in the district's time zone.
    pub closes_at: String,
}

impl CopyForm {
    fn parse(&self, zone: TimeZone) -> Result<(LabelText, SurveyWindow), Vec<FieldError>> {
        let mut p = crate::domain::catalogue::Problems::default();
        let wave = p.take("wave", LabelText::parse(&self.wave, "wave name", 60));
        let opens = p.take(
            "opens_at",
            parse_date_time(&self.opens_at, "opening time", zone),
        );
        let closes = p.take(
            "closes_at",
            parse_date_time(&self.closes_at, "closing time", zone),
        );
        let window = match (opens, closes) {
            (Some(o), Some(c)) => p.take("closes_at", SurveyWindow::new(o, c)),
            _ => None,
        };
        match (wave, window) {
            (Some(w), Some(win)) if p.0.is_empty() => Ok((w, win)),
            _ => Err(p.0),
        }
    }
}

#[derive(Serialize)]
struct CopyPage {
    public_id: String,
    survey_title: String,
    opens_label: String,
    closes_label: String,
    wave: String,
    f: serde_json::Value,
    errors: Vec<FieldError>,
}

async fn copy_page(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
    form: &CopyForm,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let (title, wave) = with_survey(state, user, public_id.clone(), |_, _, s| {
        Ok((s.title.clone(), s.wave.clone()))
    })
    .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    view::render(
        state,
        user,
        ("coordinator/copy", "Copy as a new wave"),
        status,
        CopyPage {
            f: form_fields(form, &errors)?,
            opens_label: format!("Opens ({})", user.time_zone),
            closes_label: format!("Closes ({})", user.time_zone),
            public_id,
            survey_title: title,
            wave,
            errors,
        },
        None,
    )
}

/// `GET /surveys/{public_id}/copy`.
pub async fn copy_form(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let opens = user.time_zone.from_utc(crate::db::now()).date() + Duration::days(1);
    let opens = opens.and_hms_opt(8, 0, 0).unwrap_or_default();
    let form = CopyForm {
        wave: String::new(),
        opens_at: opens.format("%Y-%m-%dT%H:%M").to_string(),
        closes_at: (opens + Duration::days(21) + Duration::hours(9))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    };
    copy_page(&state, &user, path.into_inner(), &form, Vec::new()).await
}

/// `POST /surveys/{public_id}/copy`: a new draft wave with identical items.
pub async fn copy(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<CopyForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let (wave, window) = match form.parse(user.time_zone) {
        Ok(parsed) => parsed,
        Err(errors) => return copy_page(&state, &user, public_id, &form, errors).await,
    };
    let copied = with_survey(&state, &user, public_id, move |conn, who, survey| {
        lifecycle::copy_as_wave(conn, author(who), survey, &wave, window)
    })
    .await?;
    Ok(see_other(&format!("/surveys/{copied}?done=copied")))
}
