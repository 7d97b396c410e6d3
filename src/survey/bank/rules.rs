//! The bank's structural rules: per construct, per item kind, skip conditions, tags, and
//! across files.
//!
//! The wording style rules are in `style.rs`.

use std::collections::{BTreeMap, BTreeSet};

use super::load::language_name;
use super::{BankError, Construct, Item, ItemTag};
use crate::domain::{ItemKind, Language, SkipCondition, StakeholderGroup};

/// Most items a construct may have: keeps surveys short and constructs focused.
pub(super) const MAX_ITEMS_PER_CONSTRUCT: usize = 6;

fn construct_err(file: &str, construct: &Construct, problem: String) -> BankError {
    BankError::Construct {
        file: file.to_string(),
        construct: construct.key.clone(),
        problem,
    }
}

fn item_err(file: &str, item: &Item, problem: String) -> BankError {
    BankError::Item {
        file: file.to_string(),
        item: item.key.clone(),
        problem,
    }
}

/// Construct-level rules: key matches the file name, texts present, 1..=6 items.
pub(super) fn check_construct(
    file: &str,
    construct: &Construct,
    item_count: usize,
    required: &[Language],
) -> Result<(), BankError> {
    let key_ok = construct.key.starts_with(|c: char| c.is_ascii_lowercase())
        && construct
            .key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_');
    if !key_ok {
        return Err(construct_err(
            file,
            construct,
            "has a key that is not lowercase letters and '_'".into(),
        ));
    }
    if file.strip_suffix(".toml") != Some(construct.key.as_str()) {
        return Err(construct_err(
            file,
            construct,
            format!("must live in a file named {}.toml", construct.key),
        ));
    }
    for (what, text) in [
        ("name", &construct.name),
        ("description", &construct.description),
    ] {
        for language in required {
            if text.get(*language).trim().is_empty() {
                return Err(construct_err(
                    file,
                    construct,
                    format!("has an empty {} {what}", language_name(*language)),
                ));
            }
        }
    }
    if item_count == 0 || item_count > MAX_ITEMS_PER_CONSTRUCT {
        return Err(construct_err(
            file,
            construct,
            format!("has {item_count} items; a construct has 1 to {MAX_ITEMS_PER_CONSTRUCT}"),
        ));
    }
    Ok(())
}

/// Every rule about one item; `construct.items` holds the items before it.
/// `required` are the languages the item must be worded in (every language for the shipped
/// bank, the district's enabled languages for its own items).
pub(super) fn check_item(
    file: &str,
    construct: &Construct,
    item: &Item,
    required: &[Language],
) -> Result<(), BankError> {
    let err = |problem: String| item_err(file, item, problem);
    if !SkipCondition::is_valid_item_key(&item.key) {
        return Err(err(
            "has a key that is not lowercase letters, digits, '_' and '.'".into(),
        ));
    }
    if construct.items.iter().any(|i| i.key == item.key) {
        return Err(err("appears twice in the file".into()));
    }
    if item.groups.is_empty() {
        return Err(err("is asked of no group".into()));
    }
    for language in required {
        if item.label.get(*language).trim().is_empty() {
            return Err(err(format!(
                "has an empty {} label",
                language_name(*language)
            )));
        }
    }
    check_kind(item, required).map_err(&err)?;
    if let Some(tag) = item.tag {
        if !tag.allowed_kinds().contains(&item.kind) {
            return Err(err(format!(
                "is a {} item, but tag {tag} goes on {} items",
                item.kind,
                kinds_text(tag.allowed_kinds())
            )));
        }
        if tag == ItemTag::ProductUse && construct.per_product {
            return Err(err(
                "is the routing item (product_use) but its construct is per product".into(),
            ));
        }
    }
    if item.kind == ItemKind::FeatureMatrix && !construct.per_product {
        return Err(err(
            "is a feature matrix, which needs a per-product construct".into(),
        ));
    }
    for group in &item.groups {
        super::style::check_wording_pair(construct, item, *group).map_err(&err)?;
        for language in required {
            super::style::check_translation(item, *group, *language).map_err(&err)?;
        }
    }
    check_condition(&construct.items, item).map_err(&err)?;
    Ok(())
}

