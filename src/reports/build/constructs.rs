//! Constructs and items per group: percent favourable with Wilson interval, mean with t
//! interval, Cronbach's alpha, and the 1–5 distribution. A construct's group rows are
//! suppressed against its All-groups row (`group_rows`); items have no All-groups row.

use super::group_rows::{base, complements, shown_in, LineRow};
use super::lattice::construct_answers_key;
use super::{row, Sums, GROUP_ALL};
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{Language, StakeholderGroup};
use crate::reports::cells::{hidden_stat, proportion_stat, value_stat, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{ConstructRow, ItemRow};
use crate::stats::{
    construct_favourable, construct_summary, cronbach_alpha, describe, Hidden, ScaleCounts,
    MIN_ALPHA_RESPONDENTS,
};
use crate::survey::bank::{fill_placeholders, QuestionBank};
use crate::survey::kinds;

/// The 1–5 scale of construct scores and item means.
const SCALE: (f64, f64) = (1.0, 5.0);

/// What a report says instead of alpha for fewer than [`MIN_ALPHA_RESPONDENTS`] complete
/// respondents.
pub const TOO_FEW_FOR_ALPHA: &str = "too few to judge reliability (fewer than 30)";

/// The product's scale items (rated per product), in survey order.
fn scale_items(inputs: &ReportInputs) -> impl Iterator<Item = &SurveyItemRow> {
    inputs
        .items
        .iter()
        .filter(|i| i.per_product && kinds::of(i.kind).counts_in_construct())
}

/// The product's constructs with scale items, in survey order.
pub fn construct_keys(inputs: &ReportInputs) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for item in scale_items(inputs) {
        if !keys.contains(&item.construct_key) {
            keys.push(item.construct_key.clone());
        }
    }
    keys
}

/// A construct's display name.
pub fn construct_name(bank: &QuestionBank, key: &str, language: Language) -> String {
    bank.construct(key)
        .map_or_else(|| key.to_string(), |c| c.name.get(language).to_string())
}

/// Shares of answers 1..5.
fn distribution(c: &ScaleCounts) -> Vec<f64> {
    let n = c.n();
    if n == 0 {
        return Vec::new();
    }
    c.counts.iter().map(|v| *v as f64 / n as f64).collect()
}

fn min_of(mins: &Minimums, group: Option<StakeholderGroup>) -> u64 {
    group.map_or(mins.pooled(), |g| mins.group(g))
}

/// Construct rows: for each construct, every group row.
pub fn constructs(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    bank: &QuestionBank,
    language: Language,
) -> Vec<ConstructRow> {
    let mut out = Vec::new();
    for key in construct_keys(inputs) {
        let name = construct_name(bank, &key, language);
        let pick = |i: &SurveyItemRow| i.per_product && i.construct_key == key;
        let whole = base(view);
        let mut rows: Vec<(Option<StakeholderGroup>, u64, ConstructRow)> = Vec::new();
        for group in super::groups_of(inputs, &whole) {
            let min = min_of(mins, group);
            let (within, all) = row(&whole, group);
            let cells: Vec<ScaleCounts> = sums.scale(&within, &pick).into_values().collect();
            let fav = construct_favourable(&cells);
            let check = all.check(
                sums,
                &construct_answers_key(&key),
                fav.as_ref().map_or(0, |p| p.n),
                min,
                |f| sums.construct_answers(f, &key),
            );
            let n_all = check.n_all;
            let favourable = proportion_stat(fav.as_ref(), check);
            let shown = favourable.withheld.is_none() && fav.is_some();
            let construct = sums.construct(&within, &key);
            if fav.is_none() && n_all == 0 {
                continue;
            }
            let mut pooled = ScaleCounts::default();
            cells.iter().for_each(|c| pooled.merge(c));
            let mean = match construct.as_ref().and_then(construct_summary) {
                Some(s) => value_stat(
                    s.n,
                    all.check(
                        sums,
                        &format!("construct respondents {key}"),
                        s.n,
                        min,
                        |f| sums.construct(f, &key).map_or(0, |c| c.n),
                    ),
                    s.mean,
                    s.ci.map(|c| (c.low, c.high)),
                    SCALE,
                    2,
                ),
                // Groups answer different numbers of items, so there is no common construct
                // score: the mean of all answers, without an interval.
                None => match (fav.as_ref(), pooled.moments().mean()) {
                    (Some(f), Some(m)) => value_stat(f.n, check, m, None, SCALE, 2),
                    _ => crate::reports::cells::empty_stat(),
                },
            };
            let judged = shown && mean.withheld.is_none();
            let too_few = judged
                && construct
                    .as_ref()
                    .is_some_and(|c| c.n < MIN_ALPHA_RESPONDENTS);
            let alpha = if judged && !too_few {
                construct.as_ref().and_then(cronbach_alpha).map(|r| r.alpha)
            } else {
                None
            };
            let alpha_text = match alpha {
                Some(a) => format!("{a:.2}"),
                None if too_few => TOO_FEW_FOR_ALPHA.to_string(),
                None => "—".to_string(),
            };
            let n = fav.as_ref().map_or(0, |p| p.n);
            rows.push((
                group,
                n,
                ConstructRow {
                    construct: key.clone(),
                    name: name.clone(),
                    group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                    alpha,
                    alpha_text,
                    distribution: if shown {
                        distribution(&pooled)
                    } else {
                        Vec::new()
                    },
                    favourable,
                    mean,
                },
            ));
        }
        let line: Vec<LineRow> = rows
            .iter()
            .map(|(group, n, r)| LineRow {
                group: *group,
                n: *n,
                withheld: r.favourable.withheld.is_some() || r.mean.withheld.is_some(),
            })
            .collect();
        for ((group, _, mut r), hidden) in rows.into_iter().zip(complements(&line, mins)) {
            if let Some(h) = hidden {
                r.favourable = hidden_stat(h);
                r.mean = hidden_stat(h);
                r.distribution.clear();
                r.alpha = None;
                r.alpha_text = "—".into();
            }
            if shown_in(view, group) {
                out.push(r);
            }
        }
    }
    out
}

