//! Any number of options from a list, one stored answer per option ticked (numbered from 1).

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// Any number of options from a list, one stored answer per option ticked (numbered from 1).
pub struct MultiChoice;

impl QuestionKind for MultiChoice {
    fn kind(&self) -> ItemKind {
        ItemKind::MultiChoice
    }

    fn accepted_values(
        &self,
        options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        super::option_values(options)
    }

    fn label(&self) -> &'static str {
        "Any number of choices"
    }

    fn authoring(&self) -> Option<&'static str> {
        Some("Any number of choices from a list")
    }

    fn seconds(&self, _features: usize) -> u32 {
        12
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

    fn option_labels(&self, routing: bool) -> OptionLabels {
        if routing {
            OptionLabels::Exactly(0, "none (the survey's products are filled in at assembly)")
        } else {
            OptionLabels::AtLeast(2, "at least 2")
        }
    }

    fn one_number(&self) -> bool {
        false
    }

    fn faces(&self) -> bool {
        false
    }
}
