//! Distribution: the anonymous links of a survey (one per school × group, with a QR code),
//! turning a link off and on, and batches of single-use access codes with their printable
//! sheet of cut-out slips.

use super::{author, links, managed_survey};
use crate::db::models::distribution::{self, CodeBatch, LinkRow};
use crate::db::models::schools::SchoolRow;
use crate::db::models::surveys::SurveyRow;
use crate::db::models::{schools, surveys};
use crate::domain::code_request::{CodeForm, CodeRequest, MAX_CODES_PER_BATCH};
use crate::domain::FieldError;
use crate::domain::{Language, PublicToken, SchoolId, StakeholderGroup, SurveyId, SurveyStatus};
use crate::survey::codes::{self, CodesMade};
use crate::survey::lifecycle::groups_of;
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireEditor};
use crate::web::admin::view::{self, form_fields};
use crate::web::answer::strings::{self, Reader, Register};
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

/// Everything the distribution page shows, read in one go.
struct Distribution {
    survey: SurveyRow,
    schools: Vec<SchoolRow>,
    groups: Vec<StakeholderGroup>,
    links: Vec<LinkRow>,
    batches: Vec<CodeBatch>,
}

impl Distribution {
    fn school_name(&self, id: i32) -> String {
        self.schools
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("School {id}"), |s| s.name.clone())
    }
}

async fn load(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
) -> Result<Distribution, AppError> {
    let pool = state.pool.clone();
    let who = user.clone();
    web::block(move || -> Result<Distribution, AppError> {
        let mut conn = pool.get()?;
        let survey = managed_survey(&mut conn, &who, &public_id)?;
        let id = SurveyId(survey.id);
        let in_survey = surveys::schools_of(&mut conn, who.district, id)?;
        Ok(Distribution {
            schools: schools::list(&mut conn, who.district)?
                .into_iter()
                .filter(|s| in_survey.contains(&SchoolId(s.id)))
                .collect(),
            groups: groups_of(&survey).map_err(AppError::internal)?,
            links: distribution::links_of(&mut conn, who.district, id)?,
            batches: distribution::code_batches(&mut conn, who.district, id)?,
            survey,
        })
    })
    .await?
}

#[derive(Serialize)]
struct LinkLine {
    id: i32,
    school: String,
    group: &'static str,
    url: String,
    active: bool,
}

