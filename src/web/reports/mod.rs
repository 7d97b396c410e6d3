//! Reports for staff: the district portfolio, each product's report page, its printable page
//! and its downloads. Every format is rendered from the same scoped, suppressed
//! [`ProductReport`](crate::reports::product::ProductReport); coordinators see their schools only.

pub mod filters;
pub mod pages;
pub mod portfolio;
pub mod responses;

use actix_web::web;

/// Registers the report routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/reports", web::get().to(portfolio::index))
        .route(
            "/reports/{survey}/responses.csv",
            web::get().to(responses::csv),
        )
        .route("/reports/{survey}/{product}", web::get().to(pages::product))
        .route(
            "/reports/{survey}/{product}/comments",
            web::get().to(pages::comments),
        )
        .route(
            "/reports/{survey}/{product}/print",
            web::get().to(pages::print),
        )
        .route(
            "/reports/{survey}/{product}/{file}",
            web::get().to(pages::download_file),
        );
}
