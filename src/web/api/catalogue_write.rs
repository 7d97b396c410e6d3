//! Catalogue writes: create and replace schools and products, add and change features.
//! Each write runs in one transaction with its audit record (in `db::models`), attributed to
//! the token's owner.

use super::bodies::{FeatureBody, ProductBody, SchoolBody};
use super::catalogue::{product_json, run, school_json};
use super::wire;
use crate::db::models::product_changes::{self, FeatureSaved};
use crate::db::models::schools::{self, Saved};
use crate::domain::catalogue::SchoolForm;
use crate::domain::FieldError;
use crate::domain::SchoolId;
use crate::web::access::api::ApiCaller;
use crate::web::error::{ApiError, AppError};
use crate::web::AppState;
use actix_web::{web, HttpResponse};

fn name_taken(what: &str) -> AppError {
    AppError::Conflict(vec![FieldError {
        field: "name".into(),
        message: format!("Another {what} of the district already has this name."),
    }])
}

/// Create a school.
#[utoipa::path(post, path = "/api/v1/schools", tag = "catalogue", request_body = SchoolBody,
    responses((status = 201, body = wire::School), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 409, description = "Another school, product or feature of the district already has this name", body = wire::Problem, content_type = "application/problem+json"), (status = 422, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn create_school(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<SchoolBody>,
) -> Result<HttpResponse, ApiError> {
    let input = SchoolForm::from(body.into_inner())
        .parse()
        .map_err(AppError::Invalid)?;
    let school = run(&state, move |conn| {
        let id = schools::create(conn, caller.district, caller.user, &input)?
            .ok_or_else(|| name_taken("school"))?;
        schools::find(conn, caller.district, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    Ok(HttpResponse::Created().json(school_json(school)))
}

/// Replace a school's name, level and expected headcounts.
#[utoipa::path(put, path = "/api/v1/schools/{id}", tag = "catalogue", request_body = SchoolBody,
    params(("id" = i32, Path, description = "School id")),
    responses((status = 200, body = wire::School), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 404, body = wire::Problem, content_type = "application/problem+json"), (status = 409, description = "Another school, product or feature of the district already has this name", body = wire::Problem, content_type = "application/problem+json"), (status = 422, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn replace_school(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<SchoolBody>,
) -> Result<HttpResponse, ApiError> {
    let id = SchoolId(path.parse().map_err(|_| AppError::NotFound)?);
    let input = SchoolForm::from(body.into_inner())
        .parse()
        .map_err(AppError::Invalid)?;
    let school = run(&state, move |conn| {
        match schools::update(conn, caller.district, caller.user, id, &input)? {
            Saved::Done => schools::find(conn, caller.district, id)?.ok_or(AppError::NotFound),
            Saved::Missing => Err(AppError::NotFound),
            Saved::NameTaken => Err(name_taken("school")),
        }
    })
    .await?;
    Ok(HttpResponse::Ok().json(school_json(school)))
}

/// The parsed input, or every problem: the body's own (`problems`) and the form's.
fn with_problems<T>(
    parsed: Result<T, Vec<FieldError>>,
    mut problems: Vec<FieldError>,
) -> Result<T, AppError> {
    match parsed {
        Ok(input) if problems.is_empty() => Ok(input),
        Ok(_) => Err(AppError::Invalid(problems)),
        Err(errors) => {
            problems.extend(errors);
            Err(AppError::Invalid(problems))
        }
    }
}

fn district_school_ids(
    conn: &mut crate::db::AnyConnection,
    caller: ApiCaller,
) -> Result<Vec<SchoolId>, AppError> {
    Ok(schools::list(conn, caller.district)?
        .iter()
        .map(|s| SchoolId(s.id))
        .collect())
}

/// Create a product.
#[utoipa::path(post, path = "/api/v1/products", tag = "catalogue", request_body = ProductBody,
    responses((status = 201, body = wire::Product), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 409, description = "Another school, product or feature of the district already has this name", body = wire::Problem, content_type = "application/problem+json"), (status = 422, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn create_product(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<ProductBody>,
) -> Result<HttpResponse, ApiError> {
    let (form, problems) = body.into_inner().into_form();
    let product: wire::Product = run(&state, move |conn| {
        let input = with_problems(form.parse(&district_school_ids(conn, caller)?), problems)?;
        let public_id = product_changes::create(conn, caller.district, caller.user, &input)?
            .ok_or_else(|| name_taken("product"))?;
        product_json(conn, caller.district, public_id.as_str())
    })
    .await?;
    Ok(HttpResponse::Created().json(product))
}

/// Replace a product's contract fields and the schools that use it.
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "catalogue", request_body = ProductBody,
    params(("id" = String, Path, description = "Product public id")),
    responses((status = 200, body = wire::Product), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 404, body = wire::Problem, content_type = "application/problem+json"), (status = 409, description = "Another school, product or feature of the district already has this name", body = wire::Problem, content_type = "application/problem+json"), (status = 422, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn replace_product(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<ProductBody>,
) -> Result<HttpResponse, ApiError> {
    let public_id = path.into_inner();
    let (form, problems) = body.into_inner().into_form();
    let product: wire::Product = run(&state, move |conn| {
        let input = with_problems(form.parse(&district_school_ids(conn, caller)?), problems)?;
        match product_changes::update(conn, caller.district, caller.user, &public_id, &input)? {
            Saved::Done => product_json(conn, caller.district, &public_id),
            Saved::Missing => Err(AppError::NotFound),
            Saved::NameTaken => Err(name_taken("product")),
        }
    })
    .await?;
    Ok(HttpResponse::Ok().json(product))
}

fn feature_outcome(saved: FeatureSaved) -> Result<(), AppError> {
    match saved {
        FeatureSaved::Done => Ok(()),
        FeatureSaved::Missing => Err(AppError::NotFound),
        FeatureSaved::NameTaken => Err(AppError::Conflict(vec![FieldError {
            field: "name".into(),
            message: "The product already has a feature with this name.".into(),
        }])),
        FeatureSaved::InSurvey => Err(AppError::Conflict(vec![FieldError {
            field: "name".into(),
            message: "The product is in a survey whose answers refer to this feature.".into(),
        }])),
    }
}

/// Add a licensed feature to a product.
#[utoipa::path(post, path = "/api/v1/products/{id}/features", tag = "catalogue", request_body = FeatureBody,
    params(("id" = String, Path, description = "Product public id")),
    responses((status = 201, body = wire::Product), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 404, body = wire::Problem, content_type = "application/problem+json"), (status = 409, description = "Another school, product or feature of the district already has this name", body = wire::Problem, content_type = "application/problem+json"), (status = 422, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn add_feature(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<FeatureBody>,
) -> Result<HttpResponse, ApiError> {
    let public_id = path.into_inner();
    let input = body
        .into_inner()
        .into_form()
        .and_then(|form| form.parse())
        .map_err(AppError::Invalid)?;
    let product = run(&state, move |conn| {
        feature_outcome(product_changes::add_feature(
            conn,
            caller.district,
            caller.user,
            &public_id,
            &input,
        )?)?;
        product_json(conn, caller.district, &public_id)
    })
    .await?;
    Ok(HttpResponse::Created().json(product))
}

/// Replace a feature's name, description and licence flag.
#[utoipa::path(put, path = "/api/v1/products/{id}/features/{feature_id}", tag = "catalogue", request_body = FeatureBody,
    params(("id" = String, Path, description = "Product public id"), ("feature_id" = i32, Path, description = "Feature id")),
    responses((status = 200, body = wire::Product), (status = 401, body = wire::Problem, content_type = "application/problem+json"), (status = 404, body = wire::Problem, content_type = "application/problem+json"), (status = 409, description = "Another school, product or feature of the district already has this name", body = wire::Problem, content_type = "application/problem+json"), (status = 422, body = wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = wire::Problem, content_type = "application/problem+json")))]
pub async fn replace_feature(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
    body: web::Json<FeatureBody>,
) -> Result<HttpResponse, ApiError> {
    let (public_id, feature) = path.into_inner();
    let feature: i32 = feature.parse().map_err(|_| AppError::NotFound)?;
    let input = body
        .into_inner()
        .into_form()
        .and_then(|form| form.parse())
        .map_err(AppError::Invalid)?;
    let product = run(&state, move |conn| {
        feature_outcome(product_changes::update_feature(
            conn,
            caller.district,
            caller.user,
            (&public_id, feature),
            &input,
        )?)?;
        product_json(conn, caller.district, &public_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(product))
}
