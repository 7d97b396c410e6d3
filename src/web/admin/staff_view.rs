//! The staff page's view: every account with its role, scope and status, and the invitation
//! form, built from the district's rows.

use crate::db::models::{schools, users};
use crate::db::AnyConnection;
use crate::domain::FieldError;
use crate::domain::Role;
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub(super) struct SchoolChoice {
    id: i32,
    name: String,
    checked: bool,
}

#[derive(Serialize)]
pub(super) struct RoleChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
pub(super) struct StaffRow {
    id: i32,
    name: String,
    email: String,
    role: String,
    role_label: &'static str,
    schools: Vec<SchoolChoice>,
    school_names: String,
    status: &'static str,
    active: bool,
    is_self: bool,
    last_sign_in: String,
}

#[derive(Serialize, Default)]
pub(super) struct InviteValues {
    pub(super) email: String,
    pub(super) display_name: String,
    pub(super) role: String,
}

#[derive(Serialize)]
pub(super) struct StaffPage {
    staff: Vec<StaffRow>,
    schools: Vec<SchoolChoice>,
    roles: Vec<RoleChoice>,
    invite: InviteValues,
    errors: Vec<FieldError>,
}

pub(super) fn notice(code: &str) -> Option<&'static str> {
    match code {
        "role" => Some("The role was changed."),
        "deactivated" => Some("The account was deactivated. It can no longer sign in."),
        "reactivated" => Some("The account was reactivated."),
        _ => None,
    }
}

pub(super) fn load_page(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    invite: InviteValues,
    chosen: &[String],
    errors: Vec<FieldError>,
) -> Result<StaffPage, AppError> {
    let district_schools = schools::list(conn, user.district)?;
    let names: HashMap<i32, String> = district_schools
        .iter()
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let mut scopes: HashMap<i32, Vec<i32>> = HashMap::new();
    for (u, s) in users::school_scopes(conn, user.district)? {
        scopes.entry(u).or_default().push(s);
    }
    let choices = |selected: &[i32]| -> Vec<SchoolChoice> {
        district_schools
            .iter()
            .map(|s| SchoolChoice {
                id: s.id,
                name: s.name.clone(),
                checked: selected.contains(&s.id),
            })
            .collect()
    };
    let staff = users::list(conn, user.district)?
        .into_iter()
        .map(|u| {
            let scope = scopes.get(&u.id).cloned().unwrap_or_default();
            let mut school_names: Vec<String> =
                scope.iter().filter_map(|s| names.get(s).cloned()).collect();
            school_names.sort();
            StaffRow {
                id: u.id,
                is_self: u.id == user.id.0,
                status: match (u.active, u.password_hash.is_some()) {
                    (false, _) => "Deactivated",
                    (true, false) => "Invited",
                    (true, true) => "Active",
                },
                active: u.active,
                last_sign_in: u
                    .last_sign_in_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "never".into()),
                school_names: if u.role == Role::DistrictAdmin {
                    "All schools".into()
                } else {
                    school_names.join(", ")
                },
                schools: choices(&scope),
                role_label: u.role.label(),
                name: u.display_name,
                email: u.email,
                role: u.role.to_string(),
            }
        })
        .collect();
    let chosen: Vec<i32> = chosen.iter().filter_map(|s| s.parse().ok()).collect();
    Ok(StaffPage {
        staff,
        schools: choices(&chosen),
        roles: Role::ALL
            .iter()
            .map(|r| RoleChoice {
                value: r.as_str(),
                label: r.label(),
            })
            .collect(),
        invite,
        errors,
    })
}

pub(super) fn render(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    page: StaffPage,
    notice_text: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let mut page = Page::staff("Staff", user, page);
    if let Some(n) = notice_text {
        page = page.with_notice(n);
    }
    state
        .templates
        .page_with_status(status, "admin/staff", &page)
}
