//! Group gaps in the constructs section: for each construct, every pair of groups compared on
//! percent favourable (two-proportion z; see docs/reports.md for why), Holm over the section.

use super::compare::{compare, lower_first, section, Pair, Side};
use super::GROUP_ALL;
use crate::reports::product::{Comparisons, ConstructRow};

/// Every pairwise group comparison of the construct rows (the pooled "All groups" rows are
/// not a group of their own and are left out), in construct then group order.
pub fn gaps(rows: &[ConstructRow]) -> Comparisons {
    let groups: Vec<&ConstructRow> = rows.iter().filter(|r| r.group != GROUP_ALL).collect();
    let mut pairs = Vec::new();
    for (i, a) in groups.iter().enumerate() {
        for b in groups.iter().skip(i + 1) {
            if a.construct == b.construct {
                pairs.push(Pair {
                    construct: &a.construct,
                    name: &a.name,
                    group: None,
                    a: Side {
                        label: &a.group,
                        stat: &a.favourable,
                    },
                    b: Side {
                        label: &b.group,
                        stat: &b.favourable,
                    },
                });
            }
        }
    }
    section(compare(&pairs, &|pair, ta, tb, higher| {
        format!(
            "{} are {} favourable than {} on {}: {ta} vs {tb}",
            pair.a.label,
            if higher { "more" } else { "less" },
            lower_first(pair.b.label),
            pair.name
        )
    }))
}
