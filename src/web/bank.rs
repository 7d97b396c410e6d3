//! The question bank: every construct and item exactly as one stakeholder group will read
//! it, in any of the district's enabled languages, for the staff who build surveys, with the
//! district's own questions under their constructs; district admins hide items their district
//! does not want asked (adding and editing the district's own: `bank_items.rs`) and mark a
//! draft translation reviewed.

use crate::db::models::audit;
use crate::db::models::bank as bank_rows;
use crate::db::models::languages;
use crate::domain::translations::ORIGINAL;
use crate::domain::FieldError;
use crate::domain::{ConditionOp, Language, LanguageSet, StakeholderGroup};
use crate::survey::bank::{draft_languages, fill_placeholders, Item, QuestionBank};
use crate::survey::kinds;
use crate::survey::own_items;
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{RequireAdmin, RequireEditor};
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// `?group=&lang=`; both optional (teacher, English).
#[derive(Debug, Deserialize)]
pub struct BankQuery {
    group: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Serialize)]
struct ItemView {
    key: String,
    label: String,
    prompt: String,
    kind: &'static str,
    options: Vec<String>,
    not_applicable: Option<String>,
    condition: Option<String>,
    faces: bool,
    hidden: bool,
    own: bool,
    /// A shipped wording in a draft translation the district has not reviewed.
    draft: bool,
}

/// The banner over a bank page in a draft translation the district has not reviewed.
#[derive(Serialize)]
struct DraftNotice {
    language: &'static str,
    code: &'static str,
}

