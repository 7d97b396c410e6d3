//! Question kinds, one file each: everything a kind decides about its answers in one place.
//!
//! A kind is a unit struct implementing [`QuestionKind`]; [`of`] is the one exhaustive match
//! from the stored [`ItemKind`] to it. A trait rather than `match kind { … }` spread over the
//! callers: each file reads as the whole description of its kind, a new trait method is a
//! compile error in every kind until each says what it does, and a new `ItemKind` variant is
//! a compile error in [`of`] until its file exists. Callers ask the kind (which values it
//! accepts, which aggregate cell an answer touches, whether it keeps text, whether it counts
//! in a construct) instead of comparing kinds.
//!
//! Pure: depends on `domain` only, so the database layer (the aggregates) and the services
//! can both ask it.

mod feature_matrix;
mod long_text;
mod multi_choice;
mod number;
mod recommend;
mod scale5;
mod short_text;
mod single_choice;

use crate::domain::ItemKind;
use std::ops::RangeInclusive;

/// Everything the code outside this module needs to know about one kind of question.
pub trait QuestionKind: Sync {
    /// The stored kind this describes.
    fn kind(&self) -> ItemKind;

    /// The numeric answers an item of this kind accepts, for answer validation and skip
    /// conditions: `options` is the item's option count (0 when unknown, as for the routing
    /// item before assembly), `bounds` a number item's limits. `None` when the kind has no
    /// single range (text, the feature matrix, choices without options).
    fn accepted_values(
        &self,
        options: usize,
        bounds: Option<(i64, i64)>,
    ) -> Option<RangeInclusive<i64>>;

    /// The kind's name in the question bank.
    fn label(&self) -> &'static str;

    /// The kind's name on the form where a district writes its own question, or `None` when
    /// districts cannot write questions of this kind.
    fn authoring(&self) -> Option<&'static str>;

    /// Seconds an adult or teen takes to answer one question of this kind with `features`
    /// licensed features shown (the welcome page's time estimate).
    fn seconds(&self, features: usize) -> u32;

    /// Which aggregate cell a stored answer adds to, or why the aggregates cannot hold it.
    fn touches(&self, answer: &StoredAnswer<'_>) -> Result<Touch, Refused>;

    /// Whether answers are free text (read raw by the comments section and the export).
    fn keeps_text(&self) -> bool;

    /// Whether the item's answers make up construct scores (per group and product).
    fn counts_in_construct(&self) -> bool;

    /// How many option labels every wording of an item of this kind carries (the question
    /// bank's rule); `routing` is the product-use item, whose options are the survey's
    /// products, filled in at assembly.
    fn option_labels(&self, routing: bool) -> OptionLabels;

    /// Whether the answer is one number, so that an item may offer "does not apply" and a
    /// skip condition may depend on it.
    fn one_number(&self) -> bool;

    /// Whether the answers are shown as faces to grades 3–5 (and must be, when asked of them).
    fn faces(&self) -> bool;
}

/// The option labels a kind's wordings must carry, with the words the bank's error uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionLabels {
    /// Exactly this many.
    Exactly(usize, &'static str),
    /// At least this many.
    AtLeast(usize, &'static str),
}

impl OptionLabels {
    /// Whether `count` labels are what the kind needs.
    pub fn accepts(self, count: usize) -> bool {
        match self {
            OptionLabels::Exactly(n, _) => count == n,
            OptionLabels::AtLeast(n, _) => count >= n,
        }
    }

    /// What the kind needs, in words ("exactly 5 (one label per scale point)").
    pub fn need(self) -> &'static str {
        match self {
            OptionLabels::Exactly(_, words) | OptionLabels::AtLeast(_, words) => words,
        }
    }
}

/// No option labels: the answer is typed, or the options come from elsewhere.
pub(crate) const NO_LABELS: OptionLabels = OptionLabels::Exactly(0, "none");

/// The description of a stored kind: the one exhaustive match over [`ItemKind`].
pub fn of(kind: ItemKind) -> &'static dyn QuestionKind {
    match kind {
        ItemKind::Scale5 => &scale5::Scale5,
        ItemKind::Recommend => &recommend::Recommend,
        ItemKind::SingleChoice => &single_choice::SingleChoice,
        ItemKind::MultiChoice => &multi_choice::MultiChoice,
        ItemKind::FeatureMatrix => &feature_matrix::FeatureMatrix,
        ItemKind::Number => &number::Number,
        ItemKind::ShortText => &short_text::ShortText,
        ItemKind::LongText => &long_text::LongText,
    }
}

/// One stored answer as the kinds read it (the database row without its keys).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredAnswer<'a> {
    /// The number stored (scale point, option, state, number).
    pub value: Option<i64>,
    /// "Does not apply" was chosen.
    pub not_applicable: bool,
    /// The licensed feature a feature-matrix answer is about.
    pub feature: Option<i32>,
    /// "Wants training" was ticked (feature matrix).
    pub wants_training: bool,
    /// The text written (text kinds).
    pub text: Option<&'a str>,
}

/// The aggregate cell one answer adds to. The aggregates hold one table per shape; a new
/// kind that fits a shape needs no change outside its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touch {
    /// Nothing is counted (a skipped "does not apply", a blank text).
    Nothing,
    /// A scale cell's counter: 0..=4 for the points 1..=5, 5 for "does not apply".
    Scale(usize),
    /// A recommend cell per value 0..=10.
    Recommend(i32),
    /// A choice cell: the respondent answered, and the option (1-based) when one was chosen.
    Choice(Option<i32>),
    /// A feature cell: the feature, the state counter (0 use, 1 knows but does not use,
    /// 2 unaware) and whether training is wanted.
    Feature {
        /// The licensed feature.
        feature: i32,
        /// Counter index of the state.
        state: usize,
        /// Wants training.
        training: bool,
    },
    /// A number cell (n, Σx, Σx²) and its value's bin.
    Number(i64),
    /// A comment cell: one respondent who wrote something.
    Comment,
}

/// An answer its kind cannot hold (a bug or tampering that got past the parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// The comment cell a text answer touches: one when something non-blank was written.
fn comment(answer: &StoredAnswer<'_>) -> Touch {
    if answer.text.is_some_and(|t| !t.trim().is_empty()) {
        Touch::Comment
    } else {
        Touch::Nothing
    }
}

/// The kinds a district may write, in the order the form offers them.
pub fn authored() -> impl Iterator<Item = ItemKind> {
    ItemKind::ALL
        .iter()
        .copied()
        .filter(|k| of(*k).authoring().is_some())
}

/// The options of a choice item as answer values: 1..=options, none without options.
fn option_values(options: usize) -> Option<RangeInclusive<i64>> {
    (options > 0).then(|| 1..=i64::try_from(options).unwrap_or(i64::MAX))
}

/// The choice cell of a single- or multiple-choice answer: options are numbered from 1.
fn choice(answer: &StoredAnswer<'_>) -> Result<Touch, Refused> {
    match answer.value {
        None => Ok(Touch::Choice(None)),
        Some(v) => i32::try_from(v)
            .ok()
            .filter(|o| *o >= 1)
            .map(|o| Touch::Choice(Some(o)))
            .ok_or(Refused),
    }
}

#[cfg(test)]
mod tests;
