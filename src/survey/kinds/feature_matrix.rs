//! Per licensed feature: use (1) / know but don't use (2) / unaware (3), plus "wants
//! training"; one stored answer per feature.

use super::{OptionLabels, QuestionKind, Refused, StoredAnswer, Touch};
use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// The feature matrix.
pub struct FeatureMatrix;

impl QuestionKind for FeatureMatrix {
    fn kind(&self) -> ItemKind {
        ItemKind::FeatureMatrix
    }

    fn accepted_values(
        &self,
        _options: usize,
        _bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>> {
        None
    }

    fn label(&self) -> &'static str {
        "Feature matrix (one row per licensed feature)"
    }

    fn authoring(&self) -> Option<&'static str> {
        None
    }

    fn seconds(&self, features: usize) -> u32 {
        6 * u32::try_from(features).unwrap_or(u32::MAX / 8)
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

    fn option_labels(&self, _routing: bool) -> OptionLabels {
        OptionLabels::Exactly(
            4,
            "exactly 4 (use / know but don't use / unaware / wants training)",
        )
    }

    fn one_number(&self) -> bool {
        false
    }

    fn faces(&self) -> bool {
        false
    }
}
