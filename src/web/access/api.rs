//! Bearer-token authentication for `/api/v1`: the token is hashed and looked up; it must be
//! live and its owner an active district admin. The caller is scoped to the token's district.

use crate::db::models::api_tokens;
use crate::domain::tokens;
use crate::domain::{DistrictId, Role, UserId};
use crate::web::error::{ApiError, AppError};
use crate::web::AppState;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use std::future::Future;
use std::pin::Pin;

/// An authenticated API client.
#[derive(Debug, Clone, Copy)]
pub struct ApiCaller {
    /// The token's district: every query is scoped to it.
    pub district: DistrictId,
    /// The admin who owns the token (recorded in the audit log).
    pub user: UserId,
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

impl FromRequest for ApiCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let marker = req.clone();
        Box::pin(async move {
            let token = token.ok_or(AppError::Unauthorized)?;
            let state = state.ok_or_else(|| AppError::bug("application state missing"))?;
            let pool = state.pool.clone();
            let found = web::block(move || -> Result<_, AppError> {
                let mut conn = pool.get()?;
                let Some((row, role)) = api_tokens::authenticate(&mut conn, &tokens::hash(&token))?
                else {
                    return Ok(None);
                };
                if role != Role::DistrictAdmin.as_str() {
                    return Ok(None);
                }
                api_tokens::touch(&mut conn, row.id, crate::db::now())?;
                Ok(Some(ApiCaller {
                    district: DistrictId(row.district_id),
                    user: UserId(row.user_id),
                }))
            })
            .await
            .map_err(AppError::from)??;
            let caller = found.ok_or(ApiError(AppError::Unauthorized))?;
            marker
                .extensions_mut()
                .insert(crate::web::middleware::Authenticated);
            Ok(caller)
        })
    }
}
