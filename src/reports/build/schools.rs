//! The school × construct table of percent favourable. Suppression runs over every school of
//! the survey, each construct laid out as schools × groups (or, in a language view, schools ×
//! languages) with the figures other views show as margins (primary and complementary, see
//! `stats::suppress`), and only then are the viewer's rows picked, so a coordinator's table
//! hides exactly what the district's table hides, and no view's cell can be subtracted from
//! another view's to reveal a small group.

use super::constructs::{construct_keys, construct_name};
use super::school_gaps::school_gaps;
use super::Sums;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{Language, StakeholderGroup};
use crate::reports::cells::{hidden_stat, proportion_stat, Check, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{SchoolCell, SchoolGaps, SchoolRow, SchoolTable};
use crate::stats::{
    construct_favourable, suppress, Count, Hidden, MarginTable, Proportion, ScaleCounts,
    SuppressionResult,
};
use crate::survey::bank::QuestionBank;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Shading band of a percent favourable (the printed value always carries the meaning).
fn band(p: f64) -> &'static str {
    if p >= 0.6 {
        "high"
    } else if p >= 0.4 {
        "middle"
    } else {
        "low"
    }
}

/// One construct's scale counts per school × group and item over a respondent language (or
/// every language), from which any school × group figure of the table is pooled.
struct Cells(HashMap<(i32, StakeholderGroup), BTreeMap<i32, ScaleCounts>>);

impl Cells {
    /// Groups the counts of [`Sums::scale_cells`] by school × group.
    fn new(counts: HashMap<(i32, StakeholderGroup, i32), ScaleCounts>) -> Self {
        let mut cells: HashMap<(i32, StakeholderGroup), BTreeMap<i32, ScaleCounts>> =
            HashMap::new();
        for ((school, group, item), c) in counts {
            cells.entry((school, group)).or_default().insert(item, c);
        }
        Self(cells)
    }

    /// Percent favourable of a school (or every school) and a group (or every group).
    fn favourable(
        &self,
        school: Option<i32>,
        group: Option<StakeholderGroup>,
    ) -> Option<Proportion> {
        let mut items: BTreeMap<i32, ScaleCounts> = BTreeMap::new();
        let mut add = |cell: &BTreeMap<i32, ScaleCounts>| {
            for (item, c) in cell {
                items.entry(*item).or_default().merge(c);
            }
        };
        match (school, group) {
            (Some(s), Some(g)) => self.0.get(&(s, g)).into_iter().for_each(&mut add),
            _ => self
                .0
                .iter()
                .filter(|((s, g), _)| {
                    school.is_none_or(|x| x == *s) && group.is_none_or(|x| x == *g)
                })
                .for_each(|(_, cell)| add(cell)),
        }
        construct_favourable(&items.into_values().collect::<Vec<_>>())
    }

    /// Respondents of a school (or every school) and a group (or every group).
    fn n(&self, school: Option<i32>, group: Option<StakeholderGroup>) -> u64 {
        self.favourable(school, group).map_or(0, |p| p.n)
    }

    /// The construct laid out as schools × the survey's groups, with each school's every-group
    /// figure, each group's district figure and the district's every-group figure.
    fn layout(&self, schools: &[i32], groups: &[StakeholderGroup]) -> GroupLayout {
        GroupLayout::count(schools, groups, |s, g| self.n(s, g))
    }
}

