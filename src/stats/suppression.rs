//! Small-cell suppression for tables shown with their margins.
//!
//! A cell with fewer respondents than the district's minimum is hidden
//! (primary suppression). Because totals are shown too, a hidden value could
//! be recovered by subtraction, so further cells are hidden (complementary
//! suppression) until no hidden value can be derived from the visible ones.

use serde::{Deserialize, Serialize};

/// One count shown in a table (a cell or a margin) and its minimum n.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// Respondents.
    pub n: u64,
    /// Minimum respondents to show it (differs per row: 10 for students and
    /// parents, 5 for staff by default).
    pub min: u64,
}

/// A breakdown (e.g. schools × stakeholder groups) with the margins the report
/// shows. A margin that is not shown is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginTable {
    /// `cells[row][col]`.
    pub cells: Vec<Vec<Count>>,
    /// Row totals, if shown (one per row).
    pub row_totals: Option<Vec<Count>>,
    /// Column totals, if shown (one per column).
    pub col_totals: Option<Vec<Count>>,
    /// Grand total, if shown.
    pub grand_total: Option<Count>,
}

/// Why a value is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Hidden {
    /// 0 < n < min: shown as "fewer than {min}".
    Primary {
        /// Respondents (never shown).
        n: u64,
        /// The minimum that applied.
        min: u64,
    },
    /// Hidden so that a primary-suppressed value cannot be derived.
    Complementary,
}

/// For every cell and margin of a [`MarginTable`], whether it is hidden and why
/// (`None` = show it). Margins that were not shown get empty vectors / `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionResult {
    /// Same shape as the input cells.
    pub cells: Vec<Vec<Option<Hidden>>>,
    /// Per row total (empty if not shown).
    pub row_totals: Vec<Option<Hidden>>,
    /// Per column total (empty if not shown).
    pub col_totals: Vec<Option<Hidden>>,
    /// Grand total.
    pub grand_total: Option<Hidden>,
}

/// A linear relation between shown values: Σ coefficient·value = 0.
struct Line {
    members: Vec<(usize, i128)>,
    /// Members that are parts (not the line's total): preferred complements.
    parts: Vec<usize>,
}

struct Layout {
    counts: Vec<Count>,
    cell_ids: Vec<Vec<usize>>,
    row_ids: Vec<usize>,
    col_ids: Vec<usize>,
    grand_id: Option<usize>,
    lines: Vec<Line>,
}

fn push(counts: &mut Vec<Count>, c: Count) -> usize {
    counts.push(c);
    counts.len() - 1
}

