//! A district's own questions: district admins add them to the bank, and edit them while no
//! survey holds them. The form parses into an `AuthoredItem` (the shipped bank's rules), so
//! nothing invalid is ever stored.

use crate::domain::FieldError;
use crate::domain::{Language, StakeholderGroup};
use crate::survey::bank::{wording_field, ItemForm, QuestionBank};
use crate::survey::kinds;
use crate::survey::own_items::{self, Edited};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

/// A text field with its value and message.
#[derive(Serialize)]
struct Field {
    name: String,
    value: String,
    error: Option<String>,
}

fn field(form_errors: &[FieldError], name: String, value: &str) -> Field {
    let messages: Vec<&str> = form_errors
        .iter()
        .filter(|e| e.field == name)
        .map(|e| e.message.as_str())
        .collect();
    Field {
        error: (!messages.is_empty()).then(|| messages.join(" ")),
        value: value.to_string(),
        name,
    }
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A field typed in one language: its label names the language, the input carries its code.
#[derive(Serialize)]
struct LanguageField {
    language: &'static str,
    lang: &'static str,
    field: Field,
}

/// One field per language the district has enabled, named `{prefix}_{code}`, with what was
/// typed in it and its messages.
fn per_language(
    user: &CurrentUser,
    errors: &[FieldError],
    prefix: &str,
    typed: &std::collections::BTreeMap<String, String>,
) -> Vec<LanguageField> {
    user.languages
        .iter()
        .map(|l| LanguageField {
            language: l.english_name(),
            lang: l.as_str(),
            field: field(
                errors,
                format!("{prefix}_{}", l.as_str()),
                typed.get(l.as_str()).map_or("", String::as_str),
            ),
        })
        .collect()
}

#[derive(Serialize)]
struct LanguageWording {
    language: &'static str,
    lang: &'static str,
    prompt: Field,
    options: Field,
}

#[derive(Serialize)]
struct GroupWording {
    code: &'static str,
    label: &'static str,
    checked: bool,
    languages: Vec<LanguageWording>,
}

#[derive(Serialize)]
struct FormPage {
    heading: &'static str,
    action: String,
    errors: Vec<FieldError>,
    construct: Field,
    constructs: Vec<Choice>,
    kind: Field,
    kinds: Vec<Choice>,
    groups: Field,
    allows_na: Field,
    allows_na_checked: bool,
    min: Field,
    max: Field,
    units: Vec<LanguageField>,
    shared_options: Vec<LanguageField>,
    wordings: Vec<GroupWording>,
}

fn form_page(
    state: &AppState,
    user: &CurrentUser,
    editing: Option<&str>,
    (bank, form): (&QuestionBank, &ItemForm),
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let e = &errors;
    let body = FormPage {
        heading: if editing.is_some() {
            "Edit your district's question"
        } else {
            "Add a question to the bank"
        },
        action: editing.map_or_else(
            || "/bank/items/new".to_string(),
            |key| format!("/bank/items/{key}/edit"),
        ),
        construct: field(e, "construct".into(), &form.construct),
        constructs: bank
            .constructs()
            .iter()
            .filter(|c| c.key != "routing")
            .map(|c| Choice {
                selected: c.key == form.construct,
                label: format!(
                    "{} ({})",
                    c.name.original(),
                    if c.per_product {
                        "asked for each product: name {product} in the question"
                    } else {
                        "asked once per survey"
                    }
                ),
                value: c.key.clone(),
            })
            .collect(),
        kind: field(e, "kind".into(), &form.kind),
        kinds: kinds::authored()
            .filter_map(|k| {
                Some(Choice {
                    selected: k.as_str() == form.kind,
                    label: kinds::of(k).authoring()?.to_string(),
                    value: k.as_str().to_string(),
                })
            })
            .collect(),
        groups: field(e, "groups".into(), ""),
        allows_na: field(e, "allows_na".into(), ""),
        allows_na_checked: form.allows_na,
        min: field(e, "min".into(), &form.min),
        max: field(e, "max".into(), &form.max),
        units: per_language(user, e, "unit", &form.units),
        shared_options: per_language(user, e, "options", &form.options),
        wordings: StakeholderGroup::ALL
            .iter()
            .map(|g| GroupWording {
                code: g.as_str(),
                label: g.label(),
                checked: form.groups.iter().any(|v| v == g.as_str()),
                languages: user
                    .languages
                    .iter()
                    .map(|l| LanguageWording {
                        language: l.english_name(),
                        lang: l.as_str(),
                        prompt: field(
                            e,
                            wording_field("prompt", *g, l),
                            form.wording_text("prompt", *g, l),
                        ),
                        options: field(
                            e,
                            wording_field("options", *g, l),
                            form.wording_text("options", *g, l),
                        ),
                    })
                    .collect(),
            })
            .collect(),
        errors,
    };
    let status = if body.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    crate::web::admin::view::render(
        state,
        user,
        ("bank/item_form", body.heading),
        status,
        body,
        None,
    )
}

/// `GET /bank/items/new`.
pub async fn new_form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    form_page(
        &state,
        &user,
        None,
        (&state.bank, &ItemForm::default()),
        Vec::new(),
    )
}

