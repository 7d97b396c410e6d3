//! Comparisons and multiple-testing adjustment against the reference fixtures
//! written by `tests/fixtures/stats/generate.py`.

use super::{f, f_vec, load, moments, u, u_vec, Check};
use crate::stats::{
    benjamini_hochberg, chi_square_independence, holm, kruskal_wallis, mann_whitney,
    two_proportion_z, two_share_z, welch_t_test,
};

#[test]
fn welch_matches_scipy_and_pingouin() {
    let mut c = Check::new("welch.json");
    for case in load(include_str!("../../../tests/fixtures/stats/welch.json")) {
        c.case();
        let r = welch_t_test(&moments(&case["a"]), &moments(&case["b"])).unwrap();
        c.close("t", r.t, f(&case["t"]));
        c.close("df", r.df, f(&case["df"]));
        c.close("p", r.p, f(&case["p"]));
        c.opt("d", r.cohens_d, f(&case["d"]));
        c.opt("g", r.hedges_g, f(&case["g"]));
    }
}

#[test]
fn mann_whitney_matches_scipy() {
    let mut c = Check::new("mann_whitney.json");
    for case in load(include_str!(
        "../../../tests/fixtures/stats/mann_whitney.json"
    )) {
        c.case();
        let r = mann_whitney(&u_vec(&case["a"]), &u_vec(&case["b"])).unwrap();
        c.close("u1", r.u1, f(&case["u1"]));
        c.close("p", r.p, f(&case["p"]));
        c.close("r", r.rank_biserial, f(&case["r"]));
    }
}

#[test]
fn kruskal_matches_scipy() {
    let mut c = Check::new("kruskal.json");
    for case in load(include_str!("../../../tests/fixtures/stats/kruskal.json")) {
        c.case();
        let groups: Vec<Vec<u64>> = case["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(u_vec)
            .collect();
        let r = kruskal_wallis(&groups).unwrap();
        c.close("h", r.h, f(&case["h"]));
        c.close("p", r.p, f(&case["p"]));
        c.close("epsilon2", r.epsilon_squared, f(&case["epsilon_squared"]));
    }
}

#[test]
fn chi_square_matches_scipy() {
    let mut c = Check::new("chi_square.json");
    for case in load(include_str!(
        "../../../tests/fixtures/stats/chi_square.json"
    )) {
        c.case();
        let table: Vec<Vec<u64>> = case["table"]
            .as_array()
            .unwrap()
            .iter()
            .map(u_vec)
            .collect();
        let r = chi_square_independence(&table).unwrap();
        c.close("statistic", r.statistic, f(&case["statistic"]));
        assert_eq!(r.df, u(&case["df"]));
        c.close("p", r.p, f(&case["p"]));
        c.close("cramers v", r.cramers_v, f(&case["cramers_v"]));
    }
}

#[test]
fn two_proportion_matches_statsmodels() {
    let mut c = Check::new("two_proportion.json");
    for case in load(include_str!(
        "../../../tests/fixtures/stats/two_proportion.json"
    )) {
        c.case();
        let r = two_proportion_z(
            u(&case["x1"]),
            u(&case["n1"]),
            u(&case["x2"]),
            u(&case["n2"]),
        )
        .unwrap();
        c.close("z", r.z, f(&case["z"]));
        c.close("p", r.p, f(&case["p"]));
    }
}

#[test]
fn shares_match_statsmodels() {
    let mut c = Check::new("share_z.json");
    for case in load(include_str!("../../../tests/fixtures/stats/share_z.json")) {
        c.case();
        let r = two_share_z(
            f(&case["p1"]),
            u(&case["n1"]),
            f(&case["p2"]),
            u(&case["n2"]),
        )
        .unwrap();
        c.close("z", r.z, f(&case["z"]));
        c.close("p", r.p, f(&case["p"]));
    }
}

#[test]
fn adjustments_match_statsmodels() {
    let mut c = Check::new("multiple.json");
    for case in load(include_str!("../../../tests/fixtures/stats/multiple.json")) {
        c.case();
        let p = f_vec(&case["p"]);
        for (got, want) in holm(&p).unwrap().iter().zip(f_vec(&case["holm"])) {
            c.close("holm", *got, want);
        }
        for (got, want) in benjamini_hochberg(&p)
            .unwrap()
            .iter()
            .zip(f_vec(&case["bh"]))
        {
            c.close("bh", *got, want);
        }
    }
}
