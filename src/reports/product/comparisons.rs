//! The comparisons of a report: group gaps, differences between schools and the trend across
//! waves, each with its test, interval and effect size, as every format renders them.

use super::Stat;
use serde::Serialize;
use utoipa::ToSchema;

/// Differences in percent favourable between the schools whose cells the view shows (a
/// withheld or empty cell is never part of a test).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolGaps {
    /// Per construct with at least two schools shown, the χ² test of homogeneity over them.
    pub tests: Vec<SchoolTest>,
    /// Every pair of shown schools per construct (two-proportion z, Holm-adjusted over every
    /// pair of the section); `flagged` are stated as sentences.
    pub pairs: Comparisons,
    /// How the χ² tests and the pairwise tests relate, in words.
    pub method: String,
}

/// The χ² test of homogeneity of one construct's percent favourable over the shown schools:
/// favourable against not favourable, counts from the shown share × n.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolTest {
    /// Construct key.
    pub construct: String,
    /// Construct name.
    pub name: String,
    /// The schools tested, in table order.
    pub schools: Vec<String>,
    /// Respondents over the schools tested.
    pub n: u64,
    /// Pearson χ² (no continuity correction).
    pub chi_square: f64,
    /// Degrees of freedom (schools − 1).
    pub df: u64,
    /// p from χ²(df); absent when an expected count is below 5 (the approximation cannot be
    /// trusted, and the text says so).
    pub p: Option<f64>,
    /// p after Holm's adjustment over the section's χ² tests that have a p.
    pub adjusted_p: Option<f64>,
    /// Cramér's V (0..1).
    pub cramers_v: f64,
    /// The size of V in words: negligible, small (from 0.1), medium (0.3) or large (0.5).
    pub effect_size: String,
    /// The test as printed.
    pub text: String,
}

/// A comparison of percent favourable between two groups (or two waves, or two schools) of one
/// construct, with its two-proportion z test and the Holm-adjusted p over the report section,
/// the 95% interval of the difference and Cohen's h.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comparison {
    /// Construct key.
    pub construct: String,
    /// Construct name.
    pub name: String,
    /// The group both sides belong to (trend); absent for gaps between groups.
    pub group: Option<String>,
    /// First side: a group label (group gaps), this wave's name (trend) or a school.
    pub a: String,
    /// Second side: the other group, the previous wave's name, or the other school.
    pub b: String,
    /// Share favourable on the first side (0..1).
    pub favourable_a: f64,
    /// Share favourable on the second side (0..1).
    pub favourable_b: f64,
    /// Respondents on the first side.
    pub n_a: u64,
    /// Respondents on the second side.
    pub n_b: u64,
    /// Difference a − b in percentage points.
    pub points: f64,
    /// Lower bound of the 95% interval of the difference, in points (Newcombe's hybrid score
    /// method, from the two shares' Wilson intervals).
    pub points_low: f64,
    /// Upper bound of the 95% interval of the difference, in points.
    pub points_high: f64,
    /// Cohen's h = 2·asin√a − 2·asin√b (positive when a is higher).
    pub cohens_h: f64,
    /// The size of h in words: negligible, small (from 0.2), medium (0.5) or large (0.8).
    pub effect_size: String,
    /// Two-proportion z (positive when a is higher).
    pub z: f64,
    /// Two-sided p.
    pub p: f64,
    /// p after Holm's adjustment over every comparison of the section.
    pub adjusted_p: f64,
    /// Adjusted p below 0.05 and a difference of at least 10 points.
    pub flagged: bool,
    /// The comparison in words ("Teachers are less favourable than students on Ease of use:
    /// 48% vs 71%").
    pub sentence: String,
    /// The test, p, adjusted p and effect, as printed on demand.
    pub detail: String,
    /// The first share as printed ("48%").
    pub text_a: String,
    /// The second share as printed.
    pub text_b: String,
    /// The difference as printed ("−23 points").
    pub points_text: String,
    /// The 95% interval of the difference as printed ("−38 to −6 points").
    pub interval_text: String,
    /// Cohen's h as printed ("0.48, small").
    pub cohens_h_text: String,
    /// The adjusted p as printed ("0.003", "< 0.001").
    pub adjusted_p_text: String,
}

/// The comparisons of one report section, Holm-adjusted together.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comparisons {
    /// Every comparison tested (both cells shown); `flagged` marks the ones stated.
    pub tested: Vec<Comparison>,
    /// The flagged ones, for the page.
    pub flagged: Vec<Comparison>,
    /// How many were tested and flagged, in words.
    pub note: String,
}

/// This wave against the previous one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Trend {
    /// The previous wave's name; absent when there is none for this product and view.
    pub previous_wave: Option<String>,
    /// Percent favourable this wave (a) against the previous wave (b), per construct × group.
    pub comparisons: Comparisons,
}

/// Vendor support across waves.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupportTrend {
    /// Satisfaction among those who contacted support (the support section's first row:
    /// every group, or the chosen one), oldest wave first.
    pub waves: Vec<WaveStat>,
    /// The last change (this wave against the one before), when both are shown.
    pub last_change: Option<Comparison>,
    /// The trend in words.
    pub note: String,
}

/// One wave's statistic.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WaveStat {
    /// Wave name.
    pub wave: String,
    /// The statistic.
    pub stat: Stat,
}
