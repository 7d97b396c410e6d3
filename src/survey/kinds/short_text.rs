//! A short free-text answer. Text is not aggregated: the comment cells count respondents who wrote something.

use super::{QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;

/// A short free-text answer.
pub struct ShortText;

impl QuestionKind for ShortText {
    fn kind(&self) -> ItemKind {
        ItemKind::ShortText
    }

    fn answer_range(&self, _bounds: Option<(i64, i64)>) -> Option<(i64, i64)> {
        None
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
}
