//! HTTP routes, one module per area, plus the shared rendering, error and middleware pieces.

pub mod access;
pub mod admin;
pub mod admission;
pub mod answer;
pub mod api;
pub mod assets;
pub mod auth;
pub mod bank;
pub mod bank_items;
pub mod client_address;
pub mod coordinator;
pub mod error;
pub mod error_page;
pub mod health;
pub mod home;
pub mod middleware;
pub mod page;
pub mod render;
pub mod reports;
pub mod respond;
mod state;
pub mod surveys;
pub mod template_helpers;

use actix_web::web;
pub use state::AppState;

/// The survey pages: authoring, lifecycle, distribution and the monitor.
fn survey_routes(cfg: &mut web::ServiceConfig) {
    use coordinator::{distribution, form, lifecycle, links};
    cfg.route("/surveys/new", web::get().to(form::new_form))
        .route("/surveys/new", web::post().to(form::create))
        .route("/surveys/{public_id}", web::get().to(surveys::monitor))
        .route(
            "/surveys/{public_id}/monitor.json",
            web::get().to(surveys::monitor_feed),
        )
        .route("/surveys/{public_id}/edit", web::get().to(form::edit_form))
        .route("/surveys/{public_id}/edit", web::post().to(form::update))
        .route("/surveys/{public_id}/open", web::post().to(lifecycle::open))
        .route(
            "/surveys/{public_id}/close",
            web::post().to(lifecycle::close),
        )
        .route(
            "/surveys/{public_id}/close-time",
            web::post().to(lifecycle::move_close),
        )
        .route(
            "/surveys/{public_id}/delete",
            web::post().to(lifecycle::delete),
        )
        .route(
            "/surveys/{public_id}/copy",
            web::get().to(lifecycle::copy_form),
        )
        .route("/surveys/{public_id}/copy", web::post().to(lifecycle::copy))
        .route(
            "/surveys/{public_id}/distribute",
            web::get().to(distribution::page),
        )
        .route(
            "/surveys/{public_id}/codes",
            web::post().to(distribution::make_codes),
        )
        .route(
            "/surveys/{public_id}/links/add",
            web::post().to(links::add_link),
        )
        .route(
            "/surveys/{public_id}/links/{link}/qr.svg",
            web::get().to(distribution::qr),
        )
        .route(
            "/surveys/{public_id}/links/{link}/{action}",
            web::post().to(distribution::set_link),
        );
}

/// Registers every route of the service.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::landing))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/static/{path:.*}", web::get().to(assets::serve))
        .route("/signin", web::get().to(auth::sign_in_form))
        .route("/signin", web::post().to(auth::sign_in))
        .route("/signout", web::post().to(auth::sign_out))
        .route("/home", web::get().to(auth::home))
        .route("/bank", web::get().to(bank::index))
        .route(
            "/bank/languages/{code}/review",
            web::post().to(bank::review_language),
        )
        .route("/bank/items/new", web::get().to(bank_items::new_form))
        .route("/bank/items/new", web::post().to(bank_items::create))
        .route(
            "/bank/items/{key}/edit",
            web::get().to(bank_items::edit_form),
        )
        .route("/bank/items/{key}/edit", web::post().to(bank_items::update))
        .route(
            "/bank/items/{key}/{action}",
            web::post().to(bank::set_hidden),
        )
        .route("/surveys", web::get().to(surveys::list))
        .configure(survey_routes)
        .route("/account/password", web::get().to(auth::password_form))
        .route("/account/password", web::post().to(auth::change_password))
        .route(
            "/account/sessions/end",
            web::post().to(auth::sign_out_everywhere),
        )
        .route("/invite/{token}", web::get().to(auth::accept_form))
        .route("/invite/{token}", web::post().to(auth::accept))
        .route("/admin/staff", web::get().to(admin::staff::list))
        .route("/admin/staff/invite", web::post().to(admin::staff::invite))
        .route(
            "/admin/staff/{id}/role",
            web::post().to(admin::staff::change_role),
        )
        .route(
            "/admin/staff/{id}/link",
            web::post().to(admin::staff::new_link),
        )
        .route(
            "/admin/staff/{id}/{action}",
            web::post().to(admin::staff::set_active),
        )
        .route("/admin/audit", web::get().to(admin::audit::list))
        .route("/admin/district", web::get().to(admin::district::show))
        .route("/admin/district", web::post().to(admin::district::save))
        .route("/admin/tokens", web::get().to(admin::tokens::list))
        .route("/admin/tokens", web::post().to(admin::tokens::create))
        .route(
            "/admin/tokens/{id}/revoke",
            web::post().to(admin::tokens::revoke),
        )
        .configure(api::routes)
        .configure(answer::routes)
        .configure(reports::routes);
    catalogue_routes(cfg);
}

/// The catalogue: schools, products and features, renewals, CSV import (district admins).
fn catalogue_routes(cfg: &mut web::ServiceConfig) {
    use admin::{import, product_detail, products, renewals, school_import, schools};
    cfg.route("/admin/schools", web::get().to(schools::list))
        .route("/admin/schools.csv", web::get().to(school_import::export))
        .route("/admin/schools/import", web::get().to(school_import::form))
        .route(
            "/admin/schools/import",
            web::post().to(school_import::commit),
        )
        .route("/admin/schools/new", web::get().to(schools::new_form))
        .route("/admin/schools/new", web::post().to(schools::create))
        .route(
            "/admin/schools/{id}/edit",
            web::get().to(schools::edit_form),
        )
        .route("/admin/schools/{id}/edit", web::post().to(schools::update))
        .route(
            "/admin/schools/{id}/{action}",
            web::post().to(schools::set_archived),
        )
        .route("/admin/products", web::get().to(products::list))
        .route("/admin/products/new", web::get().to(products::new_form))
        .route("/admin/products/new", web::post().to(products::create))
        .route("/admin/products/import", web::get().to(import::form))
        .route(
            "/admin/products/import/preview",
            web::post().to(import::preview),
        )
        .route(
            "/admin/products/import/commit",
            web::post().to(import::commit),
        )
        .route("/admin/products/{id}", web::get().to(product_detail::show))
        .route(
            "/admin/products/{id}/edit",
            web::get().to(products::edit_form),
        )
        .route(
            "/admin/products/{id}/edit",
            web::post().to(products::update),
        )
        .route(
            "/admin/products/{id}/features",
            web::post().to(product_detail::add_feature),
        )
        .route(
            "/admin/products/{id}/features/{feature}",
            web::post().to(product_detail::update_feature),
        )
        .route(
            "/admin/products/{id}/features/{feature}/remove",
            web::post().to(product_detail::remove_feature),
        )
        .route(
            "/admin/products/{id}/{action}",
            web::post().to(products::set_archived),
        )
        .route("/admin/renewals", web::get().to(renewals::calendar));
}
