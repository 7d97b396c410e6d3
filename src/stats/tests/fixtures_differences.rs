//! The interval and effect size of a difference of two shares, and the χ² test of several
//! shares, against the reference fixtures written by `tests/fixtures/stats/generate.py`
//! (statsmodels `confint_proportions_2indep(method="newcomb")`, `proportion_effectsize`;
//! scipy `chi2_contingency(correction=False)` on fractional counts).

use super::{f, load, u, Check};
use crate::stats::{chi_square_shares, cohens_h, newcombe_difference};

#[test]
fn newcombe_interval_and_cohens_h_match_statsmodels() {
    let mut c = Check::new("newcombe.json");
    for case in load(include_str!("../../../tests/fixtures/stats/newcombe.json")) {
        c.case();
        let (p1, n1, p2, n2) = (
            f(&case["p1"]),
            u(&case["n1"]),
            f(&case["p2"]),
            u(&case["n2"]),
        );
        let ci = newcombe_difference(p1, n1, p2, n2).unwrap();
        c.close("low", ci.low, f(&case["low"]));
        c.close("high", ci.high, f(&case["high"]));
        c.opt("h", cohens_h(p1, p2), f(&case["h"]));
        assert!(ci.low <= p1 - p2 && p1 - p2 <= ci.high);
        assert!(ci.low >= -1.0 && ci.high <= 1.0);
    }
}

#[test]
fn chi_square_of_shares_matches_scipy() {
    let mut c = Check::new("chi_square_shares.json");
    for case in load(include_str!(
        "../../../tests/fixtures/stats/chi_square_shares.json"
    )) {
        c.case();
        let shares: Vec<(f64, u64)> = case["shares"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (f(&s[0]), u(&s[1])))
            .collect();
        let r = chi_square_shares(&shares).unwrap();
        c.close("statistic", r.statistic, f(&case["statistic"]));
        assert_eq!(r.df, u(&case["df"]));
        c.close("p", r.p, f(&case["p"]));
        c.close("cramers v", r.cramers_v, f(&case["cramers_v"]));
        c.close("min expected", r.min_expected, f(&case["min_expected"]));
    }
}