/// Builds the table for the view, and the tests of differences between the schools it shows
/// (never its "All schools" row, never a withheld cell).
pub fn build(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    bank: &QuestionBank,
    language: Language,
) -> (SchoolTable, SchoolGaps) {
    let keys = construct_keys(inputs);
    let group = view.group;
    let min = group.map_or(mins.pooled(), |g| mins.group(g));
    let school_ids = every_school(inputs);
    let cells = |language: Option<Language>, key: &str| construct_cells(sums, language, key);
    let mine: Vec<Cells> = keys.iter().map(|k| cells(view.language, k)).collect();
    let values: Vec<Vec<Option<Proportion>>> = school_ids
        .iter()
        .map(|s| mine.iter().map(|c| c.favourable(Some(*s), group)).collect())
        .collect();
    let totals: Vec<Option<Proportion>> = mine.iter().map(|c| c.favourable(None, group)).collect();
    let by_groups = || {
        let layouts: Vec<GroupLayout> = mine
            .iter()
            .map(|c| c.layout(&school_ids, &inputs.groups))
            .collect();
        let group_mins: Vec<u64> = inputs.groups.iter().map(|g| mins.group(*g)).collect();
        let shown = match group {
            None => Some(Shown::EveryGroup),
            Some(g) => inputs.groups.iter().position(|x| *x == g).map(Shown::Group),
        };
        // A group the survey does not ask has no respondents: nothing to withhold.
        shown.map(|shown| by_group(&layouts, &group_mins, mins.pooled(), shown))
    };
    let hidden = match view.language {
        None => by_groups(),
        Some(language) => {
            let every: Vec<Cells> = keys.iter().map(|k| cells(None, k)).collect();
            let per_school = |i: usize, k: usize| {
                let s = Some(school_ids[i]);
                (mine[k].n(s, group), every[k].n(s, group))
            };
            let per_total = |k: usize| (mine[k].n(None, group), every[k].n(None, group));
            let languages = by_language(
                language,
                keys.len(),
                school_ids.len(),
                per_school,
                per_total,
                min,
            );
            Some(match (group, by_groups()) {
                (Some(_), Some(groups)) => either(languages, &groups),
                _ => languages,
            })
        }
    };
    let in_table = |i: Option<usize>, k: usize| -> Option<Hidden> {
        let hidden = hidden.as_ref()?;
        match i {
            Some(i) => hidden.cells.get(i)?.get(k).copied().flatten(),
            None => hidden.col_totals.get(k).copied().flatten(),
        }
    };
    // What the table withholds, and what the lattice withholds of the same figure.
    let hidden_at = |i: Option<usize>, k: usize| -> Option<Hidden> {
        in_table(i, k).or_else(|| {
            let school = i.map(|i| school_ids[i]);
            sums.construct_answers_hidden(&keys[k], view, school, None)
        })
    };
    let cell = |p: &Option<Proportion>, h: Option<Hidden>| match h {
        Some(h) => SchoolCell {
            stat: hidden_stat(h),
            band: "none".into(),
        },
        None => SchoolCell {
            band: p.as_ref().map_or("none", |p| band(p.p)).into(),
            stat: proportion_stat(p.as_ref(), Check::primary(0)),
        },
    };
    let mut rows = Vec::new();
    for (i, id) in school_ids.iter().enumerate() {
        let Some(school) = inputs.schools.iter().find(|s| s.id == *id) else {
            continue;
        };
        if view.school.is_some_and(|s| s != *id) {
            continue;
        }
        rows.push(SchoolRow {
            school: school.name.clone(),
            cells: values[i]
                .iter()
                .enumerate()
                .map(|(k, p)| cell(p, hidden_at(Some(i), k)))
                .collect(),
        });
    }
    let names: Vec<String> = keys
        .iter()
        .map(|k| construct_name(bank, k, language))
        .collect();
    let gaps = school_gaps(&keys, &names, &rows);
    if view.scope.is_none() && view.school.is_none() {
        rows.push(SchoolRow {
            school: "All schools".into(),
            cells: totals
                .iter()
                .enumerate()
                .map(|(k, p)| cell(p, hidden_at(None, k)))
                .collect(),
        });
    }
    (
        SchoolTable {
            constructs: names,
            rows,
        },
        gaps,
    )
}

/// A cell withheld by either of two suppressions of the same table.
fn either(mut a: SuppressionResult, b: &SuppressionResult) -> SuppressionResult {
    for (row, other) in a.cells.iter_mut().zip(&b.cells) {
        for (cell, h) in row.iter_mut().zip(other) {
            *cell = cell.or(*h);
        }
    }
    for (cell, h) in a.col_totals.iter_mut().zip(&b.col_totals) {
        *cell = cell.or(*h);
    }
    a
}