#[derive(Serialize)]
struct ConstructView {
    name: String,
    description: String,
    per_product: bool,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct BankPage {
    can_hide: bool,
    group: &'static str,
    groups: Vec<Choice>,
    languages: Vec<Choice>,
    lang: &'static str,
    dir: Option<&'static str>,
    draft: Option<DraftNotice>,
    constructs: Vec<ConstructView>,
}

/// The group and language a bank page shows; only the district's enabled languages.
fn parse_query(
    query: &BankQuery,
    enabled: &LanguageSet,
) -> Result<(StakeholderGroup, Language), AppError> {
    let mut errors = Vec::new();
    let group = match query.group.as_deref() {
        None => Some(StakeholderGroup::Teacher),
        Some(raw) => raw
            .parse()
            .map_err(|e| {
                errors.push(FieldError {
                    field: "group".into(),
                    message: format!("{e}"),
                })
            })
            .ok(),
    };
    let lang = match query.lang.as_deref() {
        None => Some(ORIGINAL),
        Some(raw) => match raw.parse::<Language>() {
            Ok(l) if enabled.contains(l) => Some(l),
            Ok(l) => {
                errors.push(FieldError {
                    field: "lang".into(),
                    message: format!("{} is not enabled for your district.", l.english_name()),
                });
                None
            }
            Err(e) => {
                errors.push(FieldError {
                    field: "lang".into(),
                    message: format!("{e}"),
                });
                None
            }
        },
    };
    match (group, lang) {
        (Some(g), Some(l)) => Ok((g, l)),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn item_view(
    bank: &QuestionBank,
    item: &Item,
    (group, lang): (StakeholderGroup, Language),
    hidden: &[String],
    draft: bool,
) -> Option<ItemView> {
    let wording = item.wording(group, lang)?;
    let condition = item.show_if.as_ref().map(|c| {
        let asked = bank
            .wording(&c.item_key, group, lang)
            .map(|w| fill_placeholders(&w.prompt, "[product]", "[vendor]"))
            .unwrap_or_else(|| c.item_key.clone());
        let answers: Vec<String> = c
            .values
            .iter()
            .map(|v| {
                bank.wording(&c.item_key, group, lang)
                    .and_then(|w| {
                        usize::try_from(*v - 1)
                            .ok()
                            .and_then(|i| w.options.get(i))
                            .cloned()
                    })
                    .unwrap_or_else(|| v.to_string())
            })
            .collect();
        let relation = match c.op {
            ConditionOp::Equals | ConditionOp::OneOf => "",
            ConditionOp::AtLeast => "at least ",
            ConditionOp::AtMost => "at most ",
        };
        format!(
            "Shown only when the answer to “{asked}” is {relation}“{}”.",
            answers.join("” or “")
        )
    });
    Some(ItemView {
        key: item.key.clone(),
        label: item.label.get(lang).to_string(),
        prompt: fill_placeholders(&wording.prompt, "[product]", "[vendor]"),
        kind: kinds::of(item.kind).label(),
        options: wording.options.clone(),
        not_applicable: item
            .allows_na
            .then(|| wording.na_label.clone().unwrap_or_default()),
        condition,
        faces: item.shows_faces(group),
        hidden: hidden.contains(&item.key),
        own: item.is_own(),
        draft: draft && !item.is_own(),
    })
}

/// `GET /bank`.
pub async fn index(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    query: web::Query<BankQuery>,
) -> Result<HttpResponse, AppError> {
    let (group, lang) = parse_query(&query, &user.languages)?;
    let district = user.district;
    let shipped = state.bank.clone();
    let (bank, hidden, reviewed) = state
        .read(
            move |conn| -> Result<(QuestionBank, Vec<String>, Vec<Language>), AppError> {
                Ok((
                    own_items::district_bank(conn, district, &shipped)?,
                    bank_rows::hidden_keys(conn, district)?,
                    languages::reviewed(conn, district)?,
                ))
            },
        )
        .await?;
    let draft = draft_languages().contains(&lang) && !reviewed.contains(&lang);
    let bank = &bank;
    let constructs = bank
        .constructs()
        .iter()
        .filter_map(|c| {
            let items: Vec<ItemView> = c
                .items_for(group)
                .filter_map(|i| item_view(bank, i, (group, lang), &hidden, draft))
                .collect();
            (!items.is_empty()).then(|| ConstructView {
                name: c.name.get(lang).to_string(),
                description: c.description.get(lang).to_string(),
                per_product: c.per_product,
                items,
            })
        })
        .collect();
    let body = BankPage {
        can_hide: user.is_admin(),
        group: group.as_str(),
        groups: StakeholderGroup::ALL
            .iter()
            .map(|g| Choice {
                value: g.as_str(),
                label: g.label(),
                selected: *g == group,
            })
            .collect(),
        languages: user
            .languages
            .iter()
            .map(|l| Choice {
                value: l.as_str(),
                label: l.label(),
                selected: l == lang,
            })
            .collect(),
        lang: lang.as_str(),
        dir: lang.direction().attribute(),
        draft: draft.then(|| DraftNotice {
            language: lang.english_name(),
            code: lang.as_str(),
        }),
        constructs,
    };
    state
        .templates
        .page("bank/index", &Page::staff("Question bank", &user, body))
}

/// Where a hide/show form returns: the bank page as it was filtered.
#[derive(Debug, Deserialize)]
pub struct BackTo {
    group: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize)]
struct RefusedPage {
    label: String,
    reason: String,
    back: String,
}

/// `POST /bank/items/{key}/{hide|show}`: hides a shipped item from the district's new
/// surveys, or offers it again. Surveys already assembled keep their questions.
pub async fn set_hidden(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<(String, String)>,
    back: web::Query<BackTo>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (key, action) = path.into_inner();
    let hide = match action.as_str() {
        "hide" => true,
        "show" => false,
        _ => return Err(AppError::NotFound),
    };
    let (group, lang) = parse_query(
        &BankQuery {
            group: back.group.clone(),
            lang: back.lang.clone(),
        },
        &user.languages,
    )?;
    let back = format!(
        "/bank?group={}&lang={}#{key}",
        group.as_str(),
        lang.as_str()
    );
    let shipped = state.bank.clone();
    let who = user.clone();
    let item_key = key.clone();
    let (label, refusal) = state
        .read(move |conn| -> Result<(String, Option<String>), AppError> {
            let bank = own_items::district_bank(conn, who.district, &shipped)?;
            let label = bank
                .item(&item_key)
                .ok_or(AppError::NotFound)?
                .label
                .original()
                .to_string();
            let refusal = crate::db::write::transaction(
                conn,
                |conn| -> diesel::QueryResult<Option<String>> {
                    let hidden = bank_rows::hidden_keys(conn, who.district)?;
                    if hide {
                        if let Some(reason) = bank.hide_refusal(&item_key, &hidden) {
                            return Ok(Some(reason));
                        }
                    }
                    if bank_rows::set_hidden(conn, who.district, who.id, &item_key, hide)? {
                        let action = if hide {
                            "bank.item_hidden"
                        } else {
                            "bank.item_shown"
                        };
                        audit::record(
                            conn,
                            who.district,
                            Some(who.id),
                            action,
                            ("bank_item", &item_key),
                            "",
                        )?;
                    }
                    Ok(None)
                },
            )?;
            Ok((label, refusal))
        })
        .await?;
    match refusal {
        None => Ok(see_other(&back)),
        Some(reason) => state.templates.page_with_status(
            StatusCode::CONFLICT,
            "bank/refused",
            &Page::staff(
                "This question cannot be hidden",
                &user,
                RefusedPage {
                    label,
                    reason,
                    back,
                },
            ),
        ),
    }
}

/// `POST /bank/languages/{code}/review`: a district admin marks the shipped wordings in a
/// draft translation reviewed for the district (audited), after which surveys may open in it.
/// Only an enabled language in a draft translation can be reviewed.
pub async fn review_language(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let language: Language = path.into_inner().parse().map_err(|_| AppError::NotFound)?;
    if !draft_languages().contains(&language) {
        return Err(AppError::NotFound);
    }
    if !user.languages.contains(language) {
        return Err(AppError::Invalid(vec![FieldError {
            field: "language".into(),
            message: format!(
                "{} is not enabled for your district; enable it in the district settings first.",
                language.english_name()
            ),
        }]));
    }
    let who = user.clone();
    state
        .read(move |conn| -> Result<(), AppError> {
            Ok(crate::db::write::transaction(
                conn,
                |conn| -> diesel::QueryResult<()> {
                    if languages::mark_reviewed(conn, who.district, who.id, language)? {
                        audit::record(
                            conn,
                            who.district,
                            Some(who.id),
                            "bank.language_reviewed",
                            ("language", language.as_str()),
                            language.english_name(),
                        )?;
                    }
                    Ok(())
                },
            )?)
        })
        .await?;
    Ok(see_other(&format!("/bank?lang={}", language.as_str())))
}
