//! A short free-text answer. Text is not aggregated: the comment cells count respondents who wrote something.

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// A short free-text answer.
pub struct ShortText;

impl QuestionKind for ShortText {
    fn kind(&self) -> ItemKind {
        ItemKind::ShortText
    }

    fn accepted_values(
        &self,
        _options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        None
    }

    fn label(&self) -> &'static str {
        "Short text"
    }

    fn authoring(&self) -> Option<&'static str> {
        Some("Short text")
    }

    fn seconds(&self, _features: usize) -> u32 {
        25
    }

    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
        if answer.not_applicable {
            return Ok(Touch::Nothing);
        }
        Ok(super::comment(answer))
    }

    fn keeps_text(&self) -> bool {
        true
    }

    fn counts_in_construct(&self) -> bool {
        false
    }

    fn option_labels(&self, _routing: bool) -> OptionLabels {
        super::NO_LABELS
    }

    fn one_number(&self) -> bool {
        false
    }

    fn faces(&self) -> bool {
        false
    }
}
