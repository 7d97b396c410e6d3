//! Parsing one construct file into typed values; the rules themselves live in `rules.rs`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{
    languages, rules, BankError, Construct, Item, ItemTag, Localized, NumberBounds, Wording,
};
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

type RawOptions = BTreeMap<Language, Vec<String>>;

/// One group's wording in one language, as written (in a construct file or a language file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWording {
    prompt: String,
    options: Option<Vec<String>>,
    hint: Option<String>,
    na_label: Option<String>,
}

/// The "does not apply" label used when a wording does not give its own (empty when the
/// language files do not load, which the bank's load reports first).
pub(super) fn default_na_label(group: StakeholderGroup, language: Language) -> String {
    languages::all()
        .ok()
        .and_then(|files| files.get(&language))
        .map(|f| f.default_na_label(group).to_string())
        .unwrap_or_default()
}

/// Human name of a language for error messages ("has no Spanish wording for teacher").
pub(super) fn language_name(language: Language) -> &'static str {
    language.english_name()
}

/// Parses one construct file into a construct whose items are not yet checked (the
/// language files may still add their translations; see [`translate`] and [`check`]).
pub(super) fn parse_file(file: &str, text: &str) -> Result<(Construct, Vec<Item>), BankError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| BankError::Syntax {
        file: file.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    let c = raw.construct;
    let construct = Construct {
        key: c.key,
        name: c.name,
        description: c.description,
        per_product: c.per_product,
        position: c.position,
        items: Vec::new(),
    };
    let items = raw
        .items
        .into_iter()
        .map(|raw_item| build_item(file, &construct.key, raw_item))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((construct, items))
}

/// Adds each language file's translations of `construct` and its `items`.
pub(super) fn translate(
    file: &str,
    construct: &mut Construct,
    items: &mut [Item],
) -> Result<(), BankError> {
    for (language, texts) in languages::all()? {
        if let Some(c) = texts.constructs.get(&construct.key) {
            construct.name.insert(*language, c.name.clone());
            construct
                .description
                .insert(*language, c.description.clone());
        }
        for item in items.iter_mut() {
            let Some(t) = texts.items.get(&item.key) else {
                continue;
            };
            let err = |problem: String| BankError::Item {
                file: file.to_string(),
                item: item.key.clone(),
                problem,
            };
            item.label.insert(*language, t.label.clone());
            if let (Some(b), Some(unit)) = (item.bounds.as_mut(), &t.unit) {
                b.unit.insert(*language, unit.clone());
            }
            for (group_text, w) in &t.wording {
                let group: StakeholderGroup = group_text.parse().map_err(|e| {
                    err(format!(
                        "has a {} wording for an unknown group: {e}",
                        language.english_name()
                    ))
                })?;
                if !item.groups.contains(&group) {
                    return Err(err(format!(
                        "has a {} wording for {group}, which is not in its groups",
                        language.english_name()
                    )));
                }
                let wording = resolve(w, t.options.as_ref(), item.allows_na, group, *language)
                    .map_err(&err)?;
                item.wordings.insert((group, *language), wording);
            }
        }
    }
    Ok(())
}

/// Checks a construct and its items against every rule, with every language in `required`
/// worded for every group, and returns the construct holding them.
pub(super) fn check(
    file: &str,
    mut construct: Construct,
    items: Vec<Item>,
    required: &[Language],
) -> Result<Construct, BankError> {
    rules::check_construct(file, &construct, items.len(), required)?;
    for item in items {
        for group in &item.groups {
            for language in required {
                if item.wording(*group, *language).is_none() {
                    return Err(BankError::Item {
                        file: file.to_string(),
                        item: item.key.clone(),
                        problem: format!("has no {} wording for {group}", language_name(*language)),
                    });
                }
            }
        }
        rules::check_item(file, &construct, &item, required)?;
        construct.items.push(item);
    }
    Ok(construct)
}

/// One wording with shared options and the default "does not apply" label filled in.
fn resolve(
    w: &RawWording,
    shared: Option<&Vec<String>>,
    allows_na: bool,
    group: StakeholderGroup,
    language: Language,
) -> Result<Wording, String> {
    let options = match (&w.options, shared) {
        (Some(own), _) => own.clone(),
        (None, Some(shared)) => shared.clone(),
        (None, None) => Vec::new(),
    };
    let na_label = match (&w.na_label, allows_na) {
        (Some(_), false) => {
            return Err(format!(
                "gives a na_label for {group} ({language}) but does not set allows_na"
            ))
        }
        (Some(own), true) => Some(own.clone()),
        (None, true) => Some(default_na_label(group, language)),
        (None, false) => None,
    };
    Ok(Wording {
        prompt: w.prompt.clone(),
        options,
        hint: w.hint.clone(),
        na_label,
    })
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
            let wording = resolve(
                w,
                raw.options.as_ref().and_then(|o| o.get(&language)),
                raw.allows_na,
                group,
                language,
            )
            .map_err(&err)?;
            wordings.insert((group, language), wording);
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
