//! The frame of every respondent page: language, the translated texts, language links.

use super::strings::{texts, Reader, Register, Texts};
use crate::domain::Language;
use crate::web::page::Page;
use serde::{Deserialize, Serialize};

/// A link to the same page in another language.
#[derive(Debug, Serialize)]
pub struct LangLink {
    /// Language code.
    pub code: &'static str,
    /// Its name in itself.
    pub label: &'static str,
    /// Its `dir` attribute when right to left, so its name reads correctly anywhere.
    pub dir: Option<&'static str>,
    /// Where it goes.
    pub href: String,
}

/// The shell fields, with the page's own flattened in.
#[derive(Debug, Serialize)]
pub struct Shell<T: Serialize> {
    /// `lang` attribute.
    pub lang: &'static str,
    /// `dir` attribute: `rtl` for a right-to-left language, so the page mirrors.
    pub dir: Option<&'static str>,
    /// Texts in that language.
    pub t: &'static Texts,
    /// Links to the page in the other languages offered.
    pub languages: Vec<LangLink>,
    /// The page's own fields.
    #[serde(flatten)]
    pub body: T,
}

/// `?lang=` on respondent pages, and `&reader=student` where a redirect carries the register.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    /// Language code; unknown values fall back to the default.
    pub lang: Option<String>,
    /// `student` for the students' register; anything else is the adult one.
    pub reader: Option<String>,
}

impl LangQuery {
    /// The language asked for, if it is one.
    pub fn language(&self) -> Option<Language> {
        self.lang.as_deref().and_then(|l| l.parse().ok())
    }

    /// The register asked for.
    pub fn register(&self) -> Register {
        Register::parse(self.reader.as_deref())
    }
}

/// A respondent page for `reader` (its language and register), with links to
/// `path?lang=…` for the `offered` other languages.
pub fn page<T: Serialize>(
    title_key: &str,
    reader: impl Into<Reader>,
    offered: &[Language],
    path: &str,
    csrf: String,
    body: T,
) -> Page<Shell<T>> {
    let reader = reader.into();
    let language = reader.language;
    let t = texts(reader);
    let languages = offered
        .iter()
        .filter(|l| **l != language)
        .map(|l| LangLink {
            code: l.as_str(),
            label: l.label(),
            dir: l.direction().attribute(),
            href: format!("{path}?lang={}", l.as_str()),
        })
        .collect();
    let title = t
        .get(title_key)
        .cloned()
        .unwrap_or_else(|| title_key.to_string());
    Page::public(
        title,
        csrf,
        Shell {
            lang: language.as_str(),
            dir: language.direction().attribute(),
            t,
            languages,
            body,
        },
    )
}

/// A short code typed by a respondent (an access code on `/s`, a resume code on
/// `/s/resume`), with the language the form was shown in.
#[derive(Deserialize)]
pub struct CodeEntry {
    /// The code as typed.
    pub code: String,
    /// Language code of the page the form was on.
    pub lang: Option<String>,
}
