//! Differences between schools on percent favourable, over the schools whose cell the view
//! shows (a withheld or empty cell is never part of a test). Per construct, a χ² test of
//! homogeneity over the shown schools says whether they differ at all, with Cramér's V for how
//! much; its p is Holm-adjusted over the section's constructs and left out, in words, when an
//! expected count is below 5. Every pair of shown schools is tested with the group gaps'
//! two-proportion z test, Holm-adjusted over every pair of the section and flagged by the same
//! rule (adjusted p < 0.05 and at least 10 points). The χ² does not gate the pairs: Holm over
//! the pairs already keeps the chance of any false flag below 5%, and a gate would make that
//! guarantee harder to state (see docs/statistics.md).

use super::compare::{compare, p_is, section, share, Pair, Side};
use crate::reports::product::{SchoolGaps, SchoolRow, SchoolTest};
use crate::stats::{chi_square_shares, holm, Magnitude, MIN_EXPECTED};

/// How the χ² tests and the pairwise tests relate, as every format prints it.
pub const METHOD: &str = "For each construct, a χ² test over the schools shown says whether \
     their percent favourable differs at all (Cramér's V says how much; its p is Holm-adjusted \
     over the constructs). Separately, every pair of schools shown is compared with a \
     two-proportion z test, Holm-adjusted over every pair in this section; a difference is \
     stated only when the adjusted p is below 0.05 and the gap is at least 10 points. Withheld \
     cells are never tested.";

/// The school comparisons of the table's school rows (never its "All schools" row), one
/// construct per column: `keys` and `names` in column order.
pub fn school_gaps(keys: &[String], names: &[String], rows: &[SchoolRow]) -> SchoolGaps {
    let mut pairs = Vec::new();
    let mut tests = Vec::new();
    for (k, (key, name)) in keys.iter().zip(names).enumerate() {
        // Each school whose cell is shown, with the cell and its share and n.
        let shown: Vec<(Side, (f64, u64))> = rows
            .iter()
            .filter_map(|r| {
                let stat = &r.cells.get(k)?.stat;
                Some((
                    Side {
                        label: &r.school,
                        stat,
                    },
                    share(stat)?,
                ))
            })
            .collect();
        for (i, (a, _)) in shown.iter().enumerate() {
            for (b, _) in shown.iter().skip(i + 1) {
                pairs.push(Pair {
                    construct: key,
                    name,
                    group: None,
                    a: *a,
                    b: *b,
                });
            }
        }
        let shares: Vec<(f64, u64)> = shown.iter().map(|(_, s)| *s).collect();
        if let Some(chi) = chi_square_shares(&shares) {
            let reliable = chi.expected_large_enough();
            tests.push(SchoolTest {
                construct: key.clone(),
                name: name.clone(),
                schools: shown.iter().map(|(s, _)| s.label.to_string()).collect(),
                n: shares.iter().map(|(_, n)| n).sum(),
                chi_square: chi.statistic,
                df: chi.df,
                p: reliable.then_some(chi.p),
                adjusted_p: None,
                cramers_v: chi.cramers_v,
                effect_size: Magnitude::of_cramers_v(chi.cramers_v).label().into(),
                text: String::new(),
            });
        }
    }
    adjust_and_word(&mut tests);
    let compared = compare(&pairs, &|pair, ta, tb, higher| {
        format!(
            "{} is {} favourable than {} on {}: {ta} vs {tb}",
            pair.a.label,
            if higher { "more" } else { "less" },
            pair.b.label,
            pair.name
        )
    });
    SchoolGaps {
        tests,
        pairs: section(compared),
        method: METHOD.into(),
    }
}

