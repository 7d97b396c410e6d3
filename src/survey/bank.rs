//! The question bank: Chorus's own survey items, grouped into constructs.
//!
//! Each construct lives in one TOML file under `src/survey/bank/` (see the header comment of
//! any of them for the schema). The files are embedded in the binary with `include_str!`, so
//! nothing is read from disk at run time, and [`QuestionBank::embedded`] parses and validates
//! them all: a missing translation, a scale without five labels, a skip condition pointing at
//! a later item or a statement where a question belongs fails the bank's tests, not a
//! respondent's page. Past the loader everything is typed ([`ItemKind`], [`StakeholderGroup`],
//! [`Language`], [`SkipCondition`], [`ItemTag`]).
//!
//! # File schema
//! ```toml
//! [construct]
//! key = "ease_of_use"                  # = file name without .toml
//! name = { en = "…", es = "…" }        # shown to coordinators and in reports
//! description = { en = "…", es = "…" } # shown to analysts
//! per_product = true                   # repeated in each product block (false: once per survey)
//! position = 20                        # survey order, unique across the bank
//!
//! [[items]]                            # 1..=6 per construct, in survey order
//! key = "ease.everyday_tasks"          # globally unique, stable: reports and exports use it
//! kind = "scale5"                      # an ItemKind
//! label = { en = "…", es = "…" }       # short label for report tables and export headers
//! groups = ["young_student", "teacher"] # StakeholderGroups asked; each needs en + es wording
//! allows_na = true                     # offer "does not apply" (scale5, recommend, single_choice, number)
//! required = false
//! face = true                          # faces for young students; required on their scale5 items
//! tag = "confidence"                   # optional ItemTag
//! show_if = { item = "support.contacted", op = "equals", value = 1 } # or op = "one_of", values = [..]
//! min = 0                              # number items only: min, max, unit
//! max = 3000
//! unit = { en = "minutes", es = "minutos" }
//! options.en = ["…"]                   # options shared by every group, per language
//! options.es = ["…"]
//!
//! [items.wording.teacher.en]           # one table per (group, language)
//! prompt = "How easy is it to … {product}?"
//! options = ["…"]                      # optional: overrides the shared options for this group
//! hint = "…"                           # optional help line; if given, in both languages
//! na_label = "…"                       # optional; default "Does not apply" / "No aplica"
//!                                      # ("I don't do this" / "No hago esto" for young students)
//! ```
//! Option counts per kind: scale5 5 (least favourable first), recommend 2 (the 0 and 10
//! anchors), single/multi choice ≥ 2 (the routing item: none, filled at assembly),
//! feature_matrix 4 (use / know / unaware / wants training), number and text none; the
//! count is the same for every group and language so values mean the same everywhere.
//! The style rules the validator enforces are listed in `bank/rules.rs`.

mod authored;
mod district;
mod languages;
mod load;
#[cfg(test)]
mod rule_tests;
mod rules;
mod style;
mod tag;
#[cfg(test)]
mod tests;

pub use authored::{wording_field, AuthoredItem, ItemForm, StoredWording, OWN_KEY_PREFIX};
pub use languages::{draft_languages, TranslationStatus};
pub use tag::ItemTag;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::domain::translations::ORIGINAL;
use crate::domain::{ItemKind, Language, SkipCondition, StakeholderGroup};

/// The embedded construct files, as (file name, TOML text), in no particular order.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("routing.toml", include_str!("bank/routing.toml")),
    ("usage.toml", include_str!("bank/usage.toml")),
    ("ease_of_use.toml", include_str!("bank/ease_of_use.toml")),
    ("reliability.toml", include_str!("bank/reliability.toml")),
    (
        "confidence_training.toml",
        include_str!("bank/confidence_training.toml"),
    ),
    ("feature_use.toml", include_str!("bank/feature_use.toml")),
    ("impact.toml", include_str!("bank/impact.toml")),
    (
        "family_communication.toml",
        include_str!("bank/family_communication.toml"),
    ),
    (
        "vendor_support.toml",
        include_str!("bank/vendor_support.toml"),
    ),
    ("recommend.toml", include_str!("bank/recommend.toml")),
    ("comments.toml", include_str!("bank/comments.toml")),
];

