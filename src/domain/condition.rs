//! Skip conditions: "show this item only when an earlier answer meets a condition".
//!
//! A condition is written in the question bank as a TOML inline table
//! (`show_if = { item = "support.contacted", op = "equals", value = 1 }`), frozen into a
//! survey as a compact text column (`support.contacted equals 1`), and evaluated on the
//! respondent's page against the numeric answer to the earlier item. All three shapes parse
//! into the one type below, so the rest of the code never handles raw condition text.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::ParseError;

/// How an answer is compared with a condition's values.
///
/// Answers are the stored numbers: 1-based option numbers for choices, 1..=5 for scales,
/// 0..=10 for recommend, the number itself for number items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionOp {
    /// The answer equals the single value.
    Equals,
    /// The answer is one of the values.
    OneOf,
    /// The answer is greater than or equal to the single value.
    AtLeast,
    /// The answer is less than or equal to the single value.
    AtMost,
}

impl ConditionOp {
    /// Every operator, in documentation order.
    pub const ALL: &'static [ConditionOp] = &[
        ConditionOp::Equals,
        ConditionOp::OneOf,
        ConditionOp::AtLeast,
        ConditionOp::AtMost,
    ];

    /// The stable spelling used in the question bank and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionOp::Equals => "equals",
            ConditionOp::OneOf => "one_of",
            ConditionOp::AtLeast => "at_least",
            ConditionOp::AtMost => "at_most",
        }
    }

    /// Whether the operator compares with exactly one value (all but `one_of`).
    pub fn takes_single_value(self) -> bool {
        !matches!(self, ConditionOp::OneOf)
    }
}

impl fmt::Display for ConditionOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConditionOp {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        ConditionOp::ALL
            .iter()
            .copied()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "\"{s}\" is not a known condition operator; expected one of: equals, one_of, at_least, at_most"
                ))
            })
    }
}

/// Shows an item only when the answer to an earlier item meets a condition.
///
/// Built through [`SkipCondition::new`], serde or [`FromStr`], all of which check that the
/// item key is well formed and that the operator has the right number of values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawCondition", into = "RawCondition")]
pub struct SkipCondition {
    /// Key of the earlier item whose answer is tested (e.g. `support.contacted`).
    pub item_key: String,
    /// How the answer is compared.
    pub op: ConditionOp,
    /// The value(s) compared with: one for `equals`/`at_least`/`at_most`, one or more for `one_of`.
    pub values: Vec<i64>,
}

impl SkipCondition {
    /// Builds a condition, refusing a malformed item key or the wrong number of values.
    pub fn new(
        item_key: impl Into<String>,
        op: ConditionOp,
        values: Vec<i64>,
    ) -> Result<Self, ParseError> {
        let item_key = item_key.into();
        if !Self::is_valid_item_key(&item_key) {
            return Err(ParseError::new(format!(
                "\"{item_key}\" is not an item key (lowercase letters, digits, '_' and '.', starting with a letter)"
            )));
        }
        if values.is_empty() {
            return Err(ParseError::new(format!(
                "the condition on \"{item_key}\" has no value to compare with"
            )));
        }
        if op.takes_single_value() && values.len() != 1 {
            return Err(ParseError::new(format!(
                "the condition on \"{item_key}\" uses \"{op}\", which takes exactly one value, but has {}",
                values.len()
            )));
        }
        Ok(SkipCondition {
            item_key,
            op,
            values,
        })
    }

    /// Whether `key` is a well-formed item key (`[a-z][a-z0-9_.]*`, no empty dotted part),
    /// the shape every question-bank item key has.
    pub fn is_valid_item_key(key: &str) -> bool {
        key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
            && !key.split('.').any(str::is_empty)
    }

    /// Whether an answer meets the condition; no answer (skipped, hidden, "does not apply")
    /// never does, so follow-up items stay hidden until the gate question is answered.
    pub fn matches(&self, answer: Option<i64>) -> bool {
        let Some(answer) = answer else {
            return false;
        };
        match self.op {
            ConditionOp::Equals => self.values.first() == Some(&answer),
            ConditionOp::OneOf => self.values.contains(&answer),
            ConditionOp::AtLeast => self.values.first().is_some_and(|v| answer >= *v),
            ConditionOp::AtMost => self.values.first().is_some_and(|v| answer <= *v),
        }
    }
}

