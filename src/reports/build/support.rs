//! Vendor support (percent satisfied among those who contacted support) and the net
//! recommend score, per group.

use super::group_rows::{base, protect, shown_in};
use super::{row, Sums, GROUP_ALL};
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::StakeholderGroup;
use crate::reports::cells::{empty_stat, proportion_stat, value_stat, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{GroupStat, Stat};
use crate::stats::{construct_favourable, net_recommend, ScaleCounts};

/// Support satisfaction per group (groups that were asked).
pub fn support(inputs: &ReportInputs, view: &View, mins: &Minimums, sums: &Sums) -> Vec<GroupStat> {
    let pick = |i: &SurveyItemRow| i.tag.as_deref() == Some("support_rating");
    let whole = base(view);
    let rows = super::groups_of(inputs, &whole)
        .into_iter()
        .filter_map(|group| {
            let (within, all) = row(&whole, group);
            let cells: Vec<ScaleCounts> = sums.scale(&within, &pick).into_values().collect();
            if cells.is_empty() {
                return None;
            }
            let satisfied = construct_favourable(&cells);
            let n = satisfied.as_ref().map_or(0, |p| p.n);
            let min = group.map_or(mins.pooled(), |g| mins.group(g));
            let check = all.check(sums, "support", n, min, |f| {
                let cells: Vec<ScaleCounts> = sums.scale(f, &pick).into_values().collect();
                construct_favourable(&cells).map_or(0, |p| p.n)
            });
            let stat = proportion_stat(satisfied.as_ref(), check);
            Some((group, n, stat))
        })
        .collect();
    shown_rows(view, mins, rows)
}

/// Net recommend score (−100..100) with its interval per group (groups that were asked).
pub fn recommend(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<GroupStat> {
    let whole = base(view);
    let rows = super::groups_of(inputs, &whole)
        .into_iter()
        .filter_map(|group| {
            let (within, all) = row(&whole, group);
            let counts = sums.recommend(&within);
            let min = group.map_or(mins.pooled(), |g| mins.group(g));
            let check = all.check(sums, "recommend", counts.n(), min, |f| {
                sums.recommend(f).n()
            });
            let n_all = check.n_all;
            let stat = match net_recommend(&counts) {
                Some(s) => value_stat(
                    s.n,
                    check,
                    s.score,
                    Some((s.ci.low, s.ci.high)),
                    (-100.0, 100.0),
                    0,
                ),
                None if n_all == 0 => return None,
                None => empty_stat(),
            };
            Some((group, counts.n(), stat))
        })
        .collect();
    shown_rows(view, mins, rows)
}

/// The view's rows of one statistic computed over its [`base`] view, after suppressing the
/// group rows against the All-groups row.
fn shown_rows(
    view: &View,
    mins: &Minimums,
    mut rows: Vec<(Option<StakeholderGroup>, u64, Stat)>,
) -> Vec<GroupStat> {
    protect(rows.iter_mut().map(|(g, n, s)| (*g, *n, s)), mins);
    rows.into_iter()
        .filter(|(g, ..)| shown_in(view, *g))
        .map(|(group, _, stat)| GroupStat {
            group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
            stat,
        })
        .collect()
}
