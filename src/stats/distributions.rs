//! Guarded wrappers around statrs distributions.
//!
//! They exist because statrs has sharp edges that the rest of the engine must
//! never hit: `inverse_cdf` panics on probabilities outside [0, 1],
//! `StudentsT::inverse_cdf` is wrong for large degrees of freedom (and never
//! returns for df ≥ 10⁸), and `1 − cdf` underflows where `sf` does not. Every
//! function here returns `None` instead of panicking or producing NaN.

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

/// Φ⁻¹(0.975) to full precision (scipy `norm.ppf(0.975)`), the z of every
/// 95% interval in the engine.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// Degrees of freedom from which the t quantile uses the Cornish–Fisher
/// expansion instead of statrs.
pub const CORNISH_FISHER_FROM_DF: f64 = 1000.0;

/// Degrees of freedom from which t tail probabilities are computed through
/// the Cornish–Fisher expansion (statrs loses digits there).
const T_SF_EXPANSION_FROM_DF: f64 = 1.0e5;

fn standard_normal() -> Option<Normal> {
    Normal::new(0.0, 1.0).ok()
}

fn is_probability(p: f64) -> bool {
    p > 0.0 && p < 1.0
}

/// Standard normal quantile Φ⁻¹(p); `None` unless 0 < p < 1.
pub fn z_quantile(p: f64) -> Option<f64> {
    if !is_probability(p) {
        return None;
    }
    Some(standard_normal()?.inverse_cdf(p))
}

/// Upper tail of the standard normal, P(Z > z), without underflow.
pub fn normal_sf(z: f64) -> Option<f64> {
    if z.is_nan() {
        return None;
    }
    Some(standard_normal()?.sf(z))
}

/// Two-sided normal p-value 2·P(Z > |z|), capped at 1.
pub fn normal_two_sided_p(z: f64) -> Option<f64> {
    Some((2.0 * normal_sf(z.abs())?).min(1.0))
}

/// Cornish–Fisher expansion of the t quantile around the normal quantile z
/// (Abramowitz & Stegun 26.7.5); error ≤ 1e-15 for ν ≥ 1000 at usual levels.
fn cornish_fisher(z: f64, nu: f64) -> f64 {
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu
}

/// Derivative of [`cornish_fisher`] with respect to z (for Newton steps).
fn cornish_fisher_slope(z: f64, nu: f64) -> f64 {
    let z2 = z * z;
    let d1 = (3.0 * z2 + 1.0) / 4.0;
    let d2 = ((25.0 * z2 + 48.0) * z2 + 3.0) / 96.0;
    let d3 = (((21.0 * z2 + 95.0) * z2 + 51.0) * z2 - 15.0) / 384.0;
    let d4 = ((((711.0 * z2 + 5432.0) * z2 + 7410.0) * z2 - 5760.0) * z2 - 945.0) / 92160.0;
    1.0 + (d1 + (d2 + (d3 + d4 / nu) / nu) / nu) / nu
}

/// Student's t quantile for probability p and df degrees of freedom.
///
/// statrs below df 1000, the Cornish–Fisher expansion from df 1000 on (see
/// the statrs trap in `docs/statistics.md`). `None` unless 0 < p < 1 and
/// df > 0.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !is_probability(p) || df.is_nan() || df <= 0.0 {
        return None;
    }
    if df >= CORNISH_FISHER_FROM_DF {
        return Some(cornish_fisher(z_quantile(p)?, df));
    }
    let q = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(p);
    q.is_finite().then_some(q)
}

/// Upper tail P(T > t) of Student's t with df degrees of freedom.
///
/// Below df 10⁵ this is statrs `sf`. Above, statrs' regularized incomplete
/// beta loses digits (relative error 10⁻⁹–10⁻⁸ at df 10⁶–10⁷), so the
/// Cornish–Fisher expansion is inverted instead: find z with CF(z, ν) = t by
/// Newton's method and return Φ̄(z).
pub fn t_sf(t: f64, df: f64) -> Option<f64> {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return None;
    }
    if df >= T_SF_EXPANSION_FROM_DF && t.abs() < 30.0 {
        let mut z = t;
        for _ in 0..50 {
            let step = (cornish_fisher(z, df) - t) / cornish_fisher_slope(z, df);
            z -= step;
            if step.abs() <= 1e-16 * z.abs().max(1.0) {
                break;
            }
        }
        return normal_sf(z);
    }
    let p = StudentsT::new(0.0, 1.0, df).ok()?.sf(t);
    p.is_finite().then_some(p)
}

/// Two-sided t p-value 2·P(T > |t|), capped at 1.
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    Some((2.0 * t_sf(t.abs(), df)?).min(1.0))
}

/// Upper tail of χ² with df degrees of freedom, P(X > x).
pub fn chi2_sf(x: f64, df: f64) -> Option<f64> {
    if x.is_nan() || df.is_nan() || df <= 0.0 {
        return None;
    }
    if x <= 0.0 {
        return Some(1.0);
    }
    let p = ChiSquared::new(df).ok()?.sf(x);
    p.is_finite().then_some(p)
}

/// Quantile of the F distribution F(d1, d2) at probability p (used by the
/// Feldt interval of Cronbach's alpha).
///
/// statrs is accurate to ~10⁻¹¹ for the degrees of freedom a construct
/// produces (d2 = d1·(k−1)); beyond d1 = 10⁷ (statrs becomes slow and can hang)
/// the normal approximation of ½·ln F (Fisher's z, mean ½(1/d2 − 1/d1),
/// variance ½(1/d1 + 1/d2)) is used, accurate to ~10⁻¹¹ there.
pub fn f_quantile(p: f64, d1: f64, d2: f64) -> Option<f64> {
    if !is_probability(p) || d1.is_nan() || d2.is_nan() || d1 <= 0.0 || d2 <= 0.0 {
        return None;
    }
    if d1 > 1.0e7 || d2 > 1.0e9 {
        let mean = 0.5 * (1.0 / d2 - 1.0 / d1);
        let sd = (0.5 * (1.0 / d1 + 1.0 / d2)).sqrt();
        return Some((2.0 * (mean + sd * z_quantile(p)?)).exp());
    }
    let q = FisherSnedecor::new(d1, d2).ok()?.inverse_cdf(p);
    q.is_finite().then_some(q)
}
