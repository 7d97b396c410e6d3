//! Signing in and out, with throttling and a timing-safe path for unknown e-mails.

use crate::db::models::users;
use crate::domain::password;
use crate::domain::sign_in_throttle::{self as throttle, Verdict};
use crate::domain::{DistrictId, Email, LocalPath, UserId};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::CurrentUser;
use crate::web::access::session;
use crate::web::client_address::ClientAddress;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_session::Session;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// `?next=` and `?expired=` on the sign-in page.
#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    next: Option<String>,
    expired: Option<String>,
}

/// The sign-in form as posted.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Serialize)]
struct SignInPage {
    email: String,
    /// Only a same-site path is followed after sign-in (no open redirect, no header
    /// injection); anything else goes to the home page.
    next: LocalPath,
    error: Option<String>,
}

fn render_form(
    state: &AppState,
    session: &Session,
    status: actix_web::http::StatusCode,
    body: SignInPage,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let mut page = Page::public("Sign in", session::csrf_token(session)?, body);
    if let Some(notice) = notice {
        page = page.with_notice(notice);
    }
    state
        .templates
        .page_with_status(status, "auth/signin", &page)
}

/// `GET /signin`.
pub async fn sign_in_form(
    state: web::Data<AppState>,
    session: Session,
    query: web::Query<SignInQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = query
        .expired
        .as_ref()
        .map(|_| "Your session ended. Please sign in again.");
    let body = SignInPage {
        email: String::new(),
        next: LocalPath::or_home(query.next.as_deref().unwrap_or(LocalPath::HOME)),
        error: None,
    };
    render_form(
        &state,
        &session,
        actix_web::http::StatusCode::OK,
        body,
        notice,
    )
}

enum Attempt {
    Throttled(u64),
    Failed,
    Succeeded(UserId),
}

/// `POST /signin`.
pub async fn sign_in(
    state: web::Data<AppState>,
    session: Session,
    client: ClientAddress,
    form: CsrfForm<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let next = LocalPath::or_home(&form.next);
    let wrong = |email: String| SignInPage {
        email,
        next: next.clone(),
        error: Some("That e-mail address and password do not match an account.".into()),
    };
    let Ok(email) = Email::parse(&form.email) else {
        return render_form(
            &state,
            &session,
            actix_web::http::StatusCode::UNAUTHORIZED,
            wrong(form.email),
            None,
        );
    };
    let client = client.to_string();
    let dummy = state.dummy_hash.clone();
    let candidate = form.password;
    let checked_email = email.clone();
    let attempt = state
        .read(move |conn| -> Result<Attempt, AppError> {
            let now = crate::db::now();
            let failures = users::failures(
                conn,
                (checked_email.as_str(), &client),
                now - chrono::Duration::minutes(throttle::PAIR_WINDOW_MINUTES),
                now - chrono::Duration::minutes(throttle::ADDRESS_WINDOW_MINUTES),
            )?;
            if let Verdict::Wait(seconds) = throttle::verdict(&failures, now) {
                return Ok(Attempt::Throttled(seconds));
            }
            let user = users::find_by_email(conn, &checked_email)?;
            let usable = user
                .as_ref()
                .filter(|u| u.active)
                .and_then(|u| u.password_hash.clone());
            // Unknown e-mails still pay for a real verification, so timing reveals nothing.
            let ok = password::verify(&candidate, usable.as_deref().unwrap_or(dummy.as_str()))
                && usable.is_some();
            let who = user
                .as_ref()
                .map(|u| (DistrictId(u.district_id), UserId(u.id)));
            users::record_sign_in(conn, (checked_email.as_str(), &client), who, ok, now)?;
            Ok(match (ok, who) {
                (true, Some((_, id))) => Attempt::Succeeded(id),
                _ => Attempt::Failed,
            })
        })
        .await?;
    match attempt {
        Attempt::Throttled(retry_after) => Err(AppError::TooManyAttempts { retry_after }),
        Attempt::Failed => render_form(
            &state,
            &session,
            actix_web::http::StatusCode::UNAUTHORIZED,
            wrong(email.as_str().to_string()),
            None,
        ),
        Attempt::Succeeded(id) => {
            session::sign_in(&session, id, chrono::Utc::now())?;
            Ok(crate::web::respond::redirect(&next))
        }
    }
}

/// The sign-out form carries only the CSRF token.
#[derive(Debug, Deserialize)]
pub struct EmptyForm {}

/// `POST /signout`: ends this session and every other session of the account (a copied
/// cookie stops working too), then empties the cookie.
pub async fn sign_out(
    state: web::Data<AppState>,
    session: Session,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    if let Some(id) = session::user_of(&session) {
        state
            .write(move |conn| Ok(users::revoke_sessions(conn, id, chrono::Utc::now())?))
            .await?;
    }
    session::sign_out(&session);
    Ok(crate::web::respond::see_other("/"))
}

#[derive(Serialize)]
struct HomePage {
    district: String,
    schools: Vec<String>,
}

/// `GET /home`: the staff start page.
pub async fn home(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let scope = user.clone();
    let (district, schools) = state
        .read(move |conn| -> Result<_, AppError> {
            let district = crate::db::models::districts::find(conn, scope.district)?;
            let schools = crate::db::models::schools::list(conn, scope.district)?
                .into_iter()
                .filter(|s| scope.can_see_school(crate::domain::SchoolId(s.id)))
                .map(|s| s.name)
                .collect();
            Ok((district.name, schools))
        })
        .await?;
    state.templates.page(
        "auth/home",
        &Page::staff("Home", &user, HomePage { district, schools }),
    )
}
