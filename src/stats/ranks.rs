//! Rank tests from per-value counts: Mann–Whitney U (two groups) and
//! Kruskal–Wallis H (k groups), for ordinal answers where a mean is not the
//! right summary. Ranks of tied blocks are mid-ranks computed from the pooled
//! counts, so no individual answers are needed.

use super::distributions::{chi2_sf, normal_sf};
use serde::Serialize;
use std::collections::BTreeMap;

/// Result of the Mann–Whitney U test of group a against group b.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannWhitneyResult {
    /// U₁ = R₁ − n₁(n₁+1)/2, the U of group a (what scipy returns).
    pub u1: f64,
    /// z of the normal approximation (with continuity correction), ≥ −0.5/σ.
    pub z: f64,
    /// Two-sided p-value, capped at 1.
    pub p: f64,
    /// Rank-biserial correlation 2U₁/(n₁n₂) − 1 = 1 − 2U₂/(n₁n₂), in [−1, 1];
    /// positive when group a tends to answer higher.
    pub rank_biserial: f64,
}

/// Sum over tied blocks of t³ − t, and per-value doubled mid-ranks.
fn midranks_doubled(pooled: &[u64]) -> (Vec<u128>, f64) {
    let mut before = 0u128;
    let mut ties = 0.0;
    let ranks = pooled
        .iter()
        .map(|&c| {
            let c = u128::from(c);
            let r2 = 2 * before + c + 1; // 2 × mid-rank of this block
            before += c;
            let t = c as f64;
            ties += t * t * t - t;
            r2
        })
        .collect();
    (ranks, ties)
}

/// Mann–Whitney U from two count vectors over the same ordered values
/// (`a[i]`, `b[i]` = answers of the i-th value; lengths may differ, missing
/// entries are 0). Normal approximation with tie correction and continuity
/// correction (reference: `scipy.stats.mannwhitneyu(alternative="two-sided",
/// method="asymptotic", use_continuity=True)`).
///
/// `None` when a group is empty or all answers are equal (σ = 0: there is no
/// evidence either way; scipy would return p = 1).
pub fn mann_whitney(a: &[u64], b: &[u64]) -> Option<MannWhitneyResult> {
    let len = a.len().max(b.len());
    let get = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    let pooled: Vec<u64> = (0..len).map(|i| get(a, i) + get(b, i)).collect();
    let n1: u64 = a.iter().sum();
    let n2: u64 = b.iter().sum();
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (ranks2, ties) = midranks_doubled(&pooled);
    let r1_doubled: u128 = (0..len).map(|i| ranks2[i] * u128::from(get(a, i))).sum();
    let (n1w, n2w) = (u128::from(n1), u128::from(n2));
    // 2U₁ = 2R₁ − n₁(n₁+1); 2(U₁ − n₁n₂/2) exact as a signed integer.
    let u1_doubled = r1_doubled - n1w * (n1w + 1);
    let dev_doubled = u1_doubled as i128 - (n1w * n2w) as i128;
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let n = n1f + n2f;
    let sigma = (n1f * n2f / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))).sqrt();
    if sigma.is_nan() || sigma <= 0.0 {
        return None;
    }
    // U = max(U₁, U₂), so U − μ = |U₁ − μ|.
    let z = ((dev_doubled.unsigned_abs() as f64) / 2.0 - 0.5) / sigma;
    let p = (2.0 * normal_sf(z)?).min(1.0);
    let u1 = u1_doubled as f64 / 2.0;
    Some(MannWhitneyResult {
        u1,
        z,
        p,
        rank_biserial: dev_doubled as f64 / (n1f * n2f),
    })
}

/// Result of the Kruskal–Wallis H test over k groups.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KruskalResult {
    /// Tie-corrected H.
    pub h: f64,
    /// Degrees of freedom: non-empty groups − 1.
    pub df: u64,
    /// p from χ²(df).
    pub p: f64,
    /// Effect size ε² = H/(N − 1); about 0.01 small, 0.08 medium, 0.26 large.
    pub epsilon_squared: f64,
    /// Non-empty groups used.
    pub groups_used: usize,
}

/// Kruskal–Wallis H from per-value count vectors, one per group (same value
/// order; missing entries are 0), with tie correction 1 − Σ(t³−t)/(N³−N)
/// (reference: `scipy.stats.kruskal`).
///
/// Empty groups are dropped (scipy returns NaN for them); `None` when fewer
/// than two non-empty groups remain or all answers are equal.
pub fn kruskal_wallis<G: AsRef<[u64]>>(groups: &[G]) -> Option<KruskalResult> {
    let groups: Vec<&[u64]> = groups
        .iter()
        .map(AsRef::as_ref)
        .filter(|g| g.iter().sum::<u64>() > 0)
        .collect();
    if groups.len() < 2 {
        return None;
    }
    let len = groups.iter().map(|g| g.len()).max().unwrap_or(0);
    let pooled: Vec<u64> = (0..len)
        .map(|i| groups.iter().map(|g| g.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let big_n: u64 = pooled.iter().sum();
    let (ranks2, ties) = midranks_doubled(&pooled);
    let nf = big_n as f64;
    let tie_factor = 1.0 - ties / (nf * nf * nf - nf);
    if tie_factor <= 0.0 {
        return None;
    }
    // H = 3/(N(N+1)) · Σ dᵢ²/nᵢ with dᵢ = 2Rᵢ − nᵢ(N+1) exact (no cancellation).
    let mut sum = 0.0;
    for g in &groups {
        let ni: u64 = g.iter().sum();
        let r2: u128 = g
            .iter()
            .enumerate()
            .map(|(i, &c)| ranks2[i] * u128::from(c))
            .sum();
        let d = r2 as i128 - i128::from(ni) * i128::from(big_n + 1);
        let df = d as f64;
        sum += df * df / ni as f64;
    }
    let h = 3.0 / (nf * (nf + 1.0)) * sum / tie_factor;
    let df = (groups.len() - 1) as u64;
    Some(KruskalResult {
        h,
        df,
        p: chi2_sf(h, df as f64)?,
        epsilon_squared: h / (nf - 1.0),
        groups_used: groups.len(),
    })
}

/// Aligns numeric bins of several groups onto one ascending value axis, so
/// [`mann_whitney`] and [`kruskal_wallis`] can compare numeric answers.
pub fn align_bins(groups: &[&BTreeMap<i64, u64>]) -> Vec<Vec<u64>> {
    let mut values: Vec<i64> = groups.iter().flat_map(|g| g.keys().copied()).collect();
    values.sort_unstable();
    values.dedup();
    groups
        .iter()
        .map(|g| {
            values
                .iter()
                .map(|v| g.get(v).copied().unwrap_or(0))
                .collect()
        })
        .collect()
}
