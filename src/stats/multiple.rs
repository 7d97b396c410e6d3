//! Multiple-comparison adjustment and the rule for flagging a difference.
//!
//! A report section can show dozens of comparisons; without adjustment some
//! would look significant by chance. Holm controls the family-wise error rate
//! (the default); Benjamini–Hochberg controls the false discovery rate.

use serde::{Deserialize, Serialize};

/// Which adjustment to apply to a family of p-values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Adjustment {
    /// Holm step-down (family-wise error rate).
    #[default]
    Holm,
    /// Benjamini–Hochberg step-up (false discovery rate).
    BenjaminiHochberg,
}

fn sorted_order(p: &[f64]) -> Option<Vec<usize>> {
    if p.iter().any(|v| !(0.0..=1.0).contains(v)) {
        return None;
    }
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    Some(order)
}

/// Holm-adjusted p-values, in input order
/// (reference: `statsmodels multipletests(method="holm")`): the i-th smallest
/// (0-based) is multiplied by m − i, made non-decreasing, capped at 1.
/// `None` if any p is outside [0, 1] or NaN.
pub fn holm(p: &[f64]) -> Option<Vec<f64>> {
    let order = sorted_order(p)?;
    let m = p.len();
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (i, &idx) in order.iter().enumerate() {
        running = running.max(p[idx] * (m - i) as f64);
        out[idx] = running.min(1.0);
    }
    Some(out)
}

/// Benjamini–Hochberg-adjusted p-values, in input order
/// (reference: `statsmodels multipletests(method="fdr_bh")`): the i-th
/// smallest (1-based) is multiplied by m/i, made non-decreasing from the
/// largest down, capped at 1. `None` if any p is outside [0, 1] or NaN.
pub fn benjamini_hochberg(p: &[f64]) -> Option<Vec<f64>> {
    let order = sorted_order(p)?;
    let m = p.len();
    let mut out = vec![0.0; m];
    let mut running = f64::INFINITY;
    for (i, &idx) in order.iter().enumerate().rev() {
        let factor = (i + 1) as f64 / m as f64;
        running = running.min(p[idx] / factor);
        out[idx] = running.min(1.0);
    }
    Some(out)
}

/// Applies the chosen adjustment.
pub fn adjust(p: &[f64], method: Adjustment) -> Option<Vec<f64>> {
    match method {
        Adjustment::Holm => holm(p),
        Adjustment::BenjaminiHochberg => benjamini_hochberg(p),
    }
}

fn below(x: f64, threshold: f64) -> bool {
    x.is_nan() || x.abs() < threshold
}

/// The effect size of a comparison, for deciding whether it is trivial.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Effect {
    /// Cohen's d (or Hedges' g): not trivial when |d| ≥ 0.2.
    CohensD(f64),
    /// Rank-biserial r: not trivial when |r| ≥ 0.1.
    RankBiserial(f64),
    /// Difference in percent favourable, in percentage points (12.5 = 12.5
    /// points): not trivial when ≥ 10 points either way.
    FavourablePoints(f64),
    /// Cramér's V of a χ² test: not trivial when ≥ 0.1 (Cohen's "small").
    CramersV(f64),
}

impl Effect {
    /// Whether the effect is at least "small" by the thresholds above.
    pub fn is_trivial(self) -> bool {
        match self {
            Self::CohensD(d) => below(d, 0.2),
            Self::RankBiserial(r) => below(r, 0.1),
            Self::FavourablePoints(x) => below(x, 10.0),
            Self::CramersV(v) => below(v, 0.1),
        }
    }
}

/// A difference is flagged in a report only when its adjusted p-value is below
/// 0.05 *and* its effect is not trivial, so that large samples do not flag
/// meaningless gaps and small samples do not flag noise. NaN never flags.
pub fn is_flagged(adjusted_p: f64, effect: Effect) -> bool {
    adjusted_p < 0.05 && !effect.is_trivial()
}
