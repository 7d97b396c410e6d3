//! Texts the district writes (feature names, survey titles, the privacy paragraph): an
//! original, plus a translation per other language where one was given. A respondent page
//! shows the translation in its language, or the original marked with the original's
//! language so screen readers switch voice and the page is honest about it.

use super::catalogue::optional_text;
use super::{Language, ParseError};
use serde::Serialize;
use std::collections::BTreeMap;

/// The language of the originals (the catalogue, survey titles and privacy notes are written
/// in it; the base columns hold it).
pub const ORIGINAL: Language = Language::English;

/// The languages a translation may be given in: every language but the original.
pub fn translation_languages() -> impl Iterator<Item = Language> {
    Language::ALL.iter().copied().filter(|l| *l != ORIGINAL)
}

/// A text as one page shows it: `lang` is set when the page's language had no translation
/// and the text is the original (the template wraps it in an element with that `lang`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Shown {
    /// The text.
    pub text: String,
    /// The original's language code, only when it differs from the page's.
    pub lang: Option<&'static str>,
}

/// The text to show in `language`: its translation when there is a non-empty one, else the
/// original, marked with its language when that is not the page's.
pub fn pick(
    original: &str,
    translations: &BTreeMap<Language, String>,
    language: Language,
) -> Shown {
    if language == ORIGINAL {
        return Shown {
            text: original.to_string(),
            lang: None,
        };
    }
    match translations.get(&language).filter(|t| !t.trim().is_empty()) {
        Some(t) => Shown {
            text: t.clone(),
            lang: None,
        },
        None => Shown {
            text: original.to_string(),
            lang: (!original.is_empty()).then_some(ORIGINAL.as_str()),
        },
    }
}

/// Parses optional translations typed per language (`(language, raw)`): each trimmed and at
/// most `max` characters; an empty one means "none" and is left out. Errors name the language.
pub fn parse_optional(
    raw: &[(Language, &str)],
    what: &str,
    max: usize,
    multiline: bool,
) -> Result<BTreeMap<Language, String>, Vec<(Language, ParseError)>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (language, text) in raw {
        if *language == ORIGINAL {
            continue;
        }
        let what = format!("{what} in {}", language.label());
        match optional_text(text, &what, max, multiline) {
            Ok(t) if t.is_empty() => {}
            Ok(t) => {
                out.insert(*language, t);
            }
            Err(e) => errors.push((*language, e)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_missing_translation_shows_the_original_marked_with_its_language() {
        let mut es = BTreeMap::new();
        assert_eq!(
            pick("Reading log", &es, Language::Spanish),
            Shown {
                text: "Reading log".into(),
                lang: Some("en")
            }
        );
        assert_eq!(pick("Reading log", &es, Language::English).lang, None);
        es.insert(Language::Spanish, "Registro de lectura".to_string());
        assert_eq!(
            pick("Reading log", &es, Language::Spanish),
            Shown {
                text: "Registro de lectura".into(),
                lang: None
            }
        );
        assert_eq!(pick("", &BTreeMap::new(), Language::Spanish).lang, None);
    }

    #[test]
    fn empty_translations_are_left_out_and_long_ones_refused() {
        let ok = parse_optional(&[(Language::Spanish, "  ")], "title", 10, false).unwrap();
        assert!(ok.is_empty());
        let errors = parse_optional(
            &[(Language::Spanish, "x".repeat(11).as_str())],
            "title",
            10,
            false,
        )
        .unwrap_err();
        assert_eq!(errors[0].0, Language::Spanish);
        assert!(errors[0].1.to_string().contains("title in Español"));
        assert!(translation_languages().all(|l| l != ORIGINAL));
        assert_eq!(translation_languages().count(), Language::ALL.len() - 1);
    }
}
