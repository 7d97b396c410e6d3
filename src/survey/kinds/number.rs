//! A whole number within the item's bounds, with a unit (e.g. minutes per week); counted as
//! n, Σx, Σx² and per value.

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// A bounded whole number.
pub struct Number;

impl QuestionKind for Number {
    fn kind(&self) -> ItemKind {
        ItemKind::Number
    }

    fn accepted_values(
        &self,
        _options: usize,
        bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        bounds.map(|(min, max)| min..=max)
    }

    fn label(&self) -> &'static str {
        "Number"
    }

    fn authoring(&self) -> Option<&'static str> {
        Some("A number between bounds, with a unit")
    }

    fn seconds(&self, _features: usize) -> u32 {
        12
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

    fn option_labels(&self, _routing: bool) -> OptionLabels {
        super::NO_LABELS
    }

    fn one_number(&self) -> bool {
        true
    }

    fn faces(&self) -> bool {
        false
    }
}
