//! `GET /privacy/{district}`: the district's privacy note for respondents, with what Chorus
//! itself never stores. The note is shown in the page's language, or as the original marked
//! with its language (`lang`) when the district gave no translation.

use super::shell::{page, LangQuery};
use crate::db::models::respondent;
use crate::domain::translations::pick;
use crate::domain::Language;
use crate::web::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct PrivacyPage {
    district: String,
    note: Vec<String>,
    /// The note's language when it is the original shown on a page in another language.
    note_lang: Option<&'static str>,
}

/// `GET /privacy/{district}`.
pub async fn show(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let s = slug.clone();
    let (district, note, translations) = state
        .read(move |conn| -> Result<_, AppError> { Ok(respondent::privacy_note(conn, &s)?) })
        .await?
        .ok_or(AppError::NotFound)?;
    let language = query.language().unwrap_or(Language::English);
    let shown = pick(&note, &translations, language);
    let body = PrivacyPage {
        district,
        note_lang: shown.lang,
        note: shown
            .text
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
