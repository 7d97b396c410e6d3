//! The school × construct table of percent favourable. Suppression runs over every school of
//! the survey with the district totals as margins (primary and complementary, see
//! `stats::suppress`), and only then are the viewer's rows picked, so a coordinator's table
//! hides exactly what the district's table hides.

use super::constructs::{construct_keys, construct_name};
use super::Sums;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{Language, StakeholderGroup};
use crate::reports::cells::{hidden_stat, proportion_stat, Minimums, View, Within};
use crate::reports::load::ReportInputs;
use crate::reports::product::{SchoolCell, SchoolRow, SchoolTable};
use crate::stats::{
    construct_favourable, suppress, Count, Hidden, MarginTable, Proportion, ScaleCounts,
    SuppressionResult,
};
use crate::survey::bank::QuestionBank;
use std::collections::BTreeSet;

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

/// Builds the table for the view.
pub fn build(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    bank: &QuestionBank,
    language: Language,
) -> SchoolTable {
    let keys = construct_keys(inputs);
    let group = view.group;
    let min = group.map_or(mins.pooled(), |g| mins.group(g));
    let product = inputs.product.id;
    let mut school_ids: BTreeSet<i32> = inputs
        .snapshot
        .scale
        .keys()
        .filter(|k| k.product_id == product)
        .map(|k| k.school_id)
        .collect();
    school_ids.extend(inputs.schools.iter().map(|s| s.id));
    let school_ids: Vec<i32> = school_ids.into_iter().collect();
    // Every school in the view's respondent language (if any), and in every language.
    let languages = View {
        language: view.language,
        ..View::default()
    };
    let favourable = |school: Option<i32>, key: &str, filter: &View| -> Option<Proportion> {
        let pick = |i: &SurveyItemRow| i.per_product && i.construct_key == key;
        let filter = Within {
            view: filter,
            row: move |s: i32, g: StakeholderGroup| {
                school.is_none_or(|x| x == s) && group.is_none_or(|x| x == g)
            },
        };
        let cells: Vec<ScaleCounts> = sums.scale(&filter, &pick).into_values().collect();
        construct_favourable(&cells)
    };
    let table = |filter: &View| -> (Vec<Vec<Option<Proportion>>>, Vec<Option<Proportion>>) {
        let values = school_ids
            .iter()
            .map(|s| {
                keys.iter()
                    .map(|k| favourable(Some(*s), k, filter))
                    .collect()
            })
            .collect();
        let totals = keys.iter().map(|k| favourable(None, k, filter)).collect();
        (values, totals)
    };
    let (values, totals) = table(&languages);
    let n = |p: &Option<Proportion>| Count {
        n: p.as_ref().map_or(0, |p| p.n),
        min,
    };
    let hidden = match view.language {
        None => suppress(&MarginTable {
            cells: values.iter().map(|r| r.iter().map(n).collect()).collect(),
            row_totals: None,
            col_totals: Some(totals.iter().map(n).collect()),
            grand_total: None,
        }),
        Some(language) => {
            let (all_values, all_totals) = table(&View::default());
            let count = |p: &Option<Proportion>| p.as_ref().map_or(0, |p| p.n);
            let per_school = |i: usize, k: usize| (count(&values[i][k]), count(&all_values[i][k]));
            let per_total = |k: usize| (count(&totals[k]), count(&all_totals[k]));
            by_language(
                language,
                keys.len(),
                school_ids.len(),
                per_school,
                per_total,
                min,
            )
        }
    };
    let cell = |p: &Option<Proportion>, h: Option<Hidden>| match h {
        Some(h) => SchoolCell {
            stat: hidden_stat(h),
            band: "none".into(),
        },
        None => SchoolCell {
            band: p.as_ref().map_or("none", |p| band(p.p)).into(),
            stat: proportion_stat(p.as_ref(), 0, 0),
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
                .zip(&hidden.cells[i])
                .map(|(p, h)| cell(p, *h))
                .collect(),
        });
    }
    if view.scope.is_none() && view.school.is_none() {
        rows.push(SchoolRow {
            school: "All schools".into(),
            cells: totals
                .iter()
                .zip(&hidden.col_totals)
                .map(|(p, h)| cell(p, *h))
                .collect(),
        });
    }
    SchoolTable {
        constructs: keys
            .iter()
            .map(|k| construct_name(bank, k, language))
            .collect(),
        rows,
    }
}

/// Suppression of a language view's table, one construct at a time: each construct's column
/// is laid out as schools × {English, Spanish}, the school rows' totals being the table the
/// page shows without the filter and the column totals the district's figure per language.
/// Anyone can subtract the view from the unfiltered table, so the other language's cells are
/// as good as shown; suppressing the whole layout hides a cell when that difference, or the
/// view's own count, would be a small cell. The columns are always in the same order, so the
/// English and the Spanish view make the same choices and cannot be combined to undo them.
fn by_language(
    language: Language,
    constructs: usize,
    schools: usize,
    per_school: impl Fn(usize, usize) -> (u64, u64),
    per_total: impl Fn(usize) -> (u64, u64),
    min: u64,
) -> SuppressionResult {
    let col = match language {
        Language::English => 0,
        Language::Spanish => 1,
    };
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
