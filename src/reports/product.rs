//! The product report model: what every format (page, print, CSV, XLSX, JSON) shows, already
//! scoped to the viewer's schools and with small cells withheld, so no export can show more
//! than the page.

mod comparisons;

pub use comparisons::{
    Comparison, Comparisons, SchoolGaps, SchoolTest, SupportTrend, Trend, WaveStat,
};

use serde::Serialize;
use utoipa::ToSchema;

/// One statistic as shown: the number with its 95% interval, or the reason it is withheld
/// (then no number at all, not even n).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Stat {
    /// Respondents behind it (absent when withheld).
    pub n: Option<u64>,
    /// Point estimate: a proportion in 0..1, a mean on 1–5, a net score on −100..100, or a count.
    pub value: Option<f64>,
    /// Lower 95% bound.
    pub low: Option<f64>,
    /// Upper 95% bound.
    pub high: Option<f64>,
    /// The value as printed ("62% (95% CI 55–69%)", "fewer than 10 answers").
    pub text: String,
    /// Why it is withheld: "small cell" or "complementary" (and, for cross-district
    /// benchmarks, "not enough districts"); absent when shown.
    pub withheld: Option<String>,
}

/// The report of one product in one survey wave, for one view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductReport {
    /// Survey public id.
    pub survey_id: String,
    /// Survey title.
    pub survey_title: String,
    /// Wave name.
    pub wave: String,
    /// Product public id.
    pub product_id: String,
    /// Product name.
    pub product: String,
    /// Vendor.
    pub vendor: String,
    /// Contract end (renewal date), ISO 8601.
    pub contract_end: Option<String>,
    /// What the view covers, in words ("All schools, all groups", "…, answered in Spanish").
    pub view: String,
    /// The respondent language the view is limited to (`en`, `es`); absent for every language.
    pub respondent_language: Option<String>,
    /// Verdict and evidence.
    pub summary: Summary,
    /// Constructs per group.
    pub constructs: Vec<ConstructRow>,
    /// Items per group.
    pub items: Vec<ItemRow>,
    /// Use rate per group.
    pub adoption: Vec<GroupStat>,
    /// What each adoption rate is a share of, in words, so every format says the same.
    pub adoption_basis: &'static str,
    /// Licensed features, most unaware first.
    pub features: Vec<FeatureRow>,
    /// Cost per active user, in the contract currency.
    pub cost_per_active_user: Option<String>,
    /// Training: confidence and training wanted, per group.
    pub training: Vec<TrainingRow>,
    /// Vendor support per group.
    pub support: Vec<GroupStat>,
    /// Net recommend score per group.
    pub recommend: Vec<GroupStat>,
    /// School × construct percent favourable.
    pub schools: SchoolTable,
    /// Differences between the schools the table shows, per construct (χ² over the schools,
    /// pairwise z tests Holm-adjusted over the section).
    pub school_gaps: SchoolGaps,
    /// Pairwise group gaps in percent favourable per construct.
    pub gaps: Comparisons,
    /// Free-text comments that pass the comment minimum, searched and paged; absent unless
    /// asked for (the comments page, print, PDF, JSON with `comments=true`), because they are
    /// read from the raw answers rather than the aggregates.
    pub comments: Option<CommentSection>,
    /// This wave against the previous wave of the series, per construct × group.
    pub trend: Trend,
    /// The vendor-support score in every wave of the series up to this one.
    pub support_trend: SupportTrend,
    /// The waves of the series with this product the viewer may see, oldest first.
    pub waves: Vec<WaveLink>,
    /// Per construct, the product's standing among the survey's products (shown figures only).
    pub standings: Vec<Standing>,
    /// Per construct, the same product pooled over other districts that opted in to
    /// benchmarks (no district named); absent unless this district opted in.
    pub pooled_benchmarks: Option<PooledBenchmarks>,
}