fn layout(t: &MarginTable) -> Layout {
    let mut counts = Vec::new();
    let cell_ids: Vec<Vec<usize>> = t
        .cells
        .iter()
        .map(|row| row.iter().map(|&c| push(&mut counts, c)).collect())
        .collect();
    let row_ids: Vec<usize> = t
        .row_totals
        .iter()
        .flatten()
        .map(|&c| push(&mut counts, c))
        .collect();
    let col_ids: Vec<usize> = t
        .col_totals
        .iter()
        .flatten()
        .map(|&c| push(&mut counts, c))
        .collect();
    let grand_id = t.grand_total.map(|c| push(&mut counts, c));
    let mut lines = Vec::new();
    let mut line = |parts: Vec<usize>, totals: Vec<usize>| {
        if parts.is_empty() || totals.is_empty() {
            return;
        }
        let mut members: Vec<(usize, i128)> = parts.iter().map(|&p| (p, 1)).collect();
        members.extend(totals.iter().map(|&p| (p, -1)));
        lines.push(Line { members, parts });
    };
    for (i, &r) in row_ids.iter().enumerate() {
        line(cell_ids.get(i).cloned().unwrap_or_default(), vec![r]);
    }
    for (j, &c) in col_ids.iter().enumerate() {
        let parts = cell_ids
            .iter()
            .filter_map(|row| row.get(j).copied())
            .collect();
        line(parts, vec![c]);
    }
    if let Some(g) = grand_id {
        if row_ids.is_empty() && col_ids.is_empty() {
            line(cell_ids.iter().flatten().copied().collect(), vec![g]);
        }
        line(row_ids.clone(), vec![g]);
        line(col_ids.clone(), vec![g]);
    } else {
        line(row_ids.clone(), col_ids.clone());
    }
    Layout {
        counts,
        cell_ids,
        row_ids,
        col_ids,
        grand_id,
        lines,
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Hidden values that the visible values and the lines pin down uniquely:
/// v is determined iff the unit vector of v lies in the row space of the
/// lines restricted to hidden values (exact fraction-free elimination).
fn determined(lines: &[Line], hidden: &[Option<Hidden>]) -> Vec<usize> {
    let unknowns: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i].is_some()).collect();
    let col_of = |id: usize| unknowns.iter().position(|&u| u == id);
    let mut rows: Vec<Vec<i128>> = lines
        .iter()
        .map(|l| {
            let mut r = vec![0i128; unknowns.len()];
            for &(id, c) in &l.members {
                if let Some(j) = col_of(id) {
                    r[j] += c;
                }
            }
            r
        })
        .filter(|r| r.iter().any(|&x| x != 0))
        .collect();
    let mut pivot_row = 0;
    let mut pivots = Vec::new();
    for col in 0..unknowns.len() {
        let Some(p) = (pivot_row..rows.len()).find(|&r| rows[r][col] != 0) else {
            continue;
        };
        rows.swap(pivot_row, p);
        for r in 0..rows.len() {
            if r != pivot_row && rows[r][col] != 0 {
                let (a, b) = (rows[pivot_row][col], rows[r][col]);
                let pivot = rows[pivot_row].clone();
                let row = &mut rows[r];
                let mut g = 0;
                for (x, y) in row.iter_mut().zip(pivot.iter()) {
                    *x = *x * a - *y * b;
                    g = gcd(g, *x);
                }
                if g > 1 {
                    row.iter_mut().for_each(|x| *x /= g);
                }
            }
        }
        pivots.push((pivot_row, col));
        pivot_row += 1;
    }
    pivots
        .into_iter()
        .filter(|&(r, c)| rows[r].iter().enumerate().all(|(j, &x)| j == c || x == 0))
        .map(|(_, c)| unknowns[c])
        .collect()
}

/// Picks the complement for a line: its smallest visible non-empty part, else
/// its smallest visible part, else its smallest visible member (a total).
fn complement(line: &Line, counts: &[Count], hidden: &[Option<Hidden>]) -> Option<usize> {
    let visible = |ids: &mut dyn Iterator<Item = usize>, nonzero: bool| {
        ids.filter(|&i| hidden[i].is_none() && (!nonzero || counts[i].n > 0))
            .min_by_key(|&i| (counts[i].n, i))
    };
    // An empty part is shown as "no answers" elsewhere (and a verdict says nobody answered),
    // so hiding it protects nothing: the line's total goes before an empty part.
    visible(&mut line.parts.iter().copied(), true)
        .or_else(|| visible(&mut line.members.iter().map(|m| m.0), true))
        .or_else(|| visible(&mut line.members.iter().map(|m| m.0), false))
}

/// Primary and complementary suppression of a table with margins.
///
/// Primary: 0 < n < min. A cell with n = 0 is empty, not secret (it reveals no
/// one's answers), so it is shown. Complementary: while some line (a row or
/// column with its shown total, or the margins with the grand total) has
/// exactly one hidden member, hide that line's smallest visible non-empty
/// part (or, when every other part is empty, its total: an empty part is public);
/// then, while any hidden value is still uniquely determined by the
/// shown values across all lines together, hide the smallest visible part of a
/// line through it. Ends when no hidden value can be derived by subtraction.
pub fn suppress(t: &MarginTable) -> SuppressionResult {
    suppress_given(t, &[])
}

