//! How a text addresses its reader. Spanish speaks to students with tú and to adults with
//! usted, and a page must not switch between them (a child addressed as "tú" in a question
//! and "usted" in its error message reads two voices). English has one form of address.
//!
//! A machine check, not a grammar: the words below address the reader and nothing else
//! (pronouns and possessives of the second person, usted's imperatives, tú's imperatives
//! with a pronoun attached); words that also read as the third person are left out: "le",
//! "les", and tú's bare imperatives ("escribe", "pide"), which are also "he writes", "it
//! asks".

use super::{Language, StakeholderGroup};

/// How texts address their reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Register {
    /// Adults: teachers, parents, coordinators, and anyone not yet known (Spanish: usted).
    #[default]
    Adult,
    /// Students of both grade bands (Spanish: tú).
    Student,
}

impl Register {
    /// The register a group is addressed in.
    pub fn of(group: StakeholderGroup) -> Register {
        match group {
            StakeholderGroup::YoungStudent | StakeholderGroup::Student => Register::Student,
            StakeholderGroup::Teacher
            | StakeholderGroup::Parent
            | StakeholderGroup::Coordinator => Register::Adult,
        }
    }

    /// Its name in a query string (`&reader=student`), for pages reached by a redirect.
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Adult => "adult",
            Register::Student => "student",
        }
    }

    /// Reads [`Register::as_str`] back; anything else is the adult register.
    pub fn parse(text: Option<&str>) -> Register {
        match text {
            Some("student") => Register::Student,
            _ => Register::Adult,
        }
    }
}

const SPANISH_FORMAL: &[&str] = &[
    "usted",
    "ustedes",
    "su",
    "sus",
    "escriba",
    "revise",
    "revíselo",
    "revíselas",
    "elija",
    "marque",
    "responda",
    "vuelva",
    "pida",
    "intente",
    "cuéntenos",
    "díganos",
    "seleccione",
    "indique",
    "presione",
    "piense",
    "vaya",
    "úselo",
];

const SPANISH_FAMILIAR: &[&str] = &[
    "tú",
    "tu",
    "tus",
    "te",
    "ti",
    "contigo",
    "revísalo",
    "revísalas",
    "úsalo",
    "cuéntanos",
    "dinos",
];

/// The words of `text` that address the reader in the register other than `expected`
/// (empty when the text keeps to it, and always for a language with one register).
pub fn off_register(language: Language, text: &str, expected: Register) -> Vec<String> {
    if language != Language::Spanish {
        return Vec::new();
    }
    let other = match expected {
        Register::Student => SPANISH_FORMAL,
        Register::Adult => SPANISH_FAMILIAR,
    };
    text.split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| other.contains(&w.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_register_is_told_apart_in_spanish_only() {
        let es = Language::Spanish;
        assert_eq!(
            off_register(es, "Por favor, responda esta pregunta.", Register::Student),
            ["responda"]
        );
        assert!(off_register(es, "¿Les dirías a tus amigos?", Register::Student).is_empty());
        assert_eq!(
            off_register(es, "Escribe tu código y revísalo.", Register::Adult),
            ["tu", "revísalo"]
        );
        assert!(off_register(es, "La página nunca pide esto.", Register::Adult).is_empty());
        assert!(off_register(Language::English, "Your code", Register::Adult).is_empty());
    }
}
