//! Disclosure control over every view of a report at once: one decision for the whole cell
//! lattice, which every view reads.
//!
//! A report can be filtered by school, group and respondent language, and each filter's
//! page shows figures with their margins. Every count any view shows is the sum of the
//! finest cells (school × group × language) over one *entry* of the lattice: a level per
//! dimension, being one value, every value, or one of the dimension's published sets (a
//! coordinator's schools). Suppression decided view by view cannot be proven: figures of
//! several views can be added and subtracted. [`protect`] decides once which entries are
//! withheld, so the union of all views publishes only entries it left shown.
//!
//! Primary suppression withholds an entry of 1 to `minimum − 1` respondents, the minimum
//! being the strictest of the groups with respondents in it. Secondary suppression is the
//! hypercube method (Repsilber 1994, used by τ-ARGUS): for each primary entry it picks, in
//! each dimension, a perturbation of the finest counts (+1 on one value, or +1 on one and
//! −1 on another) and withholds every entry the product of those perturbations changes: the
//! corners of a hypercube containing the primary entry. Adding that product to the table
//! leaves every shown entry as it is and changes the primary one, so two tables that differ
//! on it publish the same figures: no linear combination of published figures, across any
//! number of views, gives a withheld entry. Among the hypercubes it picks the one that
//! withholds the fewest respondents not withheld yet (totals weigh more than inner cells, so
//! the district's figures stay), and overlapping primaries share corners. An entry with no respondents is never withheld
//! and never a corner: it shows "no answers", and an empty row reveals nobody.

use super::Hidden;

/// One dimension of the finest cells: how many values it has, and which further sets of
/// values the report publishes besides single values and every value.
#[derive(Debug, Clone, Default)]
pub struct Dimension {
    /// Number of single values (schools, groups, languages).
    pub values: usize,
    /// Further published sets of values (each coordinator's schools).
    pub sets: Vec<Vec<usize>>,
}

/// A level of one dimension in an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// One value.
    One(usize),
    /// Every value.
    All,
    /// One of the dimension's published sets (by its index in [`Dimension::sets`]).
    Set(usize),
}

/// The finest counts of one quantity, laid out over its dimensions.
#[derive(Debug, Clone)]
pub struct Table {
    /// The dimensions, outermost first.
    pub dims: Vec<Dimension>,
    /// Finest counts, row-major over the dimensions' values.
    pub counts: Vec<u64>,
    /// The dimension whose values carry minimums (the stakeholder groups).
    pub minimum_dim: usize,
    /// Each value's minimum in that dimension.
    pub minimums: Vec<u64>,
}

/// Which entries of a [`Table`] are withheld, and why.
#[derive(Debug, Clone)]
pub struct Protection {
    levels: Vec<Vec<Level>>,
    hidden: Vec<Option<Hidden>>,
}

impl Protection {
    /// Whether an entry is withheld (`None`: shown). An entry outside the lattice (a value
    /// the table does not have) is withheld, so a mistake can only hide more.
    pub fn hidden(&self, entry: &[Level]) -> Option<Hidden> {
        match index_of(&self.levels, entry) {
            Some(i) => self.hidden[i],
            None => Some(Hidden::Complementary),
        }
    }

    /// How many entries are withheld (primary and secondary).
    pub fn withheld(&self) -> usize {
        self.hidden.iter().filter(|h| h.is_some()).count()
    }
}

fn levels_of(d: &Dimension) -> Vec<Level> {
    (0..d.values)
        .map(Level::One)
        .chain(std::iter::once(Level::All))
        .chain((0..d.sets.len()).map(Level::Set))
        .collect()
}

fn members(d: &Dimension, level: Level) -> Vec<usize> {
    match level {
        Level::One(a) => vec![a],
        Level::All => (0..d.values).collect(),
        Level::Set(i) => d.sets.get(i).cloned().unwrap_or_default(),
    }
}

fn index_of(levels: &[Vec<Level>], entry: &[Level]) -> Option<usize> {
    if entry.len() != levels.len() {
        return None;
    }
    let mut index = 0;
    for (ls, l) in levels.iter().zip(entry) {
        index = index * ls.len() + ls.iter().position(|x| x == l)?;
    }
    Some(index)
}

