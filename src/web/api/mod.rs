//! The JSON API under `/api/v1`, authenticated by bearer tokens, described by an OpenAPI 3
//! document generated from the handlers themselves (so it cannot drift from the code).

pub mod catalogue;
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
        description = "Read and manage a district's schools and product catalogue. Every request needs `Authorization: Bearer <token>`; tokens are created by district admins on the API tokens page or with `chorus token create`. Errors are `application/problem+json`."
    ),
    paths(
        catalogue::list_schools,
        catalogue::get_school,
        catalogue::list_products,
        catalogue::get_product,
    ),
    components(schemas(wire::School, wire::Headcounts, wire::Product, wire::Feature, wire::Problem)),
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
    cfg.route("/api/v1/openapi.json", web::get().to(openapi))
        .route("/api/v1/schools", web::get().to(catalogue::list_schools))
        .route("/api/v1/schools/{id}", web::get().to(catalogue::get_school))
        .route("/api/v1/products", web::get().to(catalogue::list_products))
        .route(
            "/api/v1/products/{id}",
            web::get().to(catalogue::get_product),
        );
}
