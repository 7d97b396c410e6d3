//! The respondent pages' own texts (buttons, progress, notices, error messages) in every
//! language, from `strings.toml`, parsed once and checked complete at start-up.

use crate::domain::Language;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The texts of one language, by key; serialized as the `t` object templates read.
pub type Texts = BTreeMap<String, String>;

#[derive(serde::Deserialize)]
struct File {
    en: Texts,
    es: Texts,
}

static STRINGS: OnceLock<Result<File, String>> = OnceLock::new();

fn parse() -> Result<File, String> {
    let file: File = toml::from_str(include_str!("strings.toml"))
        .map_err(|e| format!("web/answer/strings.toml does not parse: {e}"))?;
    for (lang, mine, other) in [("en", &file.en, &file.es), ("es", &file.es, &file.en)] {
        if let Some(missing) = other.keys().find(|k| !mine.contains_key(*k)) {
            return Err(format!(
                "web/answer/strings.toml: \"{missing}\" has no \"{lang}\" translation"
            ));
        }
        if let Some((key, _)) = mine.iter().find(|(_, v)| v.trim().is_empty()) {
            return Err(format!(
                "web/answer/strings.toml: \"{key}\" is empty in \"{lang}\""
            ));
        }
    }
    Ok(file)
}

/// Parses and checks the texts; call at start-up so a missing translation stops the service.
pub fn check() -> Result<(), String> {
    STRINGS
        .get_or_init(parse)
        .as_ref()
        .map(|_| ())
        .map_err(Clone::clone)
}

/// The texts of `language` (empty if the file failed its start-up check).
pub fn texts(language: Language) -> &'static Texts {
    static EMPTY: Texts = BTreeMap::new();
    match STRINGS.get_or_init(parse) {
        Ok(file) => match language {
            Language::English => &file.en,
            Language::Spanish => &file.es,
        },
        Err(_) => &EMPTY,
    }
}

/// One text with `{name}` placeholders filled.
pub fn text(language: Language, key: &str, fill: &[(&str, &str)]) -> String {
    let mut s = texts(language).get(key).cloned().unwrap_or_default();
    for (name, value) in fill {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_exists_in_every_language() {
        assert_eq!(super::check(), Ok(()));
        let en = super::texts(crate::domain::Language::English);
        let es = super::texts(crate::domain::Language::Spanish);
        assert!(en.len() > 40);
        assert_eq!(en.keys().collect::<Vec<_>>(), es.keys().collect::<Vec<_>>());
    }

    #[test]
    fn placeholders_are_filled() {
        let s = super::text(
            crate::domain::Language::Spanish,
            "question_of",
            &[("n", "3"), ("total", "7")],
        );
        assert_eq!(s, "Pregunta 3 de 7");
    }
}
