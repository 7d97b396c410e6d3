//! Per licensed feature: use (1) / know but don't use (2) / unaware (3), plus "wants
//! training"; one stored answer per feature.

use super::{QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;

/// The feature matrix.
pub struct FeatureMatrix;

impl QuestionKind for FeatureMatrix {
    fn kind(&self) -> ItemKind {
        ItemKind::FeatureMatrix
    }

    fn answer_range(&self, _bounds: Option<(i64, i64)>) -> Option<(i64, i64)> {
        None
    }

    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
        if answer.not_applicable {
            return Ok(Touch::Nothing);
        }
        match (answer.value, answer.feature) {
            (Some(state @ 1..=3), Some(feature)) => Ok(Touch::Feature {
                feature,
                state: usize::try_from(state - 1).map_err(|_| Refused)?,
                training: answer.wants_training,
            }),
            _ => Err(Refused),
        }
    }

    fn keeps_text(&self) -> bool {
        false
    }

    fn counts_in_construct(&self) -> bool {
        false
    }
}
