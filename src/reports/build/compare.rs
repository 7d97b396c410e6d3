//! Comparisons of percent favourable between two shown cells (two groups, or two waves):
//! a two-proportion z test per pair, Holm's adjustment over every comparison of one report
//! section, and the flag rule (adjusted p < 0.05 and at least 10 points). A withheld or
//! empty cell is never compared.

use crate::reports::cells::percent_text;
use crate::reports::product::{Comparison, Comparisons, Stat};
use crate::stats::{holm, is_flagged, two_share_z, Effect};

/// One side of a comparison: its label and the statistic shown for it.
pub struct Side<'a> {
    /// Group label or wave name.
    pub label: &'a str,
    /// The percent favourable as shown (withheld cells have no value).
    pub stat: &'a Stat,
}

/// A pair of cells of one construct to compare.
pub struct Pair<'a> {
    /// Construct key.
    pub construct: &'a str,
    /// Construct name.
    pub name: &'a str,
    /// The group of both sides (trend), if one.
    pub group: Option<&'a str>,
    /// First side.
    pub a: Side<'a>,
    /// Second side.
    pub b: Side<'a>,
}

/// The share shown and its respondents (`None` when withheld or empty): the test runs on the
/// share the page prints, not on a count rounded from it.
fn share(stat: &Stat) -> Option<(f64, u64)> {
    if stat.withheld.is_some() {
        return None;
    }
    let n = stat.n.filter(|n| *n > 0)?;
    Some((stat.value?, n))
}

/// How the pair reads in words, given the two printed shares and whether a is higher.
pub type Words<'w> = dyn Fn(&Pair, &str, &str, bool) -> String + 'w;

/// Tests every pair whose cells are both shown, adjusts the p values with Holm over all of
/// them, and flags the ones that are significant and at least 10 points apart.
pub fn compare(pairs: &[Pair], words: &Words) -> Vec<Comparison> {
    let tested: Vec<_> = pairs
        .iter()
        .filter_map(|pair| {
            let (pa, na) = share(pair.a.stat)?;
            let (pb, nb) = share(pair.b.stat)?;
            let test = two_share_z(pa, na, pb, nb)?;
            Some((pair, na, nb, test))
        })
        .collect();
    let raw: Vec<f64> = tested.iter().map(|t| t.3.p).collect();
    let adjusted = holm(&raw).unwrap_or_else(|| vec![1.0; raw.len()]);
    tested
        .into_iter()
        .zip(adjusted)
        .map(|((pair, na, nb, test), adjusted_p)| {
            let (fa, fb) = (
                pair.a.stat.value.unwrap_or(0.0),
                pair.b.stat.value.unwrap_or(0.0),
            );
            let points = 100.0 * (fa - fb);
            let flagged = is_flagged(adjusted_p, Effect::FavourablePoints(points));
            let (ta, tb) = (percent_text(fa, na), percent_text(fb, nb));
            Comparison {
                construct: pair.construct.to_string(),
                name: pair.name.to_string(),
                group: pair.group.map(str::to_string),
                a: pair.a.label.to_string(),
                b: pair.b.label.to_string(),
                favourable_a: fa,
                favourable_b: fb,
                n_a: na,
                n_b: nb,
                points,
                z: test.z,
                p: test.p,
                adjusted_p,
                flagged,
                sentence: words(pair, &ta, &tb, points > 0.0),
                detail: format!(
                    "Two-proportion z test: z = {:.2}, p = {}, Holm-adjusted p = {}; \
                     difference {:+.0} points (n = {na} and {nb}).",
                    test.z,
                    p_text(test.p),
                    p_text(adjusted_p),
                    points
                ),
                text_a: ta,
                text_b: tb,
                points_text: format!("{points:+.0} points"),
                adjusted_p_text: p_text(adjusted_p),
            }
        })
        .collect()
}

/// The section's comparisons with the flagged ones apart and a note saying how many.
pub fn section(tested: Vec<Comparison>) -> Comparisons {
    let flagged: Vec<Comparison> = tested.iter().filter(|c| c.flagged).cloned().collect();
    let note = match (tested.len(), flagged.len()) {
        (0, _) => "No comparison possible: fewer than two cells are shown.".to_string(),
        (n, 0) => format!(
            "{n} comparison{} tested; none is both significant after Holm's adjustment and at least 10 points.",
            if n == 1 { "" } else { "s" }
        ),
        (n, k) => format!(
            "{k} of {n} comparison{} flagged (significant after Holm's adjustment and at least 10 points).",
            if n == 1 { "" } else { "s" }
        ),
    };
    Comparisons {
        tested,
        flagged,
        note,
    }
}

/// A p value as printed: three decimals, or "< 0.001".
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// A group label inside a sentence ("Students (grades 6–12)" → "students (grades 6–12)").
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(n: u64, x: u64) -> Stat {
        Stat {
            n: Some(n),
            value: Some(x as f64 / n as f64),
            low: None,
            high: None,
            text: String::new(),
            withheld: None,
        }
    }

    fn pair<'a>(a: &'a Stat, b: &'a Stat) -> Pair<'a> {
        Pair {
            construct: "ease_of_use",
            name: "Ease of use",
            group: None,
            a: Side {
                label: "A",
                stat: a,
            },
            b: Side {
                label: "B",
                stat: b,
            },
        }
    }

    fn words(_: &Pair, a: &str, b: &str, higher: bool) -> String {
        format!("{a} {b} {higher}")
    }

    #[test]
    fn holm_runs_over_every_tested_pair_and_flags_only_large_significant_gaps() {
        // 30/100 vs 60/100: z = −4.2640, p = 2.0079e-5; 50/100 vs 55/100: p = 0.47895
        // (hand computation with the pooled standard error).
        let (a1, b1, a2, b2) = (
            shown(100, 30),
            shown(100, 60),
            shown(100, 50),
            shown(100, 55),
        );
        let hidden = Stat {
            withheld: Some("small cell".into()),
            ..crate::reports::cells::empty_stat()
        };
        let out = compare(
            &[pair(&a1, &b1), pair(&a2, &b2), pair(&a1, &hidden)],
            &words,
        );
        assert_eq!(out.len(), 2, "a withheld cell is never compared");
        assert!((out[0].z + 4.264_014_327).abs() < 1e-6, "{}", out[0].z);
        assert!((out[0].p - 2.007_866e-5).abs() < 1e-10, "{}", out[0].p);
        assert!((out[0].adjusted_p - 2.0 * out[0].p).abs() < 1e-12);
        assert!((out[1].adjusted_p - out[1].p).abs() < 1e-12);
        assert!((out[1].p - 0.478_950).abs() < 1e-5, "{}", out[1].p);
        assert!(out[0].flagged && !out[1].flagged);
        assert_eq!(out[0].points.round(), -30.0);
        assert_eq!(out[0].sentence, "30% 60% false");
    }

    #[test]
    fn a_significant_but_trivial_gap_is_not_flagged() {
        // 5,000 respondents a side, 52% vs 48%: p < 0.001 but only 4 points.
        let (a, b) = (shown(5000, 2600), shown(5000, 2400));
        let out = compare(&[pair(&a, &b)], &words);
        assert!(out[0].adjusted_p < 0.001);
        assert!(!out[0].flagged);
    }

    #[test]
    fn labels_start_lower_case_inside_sentences() {
        assert_eq!(
            lower_first("Students (grades 6–12)"),
            "students (grades 6–12)"
        );
        assert_eq!(lower_first(""), "");
    }
}
