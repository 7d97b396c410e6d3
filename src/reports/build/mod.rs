//! Assembles a [`ProductReport`] from its loaded inputs, one module per section. Every
//! statistic is computed over the view and checked against the same row over the whole
//! district (complementary suppression), so a filtered or scoped view never shows a value
//! whose difference to the district figure would be a small cell.

mod across_schools;
mod adoption;
mod benchmarks;
mod cited;
pub mod comments;
mod compare;
mod constructs;
mod gaps;
mod group_rows;
pub(crate) mod lattice;
mod pooled;
mod school_gaps;
mod schools;
mod summary;
mod support;
mod trend;

pub use summary::verdict_names;

use super::cells::{Check, Minimums, Unfiltered, View, Within};
use super::evidence::CellFilter;
use super::load::ReportInputs;
use super::product::ProductReport;
use crate::db::aggregates::AggregateDelta;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{Language, StakeholderGroup};
use crate::stats::{
    construct_favourable, ConstructSums, FeatureCounts, RecommendCounts, ScaleCounts,
};
use crate::survey::bank::QuestionBank;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// The label of rows pooling every group.
pub const GROUP_ALL: &str = "All groups";

/// The rows of a per-group section: every group pooled (unless the view picks one), then
/// each group of the survey the view covers.
fn groups_of(inputs: &ReportInputs, view: &View) -> Vec<Option<StakeholderGroup>> {
    match view.group {
        Some(g) => vec![Some(g)],
        None => std::iter::once(None)
            .chain(inputs.groups.iter().copied().map(Some))
            .collect(),
    }
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Sums over the snapshot's cells of one product, for any cell filter: a filter that keeps
/// one respondent language reads that language's aggregates, any other those of every
/// language.
pub struct Sums<'a> {
    snap: &'a AggregateDelta,
    by_language: Vec<(Language, &'a AggregateDelta)>,
    product: i32,
    items: HashMap<i32, &'a SurveyItemRow>,
    inputs: &'a ReportInputs,
}

/// What a language view reads when its language's aggregates are missing: nobody, never the
/// other languages.
static NOBODY: LazyLock<AggregateDelta> = LazyLock::new(AggregateDelta::default);

/// What a row of the view is checked against for complementary suppression.
pub struct Reference<'v> {
    view: &'v View,
    group: Option<StakeholderGroup>,
}

impl Reference<'_> {
    /// The count (`measure` over a filter) that a figure over `n` respondents of the view
    /// must differ from by 0 or at least the minimum: the same row over the whole district;
    /// for a language view, the same row of the view in every language when it has more
    /// respondents than `n` (the page shows it without the filter, so the difference would
    /// be the other language's cell), else the district's row.
    pub fn n(&self, n: u64, measure: impl Fn(&dyn CellFilter) -> u64) -> u64 {
        let district = measure(&Unfiltered(group_row(self.group)));
        if self.view.language.is_none() {
            return district;
        }
        let base = self.view.all_languages();
        let every_language = measure(&Within {
            view: &base,
            row: group_row(self.group),
        });
        if every_language > n {
            every_language
        } else {
            district
        }
    }

    /// How a figure over `n` respondents of the row is checked: against [`Self::n`], at
    /// `min`, and by the lattice's decision for the quantity `key` that `measure` counts.
    pub fn check(
        &self,
        sums: &Sums,
        key: &str,
        n: u64,
        min: u64,
        measure: impl Fn(&dyn CellFilter) -> u64,
    ) -> Check {
        Check {
            n_all: self.n(n, &measure),
            min,
            lattice: sums.lattice_hides(key, &measure, self.view, None, self.group),
        }
    }
}

/// The rows of one group (or every group) within the view, and what they are checked
/// against.
fn row(
    view: &View,
    group: Option<StakeholderGroup>,
) -> (
    Within<'_, impl Fn(i32, StakeholderGroup) -> bool + Clone>,
    Reference<'_>,
) {
    (
        Within {
            view,
            row: group_row(group),
        },
        Reference { view, group },
    )
}

/// Selects one group, or every group.
fn group_row(group: Option<StakeholderGroup>) -> impl Fn(i32, StakeholderGroup) -> bool + Clone {
    move |_, g| group.is_none_or(|x| x == g)
}

impl<'a> Sums<'a> {
    fn new(inputs: &'a ReportInputs) -> Self {
        Self {
            snap: &inputs.snapshot,
            by_language: inputs
                .by_language
                .iter()
                .map(|(l, snap)| (*l, snap.as_ref()))
                .collect(),
            product: inputs.product.id,
            items: inputs.items.iter().map(|i| (i.id, i)).collect(),
            inputs,
        }
    }

    /// The cells a filter reads: its language's aggregates for a language filter, else those
    /// of every language.
    fn cells(&self, filter: &dyn CellFilter) -> &AggregateDelta {
        if let (Some(language), Some(cell)) = (filter.language(), filter.single_cell()) {
            return self
                .inputs
                .cells_by_language()
                .iter()
                .find(|(l, _)| *l == language)
                .and_then(|(_, cells)| cells.get(&cell))
                .unwrap_or(&NOBODY);
        }
        match filter.language() {
            Some(language) => self
                .by_language
                .iter()
                .find(|(l, _)| *l == language)
                .map_or(&NOBODY, |(_, snap)| *snap),
            None => self.snap,
        }
    }

