//! Per-cell counters for categorical items (scales, recommend, choice, feature matrix).
//!
//! A *cell* is (survey, product, item, stakeholder group, school). The database
//! keeps one of these per cell as integer columns and folds every submission
//! into it; larger views are built by [`merge`](ScaleCounts::merge)-ing cells.
//! Counts are `u64`, so merging never loses precision.

use super::descriptive::{wilson, Proportion};
use super::moments::Moments;
use serde::Serialize;

/// Why an answer could not be folded into an aggregate.
///
/// Exists so that a malformed submission is rejected with a reason instead of
/// corrupting counters or panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AggregateError {
    /// The value is outside the item's scale (e.g. 6 on a 1–5 scale).
    OutOfRange {
        /// The offending value.
        value: i64,
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A choice answer named the same option twice.
    DuplicateOption(usize),
    /// A construct answer had a different number of items than the construct.
    WrongItemCount {
        /// Items the construct has.
        expected: usize,
        /// Items in the answer.
        got: usize,
    },
    /// Integer sums would overflow (only possible with absurd numeric answers).
    Overflow,
}

impl std::fmt::Display for AggregateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OutOfRange { value, min, max } => {
                write!(f, "value {value} outside {min}..={max}")
            }
            Self::DuplicateOption(i) => write!(f, "option {i} chosen twice"),
            Self::WrongItemCount { expected, got } => {
                write!(f, "expected {expected} items, got {got}")
            }
            Self::Overflow => write!(f, "sum overflow"),
        }
    }
}

impl std::error::Error for AggregateError {}

/// Counts for one 5-point scale item in one cell: `counts[v-1]` answers of value
/// `v` (1..=5), plus "does not apply" answers, which are kept apart and
/// excluded from `n` and every statistic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScaleCounts {
    /// Answers per value 1..=5.
    pub counts: [u64; 5],
    /// "Does not apply" answers (not part of n).
    pub not_applicable: u64,
}

impl ScaleCounts {
    /// Folds one answer in; `None` means "does not apply".
    pub fn add_response(&mut self, value: Option<u8>) -> Result<(), AggregateError> {
        match value {
            None => self.not_applicable += 1,
            Some(v @ 1..=5) => self.counts[usize::from(v) - 1] += 1,
            Some(v) => {
                return Err(AggregateError::OutOfRange {
                    value: i64::from(v),
                    min: 1,
                    max: 5,
                })
            }
        }
        Ok(())
    }

    /// Adds another cell's counts (e.g. another school) into this one.
    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
        self.not_applicable += other.not_applicable;
    }

    /// Respondents with a value (excluding "does not apply").
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Exact integer moments (n, Σx, Σx²) for means, variances and t-tests.
    pub fn moments(&self) -> Moments {
        Moments::from_value_counts((1..=5).zip(self.counts.iter().copied()))
    }

    /// `(value, count)` pairs in ascending order, for quartiles and rank tests.
    pub fn value_counts(&self) -> Vec<(i64, u64)> {
        (1..=5).zip(self.counts.iter().copied()).collect()
    }

    /// Percent favourable: the top two boxes (4 and 5) over n, with its Wilson
    /// interval. `None` when n = 0.
    pub fn favourable(&self) -> Option<Proportion> {
        wilson(self.counts[3] + self.counts[4], self.n())
    }
}

/// Counts for one 0–10 "how likely are you to recommend" item: `counts[v]`
/// answers of value `v`. Kept apart from 5-point scales because the net
/// recommend score groups values differently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RecommendCounts {
    /// Answers per value 0..=10.
    pub counts: [u64; 11],
}

impl RecommendCounts {
    /// Folds one answer (0..=10) in.
    pub fn add_response(&mut self, value: u8) -> Result<(), AggregateError> {
        if value > 10 {
            return Err(AggregateError::OutOfRange {
                value: i64::from(value),
                min: 0,
                max: 10,
            });
        }
        self.counts[usize::from(value)] += 1;
        Ok(())
    }

    /// Adds another cell's counts into this one.
    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Exact integer moments of the 0–10 values.
    pub fn moments(&self) -> Moments {
        Moments::from_value_counts((0..=10).zip(self.counts.iter().copied()))
    }

