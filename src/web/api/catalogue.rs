//! Catalogue endpoints: schools and products (with features and schools) of the token's district.

use super::wire;
use crate::db::models::products::{self, ProductRow};
use crate::db::models::schools::{self, SchoolRow};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, SchoolId, StakeholderGroup};
use crate::web::access::api::ApiCaller;
use crate::web::error::{ApiError, AppError};
use crate::web::AppState;
use actix_web::{web, HttpResponse};

/// The JSON form of a school row.
pub fn school_json(row: SchoolRow) -> wire::School {
    let span = row.span();
    wire::School {
        grade_span: span.to_string(),
        grade_low: span.low().number(),
        grade_high: span.high().number(),
        groups: span
            .groups_of(StakeholderGroup::ALL)
            .into_iter()
            .map(StakeholderGroup::as_str)
            .collect(),
        expected: wire::Headcounts {
            young_students: row.expected(StakeholderGroup::YoungStudent),
            students: row.expected(StakeholderGroup::Student),
            teachers: row.expected_teachers,
            parents: row.expected_parents,
            coordinators: row.expected_coordinators,
        },
        id: row.id,
        name: row.name,
        level: row.level.to_string(),
        archived: row.archived,
    }
}

/// The JSON form of the district's product with this public id.
pub fn product_json(
    conn: &mut AnyConnection,
    district: DistrictId,
    public_id: &str,
) -> Result<wire::Product, AppError> {
    let row = products::find(conn, district, public_id)?.ok_or(AppError::NotFound)?;
    product_wire(conn, district, row)
}

fn product_wire(
    conn: &mut AnyConnection,
    district: DistrictId,
    row: ProductRow,
) -> Result<wire::Product, AppError> {
    let rows = products::features(conn, district, row.product_id())?;
    let ids: Vec<i32> = rows.iter().map(|f| f.id).collect();
    let texts = products::feature_texts(conn, district, &ids)?;
    let mut features = Vec::with_capacity(rows.len());
    for f in rows {
        let audience = f.audience().map_err(AppError::internal)?;
        features.push(wire::Feature {
            id: f.id,
            audience: audience
                .as_stored()
                .split(',')
                .map(str::to_string)
                .collect(),
            translations: texts
                .iter()
                .filter(|t| t.feature_id == f.id)
                .map(|t| {
                    let text = wire::FeatureText {
                        name: t.name.clone(),
                        description: t.description.clone(),
                    };
                    (t.language.to_string(), text)
                })
                .collect(),
            name: f.name,
            description: f.description,
            in_licence: f.in_licence,
        });
    }
    let schools = products::school_ids(conn, district, row.product_id())?
        .into_iter()
        .map(|s| s.0)
        .collect();
    Ok(wire::Product {
        id: row.public_id,
        name: row.name,
        vendor: row.vendor,
        category: row.category,
        annual_cost: row.annual_cost_cents as f64 / 100.0,
        currency: row.currency,
        licensed_seats: row.licensed_seats,
        seat_unit: row.seat_unit.to_string(),
        contract_start: row.contract_start.map(|d| d.to_string()),
        contract_end: row.contract_end.map(|d| d.to_string()),
        support_contact: row.support_contact,
        notes: row.notes,
        archived: row.archived,
        features,
        schools,
    })
}

/// Runs a database step on the blocking pool with a pooled connection.
pub async fn run<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
) -> Result<T, ApiError> {
    let pool = state.pool.clone();
    Ok(web::block(move || f(&mut *pool.get()?))
        .await
        .map_err(AppError::from)??)
}

/// List the district's schools.
#[utoipa::path(get, path = "/api/v1/schools", tag = "catalogue",
    responses((status = 200, body = [wire::School]), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn list_schools(
    state: web::Data<AppState>,
    caller: ApiCaller,
) -> Result<HttpResponse, ApiError> {
    let rows = run(&state, move |conn| {
        Ok(schools::list(conn, caller.district)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(school_json).collect::<Vec<_>>()))
}

/// One school of the district.
#[utoipa::path(get, path = "/api/v1/schools/{id}", tag = "catalogue",
    params(("id" = i32, Path, description = "School id")),
    responses((status = 200, body = wire::School), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 404, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn get_school(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: i32 = path.parse().map_err(|_| AppError::NotFound)?;
    let row = run(&state, move |conn| {
        schools::find(conn, caller.district, SchoolId(id))?.ok_or(AppError::NotFound)
    })
    .await?;
    Ok(HttpResponse::Ok().json(school_json(row)))
}

/// List the district's products with their features and schools.
#[utoipa::path(get, path = "/api/v1/products", tag = "catalogue",
    responses((status = 200, body = [wire::Product]), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn list_products(
    state: web::Data<AppState>,
    caller: ApiCaller,
) -> Result<HttpResponse, ApiError> {
    let list = run(&state, move |conn| {
        products::list(conn, caller.district)?
            .into_iter()
            .map(|row| product_wire(conn, caller.district, row))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One product of the district.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "Product public id")),
    responses((status = 200, body = wire::Product), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 404, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn get_product(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let public_id = path.into_inner();
    let product = run(&state, move |conn| {
        product_json(conn, caller.district, &public_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(product))
}