    /// Scale counts per item of the product picked by `pick`.
    fn scale(
        &self,
        filter: &dyn CellFilter,
        pick: &dyn Fn(&SurveyItemRow) -> bool,
    ) -> BTreeMap<i32, ScaleCounts> {
        let mut out: BTreeMap<i32, ScaleCounts> = BTreeMap::new();
        for (key, c) in &self.cells(filter).scale {
            if key.product_id != self.product || !filter.includes(key.school_id, key.group) {
                continue;
            }
            if !self.items.get(&key.survey_item_id).is_some_and(|i| pick(i)) {
                continue;
            }
            out.entry(key.survey_item_id)
                .or_default()
                .merge(&ScaleCounts {
                    counts: [c[0], c[1], c[2], c[3], c[4]].map(count),
                    not_applicable: count(c[5]),
                });
        }
        out
    }

    /// Scale counts per (school, group, item) of the product's items picked by `pick`, in one
    /// pass: the schools table needs every school × group cell, and a pass per cell would
    /// read the whole snapshot hundreds of times.
    fn scale_cells(
        &self,
        filter: &dyn CellFilter,
        pick: &dyn Fn(&SurveyItemRow) -> bool,
    ) -> HashMap<(i32, StakeholderGroup, i32), ScaleCounts> {
        let mut out: HashMap<(i32, StakeholderGroup, i32), ScaleCounts> = HashMap::new();
        for (key, c) in &self.cells(filter).scale {
            if key.product_id != self.product || !filter.includes(key.school_id, key.group) {
                continue;
            }
            if !self.items.get(&key.survey_item_id).is_some_and(|i| pick(i)) {
                continue;
            }
            out.entry((key.school_id, key.group, key.survey_item_id))
                .or_default()
                .merge(&ScaleCounts {
                    counts: [c[0], c[1], c[2], c[3], c[4]].map(count),
                    not_applicable: count(c[5]),
                });
        }
        out
    }

    /// Respondents behind a construct's percent favourable over the filter.
    fn construct_answers(&self, filter: &dyn CellFilter, key: &str) -> u64 {
        let pick = |i: &SurveyItemRow| i.per_product && i.construct_key == key;
        let cells: Vec<ScaleCounts> = self.scale(filter, &pick).into_values().collect();
        construct_favourable(&cells).map_or(0, |p| p.n)
    }

    /// The construct's sums over the filter (`None` when no cell has answers).
    fn construct(&self, filter: &dyn CellFilter, key: &str) -> Option<ConstructSums> {
        let mut out: Option<ConstructSums> = None;
        for (k, c) in &self.cells(filter).construct {
            if k.product_id != self.product
                || k.construct_key != key
                || !filter.includes(k.school_id, k.group)
            {
                continue;
            }
            let cell = ConstructSums {
                n: count(c.n),
                sum_x: c.items.iter().map(|i| i[0]).collect(),
                sum_x2: c.items.iter().map(|i| i[1]).collect(),
                sum_xt: c.items.iter().map(|i| i[2]).collect(),
                sum_t: c.sum_t,
                sum_t2: c.sum_t2,
            };
            match out.as_mut() {
                Some(sum) if sum.k() == cell.k() => {
                    if sum.merge(&cell).is_err() {
                        return None;
                    }
                }
                Some(_) => return None,
                None => out = Some(cell),
            }
        }
        out
    }

    /// Completed responses (any product) over the filter.
    fn completed(&self, filter: &dyn CellFilter) -> u64 {
        self.cells(filter)
            .responses
            .iter()
            .filter(|(k, _)| filter.includes(k.school_id, k.group))
            .map(|(_, n)| count(*n))
            .sum()
    }

    /// Completed responses of a group (or all) in the view, and how the count is checked.
    fn responses(&self, view: &View, group: Option<StakeholderGroup>, min: u64) -> (u64, Check) {
        let (within, all) = row(view, group);
        let n = self.completed(&within);
        (
            n,
            all.check(self, "completed", n, min, |f| self.completed(f)),
        )
    }

    /// (asked, use it) for the product over the filter.
    fn uses(&self, filter: &dyn CellFilter) -> (u64, u64) {
        self.cells(filter)
            .product_use
            .iter()
            .filter(|(k, _)| k.what == self.product && filter.includes(k.school_id, k.group))
            .fold((0, 0), |(a, u), (_, c)| (a + count(c[0]), u + count(c[1])))
    }

    /// 0–10 recommend counts for the product over the filter.
    fn recommend(&self, filter: &dyn CellFilter) -> RecommendCounts {
        let mut out = RecommendCounts::default();
        for ((k, value), n) in &self.cells(filter).recommend {
            if k.product_id == self.product && filter.includes(k.school_id, k.group) {
                if let Some(slot) = usize::try_from(*value)
                    .ok()
                    .and_then(|v| out.counts.get_mut(v))
                {
                    *slot += count(*n);
                }
            }
        }
        out
    }

