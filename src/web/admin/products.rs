//! The product catalogue: list, create, edit (with the schools that use it), archive.

use super::view::{self, choices, form_fields, Choice, Done};
use crate::db::models::product_changes;
use crate::db::models::products::{self, ProductRow};
use crate::db::models::schools::{self, Saved, SchoolRow};
use crate::domain::catalogue::ProductForm;
use crate::domain::FieldError;
use crate::domain::{Money, SchoolId, SeatUnit};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

/// A product as the list and renewal pages show it.
#[derive(Serialize)]
pub struct ProductSummary {
    /// Public id for links.
    pub public_id: String,
    /// Name.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Category.
    pub category: String,
    /// "38,000.00 USD".
    pub cost: String,
    /// "1200 per student".
    pub seats: String,
    /// Contract start, or empty.
    pub contract_start: String,
    /// Contract end, or empty.
    pub contract_end: String,
    /// Archived.
    pub archived: bool,
}

impl From<&ProductRow> for ProductSummary {
    fn from(p: &ProductRow) -> Self {
        let unit = p.seat_unit.label();
        ProductSummary {
            public_id: p.public_id.clone(),
            name: p.name.clone(),
            vendor: p.vendor.clone(),
            category: p.category.clone(),
            cost: format!("{} {}", Money::from_cents(p.annual_cost_cents), p.currency),
            seats: format!("{} {unit}", p.licensed_seats),
            contract_start: p.contract_start.map(|d| d.to_string()).unwrap_or_default(),
            contract_end: p.contract_end.map(|d| d.to_string()).unwrap_or_default(),
            archived: p.archived,
        }
    }
}

#[derive(Serialize)]
struct ProductsPage {
    products: Vec<ProductSummary>,
}

/// `GET /admin/products`.
pub async fn list(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    done: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let district = user.district;
    let rows = state
        .read(move |conn| products::list(conn, district))
        .await?;
    let mut products: Vec<ProductSummary> = rows.iter().map(ProductSummary::from).collect();
    products.sort_by_key(|p| p.archived);
    view::render(
        &state,
        &user,
        ("admin/products", "Products"),
        StatusCode::OK,
        ProductsPage { products },
        view::notice(done.done.as_deref()).as_deref(),
    )
}

#[derive(Serialize)]
struct SchoolChoice {
    id: i32,
    name: String,
    checked: bool,
    archived: bool,
}

#[derive(Serialize)]
struct ProductFormPage {
    heading: &'static str,
    action: String,
    cancel: String,
    f: serde_json::Value,
    seat_units: Vec<Choice>,
    schools: Vec<SchoolChoice>,
    errors: Vec<FieldError>,
}

fn form_page(
    state: &AppState,
    user: &CurrentUser,
    (editing, district_schools): (Option<&str>, &[SchoolRow]),
    form: &ProductForm,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (heading, action, cancel) = match editing {
        Some(id) => (
            "Edit product",
            format!("/admin/products/{id}/edit"),
            format!("/admin/products/{id}"),
        ),
        None => (
            "New product",
            "/admin/products/new".to_string(),
            "/admin/products".to_string(),
        ),
    };
    let schools = district_schools
        .iter()
        .filter(|s| !s.archived || form.schools.contains(&s.id.to_string()))
        .map(|s| SchoolChoice {
            id: s.id,
            name: s.name.clone(),
            checked: form.schools.contains(&s.id.to_string()),
            archived: s.archived,
        })
        .collect();
    let body = ProductFormPage {
        heading,
        action,
        cancel,
        f: form_fields(form, &errors)?,
        seat_units: choices(SeatUnit::ALL, |u| (u.as_str(), u.label()), &form.seat_unit),
        schools,
        errors,
    };
    view::render(
        state,
        user,
        ("admin/product_form", heading),
        status,
        body,
        None,
    )
}

fn load_schools(
    state: &AppState,
    user: &CurrentUser,
) -> impl FnOnce() -> Result<Vec<SchoolRow>, AppError> {
    let pool = state.pool.clone();
    let district = user.district;
    move || Ok(schools::list(&mut *pool.get()?, district)?)
}

