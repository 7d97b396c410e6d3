//! Vendor support (percent satisfied among those who contacted support) and the net
//! recommend score, per group.

use super::{group_row, row, Sums, GROUP_ALL};
use crate::db::models::surveys::SurveyItemRow;
use crate::reports::cells::{empty_stat, proportion_stat, value_stat, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::GroupStat;
use crate::stats::{construct_favourable, net_recommend, ScaleCounts};

/// Support satisfaction per group (groups that were asked).
pub fn support(inputs: &ReportInputs, view: &View, mins: &Minimums, sums: &Sums) -> Vec<GroupStat> {
    let pick = |i: &SurveyItemRow| i.tag.as_deref() == Some("support_rating");
    super::groups_of(inputs, view)
        .into_iter()
        .filter_map(|group| {
            let (within, all) = row(view, group_row(group));
            let cells: Vec<ScaleCounts> = sums.scale(&within, &pick).into_values().collect();
            if cells.is_empty() {
                return None;
            }
            let satisfied = construct_favourable(&cells);
            let n_all = all.n(satisfied.as_ref().map_or(0, |p| p.n), |f| {
                let cells: Vec<ScaleCounts> = sums.scale(f, &pick).into_values().collect();
                construct_favourable(&cells).map_or(0, |p| p.n)
            });
            Some(GroupStat {
                group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                stat: proportion_stat(
                    satisfied.as_ref(),
                    n_all,
                    group.map_or(mins.pooled(), |g| mins.group(g)),
                ),
            })
        })
        .collect()
}

/// Net recommend score (−100..100) with its interval per group (groups that were asked).
pub fn recommend(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
) -> Vec<GroupStat> {
    super::groups_of(inputs, view)
        .into_iter()
        .filter_map(|group| {
            let (within, all) = row(view, group_row(group));
            let counts = sums.recommend(&within);
            let n_all = all.n(counts.n(), |f| sums.recommend(f).n());
            let min = group.map_or(mins.pooled(), |g| mins.group(g));
            let stat = match net_recommend(&counts) {
                Some(s) => value_stat(s.n, n_all, min, s.score, Some((s.ci.low, s.ci.high)), 0),
                None if n_all == 0 => return None,
                None => empty_stat(),
            };
            Some(GroupStat {
                group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                stat,
            })
        })
        .collect()
}
