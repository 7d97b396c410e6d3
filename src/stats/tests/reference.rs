//! The reference values listed literally in `docs/statistics.md` (scipy 1.17 /
//! statsmodels 0.15), asserted one by one.

use super::Check;
use crate::stats::{
    benjamini_hochberg, chi_square_independence, describe, holm, kruskal_wallis, mann_whitney,
    net_recommend, welch_t_test, RecommendCounts, ScaleCounts,
};

const A: [u64; 5] = [3, 7, 12, 20, 8];
const B: [u64; 5] = [6, 10, 15, 9, 4];
const C: [u64; 5] = [1, 4, 9, 14, 12];

fn scale(counts: [u64; 5]) -> ScaleCounts {
    ScaleCounts {
        counts,
        not_applicable: 0,
    }
}

#[test]
fn descriptive_reference_values() {
    let mut c = Check::new("statistics.md descriptive");
    c.case();
    let d = describe(&scale(A).moments()).unwrap();
    c.close("mean", d.mean, 3.46);
    c.opt("variance", d.variance, 1.2330612244897958);
    let ci = d.ci.unwrap();
    c.close("ci low", ci.low, 3.14441846169778);
    c.close("ci high", ci.high, 3.77558153830222);
    let fav = scale(A).favourable().unwrap();
    assert_eq!((fav.successes, fav.n), (28, 50));
    c.close("wilson low", fav.wilson.low, 0.4230602802165686);
    c.close("wilson high", fav.wilson.high, 0.6883780078874284);
}

#[test]
fn comparison_reference_values() {
    let mut c = Check::new("statistics.md comparisons");
    c.case();
    let w = welch_t_test(&scale(A).moments(), &scale(B).moments()).unwrap();
    c.close("t", w.t, 2.4339675149053375);
    c.close("df", w.df, 89.18626432745437);
    c.close("p", w.p, 0.016927758703755708);
    c.opt("d", w.cohens_d, 0.5046934550976421);
    c.opt("g", w.hedges_g, 0.5005678955191872);

    let m = mann_whitney(&A, &B).unwrap();
    c.close("U1", m.u1, 1414.0);
    c.close("mw p", m.p, 0.014185645761185113);
    c.close("rank-biserial", m.rank_biserial, 0.28545454545454546);

    let k = kruskal_wallis(&[A, B, C]).unwrap();
    c.close("H", k.h, 13.390456867894912);
    c.close("kw p", k.p, 0.0012367993150401413);
    c.close("epsilon2", k.epsilon_squared, 0.10068012682627753);

    let x = chi_square_independence(&[A, B, C]).unwrap();
    c.close("chi2", x.statistic, 15.523862226920365);
    assert_eq!(x.df, 8);
    c.close("chi2 p", x.p, 0.04972480340599911);
    c.close("cramer v", x.cramers_v, 0.2406758381218875);
}

#[test]
fn net_score_reference_value() {
    let mut c = Check::new("statistics.md net score");
    c.case();
    let rc = RecommendCounts {
        counts: [2, 1, 1, 3, 2, 4, 5, 9, 12, 15, 16],
    };
    let s = net_recommend(&rc).unwrap();
    c.close("nps", s.score, 18.571428571428573);
    c.close("se", s.se, 9.750532616086984);
}

#[test]
fn adjustment_reference_values() {
    let mut c = Check::new("statistics.md adjustments");
    c.case();
    let p = [0.01, 0.04, 0.03, 0.005, 0.20];
    for (got, want) in holm(&p).unwrap().iter().zip([0.04, 0.09, 0.09, 0.025, 0.2]) {
        c.close("holm", *got, want);
    }
    for (got, want) in benjamini_hochberg(&p)
        .unwrap()
        .iter()
        .zip([0.025, 0.05, 0.05, 0.025, 0.2])
    {
        c.close("bh", *got, want);
    }
}

#[test]
fn t_quantile_large_df_reference() {
    // The statrs trap: at df 5·10⁵ and 10⁷ statrs is wrong; the wrapper is not.
    use crate::stats::distributions::{t_quantile, Z_975};
    let mut c = Check::new("statistics.md t trap");
    c.case();
    c.opt("t(1e7)", t_quantile(0.975, 1.0e7), 1.959964221767205);
    c.opt("t(1e8)", t_quantile(0.975, 1.0e8), 1.9599640082627663);
    c.opt("t(5e5)", t_quantile(0.975, 5.0e5), 1.9599687290938044);
    c.opt("z", crate::stats::distributions::z_quantile(0.975), Z_975);
}
