//! The district's schools as CSV: a download with grade spans and per-group headcounts, and
//! an import of the same columns that lists every row's problems and writes all rows or none
//! (a name the district has updates that school, any other creates one).

use super::view::{self, form_fields};
use crate::db::models::schools::{self, SchoolRow};
use crate::domain::catalogue::SchoolForm;
use crate::domain::school_import::{self, SchoolImportRow, COLUMNS};
use crate::domain::FieldError;
use crate::reports::export::formula::write_safe_record;
use crate::web::access::csrf::{CsrfForm, UPLOAD_LIMIT};
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// The import form as posted.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SchoolImportForm {
    /// The CSV text.
    pub csv: String,
}

#[derive(Serialize)]
struct ProblemRow {
    line: u64,
    name: String,
    problems: Vec<String>,
}

#[derive(Serialize)]
struct ImportPage {
    f: serde_json::Value,
    errors: Vec<FieldError>,
    columns: String,
    max_rows: usize,
    rows: Vec<ProblemRow>,
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    form: &SchoolImportForm,
    errors: Vec<FieldError>,
    rows: Vec<ProblemRow>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() && rows.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = ImportPage {
        f: form_fields(form, &errors)?,
        errors,
        columns: COLUMNS.join(","),
        max_rows: school_import::MAX_ROWS,
        rows,
    };
    view::render(
        state,
        user,
        ("admin/school_import", "Import schools"),
        status,
        body,
        None,
    )
}

/// `GET /admin/schools/import`.
pub async fn form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    page(
        &state,
        &user,
        &SchoolImportForm::default(),
        Vec::new(),
        Vec::new(),
    )
}

/// `POST /admin/schools/import`: every row checked; with any problem, every row's problems
/// listed and nothing written; else all rows written in one transaction.
pub async fn commit(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<SchoolImportForm, UPLOAD_LIMIT>,
) -> Result<HttpResponse, AppError> {
    let rows: Vec<SchoolImportRow> = match school_import::parse_csv(&form.csv) {
        Ok(rows) => rows,
        Err(e) => {
            let error = crate::web::respond::field_error("csv", e.to_string());
            return page(&state, &user, &form, vec![error], Vec::new());
        }
    };
    let ready: Option<Vec<_>> = rows.iter().map(|r| r.parsed.clone()).collect();
    let Some(ready) = ready else {
        let problems = rows
            .into_iter()
            .filter(|r| !r.problems.is_empty())
            .map(|r| ProblemRow {
                line: r.line,
                name: r.values.name,
                problems: r.problems,
            })
            .collect();
        let error = crate::web::respond::field_error(
            "csv",
            "Some rows have problems (listed below); nothing was imported.",
        );
        return page(&state, &user, &form, vec![error], problems);
    };
    let (district, actor) = (user.district, user.id);
    let done = state
        .write(move |conn| Ok(schools::import(conn, district, actor, &ready)?))
        .await?;
    Ok(see_other(&format!(
        "/admin/schools?done=schools-imported-{}-{}",
        done.created, done.updated
    )))
}

/// A stored school as the CSV writes it (the same text the edit form shows).
fn as_form(row: &SchoolRow) -> SchoolForm {
    SchoolForm {
        name: row.name.clone(),
        level: row.level.to_string(),
        grade_span: row.span().to_string(),
        expected_young_students: row.expected_young_students.to_string(),
        expected_students: row.expected_students.to_string(),
        expected_teachers: row.expected_teachers.to_string(),
        expected_parents: row.expected_parents.to_string(),
        expected_coordinators: row.expected_coordinators.to_string(),
    }
}

/// `GET /admin/schools.csv`: every school of the district (archived ones too), in the
/// columns the import takes.
pub async fn export(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    let district = user.district;
    let rows = state
        .read(move |conn| schools::list(conn, district))
        .await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(AppError::internal)?;
    for row in &rows {
        let form = as_form(row);
        write_safe_record(&mut out, school_import::export_fields(&form))
            .map_err(AppError::internal)?;
    }
    let bytes = out.into_inner().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"schools.csv\"",
        ))
        .body(bytes))
}
