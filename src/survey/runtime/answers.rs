//! A respondent's answers so far, as kept in the save-and-resume draft, keyed by the form
//! field they were given in (`q12` for an item, `q12p3` for an item about product 3).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One typed answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// A scale point, recommend score, option number or number.
    Value(i64),
    /// "Does not apply".
    NotApplicable,
    /// The options ticked on a multiple-choice item (1-based, ascending).
    Choices(Vec<i64>),
    /// "None of these" on the product-use question: the respondent uses none of the
    /// survey's products, skips every product block and is counted as a non-user.
    NoneOfThese,
    /// Free text (trimmed, within the length limit).
    Text(String),
    /// A feature-matrix row: use / know / unaware (1..=3) and the training tick.
    Feature {
        /// 1..=3, or none when only training was ticked (refused at parsing).
        state: i64,
        /// Would like training on it.
        training: bool,
    },
}

impl Answer {
    /// The number a skip condition compares with: the value, or the first option ticked.
    pub fn number(&self) -> Option<i64> {
        match self {
            Answer::Value(v) => Some(*v),
            Answer::Choices(c) => c.first().copied(),
            _ => None,
        }
    }
}

/// Everything a draft holds besides its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftState {
    /// The idempotency key its submission will carry (a re-post stores nothing new).
    pub key: String,
    /// Chooses which of the products used are asked about when there are more than the cap.
    pub seed: u64,
    /// Answers by field name.
    pub answers: BTreeMap<String, Answer>,
}

impl DraftState {
    /// A fresh draft state with a random submission key and sampling seed.
    pub fn fresh() -> DraftState {
        DraftState {
            key: crate::domain::PublicToken::generate(24)
                .as_str()
                .to_string(),
            seed: rand::random(),
            answers: BTreeMap::new(),
        }
    }

    /// Reads a stored state; a corrupted one reads as empty (the respondent starts over).
    pub fn from_json(text: &str) -> DraftState {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The field name of an item, or of an item within a product block.
pub fn field_name(item: i32, product: Option<i32>) -> String {
    match product {
        Some(p) => format!("q{item}p{p}"),
        None => format!("q{item}"),
    }
}

/// The value posted for "None of these" on the product-use question.
pub const NONE_OF_THESE: &str = "none";

/// The stored value of a product-use answer meaning "None of these" (a product's option is
/// its 1-based position, so 0 is never a product).
pub const NONE_OF_THESE_VALUE: i64 = 0;

/// The field name of one feature row of a feature-matrix item.
pub fn feature_field(base: &str, feature: i32) -> String {
    format!("{base}f{feature}")
}

/// The field name of the "I'd like training" tick of a feature row.
pub fn training_field(base: &str, feature: i32) -> String {
    format!("{base}f{feature}t")
}
