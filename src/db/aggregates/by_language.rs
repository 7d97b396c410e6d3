//! A batch's increments kept apart by respondent language, as the aggregate tables keep them:
//! a report limited to one language then reads its cells like any other view, and the view
//! of every language sums the languages as it sums the shards.

use super::delta::{AggregateDelta, DeltaError};
use super::layout::AggregationLayout;
use crate::db::models::responses::{NewAnswer, NewResponse};
use crate::domain::Language;
use std::collections::BTreeMap;

/// Increments per respondent language, in language order (so concurrent writers take row
/// locks in the same order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageDeltas {
    by_language: BTreeMap<Language, AggregateDelta>,
}

impl LanguageDeltas {
    /// Folds one submitted response and its answers into its language's increments. On an
    /// error the deltas may hold part of the response: fold each submission into its own
    /// deltas and [`merge`](Self::merge) those that succeed.
    pub fn add(
        &mut self,
        layout: &AggregationLayout,
        response: &NewResponse,
        answers: &[NewAnswer],
    ) -> Result<(), DeltaError> {
        let language = response.language;
        self.by_language
            .entry(language)
            .or_default()
            .add(layout, response, answers)
    }

    /// Adds another batch's increments, language by language.
    pub fn merge(&mut self, other: LanguageDeltas) {
        for (language, delta) in other.by_language {
            self.by_language.entry(language).or_default().merge(delta);
        }
    }

    /// True when nothing would be written.
    pub fn is_empty(&self) -> bool {
        self.by_language.values().all(AggregateDelta::is_empty)
    }

    /// Each language's increments, in language order.
    pub fn iter(&self) -> impl Iterator<Item = (Language, &AggregateDelta)> {
        self.by_language.iter().map(|(l, d)| (*l, d))
    }
}
