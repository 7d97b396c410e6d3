//! Staff accounts: invitations (one-time, expiring set-password links), role and school
//! scope changes, deactivation. The last active district admin cannot be removed.

use super::staff_form::{parse_access, parse_invite, InviteForm, RoleForm};
use super::staff_view::{load_page, notice, render, InviteValues, StaffPage};
use crate::db::models::{audit, schools, users};
use crate::db::AnyConnection;
use crate::domain::tokens;
use crate::domain::FieldError;
use crate::domain::{DistrictId, Role, SchoolId, UserId};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::RequireAdmin;
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::respond::{see_other, switch};
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// How long an invitation link works.
pub const INVITATION_HOURS: i64 = 72;

/// `?done=` codes after a change, shown as a notice (post/redirect/get).
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /admin/staff`.
pub async fn list(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    done: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let who = user.clone();
    let page = web::block(move || {
        load_page(
            &mut *pool.get()?,
            &who,
            InviteValues {
                role: "school_coordinator".into(),
                ..Default::default()
            },
            &[],
            Vec::new(),
        )
    })
    .await??;
    render(
        &state,
        &user,
        StatusCode::OK,
        page,
        done.done.as_deref().and_then(notice),
    )
}

#[derive(Serialize)]
struct InvitedPage {
    email: String,
    link: String,
    hours: i64,
}

/// Creates an invitation for an account of the district and returns the link (shown once).
fn create_link(
    conn: &mut AnyConnection,
    district: DistrictId,
    admin: UserId,
    user: UserId,
    base_url: &str,
) -> Result<String, AppError> {
    let secret = tokens::new_secret();
    let expires = crate::db::now() + chrono::Duration::hours(INVITATION_HOURS);
    users::insert_invitation(conn, district, user, &tokens::hash(&secret), admin, expires)?;
    Ok(format!("{base_url}/invite/{secret}"))
}

/// `POST /admin/staff/invite`.
pub async fn invite(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    form: CsrfForm<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let pool = state.pool.clone();
    let who = user.clone();
    let base_url = state.base_url.clone();
    let outcome = web::block(
        move || -> Result<Result<InvitedPage, StaffPage>, AppError> {
            let mut conn = pool.get()?;
            let district_schools: Vec<SchoolId> = schools::list(&mut conn, who.district)?
                .iter()
                .map(|s| SchoolId(s.id))
                .collect();
            let values = InviteValues {
                email: form.email.clone(),
                display_name: form.display_name.clone(),
                role: form.role.clone(),
            };
            let invite = match parse_invite(&form, &district_schools) {
                Ok(invite) => invite,
                Err(errors) => {
                    return Ok(Err(load_page(
                        &mut conn,
                        &who,
                        values,
                        &form.schools,
                        errors,
                    )?))
                }
            };
            if users::find_by_email(&mut conn, &invite.email)?.is_some() {
                let errors = vec![FieldError {
                    field: "email".into(),
                    message: "This e-mail address already has a Chorus account.".into(),
                }];
                return Ok(Err(load_page(
                    &mut conn,
                    &who,
                    values,
                    &form.schools,
                    errors,
                )?));
            }
            let link =
                crate::db::write::transaction(&mut conn, |conn| -> Result<String, AppError> {
                    let new = users::NewUser {
                        district: who.district,
                        email: &invite.email,
                        display_name: invite.display_name.as_str(),
                        password_hash: None,
                        role: invite.access.role,
                    };
                    let id = users::insert(conn, &new, &invite.access.schools)?;
                    audit::record(
                        conn,
                        who.district,
                        Some(who.id),
                        "user.invite",
                        ("user", &id.to_string()),
                        &format!("{} as {}", invite.email, invite.access.role),
                    )?;
                    create_link(conn, who.district, who.id, id, &base_url)
                })?;
            Ok(Ok(InvitedPage {
                email: invite.email.to_string(),
                link,
                hours: INVITATION_HOURS,
            }))
        },
    )
    .await??;
    match outcome {
        Ok(invited) => state.templates.page(
            "admin/staff_invited",
            &Page::staff("Invitation created", &user, invited),
        ),
        Err(page) => render(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, page, None),
    }
}

/// `POST /admin/staff/{id}/link`: a new set-password link for an account (lost password or expired invitation).
pub async fn new_link(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<i32>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let target = UserId(path.into_inner());
    let who = user.clone();
    let base_url = state.base_url.clone();
    let invited = state
        .read(move |conn| -> Result<InvitedPage, AppError> {
            let row = users::find_in(conn, who.district, target)?
                .filter(|u| u.active)
                .ok_or(AppError::NotFound)?;
            let link = crate::db::write::transaction(conn, |conn| -> Result<String, AppError> {
                audit::record(
                    conn,
                    who.district,
                    Some(who.id),
                    "user.password_link",
                    ("user", &target.to_string()),
                    "",
                )?;
                create_link(conn, who.district, who.id, target, &base_url)
            })?;
            Ok(InvitedPage {
                email: row.email,
                link,
                hours: INVITATION_HOURS,
            })
        })
        .await?;
    state.templates.page(
        "admin/staff_invited",
        &Page::staff("Set-password link created", &user, invited),
    )
}

/// Refuses a change that would leave the district without an active admin.
fn keeps_an_admin(
    conn: &mut AnyConnection,
    district: DistrictId,
    target: &users::UserRow,
    losing_admin: bool,
) -> Result<bool, AppError> {
    let is_active_admin = target.active && target.role == Role::DistrictAdmin;
    Ok(!(is_active_admin && losing_admin && users::count_active_admins(conn, district)? <= 1))
}

fn last_admin_error() -> FieldError {
    FieldError { field: "role".into(), message: "This is the district's last active administrator: make someone else an administrator first.".into() }
}

fn redirect(done: &str) -> HttpResponse {
    see_other(&format!("/admin/staff?done={done}"))
}

/// `POST /admin/staff/{id}/role`.
pub async fn change_role(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<i32>,
    form: CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let target = UserId(path.into_inner());
    let form = form.0;
    let who = user.clone();
    let outcome = state
        .write(move |conn| -> Result<Option<StaffPage>, AppError> {
            let row = users::find_in(conn, who.district, target)?.ok_or(AppError::NotFound)?;
            let district_schools: Vec<SchoolId> = schools::list(conn, who.district)?
                .iter()
                .map(|s| SchoolId(s.id))
                .collect();
            let mut errors = Vec::new();
            let access = parse_access(&form.role, &form.schools, &district_schools, &mut errors);
            let Some(access) = access.filter(|_| errors.is_empty()) else {
                return Ok(Some(load_page(
                    conn,
                    &who,
                    InviteValues::default(),
                    &[],
                    errors,
                )?));
            };
            if !keeps_an_admin(conn, who.district, &row, access.role != Role::DistrictAdmin)? {
                return Ok(Some(load_page(
                    conn,
                    &who,
                    InviteValues::default(),
                    &[],
                    vec![last_admin_error()],
                )?));
            }
            users::set_role(conn, who.district, target, access.role, &access.schools)?;
            audit::record(
                conn,
                who.district,
                Some(who.id),
                "user.role",
                ("user", &target.to_string()),
                &format!("{} → {}", row.role, access.role),
            )?;
            Ok(None)
        })
        .await?;
    match outcome {
        None => Ok(redirect("role")),
        Some(page) => render(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, page, None),
    }
}

/// `POST /admin/staff/{id}/deactivate` and `/reactivate`.
pub async fn set_active(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<(i32, String)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    let active = switch(&action, "reactivate", "deactivate")?;
    let target = UserId(id);
    let who = user.clone();
    let outcome = state
        .write(move |conn| -> Result<Option<StaffPage>, AppError> {
            let row = users::find_in(conn, who.district, target)?.ok_or(AppError::NotFound)?;
            if !active && !keeps_an_admin(conn, who.district, &row, true)? {
                return Ok(Some(load_page(
                    conn,
                    &who,
                    InviteValues::default(),
                    &[],
                    vec![last_admin_error()],
                )?));
            }
            users::set_active(conn, who.district, target, active)?;
            audit::record(
                conn,
                who.district,
                Some(who.id),
                if active {
                    "user.reactivate"
                } else {
                    "user.deactivate"
                },
                ("user", &target.to_string()),
                "",
            )?;
            Ok(None)
        })
        .await?;
    match outcome {
        None => Ok(redirect(if active { "reactivated" } else { "deactivated" })),
        Some(page) => render(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, page, None),
    }
}