/// Holm over the χ² tests that have a p, then each test in words.
fn adjust_and_word(tests: &mut [SchoolTest]) {
    let raw: Vec<f64> = tests.iter().filter_map(|t| t.p).collect();
    let adjusted = holm(&raw).unwrap_or_else(|| vec![1.0; raw.len()]);
    let mut adjusted = adjusted.into_iter();
    for t in tests.iter_mut() {
        if t.p.is_some() {
            t.adjusted_p = adjusted.next();
        }
        let p = match (t.p, t.adjusted_p) {
            (Some(p), Some(adjusted)) => format!(
                "p {}, Holm-adjusted p {} (over {} construct{})",
                p_is(p),
                p_is(adjusted),
                raw.len(),
                if raw.len() == 1 { "" } else { "s" }
            ),
            _ => format!(
                "no p: an expected count is below {MIN_EXPECTED:.0} (too few answers on one \
                 side), so the χ² approximation cannot be trusted"
            ),
        };
        t.text = format!(
            "{}, {} schools ({}; n = {}): χ²({}) = {:.2}, {p}; Cramér's V = {:.2} ({}).",
            t.name,
            t.schools.len(),
            t.schools.join(", "),
            t.n,
            t.df,
            t.chi_square,
            t.cramers_v,
            t.effect_size
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::cells::empty_stat;
    use crate::reports::product::{SchoolCell, Stat};

    fn cell(p: f64, n: u64) -> SchoolCell {
        SchoolCell {
            stat: Stat {
                n: Some(n),
                value: Some(p),
                ..empty_stat()
            },
            band: "middle".into(),
        }
    }

    fn row(school: &str, cells: Vec<SchoolCell>) -> SchoolRow {
        SchoolRow {
            school: school.into(),
            cells,
        }
    }

    fn withheld() -> SchoolCell {
        SchoolCell {
            stat: Stat {
                withheld: Some("small cell".into()),
                ..empty_stat()
            },
            band: "none".into(),
        }
    }

    #[test]
    fn shown_schools_are_tested_and_withheld_ones_never() {
        let keys = ["ease_of_use".to_string(), "impact".to_string()];
        let names = ["Ease of use".to_string(), "Impact".to_string()];
        let rows = [
            row("North", vec![cell(0.8, 20), cell(0.5, 20)]),
            row("South", vec![cell(0.3, 20), withheld()]),
            row("East", vec![cell(0.55, 20), cell(0.52, 25)]),
            row("West", vec![withheld(), withheld()]),
        ];
        let out = school_gaps(&keys, &names, &rows);
        assert_eq!(out.tests.len(), 2);
        assert_eq!(out.tests[0].schools, ["North", "South", "East"]);
        assert_eq!(out.tests[1].schools, ["North", "East"]);
        assert_eq!(out.tests[0].df, 2);
        // scipy chi2_contingency([[16, 4], [6, 14], [11, 9]], correction=False).
        assert!((out.tests[0].chi_square - 10.101_010_101).abs() < 1e-6);
        assert!(
            out.pairs.tested.len() == 4,
            "three pairs on ease, one on impact"
        );
        assert!(out.pairs.tested.iter().all(|c| c.a != "West"
            && c.b != "West"
            && !(c.construct == "impact" && c.b == "South")));
        let stated: Vec<&str> = out
            .pairs
            .flagged
            .iter()
            .map(|c| c.sentence.as_str())
            .collect();
        assert_eq!(
            stated,
            ["North is more favourable than South on Ease of use: 80% vs 30%"]
        );
        assert!(out.tests[0].text.contains("Holm-adjusted p"));
    }

    #[test]
    fn small_expected_counts_give_words_instead_of_a_p() {
        let keys = ["ease_of_use".to_string()];
        let names = ["Ease of use".to_string()];
        let rows = [
            row("North", vec![cell(0.97, 30)]),
            row("South", vec![cell(0.99, 40)]),
        ];
        let out = school_gaps(&keys, &names, &rows);
        assert_eq!(out.tests[0].p, None);
        assert_eq!(out.tests[0].adjusted_p, None);
        assert!(out.tests[0]
            .text
            .contains("no p: an expected count is below 5"));
        assert!(school_gaps(&keys, &names, &rows[..1]).tests.is_empty());
    }
}