#[derive(Serialize)]
struct BatchLine {
    school: String,
    group: &'static str,
    total: i64,
    used: i64,
    made: String,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct DistributePage {
    public_id: String,
    survey_title: String,
    wave: String,
    is_draft: bool,
    is_closed: bool,
    links: Vec<LinkLine>,
    missing: Vec<links::MissingLine>,
    proposed: Vec<links::ProposedLine>,
    batches: Vec<BatchLine>,
    schools: Vec<Choice>,
    groups: Vec<Choice>,
    max_codes: u32,
    f: serde_json::Value,
    errors: Vec<FieldError>,
}

fn link_url(state: &AppState, token: &str) -> String {
    format!("{}/s/{token}", state.base_url)
}

async fn distribute_page(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
    form: &CodeForm,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let d = load(state, user, public_id.clone()).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let is_draft = d.survey.status == SurveyStatus::Draft;
    let is_open = d.survey.status == SurveyStatus::Open;
    let body = DistributePage {
        missing: if is_open {
            links::missing(&d.schools, &d.groups, &d.links)
        } else {
            Vec::new()
        },
        proposed: if is_draft {
            links::proposed(&d.schools, &d.groups)
        } else {
            Vec::new()
        },
        links: d
            .links
            .iter()
            .map(|l| LinkLine {
                id: l.id,
                school: d.school_name(l.school_id),
                group: l.stakeholder_group.label(),
                url: link_url(state, &l.token),
                active: l.active,
            })
            .collect(),
        batches: d
            .batches
            .iter()
            .map(|b| BatchLine {
                school: d.school_name(b.school_id),
                group: b.stakeholder_group.label(),
                total: b.total,
                used: b.used,
                made: b.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
            .collect(),
        schools: d
            .schools
            .iter()
            .map(|s| Choice {
                selected: form.school == s.id.to_string(),
                value: s.id.to_string(),
                label: s.name.clone(),
            })
            .collect(),
        groups: d
            .groups
            .iter()
            .map(|g| Choice {
                selected: form.group == g.as_str(),
                value: g.as_str().to_string(),
                label: g.label().to_string(),
            })
            .collect(),
        max_codes: MAX_CODES_PER_BATCH,
        f: form_fields(form, &errors)?,
        is_draft,
        is_closed: d.survey.status == SurveyStatus::Closed,
        survey_title: d.survey.title,
        wave: d.survey.wave,
        public_id,
        errors,
    };
    view::render(
        state,
        user,
        ("coordinator/distribute", "Distribute the survey"),
        status,
        body,
        notice.as_deref(),
    )
}

/// A fresh code form: 30 codes (a class), with a new batch key.
fn fresh_code_form() -> CodeForm {
    CodeForm {
        count: "30".into(),
        batch: PublicToken::generate(16).to_string(),
        ..CodeForm::default()
    }
}

/// The notice for a `?done=` code on the distribution page.
fn notice(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "link-on" => "The link works again.",
            "link-off" => "The link is turned off: people who open it are told it is closed.",
            "no-link" => "That link is not one of this survey's.",
            "link-added" => "The link is made: answers through it count for that school and group.",
            "link-not-open" => {
                "Links are added while the survey is open; a draft makes its links when it opens."
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// `GET /surveys/{public_id}/distribute`.
pub async fn page(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    query: web::Query<view::Done>,
) -> Result<HttpResponse, AppError> {
    let notice = notice(query.done.as_deref());
    distribute_page(
        &state,
        &user,
        path.into_inner(),
        &fresh_code_form(),
        Vec::new(),
        notice,
    )
    .await
}

/// `POST /surveys/{public_id}/links/{link}/{activate|deactivate}`.
pub async fn set_link(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<(String, i32, String)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (public_id, link, action) = path.into_inner();
    let active = match action.as_str() {
        "activate" => true,
        "deactivate" => false,
        _ => return Err(AppError::NotFound),
    };
    let who = user.clone();
    let id = public_id.clone();
    let changed = state
        .read(move |conn| -> Result<bool, AppError> {
            let survey = managed_survey(conn, &who, &id)?;
            Ok(distribution::set_link_active(
                conn,
                who.district,
                SurveyId(survey.id),
                link,
                active,
            )?)
        })
        .await?;
    let done = match (changed, active) {
        (false, _) => "no-link",
        (true, true) => "link-on",
        (true, false) => "link-off",
    };
    Ok(see_other(&format!(
        "/surveys/{public_id}/distribute?done={done}"
    )))
}

/// `GET /surveys/{public_id}/links/{link}/qr.svg`: the link as a QR code, drawn here (no
/// third-party service ever sees a survey's links).
pub async fn qr(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (public_id, link) = path.into_inner();
    let d = load(&state, &user, public_id).await?;
    let row = d
        .links
        .iter()
        .find(|l| l.id == link)
        .ok_or(AppError::NotFound)?;
    let code =
        qrcode::QrCode::new(link_url(&state, &row.token).as_bytes()).map_err(AppError::internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok().content_type("image/svg+xml").body(svg))
}

/// One language's text on a slip, from the respondent catalogue.
#[derive(Serialize)]
struct SlipText {
    lang: &'static str,
    dir: Option<&'static str>,
    heading: String,
    instruction: String,
    promise: String,
}

/// A slip's text in `language`. Slips have always been worded in the student register for
/// every group (Spanish: tú); that an adult group's slip reads tú too is kept as it was and
/// reported on issue 19 for a decision.
fn slip_text(language: Language, survey: &SurveyRow, entry: &str) -> SlipText {
    let reader = Reader {
        language,
        register: Register::Student,
    };
    SlipText {
        lang: language.as_str(),
        dir: language.direction().attribute(),
        heading: strings::text(reader, "slip_heading", &[("title", &survey.title)]),
        instruction: strings::text(reader, "slip_instruction", &[("entry", entry)]),
        promise: strings::text(reader, "slip_promise", &[]),
    }
}

#[derive(Serialize)]
struct SheetPage {
    public_id: String,
    survey_title: String,
    wave: String,
    school: String,
    group: &'static str,
    count: usize,
    texts: Vec<SlipText>,
    codes: Vec<String>,
}

/// `POST /surveys/{public_id}/codes`: makes a batch and shows its sheet, the only time the
/// codes are ever shown.
pub async fn make_codes(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let d = load(&state, &user, public_id.clone()).await?;
    let school_ids: Vec<SchoolId> = d.schools.iter().map(|s| SchoolId(s.id)).collect();
    let request: CodeRequest = match form.parse(&school_ids, &d.groups) {
        Ok(r) => r,
        Err(errors) => {
            return distribute_page(&state, &user, public_id, &form, errors, None).await;
        }
    };
    let who = user.clone();
    let id = public_id.clone();
    let asked = request.clone();
    let made = state
        .read(move |conn| -> Result<CodesMade, AppError> {
            let survey = managed_survey(conn, &who, &id)?;
            Ok(crate::db::write::transaction(conn, |conn| {
                codes::make_codes(conn, author(&who), &survey, &asked)
            })?)
        })
        .await?;
    let codes = match made {
        CodesMade::Made(codes) => codes,
        CodesMade::AlreadyMade => {
            let errors = vec![FieldError {
                field: "count".into(),
                message: "These codes were made already (the form was sent twice). For safety \
                          codes are shown only once: if that sheet is lost, make a new batch."
                    .into(),
            }];
            return distribute_page(&state, &user, public_id, &fresh_code_form(), errors, None)
                .await;
        }
        CodesMade::SurveyClosed => {
            let errors = vec![FieldError {
                field: "count".into(),
                message: "The survey is closed: new codes could never be used.".into(),
            }];
            return distribute_page(&state, &user, public_id, &fresh_code_form(), errors, None)
                .await;
        }
    };
    let entry = format!("{}/s", state.base_url);
    let languages: Vec<Language> = d
        .survey
        .languages
        .split(',')
        .filter_map(|l| l.parse().ok())
        .collect();
    let body = SheetPage {
        texts: languages
            .iter()
            .map(|l| slip_text(*l, &d.survey, &entry))
            .collect(),
        codes: codes.iter().map(codes::printed).collect(),
        count: codes.len(),
        school: d.school_name(request.school.0),
        group: request.group.label(),
        survey_title: d.survey.title.clone(),
        wave: d.survey.wave.clone(),
        public_id,
    };
    view::render(
        &state,
        &user,
        ("coordinator/code_sheet", "Access codes to print"),
        StatusCode::OK,
        body,
        None,
    )
}
