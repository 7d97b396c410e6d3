//! `GET /privacy/{district}`: the district's privacy note for respondents, with what Chorus
//! itself never stores.

use super::shell::{page, LangQuery};
use crate::db::models::respondent;
use crate::domain::Language;
use crate::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct PrivacyPage {
    district: String,
    note: Vec<String>,
}

/// `GET /privacy/{district}`.
pub async fn show(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let slug = slug.into_inner();
    let s = slug.clone();
    let (district, note) = web::block(move || -> Result<Option<(String, String)>, AppError> {
        let mut conn = pool.get()?;
        Ok(respondent::privacy_note(&mut conn, &s)?)
    })
    .await??
    .ok_or(AppError::NotFound)?;
    let language = query.language().unwrap_or(Language::English);
    let body = PrivacyPage {
        district,
        note: note
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let reader = super::strings::Reader {
        language,
        register: query.register(),
    };
    let ctx = page(
        "privacy_title",
        reader,
        Language::ALL,
        &format!("/privacy/{slug}"),
        String::new(),
        body,
    );
    state.templates.page("answer/privacy", &ctx)
}
