//! Survey-writing style rules on the wording of one item for one group.
//!
//! Checked here (what a machine can check of good survey practice):
//! - a question is a question: English prompts end with "?", Spanish ones open with "¿" and
//!   end with "?" (feature matrices and comments may instead be instructions ending in ".",
//!   in both languages alike);
//! - no agree/disagree items (no "agree" or "de acuerdo" anywhere in prompts or labels);
//! - one idea per item: no "and"/"or" (Spanish "y", "e", "o", "u") in a prompt;
//! - every scale point has its own label: exactly five for `scale5`;
//! - per-product prompts name `{product}` (or `{vendor}`); only `{product}` and `{vendor}`
//!   exist, and the two languages of a wording use the same ones;
//! - one register per audience: Spanish students are addressed as tú, adults as usted
//!   (`domain::register`).

use std::collections::BTreeSet;

use super::load::language_name;
use super::{Construct, Item};
use crate::domain::register::{off_register, Register};
use crate::domain::translations::ORIGINAL;
use crate::domain::{ItemKind, Language, StakeholderGroup};

/// Fixed expressions whose "or"/"o" does not join two ideas ("about", "roughly").
const FIXED_EXPRESSIONS: &[&str] = &["more or less", "más o menos"];

/// Style rules on the English and Spanish wording of one group.
pub(super) fn check_wording_pair(
    construct: &Construct,
    item: &Item,
    group: StakeholderGroup,
) -> Result<(), String> {
    let Some(en) = item.wording(group, Language::English) else {
        return Err(format!("has no wording for {group}"));
    };
    // The pair's rules apply where the item has Spanish (a district's own item is worded
    // in its enabled languages only).
    let Some(es) = item.wording(group, Language::Spanish) else {
        return Ok(());
    };
    let may_instruct = matches!(
        item.kind,
        ItemKind::FeatureMatrix | ItemKind::LongText | ItemKind::ShortText
    );
    let (en_p, es_p) = (en.prompt.trim(), es.prompt.trim());
    if en_p.is_empty() || es_p.is_empty() {
        return Err(format!("has an empty prompt for {group}"));
    }
    let en_question = en_p.ends_with('?');
    if en_p.contains('¿') {
        return Err(format!("has \"¿\" in the English prompt for {group}"));
    }
    let en_instruction = may_instruct && en_p.ends_with('.');
    if !(en_question || en_instruction) {
        return Err(format!(
            "has an English prompt for {group} that is not a question (it must end with \"?\"): \"{en_p}\""
        ));
    }
    if en_question {
        let opens = es_p.chars().filter(|c| *c == '¿').count();
        let closes = es_p.chars().filter(|c| *c == '?').count();
        if !es_p.starts_with('¿') || !es_p.ends_with('?') || opens != closes {
            return Err(format!(
                "has a Spanish question for {group} that does not open with \"¿\" and close with \"?\": \"{es_p}\""
            ));
        }
    } else if !es_p.ends_with('.') || es_p.contains('?') || es_p.contains('¿') {
        return Err(format!(
            "has an English instruction for {group} but the Spanish prompt is not one (it must end with \".\"): \"{es_p}\""
        ));
    }
    for (language, w) in [(Language::English, en), (Language::Spanish, es)] {
        let mut lower = format!(" {} ", w.prompt.to_lowercase());
        for idiom in FIXED_EXPRESSIONS {
            lower = lower.replace(idiom, "~");
        }
        let joiners = joiners(language);
        if let Some(j) = joiners.iter().find(|j| lower.contains(j.as_str())) {
            return Err(format!(
                "may be double-barrelled: the {} prompt for {group} joins ideas with \"{}\"; ask one thing per item",
                language_name(language),
                j.trim()
            ));
        }
        let texts = std::iter::once(&w.prompt).chain(w.options.iter());
        for text in texts {
            let t = text.to_lowercase();
            if t.contains("agree") || t.contains("de acuerdo") {
                return Err(format!(
                    "uses agree/disagree wording for {group} in {}; ask a question with labels that match it",
                    language_name(language)
                ));
            }
        }
        let said = std::iter::once(&w.prompt)
            .chain(w.hint.iter())
            .chain(w.na_label.iter())
            .chain(w.options.iter());
        for text in said {
            let off = off_register(language, text, Register::of(group));
            if !off.is_empty() {
                return Err(format!(
                    "addresses {group} in the wrong register in {} ({}): students are spoken to as tú, adults as usted",
                    language_name(language),
                    off.join(", ")
                ));
            }
        }
        if w.hint.as_deref().is_some_and(|h| h.trim().is_empty()) {
            return Err(format!(
                "has an empty hint for {group} in {}",
                language_name(language)
            ));
        }
    }
    if en.hint.is_some() != es.hint.is_some() {
        return Err(format!("has a hint for {group} in only one language"));
    }
    let (en_ph, es_ph) = (placeholders(&en.prompt)?, placeholders(&es.prompt)?);
    if en_ph != es_ph {
        return Err(format!(
            "uses different placeholders in English ({en_ph:?}) and Spanish ({es_ph:?}) for {group}"
        ));
    }
    if construct.per_product && en_ph.is_empty() {
        return Err(format!(
            "is per product but the prompt for {group} names neither {{product}} nor {{vendor}}"
        ));
    }
    if !construct.per_product && !en_ph.is_empty() {
        return Err(format!(
            "is asked once per survey but the prompt for {group} uses a placeholder"
        ));
    }
    Ok(())
}