/// `GET /admin/products/new`.
pub async fn new_form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    let district_schools = web::block(load_schools(&state, &user)).await??;
    let blank = ProductForm {
        currency: "USD".into(),
        seat_unit: SeatUnit::Student.as_str().into(),
        annual_cost: "0".into(),
        licensed_seats: "0".into(),
        ..ProductForm::default()
    };
    form_page(&state, &user, (None, &district_schools), &blank, Vec::new())
}

fn taken() -> Vec<FieldError> {
    vec![crate::web::respond::field_error(
        "name",
        "The catalogue already has a product with this name.",
    )]
}

fn ids(rows: &[SchoolRow]) -> Vec<SchoolId> {
    rows.iter().map(|s| SchoolId(s.id)).collect()
}

/// `POST /admin/products/new`.
pub async fn create(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<ProductForm>,
) -> Result<HttpResponse, AppError> {
    let district_schools = web::block(load_schools(&state, &user)).await??;
    let input = match form.parse(&ids(&district_schools)) {
        Ok(input) => input,
        Err(errors) => return form_page(&state, &user, (None, &district_schools), &form, errors),
    };
    let (district, actor) = (user.district, user.id);
    let created = state
        .write(move |conn| Ok(product_changes::create(conn, district, actor, &input)?))
        .await?;
    match created {
        Some(id) => Ok(see_other(&format!("/admin/products/{id}?done=created"))),
        None => form_page(&state, &user, (None, &district_schools), &form, taken()),
    }
}

/// `GET /admin/products/{public_id}/edit`.
pub async fn edit_form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let district = user.district;
    let wanted = public_id.clone();
    let (row, used_by, district_schools) = state
        .read(move |conn| -> Result<_, AppError> {
            let row = products::find(conn, district, &wanted)?.ok_or(AppError::NotFound)?;
            let used_by = products::school_ids(conn, district, row.product_id())?;
            Ok((row, used_by, schools::list(conn, district)?))
        })
        .await?;
    let form = ProductForm {
        name: row.name,
        vendor: row.vendor,
        category: row.category,
        annual_cost: Money::from_cents(row.annual_cost_cents).to_string(),
        currency: row.currency,
        licensed_seats: row.licensed_seats.to_string(),
        seat_unit: row.seat_unit.to_string(),
        contract_start: row
            .contract_start
            .map(|d| d.to_string())
            .unwrap_or_default(),
        contract_end: row.contract_end.map(|d| d.to_string()).unwrap_or_default(),
        support_contact: row.support_contact,
        notes: row.notes,
        schools: used_by.iter().map(|s| s.0.to_string()).collect(),
    };
    form_page(
        &state,
        &user,
        (Some(&public_id), &district_schools),
        &form,
        Vec::new(),
    )
}

/// `POST /admin/products/{public_id}/edit`.
pub async fn update(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<ProductForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let district = user.district;
    let wanted = public_id.clone();
    let (exists, district_schools) = state
        .read(move |conn| -> Result<_, AppError> {
            let exists = products::find(conn, district, &wanted)?.is_some();
            Ok((exists, schools::list(conn, district)?))
        })
        .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    let editing = (Some(public_id.as_str()), district_schools.as_slice());
    let input = match form.parse(&ids(&district_schools)) {
        Ok(input) => input,
        Err(errors) => return form_page(&state, &user, editing, &form, errors),
    };
    let actor = user.id;
    let target = public_id.clone();
    let saved = state
        .write(move |conn| {
            Ok(product_changes::update(
                conn, district, actor, &target, &input,
            )?)
        })
        .await?;
    match saved {
        Saved::Done => Ok(see_other(&format!(
            "/admin/products/{public_id}?done=saved"
        ))),
        Saved::Missing => Err(AppError::NotFound),
        Saved::NameTaken => form_page(&state, &user, editing, &form, taken()),
    }
}

/// `POST /admin/products/{public_id}/archive` and `/unarchive`.
pub async fn set_archived(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<(String, String)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (public_id, action) = path.into_inner();
    let archived = crate::web::respond::switch(&action, "archive", "unarchive")?;
    let (district, actor) = (user.district, user.id);
    let target = public_id.clone();
    let found = state
        .write(move |conn| {
            Ok(product_changes::set_archived(
                conn, district, actor, &target, archived,
            )?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!(
        "/admin/products/{public_id}?done={action}d"
    )))
}
