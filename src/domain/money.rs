//! Amounts of money and their currency, as a licence's annual cost is typed into a form or CSV.
//!
//! Amounts are whole cents (`i64`) so that sums and cost-per-user never suffer rounding drift.

use super::ParseError;
use std::fmt;

/// The largest amount accepted: ten billion in any currency is certainly a typing mistake.
pub const MAX_CENTS: i64 = 1_000_000_000_000;

/// A non-negative amount in cents of some currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(i64);

impl Money {
    /// Parses "38000", "38,000.50" or "$38,000.5": digits with optional thousands commas and
    /// at most two decimals; a leading currency sign is ignored. `what` names the field.
    pub fn parse(raw: &str, what: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        let s = trimmed.trim_start_matches(['$', '€', '£']).trim();
        if s.is_empty() {
            return Err(ParseError::new(format!(
                "Enter the {what} (0 if there is none)."
            )));
        }
        let invalid = || {
            ParseError::new(format!(
                "\"{trimmed}\" is not an amount; write it like 38000 or 38,000.50."
            ))
        };
        if s.starts_with('-') {
            return Err(ParseError::new(format!("The {what} cannot be negative.")));
        }
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() || fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(if fraction.len() > 2 {
                ParseError::new(format!("The {what} has at most two decimals (cents)."))
            } else {
                invalid()
            });
        }
        let digits = strip_thousands(whole).ok_or_else(invalid)?;
        let units: i64 = digits.parse().map_err(|_| invalid())?;
        let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
        let total = units
            .checked_mul(100)
            .and_then(|u| u.checked_add(cents))
            .filter(|t| *t <= MAX_CENTS)
            .ok_or_else(|| ParseError::new(format!("The {what} is too large.")))?;
        Ok(Money(total))
    }

    /// An amount already in cents (from the database).
    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }
}

/// "38,000" → "38000"; commas must separate groups of exactly three digits.
fn strip_thousands(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return whole
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

impl fmt::Display for Money {
    /// "38,000.50": thousands separated, always two decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{grouped}.{:02}", self.0 % 100)
    }
}

/// An ISO 4217 currency code: three letters, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency(String);

impl Currency {
    /// Parses three ASCII letters in any case ("usd" → "USD").
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim().to_ascii_uppercase();
        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(s))
        } else if s.is_empty() {
            Err(ParseError::new(
                "Enter the currency as a three-letter code such as USD.",
            ))
        } else {
            Err(ParseError::new(format!(
                "\"{}\" is not a currency code; use three letters such as USD, CAD or EUR.",
                raw.trim()
            )))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn amounts_parse_with_commas_signs_and_cents() {
        assert_eq!(Money::parse("38000", "cost").unwrap().cents(), 3_800_000);
        assert_eq!(
            Money::parse("38,000.50", "cost").unwrap().cents(),
            3_800_050
        );
        assert_eq!(
            Money::parse(" $1,234,567.5 ", "cost").unwrap().cents(),
            123_456_750
        );
        assert_eq!(Money::parse("0", "cost").unwrap().cents(), 0);
    }

    #[test]
    fn bad_amounts_say_why() {
        let msg = |s: &str| Money::parse(s, "annual cost").unwrap_err().to_string();
        assert!(msg("").contains("Enter the annual cost"));
        assert!(msg("-5").contains("negative"));
        assert!(msg("1.234").contains("two decimals"));
        assert!(msg("38,00").contains("38,000.50"));
        assert!(msg("abc").contains("not an amount"));
        assert!(msg("99999999999999").contains("too large"));
    }

    #[test]
    fn amounts_display_grouped() {
        assert_eq!(Money::from_cents(3_800_050).to_string(), "38,000.50");
        assert_eq!(Money::from_cents(5).to_string(), "0.05");
        assert_eq!(Money::from_cents(100_000_000).to_string(), "1,000,000.00");
    }

    #[test]
    fn currency_is_three_letters() {
        assert_eq!(Currency::parse(" usd ").unwrap().as_str(), "USD");
        assert!(Currency::parse("US").is_err());
        assert!(Currency::parse("U$D").is_err());
        assert!(Currency::parse("")
            .unwrap_err()
            .to_string()
            .contains("Enter"));
    }
}
