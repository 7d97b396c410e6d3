//! The languages Chorus speaks: the one place a language is declared.
//!
//! Everything else is keyed by a language's code and iterated over [`Language::ALL`]: the
//! question bank's wordings (`survey/bank/*.toml`, one `survey/bank/languages/{code}.toml`
//! per language), the respondent catalogues (`web/answer/strings/{code}.toml`), slips,
//! notices and report labels. Adding a language is one line in [`languages!`] below plus
//! those data files; no other Rust changes.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::translations::ORIGINAL;
use super::ParseError;

/// Which way a language's lines run, so a page in it can set `dir` and mirror its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Direction {
    /// Left to right (Latin, Vietnamese).
    #[serde(rename = "ltr")]
    Ltr,
    /// Right to left (Arabic): pages set `dir="rtl"` and the stylesheet mirrors.
    #[serde(rename = "rtl")]
    Rtl,
}

impl Direction {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    /// The `dir` attribute an element in this language needs: none for left to right (the
    /// default, so left-to-right pages stay as they were), `rtl` otherwise.
    pub fn attribute(self) -> Option<&'static str> {
        (self == Direction::Rtl).then_some("rtl")
    }
}

/// What one registry line says about a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageInfo {
    /// BCP 47 code: database text, URLs (`?lang=`), file names, `lang` attributes.
    pub code: &'static str,
    /// The name in the language itself, as a respondent's chooser shows it.
    pub name: &'static str,
    /// The name in English, as staff pages and error messages show it.
    pub english_name: &'static str,
    /// Which way its text runs.
    pub direction: Direction,
    /// How texts in it address readers and count things, for translators and reviewers.
    pub notes: &'static str,
}

/// Declares the [`Language`] enum and its registry from one line per language.
macro_rules! languages {
    ($($variant:ident => $code:literal, $name:literal, $english:literal, $dir:ident, $notes:literal;)+) => {
        /// A language respondent-facing text can be written in. Declared once, with its
        /// registry entry ([`Language::info`]); code elsewhere iterates [`Language::ALL`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Language {
            $(#[doc = $english] #[serde(rename = $code)] $variant),+
        }

        impl Language {
            /// Every language, in registry order (choosers and tables list them so).
            pub const ALL: &'static [Language] = &[$(Language::$variant),+];

            /// The registry entry.
            pub fn info(self) -> &'static LanguageInfo {
                match self {
                    $(Language::$variant => &LanguageInfo {
                        code: $code,
                        name: $name,
                        english_name: $english,
                        direction: Direction::$dir,
                        notes: $notes,
                    }),+
                }
            }
        }
    };
}

languages! {
    English => "en", "English", "English", Ltr,
        "One form of address for everyone; plurals: one / other.";
    Spanish => "es", "Español", "Spanish", Ltr,
        "Students are addressed as tú, adults as usted (checked: domain::register); plurals: one / other.";
    Vietnamese => "vi", "Tiếng Việt", "Vietnamese", Ltr,
        "Students are addressed as em, adults as quý vị or bạn; nouns do not inflect for number.";
    Arabic => "ar", "العربية", "Arabic", Rtl,
        "Modern Standard Arabic, right to left; requests use يُرجى with a verbal noun, which reads the same to every reader (imperatives are gendered); plurals: zero, one, two, few, many, other.";
}

impl Language {
    /// The stable code used in the database, URLs, exports and data files.
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    /// The language's name in itself, as a chooser shows it.
    pub fn label(self) -> &'static str {
        self.info().name
    }

    /// The language's name in English, for staff pages and messages.
    pub fn english_name(self) -> &'static str {
        self.info().english_name
    }

    /// Which way its text runs.
    pub fn direction(self) -> Direction {
        self.info().direction
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Language {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "\"{s}\" is not a known language; expected one of: {}",
                    Language::ALL
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }
}

/// A non-empty set of languages in registry order, stored as codes joined by commas
/// (`districts.languages`): the languages a district has enabled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSet(Vec<Language>);

impl LanguageSet {
    /// Parses stored or typed codes (`"en,es"`); an unknown code or an empty set is refused.
    pub fn parse_codes(text: &str) -> Result<LanguageSet, ParseError> {
        let languages = text
            .split(',')
            .filter(|c| !c.trim().is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Language>, _>>()?;
        LanguageSet::from_languages(languages)
    }

    /// The set of `languages` in registry order; refused when empty.
    pub fn from_languages(
        languages: impl IntoIterator<Item = Language>,
    ) -> Result<LanguageSet, ParseError> {
        let mut set: Vec<Language> = languages.into_iter().collect();
        set.sort();
        set.dedup();
        if set.is_empty() {
            return Err(ParseError::new("choose at least one language".to_string()));
        }
        Ok(LanguageSet(set))
    }

    /// Parses the languages a district admin ticked: known codes, at least one, and always
    /// the original's language (staff write the catalogue, titles and notes in it).
    pub fn parse_enabled(raw: &[String]) -> Result<LanguageSet, ParseError> {
        let set = LanguageSet::parse_codes(&raw.join(","))?;
        if !set.contains(ORIGINAL) {
            return Err(ParseError::new(format!(
                "{} stays enabled: the catalogue, survey titles and privacy notes are written in it.",
                ORIGINAL.english_name()
            )));
        }
        Ok(set)
    }

    /// The set of the original's language alone: what a stored set that no longer parses is
    /// read as, so nothing unknown is ever offered.
    pub fn original_only() -> LanguageSet {
        LanguageSet(vec![ORIGINAL])
    }

    /// Whether `language` is in the set.
    pub fn contains(&self, language: Language) -> bool {
        self.0.contains(&language)
    }

    /// The languages, in registry order.
    pub fn iter(&self) -> impl Iterator<Item = Language> + '_ {
        self.0.iter().copied()
    }

    /// The stored form: codes joined by commas.
    pub fn codes(&self) -> String {
        self.0
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_language_round_trips_through_its_code_and_codes_are_unique() {
        let mut codes = Vec::new();
        for l in Language::ALL {
            assert_eq!(l.as_str().parse::<Language>(), Ok(*l));
            assert!(!l.label().is_empty() && !l.english_name().is_empty());
            codes.push(l.as_str());
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Language::ALL.len());
        let err = "fr".parse::<Language>().unwrap_err().to_string();
        assert!(
            err.contains("not a known language") && err.contains("vi, ar"),
            "{err}"
        );
    }

    #[test]
    fn arabic_runs_right_to_left_and_the_others_left_to_right() {
        let rtl: Vec<_> = Language::ALL
            .iter()
            .filter(|l| l.direction() == Direction::Rtl)
            .collect();
        assert_eq!(rtl, [&Language::Arabic]);
        assert_eq!(Direction::Rtl.attribute(), Some("rtl"));
        assert_eq!(Direction::Ltr.attribute(), None);
    }

    #[test]
    fn a_language_set_is_non_empty_known_and_in_registry_order() {
        let set = LanguageSet::parse_codes("ar, en,ar").unwrap();
        assert_eq!(set.codes(), "en,ar");
        assert!(set.contains(Language::Arabic) && !set.contains(Language::Spanish));
        assert!(LanguageSet::parse_codes("").is_err());
        assert!(LanguageSet::parse_codes("en,xx").is_err());
        let ticked = |codes: &[&str]| {
            LanguageSet::parse_enabled(&codes.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(ticked(&["vi", "en"]).unwrap().codes(), "en,vi");
        assert!(ticked(&["es"])
            .unwrap_err()
            .to_string()
            .contains("English stays enabled"));
        assert!(ticked(&[]).is_err());
    }
}