/// Why the question bank could not be loaded; every message names the file and, where there
/// is one, the item, so a content mistake is found from the test output alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BankError {
    /// The file is not valid TOML or does not have the bank's shape.
    #[error("{file}: {message}")]
    Syntax {
        /// File name, e.g. `feature_use.toml`.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The `[construct]` table breaks a rule.
    #[error("{file}: construct \"{construct}\" {problem}")]
    Construct {
        /// File name.
        file: String,
        /// The construct's key as written.
        construct: String,
        /// What is wrong, as the end of a sentence.
        problem: String,
    },
    /// An item breaks a rule.
    #[error("{file}: item \"{item}\" {problem}")]
    Item {
        /// File name.
        file: String,
        /// The item's key as written.
        item: String,
        /// What is wrong, as the end of a sentence (e.g. `has no Spanish wording for teacher`).
        problem: String,
    },
    /// A rule across files is broken (duplicate keys, tags that must be unique).
    #[error("question bank: {problem}")]
    Bank {
        /// What is wrong.
        problem: String,
    },
}

/// A text keyed by language (construct names and descriptions, item labels, units); the bank
/// checks at load that every language of the registry has one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Localized(BTreeMap<Language, String>);

impl Localized {
    /// The text in `language` ("" when it has none, which a loaded bank rules out).
    pub fn get(&self, language: Language) -> &str {
        self.0.get(&language).map_or("", String::as_str)
    }

    /// The text in the original language, as staff pages show it.
    pub fn original(&self) -> &str {
        self.get(ORIGINAL)
    }

    /// Sets the text in `language`.
    pub fn insert(&mut self, language: Language, text: String) {
        self.0.insert(language, text);
    }

    /// The languages that have a non-blank text.
    pub fn languages(&self) -> impl Iterator<Item = Language> + '_ {
        self.0
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(l, _)| *l)
    }
}

impl FromIterator<(Language, String)> for Localized {
    fn from_iter<I: IntoIterator<Item = (Language, String)>>(iter: I) -> Self {
        Localized(iter.into_iter().collect())
    }
}

/// Bounds and unit of a number item (e.g. 0..=3000 minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberBounds {
    /// Smallest accepted answer.
    pub min: i64,
    /// Largest accepted answer (always greater than `min`).
    pub max: i64,
    /// Unit shown after the input box.
    pub unit: Localized,
}

/// What one stakeholder group reads for an item in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The question (or, for feature matrices and comments, the instruction); may contain
    /// `{product}` and `{vendor}`, filled in by [`fill_placeholders`].
    pub prompt: String,
    /// Option labels in value order (value 1 first; for scales least favourable first;
    /// for recommend the 0 and 10 anchors; for feature matrices use / know / unaware /
    /// wants training; empty for number, text and the routing item).
    pub options: Vec<String>,
    /// Optional help line shown under the prompt (e.g. "Please don't write anyone's name.").
    pub hint: Option<String>,
    /// Label of the "does not apply" choice; `Some` exactly when the item allows it.
    pub na_label: Option<String>,
}

/// One question, worded for each group that is asked it, in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Globally unique, stable key (`ease.everyday_tasks`); reports and exports use it.
    pub key: String,
    /// Key of the construct the item belongs to.
    pub construct: String,
    /// Shape of the answer.
    pub kind: ItemKind,
    /// Short label for report tables and export headers.
    pub label: Localized,
    /// The groups the item is asked of, in file order.
    pub groups: Vec<StakeholderGroup>,
    /// Whether a "does not apply" choice is offered (excluded from statistics).
    pub allows_na: bool,
    /// Whether the respondent must answer before moving on.
    pub required: bool,
    /// Whether young students see faces beside the labels (scale items asked of young students).
    pub face: bool,
    /// Semantic role, if any.
    pub tag: Option<ItemTag>,
    /// Show only when an earlier item's answer meets this condition.
    pub show_if: Option<SkipCondition>,
    /// Bounds and unit, for number items only.
    pub bounds: Option<NumberBounds>,
    wordings: BTreeMap<(StakeholderGroup, Language), Wording>,
}

impl Item {
    /// The wording `group` reads in `language`, or `None` when the item is not asked of them.
    pub fn wording(&self, group: StakeholderGroup, language: Language) -> Option<&Wording> {
        self.wordings.get(&(group, language))
    }

    /// Whether the item is asked of `group`.
    pub fn asked_of(&self, group: StakeholderGroup) -> bool {
        self.groups.contains(&group)
    }

