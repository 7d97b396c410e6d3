//! The district's schools: list, create, edit, archive and restore (district admins only).

use super::view::{self, choices, form_fields, Choice, Done};
use crate::db::models::schools::{self, Saved};
use crate::domain::catalogue::SchoolForm;
use crate::domain::FieldError;
use crate::domain::{SchoolId, SchoolLevel, StakeholderGroup};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct SchoolListRow {
    id: i32,
    name: String,
    level: &'static str,
    grade_span: String,
    has_young_students: bool,
    has_students: bool,
    expected_young_students: i32,
    expected_students: i32,
    expected_teachers: i32,
    expected_parents: i32,
    expected_coordinators: i32,
    archived: bool,
}

#[derive(Serialize)]
struct SchoolsPage {
    schools: Vec<SchoolListRow>,
}

#[derive(Serialize)]
struct SchoolFormPage {
    heading: &'static str,
    action: String,
    f: serde_json::Value,
    levels: Vec<Choice>,
    errors: Vec<FieldError>,
}

/// `GET /admin/schools`.
pub async fn list(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    done: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let district = user.district;
    let rows = state
        .read(move |conn| schools::list(conn, district))
        .await?;
    let mut schools: Vec<SchoolListRow> = rows
        .into_iter()
        .map(|s| SchoolListRow {
            level: s.level.label(),
            grade_span: s.span().to_string(),
            has_young_students: s.span().has(StakeholderGroup::YoungStudent),
            has_students: s.span().has(StakeholderGroup::Student),
            expected_young_students: s.expected_young_students,
            id: s.id,
            name: s.name,
            expected_students: s.expected_students,
            expected_teachers: s.expected_teachers,
            expected_parents: s.expected_parents,
            expected_coordinators: s.expected_coordinators,
            archived: s.archived,
        })
        .collect();
    schools.sort_by_key(|s| s.archived);
    view::render(
        &state,
        &user,
        ("admin/schools", "Schools"),
        StatusCode::OK,
        SchoolsPage { schools },
        view::notice(done.done.as_deref()).as_deref(),
    )
}

fn form_page(
    state: &AppState,
    user: &CurrentUser,
    editing: Option<i32>,
    form: &SchoolForm,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (heading, action) = match editing {
        Some(id) => ("Edit school", format!("/admin/schools/{id}/edit")),
        None => ("New school", "/admin/schools/new".to_string()),
    };
    let body = SchoolFormPage {
        heading,
        action,
        f: form_fields(form, &errors)?,
        levels: choices(SchoolLevel::ALL, |l| (l.as_str(), l.label()), &form.level),
        errors,
    };
    view::render(
        state,
        user,
        ("admin/school_form", heading),
        status,
        body,
        None,
    )
}

/// `GET /admin/schools/new`.
pub async fn new_form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    let blank = SchoolForm {
        expected_young_students: "0".into(),
        expected_students: "0".into(),
        expected_teachers: "0".into(),
        expected_parents: "0".into(),
        expected_coordinators: "0".into(),
        ..SchoolForm::default()
    };
    form_page(&state, &user, None, &blank, Vec::new())
}

fn taken() -> Vec<FieldError> {
    vec![crate::web::respond::field_error(
        "name",
        "Another school of the district already has this name.",
    )]
}

/// `POST /admin/schools/new`.
pub async fn create(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<SchoolForm>,
) -> Result<HttpResponse, AppError> {
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => return form_page(&state, &user, None, &form, errors),
    };
    let (district, actor) = (user.district, user.id);
    let created = state
        .write(move |conn| Ok(schools::create(conn, district, actor, &input)?))
        .await?;
    match created {
        Some(_) => Ok(see_other("/admin/schools?done=created")),
        None => form_page(&state, &user, None, &form, taken()),
    }
}

/// `GET /admin/schools/{id}/edit`.
pub async fn edit_form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = SchoolId(path.into_inner());
    let district = user.district;
    let row = state
        .read(move |conn| schools::find(conn, district, id))
        .await?
        .ok_or(AppError::NotFound)?;
    let form = SchoolForm {
        grade_span: row.span().to_string(),
        name: row.name,
        level: row.level.to_string(),
        expected_young_students: row.expected_young_students.to_string(),
        expected_students: row.expected_students.to_string(),
        expected_teachers: row.expected_teachers.to_string(),
        expected_parents: row.expected_parents.to_string(),
        expected_coordinators: row.expected_coordinators.to_string(),
    };
    form_page(&state, &user, Some(row.id), &form, Vec::new())
}

/// `POST /admin/schools/{id}/edit`.
pub async fn update(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<i32>,
    CsrfForm(form): CsrfForm<SchoolForm>,
) -> Result<HttpResponse, AppError> {
    let id = SchoolId(path.into_inner());
    let pool = state.pool.clone();
    let district = user.district;
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            let exists = web::block(move || -> Result<bool, AppError> {
                Ok(schools::find(&mut *pool.get()?, district, id)?.is_some())
            })
            .await??;
            if !exists {
                return Err(AppError::NotFound);
            }
            return form_page(&state, &user, Some(id.0), &form, errors);
        }
    };
    let actor = user.id;
    let saved = state
        .write(move |conn| Ok(schools::update(conn, district, actor, id, &input)?))
        .await?;
    match saved {
        Saved::Done => Ok(see_other("/admin/schools?done=saved")),
        Saved::Missing => Err(AppError::NotFound),
        Saved::NameTaken => form_page(&state, &user, Some(id.0), &form, taken()),
    }
}

/// `POST /admin/schools/{id}/archive` and `/unarchive`.
pub async fn set_archived(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<(i32, String)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    let archived = crate::web::respond::switch(&action, "archive", "unarchive")?;
    let (district, actor) = (user.district, user.id);
    let found = state
        .write(move |conn| {
            Ok(schools::set_archived(
                conn,
                district,
                actor,
                SchoolId(id),
                archived,
            )?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/schools?done={action}d")))
}