    /// Feature matrix counts per feature id over the filter.
    fn features(&self, filter: &dyn CellFilter) -> BTreeMap<i32, FeatureCounts> {
        let mut out: BTreeMap<i32, FeatureCounts> = BTreeMap::new();
        for ((k, feature), c) in &self.cells(filter).feature {
            if k.product_id == self.product && filter.includes(k.school_id, k.group) {
                out.entry(*feature).or_default().merge(&FeatureCounts {
                    uses: count(c[0]),
                    knows_not_uses: count(c[1]),
                    unaware: count(c[2]),
                    wants_training: count(c[3]),
                });
            }
        }
        out
    }

    /// (answered, picked `option`) of the product's choice items tagged `tag`.
    fn choice(&self, filter: &dyn CellFilter, tag: &str, option: i32) -> (u64, u64) {
        let mut answered = 0;
        let mut picked = 0;
        for ((k, o), n) in &self.cells(filter).choice {
            if k.product_id != self.product || !filter.includes(k.school_id, k.group) {
                continue;
            }
            if self
                .items
                .get(&k.survey_item_id)
                .is_none_or(|i| i.tag.as_deref() != Some(tag))
            {
                continue;
            }
            if *o == -1 {
                answered += count(*n);
            } else if *o == option {
                picked += count(*n);
            }
        }
        (answered, picked)
    }
}

/// Builds the report of one product for a view, with item wording in `language`.
pub fn build(
    inputs: &ReportInputs,
    view: &View,
    bank: &QuestionBank,
    language: Language,
    comment_query: Option<&comments::CommentQuery>,
) -> ProductReport {
    let mins = Minimums::of(&inputs.district);
    let sums = Sums::new(inputs);
    let mut constructs = constructs::constructs(inputs, view, &mins, &sums, bank, language);
    let mut adoption = adoption::use_rates(inputs, view, &mins, &sums);
    across_schools::protect_sections(inputs, view, &mins, &sums, &mut adoption, &mut constructs);
    let mut items = constructs::items(inputs, view, &mins, &sums, bank, language);
    constructs::follow_constructs(&mut items, &constructs);
    let (schools, school_gaps) = schools::build(inputs, view, &mins, &sums, bank, language);
    let gaps = gaps::gaps(&constructs);
    let trend = trend::trend(inputs, view, bank, language, &constructs);
    let pooled_benchmarks = pooled::pooled(inputs, &mins, &constructs, bank, language);
    let features = adoption::features(inputs, view, &mins, &sums);
    let cost_per_active_user = adoption::cost(inputs, view, &mins, &adoption);
    let training = adoption::training(inputs, view, &mins, &sums);
    let support = support::support(inputs, view, &mins, &sums);
    let feature_names = summary::feature_names(inputs);
    let mut summary = summary::build(
        inputs,
        view,
        &mins,
        &sums,
        &cited::Shown {
            row: view.group.map_or(GROUP_ALL, |g| g.label()),
            constructs: &constructs,
            adoption: &adoption,
            features: &features,
            training: &training,
            support: &support,
            cost: cost_per_active_user.is_some(),
            feature_names: &feature_names,
        },
    );
    across_schools::protect_responses(inputs, view, &mins, &sums, &mut summary);
    ProductReport {
        survey_id: inputs.survey.public_id.clone(),
        survey_title: inputs.survey.title.clone(),
        wave: inputs.survey.wave.clone(),
        product_id: inputs.product.public_id.clone(),
        product: inputs.product.name.clone(),
        vendor: inputs.product.vendor.clone(),
        contract_end: inputs.product.contract_end.map(|d| d.to_string()),
        view: describe_view(inputs, view),
        respondent_language: view.language.map(|l| l.as_str().to_string()),
        summary,
        constructs,
        items,
        adoption,
        adoption_basis: adoption::BASIS,
        features,
        cost_per_active_user,
        training,
        support,
        recommend: support::recommend(inputs, view, &mins, &sums),
        schools,
        school_gaps,
        gaps,
        comments: comment_query
            .map(|q| comments::section(&inputs.comments, &inputs.schools, view, mins.comments, q)),
        trend,
        support_trend: trend::support_trend(inputs, view),
        waves: trend::wave_links(inputs),
        standings: benchmarks::standings(inputs, view, &mins, bank, language),
        pooled_benchmarks,
    }
}

fn describe_view(inputs: &ReportInputs, view: &View) -> String {
    let schools = match view.school {
        Some(id) => inputs
            .schools
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| "No school".to_string(), |s| s.name.clone()),
        None if view.scope.is_some() => "Your schools".into(),
        None => "All schools".into(),
    };
    let groups = view.group.map_or("all groups", |g| g.label());
    match view.language {
        None => format!("{schools}, {groups}"),
        Some(language) => format!("{schools}, {groups}, {}", answered_in(language)),
    }
}

/// How a respondent-language view is named on the page and in every download.
pub fn answered_in(language: Language) -> String {
    format!("answered in {}", language.english_name())
}