/// Compact text form for a database text column: `support.contacted equals 1`, `x one_of 1,2`.
impl fmt::Display for SkipCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ", self.item_key, self.op)?;
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// Parses the text form written by [`Display`](fmt::Display); spaces after commas are allowed.
impl FromStr for SkipCondition {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let mut parts = s.splitn(3, char::is_whitespace);
        let (Some(key), Some(op), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(ParseError::new(format!(
                "\"{s}\" is not a condition; expected \"<item key> <operator> <value>[,<value>…]\", e.g. \"support.contacted equals 1\""
            )));
        };
        let op: ConditionOp = op.parse()?;
        let values = rest
            .split(',')
            .map(|v| {
                v.trim().parse::<i64>().map_err(|_| {
                    ParseError::new(format!(
                        "\"{}\" in condition \"{s}\" is not a whole number",
                        v.trim()
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        SkipCondition::new(key, op, values)
    }
}

/// The TOML/JSON shape: `{ item, op, value }` or `{ item, op, values = [...] }`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    item: String,
    op: ConditionOp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<i64>>,
}

impl TryFrom<RawCondition> for SkipCondition {
    type Error = ParseError;

    fn try_from(raw: RawCondition) -> Result<Self, Self::Error> {
        let values = match (raw.value, raw.values) {
            (Some(v), None) => vec![v],
            (None, Some(vs)) => vs,
            (Some(_), Some(_)) => {
                return Err(ParseError::new(format!(
                    "the condition on \"{}\" gives both \"value\" and \"values\"; give one",
                    raw.item
                )))
            }
            (None, None) => {
                return Err(ParseError::new(format!(
                    "the condition on \"{}\" needs \"value\" (or \"values\" for one_of)",
                    raw.item
                )))
            }
        };
        SkipCondition::new(raw.item, raw.op, values)
    }
}

impl From<SkipCondition> for RawCondition {
    fn from(c: SkipCondition) -> Self {
        let (value, values) = if c.op.takes_single_value() && c.values.len() == 1 {
            (c.values.first().copied(), None)
        } else {
            (None, Some(c.values))
        };
        RawCondition {
            item: c.item_key,
            op: c.op,
            value,
            values,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        show_if: SkipCondition,
    }

    fn from_toml(text: &str) -> Result<SkipCondition, String> {
        toml::from_str::<Holder>(text)
            .map(|h| h.show_if)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn matches_each_operator_and_never_a_missing_answer() {
        let eq = SkipCondition::new("support.contacted", ConditionOp::Equals, vec![1]).unwrap();
        assert!(eq.matches(Some(1)));
        assert!(!eq.matches(Some(2)));
        assert!(!eq.matches(None));

        let one_of = SkipCondition::new("x", ConditionOp::OneOf, vec![1, 3]).unwrap();
        assert!(one_of.matches(Some(3)));
        assert!(!one_of.matches(Some(2)));
        assert!(!one_of.matches(None));

        let at_least = SkipCondition::new("x", ConditionOp::AtLeast, vec![4]).unwrap();
        assert!(at_least.matches(Some(4)) && at_least.matches(Some(5)));
        assert!(!at_least.matches(Some(3)) && !at_least.matches(None));

        let at_most = SkipCondition::new("x", ConditionOp::AtMost, vec![2]).unwrap();
        assert!(at_most.matches(Some(0)) && at_most.matches(Some(2)));
        assert!(!at_most.matches(Some(3)) && !at_most.matches(None));
    }

    #[test]
    fn text_form_round_trips() {
        for text in [
            "support.contacted equals 1",
            "x one_of 1,2",
            "usage.frequency at_least 3",
            "recommend.nps at_most 6",
            "a.b one_of -1,0,7",
        ] {
            let c: SkipCondition = text.parse().unwrap();
            assert_eq!(c.to_string(), text);
            assert_eq!(c.to_string().parse::<SkipCondition>().unwrap(), c);
        }
        let spaced: SkipCondition = " x one_of 1, 2 ".parse().unwrap();
        assert_eq!(spaced.to_string(), "x one_of 1,2");
    }

    #[test]
    fn text_form_errors_are_clear() {
        let e = "support.contacted".parse::<SkipCondition>().unwrap_err();
        assert!(e.to_string().contains("expected \"<item key> <operator>"));
        let e = "x is 1".parse::<SkipCondition>().unwrap_err();
        assert!(e.to_string().contains("not a known condition operator"));
        let e = "x equals yes".parse::<SkipCondition>().unwrap_err();
        assert!(e.to_string().contains("\"yes\""));
        let e = "x equals 1,2".parse::<SkipCondition>().unwrap_err();
        assert!(e.to_string().contains("exactly one value"));
        let e = "X.y equals 1".parse::<SkipCondition>().unwrap_err();
        assert!(e.to_string().contains("not an item key"));
    }

    #[test]
    fn parses_the_toml_shape() {
        let c = from_toml(r#"show_if = { item = "support.contacted", op = "equals", value = 1 }"#)
            .unwrap();
        assert_eq!(c.to_string(), "support.contacted equals 1");
        let c = from_toml(r#"show_if = { item = "x", op = "one_of", values = [1, 2] }"#).unwrap();
        assert_eq!(c.values, vec![1, 2]);

        let e = from_toml(r#"show_if = { item = "x", op = "equals" }"#).unwrap_err();
        assert!(e.contains("needs \"value\""), "{e}");
        let e = from_toml(r#"show_if = { item = "x", op = "equals", value = 1, values = [2] }"#)
            .unwrap_err();
        assert!(e.contains("both"), "{e}");
        let e = from_toml(r#"show_if = { item = "x", op = "near", value = 1 }"#).unwrap_err();
        assert!(e.contains("near"), "{e}");
        let e = from_toml(r#"show_if = { item = "x", op = "one_of", values = [] }"#).unwrap_err();
        assert!(e.contains("no value"), "{e}");
    }

    #[test]
    fn serde_shape_round_trips() {
        for text in ["x one_of 1,2", "support.contacted equals 1", "x one_of 4"] {
            let c: SkipCondition = text.parse().unwrap();
            let raw = RawCondition::from(c.clone());
            assert_eq!(SkipCondition::try_from(raw).unwrap(), c);
        }
    }
}
