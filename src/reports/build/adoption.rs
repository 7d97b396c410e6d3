//! Adoption: use rate per group, the feature matrix (most unaware first), cost per active
//! user with licensed seats, and the training gap (confidence against training wanted).

use super::group_rows::{base, complements, protect, shown_in, LineRow};
use super::{row, Sums, GROUP_ALL};
use crate::db::models::products;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::StakeholderGroup;
use crate::reports::cells::{hidden_stat, not_asked_stat, proportion_stat, Check, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{FeatureRow, GroupStat, TrainingRow};
use crate::stats::{construct_favourable, wilson, FeatureCounts, ScaleCounts};

/// Option of the "training wanted" item meaning "a lot more" (see confidence_training.toml).
const WANTS_A_LOT_MORE: i32 = 3;

/// The denominators of the adoption figures, as every format states them.
pub const BASIS: &str = "Use rate: the share of everyone in the group who answered the survey, \
including those who use none of the products (\"None of these\"). Feature figures: the share of \
the product's users who answered about the feature.";

/// Use rate (uses it / was asked) per group: everyone who answered counts as asked, non-users
/// included.
pub fn use_rates(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<GroupStat> {
    let whole = base(view);
    let mut rows: Vec<(Option<StakeholderGroup>, u64, GroupStat)> =
        super::groups_of(inputs, &whole)
            .into_iter()
            .map(|group| {
                let (within, all) = row(&whole, group);
                let (asked, used) = sums.uses(&within);
                let min = group.map_or(mins.pooled(), |g| mins.group(g));
                let check = all.check(sums, "asked about use", asked, min, |f| sums.uses(f).0);
                let stat = GroupStat {
                    group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                    stat: proportion_stat(wilson(used, asked).as_ref(), check),
                };
                (group, asked, stat)
            })
            .collect();
    protect(rows.iter_mut().map(|(g, n, r)| (*g, *n, &mut r.stat)), mins);
    rows.into_iter()
        .filter(|(g, _, _)| shown_in(view, *g))
        .map(|(_, _, r)| r)
        .collect()
}

/// Whether respondents of `group` (every group: `None`) are asked about the feature; a stored
/// audience that does not parse counts as everyone's (the figures are then shown as they are).
fn asked_of(f: &products::FeatureRow, group: Option<StakeholderGroup>) -> bool {
    match (group, f.audience()) {
        (Some(g), Ok(audience)) => audience.asks(g),
        _ => true,
    }
}

/// One feature's row over a group (or every group) of the view.
fn feature_row(f: &products::FeatureRow, c: &FeatureCounts, check: Check) -> FeatureRow {
    let stat = |p: Option<crate::stats::Proportion>| proportion_stat(p.as_ref(), check);
    FeatureRow {
        feature: f.name.clone(),
        uses: stat(c.adoption()),
        knows: stat(wilson(c.knows_not_uses, c.answered())),
        unaware: stat(c.awareness_gap()),
        wants_training: stat(c.training_demand()),
        asked: true,
    }
}

/// The feature matrix over the view, sorted by unaware share (largest first). A group view of
/// a feature whose audience leaves the group out (and that nobody of the group answered)
/// says "not asked of this group" instead of figures, at the end. The matrix of
/// every group pooled (the page without a group filter) and each group's (a group view) are
/// suppressed as one line per feature, so subtracting group views from it reveals nothing.
pub fn features(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<FeatureRow> {
    let whole = base(view);
    let groups = super::groups_of(inputs, &whole);
    // Per group (or every group): each feature's row and respondents.
    let by_group: Vec<Vec<(u64, FeatureRow)>> = groups
        .iter()
        .map(|group| {
            let (within, all) = row(&whole, *group);
            let counts = sums.features(&within);
            let min = group.map_or(mins.pooled(), |g| mins.group(g));
            inputs
                .features
                .iter()
                .map(|f| {
                    let c = counts.get(&f.id).cloned().unwrap_or_default();
                    let key = format!("feature {}", f.id);
                    let check = all.check(sums, &key, c.answered(), min, |filter| {
                        sums.features(filter).get(&f.id).map_or(0, |c| c.answered())
                    });
                    (c.answered(), feature_row(f, &c, check))
                })
                .collect()
        })
        .collect();
    let Some(shown) = groups.iter().position(|g| shown_in(view, *g)) else {
        return Vec::new();
    };
    let mut rows: Vec<(f64, FeatureRow)> = (0..inputs.features.len())
        .filter_map(|k| {
            let line: Vec<LineRow> = groups
                .iter()
                .zip(&by_group)
                .filter_map(|(group, rows)| {
                    let (n, r) = rows.get(k)?;
                    Some(LineRow {
                        group: *group,
                        n: *n,
                        withheld: [&r.uses, &r.knows, &r.unaware, &r.wants_training]
                            .iter()
                            .any(|s| s.withheld.is_some()),
                    })
                })
                .collect();
            let hidden = complements(&line, mins).get(shown).copied().flatten();
            let (n, mut r) = by_group.get(shown)?.get(k)?.clone();
            let feature = inputs.features.get(k)?;
            if n == 0 && !asked_of(feature, groups.get(shown).copied().flatten()) {
                for s in [
                    &mut r.uses,
                    &mut r.knows,
                    &mut r.unaware,
                    &mut r.wants_training,
                ] {
                    *s = not_asked_stat();
                }
                r.asked = false;
                return Some((f64::NEG_INFINITY, r));
            }
            if let Some(h) = hidden {
                for s in [
                    &mut r.uses,
                    &mut r.knows,
                    &mut r.unaware,
                    &mut r.wants_training,
                ] {
                    *s = hidden_stat(h);
                }
            }
            Some((r.unaware.value.unwrap_or(-1.0), r))
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Cost per active user with its interval and the seats it rests on; `None` when the use rate
/// it rests on is withheld in this view (or too small).
pub fn cost(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    adoption: &[GroupStat],
) -> Option<String> {
    let e = &inputs.verdict.evidence;
    let use_rate = e.use_rate?;
    if use_rate.n < mins.pooled() {
        return None;
    }
    // The cost is the licence over the seats times the use rate, so it would give away a use
    // rate the adoption table withholds in this view.
    let row = view.group.map_or(GROUP_ALL, |g| g.label());
    if !adoption
        .iter()
        .any(|r| r.group == row && r.stat.withheld.is_none())
    {
        return None;
    }
    let c = e.cost_per_active_user?;
    let cur = &inputs.product.currency;
    let seats = inputs.product.licensed_seats;
    let active = f64::from(seats) * use_rate.value;
    let high = c
        .high
        .map_or_else(|| "unbounded".to_string(), |h| format!("{cur} {h:.2}"));
    Some(format!(
        "{cur} {:.2} per active user (95% CI {cur} {:.2} to {high}); {seats} licensed seats, about {active:.0} active users",
        c.value, c.low
    ))
}

/// Confidence (percent favourable on the confidence items) and training wanted, per group;
/// each of the two statistics suppressed as its own line of group rows.
pub fn training(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<TrainingRow> {
    let pick = |i: &SurveyItemRow| i.tag.as_deref() == Some("confidence");
    let whole = base(view);
    let mut rows: Vec<(Option<StakeholderGroup>, u64, u64, TrainingRow)> =
        super::groups_of(inputs, &whole)
            .into_iter()
            .filter_map(|group| {
                let min = group.map_or(mins.pooled(), |g| mins.group(g));
                let (within, all) = row(&whole, group);
                let cells: Vec<ScaleCounts> = sums.scale(&within, &pick).into_values().collect();
                let (answered, more) = sums.choice(&within, "training_wanted", WANTS_A_LOT_MORE);
                if cells.is_empty() && answered == 0 {
                    return None;
                }
                let confident = construct_favourable(&cells);
                let confident_n = confident.as_ref().map_or(0, |p| p.n);
                let confident_check = all.check(sums, "confidence", confident_n, min, |f| {
                    let cells: Vec<ScaleCounts> = sums.scale(f, &pick).into_values().collect();
                    construct_favourable(&cells).map_or(0, |p| p.n)
                });
                let answered_check = all.check(sums, "training wanted", answered, min, |f| {
                    sums.choice(f, "training_wanted", WANTS_A_LOT_MORE).0
                });
                Some((
                    group,
                    confident_n,
                    answered,
                    TrainingRow {
                        group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                        confident: proportion_stat(confident.as_ref(), confident_check),
                        wants_a_lot_more: proportion_stat(
                            wilson(more, answered).as_ref(),
                            answered_check,
                        ),
                    },
                ))
            })
            .collect();
    protect(
        rows.iter_mut()
            .map(|(g, n, _, r)| (*g, *n, &mut r.confident)),
        mins,
    );
    protect(
        rows.iter_mut()
            .map(|(g, _, n, r)| (*g, *n, &mut r.wants_a_lot_more)),
        mins,
    );
    rows.into_iter()
        .filter(|(g, ..)| shown_in(view, *g))
        .map(|(.., r)| r)
        .collect()
}
