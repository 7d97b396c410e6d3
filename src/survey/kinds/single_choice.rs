//! One option from a list (options numbered from 1).

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// One option from a list (options numbered from 1).
pub struct SingleChoice;

impl QuestionKind for SingleChoice {
    fn kind(&self) -> ItemKind {
        ItemKind::SingleChoice
    }

    fn accepted_values(
        &self,
        options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        super::option_values(options)
    }

    fn label(&self) -> &'static str {
        "One choice"
    }

    fn authoring(&self) -> Option<&'static str> {
        Some("One choice from a list")
    }

    fn seconds(&self, _features: usize) -> u32 {
        10
    }

    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
        if answer.not_applicable {
            return Ok(Touch::Nothing);
        }
        super::choice(answer)
    }

    fn keeps_text(&self) -> bool {
        false
    }

    fn counts_in_construct(&self) -> bool {
        false
    }

    fn option_labels(&self, _routing: bool) -> OptionLabels {
        OptionLabels::AtLeast(2, "at least 2")
    }

    fn one_number(&self) -> bool {
        true
    }

    fn faces(&self) -> bool {
        false
    }
}
