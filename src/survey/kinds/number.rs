//! A whole number within the item's bounds, with a unit (e.g. minutes per week); counted as
//! n, Σx, Σx² and per value.

use super::{QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;

/// A bounded whole number.
pub struct Number;

impl QuestionKind for Number {
    fn kind(&self) -> ItemKind {
        ItemKind::Number
    }

    fn answer_range(&self, bounds: Option<(i64, i64)>) -> Option<(i64, i64)> {
        bounds
    }

    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
        if answer.not_applicable {
            return Ok(Touch::Nothing);
        }
        answer.value.map(Touch::Number).ok_or(Refused)
    }

    fn keeps_text(&self) -> bool {
        false
    }

    fn counts_in_construct(&self) -> bool {
        false
    }
}
