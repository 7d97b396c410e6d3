//! Descriptive statistics, distributions, constructs and ICC against the
//! reference fixtures written by `tests/fixtures/stats/generate.py`.

use super::{f, f_vec, i, load, moments, u, u_vec, Check};
use crate::stats::distributions::{t_quantile, t_two_sided_p};
use crate::stats::{
    construct_summary, cronbach_alpha, describe, icc1, net_recommend, quartiles, wilson,
    ConstructSums, Moments, RecommendCounts,
};

#[test]
fn descriptive_matches_numpy_and_scipy() {
    let mut c = Check::new("descriptive.json");
    for case in load(include_str!(
        "../../../tests/fixtures/stats/descriptive.json"
    )) {
        c.case();
        let counts = u_vec(&case["counts"]);
        let first = case.get("first").map_or(1, i);
        let pairs: Vec<(i64, u64)> = (first..).zip(counts.iter().copied()).collect();
        let m = Moments::from_value_counts(pairs.iter().copied());
        let d = describe(&m).unwrap();
        assert_eq!(d.n, u(&case["n"]));
        c.close("mean", d.mean, f(&case["mean"]));
        match case.get("variance") {
            Some(v) => c.opt("variance", d.variance, f(v)),
            None => assert!(d.variance.is_none()),
        }
        match case.get("ci") {
            Some(ci) => {
                let want = f_vec(ci);
                let got = d.ci.unwrap();
                c.close("ci low", got.low, want[0]);
                c.close("ci high", got.high, want[1]);
            }
            None => assert!(d.ci.is_none()),
        }
        let q = quartiles(&pairs).unwrap();
        let want = f_vec(&case["quartiles"]);
        c.close("q1", q.q1, want[0]);
        c.close("median", q.median, want[1]);
        c.close("q3", q.q3, want[2]);
        if let Some(fav) = case.get("favourable") {
            let mut sc = crate::stats::ScaleCounts::default();
            sc.counts.copy_from_slice(&counts);
            let p = sc.favourable().unwrap();
            assert_eq!(p.successes, u(&fav[0]));
            c.close("wilson low", p.wilson.low, f(&fav[1]));
            c.close("wilson high", p.wilson.high, f(&fav[2]));
        }
    }
}

#[test]
fn wilson_matches_statsmodels() {
    let mut c = Check::new("wilson.json");
    for case in load(include_str!("../../../tests/fixtures/stats/wilson.json")) {
        c.case();
        let p = wilson(u(&case["successes"]), u(&case["n"])).unwrap();
        c.close("low", p.wilson.low, f(&case["low"]));
        c.close("high", p.wilson.high, f(&case["high"]));
    }
}

#[test]
fn net_score_matches_formula() {
    let mut c = Check::new("nps.json");
    for case in load(include_str!("../../../tests/fixtures/stats/nps.json")) {
        c.case();
        let mut rc = RecommendCounts::default();
        rc.counts.copy_from_slice(&u_vec(&case["counts"]));
        let s = net_recommend(&rc).unwrap();
        c.close("score", s.score, f(&case["score"]));
        c.close("se", s.se, f(&case["se"]));
        let ci = f_vec(&case["ci"]);
        c.close("ci low", s.ci.low, ci[0]);
        c.close("ci high", s.ci.high, ci[1]);
    }
}

#[test]
fn t_distribution_matches_scipy() {
    let mut c = Check::new("t_distribution.json");
    for case in load(include_str!(
        "../../../tests/fixtures/stats/t_distribution.json"
    )) {
        c.case();
        let df = f(&case["df"]);
        match case["kind"].as_str().unwrap() {
            "quantile" => c.opt(
                "t quantile",
                t_quantile(f(&case["p"]), df),
                f(&case["value"]),
            ),
            _ => c.opt(
                "two-sided p",
                t_two_sided_p(f(&case["t"]), df),
                f(&case["value"]),
            ),
        }
    }
}

#[test]
fn construct_matches_pingouin() {
    let mut c = Check::new("construct.json");
    for case in load(include_str!("../../../tests/fixtures/stats/construct.json")) {
        c.case();
        let s = &case["sums"];
        let ints = |v: &serde_json::Value| v.as_array().unwrap().iter().map(i).collect::<Vec<_>>();
        let sums = ConstructSums {
            n: u(&s["n"]),
            sum_x: ints(&s["sum_x"]),
            sum_x2: ints(&s["sum_x2"]),
            sum_xt: ints(&s["sum_xt"]),
            sum_t: i(&s["sum_t"]),
            sum_t2: i(&s["sum_t2"]),
        };
        let r = cronbach_alpha(&sums).unwrap();
        c.close("alpha", r.alpha, f(&case["alpha"]));
        let ci = r.ci.unwrap();
        let feldt = f_vec(&case["feldt_ci"]);
        c.close("feldt low", ci.low, feldt[0]);
        c.close("feldt high", ci.high, feldt[1]);
        // pingouin rounds its interval to 3 decimals and uses n before
        // listwise deletion: comparable only for complete data.
        if case["complete"].as_bool().unwrap() {
            let ping = f_vec(&case["pingouin_ci"]);
            assert!((ci.low - ping[0]).abs() <= 0.0005 + 1e-12);
            assert!((ci.high - ping[1]).abs() <= 0.0005 + 1e-12);
        }
        let deleted = f_vec(&case["alpha_if_deleted"]);
        for (j, item) in r.items.iter().enumerate() {
            match deleted.get(j) {
                Some(&want) => c.opt("alpha if deleted", item.alpha_if_deleted, want),
                None => assert!(item.alpha_if_deleted.is_none()),
            }
            match case["item_total_r"][j].as_f64() {
                Some(want) => c.opt("item-total r", item.corrected_item_total_r, want),
                None => assert!(item.corrected_item_total_r.is_none()),
            }
        }
        let summary = construct_summary(&sums).unwrap();
        c.close("construct mean", summary.mean, f(&case["mean"]));
        c.opt("construct sd", summary.sd, f(&case["sd"]));
    }
}

#[test]
fn icc_matches_one_way_anova() {
    let mut c = Check::new("icc.json");
    for case in load(include_str!("../../../tests/fixtures/stats/icc.json")) {
        c.case();
        let groups: Vec<Moments> = case["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(moments)
            .collect();
        let e = icc1(&groups).unwrap();
        c.close("icc", e.icc, f(&case["icc"]));
        c.close("design effect", e.design_effect, f(&case["design_effect"]));
    }
}