/// Every combination of one position per list, in row-major order.
fn product(lengths: &[usize]) -> impl Iterator<Item = Vec<usize>> + '_ {
    let total: usize = lengths.iter().product();
    (0..total).map(move |mut k| {
        let mut out = vec![0; lengths.len()];
        for (slot, len) in out.iter_mut().zip(lengths).rev() {
            *slot = k % len;
            k /= len;
        }
        out
    })
}

/// One dimension's perturbation, by the positions (in that dimension's level list) of the
/// levels whose sum it changes.
struct Perturbation {
    changed: Vec<usize>,
}

/// The perturbations of one dimension that change `target`: +1 on a value inside it, or +1
/// on a value inside and −1 on a value outside (for a single value: any other value).
fn perturbations(d: &Dimension, levels: &[Level], target: Level) -> Vec<Perturbation> {
    let inside = members(d, target);
    let mut weights: Vec<Vec<i64>> = Vec::new();
    for &a in &inside {
        let mut plus = vec![0; d.values];
        plus[a] = 1;
        weights.push(plus.clone());
        for b in (0..d.values).filter(|b| !inside.contains(b)) {
            let mut pair = plus.clone();
            pair[b] = -1;
            weights.push(pair);
        }
    }
    let member_sets: Vec<Vec<usize>> = levels.iter().map(|l| members(d, *l)).collect();
    weights
        .into_iter()
        .map(|w| Perturbation {
            changed: member_sets
                .iter()
                .enumerate()
                .filter(|(_, m)| m.iter().map(|x| w[*x]).sum::<i64>() != 0)
                .map(|(i, _)| i)
                .collect(),
        })
        .collect()
}

/// Decides which entries of the table's lattice are withheld (see the module docs).
pub fn protect(table: &Table) -> Protection {
    let levels: Vec<Vec<Level>> = table.dims.iter().map(levels_of).collect();
    let lengths: Vec<usize> = levels.iter().map(Vec::len).collect();
    let values: Vec<usize> = table.dims.iter().map(|d| d.values).collect();
    let entries: Vec<Vec<usize>> = product(&lengths).collect();
    let finest: Vec<Vec<usize>> = product(&values).collect();
    // Per entry: respondents, and its minimum (the strictest value with respondents).
    let mut counts = vec![0u64; entries.len()];
    let mut minimum = vec![0u64; entries.len()];
    for (e, entry) in entries.iter().enumerate() {
        let sets: Vec<Vec<usize>> = entry
            .iter()
            .enumerate()
            .map(|(d, p)| members(&table.dims[d], levels[d][*p]))
            .collect();
        for (cell, n) in finest.iter().zip(&table.counts) {
            if *n > 0 && cell.iter().zip(&sets).all(|(v, s)| s.contains(v)) {
                counts[e] += n;
                let by = cell[table.minimum_dim];
                minimum[e] = minimum[e].max(table.minimums.get(by).copied().unwrap_or(0));
            }
        }
    }
    let mut hidden: Vec<Option<Hidden>> = counts
        .iter()
        .zip(&minimum)
        .map(|(&n, &min)| (n > 0 && n < min).then_some(Hidden::Primary { n, min }))
        .collect();
    // Finest primaries first, then margins; ties in lattice order, so every view decides
    // alike.
    let mut primaries: Vec<usize> = (0..entries.len())
        .filter(|e| hidden[*e].is_some())
        .collect();
    let margins = |e: usize| {
        entries[e]
            .iter()
            .enumerate()
            .filter(|(d, p)| !matches!(levels[*d][**p], Level::One(_)))
            .count()
    };
    // What withholding an entry costs: its respondents, times 100 for each dimension it
    // totals over every value, so totals every viewer reads (the district's row above all)
    // are withheld only where no finer cells will do.
    let weight = |e: usize| {
        let totals = entries[e]
            .iter()
            .enumerate()
            .filter(|(d, p)| levels[*d][**p] == Level::All)
            .count();
        counts[e].saturating_mul(100u64.saturating_pow(totals as u32))
    };
    primaries.sort_by_key(|e| (margins(*e), *e));
    let weights: Vec<u64> = (0..entries.len()).map(weight).collect();
    for target in primaries {
        let options: Vec<Vec<Perturbation>> = table
            .dims
            .iter()
            .enumerate()
            .map(|(d, dim)| perturbations(dim, &levels[d], levels[d][entries[target][d]]))
            .collect();
        let sizes: Vec<usize> = options.iter().map(Vec::len).collect();
        let mut best: Option<(u64, Vec<usize>)> = None;
        for pick in product(&sizes) {
            let changed: Vec<&[usize]> = pick
                .iter()
                .enumerate()
                .map(|(d, k)| options[d][*k].changed.as_slice())
                .collect();
            let bound = best.as_ref().map_or(u64::MAX, |(b, _)| *b);
            let mut cost = 0u64;
            let valid = corners(&changed, &lengths, 0, &mut |e| {
                if hidden[e].is_some() {
                    return true;
                }
                cost = cost.saturating_add(weights[e]);
                counts[e] > 0 && cost < bound
            });
            if valid {
                best = Some((cost, pick));
                if cost == 0 {
                    break;
                }
            }
        }
        // The hypercube of +1 on one respondent's cell in every dimension always qualifies
        // (each corner contains that cell), so there is always a best one.
        let Some((_, pick)) = best else {
            continue;
        };
        let changed: Vec<&[usize]> = pick
            .iter()
            .enumerate()
            .map(|(d, k)| options[d][*k].changed.as_slice())
            .collect();
        corners(&changed, &lengths, 0, &mut |e| {
            hidden[e] = hidden[e].or(Some(Hidden::Complementary));
            true
        });
    }
    Protection { levels, hidden }
}

