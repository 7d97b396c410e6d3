//! One option from a list (options numbered from 1).

use super::{QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;

/// One option from a list (options numbered from 1).
pub struct SingleChoice;

impl QuestionKind for SingleChoice {
    fn kind(&self) -> ItemKind {
        ItemKind::SingleChoice
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
