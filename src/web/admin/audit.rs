//! The district's audit log, newest first, fifty entries a page.

use crate::db::models::{audit, users};
use crate::web::access::extract::RequireAdmin;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const PER_PAGE: i64 = 50;

/// `?page=`; a missing or malformed page number shows the first page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

#[derive(Serialize)]
struct Entry {
    at: String,
    who: String,
    action: String,
    object: String,
    detail: String,
}

#[derive(Serialize)]
struct AuditPage {
    entries: Vec<Entry>,
    page: i64,
    newer: Option<i64>,
    older: Option<i64>,
}

/// `GET /admin/audit`.
pub async fn list(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1);
    let district = user.district;
    let body = state
        .read(move |conn| -> Result<AuditPage, AppError> {
            let names: HashMap<i32, String> = users::list(conn, district)?
                .into_iter()
                .map(|u| (u.id, format!("{} <{}>", u.display_name, u.email)))
                .collect();
            let mut rows = audit::page(conn, district, (page - 1) * PER_PAGE, PER_PAGE + 1)?;
            let has_older = rows.len() as i64 > PER_PAGE;
            rows.truncate(PER_PAGE as usize);
            Ok(AuditPage {
                entries: rows
                    .into_iter()
                    .map(|r| Entry {
                        at: r.created_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                        who: r
                            .user_id
                            .and_then(|id| names.get(&id).cloned())
                            .unwrap_or_else(|| "system".into()),
                        action: r.action,
                        object: format!("{} {}", r.object_kind, r.object_id),
                        detail: r.detail,
                    })
                    .collect(),
                page,
                newer: (page > 1).then_some(page - 1),
                older: has_older.then_some(page + 1),
            })
        })
        .await?;
    state
        .templates
        .page("admin/audit", &Page::staff("Audit log", &user, body))
}