/// One construct's respondents as schools × the survey's groups, with the margins the pages
/// show: each school over every group (the unfiltered table), each group over every school
/// (a group view's "All schools" row) and the district over every group.
pub(super) struct GroupLayout {
    /// Respondents per school × group.
    cells: Vec<Vec<u64>>,
    /// Per school, every group.
    schools: Vec<u64>,
    /// Per group, every school.
    groups: Vec<u64>,
    /// The district.
    total: u64,
}

impl GroupLayout {
    /// Counts every cell and margin with `n(school, group)` (`None`: every school, every
    /// group).
    pub(super) fn count(
        schools: &[i32],
        groups: &[StakeholderGroup],
        n: impl Fn(Option<i32>, Option<StakeholderGroup>) -> u64,
    ) -> Self {
        GroupLayout {
            cells: schools
                .iter()
                .map(|s| groups.iter().map(|g| n(Some(*s), Some(*g))).collect())
                .collect(),
            schools: schools.iter().map(|s| n(Some(*s), None)).collect(),
            groups: groups.iter().map(|g| n(None, Some(*g))).collect(),
            total: n(None, None),
        }
    }
}

/// Which figures of a [`GroupLayout`] a view shows.
#[derive(Clone, Copy)]
enum Shown {
    /// Each school over every group, and the district (no group filter).
    EveryGroup,
    /// One group's column (the index in the survey's groups) and its district total.
    Group(usize),
}

/// Suppression of the table one construct at a time over its [`GroupLayout`]. Anyone can
/// subtract a group view from the unfiltered table, so the other groups of a school are as
/// good as shown; suppressing the whole layout (each group at its minimum, the every-group
/// figures at the strictest) hides a cell when that difference, or the cell itself, would be
/// a small cell, and hides enough other cells that none can be recovered from the totals.
/// The unfiltered view and every group view pick their figures from the same layout, with
/// the survey's groups always in the same order, so they make the same choices.
fn by_group(
    layouts: &[GroupLayout],
    group_mins: &[u64],
    pooled: u64,
    shown: Shown,
) -> SuppressionResult {
    let schools = layouts.first().map_or(0, |l| l.schools.len());
    let mut out = SuppressionResult {
        cells: vec![Vec::with_capacity(layouts.len()); schools],
        row_totals: Vec::new(),
        col_totals: Vec::with_capacity(layouts.len()),
        grand_total: None,
    };
    for layout in layouts {
        let hidden = suppress(&group_table(layout, group_mins, pooled));
        // Same shape as the input; a missing entry would be a bug, so it stays hidden.
        let missing = Some(Hidden::Complementary);
        for (i, row) in out.cells.iter_mut().enumerate() {
            row.push(match shown {
                Shown::EveryGroup => hidden.row_totals.get(i).copied().unwrap_or(missing),
                Shown::Group(j) => hidden
                    .cells
                    .get(i)
                    .and_then(|r| r.get(j))
                    .copied()
                    .unwrap_or(missing),
            });
        }
        out.col_totals.push(match shown {
            Shown::EveryGroup => hidden.grand_total,
            Shown::Group(j) => hidden.col_totals.get(j).copied().unwrap_or(missing),
        });
    }
    out
}

