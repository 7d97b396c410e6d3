//! The JSON API under `/api/v1`, authenticated by bearer tokens, described by an OpenAPI 3
//! document generated from the handlers themselves (so it cannot drift from the code).

pub mod bodies;
pub mod catalogue;
pub mod catalogue_write;
pub mod reports;
pub mod wire;

use actix_web::{web, HttpResponse};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The OpenAPI document of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chorus API",
        version = "1",
        description = "Read and manage a district's schools and product catalogue, and read product reports. Every request needs `Authorization: Bearer <token>`; tokens are created by district admins on the API tokens page or with `chorus token create`. Errors are `application/problem+json`."
    ),
    paths(
        catalogue::list_schools,
        catalogue::get_school,
        catalogue::list_products,
        catalogue::get_product,
        catalogue_write::create_school,
        catalogue_write::replace_school,
        catalogue_write::create_product,
        catalogue_write::replace_product,
        catalogue_write::add_feature,
        catalogue_write::replace_feature,
        reports::product_report,
    ),
    components(schemas(
        wire::School, wire::Headcounts, wire::Product, wire::Feature, wire::FeatureText, wire::Problem,
        bodies::SchoolBody, bodies::HeadcountsBody, bodies::ProductBody, bodies::FeatureBody, bodies::FeatureTextBody,
        bodies::SchoolLevelName, bodies::AudienceName, bodies::SeatUnitName, bodies::LanguageFilter, bodies::WordingLanguage, bodies::GroupName, bodies::FeatureTranslations,
        crate::reports::product::ProductReport
    )),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
        }
    }
}

/// `GET /api/v1/openapi.json` (public: it describes, it does not reveal data).
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

/// Registers the API routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    use catalogue::{get_product, get_school, list_products, list_schools};
    use catalogue_write::{
        add_feature, create_product, create_school, replace_feature, replace_product,
        replace_school,
    };
    // Resources, not routes: a method a path does not take answers 405 with `Allow`.
    cfg.service(web::resource("/api/v1/openapi.json").get(openapi))
        .service(
            web::resource("/api/v1/surveys/{survey}/products/{product}/report")
                .get(reports::product_report),
        )
        .service(
            web::resource("/api/v1/schools")
                .get(list_schools)
                .post(create_school),
        )
        .service(
            web::resource("/api/v1/schools/{id}")
                .get(get_school)
                .put(replace_school),
        )
        .service(
            web::resource("/api/v1/products")
                .get(list_products)
                .post(create_product),
        )
        .service(
            web::resource("/api/v1/products/{id}")
                .get(get_product)
                .put(replace_product),
        )
        .service(web::resource("/api/v1/products/{id}/features").post(add_feature))
        .service(web::resource("/api/v1/products/{id}/features/{feature_id}").put(replace_feature));
}
