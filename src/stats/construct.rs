//! Constructs (multi-item scales): score mean and SD, Cronbach's alpha with
//! its Feldt interval and item diagnostics, and the school-level intraclass
//! correlation with its design effect.

use super::descriptive::{describe, Interval};
use super::distributions::f_quantile;
use super::moments::{ConstructSums, Moments};
use serde::Serialize;

/// Alpha below this is flagged as unreliable in reports.
pub const ALPHA_FLAG_BELOW: f64 = 0.7;

/// Mean and spread of the construct score (each respondent's mean over the k
/// items), so a construct can be reported like a single item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ConstructSummary {
    /// Complete-case respondents.
    pub n: u64,
    /// Number of items.
    pub k: usize,
    /// Mean construct score ΣᵢΣxᵢ/(k·n), on the 1–5 scale.
    pub mean: f64,
    /// SD of the construct score, sd(T)/k; `None` when n < 2.
    pub sd: Option<f64>,
    /// 95% t interval of the mean; `None` when n < 2 or sd = 0.
    pub ci: Option<Interval>,
}

/// Construct score summary from its sums; `None` when n = 0 or k = 0.
pub fn construct_summary(s: &ConstructSums) -> Option<ConstructSummary> {
    if s.k() == 0 {
        return None;
    }
    let k = s.k() as f64;
    let t = describe(&s.total_moments())?;
    Some(ConstructSummary {
        n: s.n,
        k: s.k(),
        mean: t.mean / k,
        sd: t.sd.map(|v| v / k),
        ci: t.ci.map(|c| Interval {
            low: c.low / k,
            high: c.high / k,
        }),
    })
}

/// Diagnostics for one item of a construct.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ItemDiagnostics {
    /// Alpha of the construct without this item; `None` when k < 3 or the
    /// remaining total has no variance.
    pub alpha_if_deleted: Option<f64>,
    /// Pearson correlation of this item with the total of the other items;
    /// `None` when either has no variance.
    pub corrected_item_total_r: Option<f64>,
}

/// Internal consistency of a construct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    /// Cronbach's alpha (can be negative when items disagree).
    pub alpha: f64,
    /// Feldt 95% interval.
    pub ci: Option<Interval>,
    /// alpha < 0.7: report the construct with a reliability warning.
    pub flagged: bool,
    /// Per item, in item order.
    pub items: Vec<ItemDiagnostics>,
}

fn var_num(n: i128, s1: i128, s2: i128) -> i128 {
    n * s2 - s1 * s1
}

/// Fewest complete respondents for which a report shows alpha: with fewer, alpha swings
/// widely from sample to sample (eight respondents gave −0.31 and 0.29 for the same items), so
/// a figure would mislead more than inform. Below it a report says "too few to judge
/// reliability".
pub const MIN_ALPHA_RESPONDENTS: u64 = 30;

/// Cronbach's alpha over complete cases, α = k/(k−1)·(1 − Σvar(xᵢ)/var(T))
/// (reference: `pingouin.cronbach_alpha(nan_policy="listwise")`).
///
/// The variance ratio is a ratio of exact integers. Feldt 95% interval:
/// [1 − (1−α)·F⁻¹(0.975; n−1, (n−1)(k−1)), 1 − (1−α)·F⁻¹(0.025; …)], which is
/// pingouin's interval before it rounds to 3 decimals. `None` when k < 2,
/// n < 2 or the total T has zero variance.
pub fn cronbach_alpha(s: &ConstructSums) -> Option<Reliability> {
    let k = s.k();
    if k < 2 || s.n < 2 {
        return None;
    }
    let n = i128::from(s.n);
    let item_num: Vec<i128> = (0..k)
        .map(|i| var_num(n, s.sum_x[i].into(), s.sum_x2[i].into()))
        .collect();
    let total_num = var_num(n, s.sum_t.into(), s.sum_t2.into());
    if total_num <= 0 {
        return None;
    }
    let sum_items: i128 = item_num.iter().sum();
    let alpha = alpha_from(k, sum_items, total_num);
    let df1 = (s.n - 1) as f64;
    let df2 = df1 * (k - 1) as f64;
    let ci = match (f_quantile(0.975, df1, df2), f_quantile(0.025, df1, df2)) {
        (Some(hi_q), Some(lo_q)) => Some(Interval {
            low: 1.0 - (1.0 - alpha) * hi_q,
            high: 1.0 - (1.0 - alpha) * lo_q,
        }),
        _ => None,
    };
    let items = (0..k)
        .map(|i| {
            // T' = T − xᵢ: ΣT' = ΣT − Σxᵢ; ΣT'² = ΣT² − 2Σxᵢ·T + Σxᵢ².
            let (sx, sx2, sxt) = (
                i128::from(s.sum_x[i]),
                i128::from(s.sum_x2[i]),
                i128::from(s.sum_xt[i]),
            );
            let st = i128::from(s.sum_t) - sx;
            let st2 = i128::from(s.sum_t2) - 2 * sxt + sx2;
            let rest_num = var_num(n, st, st2);
            let alpha_if_deleted = (k >= 3 && rest_num > 0)
                .then(|| alpha_from(k - 1, sum_items - item_num[i], rest_num));
            let cov_num = n * (sxt - sx2) - sx * st;
            let corrected_item_total_r = (item_num[i] > 0 && rest_num > 0)
                .then(|| cov_num as f64 / ((item_num[i] as f64).sqrt() * (rest_num as f64).sqrt()));
            ItemDiagnostics {
                alpha_if_deleted,
                corrected_item_total_r,
            }
        })
        .collect();
    Some(Reliability {
        alpha,
        ci,
        flagged: alpha < ALPHA_FLAG_BELOW,
        items,
    })
}

