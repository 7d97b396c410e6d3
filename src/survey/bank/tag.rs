//! Item tags: how reports and the verdict find items by meaning rather than by key.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::{ItemKind, ParseError};

/// Semantic role of an item, so reports and the verdict find "the training-received item"
/// without hard-coding item keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemTag {
    /// The routing question "Which of these do you use?" (exactly one in the bank).
    ProductUse,
    /// Self-rated confidence with the product (scale; several allowed).
    Confidence,
    /// Training received: none / some / enough (single choice).
    TrainingReceived,
    /// Training wanted (single choice or scale).
    TrainingWanted,
    /// The feature matrix (use / know / unaware / wants training per licensed feature).
    FeatureUse,
    /// "Have you contacted the vendor's support?" (single choice, 1 = yes); gates support ratings.
    SupportContacted,
    /// A rating of the vendor's support, asked only of those who contacted it (several allowed).
    SupportRating,
    /// "Do you know whom to contact for help?" (single choice, 1 = yes).
    KnowsContact,
    /// Minutes of use in a typical week (number).
    MinutesPerWeek,
    /// The open comment about a product (free text).
    Comment,
    /// Likelihood to recommend, 0–10.
    Recommend,
}

impl ItemTag {
    /// Every tag, in documentation order.
    pub const ALL: &'static [ItemTag] = &[
        ItemTag::ProductUse,
        ItemTag::Confidence,
        ItemTag::TrainingReceived,
        ItemTag::TrainingWanted,
        ItemTag::FeatureUse,
        ItemTag::SupportContacted,
        ItemTag::SupportRating,
        ItemTag::KnowsContact,
        ItemTag::MinutesPerWeek,
        ItemTag::Comment,
        ItemTag::Recommend,
    ];

    /// The spelling used in the bank files and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemTag::ProductUse => "product_use",
            ItemTag::Confidence => "confidence",
            ItemTag::TrainingReceived => "training_received",
            ItemTag::TrainingWanted => "training_wanted",
            ItemTag::FeatureUse => "feature_use",
            ItemTag::SupportContacted => "support_contacted",
            ItemTag::SupportRating => "support_rating",
            ItemTag::KnowsContact => "knows_contact",
            ItemTag::MinutesPerWeek => "minutes_per_week",
            ItemTag::Comment => "comment",
            ItemTag::Recommend => "recommend",
        }
    }

    /// Whether at most one item in the whole bank may carry the tag (all but `confidence`
    /// and `support_rating`), so [`QuestionBank::item_tagged`] is unambiguous.
    pub fn is_unique(self) -> bool {
        !matches!(self, ItemTag::Confidence | ItemTag::SupportRating)
    }

    /// The item kinds the tag may be put on.
    pub fn allowed_kinds(self) -> &'static [ItemKind] {
        match self {
            ItemTag::ProductUse => &[ItemKind::MultiChoice],
            ItemTag::Confidence | ItemTag::SupportRating => &[ItemKind::Scale5],
            ItemTag::TrainingReceived | ItemTag::SupportContacted => &[ItemKind::SingleChoice],
            ItemTag::TrainingWanted | ItemTag::KnowsContact => {
                &[ItemKind::SingleChoice, ItemKind::Scale5]
            }
            ItemTag::FeatureUse => &[ItemKind::FeatureMatrix],
            ItemTag::MinutesPerWeek => &[ItemKind::Number],
            ItemTag::Comment => &[ItemKind::LongText, ItemKind::ShortText],
            ItemTag::Recommend => &[ItemKind::Recommend],
        }
    }
}

impl fmt::Display for ItemTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ItemTag {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        ItemTag::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = ItemTag::ALL.iter().map(|t| t.as_str()).collect();
                ParseError::new(format!(
                    "\"{s}\" is not a known item tag; expected one of: {}",
                    known.join(", ")
                ))
            })
    }
}
