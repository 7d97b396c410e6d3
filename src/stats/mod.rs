//! Pure statistics for Chorus reports.
//!
//! Every figure in a report is computed from *sufficient statistics* (per-cell
//! counts and integer sums, see [`aggregates`] and [`moments`]) that the database
//! layer keeps up to date as answers arrive. The functions here turn those
//! aggregates into report numbers. They do no I/O and know nothing about the
//! database or the web layer, so they can be tested against reference
//! implementations (scipy, statsmodels, pingouin) with fixtures kept in
//! `tests/fixtures/stats/`.
//!
//! Functions never panic and never return NaN: where a statistic cannot be
//! computed (no answers, one answer, zero variance, a single group...) they
//! return `None` and say so in their documentation. `docs/statistics.md`
//! explains each statistic for a district analyst; `docs/verdict.md` the
//! verdict rules.

pub mod aggregates;
pub mod comparisons;
pub mod construct;
pub mod contingency;
pub mod descriptive;
pub mod differences;
pub mod disclosure;
pub mod distributions;
pub mod moments;
pub mod multiple;
pub mod ranks;
pub mod suppression;
pub mod verdict;
mod verdict_rules;

#[cfg(test)]
mod tests;

pub use aggregates::{
    AggregateError, ChoiceCounts, FeatureCounts, FeatureUse, RecommendCounts, ScaleCounts,
};
pub use comparisons::{cohens_d, welch_t_test, WelchResult};
pub use construct::{
    construct_summary, cronbach_alpha, icc1, ClusterEffect, ConstructSummary, ItemDiagnostics,
    Reliability, MIN_ALPHA_RESPONDENTS,
};
pub use contingency::{
    chi_square_independence, chi_square_shares, two_proportion_z, two_share_z, ChiSquareResult,
    TwoProportionResult, MIN_EXPECTED,
};
pub use descriptive::{
    construct_favourable, describe, favourable_share, net_recommend, pooled_favourable,
    quantile_from_counts, quartiles, wilson, wilson_share, Interval, MeanSummary, NetScore,
    NetScoreMethod, Proportion, Quartiles,
};
pub use differences::{cohens_h, newcombe_difference, Magnitude};
pub use moments::{ConstructSums, Moments, NumericMoments};
pub use multiple::{adjust, benjamini_hochberg, holm, is_flagged, Adjustment, Effect};
pub use ranks::{align_bins, kruskal_wallis, mann_whitney, KruskalResult, MannWhitneyResult};
pub use suppression::{
    display_proportion, suppress, suppress_given, Count, Hidden, MarginTable, ProportionDisplay,
    SuppressionPolicy, SuppressionResult,
};
pub use verdict::{
    cost_per_active_user, decide, CostEstimate, Estimate, Evidence, FeatureEvidence,
    ProductEvidence, Verdict, VerdictOutcome, VerdictThresholds,
};
