//! HTTP routes, one module per area, plus the shared rendering, error and middleware pieces.

pub mod assets;
pub mod errors;
pub mod health;
pub mod home;
pub mod middleware;
pub mod render;

use crate::db::DbPool;
use actix_web::web;
use render::Templates;

/// What every handler may use: the pool and the templates. Cloned per worker (cheap: `Arc`s).
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Compiled templates.
    pub templates: Templates,
}

/// Registers every route of the service.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::landing))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/static/{path:.*}", web::get().to(assets::serve));
}
