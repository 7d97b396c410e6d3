//! Any number of options from a list, one stored answer per option ticked (numbered from 1).

use super::{QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;

/// Any number of options from a list, one stored answer per option ticked (numbered from 1).
pub struct MultiChoice;

impl QuestionKind for MultiChoice {
    fn kind(&self) -> ItemKind {
        ItemKind::MultiChoice
    }

    fn answer_range(&self, _bounds: Option<(i64, i64)>) -> Option<(i64, i64)> {
        None
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
}