/// Suppression of a language view's table, one construct at a time: each construct's column
/// is laid out as schools × {English, Spanish}, the school rows' totals being the table the
/// page shows without the filter and the column totals the district's figure per language.
/// Anyone can subtract the view from the unfiltered table, so the other language's cells are
/// as good as shown; suppressing the whole layout hides a cell when that difference, or the
/// view's own count, would be a small cell. The columns are always in the same order (the
/// registry's first language, then the rest), so with two languages both views make the same
/// choices and cannot be combined to undo them.
fn by_language(
    language: Language,
    constructs: usize,
    schools: usize,
    per_school: impl Fn(usize, usize) -> (u64, u64),
    per_total: impl Fn(usize) -> (u64, u64),
    min: u64,
) -> SuppressionResult {
    let col = usize::from(Language::ALL.first() != Some(&language));
    let pair = |(mine, all): (u64, u64)| {
        let mut cells = [Count { n: 0, min }; 2];
        cells[col].n = mine;
        cells[1 - col].n = all.saturating_sub(mine);
        cells.to_vec()
    };
    let mut out = SuppressionResult {
        cells: vec![Vec::with_capacity(constructs); schools],
        row_totals: Vec::new(),
        col_totals: Vec::with_capacity(constructs),
        grand_total: None,
    };
    for k in 0..constructs {
        let hidden = suppress(&MarginTable {
            cells: (0..schools).map(|i| pair(per_school(i, k))).collect(),
            row_totals: Some(
                (0..schools)
                    .map(|i| Count {
                        n: per_school(i, k).1,
                        min,
                    })
                    .collect(),
            ),
            col_totals: Some(pair(per_total(k))),
            grand_total: Some(Count {
                n: per_total(k).1,
                min,
            }),
        });
        // Same shape as the input; a missing entry would be a bug, so it stays hidden.
        let pick =
            |v: &[Option<Hidden>]| v.get(col).copied().unwrap_or(Some(Hidden::Complementary));
        for (row, cells) in out.cells.iter_mut().zip(&hidden.cells) {
            row.push(pick(cells));
        }
        out.col_totals.push(pick(&hidden.col_totals));
    }
    out
}

/// Every school of the survey with answers about the product, and the viewer's: the table is
/// laid out over all of them, so a coordinator's table hides what the district's hides.
fn every_school(inputs: &ReportInputs) -> Vec<i32> {
    let product = inputs.product.id;
    let mut ids: BTreeSet<i32> = inputs
        .snapshot
        .scale
        .keys()
        .filter(|k| k.product_id == product)
        .map(|k| k.school_id)
        .collect();
    ids.extend(inputs.schools.iter().map(|s| s.id));
    ids.into_iter().collect()
}

/// One construct's counts over every school and group, in a respondent language (or every).
fn construct_cells(sums: &Sums, language: Option<Language>, key: &str) -> Cells {
    let pick = |i: &SurveyItemRow| i.per_product && i.construct_key == key;
    let every = View {
        language,
        ..View::default()
    };
    Cells::new(sums.scale_cells(&every, &pick))
}

/// The margin table of one construct's [`GroupLayout`]: each group's cells at its minimum,
/// the every-group figures at the strictest.
pub(super) fn group_table(layout: &GroupLayout, group_mins: &[u64], pooled: u64) -> MarginTable {
    let counts = |ns: &[u64]| -> Vec<Count> {
        ns.iter()
            .zip(group_mins)
            .map(|(n, min)| Count { n: *n, min: *min })
            .collect()
    };
    // A figure pooling groups is held to the strictest minimum of the groups in it that have
    // respondents (`pooled` when none has): a school's every-group figure with teachers only
    // is the teachers' figure.
    let at = |n: u64, parts: &[u64]| Count {
        n,
        min: parts
            .iter()
            .zip(group_mins)
            .filter(|(n, _)| **n > 0)
            .map(|(_, min)| *min)
            .max()
            .unwrap_or(pooled),
    };
    MarginTable {
        cells: layout.cells.iter().map(|r| counts(r)).collect(),
        row_totals: Some(
            layout
                .schools
                .iter()
                .zip(&layout.cells)
                .map(|(n, parts)| at(*n, parts))
                .collect(),
        ),
        col_totals: Some(counts(&layout.groups)),
        grand_total: Some(at(layout.total, &layout.groups)),
    }
}

/// Each construct's schools × groups suppression in the view's respondent language, with the
/// schools in layout order: what the table's group views pick from, so a school view's
/// construct rows can withhold exactly what the table withholds at that school.
pub(super) fn group_layouts(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<(String, Vec<i32>, SuppressionResult)> {
    let schools = every_school(inputs);
    let group_mins: Vec<u64> = inputs.groups.iter().map(|g| mins.group(*g)).collect();
    construct_keys(inputs)
        .into_iter()
        .map(|key| {
            let layout =
                construct_cells(sums, view.language, &key).layout(&schools, &inputs.groups);
            let hidden = suppress(&group_table(&layout, &group_mins, mins.pooled()));
            (key, schools.clone(), hidden)
        })
        .collect()
}
