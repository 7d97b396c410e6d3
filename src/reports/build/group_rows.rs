//! Complementary suppression between a section's "All groups" row and its per-group rows.
//! The All-groups row pools the group rows, so a withheld group row could be recovered by
//! subtracting the other groups from it (4 students beside 40 teachers: All groups 44 minus
//! Teachers 40). Each statistic's rows are run as one line through `stats::suppress` (the
//! groups as parts, All groups as the total, each at its own minimum), over the view without
//! its group filter; a group view then shows its group's row with that decision, so it
//! withholds what the page without the filter withholds and the two cannot be subtracted.

use crate::domain::StakeholderGroup;
use crate::reports::cells::{hidden_stat, Minimums, View};
use crate::reports::product::Stat;
use crate::stats::{suppress_given, Count, Hidden, MarginTable};

/// The view a per-group section computes its rows over: the view without its group filter
/// (the same schools, scope and language), whose every row the line needs.
pub fn base(view: &View) -> View {
    View {
        group: None,
        ..view.clone()
    }
}

/// Whether a row of the [`base`] view is one the view shows: every row without a group
/// filter, else only the chosen group's.
pub fn shown_in(view: &View, group: Option<StakeholderGroup>) -> bool {
    view.group.is_none_or(|g| group == Some(g))
}

/// One row of a statistic on the line.
pub struct LineRow {
    /// The row's group; `None` for All groups.
    pub group: Option<StakeholderGroup>,
    /// Respondents behind the row's figure (also when it is withheld).
    pub n: u64,
    /// Whether the row is withheld already (small cell, or against the district's figure).
    pub withheld: bool,
}

/// For each row not withheld yet, how it must be withheld so that no withheld row can be
/// derived from the others (`None`: show it). Rows already withheld answer `None`.
///
/// A withheld All-groups row counts as hidden only while a group row is withheld too: with
/// every group shown it is their sum and tells nothing new (8 teachers and no one else are
/// fewer than the pooled minimum of 10, yet the teachers' row of 8 may be shown).
pub fn complements(rows: &[LineRow], mins: &Minimums) -> Vec<Option<Hidden>> {
    let part_hidden = rows.iter().any(|r| {
        r.group
            .is_some_and(|g| r.withheld || (r.n > 0 && r.n < mins.group(g)))
    });
    let mut parts = Vec::new();
    let mut total = None;
    let mut given = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match r.group {
            Some(g) => {
                if r.withheld {
                    given.push((0, Some(parts.len())));
                }
                parts.push((
                    i,
                    Count {
                        n: r.n,
                        min: mins.group(g),
                    },
                ));
            }
            None => {
                if r.withheld && part_hidden {
                    given.push((0, None));
                }
                // Its own minimum is already in `withheld`.
                total = Some(Count { n: r.n, min: 0 });
            }
        }
    }
    let hidden = suppress_given(
        &MarginTable {
            cells: vec![parts.iter().map(|p| p.1).collect()],
            row_totals: total.map(|t| vec![t]),
            col_totals: None,
            grand_total: None,
        },
        &given,
    );
    let mut out = vec![None; rows.len()];
    for (k, (i, _)) in parts.iter().enumerate() {
        out[*i] = hidden
            .cells
            .first()
            .and_then(|c| c.get(k))
            .copied()
            .flatten();
    }
    if let Some(i) = rows.iter().position(|r| r.group.is_none()) {
        out[i] = hidden.row_totals.first().copied().flatten();
    }
    rows.iter()
        .zip(out)
        .map(|(r, h)| if r.withheld { None } else { h })
        .collect()
}

/// Runs one statistic's rows (group, respondents, statistic) through [`complements`] and
/// withholds the statistics it picks.
pub fn protect<'a>(
    rows: impl IntoIterator<Item = (Option<StakeholderGroup>, u64, &'a mut Stat)>,
    mins: &Minimums,
) {
    let (line, stats): (Vec<LineRow>, Vec<&mut Stat>) = rows
        .into_iter()
        .map(|(group, n, stat)| {
            let withheld = stat.withheld.is_some();
            (LineRow { group, n, withheld }, stat)
        })
        .unzip();
    for (hidden, stat) in complements(&line, mins).into_iter().zip(stats) {
        if let Some(h) = hidden {
            *stat = hidden_stat(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StakeholderGroup::{Parent, Student, Teacher};

    const MINS: Minimums = Minimums {
        students: 10,
        parents: 10,
        staff: 5,
        comments: 10,
    };

    fn line(rows: &[(Option<StakeholderGroup>, u64, bool)]) -> Vec<Option<Hidden>> {
        let rows: Vec<LineRow> = rows
            .iter()
            .map(|&(group, n, withheld)| LineRow { group, n, withheld })
            .collect();
        complements(&rows, &MINS)
    }

    #[test]
    fn a_small_group_takes_the_next_smallest_with_it() {
        let c = Some(Hidden::Complementary);
        // 4 students (withheld), 40 teachers: the teachers go, All groups (44) stays.
        assert_eq!(
            line(&[
                (None, 44, false),
                (Some(Student), 4, true),
                (Some(Teacher), 40, false)
            ]),
            vec![None, None, c]
        );
        // With 12 parents too, the parents go and the teachers stay.
        assert_eq!(
            line(&[
                (None, 56, false),
                (Some(Student), 4, true),
                (Some(Teacher), 40, false),
                (Some(Parent), 12, false)
            ]),
            vec![None, None, None, c]
        );
        // 8 teachers alone are below the pooled minimum, but All groups is their row.
        assert_eq!(
            line(&[
                (None, 8, true),
                (Some(Student), 0, false),
                (Some(Teacher), 8, false)
            ]),
            vec![None, None, None]
        );
        // 3 students and 5 teachers: All groups (8) is withheld, so the students are safe.
        assert_eq!(
            line(&[
                (None, 8, true),
                (Some(Student), 3, true),
                (Some(Teacher), 5, false)
            ]),
            vec![None, None, None]
        );
        // Nothing withheld: nothing more.
        assert_eq!(
            line(&[(None, 50, false), (Some(Teacher), 50, false)]),
            vec![None, None]
        );
    }
}
