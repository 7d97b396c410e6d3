//! Items a district writes itself: the add/edit form as typed, and its parse into an
//! [`AuthoredItem`] that passed every rule the shipped bank passes (`rules.rs`, `style.rs`),
//! so a district's question is worded for every group it claims in every language, with
//! every scale point labelled and a question where the shipped rules want one.
//!
//! What a district item cannot have, on purpose: a skip condition, a tag (reports and the
//! verdict find tagged items by meaning, and most tags are unique), a hint, its own
//! "does not apply" label, and the kinds whose options are not typed text (0–10 recommend,
//! feature matrix). Its short label is its first group's prompt.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{rules, BankError, Construct, Item, Localized, NumberBounds, QuestionBank, Wording};
use crate::domain::FieldError;
use crate::domain::{ItemKind, Language, StakeholderGroup};
use crate::survey::kinds;

/// Every district item's key starts with this; no shipped key may (checked at load), so the
/// two never collide.
pub const OWN_KEY_PREFIX: &str = "own.";

/// Longest prompt, option label or unit a district may type.
const MAX_TEXT: usize = 300;

/// The add/edit form as typed. Prompts and per-group options arrive under generated names
/// (`prompt_teacher_en`, `options_teacher_es`), so it is read from the posted pairs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ItemForm {
    /// Construct key.
    pub construct: String,
    /// `ItemKind` text.
    pub kind: String,
    /// Stakeholder group codes.
    pub groups: Vec<String>,
    /// Whether "does not apply" is offered.
    pub allows_na: bool,
    /// Lower bound of a number item.
    pub min: String,
    /// Upper bound of a number item.
    pub max: String,
    /// Units of a number item, per language code (field `unit_{code}`).
    pub units: BTreeMap<String, String>,
    /// Option labels shared by every group, one per line, per language code.
    pub options: BTreeMap<String, String>,
    /// `prompt_{group}_{lang}` and `options_{group}_{lang}` texts.
    pub wordings: BTreeMap<String, String>,
}