/// Visits the flat index of every corner (one changed level per dimension) while `visit`
/// says to go on; whether it went through all of them.
fn corners(
    changed: &[&[usize]],
    lengths: &[usize],
    base: usize,
    visit: &mut dyn FnMut(usize) -> bool,
) -> bool {
    match (changed.split_first(), lengths.split_first()) {
        (Some((levels, rest)), Some((len, rest_lengths))) => levels
            .iter()
            .all(|p| corners(rest, rest_lengths, base * len + p, visit)),
        _ => visit(base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether a 0/1 vector over the finest cells lies in the span of others, by exact
    /// rational elimination (i128 fractions kept small by the tiny tables tested here).
    fn in_span(rows: &[Vec<i128>], target: &[i128]) -> bool {
        let mut basis: Vec<(usize, Vec<i128>)> = Vec::new();
        let reduce = |basis: &[(usize, Vec<i128>)], v: &[i128]| {
            let mut v = v.to_vec();
            for (p, b) in basis {
                if v[*p] != 0 {
                    let (f, g) = (v[*p], b[*p]);
                    for (x, y) in v.iter_mut().zip(b) {
                        *x = *x * g - f * y;
                    }
                    let common = v.iter().fold(0i128, |a, x| gcd(a, x.abs()));
                    if common > 1 {
                        v.iter_mut().for_each(|x| *x /= common);
                    }
                }
            }
            v
        };
        for r in rows {
            let v = reduce(&basis, r);
            if let Some(p) = v.iter().position(|x| *x != 0) {
                basis.push((p, v));
            }
        }
        reduce(&basis, target).iter().all(|x| *x == 0)
    }

    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }

    /// The attacker: every shown entry is an equation; a withheld one with respondents is
    /// recovered when its indicator lies in their span.
    fn recovered(table: &Table, p: &Protection) -> Vec<Vec<Level>> {
        let levels: Vec<Vec<Level>> = table.dims.iter().map(levels_of).collect();
        let lengths: Vec<usize> = levels.iter().map(Vec::len).collect();
        let values: Vec<usize> = table.dims.iter().map(|d| d.values).collect();
        let finest: Vec<Vec<usize>> = product(&values).collect();
        let indicator = |entry: &[Level]| -> Vec<i128> {
            finest
                .iter()
                .map(|cell| {
                    let inside = cell
                        .iter()
                        .enumerate()
                        .all(|(d, v)| members(&table.dims[d], entry[d]).contains(v));
                    i128::from(inside)
                })
                .collect()
        };
        let entries: Vec<Vec<Level>> = product(&lengths)
            .map(|pos| pos.iter().enumerate().map(|(d, k)| levels[d][*k]).collect())
            .collect();
        let shown: Vec<Vec<i128>> = entries
            .iter()
            .filter(|e| p.hidden(e).is_none())
            .map(|e| indicator(e))
            .collect();
        entries
            .into_iter()
            .filter(|e| matches!(p.hidden(e), Some(Hidden::Primary { .. })))
            .filter(|e| in_span(&shown, &indicator(e)))
            .collect()
    }

    fn table(schools: usize, sets: Vec<Vec<usize>>, counts: Vec<u64>) -> Table {
        let plain = |values| Dimension {
            values,
            sets: Vec::new(),
        };
        Table {
            dims: vec![
                Dimension {
                    values: schools,
                    sets,
                },
                plain(2),
                plain(2),
            ],
            counts,
            minimum_dim: 1,
            minimums: vec![10, 5],
        }
    }

    #[test]
    fn a_single_small_cell_takes_a_hypercube_with_it() {
        // 3 schools × (students, teachers) × (en, es); one small cell: 3 students at school 0
        // answering in Spanish.
        let mut counts = vec![20; 12];
        counts[1] = 3;
        let t = table(3, Vec::new(), counts);
        let p = protect(&t);
        let target = [Level::One(0), Level::One(0), Level::One(1)];
        assert_eq!(p.hidden(&target), Some(Hidden::Primary { n: 3, min: 10 }));
        // 7 other corners of a cube: 8 entries withheld in all.
        assert_eq!(p.withheld(), 8);
        assert!(recovered(&t, &p).is_empty());
        assert_eq!(
            p.hidden(&[Level::All, Level::All, Level::All]),
            None,
            "the district total stays"
        );
    }

    #[test]
    fn empty_entries_stay_shown_and_a_lone_cell_hides_its_ancestors() {
        // Only 3 students at school 0 in Spanish answered: every entry containing them is
        // those 3, every other entry is empty.
        let mut counts = vec![0; 12];
        counts[1] = 3;
        let t = table(3, Vec::new(), counts);
        let p = protect(&t);
        assert!(p.hidden(&[Level::All, Level::All, Level::All]).is_some());
        assert_eq!(p.hidden(&[Level::One(1), Level::All, Level::All]), None);
        assert!(recovered(&t, &p).is_empty());
    }

    #[test]
    fn a_coordinators_schools_are_protected_like_margins() {
        // Schools 0 and 1 form a coordinator's set; 2 parents at school 1 in English, and
        // 9 at school 0: their set's parents (11) are fine, school 0's 9 are not.
        let mut counts = vec![15; 12];
        counts[4] = 2;
        counts[0] = 9;
        let t = table(3, vec![vec![0, 1]], counts);
        let p = protect(&t);
        assert!(p
            .hidden(&[Level::One(1), Level::One(0), Level::One(0)])
            .is_some());
        assert!(recovered(&t, &p).is_empty());
    }

    #[test]
    fn an_entry_outside_the_lattice_is_withheld() {
        let t = table(2, Vec::new(), vec![20; 8]);
        let p = protect(&t);
        assert_eq!(
            p.hidden(&[Level::One(2), Level::All, Level::All]),
            Some(Hidden::Complementary)
        );
        assert_eq!(p.withheld(), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Random small tables (often empty, often small, sometimes large cells, and a
        /// coordinator's set): no primary entry is ever in the span of the shown ones.
        #[test]
        fn no_withheld_entry_is_a_combination_of_shown_ones(
            cells in proptest::collection::vec(
                prop_oneof![Just(0u64), 1u64..8, 10u64..25], 12),
            with_set in any::<bool>(),
        ) {
            let sets = if with_set { vec![vec![0, 2]] } else { Vec::new() };
            let t = table(3, sets, cells);
            let p = protect(&t);
            prop_assert!(recovered(&t, &p).is_empty());
        }
    }
}
