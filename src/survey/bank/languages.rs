//! The bank's per-language files (`bank/languages/{code}.toml`, one per registry language):
//! the default "does not apply" labels, the words that join two ideas (the one-idea rule),
//! how a question ends, whether the shipped translation is reviewed or a draft, and, for a
//! language the construct files do not hold inline, its translation of every construct and
//! item. Adding a language adds a file here; no Rust changes.
//!
//! ```toml
//! status = "draft"                   # or "reviewed"; a draft's wordings are marked
//!                                    # "draft translation — review before use" until a
//!                                    # district admin marks the language reviewed
//! does_not_apply = "…"               # default na_label for adults and students 6–12
//! does_not_apply_young = "…"         # default na_label for grades 3–5
//! question_end = "?"                 # a translated question ends with this
//! joiners = [" and ", " or "]        # a prompt containing one asks two things
//!
//! [constructs.ease_of_use]           # translations, for languages not inline
//! name = "…"
//! description = "…"
//! [items."ease.everyday_tasks"]
//! label = "…"
//! options = ["…"]                    # shared options, when the item has them
//! unit = "…"                         # number items
//! [items."ease.everyday_tasks".wording.teacher]
//! prompt = "…"                       # options, hint, na_label as in the construct files
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_embed::RustEmbed;
use serde::Deserialize;

use super::BankError;
use crate::domain::{Language, StakeholderGroup};

#[derive(RustEmbed)]
#[folder = "src/survey/bank/languages/"]
struct Files;

/// Whether a language's shipped wordings were reviewed by a fluent speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Reviewed: offered to every district that enables the language.
    Reviewed,
    /// A draft: marked in the bank, and no survey opens in it until the district reviews it.
    Draft,
}

/// One language's file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BankLanguage {
    pub status: TranslationStatus,
    pub does_not_apply: String,
    pub does_not_apply_young: String,
    pub question_end: String,
    pub joiners: Vec<String>,
    #[serde(default)]
    pub constructs: BTreeMap<String, ConstructText>,
    #[serde(default)]
    pub items: BTreeMap<String, ItemText>,
}

/// A construct's name and description in one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConstructText {
    pub name: String,
    pub description: String,
}

/// An item's texts in one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ItemText {
    pub label: String,
    pub unit: Option<String>,
    pub options: Option<Vec<String>>,
    #[serde(default)]
    pub wording: BTreeMap<String, super::load::RawWording>,
}

impl BankLanguage {
    /// The "does not apply" label `group` reads when a wording gives none.
    pub fn default_na_label(&self, group: StakeholderGroup) -> &str {
        if group == StakeholderGroup::YoungStudent {
            &self.does_not_apply_young
        } else {
            &self.does_not_apply
        }
    }
}

type Loaded = Result<BTreeMap<Language, BankLanguage>, BankError>;

fn load() -> Loaded {
    let mut out = BTreeMap::new();
    for language in Language::ALL {
        let file = format!("{}.toml", language.as_str());
        let bytes = Files::get(&file).ok_or_else(|| BankError::Bank {
            problem: format!(
                "bank/languages/{file} is missing; every language needs one ({})",
                language.english_name()
            ),
        })?;
        let text = std::str::from_utf8(&bytes.data).map_err(|e| BankError::Syntax {
            file: format!("languages/{file}"),
            message: e.to_string(),
        })?;
        let parsed: BankLanguage = toml::from_str(text).map_err(|e| BankError::Syntax {
            file: format!("languages/{file}"),
            message: e.to_string().trim_end().to_string(),
        })?;
        out.insert(*language, parsed);
    }
    Ok(out)
}

/// Every language's file, parsed once.
pub(super) fn all() -> Result<&'static BTreeMap<Language, BankLanguage>, BankError> {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// The languages whose shipped wordings are drafts (none when the files do not load, which
/// the bank's own load reports).
pub fn draft_languages() -> Vec<Language> {
    all().map_or_else(
        |_| Vec::new(),
        |files| {
            files
                .iter()
                .filter(|(_, f)| f.status == TranslationStatus::Draft)
                .map(|(l, _)| *l)
                .collect()
        },
    )
}
