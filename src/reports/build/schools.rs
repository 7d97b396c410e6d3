//! The school × construct table of percent favourable. Suppression runs over every school of
//! the survey with the district totals as margins (primary and complementary, see
//! `stats::suppress`), and only then are the viewer's rows picked, so a coordinator's table
//! hides exactly what the district's table hides.

use super::constructs::{construct_keys, construct_name};
use super::Sums;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{Language, StakeholderGroup};
use crate::reports::cells::{hidden_stat, proportion_stat, Minimums, Unfiltered, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{SchoolCell, SchoolRow, SchoolTable};
use crate::stats::{construct_favourable, suppress, Count, MarginTable, Proportion, ScaleCounts};
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
    let favourable = |school: Option<i32>, key: &str| -> Option<Proportion> {
        let pick = |i: &SurveyItemRow| i.per_product && i.construct_key == key;
        let filter = Unfiltered(move |s: i32, g: StakeholderGroup| {
            school.is_none_or(|x| x == s) && group.is_none_or(|x| x == g)
        });
        let cells: Vec<ScaleCounts> = sums.scale(&filter, &pick).into_values().collect();
        construct_favourable(&cells)
    };
    let values: Vec<Vec<Option<Proportion>>> = school_ids
        .iter()
        .map(|s| keys.iter().map(|k| favourable(Some(*s), k)).collect())
        .collect();
    let totals: Vec<Option<Proportion>> = keys.iter().map(|k| favourable(None, k)).collect();
    let n = |p: &Option<Proportion>| Count {
        n: p.as_ref().map_or(0, |p| p.n),
        min,
    };
    let hidden = suppress(&MarginTable {
        cells: values.iter().map(|r| r.iter().map(n).collect()).collect(),
        row_totals: None,
        col_totals: Some(totals.iter().map(n).collect()),
        grand_total: None,
    });
    let cell = |p: &Option<Proportion>, h: Option<crate::stats::Hidden>| match h {
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