fn kinds_text(kinds: &[ItemKind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Option counts per kind (equal across every wording), face and "does not apply" rules.
fn check_kind(item: &Item, required: &[Language]) -> Result<(), String> {
    let kind = crate::survey::kinds::of(item.kind);
    let labels = kind.option_labels(item.tag == Some(ItemTag::ProductUse));
    let mut counts = BTreeSet::new();
    for ((group, language), w) in &item.wordings {
        let n = w.options.len();
        counts.insert(n);
        if !labels.accepts(n) {
            return Err(format!(
                "is a {} item with {n} options for {group} in {}; it needs {}",
                item.kind,
                language_name(*language),
                labels.need()
            ));
        }
        let mut distinct = BTreeSet::new();
        for o in &w.options {
            if o.trim().is_empty() || o.trim() != o {
                return Err(format!(
                    "has an empty or untrimmed option for {group} in {}",
                    language_name(*language)
                ));
            }
            if !distinct.insert(o.as_str()) {
                return Err(format!(
                    "repeats option \"{o}\" for {group} in {}",
                    language_name(*language)
                ));
            }
        }
    }
    if counts.len() > 1 {
        return Err(format!(
            "has different option counts across groups or languages ({counts:?}); option values must mean the same everywhere"
        ));
    }
    if item.face && !kind.faces() {
        let with_faces: Vec<ItemKind> = ItemKind::ALL
            .iter()
            .copied()
            .filter(|k| crate::survey::kinds::of(*k).faces())
            .collect();
        return Err(format!(
            "sets face, but faces only go on {} items",
            kinds_text(&with_faces)
        ));
    }
    if kind.faces() && item.asked_of(StakeholderGroup::YoungStudent) && !item.face {
        return Err("is a scale asked of young students but does not set face = true".into());
    }
    if item.allows_na && !kind.one_number() {
        return Err(format!(
            "sets allows_na, which a {} item cannot offer",
            item.kind
        ));
    }
    if let Some(b) = &item.bounds {
        if b.min >= b.max {
            return Err(format!("has min {} not below max {}", b.min, b.max));
        }
        if required.iter().any(|l| b.unit.get(*l).trim().is_empty()) {
            return Err("has an empty unit".into());
        }
    }
    Ok(())
}

/// A skip condition refers to an earlier item of the same construct that has a numeric
/// answer, asked of every group the dependent item is asked of, with values it can take.
fn check_condition(earlier: &[Item], item: &Item) -> Result<(), String> {
    let Some(cond) = &item.show_if else {
        return Ok(());
    };
    let Some(source) = earlier.iter().find(|i| i.key == cond.item_key) else {
        return Err(format!(
            "has a skip condition on \"{}\", which is not an earlier item of the same construct",
            cond.item_key
        ));
    };
    if !crate::survey::kinds::of(source.kind).one_number() {
        return Err(format!(
            "has a skip condition on \"{}\", a {} item; conditions need one numeric answer (scale5, recommend, single_choice, number)",
            source.key, source.kind
        ));
    }
    if let Some(g) = item.groups.iter().find(|g| !source.asked_of(**g)) {
        return Err(format!(
            "is asked of {g}, who never see \"{}\" that its skip condition depends on",
            source.key
        ));
    }
    let Some(range) = source.answer_range() else {
        return Err(format!(
            "has a skip condition on \"{}\", which has no answer range",
            source.key
        ));
    };
    if let Some(v) = cond.values.iter().find(|v| !range.contains(v)) {
        return Err(format!(
            "has a skip condition value {v} outside the answers of \"{}\" ({}..={})",
            source.key,
            range.start(),
            range.end()
        ));
    }
    Ok(())
}

/// Rules across files: unique construct keys and positions, unique item keys, unique tags,
/// exactly one routing item.
pub(super) fn check_bank(constructs: &[Construct]) -> Result<(), BankError> {
    let bank = |problem: String| BankError::Bank { problem };
    let mut construct_keys = BTreeSet::new();
    let mut positions = BTreeMap::new();
    let mut item_keys = BTreeMap::new();
    let mut tags: BTreeMap<ItemTag, Vec<&str>> = BTreeMap::new();
    for c in constructs {
        if !construct_keys.insert(c.key.as_str()) {
            return Err(bank(format!("construct \"{}\" is defined twice", c.key)));
        }
        if let Some(other) = positions.insert(c.position, c.key.as_str()) {
            return Err(bank(format!(
                "constructs \"{other}\" and \"{}\" share position {}",
                c.key, c.position
            )));
        }
        for i in &c.items {
            if i.key.starts_with(super::OWN_KEY_PREFIX) {
                return Err(bank(format!(
                    "item key \"{}\" starts with \"{}\", which is kept for districts' own items",
                    i.key,
                    super::OWN_KEY_PREFIX
                )));
            }
            if let Some(other) = item_keys.insert(i.key.as_str(), c.key.as_str()) {
                return Err(bank(format!(
                    "item key \"{}\" is used in both {other}.toml and {}.toml",
                    i.key, c.key
                )));
            }
            if let Some(tag) = i.tag {
                tags.entry(tag).or_default().push(i.key.as_str());
            }
        }
    }
    for (tag, keys) in &tags {
        if tag.is_unique() && keys.len() > 1 {
            return Err(bank(format!(
                "tag {tag} must be on one item but is on {}",
                keys.join(", ")
            )));
        }
    }
    if !tags.contains_key(&ItemTag::ProductUse) {
        return Err(bank(
            "no item carries tag product_use (the routing question \"Which of these do you use?\")"
                .into(),
        ));
    }
    Ok(())
}
