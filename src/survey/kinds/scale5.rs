//! A 5-point scale with a verbal label on every point (values 1..=5), "does not apply"
//! allowed; its items make up constructs.

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// The 5-point scale.
pub struct Scale5;

impl QuestionKind for Scale5 {
    fn kind(&self) -> ItemKind {
        ItemKind::Scale5
    }

    fn accepted_values(
        &self,
        _options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        Some(1..=5)
    }

    fn label(&self) -> &'static str {
        "5-point scale"
    }

    fn authoring(&self) -> Option<&'static str> {
        Some("5-point scale (five labelled answers, least favourable first)")
    }

    fn seconds(&self, _features: usize) -> u32 {
        8
    }

    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
        if answer.not_applicable {
            return Ok(Touch::Scale(5));
        }
        match answer.value {
            Some(v @ 1..=5) => usize::try_from(v - 1)
                .map(Touch::Scale)
                .map_err(|_| Refused),
            _ => Err(Refused),
        }
    }

    fn keeps_text(&self) -> bool {
        false
    }

    fn counts_in_construct(&self) -> bool {
        true
    }

    fn option_labels(&self, _routing: bool) -> OptionLabels {
        OptionLabels::Exactly(5, "exactly 5 (one label per scale point)")
    }

    fn one_number(&self) -> bool {
        true
    }

    fn faces(&self) -> bool {
        true
    }
}
