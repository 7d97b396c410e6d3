//! API tokens: created by a district admin (shown once), listed with their last use, revoked.

use crate::db::models::{api_tokens, audit};
use crate::domain::tokens;
use crate::domain::FieldError;
use crate::domain::LabelText;
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::RequireAdmin;
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct TokenRow {
    id: i32,
    name: String,
    owner: String,
    created: String,
    last_used: String,
    live: bool,
}

#[derive(Serialize)]
struct TokensPage {
    tokens: Vec<TokenRow>,
    errors: Vec<FieldError>,
    name: String,
}

#[derive(Serialize)]
struct CreatedPage {
    name: String,
    token: String,
}

/// The creation form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    name: String,
}

fn time(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".into())
}

async fn render(
    state: &AppState,
    user: crate::web::access::extract::CurrentUser,
    status: StatusCode,
    errors: Vec<FieldError>,
    name: String,
) -> Result<HttpResponse, AppError> {
    let district = user.district;
    let rows = state
        .read(move |conn| api_tokens::list(conn, district))
        .await?;
    let tokens = rows
        .into_iter()
        .map(|(t, owner)| TokenRow {
            id: t.id,
            name: t.name,
            owner,
            created: time(Some(t.created_at)),
            last_used: time(t.last_used_at),
            live: t.revoked_at.is_none(),
        })
        .collect();
    state.templates.page_with_status(
        status,
        "admin/tokens",
        &Page::staff(
            "API tokens",
            &user,
            TokensPage {
                tokens,
                errors,
                name,
            },
        ),
    )
}

/// `GET /admin/tokens`.
pub async fn list(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    render(&state, user, StatusCode::OK, Vec::new(), String::new()).await
}

/// `POST /admin/tokens`: creates a token and shows it once.
pub async fn create(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    form: CsrfForm<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let name = match LabelText::parse(&form.0.name, "token name", 80) {
        Ok(name) => name,
        Err(e) => {
            let errors = vec![FieldError {
                field: "name".into(),
                message: e.to_string(),
            }];
            return render(
                &state,
                user,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                form.0.name,
            )
            .await;
        }
    };
    let secret = tokens::new_secret();
    let (district, owner, hash, label) = (
        user.district,
        user.id,
        tokens::hash(&secret),
        name.to_string(),
    );
    state
        .read(move |conn| -> Result<(), AppError> {
            crate::db::write::transaction(conn, |conn| {
                let id = api_tokens::insert(conn, district, owner, &label, &hash)?;
                audit::record(
                    conn,
                    district,
                    Some(owner),
                    "api_token.create",
                    ("api_token", &id.to_string()),
                    &label,
                )
            })?;
            Ok(())
        })
        .await?;
    state.templates.page(
        "admin/token_created",
        &Page::staff(
            "API token created",
            &user,
            CreatedPage {
                name: name.to_string(),
                token: secret,
            },
        ),
    )
}

/// `POST /admin/tokens/{id}/revoke`.
pub async fn revoke(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<i32>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (district, who) = (user.district, user.id);
    state
        .write(move |conn| -> Result<(), AppError> {
            if !api_tokens::revoke(conn, district, id)? {
                return Err(AppError::NotFound);
            }
            audit::record(
                conn,
                district,
                Some(who),
                "api_token.revoke",
                ("api_token", &id.to_string()),
                "",
            )?;
            Ok(())
        })
        .await?;
    Ok(crate::web::respond::see_other("/admin/tokens"))
}