/// The verdict, why, and who answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Summary {
    /// Verdict key: renew, repair_adoption, repair_training, reconsider_vendor, replace,
    /// not_enough_data.
    pub verdict: String,
    /// Verdict in words.
    pub verdict_label: String,
    /// The fired rules, as plain sentences.
    pub evidence: Vec<String>,
    /// Completed responses and response rate per group.
    pub responses: Vec<ResponseRow>,
}

/// Responses of one group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseRow {
    /// Group label.
    pub group: String,
    /// Completed responses.
    pub completed: Stat,
    /// Completed responses ÷ the headcounts of the school × group cells the survey asks in
    /// the view; above 100% its text carries the flag and it has no interval.
    pub rate: Stat,
    /// The expected headcount the rate is measured against (absent when the rate is).
    pub expected: Option<u64>,
    /// "more responses than expected: check the headcount" when the rate is above 100%.
    pub rate_flag: Option<String>,
}

/// One statistic for one stakeholder group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupStat {
    /// Group label.
    pub group: String,
    /// The statistic.
    pub stat: Stat,
}

/// A construct for one group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConstructRow {
    /// Construct key.
    pub construct: String,
    /// Construct name.
    pub name: String,
    /// Group label.
    pub group: String,
    /// Percent favourable (4 or 5 on the 1–5 scale) with Wilson interval.
    pub favourable: Stat,
    /// Mean construct score on 1–5 with t interval.
    pub mean: Stat,
    /// Cronbach's alpha (absent when withheld or not computable).
    pub alpha: Option<f64>,
    /// Alpha as printed (two decimals, or "—").
    pub alpha_text: String,
    /// Share of answers 1..5, for the distribution bar (empty when withheld).
    pub distribution: Vec<f64>,
}

/// One item for one group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemRow {
    /// Construct key.
    pub construct: String,
    /// Item key.
    pub item: String,
    /// Wording in the report's language.
    pub wording: String,
    /// Group label.
    pub group: String,
    /// Percent favourable.
    pub favourable: Stat,
    /// Mean on 1–5.
    pub mean: Stat,
    /// Share of answers 1..5 (empty when withheld).
    pub distribution: Vec<f64>,
}

/// One licensed feature, over the view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureRow {
    /// Feature name.
    pub feature: String,
    /// Uses it.
    pub uses: Stat,
    /// Knows it, does not use it.
    pub knows: Stat,
    /// Did not know the product has it.
    pub unaware: Stat,
    /// Would like training on it.
    pub wants_training: Stat,
    /// False in a group view when the feature's audience leaves the group out: its figures
    /// then read "not asked of this group".
    pub asked: bool,
}

/// Confidence and training wanted of one group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingRow {
    /// Group label.
    pub group: String,
    /// Percent favourable on the confidence items.
    pub confident: Stat,
    /// Share wanting a lot more training.
    pub wants_a_lot_more: Stat,
}

/// School × construct percent favourable, with complementary suppression over the table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolTable {
    /// Construct names (columns).
    pub constructs: Vec<String>,
    /// One row per school of the view.
    pub rows: Vec<SchoolRow>,
}

/// One school's row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolRow {
    /// School name.
    pub school: String,
    /// One cell per construct.
    pub cells: Vec<SchoolCell>,
}

/// One school × construct cell.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolCell {
    /// Percent favourable.
    pub stat: Stat,
    /// Band for the shading class (high, middle, low, none); the text always carries the value.
    pub band: String,
}

/// The comments a view may show: only cells where at least `minimum` respondents commented,
/// each labelled with the narrowest cell that passed; a search looks only among these.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentSection {
    /// Respondents who must have commented for a cell's comments to be shown.
    pub minimum: u64,
    /// The search, as typed (absent when none).
    pub search: Option<String>,
    /// Comments this view may show, before the search.
    pub available: u64,
    /// Of those, the comments matching the search.
    pub matching: u64,
    /// "Showing 1–50 of 312 comments matching …".
    pub summary: String,
    /// This page (1-based).
    pub page: u64,
    /// Pages of matching comments (at least 1).
    pub pages: u64,
    /// The page before, if any.
    pub previous_page: Option<u64>,
    /// The page after, if any.
    pub next_page: Option<u64>,
    /// The comments of this page.
    pub shown: Vec<Comment>,
}

