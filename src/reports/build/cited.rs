//! Verdict evidence may cite only figures the view's own tables show. The verdict is decided
//! on the view's cells, but a figure its sentence would print ("Value is clearly high: 83%
//! (95% CI 64–93%, n = 24)") can be one the tables withhold, primarily or to protect another
//! cell. Each sentence is checked against the already-protected sections of the same report:
//! when a figure it rests on is withheld there, the sentence keeps its finding and drops its
//! numbers.

use super::GROUP_ALL;
use crate::reports::product::{ConstructRow, FeatureRow, GroupStat, Stat, TrainingRow};
use crate::stats::Evidence;

/// The protected sections a sentence may cite, for the view's row ("All groups", or the
/// group the view is filtered to).
pub struct Shown<'a> {
    /// The row every figure of the view sits in.
    pub row: &'a str,
    /// Construct rows.
    pub constructs: &'a [ConstructRow],
    /// Use rate rows.
    pub adoption: &'a [GroupStat],
    /// Feature matrix rows.
    pub features: &'a [FeatureRow],
    /// Training rows.
    pub training: &'a [TrainingRow],
    /// Support rows.
    pub support: &'a [GroupStat],
    /// Whether the cost per active user is shown.
    pub cost: bool,
    /// Feature names by id (the matrix rows are named, the evidence numbered).
    pub feature_names: &'a [(i64, String)],
}

fn shown(stat: &Stat) -> bool {
    stat.withheld.is_none() && stat.value.is_some()
}

impl Shown<'_> {
    fn construct(&self, key: &str) -> bool {
        self.constructs
            .iter()
            .any(|r| r.construct == key && r.group == self.row && shown(&r.favourable))
    }

    fn group_stat(&self, rows: &[GroupStat]) -> bool {
        rows.iter().any(|r| r.group == self.row && shown(&r.stat))
            && rows
                .iter()
                .filter(|r| r.group != GROUP_ALL)
                .all(|r| r.stat.withheld.is_none())
    }

    fn training_row(&self, pick: impl Fn(&TrainingRow) -> &Stat) -> bool {
        self.training
            .iter()
            .any(|r| r.group == self.row && shown(pick(r)))
    }

    fn feature(&self, id: i64) -> bool {
        let Some((_, name)) = self.feature_names.iter().find(|(f, _)| *f == id) else {
            return false;
        };
        self.features
            .iter()
            .any(|r| &r.feature == name && shown(&r.unaware) && shown(&r.knows))
    }

    /// Whether every figure `e`'s sentence prints is shown by the view's tables.
    pub fn cites_only_shown(&self, e: &Evidence) -> bool {
        match e {
            Evidence::ValueMissing => true,
            Evidence::TooFewResponses { .. }
            | Evidence::ValueImprecise { .. }
            | Evidence::ValueClearlyLow { .. }
            | Evidence::ValueNotClearlyHigh { .. }
            | Evidence::ValueClearlyHigh { .. } => self.construct("impact"),
            Evidence::SupportClearlyPoor { .. } | Evidence::SupportDeclined { .. } => {
                self.group_stat(self.support)
            }
            Evidence::ConfidenceGap { .. } => self.training_row(|r| &r.confident),
            Evidence::HighTrainingDemand { .. } => self.training_row(|r| &r.wants_a_lot_more),
            Evidence::LowUse { .. } => self.group_stat(self.adoption),
            Evidence::LowFeatureAwareness { feature_id, .. } => self.feature(*feature_id),
            Evidence::CostAboveMedian { .. } => self.cost && self.group_stat(self.adoption),
        }
    }
}

/// The finding of `e` without its figures, for a view whose tables withhold them.
pub fn without_figures(e: &Evidence) -> String {
    let finding = match e {
        Evidence::ValueMissing => "Nobody answered the value questions yet",
        Evidence::TooFewResponses { .. } => "Too few people answered the value questions to judge",
        Evidence::ValueImprecise { .. } => "Value is still uncertain",
        Evidence::ValueClearlyLow { .. } => "Value is clearly low",
        Evidence::ValueNotClearlyHigh { .. } => "Value is middling",
        Evidence::ValueClearlyHigh { .. } => "Value is clearly high",
        Evidence::SupportClearlyPoor { .. } => "Vendor support is clearly poor",
        Evidence::SupportDeclined { .. } => "Vendor support fell since the last wave",
        Evidence::ConfidenceGap { .. } => "Few users feel confident with it",
        Evidence::HighTrainingDemand { .. } => "Many users want a lot more training",
        Evidence::LowUse { .. } => "Few of those asked use it",
        Evidence::LowFeatureAwareness { .. } => "Few respondents know a licensed feature exists",
        Evidence::CostAboveMedian { .. } => {
            "Cost per active user is high against the district median"
        }
    };
    format!(
        "{finding} (its figures are withheld in this view: a group in it is too small to show)."
    )
}
