//! The landing page: what Chorus is, and the districts this instance serves.

use super::page::Page;
use super::AppState;
use crate::db::models::districts;
use crate::web::error::AppError;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct DistrictSummary {
    name: String,
}

#[derive(Serialize)]
struct Landing {
    districts: Vec<DistrictSummary>,
}

/// `GET /`: the public front page.
pub async fn landing(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let rows = web::block(move || {
        let mut conn = pool.get()?;
        districts::list(&mut conn).map_err(AppError::from)
    })
    .await??;
    let context = Landing {
        districts: rows
            .into_iter()
            .map(|d| DistrictSummary { name: d.name })
            .collect(),
    };
    state.templates.page(
        "home/landing",
        &Page::public("Welcome", String::new(), context),
    )
}
