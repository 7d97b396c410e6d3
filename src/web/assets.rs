//! Static files (CSS, JS, images) compiled into the binary and served with long cache lifetimes.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static/"]
struct StaticFiles;

/// Serves `/static/{path}`; unknown paths answer 404 through the normal error page.
pub async fn serve(path: web::Path<String>) -> Result<HttpResponse, crate::web::error::AppError> {
    let path = path.into_inner();
    let file = StaticFiles::get(&path).ok_or(crate::web::error::AppError::NotFound)?;
    let etag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    Ok(HttpResponse::Ok()
        .content_type(file.metadata.mimetype())
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(file.data.into_owned()))
}
