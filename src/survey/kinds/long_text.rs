//! A long free-text answer (comments). Text is not aggregated: the comment cells count respondents who wrote something.

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// A long free-text answer (comments).
pub struct LongText;

impl QuestionKind for LongText {
    fn kind(&self) -> ItemKind {
        ItemKind::LongText
    }

    fn accepted_values(
        &self,
        _options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        None
    }

    fn label(&self) -> &'static str {
        "Comment"
    }

    fn authoring(&self) -> Option<&'static str> {
        Some("Comment (long text)")
    }

    fn seconds(&self, _features: usize) -> u32 {
        45
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