/// The words that join two ideas in `language` (from its bank language file).
fn joiners(language: Language) -> Vec<String> {
    super::languages::all()
        .ok()
        .and_then(|files| files.get(&language))
        .map(|f| f.joiners.clone())
        .unwrap_or_default()
}

/// Style rules on a translation of the English wording of one group: a prompt, the same
/// placeholders and hint as English, a question where English asks one (ending as the
/// language's file says), one idea per prompt.
pub(super) fn check_translation(
    item: &Item,
    group: StakeholderGroup,
    language: Language,
) -> Result<(), String> {
    let (Some(en), Some(w)) = (item.wording(group, ORIGINAL), item.wording(group, language)) else {
        return Err(format!("has no wording for {group}"));
    };
    let name = language_name(language);
    let prompt = w.prompt.trim();
    if prompt.is_empty() {
        return Err(format!("has an empty {name} prompt for {group}"));
    }
    let files = super::languages::all().map_err(|e| e.to_string())?;
    let end = files
        .get(&language)
        .map_or("?", |f| f.question_end.as_str());
    if en.prompt.trim().ends_with('?') && !prompt.ends_with(end) {
        return Err(format!(
            "has a {name} prompt for {group} that is not a question (it must end with \"{end}\"): \"{prompt}\""
        ));
    }
    let mut lower = format!(" {} ", prompt.to_lowercase());
    for idiom in FIXED_EXPRESSIONS {
        lower = lower.replace(idiom, "~");
    }
    if let Some(j) = joiners(language)
        .iter()
        .find(|j| lower.contains(j.as_str()))
    {
        return Err(format!(
            "may be double-barrelled: the {name} prompt for {group} joins ideas with \"{}\"; ask one thing per item",
            j.trim()
        ));
    }
    if en.hint.is_some() != w.hint.as_deref().is_some_and(|h| !h.trim().is_empty()) {
        return Err(format!(
            "has a hint for {group} in English but not in {name}, or the other way round"
        ));
    }
    if placeholders(&en.prompt)? != placeholders(&w.prompt)? {
        return Err(format!(
            "uses different placeholders in English and {name} for {group}"
        ));
    }
    Ok(())
}

/// The `{name}` placeholders in a text; only `product` and `vendor` exist.
fn placeholders(text: &str) -> Result<BTreeSet<String>, String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err(format!("has an unclosed \"{{\" in \"{text}\""));
        };
        let name = &after[..end];
        if name != "product" && name != "vendor" {
            return Err(format!(
                "uses unknown placeholder {{{name}}} (only {{product}} and {{vendor}} exist)"
            ));
        }
        found.insert(name.to_string());
        rest = &after[end + 1..];
    }
    if rest.contains('}') {
        return Err(format!("has a stray \"}}\" in \"{text}\""));
    }
    Ok(found)
}