/// Item rows: every scale item of the product, for each group it is asked of.
pub fn items(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    bank: &QuestionBank,
    language: Language,
) -> Vec<ItemRow> {
    let mut out = Vec::new();
    let item_groups = |item: &SurveyItemRow| {
        crate::db::aggregates::layout::parse_groups(&item.groups).unwrap_or_default()
    };
    for item in scale_items(inputs) {
        let asked = item_groups(item);
        for group in super::groups_of(inputs, view) {
            let Some(g) = group else { continue };
            if !asked.contains(&g) {
                continue;
            }
            let min = mins.group(g);
            let pick = |i: &SurveyItemRow| i.id == item.id;
            let (within, all) = row(view, group);
            let counts = sums
                .scale(&within, &pick)
                .remove(&item.id)
                .unwrap_or_default();
            let check = all.check(sums, &format!("item {}", item.id), counts.n(), min, |f| {
                sums.scale(f, &pick).remove(&item.id).map_or(0, |c| c.n())
            });
            let favourable = proportion_stat(counts.favourable().as_ref(), check);
            let mean = match describe(&counts.moments()) {
                Some(m) if favourable.withheld.is_none() => {
                    value_stat(m.n, check, m.mean, m.ci.map(|c| (c.low, c.high)), SCALE, 2)
                }
                Some(_) => favourable.clone(),
                None => crate::reports::cells::empty_stat(),
            };
            let wording = bank.wording(&item.item_key, g, language).map_or_else(
                || item.item_key.clone(),
                |w| fill_placeholders(&w.prompt, &inputs.product.name, &inputs.product.vendor),
            );
            out.push(ItemRow {
                construct: item.construct_key.clone(),
                item: item.item_key.clone(),
                wording,
                group: g.label().to_string(),
                distribution: if favourable.withheld.is_none() {
                    distribution(&counts)
                } else {
                    Vec::new()
                },
                favourable,
                mean,
            });
        }
    }
    out
}

/// Withholds an item's row wherever its construct's row for the same group is withheld: an
/// item's respondents are the construct's, often all of them, so a shown item would give
/// away a construct row withheld to protect a small group beside it.
pub fn follow_constructs(items: &mut [ItemRow], constructs: &[ConstructRow]) {
    for item in items.iter_mut() {
        let construct_withheld = constructs.iter().any(|c| {
            c.construct == item.construct
                && c.group == item.group
                && c.favourable.withheld.is_some()
        });
        if construct_withheld && item.favourable.withheld.is_none() {
            item.favourable = hidden_stat(Hidden::Complementary);
            item.mean = item.favourable.clone();
            item.distribution.clear();
        }
    }
}