/// The field name of a group's prompt or own options in one language.
pub fn wording_field(what: &str, group: StakeholderGroup, language: Language) -> String {
    format!("{what}_{}_{}", group.as_str(), language.as_str())
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl ItemForm {
    /// Reads the posted (name, value) pairs; unknown names are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> ItemForm {
        let mut form = ItemForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "construct" => form.construct.clone_from(value),
                "kind" => form.kind.clone_from(value),
                "groups" => form.groups.push(value.clone()),
                "allows_na" => form.allows_na = true,
                "min" => form.min.clone_from(value),
                "max" => form.max.clone_from(value),
                other => {
                    if let Some(lang) = other.strip_prefix("unit_") {
                        if Language::ALL.iter().any(|l| l.as_str() == lang) {
                            form.units.insert(lang.to_string(), value.clone());
                            continue;
                        }
                    }
                    if let Some(lang) = other.strip_prefix("options_") {
                        if Language::ALL.iter().any(|l| l.as_str() == lang) {
                            form.options.insert(lang.to_string(), value.clone());
                            continue;
                        }
                    }
                    if other.starts_with("prompt_") || other.starts_with("options_") {
                        form.wordings.insert(other.to_string(), value.clone());
                    }
                }
            }
        }
        form
    }

    /// The form filled from a stored item, for editing it.
    pub fn of_item(item: &Item) -> ItemForm {
        let mut form = ItemForm {
            construct: item.construct.clone(),
            kind: item.kind.as_str().to_string(),
            groups: item.groups.iter().map(|g| g.as_str().to_string()).collect(),
            allows_na: item.allows_na,
            ..ItemForm::default()
        };
        if let Some(b) = &item.bounds {
            form.min = b.min.to_string();
            form.max = b.max.to_string();
            for language in Language::ALL {
                let unit = b.unit.get(*language);
                if !unit.is_empty() {
                    form.units
                        .insert(language.as_str().to_string(), unit.to_string());
                }
            }
        }
        for ((group, language), w) in &item.wordings {
            form.wordings
                .insert(wording_field("prompt", *group, *language), w.prompt.clone());
            form.wordings.insert(
                wording_field("options", *group, *language),
                w.options.join("\n"),
            );
        }
        form
    }

    /// The typed text of a generated field ("" when absent).
    pub fn wording_text(&self, what: &str, group: StakeholderGroup, language: Language) -> &str {
        self.wordings
            .get(&wording_field(what, group, language))
            .map_or("", String::as_str)
    }

    /// Parses the form against the shipped bank's constructs, worded in `languages` (the
    /// district's enabled ones): every problem as a field error, or an item that passes the
    /// shipped bank's rules (keyed `own.new` until stored).
    pub fn parse(
        &self,
        bank: &QuestionBank,
        languages: &[Language],
    ) -> Result<AuthoredItem, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut add = |field: &str, message: String| {
            errors.push(FieldError {
                field: field.to_string(),
                message,
            })
        };
        let construct = bank
            .construct(self.construct.trim())
            .filter(|c| c.key != "routing");
        if construct.is_none() {
            add(
                "construct",
                "Choose the question set this question belongs to.".into(),
            );
        }
        let kind = self
            .kind
            .parse::<ItemKind>()
            .ok()
            .filter(|k| kinds::of(*k).authoring().is_some());
        if kind.is_none() {
            add(
                "kind",
                "Choose what kind of answer the question takes.".into(),
            );
        }
        let groups: Vec<StakeholderGroup> = StakeholderGroup::ALL
            .iter()
            .copied()
            .filter(|g| self.groups.iter().any(|v| v == g.as_str()))
            .collect();
        if groups.is_empty()
            || self
                .groups
                .iter()
                .any(|v| v.parse::<StakeholderGroup>().is_err())
        {
            add("groups", "Choose at least one group from the list.".into());
        }
        let takes_na = matches!(
            kind,
            Some(ItemKind::Scale5 | ItemKind::SingleChoice | ItemKind::Number)
        );
        if self.allows_na && kind.is_some() && !takes_na {
            add(
                "allows_na",
                "Only scales, single choices and numbers can offer “does not apply”.".into(),
            );
        }
        let bounds = match kind {
            Some(ItemKind::Number) => self.bounds(&mut add, languages),
            _ => None,
        };
        let needs_options = matches!(
            kind,
            Some(ItemKind::Scale5 | ItemKind::SingleChoice | ItemKind::MultiChoice)
        );
        let mut wordings = BTreeMap::new();
        for group in &groups {
            for language in languages {
                let prompt_field = wording_field("prompt", *group, *language);
                let prompt = self.wording_text("prompt", *group, *language).trim();
                if prompt.is_empty() {
                    add(
                        &prompt_field,
                        format!(
                            "Write the question for {} in {}.",
                            group.label(),
                            language_name(*language)
                        ),
                    );
                } else if let Some(problem) = text_problem(prompt) {
                    add(&prompt_field, format!("The question {problem}"));
                }
                let own = lines(self.wording_text("options", *group, *language));
                let options = if !needs_options || !own.is_empty() {
                    own
                } else {
                    lines(
                        self.options
                            .get(language.as_str())
                            .map_or("", String::as_str),
                    )
                };
                if let Some(problem) = options.iter().find_map(|o| text_problem(o)) {
                    add(
                        &wording_field("options", *group, *language),
                        format!("An answer label {problem}"),
                    );
                }
                wordings.insert(
                    (*group, *language),
                    Wording {
                        prompt: prompt.to_string(),
                        options,
                        hint: None,
                        na_label: self
                            .allows_na
                            .then(|| super::load::default_na_label(*group, *language)),
                    },
                );
            }
        }
        let (Some(construct), Some(kind), false) = (construct, kind, !errors.is_empty()) else {
            return Err(errors);
        };
        let item = Item {
            key: format!("{OWN_KEY_PREFIX}new"),
            construct: construct.key.clone(),
            kind,
            label: label_of(&groups, &wordings),
            face: kind == ItemKind::Scale5 && groups.contains(&StakeholderGroup::YoungStudent),
            groups,
            allows_na: self.allows_na,
            required: false,
            tag: None,
            show_if: None,
            bounds,
            wordings,
        };
        check(construct, &item, languages).map(|()| AuthoredItem { item })
    }

    /// Bounds and unit of a number item, or `None` with the problems added.
    fn bounds(
        &self,
        add: &mut impl FnMut(&str, String),
        languages: &[Language],
    ) -> Option<NumberBounds> {
        let number = |raw: &str| raw.trim().parse::<i64>().ok();
        let (min, max) = (number(&self.min), number(&self.max));
        if min.is_none() {
            add(
                "min",
                "The smallest answer is a whole number, e.g. 0.".into(),
            );
        }
        if max.is_none() {
            add(
                "max",
                "The largest answer is a whole number, e.g. 100.".into(),
            );
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo >= hi {
                add(
                    "max",
                    "The largest answer must be above the smallest.".into(),
                );
            }
        }
        let mut unit = Localized::default();
        for language in languages {
            let field = format!("unit_{}", language.as_str());
            let text = self.units.get(language.as_str()).map_or("", |t| t.trim());
            if text.is_empty() {
                add(
                    &field,
                    format!(
                        "Write the unit in {}, e.g. “minutes”.",
                        language_name(*language)
                    ),
                );
            } else if let Some(problem) = text_problem(text) {
                add(&field, format!("The unit {problem}"));
            }
            unit.insert(*language, text.to_string());
        }
        match (min, max) {
            (Some(min), Some(max)) if min < max => Some(NumberBounds { min, max, unit }),
            _ => None,
        }
    }
}