    /// Whether `group` sees the face scale for this item (young students on scale items).
    pub fn shows_faces(&self, group: StakeholderGroup) -> bool {
        self.face && group == StakeholderGroup::YoungStudent
    }

    /// The numeric answers the item accepts, for answer validation and skip conditions:
    /// 1..=5 for scales, 0..=10 for recommend, 1..=option count for choices, the bounds for
    /// numbers; `None` for text, the feature matrix (one answer per feature, 1..=3 plus the
    /// training flag) and the routing item (options filled at assembly).
    pub fn answer_range(&self) -> Option<RangeInclusive<i64>> {
        crate::survey::kinds::of(self.kind).accepted_values(
            self.option_count(),
            self.bounds.as_ref().map(|b| (b.min, b.max)),
        )
    }

    /// Number of options (the same for every group and language, checked at load).
    pub fn option_count(&self) -> usize {
        self.wordings.values().next().map_or(0, |w| w.options.len())
    }
}

/// A group of items measuring one thing (ease of use, vendor support, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Construct {
    /// Stable key (`ease_of_use`), the file's name without `.toml`.
    pub key: String,
    /// Name shown to coordinators and in reports.
    pub name: Localized,
    /// What the construct measures, for analysts.
    pub description: Localized,
    /// Whether the construct repeats in each product block (false: asked once per survey).
    pub per_product: bool,
    /// Order in a survey (smaller first).
    pub position: u32,
    /// Items in file order.
    pub items: Vec<Item>,
}

impl Construct {
    /// The items asked of `group`, in order.
    pub fn items_for(&self, group: StakeholderGroup) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.asked_of(group))
    }
}

/// Every construct and item Chorus can put in a survey, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionBank {
    constructs: Vec<Construct>,
}

impl QuestionBank {
    /// Loads and validates the bank embedded in the binary.
    pub fn embedded() -> Result<QuestionBank, BankError> {
        Self::from_sources(EMBEDDED_FILES, Language::ALL)
    }

    /// Loads and validates a bank from (file name, TOML text) pairs, with the language files'
    /// translations added and every language of `required` worded for every group; used by
    /// [`QuestionBank::embedded`] (every language) and by tests that break a copy of a file.
    pub fn from_sources(
        files: &[(&str, &str)],
        required: &[Language],
    ) -> Result<QuestionBank, BankError> {
        let mut constructs = files
            .iter()
            .map(|(name, text)| {
                let (mut construct, mut items) = load::parse_file(name, text)?;
                load::translate(name, &mut construct, &mut items)?;
                load::check(name, construct, items, required)
            })
            .collect::<Result<Vec<_>, _>>()?;
        constructs.sort_by_key(|c| c.position);
        rules::check_bank(&constructs)?;
        Ok(QuestionBank { constructs })
    }

    /// Constructs in survey order.
    pub fn constructs(&self) -> &[Construct] {
        &self.constructs
    }

    /// The construct with `key`.
    pub fn construct(&self, key: &str) -> Option<&Construct> {
        self.constructs.iter().find(|c| c.key == key)
    }

    /// The items of construct `key`, in order.
    pub fn items_of(&self, construct_key: &str) -> Option<&[Item]> {
        self.construct(construct_key).map(|c| c.items.as_slice())
    }

    /// Every item, in survey order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.constructs.iter().flat_map(|c| c.items.iter())
    }

    /// The item with `key`.
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items().find(|i| i.key == key)
    }

    /// The wording of item `key` for `group` in `language`.
    pub fn wording(
        &self,
        key: &str,
        group: StakeholderGroup,
        language: Language,
    ) -> Option<&Wording> {
        self.item(key).and_then(|i| i.wording(group, language))
    }

    /// Every item carrying `tag`.
    pub fn items_tagged(&self, tag: ItemTag) -> impl Iterator<Item = &Item> {
        self.items().filter(move |i| i.tag == Some(tag))
    }

    /// The item carrying a unique tag (see [`ItemTag::is_unique`]).
    pub fn item_tagged(&self, tag: ItemTag) -> Option<&Item> {
        self.items_tagged(tag).next()
    }
}

/// Replaces `{product}` and `{vendor}` in a prompt with the names for one product block.
pub fn fill_placeholders(text: &str, product: &str, vendor: &str) -> String {
    text.replace("{product}", product)
        .replace("{vendor}", vendor)
}
