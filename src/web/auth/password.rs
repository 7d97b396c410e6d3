//! Changing one's own password (the current password is required): every other session of
//! the account ends, this one stays signed in.

use crate::db::models::{audit, users};
use crate::domain::password::{self, NewPassword};
use crate::domain::FieldError;
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::respond::field_error;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// The form as posted.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    new_password: String,
    confirm: String,
}

#[derive(Serialize, Default)]
struct PasswordPage {
    errors: Vec<FieldError>,
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    status: actix_web::http::StatusCode,
    body: PasswordPage,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let mut page = Page::staff("Change password", user, body);
    if let Some(n) = notice {
        page = page.with_notice(n);
    }
    state
        .templates
        .page_with_status(status, "auth/password", &page)
}

/// `GET /account/password`.
pub async fn password_form(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    render(
        &state,
        &user,
        actix_web::http::StatusCode::OK,
        PasswordPage::default(),
        None,
    )
}

/// `POST /account/password`.
pub async fn change_password(
    state: web::Data<AppState>,
    session: actix_session::Session,
    user: CurrentUser,
    form: CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let mut errors = Vec::new();
    let new = match NewPassword::parse(&form.new_password) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(field_error("new_password", e.to_string()));
            None
        }
    };
    if form.new_password != form.confirm {
        errors.push(field_error("confirm", "The two new passwords differ."));
    }
    let id = user.id;
    let district = user.district;
    let current = form.current;
    let at = chrono::Utc::now();
    let outcome = state
        .read(
            move |conn| -> Result<Result<(), Vec<FieldError>>, AppError> {
                let row = users::find_in(conn, district, id)?.ok_or(AppError::NotFound)?;
                if !row
                    .password_hash
                    .as_deref()
                    .is_some_and(|h| password::verify(&current, h))
                {
                    errors.insert(
                        0,
                        field_error("current", "The current password is not right."),
                    );
                }
                let Some(new) = new.filter(|_| errors.is_empty()) else {
                    return Ok(Err(errors));
                };
                let hash = password::hash(&new).map_err(AppError::internal)?;
                crate::db::write::transaction(conn, |conn| {
                    users::set_password(conn, id, &hash, at)?;
                    audit::record(
                        conn,
                        district,
                        Some(id),
                        "user.password",
                        ("user", &id.to_string()),
                        "",
                    )
                })?;
                Ok(Ok(()))
            },
        )
        .await?;
    if outcome.is_ok() {
        crate::web::access::session::survive_revocation(&session, at)?;
    }
    match outcome {
        Ok(()) => render(
            &state,
            &user,
            actix_web::http::StatusCode::OK,
            PasswordPage::default(),
            Some("Your password was changed."),
        ),
        Err(errors) => render(
            &state,
            &user,
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage { errors },
            None,
        ),
    }
}
