//! The district's own settings: its time zone, in which survey times are typed and shown.

use super::view::{self, form_fields};
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, RequireAdmin};
use crate::db::models::{audit, districts};
use crate::domain::TimeZone;
use crate::error::{AppError, FieldError};
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use diesel::Connection;
use serde::{Deserialize, Serialize};

/// The settings form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DistrictForm {
    /// IANA time zone name.
    pub time_zone: String,
}

#[derive(Serialize)]
struct ZoneChoice {
    value: &'static str,
    selected: bool,
}

#[derive(Serialize)]
struct SettingsPage {
    f: serde_json::Value,
    errors: Vec<FieldError>,
    zones: Vec<ZoneChoice>,
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    form: &DistrictForm,
    errors: Vec<FieldError>,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let zones = TimeZone::all_names()
        .into_iter()
        .map(|value| ZoneChoice {
            value,
            selected: value == form.time_zone.trim(),
        })
        .collect();
    let body = SettingsPage {
        f: form_fields(form, &errors)?,
        errors,
        zones,
    };
    view::render(
        state,
        user,
        ("admin/district", "District settings"),
        status,
        body,
        notice,
    )
}

/// `?done=saved` after a change.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /admin/district`.
pub async fn show(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    let form = DistrictForm {
        time_zone: user.time_zone.name().to_string(),
    };
    let notice = (query.done.as_deref() == Some("saved"))
        .then_some("Saved. Survey times are now typed and shown in this time zone.");
    page(&state, &user, &form, Vec::new(), notice)
}

/// `POST /admin/district`: sets the time zone, audited. Stored survey times (UTC) do not
/// move; they are shown in the new zone from now on.
pub async fn save(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<DistrictForm>,
) -> Result<HttpResponse, AppError> {
    let zone = match TimeZone::parse(&form.time_zone) {
        Ok(zone) => zone,
        Err(e) => {
            let errors = vec![FieldError {
                field: "time_zone".into(),
                message: e.to_string(),
            }];
            return page(&state, &user, &form, errors, None);
        }
    };
    let pool = state.pool.clone();
    let who = user.clone();
    web::block(move || -> Result<(), AppError> {
        let mut conn = pool.get()?;
        Ok(conn.transaction(|conn| -> diesel::QueryResult<()> {
            districts::set_time_zone(conn, who.district, zone.name())?;
            audit::record(
                conn,
                who.district,
                Some(who.id),
                "district.time_zone_set",
                ("district", &who.district.0.to_string()),
                zone.name(),
            )
        })?)
    })
    .await??;
    Ok(see_other("/admin/district?done=saved"))
}
