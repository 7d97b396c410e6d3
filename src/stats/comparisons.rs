//! Comparing the means of two groups (Welch's t-test) with standardised
//! effect sizes, so that a report can say whether a gap between groups,
//! schools or waves is real and whether it matters.

use super::distributions::t_two_sided_p;
use super::moments::Moments;
use serde::Serialize;

/// Result of Welch's unequal-variance t-test of group a against group b.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WelchResult {
    /// mean(a) − mean(b).
    pub mean_difference: f64,
    /// t statistic (positive when a is higher).
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// Cohen's d with pooled SD; `None` when the pooled SD is 0.
    pub cohens_d: Option<f64>,
    /// Hedges' g = d·(1 − 3/(4(n₁+n₂) − 9)); `None` with d.
    pub hedges_g: Option<f64>,
}

/// Welch's t-test from exact moments
/// (reference: `scipy.stats.ttest_ind(equal_var=False)`; effect sizes:
/// `pingouin.compute_effsize` "cohen" and "hedges").
///
/// `None` when either group has n < 2, or both variances are 0 (all answers
/// equal within each group: the test is undefined, scipy returns NaN or ±inf).
pub fn welch_t_test(a: &Moments, b: &Moments) -> Option<WelchResult> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let (ma, mb) = (a.mean()?, b.mean()?);
    let (va, vb) = (a.variance()?.max(0.0), b.variance()?.max(0.0));
    let (na, nb) = (a.n as f64, b.n as f64);
    let (qa, qb) = (va / na, vb / nb);
    let se2 = qa + qb;
    if se2 <= 0.0 {
        return None;
    }
    let t = (ma - mb) / se2.sqrt();
    let df = se2 * se2 / (qa * qa / (na - 1.0) + qb * qb / (nb - 1.0));
    let p = t_two_sided_p(t, df)?;
    let cohens_d = cohens_d(a, b);
    Some(WelchResult {
        mean_difference: ma - mb,
        t,
        df,
        p,
        cohens_d,
        hedges_g: cohens_d.map(|d| d * (1.0 - 3.0 / (4.0 * (na + nb) - 9.0))),
    })
}

/// Cohen's d = (mean(a) − mean(b)) / pooled SD, with pooled variance
/// ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2). Read |d| 0.2 as small, 0.5 medium,
/// 0.8 large. `None` when n₁ + n₂ < 3, a group is empty, or the pooled SD is 0.
pub fn cohens_d(a: &Moments, b: &Moments) -> Option<f64> {
    if a.n == 0 || b.n == 0 || a.n + b.n < 3 {
        return None;
    }
    let (na, nb) = (a.n as f64, b.n as f64);
    // (n−1)s² = (nΣx² − (Σx)²)/n exactly.
    let ss = a.variance_numerator() as f64 / na + b.variance_numerator() as f64 / nb;
    let pooled = (ss / (na + nb - 2.0)).sqrt();
    if pooled.is_nan() || pooled <= 0.0 {
        return None;
    }
    Some((a.mean()? - b.mean()?) / pooled)
}
