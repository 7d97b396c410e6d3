//! The respondent pages' own texts (buttons, progress, notices, error messages, code slips)
//! in every language and register, from one catalogue file per language
//! (`strings/{code}.toml`), parsed once and checked complete at start-up.
//!
//! A file's top-level keys are written for adults (Spanish: usted). It may add a `[student]`
//! table that rewords, for students, the texts that address the reader (Spanish: tú): a child
//! is spoken to one way on every page, in the questions and in the error messages alike.
//! Adding a language adds a file; no Rust changes.

use crate::domain::register::off_register;
pub use crate::domain::register::Register;
use crate::domain::{Language, StakeholderGroup};
use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_embed::RustEmbed;
use serde::Deserialize;

#[derive(RustEmbed)]
#[folder = "src/web/answer/strings/"]
struct Files;

/// One catalogue file as written.
#[derive(Deserialize)]
struct File {
    #[serde(default)]
    student: Texts,
    #[serde(flatten)]
    adult: Texts,
}

/// The texts of one language and register, by key; serialized as the `t` object templates
/// read.
pub type Texts = BTreeMap<String, String>;

/// Who reads a page: its language and how it addresses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// The page's language.
    pub language: Language,
    /// How it addresses the reader.
    pub register: Register,
}

impl Reader {
    /// A reader of `group` in `language`.
    pub fn new(language: Language, group: StakeholderGroup) -> Reader {
        Reader {
            language,
            register: Register::of(group),
        }
    }
}

impl From<Language> for Reader {
    /// A reader whose group is not known (yet): the adult register.
    fn from(language: Language) -> Reader {
        Reader {
            language,
            register: Register::Adult,
        }
    }
}

type Catalogue = BTreeMap<(Language, Register), Texts>;

static STRINGS: OnceLock<Result<Catalogue, String>> = OnceLock::new();

/// Reads `strings/{code}.toml`.
fn read(language: Language) -> Result<File, String> {
    let name = format!("{}.toml", language.as_str());
    let bytes = Files::get(&name).ok_or_else(|| {
        format!(
            "web/answer/strings/{name} is missing; every language needs one ({})",
            language.english_name()
        )
    })?;
    let text = std::str::from_utf8(&bytes.data)
        .map_err(|e| format!("web/answer/strings/{name} is not UTF-8: {e}"))?;
    toml::from_str(text).map_err(|e| format!("web/answer/strings/{name} does not parse: {e}"))
}

fn parse() -> Result<Catalogue, String> {
    let reference = read(Language::English)?.adult;
    let mut catalogue = Catalogue::new();
    for language in Language::ALL {
        let code = language.as_str();
        let file = read(*language)?;
        let adult = file.adult;
        if let Some(missing) = reference.keys().find(|k| !adult.contains_key(*k)) {
            return Err(format!(
                "web/answer/strings/{code}.toml: \"{missing}\" has no translation"
            ));
        }
        if let Some(extra) = adult.keys().find(|k| !reference.contains_key(*k)) {
            return Err(format!(
                "web/answer/strings/{code}.toml has \"{extra}\", which en.toml lacks"
            ));
        }
        if let Some(extra) = file.student.keys().find(|k| !reference.contains_key(*k)) {
            return Err(format!(
                "web/answer/strings/{code}.toml: [student] rewords \"{extra}\", which is no text"
            ));
        }
        let mut student = adult.clone();
        student.extend(file.student);
        for (register, texts) in [(Register::Adult, adult), (Register::Student, student)] {
            if let Some((key, _)) = texts.iter().find(|(_, v)| v.trim().is_empty()) {
                return Err(format!(
                    "web/answer/strings/{code}.toml: \"{key}\" is empty"
                ));
            }
            for (key, value) in &texts {
                let off = off_register(*language, value, register);
                if !off.is_empty() {
                    return Err(format!(
                        "web/answer/strings/{code}.toml: \"{key}\" addresses {} readers in the wrong register ({}); reword it in the [student] table or at the top",
                        register.as_str(),
                        off.join(", ")
                    ));
                }
            }
            catalogue.insert((*language, register), texts);
        }
    }
    Ok(catalogue)
}

/// Parses and checks the texts; call at start-up so a missing translation stops the service.
pub fn check() -> Result<(), String> {
    STRINGS
        .get_or_init(parse)
        .as_ref()
        .map(|_| ())
        .map_err(Clone::clone)
}

/// The texts `reader` reads (empty if the file failed its start-up check).
pub fn texts(reader: impl Into<Reader>) -> &'static Texts {
    static EMPTY: Texts = BTreeMap::new();
    let reader = reader.into();
    match STRINGS.get_or_init(parse) {
        Ok(catalogue) => catalogue
            .get(&(reader.language, reader.register))
            .unwrap_or(&EMPTY),
        Err(_) => &EMPTY,
    }
}

/// One text with `{name}` placeholders filled.
pub fn text(reader: impl Into<Reader>, key: &str, fill: &[(&str, &str)]) -> String {
    let mut s = texts(reader).get(key).cloned().unwrap_or_default();
    for (name, value) in fill {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_language_and_register() {
        assert_eq!(check(), Ok(()));
        let en = texts(Language::English);
        assert!(en.len() > 40);
        for language in Language::ALL {
            for register in [Register::Adult, Register::Student] {
                let reader = Reader {
                    language: *language,
                    register,
                };
                assert_eq!(
                    texts(reader).keys().collect::<Vec<_>>(),
                    en.keys().collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let s = text(
            Language::Spanish,
            "question_of",
            &[("n", "3"), ("total", "7")],
        );
        assert_eq!(s, "Pregunta 3 de 7");
    }

    #[test]
    fn students_are_addressed_as_tu_and_adults_as_usted() {
        let student = Reader::new(Language::Spanish, StakeholderGroup::YoungStudent);
        let adult = Reader::new(Language::Spanish, StakeholderGroup::Parent);
        assert_eq!(
            text(student, "required", &[]),
            "Por favor, responde esta pregunta."
        );
        assert_eq!(
            text(adult, "required", &[]),
            "Por favor, responda esta pregunta."
        );
    }
}
