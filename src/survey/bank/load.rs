//! Parsing one construct file into typed values; the rules themselves live in `rules.rs`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{rules, BankError, Construct, Item, ItemTag, Localized, NumberBounds, Wording};
use crate::domain::{ItemKind, Language, SkipCondition, StakeholderGroup};

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    construct: RawConstruct,
    #[serde(default)]
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstruct {
    key: String,
    name: Localized,
    description: Localized,
    per_product: bool,
    position: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: String,
    kind: ItemKind,
    label: Localized,
    groups: Vec<StakeholderGroup>,
    #[serde(default)]
    allows_na: bool,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    face: bool,
    tag: Option<String>,
    show_if: Option<SkipCondition>,
    min: Option<i64>,
    max: Option<i64>,
    unit: Option<Localized>,
    /// Options shared by every group, per language; a wording's own `options` wins.
    options: Option<RawOptions>,
    #[serde(default)]
    wording: BTreeMap<String, BTreeMap<String, RawWording>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptions {
    en: Vec<String>,
    es: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWording {
    prompt: String,
    options: Option<Vec<String>>,
    hint: Option<String>,
    na_label: Option<String>,
}

/// The "does not apply" label used when a wording does not give its own.
pub(super) fn default_na_label(group: StakeholderGroup, language: Language) -> &'static str {
    match (group, language) {
        (StakeholderGroup::YoungStudent, Language::English) => "I don't do this",
        (StakeholderGroup::YoungStudent, Language::Spanish) => "No hago esto",
        (_, Language::English) => "Does not apply",
        (_, Language::Spanish) => "No aplica",
    }
}

/// Human name of a language for error messages ("has no Spanish wording for teacher").
pub(super) fn language_name(language: Language) -> &'static str {
    match language {
        Language::English => "English",
        Language::Spanish => "Spanish",
    }
}

/// Parses and validates one construct file.
pub(super) fn parse_file(file: &str, text: &str) -> Result<Construct, BankError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| BankError::Syntax {
        file: file.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    let c = raw.construct;
    let mut construct = Construct {
        key: c.key,
        name: c.name,
        description: c.description,
        per_product: c.per_product,
        position: c.position,
        items: Vec::new(),
    };
    rules::check_construct(file, &construct, raw.items.len())?;
    for raw_item in raw.items {
        let item = build_item(file, &construct.key, raw_item)?;
        rules::check_item(file, &construct, &item)?;
        construct.items.push(item);
    }
    Ok(construct)
}

/// Turns a raw item into a typed one: tag, bounds, and one resolved wording per
/// (group, language), with shared options and default "does not apply" labels filled in.
fn build_item(file: &str, construct: &str, raw: RawItem) -> Result<Item, BankError> {
    let err = |problem: String| BankError::Item {
        file: file.to_string(),
        item: raw.key.clone(),
        problem,
    };
    let tag = raw
        .tag
        .as_deref()
        .map(str::parse::<ItemTag>)
        .transpose()
        .map_err(|e| err(format!("has a bad tag: {e}")))?;

    let bounds = match (raw.kind, raw.min, raw.max, &raw.unit) {
        (ItemKind::Number, Some(min), Some(max), Some(unit)) => Some(NumberBounds {
            min,
            max,
            unit: unit.clone(),
        }),
        (ItemKind::Number, ..) => {
            return Err(err("is a number item but lacks min, max or unit".into()))
        }
        (_, None, None, None) => None,
        _ => {
            return Err(err(format!(
                "is a {} item; only number items take min, max and unit",
                raw.kind
            )))
        }
    };

    let mut seen = Vec::new();
    for g in &raw.groups {
        if seen.contains(g) {
            return Err(err(format!("lists group {g} twice")));
        }
        seen.push(*g);
    }

    let mut wordings = BTreeMap::new();
    for (group_text, by_language) in &raw.wording {
        let group: StakeholderGroup = group_text
            .parse()
            .map_err(|e| err(format!("has a wording for an unknown group: {e}")))?;
        if !raw.groups.contains(&group) {
            return Err(err(format!(
                "has a wording for {group}, which is not in its groups"
            )));
        }
        for (language_text, w) in by_language {
            let language: Language = language_text.parse().map_err(|e| {
                err(format!(
                    "has a wording for {group} in an unknown language: {e}"
                ))
            })?;
            let options = match (&w.options, &raw.options) {
                (Some(own), _) => own.clone(),
                (None, Some(shared)) => match language {
                    Language::English => shared.en.clone(),
                    Language::Spanish => shared.es.clone(),
                },
                (None, None) => Vec::new(),
            };
            let na_label = match (&w.na_label, raw.allows_na) {
                (Some(_), false) => {
                    return Err(err(format!(
                        "gives a na_label for {group} ({language}) but does not set allows_na"
                    )))
                }
                (Some(own), true) => Some(own.clone()),
                (None, true) => Some(default_na_label(group, language).to_string()),
                (None, false) => None,
            };
            wordings.insert(
                (group, language),
                Wording {
                    prompt: w.prompt.clone(),
                    options,
                    hint: w.hint.clone(),
                    na_label,
                },
            );
        }
    }
    for group in &raw.groups {
        for language in Language::ALL {
            if !wordings.contains_key(&(*group, *language)) {
                return Err(err(format!(
                    "has no {} wording for {group}",
                    language_name(*language)
                )));
            }
        }
    }

    Ok(Item {
        key: raw.key,
        construct: construct.to_string(),
        kind: raw.kind,
        label: raw.label,
        groups: raw.groups,
        allows_na: raw.allows_na,
        required: raw.required,
        face: raw.face,
        tag,
        show_if: raw.show_if,
        bounds,
        wordings,
    })
}
