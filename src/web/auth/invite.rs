//! Accepting an invitation (or a new set-password link): choose a password, then signed in.

use crate::db::models::{audit, users};
use crate::domain::password::{self, NewPassword};
use crate::domain::tokens;
use crate::domain::FieldError;
use crate::domain::{DistrictId, UserId};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::session;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::respond::field_error;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// Why a link does not work, told plainly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkProblem {
    Unknown,
    Used,
    Expired,
}

impl LinkProblem {
    fn message(self) -> &'static str {
        match self {
            LinkProblem::Unknown => "This invitation link is not valid. Check that the whole link was copied.",
            LinkProblem::Used => "This invitation link was used already. Sign in with your password, or ask a district administrator for a new link.",
            LinkProblem::Expired => "This invitation link has expired. Ask a district administrator for a new link.",
        }
    }
}

#[derive(Serialize)]
struct InvitePage {
    email: String,
    token: String,
    problem: Option<&'static str>,
    errors: Vec<FieldError>,
}

/// What accepting a link came to.
enum Accepted {
    SignedIn(UserId),
    BadPassword { email: String },
    Link(LinkProblem),
}

/// The form as posted.
#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    new_password: String,
    confirm: String,
}

fn check(
    conn: &mut crate::db::AnyConnection,
    token: &str,
) -> Result<Result<(users::InvitationRow, users::UserRow), LinkProblem>, AppError> {
    let Some(invitation) = users::find_invitation(conn, &tokens::hash(token))? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if invitation.used_at.is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if invitation.expires_at < crate::db::now() {
        return Ok(Err(LinkProblem::Expired));
    }
    match users::find_in(
        conn,
        DistrictId(invitation.district_id),
        UserId(invitation.user_id),
    )? {
        Some(user) if user.active => Ok(Ok((invitation, user))),
        _ => Ok(Err(LinkProblem::Unknown)),
    }
}

fn render(
    state: &AppState,
    session: &Session,
    status: StatusCode,
    body: InvitePage,
) -> Result<HttpResponse, AppError> {
    let page = Page::public("Choose your password", session::csrf_token(session)?, body);
    state
        .templates
        .page_with_status(status, "auth/invite", &page)
}

fn problem_status(problem: LinkProblem) -> StatusCode {
    if problem == LinkProblem::Unknown {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::GONE
    }
}

/// `GET /invite/{token}`.
pub async fn accept_form(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let pool = state.pool.clone();
    let probe = token.clone();
    let found = web::block(move || check(&mut *pool.get()?, &probe)).await??;
    match found {
        Ok((_, user)) => render(
            &state,
            &session,
            StatusCode::OK,
            InvitePage {
                email: user.email,
                token,
                problem: None,
                errors: Vec::new(),
            },
        ),
        Err(problem) => render(
            &state,
            &session,
            problem_status(problem),
            InvitePage {
                email: String::new(),
                token: String::new(),
                problem: Some(problem.message()),
                errors: Vec::new(),
            },
        ),
    }
}

/// `POST /invite/{token}`: sets the password, uses the link up, and signs the person in.
pub async fn accept(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<String>,
    form: CsrfForm<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let form = form.0;
    let mut errors = Vec::new();
    let new = NewPassword::parse(&form.new_password)
        .map_err(|e| errors.push(field_error("new_password", e.to_string())))
        .ok();
    if form.new_password != form.confirm {
        errors.push(field_error("confirm", "The two passwords differ."));
    }
    let hash = match new.filter(|_| errors.is_empty()) {
        Some(p) => Some(
            web::block(move || password::hash(&p))
                .await?
                .map_err(AppError::internal)?,
        ),
        None => None,
    };
    let probe = token.clone();
    let at = chrono::Utc::now();
    let outcome = state
        .write(move |conn| -> Result<Accepted, AppError> {
            let (invitation, user) = match check(conn, &probe)? {
                Ok(found) => found,
                Err(problem) => return Ok(Accepted::Link(problem)),
            };
            let Some(hash) = hash.as_ref() else {
                return Ok(Accepted::BadPassword { email: user.email });
            };
            if !users::use_invitation(conn, invitation.id, crate::db::now())? {
                return Ok(Accepted::Link(LinkProblem::Used));
            }
            let id = UserId(user.id);
            users::set_password(conn, id, hash, at)?;
            audit::record(
                conn,
                DistrictId(user.district_id),
                Some(id),
                "user.invitation_accepted",
                ("user", &id.to_string()),
                "",
            )?;
            Ok(Accepted::SignedIn(id))
        })
        .await?;
    match outcome {
        Accepted::SignedIn(id) => {
            session::sign_in(&session, id, at)?;
            Ok(crate::web::respond::see_other("/home"))
        }
        Accepted::BadPassword { email } => render(
            &state,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            InvitePage {
                email,
                token,
                problem: None,
                errors,
            },
        ),
        Accepted::Link(problem) => render(
            &state,
            &session,
            problem_status(problem),
            InvitePage {
                email: String::new(),
                token: String::new(),
                problem: Some(problem.message()),
                errors: Vec::new(),
            },
        ),
    }
}
