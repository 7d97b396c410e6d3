//! Importing a product inventory from pasted CSV: a preview listing every row's problems,
//! then an all-or-nothing commit of the same text, re-checked (names included) on the way in.
//!
//! The text travels in a form field (a `<textarea>`, carried to the commit in a hidden field),
//! so the import works without JavaScript and without a multipart parser.

use super::view::{self, form_fields};
use crate::db::models::{product_changes, products};
use crate::domain::import::{self, ImportRow};
use crate::domain::FieldError;
use crate::web::access::csrf::{CsrfForm, UPLOAD_LIMIT};
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// The import form as posted (preview and commit).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    /// The CSV text.
    pub csv: String,
}

#[derive(Serialize)]
struct FormPage {
    f: serde_json::Value,
    errors: Vec<FieldError>,
    max_rows: usize,
}

#[derive(Serialize)]
struct PreviewRow {
    line: u64,
    name: String,
    vendor: String,
    annual_cost: String,
    currency: String,
    seats: String,
    contract_start: String,
    contract_end: String,
    features: String,
    problems: Vec<String>,
}

#[derive(Serialize)]
struct PreviewPage {
    rows: Vec<PreviewRow>,
    total: usize,
    /// "product" or "products", agreeing with `total`.
    products_word: &'static str,
    with_problems: usize,
    ready: bool,
    csv: String,
    errors: Vec<FieldError>,
}

fn form_page(
    state: &AppState,
    user: &CurrentUser,
    form: &ImportForm,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = FormPage {
        f: form_fields(form, &errors)?,
        errors,
        max_rows: import::MAX_ROWS,
    };
    view::render(
        state,
        user,
        ("admin/import", "Import products"),
        status,
        body,
        None,
    )
}

/// `GET /admin/products/import`.
pub async fn form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    form_page(&state, &user, &ImportForm::default(), Vec::new())
}

/// Parses the text and marks names the catalogue already has; `Err` is a problem with the file.
async fn check(
    state: &AppState,
    user: &CurrentUser,
    csv: &str,
) -> Result<Result<Vec<ImportRow>, FieldError>, AppError> {
    let mut rows = match import::parse_csv(csv) {
        Ok(rows) => rows,
        Err(e) => return Ok(Err(crate::web::respond::field_error("csv", e.to_string()))),
    };
    import::mark_collisions(&mut rows, &existing_names(state, user).await?);
    Ok(Ok(rows))
}

/// The names the district's catalogue has now.
async fn existing_names(state: &AppState, user: &CurrentUser) -> Result<Vec<String>, AppError> {
    let pool = state.pool.clone();
    let district = user.district;
    web::block(move || -> Result<Vec<String>, AppError> {
        let names = products::names(&mut *pool.get()?, district)?;
        Ok(names.into_iter().map(|(_, n)| n).collect())
    })
    .await?
}

fn preview_page(
    state: &AppState,
    user: &CurrentUser,
    csv: String,
    rows: Vec<ImportRow>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let with_problems = rows.iter().filter(|r| !r.problems.is_empty()).count();
    let body = PreviewPage {
        total: rows.len(),
        products_word: if rows.len() == 1 {
            "product"
        } else {
            "products"
        },
        with_problems,
        ready: with_problems == 0,
        errors: Vec::new(),
        rows: rows
            .into_iter()
            .map(|r| PreviewRow {
                line: r.line,
                name: r.values.name,
                vendor: r.values.vendor,
                annual_cost: r.values.annual_cost,
                currency: r.values.currency,
                seats: r.values.licensed_seats,
                contract_start: r.values.contract_start,
                contract_end: r.values.contract_end,
                features: match &r.parsed {
                    Some((_, features)) => features
                        .iter()
                        .map(|f| format!("{} (asked of: {})", f.name, f.audience.label()))
                        .collect::<Vec<_>>()
                        .join("; "),
                    None if r.audiences_text.is_empty() => r.features_text,
                    None => format!("{} [{}]", r.features_text, r.audiences_text),
                },
                problems: r.problems,
            })
            .collect(),
        csv,
    };
    view::render(
        state,
        user,
        ("admin/import_preview", "Check the import"),
        status,
        body,
        None,
    )
}

/// `POST /admin/products/import/preview`: every row and its problems; nothing is written.
pub async fn preview(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<ImportForm, UPLOAD_LIMIT>,
) -> Result<HttpResponse, AppError> {
    match check(&state, &user, &form.csv).await? {
        Ok(rows) => preview_page(&state, &user, form.csv, rows, StatusCode::OK),
        Err(error) => form_page(&state, &user, &form, vec![error]),
    }
}

/// `POST /admin/products/import/commit`: writes every row in one transaction, or nothing.
pub async fn commit(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<ImportForm, UPLOAD_LIMIT>,
) -> Result<HttpResponse, AppError> {
    let rows = match check(&state, &user, &form.csv).await? {
        Ok(rows) => rows,
        Err(error) => return form_page(&state, &user, &form, vec![error]),
    };
    let ready: Option<Vec<_>> = rows.iter().map(|r| r.parsed.clone()).collect();
    let Some(ready) = ready else {
        return preview_page(
            &state,
            &user,
            form.csv,
            rows,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let (district, actor) = (user.district, user.id);
    let written = state
        .write(move |conn| Ok(product_changes::import(conn, district, actor, &ready)?))
        .await?;
    match written {
        Ok(count) => Ok(see_other(&format!("/admin/products?done=imported-{count}"))),
        Err(_) => {
            // Another admin added one of the names since the preview: show the clash.
            let mut rows = rows;
            import::mark_collisions(&mut rows, &existing_names(&state, &user).await?);
            preview_page(
                &state,
                &user,
                form.csv,
                rows,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
