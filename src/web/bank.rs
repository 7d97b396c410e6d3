//! The question bank, read-only: every construct and item exactly as one stakeholder group
//! will read it, in English or Spanish, for the staff who build surveys.

use crate::auth::extract::RequireEditor;
use crate::domain::{ConditionOp, ItemKind, Language, StakeholderGroup};
use crate::error::{AppError, FieldError};
use crate::survey::bank::{fill_placeholders, Item, QuestionBank};
use crate::web::page::Page;
use crate::web::AppState;
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
    groups: Vec<Choice>,
    languages: Vec<Choice>,
    lang: &'static str,
    constructs: Vec<ConstructView>,
}

fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Scale5 => "5-point scale",
        ItemKind::Recommend => "0–10 likelihood to recommend",
        ItemKind::SingleChoice => "One choice",
        ItemKind::MultiChoice => "Any number of choices",
        ItemKind::FeatureMatrix => "Feature matrix (one row per licensed feature)",
        ItemKind::Number => "Number",
        ItemKind::ShortText => "Short text",
        ItemKind::LongText => "Comment",
    }
}

fn parse_query(query: &BankQuery) -> Result<(StakeholderGroup, Language), AppError> {
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
        None => Some(Language::English),
        Some(raw) => raw
            .parse()
            .map_err(|e| {
                errors.push(FieldError {
                    field: "lang".into(),
                    message: format!("{e}"),
                })
            })
            .ok(),
    };
    match (group, lang) {
        (Some(g), Some(l)) => Ok((g, l)),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn item_view(
    bank: &QuestionBank,
    item: &Item,
    group: StakeholderGroup,
    lang: Language,
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
        kind: kind_label(item.kind),
        options: wording.options.clone(),
        not_applicable: item
            .allows_na
            .then(|| wording.na_label.clone().unwrap_or_default()),
        condition,
        faces: item.shows_faces(group),
    })
}

/// `GET /bank`.
pub async fn index(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    query: web::Query<BankQuery>,
) -> Result<HttpResponse, AppError> {
    let (group, lang) = parse_query(&query)?;
    let bank = &state.bank;
    let constructs = bank
        .constructs()
        .iter()
        .filter_map(|c| {
            let items: Vec<ItemView> = c
                .items_for(group)
                .filter_map(|i| item_view(bank, i, group, lang))
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
        groups: StakeholderGroup::ALL
            .iter()
            .map(|g| Choice {
                value: g.as_str(),
                label: g.label(),
                selected: *g == group,
            })
            .collect(),
        languages: [
            (Language::English, "English"),
            (Language::Spanish, "Español"),
        ]
        .iter()
        .map(|(l, label)| Choice {
            value: l.as_str(),
            label,
            selected: *l == lang,
        })
        .collect(),
        lang: lang.as_str(),
        constructs,
    };
    state
        .templates
        .page("bank/index", &Page::staff("Question bank", &user, body))
}