/// One comment, in the respondent's words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comment {
    /// The narrowest label that passed the minimum ("Ash Elementary, Teachers", "Teachers",
    /// "All groups").
    pub from: String,
    /// The words as written.
    pub text: String,
}

/// A wave of the series, for the wave picker.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WaveLink {
    /// Survey public id of the wave.
    pub survey_id: String,
    /// Wave name.
    pub wave: String,
    /// Whether this is the report's own wave.
    pub current: bool,
}

/// The product's rank on one construct among the survey's products whose percent favourable
/// is shown in this view (every group pooled); withheld products are neither ranked nor counted.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Standing {
    /// Construct key.
    pub construct: String,
    /// Construct name.
    pub name: String,
    /// 1 for the highest percent favourable (ties share a rank).
    pub rank: u64,
    /// Products ranked, this one included.
    pub of: u64,
    /// "2nd of 6 products on Ease of use".
    pub text: String,
}

/// The same product in other districts that opted in to benchmarks, per construct, beside
/// this view's own figure. Present only when the viewer's district opted in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PooledBenchmarks {
    /// Other contributing districts needed before a pooled figure is shown.
    pub min_districts: u64,
    /// Respondents the pool needs (this district's pooled minimum).
    pub min_n: u64,
    /// What the pooled figures are and how they are protected, in words.
    pub note: String,
    /// One row per construct of the product in this survey.
    pub rows: Vec<PooledRow>,
}

/// One construct: this view's percent favourable and the pooled one of other districts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PooledRow {
    /// Construct key.
    pub construct: String,
    /// Construct name.
    pub name: String,
    /// This view's percent favourable (the constructs section's first row: every group, or
    /// the chosen one).
    pub own: Stat,
    /// Other districts in the pool; absent when fewer than `min_districts` contribute.
    pub districts: Option<u64>,
    /// Percent favourable pooled over the other districts (every group and school), with its
    /// Wilson interval on the pooled respondents; withheld as "not enough districts" or
    /// "small cell" (fewer than `min_n` respondents pooled).
    pub pooled: Stat,
    /// "Across 3 other districts using Alpha: 71% favourable (95% CI 60–80%, n = 60)".
    pub text: String,
}

impl ProductReport {
    /// Whether any figure of this view's own cells is withheld: the response counts, every
    /// per-group section (constructs, items, use rate, features, training, support,
    /// recommend) and the schools table. The raw-responses export labels a set of rows with
    /// this view's school, group and language only when the view withholds nothing, so any
    /// figure an analyst computes over those rows is one the report shows.
    pub fn withholds_any(&self) -> bool {
        let mut stats = self
            .summary
            .responses
            .iter()
            .map(|r| &r.completed)
            .chain(
                self.constructs
                    .iter()
                    .flat_map(|r| [&r.favourable, &r.mean]),
            )
            .chain(self.items.iter().flat_map(|r| [&r.favourable, &r.mean]))
            .chain(self.adoption.iter().map(|r| &r.stat))
            .chain(
                self.features
                    .iter()
                    .flat_map(|r| [&r.uses, &r.knows, &r.unaware, &r.wants_training]),
            )
            .chain(
                self.training
                    .iter()
                    .flat_map(|r| [&r.confident, &r.wants_a_lot_more]),
            )
            .chain(self.support.iter().map(|r| &r.stat))
            .chain(self.recommend.iter().map(|r| &r.stat))
            .chain(
                self.schools
                    .rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|c| &c.stat)),
            );
        stats.any(|s| s.withheld.is_some())
    }
}
