//! Likelihood to recommend, 0..=10 (counted per value).

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// Likelihood to recommend.
pub struct Recommend;

impl QuestionKind for Recommend {
    fn kind(&self) -> ItemKind {
        ItemKind::Recommend
    }

    fn accepted_values(
        &self,
        _options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        Some(0..=10)
    }

    fn label(&self) -> &'static str {
        "0–10 likelihood to recommend"
    }

    fn authoring(&self) -> Option<&'static str> {
        None
    }

    fn seconds(&self, _features: usize) -> u32 {
        8
    }

    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
        if answer.not_applicable {
            return Ok(Touch::Nothing);
        }
        match answer.value {
            Some(v @ 0..=10) => i32::try_from(v).map(Touch::Recommend).map_err(|_| Refused),
            _ => Err(Refused),
        }
    }

    fn keeps_text(&self) -> bool {
        false
    }

    fn counts_in_construct(&self) -> bool {
        false
    }

    fn option_labels(&self, _routing: bool) -> OptionLabels {
        OptionLabels::Exactly(2, "exactly 2 (the 0 and 10 anchors)")
    }

    fn one_number(&self) -> bool {
        true
    }

    fn faces(&self) -> bool {
        false
    }
}