fn alpha_from(k: usize, sum_item_num: i128, total_num: i128) -> f64 {
    let k = k as f64;
    k / (k - 1.0) * (1.0 - sum_item_num as f64 / total_num as f64)
}

/// How much clustering in schools widens intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterEffect {
    /// ICC(1); may be negative when schools differ less than chance.
    pub icc: f64,
    /// Size-weighted mean school size m = Σnⱼ²/N.
    pub mean_cluster_size: f64,
    /// Design effect 1 + (m − 1)·max(ICC, 0).
    pub design_effect: f64,
    /// N / design effect.
    pub effective_n: f64,
    /// Design effect ≥ [`DESIGN_EFFECT_FLAG`]: district-wide intervals that
    /// ignore schools are too narrow and the report says so.
    pub naive_too_narrow: bool,
}

/// Design effect from which district-wide intervals are flagged as too narrow
/// (intervals ≥ 5% too narrow).
pub const DESIGN_EFFECT_FLAG: f64 = 1.1;

/// ICC(1) and design effect from per-school moments of one item or construct
/// score (one-way random-effects ANOVA estimator, as in Shrout & Fleiss):
/// ICC = (MSB − MSW)/(MSB + (n₀ − 1)·MSW) with n₀ = (N − Σnⱼ²/N)/(J − 1).
/// Reference: `scipy.stats.f_oneway` gives F = MSB/MSW and
/// ICC = (F − 1)/(F + n₀ − 1).
///
/// Schools with no answers are ignored. `None` with fewer than two schools,
/// N ≤ J, or when there is no variance at all (MSB = MSW = 0). When MSW = 0
/// but MSB > 0 the ICC is 1.
pub fn icc1(schools: &[Moments]) -> Option<ClusterEffect> {
    let groups: Vec<&Moments> = schools.iter().filter(|m| m.n > 0).collect();
    let j = groups.len();
    let big_n: u64 = groups.iter().map(|m| m.n).sum();
    if j < 2 || big_n <= j as u64 {
        return None;
    }
    let total_sum: i128 = groups.iter().map(|m| m.sum).sum();
    let nn = i128::from(big_n);
    let nf = big_n as f64;
    // SSB = Σ (N·Sⱼ − nⱼ·S)² / (nⱼ·N²); SSW = Σ (nⱼ·Qⱼ − Sⱼ²)/nⱼ, exact numerators.
    let mut ssb = 0.0;
    let mut ssw = 0.0;
    let mut sum_n2 = 0.0;
    for m in &groups {
        let d = nn * m.sum - i128::from(m.n) * total_sum;
        let nj = m.n as f64;
        ssb += (d as f64) * (d as f64) / (nj * nf * nf);
        ssw += m.variance_numerator() as f64 / nj;
        sum_n2 += nj * nj;
    }
    let jf = j as f64;
    let msb = ssb / (jf - 1.0);
    let msw = ssw / (nf - jf);
    let n0 = (nf - sum_n2 / nf) / (jf - 1.0);
    let denom = msb + (n0 - 1.0) * msw;
    if denom <= 0.0 {
        return None;
    }
    let icc = (msb - msw) / denom;
    let m = sum_n2 / nf;
    let design_effect = 1.0 + (m - 1.0) * icc.max(0.0);
    Some(ClusterEffect {
        icc,
        mean_cluster_size: m,
        design_effect,
        effective_n: nf / design_effect,
        naive_too_narrow: design_effect >= DESIGN_EFFECT_FLAG,
    })
}
