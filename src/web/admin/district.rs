//! The district's own settings: its time zone, in which survey times are typed and shown, and
//! whether it shares anonymous cross-district benchmarks, and the privacy paragraph respondents
//! read (with its optional translations), how many questions about each product grades 3–5
//! may be asked, and which languages the district enables (the only ones its forms offer and
//! respondents see).

use super::view::{self, form_fields};
use crate::db::models::texts::{self, Translations};
use crate::db::models::{audit, districts, languages};
use crate::domain::catalogue::optional_text;
use crate::domain::translations::parse_optional;
use crate::domain::FieldError;
use crate::domain::{Language, LanguageSet, TimeZone};
use crate::survey::bank::draft_languages;
use crate::survey::budget::YoungItemBudget;
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// The settings form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DistrictForm {
    /// IANA time zone name.
    pub time_zone: String,
    /// Present ("on") when the district shares and sees cross-district benchmarks.
    pub benchmark_opt_in: Option<String>,
    /// The privacy paragraph respondents read (original, in English; paragraphs separated
    /// by a blank line). Absent (an older client) leaves the note as it is.
    pub privacy_note: Option<String>,
    /// The same in Spanish (optional: without it, Spanish pages show the English, marked so).
    pub privacy_note_es: Option<String>,
    /// Most questions about each product for grades 3–5 (1 to 12). Absent (an older
    /// client) leaves the limit as it is.
    pub young_items_per_product: Option<String>,
    /// The ticked language codes.
    pub languages: Vec<String>,
    /// Present when the form showed the language boxes; without it (an older client) the
    /// enabled languages stay as they are.
    pub languages_shown: Option<String>,
}

/// The enabled languages as ticked (`None` when the form did not show them).
fn parse_languages(form: &DistrictForm) -> Result<Option<LanguageSet>, FieldError> {
    if form.languages_shown.is_none() {
        return Ok(None);
    }
    LanguageSet::parse_enabled(&form.languages)
        .map(Some)
        .map_err(|e| FieldError {
            field: "languages".into(),
            message: e.to_string(),
        })
}

/// Why the district cannot stop offering the languages `removed`: the unfinished surveys
/// (`(title, stored codes)`) that use one of them; `None` when none does.
fn removal_refused(removed: &[Language], unfinished: &[(String, String)]) -> Option<FieldError> {
    let users: Vec<String> = unfinished
        .iter()
        .filter(|(_, codes)| {
            codes
                .split(',')
                .filter_map(|c| c.parse::<Language>().ok())
                .any(|l| removed.contains(&l))
        })
        .map(|(title, _)| format!("“{title}”"))
        .collect();
    (!users.is_empty()).then(|| FieldError {
        field: "languages".into(),
        message: format!(
            "Surveys that are not closed use a language you unticked: {}. Close them, or take the language out of their settings, first.",
            users.join(", ")
        ),
    })
}

/// One language box of the form.
#[derive(Serialize)]
struct LanguageChoice {
    code: &'static str,
    name: &'static str,
    english_name: &'static str,
    checked: bool,
    draft: bool,
}

/// Longest privacy note, in characters.
const PRIVACY_NOTE_MAX: usize = 4000;

