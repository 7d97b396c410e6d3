//! Adoption: use rate per group, the feature matrix (most unaware first), cost per active
//! user with licensed seats, and the training gap (confidence against training wanted).

use super::{group_row, row, Sums, GROUP_ALL};
use crate::db::models::surveys::SurveyItemRow;
use crate::reports::cells::{proportion_stat, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{FeatureRow, GroupStat, TrainingRow};
use crate::stats::{construct_favourable, wilson, ScaleCounts};

/// Option of the "training wanted" item meaning "a lot more" (see confidence_training.toml).
const WANTS_A_LOT_MORE: i32 = 3;

/// Use rate (uses it / was asked) per group.
pub fn use_rates(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<GroupStat> {
    super::groups_of(inputs, view)
        .into_iter()
        .map(|group| {
            let (within, all) = row(view, group_row(group));
            let (asked, used) = sums.uses(&within);
            let asked_all = all.n(asked, |f| sums.uses(f).0);
            GroupStat {
                group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                stat: proportion_stat(
                    wilson(used, asked).as_ref(),
                    asked_all,
                    group.map_or(mins.pooled(), |g| mins.group(g)),
                ),
            }
        })
        .collect()
}

/// The feature matrix over the view, sorted by unaware share (largest first).
pub fn features(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<FeatureRow> {
    let (within, all) = row(view, group_row(view.group));
    let counts = sums.features(&within);
    let min = view.group.map_or(mins.pooled(), |g| mins.group(g));
    let mut rows: Vec<(f64, FeatureRow)> = inputs
        .features
        .iter()
        .map(|f| {
            let c = counts.get(&f.id).cloned().unwrap_or_default();
            let n_all = all.n(c.answered(), |filter| {
                sums.features(filter).get(&f.id).map_or(0, |c| c.answered())
            });
            let stat =
                |p: Option<crate::stats::Proportion>| proportion_stat(p.as_ref(), n_all, min);
            let unaware = stat(c.awareness_gap());
            let order = unaware.value.unwrap_or(-1.0);
            (
                order,
                FeatureRow {
                    feature: f.name.clone(),
                    uses: stat(c.adoption()),
                    knows: stat(wilson(c.knows_not_uses, c.answered())),
                    unaware,
                    wants_training: stat(c.training_demand()),
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Cost per active user with its interval and the seats it rests on, or why it is not shown.
pub fn cost(inputs: &ReportInputs, mins: &Minimums) -> Option<String> {
    let e = &inputs.verdict.evidence;
    let use_rate = e.use_rate?;
    if use_rate.n < mins.pooled() {
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

/// Confidence (percent favourable on the confidence items) and training wanted, per group.
pub fn training(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<TrainingRow> {
    let pick = |i: &SurveyItemRow| i.tag.as_deref() == Some("confidence");
    super::groups_of(inputs, view)
        .into_iter()
        .filter_map(|group| {
            let min = group.map_or(mins.pooled(), |g| mins.group(g));
            let (within, all) = row(view, group_row(group));
            let cells: Vec<ScaleCounts> = sums.scale(&within, &pick).into_values().collect();
            let (answered, more) = sums.choice(&within, "training_wanted", WANTS_A_LOT_MORE);
            if cells.is_empty() && answered == 0 {
                return None;
            }
            let confident = construct_favourable(&cells);
            let confident_all = all.n(confident.as_ref().map_or(0, |p| p.n), |f| {
                let cells: Vec<ScaleCounts> = sums.scale(f, &pick).into_values().collect();
                construct_favourable(&cells).map_or(0, |p| p.n)
            });
            let answered_all = all.n(answered, |f| {
                sums.choice(f, "training_wanted", WANTS_A_LOT_MORE).0
            });
            Some(TrainingRow {
                group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                confident: proportion_stat(confident.as_ref(), confident_all, min),
                wants_a_lot_more: proportion_stat(
                    wilson(more, answered).as_ref(),
                    answered_all,
                    min,
                ),
            })
        })
        .collect()
}