/// What a write did.
enum Outcome {
    Saved(String),
    Edit(Edited),
}

/// Parses the posted form and runs `write` on it; the form again with its errors otherwise.
async fn save(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    editing: Option<String>,
    pairs: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let form = ItemForm::from_pairs(&pairs);
    let languages: Vec<Language> = user.languages.iter().collect();
    let authored = match form.parse(&state.bank, &languages) {
        Ok(a) => a,
        Err(errors) => {
            return form_page(
                state,
                user,
                editing.as_deref(),
                (&state.bank, &form),
                errors,
            )
        }
    };
    let shipped = state.bank.clone();
    let who = user.clone();
    let key = editing.clone();
    let outcome = state
        .read(move |conn| -> Result<Outcome, AppError> {
            let construct = shipped
                .construct(&authored.item().construct)
                .ok_or(AppError::NotFound)?;
            let construct_id = own_items::construct_id(conn, construct)?;
            let at = (who.district, who.id);
            // On PostgreSQL two admins adding at once may pick the same next key; the loser's
            // transaction hits the unique key and `db::write` runs it again with the next one.
            Ok(crate::db::write::transaction(
                conn,
                |conn| -> diesel::QueryResult<Outcome> {
                    Ok(match &key {
                        None => {
                            match own_items::add(conn, at, (construct, construct_id), &authored)? {
                                Ok(key) => Outcome::Saved(key),
                                Err(errors) => Outcome::Edit(Edited::Refused(errors)),
                            }
                        }
                        Some(key) => Outcome::Edit(own_items::edit(
                            conn,
                            at,
                            (construct, construct_id),
                            key,
                            &authored,
                        )?),
                    })
                },
            )?)
        })
        .await?;
    let saved = |key: &str| {
        Ok(see_other(&format!(
            "/bank?group={}#{key}",
            first_group(&form)
        )))
    };
    match (outcome, editing) {
        (Outcome::Saved(key), _) => saved(&key),
        (Outcome::Edit(Edited::Done), Some(key)) => saved(&key),
        (Outcome::Edit(Edited::NotFound), _) | (Outcome::Edit(Edited::Done), None) => {
            Err(AppError::NotFound)
        }
        (Outcome::Edit(Edited::InUse(reason)), _) => refused(state, user, &reason),
        (Outcome::Edit(Edited::Refused(errors)), editing) => form_page(
            state,
            user,
            editing.as_deref(),
            (&state.bank, &form),
            errors,
        ),
    }
}

fn first_group(form: &ItemForm) -> &'static str {
    StakeholderGroup::ALL
        .iter()
        .find(|g| form.groups.iter().any(|v| v == g.as_str()))
        .map_or("teacher", |g| g.as_str())
}

#[derive(Serialize)]
struct RefusedPage {
    reason: String,
}

fn refused(state: &AppState, user: &CurrentUser, reason: &str) -> Result<HttpResponse, AppError> {
    crate::web::admin::view::render(
        state,
        user,
        ("bank/edit_refused", "This question can no longer change"),
        StatusCode::CONFLICT,
        RefusedPage {
            reason: reason.to_string(),
        },
        None,
    )
}

/// `POST /bank/items/new`: adds the district's question.
pub async fn create(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save(&state, &user, None, pairs).await
}

/// `GET /bank/items/{key}/edit`: the district's own question in its form, or why it can no
/// longer change.
pub async fn edit_form(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let key = path.into_inner();
    let shipped = state.bank.clone();
    let who = user.clone();
    let item_key = key.clone();
    let (form, refusal) = state
        .read(move |conn| -> Result<_, AppError> {
            let bank = own_items::district_bank(conn, who.district, &shipped)?;
            let item = bank
                .item(&item_key)
                .filter(|i| i.is_own())
                .ok_or(AppError::NotFound)?;
            let refusal = own_items::edit_refusal(conn, who.district, &item_key)?;
            Ok((ItemForm::of_item(item), refusal))
        })
        .await?;
    match refusal {
        Some(reason) => refused(&state, &user, &reason),
        None => form_page(&state, &user, Some(&key), (&state.bank, &form), Vec::new()),
    }
}

/// `POST /bank/items/{key}/edit`: saves the district's question unless a survey holds it.
pub async fn update(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save(&state, &user, Some(path.into_inner()), pairs).await
}