/// The privacy note as typed → the original and its translations (`None` when the form did
/// not have the note), or the field errors.
fn parse_privacy(form: &DistrictForm) -> Result<Option<(String, Translations)>, Vec<FieldError>> {
    let Some(typed) = &form.privacy_note else {
        return Ok(None);
    };
    let mut errors = Vec::new();
    let original = optional_text(typed, "privacy note", PRIVACY_NOTE_MAX, true)
        .map_err(|e| {
            errors.push(FieldError {
                field: "privacy_note".into(),
                message: e.to_string(),
            })
        })
        .ok();
    let translations = parse_optional(
        &[(
            Language::Spanish,
            form.privacy_note_es.as_deref().unwrap_or_default(),
        )],
        "privacy note",
        PRIVACY_NOTE_MAX,
        true,
    )
    .map_err(|problems| {
        for (language, e) in problems {
            errors.push(FieldError {
                field: format!("privacy_note_{}", language.as_str()),
                message: e.to_string(),
            });
        }
    })
    .ok();
    match (original, translations) {
        (Some(original), Some(translations)) if errors.is_empty() => {
            Ok(Some((original, translations)))
        }
        _ => Err(errors),
    }
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
    languages: Vec<LanguageChoice>,
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
    let drafts = draft_languages();
    let languages = Language::ALL
        .iter()
        .map(|l| LanguageChoice {
            code: l.as_str(),
            name: l.label(),
            english_name: l.english_name(),
            checked: form.languages.iter().any(|c| c == l.as_str()),
            draft: drafts.contains(l),
        })
        .collect();
    let body = SettingsPage {
        f: form_fields(form, &errors)?,
        errors,
        zones,
        languages,
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
    let district = user.district;
    let (row, notes) = state
        .read(move |conn| -> Result<_, AppError> {
            let row = districts::find(conn, district)?;
            Ok((row, texts::privacy_notes(conn, district)?))
        })
        .await?;
    let form = DistrictForm {
        time_zone: row.time_zone,
        benchmark_opt_in: row.benchmark_opt_in.then(|| "on".to_string()),
        privacy_note: Some(row.privacy_note),
        privacy_note_es: Some(notes.get(&Language::Spanish).cloned().unwrap_or_default()),
        young_items_per_product: Some(row.young_items_per_product.to_string()),
        languages: user
            .languages
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
        languages_shown: Some("on".into()),
    };
    let notice = (query.done.as_deref() == Some("saved")).then_some("Settings saved.");
    page(&state, &user, &form, Vec::new(), notice)
}

/// `POST /admin/district`: sets the time zone, the privacy note, the enabled languages and the
/// benchmark choice, each change audited, all in one transaction; unticking a language that a
/// survey not yet closed uses is refused on its field, before anything is written.
/// Stored survey times (UTC) do not move; they are shown in the new zone from now on.
pub async fn save(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(form): CsrfForm<DistrictForm>,
) -> Result<HttpResponse, AppError> {
    let zone = TimeZone::parse(&form.time_zone).map_err(|e| FieldError {
        field: "time_zone".into(),
        message: e.to_string(),
    });
    let privacy = parse_privacy(&form);
    let budget = form
        .young_items_per_product
        .as_deref()
        .map(YoungItemBudget::parse)
        .transpose()
        .map_err(|e| FieldError {
            field: "young_items_per_product".into(),
            message: e.to_string(),
        });
    let enabled = parse_languages(&form);
    let (zone, privacy, budget, enabled) = match (zone, privacy, budget, enabled) {
        (Ok(zone), Ok(privacy), Ok(budget), Ok(enabled)) => (zone, privacy, budget, enabled),
        (zone, privacy, budget, enabled) => {
            let mut errors: Vec<FieldError> = zone.err().into_iter().collect();
            errors.extend(privacy.err().unwrap_or_default());
            errors.extend(budget.err());
            errors.extend(enabled.err());
            return page(&state, &user, &form, errors, None);
        }
    };
    let opt_in = form.benchmark_opt_in.is_some();
    let who = user.clone();
    let refused = state
        .read(move |conn| -> Result<Option<FieldError>, AppError> {
            Ok(crate::db::write::transaction(
                conn,
                |conn| -> diesel::QueryResult<Option<FieldError>> {
                    let before = districts::find(conn, who.district)?;
                    let object = ("district", who.district.0.to_string());
                    let changed = enabled
                        .as_ref()
                        .filter(|set| set.codes() != before.languages);
                    if let Some(set) = changed {
                        let removed: Vec<Language> =
                            who.languages.iter().filter(|l| !set.contains(*l)).collect();
                        let unfinished = languages::unfinished_surveys(conn, who.district)?;
                        if let Some(refusal) = removal_refused(&removed, &unfinished) {
                            return Ok(Some(refusal));
                        }
                        districts::set_languages(conn, who.district, &set.codes())?;
                        audit::record(
                            conn,
                            who.district,
                            Some(who.id),
                            "district.languages_set",
                            (object.0, &object.1),
                            &set.codes(),
                        )?;
                    }
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
                    let notes_before = texts::privacy_notes(conn, who.district)?;
                    let changed = privacy.as_ref().filter(|(note, notes)| {
                        before.privacy_note != *note || notes_before != *notes
                    });
                    if let Some((note, notes)) = changed {
                        texts::set_privacy_notes(conn, who.district, note, notes)?;
                        let languages: Vec<&str> = notes.keys().map(|l| l.as_str()).collect();
                        audit::record(
                            conn,
                            who.district,
                            Some(who.id),
                            "district.privacy_note_set",
                            (object.0, &object.1),
                            &format!("translations: {}", languages.join(", ")),
                        )?;
                    }
                    let limit = budget.map(|b| i32::try_from(b.get()).unwrap_or(i32::MAX));
                    if let Some(limit) = limit.filter(|l| *l != before.young_items_per_product) {
                        districts::set_young_items_per_product(conn, who.district, limit)?;
                        audit::record(
                            conn,
                            who.district,
                            Some(who.id),
                            "district.young_items_per_product_set",
                            (object.0, &object.1),
                            &limit.to_string(),
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
                    Ok(None)
                },
            )?)
        })
        .await?;
    match refused {
        None => Ok(see_other("/admin/district?done=saved")),
        Some(refusal) => page(&state, &user, &form, vec![refusal], None),
    }
}