    /// `(value, count)` pairs in ascending order.
    pub fn value_counts(&self) -> Vec<(i64, u64)> {
        (0..=10).zip(self.counts.iter().copied()).collect()
    }
}

/// Counts for a single- or multiple-choice item: how many respondents saw it
/// and how many picked each option (by option index). For multiple choice the
/// option counts can sum to more than `seen`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChoiceCounts {
    /// Respondents who were shown the item (the denominator).
    pub seen: u64,
    /// Picks per option index.
    pub counts: Vec<u64>,
}

impl ChoiceCounts {
    /// An empty counter for an item with `options` options.
    pub fn new(options: usize) -> Self {
        Self {
            seen: 0,
            counts: vec![0; options],
        }
    }

    /// Folds one respondent in: they saw the item and picked `selected`
    /// (empty = skipped it). Rejects unknown or repeated option indices.
    pub fn add_response(&mut self, selected: &[usize]) -> Result<(), AggregateError> {
        for (i, &opt) in selected.iter().enumerate() {
            if opt >= self.counts.len() {
                return Err(AggregateError::OutOfRange {
                    value: i64::try_from(opt).unwrap_or(i64::MAX),
                    min: 0,
                    max: i64::try_from(self.counts.len()).unwrap_or(i64::MAX) - 1,
                });
            }
            if selected[..i].contains(&opt) {
                return Err(AggregateError::DuplicateOption(opt));
            }
        }
        self.seen += 1;
        for &opt in selected {
            self.counts[opt] += 1;
        }
        Ok(())
    }

    /// Adds another cell's counts. If the other cell knows more options (an
    /// option was added to the item later) this counter is extended with zeros.
    pub fn merge(&mut self, other: &Self) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
        self.seen += other.seen;
    }

    /// Share of respondents who saw the item and picked `option`, with Wilson
    /// interval. `None` when nobody saw the item or the option does not exist.
    pub fn share(&self, option: usize) -> Option<Proportion> {
        wilson(*self.counts.get(option)?, self.seen)
    }
}

/// A respondent's state for one licensed feature in the feature matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FeatureUse {
    /// "I use it".
    Uses,
    /// "I know it but don't use it".
    KnowsNotUses,
    /// "I didn't know it had this".
    Unaware,
}

/// Counts for one feature of a product in one cell, so that adoption,
/// awareness gaps and training demand can be reported per licensed feature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FeatureCounts {
    /// "I use it".
    pub uses: u64,
    /// "I know it but don't use it".
    pub knows_not_uses: u64,
    /// "I didn't know it had this".
    pub unaware: u64,
    /// "I'd like training on it" (independent of the state).
    pub wants_training: u64,
}

impl FeatureCounts {
    /// Folds one respondent's answer for this feature in.
    pub fn add_response(&mut self, state: FeatureUse, wants_training: bool) {
        match state {
            FeatureUse::Uses => self.uses += 1,
            FeatureUse::KnowsNotUses => self.knows_not_uses += 1,
            FeatureUse::Unaware => self.unaware += 1,
        }
        if wants_training {
            self.wants_training += 1;
        }
    }

    /// Adds another cell's counts into this one.
    pub fn merge(&mut self, other: &Self) {
        self.uses += other.uses;
        self.knows_not_uses += other.knows_not_uses;
        self.unaware += other.unaware;
        self.wants_training += other.wants_training;
    }

    /// Respondents who answered for this feature (the denominator).
    pub fn answered(&self) -> u64 {
        self.uses + self.knows_not_uses + self.unaware
    }

    /// Feature adoption = use / answered, with Wilson interval.
    pub fn adoption(&self) -> Option<Proportion> {
        wilson(self.uses, self.answered())
    }

    /// Awareness = (use + know) / answered, i.e. 1 − awareness gap.
    pub fn awareness(&self) -> Option<Proportion> {
        wilson(self.uses + self.knows_not_uses, self.answered())
    }

    /// Awareness gap = unaware / answered, with Wilson interval.
    pub fn awareness_gap(&self) -> Option<Proportion> {
        wilson(self.unaware, self.answered())
    }

    /// Training demand = wants training / answered, with Wilson interval.
    pub fn training_demand(&self) -> Option<Proportion> {
        wilson(self.wants_training.min(self.answered()), self.answered())
    }
}
