//! Tests of the statistics engine: reference fixtures (scipy, statsmodels,
//! pingouin), the literal reference values of the specification, property
//! tests and unit tests of edge cases, suppression and verdict rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod differences;
mod fixtures_comparisons;
mod fixtures_descriptive;
mod fixtures_differences;
mod props;
mod reference;
mod units;
mod verdict_tests;

use serde_json::Value;

/// Relative tolerance against reference values.
pub(super) const REL: f64 = 1e-9;
/// Absolute floor for values that are (nearly) zero, e.g. tiny p-values.
pub(super) const ABS: f64 = 1e-12;

/// Records the largest relative deviation seen in one fixture file and fails
/// on any deviation beyond tolerance.
pub(super) struct Check {
    name: &'static str,
    cases: usize,
    max_rel: f64,
    max_abs: f64,
    max_abs_small: f64,
}

impl Check {
    pub(super) fn new(name: &'static str) -> Self {
        Self {
            name,
            cases: 0,
            max_rel: 0.0,
            max_abs: 0.0,
            max_abs_small: 0.0,
        }
    }

    pub(super) fn case(&mut self) {
        self.cases += 1;
    }

    pub(super) fn close(&mut self, what: &str, got: f64, want: f64) {
        let diff = (got - want).abs();
        self.max_abs = self.max_abs.max(diff);
        let rel = if want.abs() > 1e-300 {
            diff / want.abs()
        } else {
            diff
        };
        if want.abs() >= 1e-6 {
            self.max_rel = self.max_rel.max(rel);
        } else {
            self.max_abs_small = self.max_abs_small.max(diff);
        }
        assert!(
            diff <= REL * want.abs() || diff <= ABS,
            "{} case {}: {what}: got {got:e}, want {want:e} (rel {rel:e})",
            self.name,
            self.cases
        );
    }

    pub(super) fn opt(&mut self, what: &str, got: Option<f64>, want: f64) {
        let got =
            got.unwrap_or_else(|| panic!("{} case {}: {what} is None", self.name, self.cases));
        self.close(what, got, want);
    }
}

impl Drop for Check {
    fn drop(&mut self) {
        println!(
            "fixture {}: {} cases, max relative deviation {:e}, max absolute {:e} \
             (values < 1e-6: max absolute {:e})",
            self.name, self.cases, self.max_rel, self.max_abs, self.max_abs_small
        );
    }
}

pub(super) fn load(text: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(text).unwrap();
    v["cases"].as_array().unwrap().clone()
}

pub(super) fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

pub(super) fn u(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

pub(super) fn i(v: &Value) -> i64 {
    v.as_i64().unwrap()
}

pub(super) fn u_vec(v: &Value) -> Vec<u64> {
    v.as_array().unwrap().iter().map(u).collect()
}

pub(super) fn f_vec(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

pub(super) fn moments(v: &Value) -> crate::stats::Moments {
    crate::stats::Moments {
        n: u(&v["n"]),
        sum: i128::from(i(&v["sum"])),
        sum_sq: i128::from(i(&v["sum_sq"])),
    }
}