/// [`suppress`] of a table some of whose values are already withheld for a reason the table
/// cannot see (e.g. a filtered figure whose difference to the district's is small): they
/// count as hidden from the start, so complementary suppression protects them too. `given`
/// lists (row, column) of such cells; `None` as the column names the row's total.
pub fn suppress_given(t: &MarginTable, given: &[(usize, Option<usize>)]) -> SuppressionResult {
    let l = layout(t);
    let mut hidden: Vec<Option<Hidden>> = l
        .counts
        .iter()
        .map(|c| (c.n > 0 && c.n < c.min).then_some(Hidden::Primary { n: c.n, min: c.min }))
        .collect();
    for &(row, col) in given {
        let id = match col {
            Some(col) => l.cell_ids.get(row).and_then(|r| r.get(col)),
            None => l.row_ids.get(row),
        };
        if let Some(slot) = id.and_then(|&id| hidden.get_mut(id)) {
            slot.get_or_insert(Hidden::Complementary);
        }
    }
    loop {
        let single = l.lines.iter().find(|line| {
            line.members
                .iter()
                .filter(|m| hidden[m.0].is_some())
                .count()
                == 1
        });
        let pick = match single {
            Some(line) => complement(line, &l.counts, &hidden),
            None => determined(&l.lines, &hidden).into_iter().find_map(|v| {
                l.lines
                    .iter()
                    .filter(|line| line.members.iter().any(|m| m.0 == v))
                    .find_map(|line| complement(line, &l.counts, &hidden))
                    .or_else(|| {
                        l.lines
                            .iter()
                            .find_map(|line| complement(line, &l.counts, &hidden))
                    })
            }),
        };
        match pick {
            Some(id) => hidden[id] = Some(Hidden::Complementary),
            None => break,
        }
    }
    SuppressionResult {
        cells: l
            .cell_ids
            .iter()
            .map(|row| row.iter().map(|&i| hidden[i]).collect())
            .collect(),
        row_totals: l.row_ids.iter().map(|&i| hidden[i]).collect(),
        col_totals: l.col_ids.iter().map(|&i| hidden[i]).collect(),
        grand_total: l.grand_id.and_then(|i| hidden[i]),
    }
}

/// How a proportion may be displayed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum ProportionDisplay {
    /// Show the value.
    Exact(f64),
    /// Show "≤5%".
    AtMost5,
    /// Show "≥95%".
    AtLeast95,
}

/// Below this n, extreme proportions are shown as "≤5%" / "≥95%".
pub const EXACT_EXTREMES_FROM_N: u64 = 30;

/// Where n < 30, a proportion below 5% or above 95% is shown as "≤5%" or
/// "≥95%", so a small group's unanimous answer (0% or 100%) does not reveal
/// every member's answer.
pub fn display_proportion(p: f64, n: u64) -> ProportionDisplay {
    if n < EXACT_EXTREMES_FROM_N && p < 0.05 {
        ProportionDisplay::AtMost5
    } else if n < EXACT_EXTREMES_FROM_N && p > 0.95 {
        ProportionDisplay::AtLeast95
    } else {
        ProportionDisplay::Exact(p)
    }
}

/// A district's minimum-n settings (stored as JSON; missing fields take the
/// defaults: 10 students and parents, 5 staff, 10 comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuppressionPolicy {
    /// Minimum n for student and parent cells.
    pub student_parent_min: u64,
    /// Minimum n for teacher and coordinator cells.
    pub staff_min: u64,
    /// Minimum n for showing free-text comments.
    pub comment_min: u64,
}

impl Default for SuppressionPolicy {
    fn default() -> Self {
        Self {
            student_parent_min: 10,
            staff_min: 5,
            comment_min: 10,
        }
    }
}

impl SuppressionPolicy {
    /// The policy with every minimum raised to its floor (5 for students and
    /// parents and for comments, 3 for staff): a district may lower its
    /// minimums that far, never further.
    pub fn effective(self) -> Self {
        Self {
            student_parent_min: self.student_parent_min.max(5),
            staff_min: self.staff_min.max(3),
            comment_min: self.comment_min.max(5),
        }
    }
}
