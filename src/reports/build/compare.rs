//! Comparisons of percent favourable between two shown cells (two groups, two waves or two
//! schools): a two-proportion z test per pair, Holm's adjustment over every comparison of one
//! report section, and the flag rule (adjusted p < 0.05 and at least 10 points), with the 95%
//! interval of the difference (Newcombe) and Cohen's h so the size is stated beside the
//! significance. A withheld or empty cell is never compared.

use crate::reports::cells::percent_text;
use crate::reports::product::{Comparison, Comparisons, Stat};
use crate::stats::{
    cohens_h, holm, is_flagged, newcombe_difference, two_share_z, Effect, Interval, Magnitude,
    TwoProportionResult,
};

/// One side of a comparison: its label and the statistic shown for it.
#[derive(Clone, Copy)]
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
pub fn share(stat: &Stat) -> Option<(f64, u64)> {
    if stat.withheld.is_some() {
        return None;
    }
    let n = stat.n.filter(|n| *n > 0)?;
    Some((stat.value?, n))
}

/// A pair whose two cells are shown, with its test, the interval of the difference and h.
struct Tested<'p> {
    pair: &'p Pair<'p>,
    shares: [(f64, u64); 2],
    test: TwoProportionResult,
    interval: Interval,
    h: f64,
}

/// How the pair reads in words, given the two printed shares and whether a is higher.
pub type Words<'w> = dyn Fn(&Pair, &str, &str, bool) -> String + 'w;

/// Tests every pair whose cells are both shown, adjusts the p values with Holm over all of
/// them, and flags the ones that are significant and at least 10 points apart.
pub fn compare(pairs: &[Pair], words: &Words) -> Vec<Comparison> {
    let tested: Vec<Tested> = pairs
        .iter()
        .filter_map(|pair| {
            let (fa, na) = share(pair.a.stat)?;
            let (fb, nb) = share(pair.b.stat)?;
            Some(Tested {
                pair,
                shares: [(fa, na), (fb, nb)],
                test: two_share_z(fa, na, fb, nb)?,
                interval: newcombe_difference(fa, na, fb, nb)?,
                h: cohens_h(fa, fb)?,
            })
        })
        .collect();
    let raw: Vec<f64> = tested.iter().map(|t| t.test.p).collect();
    let adjusted = holm(&raw).unwrap_or_else(|| vec![1.0; raw.len()]);
    tested
        .into_iter()
        .zip(adjusted)
        .map(|(t, adjusted_p)| {
            let Tested {
                pair,
                shares: [(fa, na), (fb, nb)],
                test,
                interval,
                h,
            } = t;
            let points = 100.0 * (fa - fb);
            let (low, high) = (100.0 * interval.low, 100.0 * interval.high);
            let flagged = is_flagged(adjusted_p, Effect::FavourablePoints(points));
            let (ta, tb) = (percent_text(fa, na), percent_text(fb, nb));
            let size = Magnitude::of_cohens_h(h).label();
            let interval_text = format!("{low:+.0} to {high:+.0} points");
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
                points_low: low,
                points_high: high,
                cohens_h: h,
                effect_size: size.into(),
                z: test.z,
                p: test.p,
                adjusted_p,
                flagged,
                sentence: words(pair, &ta, &tb, points > 0.0),
                detail: format!(
                    "Two-proportion z test: z = {:.2}, p {}, Holm-adjusted p {}; \
                     difference {points:+.0} points (95% CI {interval_text}, Newcombe), \
                     Cohen's h = {h:.2} ({size}) (n = {na} and {nb}).",
                    test.z,
                    p_is(test.p),
                    p_is(adjusted_p),
                ),
                text_a: ta,
                text_b: tb,
                points_text: format!("{points:+.0} points"),
                interval_text,
                cohens_h_text: format!("{h:.2}, {size}"),
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

/// A p value as stated in a sentence after "p": "= 0.003", or "< 0.001" (not "= < 0.001").
pub fn p_is(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("= {p:.3}")
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
        // statsmodels confint_proportions_2indep(30, 100, 60, 100, method="newcomb") and
        // proportion_effectsize(0.3, 0.6).
        assert!((out[0].points_low + 42.156_239_278).abs() < 1e-6);
        assert!((out[0].points_high + 16.292_178_572).abs() < 1e-6);
        assert!((out[0].cohens_h + 0.612_874_767).abs() < 1e-6);
        assert_eq!(out[0].effect_size, "medium");
        assert_eq!(out[0].interval_text, "-42 to -16 points");
        assert!(out[0].detail.contains("95% CI -42 to -16 points, Newcombe"));
        assert!(out[0].detail.contains("Cohen's h = -0.61 (medium)"));
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
