//! Validated text values: e-mail addresses, labels and public tokens.

use rand::RngExt;
use serde::Serialize;
use std::fmt;

/// Why an outside value was refused, worded for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(String);

impl ParseError {
    /// Wraps a message that names the value and what was expected.
    pub fn new(message: impl Into<String>) -> Self {
        ParseError(message.into())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

/// A syntactically plausible e-mail address, trimmed and lower-cased so sign-in is case-blind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a dotted domain, no spaces, ≤ 254 chars.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(ParseError::new("Enter an e-mail address."));
        }
        if s.len() > 254 {
            return Err(ParseError::new(
                "An e-mail address is at most 254 characters.",
            ));
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if valid {
            Ok(Email(s))
        } else {
            Err(ParseError::new(format!(
                "\"{}\" is not an e-mail address (expected name@example.org).",
                raw.trim()
            )))
        }
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A required, single-line, trimmed label (names of schools, products, vendors, surveys).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct LabelText(String);

impl LabelText {
    /// Parses a label of 1..=`max` characters with no control characters; `what` names the field.
    pub fn parse(raw: &str, what: &str, max: usize) -> Result<Self, ParseError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ParseError::new(format!("Enter the {what}.")));
        }
        if s.chars().count() > max {
            return Err(ParseError::new(format!(
                "The {what} is at most {max} characters."
            )));
        }
        if s.chars().any(char::is_control) {
            return Err(ParseError::new(format!("The {what} must be on one line.")));
        }
        Ok(LabelText(s.to_string()))
    }

    /// The label.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabelText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A random public identifier for URLs and links: never a sequential id.
///
/// Drawn from an alphabet without look-alike characters (no 0/O, 1/l/I) so that a token
/// read off paper can be typed back correctly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PublicToken(String);

impl PublicToken {
    /// Characters a token may contain.
    pub const ALPHABET: &'static [u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

    /// Draws a fresh token of `len` characters from the operating system's generator.
    pub fn generate(len: usize) -> Self {
        let mut rng = rand::rng();
        let s = (0..len)
            .map(|_| char::from(Self::ALPHABET[rng.random_range(0..Self::ALPHABET.len())]))
            .collect();
        PublicToken(s)
    }

    /// Parses a token typed or pasted by a person: case-blind, spaces and dashes ignored.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        if !(6..=32).contains(&s.len()) {
            return Err(ParseError::new(
                "A code is 6 to 32 letters and digits long.",
            ));
        }
        if s.bytes().all(|b| Self::ALPHABET.contains(&b)) {
            Ok(PublicToken(s))
        } else {
            Err(ParseError::new(
                "That code contains characters that never appear in codes; check it and try again.",
            ))
        }
    }

    /// The token text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Ana@Example.ORG ").unwrap().as_str(),
            "ana@example.org"
        );
        assert!(Email::parse("ana").is_err());
        assert!(Email::parse("ana@localhost").is_err());
        assert!(Email::parse("a b@example.org").is_err());
        assert!(Email::parse("").unwrap_err().to_string().contains("Enter"));
    }

    #[test]
    fn label_rejects_empty_long_and_multiline() {
        assert!(LabelText::parse("  ", "school name", 10).is_err());
        assert!(LabelText::parse("abcdefghijk", "school name", 10).is_err());
        assert!(LabelText::parse("a\nb", "school name", 10).is_err());
        assert_eq!(
            LabelText::parse(" Lincoln ", "school name", 10)
                .unwrap()
                .as_str(),
            "Lincoln"
        );
    }

    #[test]
    fn tokens_are_drawn_from_the_unambiguous_alphabet_and_parse_back() {
        let t = PublicToken::generate(10);
        assert_eq!(t.as_str().len(), 10);
        let typed = t.as_str().to_uppercase();
        assert_eq!(PublicToken::parse(&typed).unwrap(), t);
        assert!(PublicToken::parse("abc0ol1x").is_err());
    }
}
