//! `GET /api/v1/surveys/{survey}/products/{product}/report`: a product report as JSON, the
//! same model (and the same suppression) as the report page, for the whole district.

use crate::domain::FieldError;
use crate::reports::product::ProductReport;
use crate::web::access::api::ApiCaller;
use crate::web::error::{ApiError, AppError};
use crate::web::reports::filters::FilterQuery;
use crate::web::reports::pages::build_report;
use crate::web::AppState;
use actix_web::{web, HttpResponse};

/// One product's report in one survey wave; withheld cells carry no number, only the reason.
#[utoipa::path(get, path = "/api/v1/surveys/{survey}/products/{product}/report", tag = "reports",
    params(
        ("survey" = String, Path, description = "Survey public id"),
        ("product" = String, Path, description = "Product public id"),
        ("group" = Option<crate::web::api::bodies::GroupName>, Query, description = "Only this stakeholder group (young_student, student, teacher, parent, coordinator)"),
        ("school" = Option<i32>, Query, description = "Only this school (id)"),
        ("language" = Option<crate::web::api::bodies::LanguageFilter>, Query, description = "Only respondents who answered in this language: en, es, or all (default). Read from that language's aggregates; suppression is checked against the unfiltered figures too"),
        ("lang" = Option<crate::web::api::bodies::WordingLanguage>, Query, description = "Language of item wording: en (default) or es"),
        ("comments" = Option<bool>, Query, description = "true to include the comments section (read from the raw answers, so slower on large surveys); default false"),
        ("q" = Option<String>, Query, description = "Only comments containing this text, ignoring case (searched among comments that pass the comment minimum)"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 1000000, description = "Page of the comments, 50 to a page (default 1)"),
    ),
    responses((status = 200, body = ProductReport), (status = 401, body = crate::web::api::wire::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::web::api::wire::Problem, content_type = "application/problem+json"), (status = 422, body = crate::web::api::wire::Problem, content_type = "application/problem+json"), (status = 400, description = "A query parameter given twice or unreadable", body = crate::web::api::wire::Problem, content_type = "application/problem+json"), (status = 503, description = "Busy: retry after `Retry-After` seconds", body = crate::web::api::wire::Problem, content_type = "application/problem+json")))]
pub async fn product_report(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
    query: web::Query<FilterQuery>,
) -> Result<HttpResponse, ApiError> {
    let (survey, product) = path.into_inner();
    exact(&query)?;
    let (report, ..) = build_report(
        &state,
        caller.district,
        None,
        survey,
        product,
        &query,
        false,
    )
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The API takes a filter with its value or not at all, as its OpenAPI document states: an
/// empty value (what the report page's "All …" options send) or one with spaces around it is
/// a 422 naming the parameter. `q` is free text and takes anything.
fn exact(query: &FilterQuery) -> Result<(), AppError> {
    let given = [
        ("group", &query.group),
        ("school", &query.school),
        ("language", &query.language),
        ("lang", &query.lang),
        ("comments", &query.comments),
        ("page", &query.page),
    ];
    let errors: Vec<FieldError> = given
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?;
            (value.is_empty() || value.trim() != value).then(|| FieldError {
                field: name.into(),
                message: format!(
                    "Give {name} a value without spaces around it, or leave it out for the default."
                ),
            })
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}