/// Why a typed text cannot be a prompt, label or unit (too long, several lines).
fn text_problem(text: &str) -> Option<String> {
    if text.chars().count() > MAX_TEXT {
        return Some(format!("is at most {MAX_TEXT} characters."));
    }
    text.chars()
        .any(char::is_control)
        .then(|| "must be on one line.".to_string())
}

fn language_name(language: Language) -> &'static str {
    super::load::language_name(language)
}

/// The item's short label: the first group's prompt, placeholders shown as in the bank page.
fn label_of(
    groups: &[StakeholderGroup],
    wordings: &BTreeMap<(StakeholderGroup, Language), Wording>,
) -> Localized {
    let first = groups.first();
    wordings
        .iter()
        .filter(|((g, _), _)| Some(g) == first)
        .map(|((_, language), w)| {
            (
                *language,
                super::fill_placeholders(&w.prompt, "[product]", "[vendor]"),
            )
        })
        .collect()
}

/// The shipped bank's rules, as field errors: style rules per group (on the group's first
/// prompt field), then every item rule.
fn check(
    construct: &Construct,
    item: &Item,
    languages: &[Language],
) -> Result<(), Vec<FieldError>> {
    let shell = Construct {
        items: Vec::new(),
        ..construct.clone()
    };
    let message = |problem: String| format!("This question {problem}.");
    let mut errors = Vec::new();
    for group in &item.groups {
        if let Err(problem) = super::style::check_wording_pair(&shell, item, *group) {
            errors.push(FieldError {
                field: wording_field("prompt", *group, Language::English),
                message: message(problem),
            });
        }
    }
    if errors.is_empty() {
        if let Err(BankError::Item { problem, .. }) = rules::check_item("", &shell, item, languages)
        {
            errors.push(FieldError {
                field: "kind".into(),
                message: message(problem),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A district's question that passed every rule; it gets its key when stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthoredItem {
    item: Item,
}

impl AuthoredItem {
    /// The item, keyed `own.new` until stored.
    pub fn item(&self) -> &Item {
        &self.item
    }

    /// The item under its stored key.
    pub fn keyed(&self, key: &str) -> Item {
        Item {
            key: key.to_string(),
            ..self.item.clone()
        }
    }
}

/// One stored wording of a district item: (group, language, prompt, options, unit).
pub type StoredWording = (StakeholderGroup, Language, String, Vec<String>, String);

impl Item {
    /// A district item as stored (written through [`ItemForm::parse`], so already valid).
    pub fn stored(
        key: String,
        construct: &Construct,
        kind: ItemKind,
        groups: Vec<StakeholderGroup>,
        allows_na: bool,
        bounds: Option<(i64, i64)>,
        stored: Vec<StoredWording>,
    ) -> Item {
        let mut unit = Localized::default();
        let mut wordings = BTreeMap::new();
        for (group, language, prompt, options, unit_text) in stored {
            unit.insert(language, unit_text);
            let na_label = allows_na.then(|| super::load::default_na_label(group, language));
            wordings.insert(
                (group, language),
                Wording {
                    prompt,
                    options,
                    hint: None,
                    na_label,
                },
            );
        }
        Item {
            key,
            construct: construct.key.clone(),
            kind,
            label: label_of(&groups, &wordings),
            face: kind == ItemKind::Scale5 && groups.contains(&StakeholderGroup::YoungStudent),
            groups,
            allows_na,
            required: false,
            tag: None,
            show_if: None,
            bounds: bounds.map(|(min, max)| NumberBounds { min, max, unit }),
            wordings,
        }
    }

    /// Whether the district wrote this item (its key has the district prefix).
    pub fn is_own(&self) -> bool {
        self.key.starts_with(OWN_KEY_PREFIX)
    }
}

#[cfg(test)]
#[path = "authored_tests.rs"]
mod tests;
