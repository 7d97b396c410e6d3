//! The district's own settings: its time zone, in which survey times are typed and shown, and
//! whether it shares anonymous cross-district benchmarks.

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
    /// Present ("on") when the district shares and sees cross-district benchmarks.
    pub benchmark_opt_in: Option<String>,
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
    let pool = state.pool.clone();
    let district = user.district;
    let row = web::block(move || -> Result<_, AppError> {
        let mut conn = pool.get()?;
        Ok(districts::find(&mut conn, district)?)
    })
    .await??;
    let form = DistrictForm {
        time_zone: row.time_zone,
        benchmark_opt_in: row.benchmark_opt_in.then(|| "on".to_string()),
    };
    let notice = (query.done.as_deref() == Some("saved")).then_some("Settings saved.");
    page(&state, &user, &form, Vec::new(), notice)
}

/// `POST /admin/district`: sets the time zone and the benchmark choice, each change audited.
/// Stored survey times (UTC) do not move; they are shown in the new zone from now on.
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
    let opt_in = form.benchmark_opt_in.is_some();
    let pool = state.pool.clone();
    let who = user.clone();
    web::block(move || -> Result<(), AppError> {
        let mut conn = pool.get()?;
        Ok(conn.transaction(|conn| -> diesel::QueryResult<()> {
            let before = districts::find(conn, who.district)?;
            let object = ("district", who.district.0.to_string());
            if before.time_zone != zone.name() {
                districts::set_time_zone(conn, who.district, zone.name())?;
                audit::record(
                    conn,
                    who.district,
                    Some(who.id),
                    "district.time_zone_set",
                    (object.0, &object.1),
                    zone.name(),
                )?;
            }
            if before.benchmark_opt_in != opt_in {
                districts::set_benchmark_opt_in(conn, who.district, opt_in)?;
                audit::record(
                    conn,
                    who.district,
                    Some(who.id),
                    "district.benchmark_opt_in_set",
                    (object.0, &object.1),
                    if opt_in { "on" } else { "off" },
                )?;
            }
            Ok(())
        })?)
    })
    .await??;
    Ok(see_other("/admin/district?done=saved"))
}
