//! Descriptive statistics: means with intervals, quartiles, percent favourable
//! with Wilson intervals, and the net recommend score.

use super::aggregates::{RecommendCounts, ScaleCounts};
use super::distributions::{t_quantile, Z_975};
use super::moments::Moments;
use serde::Serialize;

/// A closed interval [low, high], used for every 95% interval in reports.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// n, mean, spread and 95% interval of the mean: the first line of every item
/// and construct in a report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanSummary {
    /// Number of answers.
    pub n: u64,
    /// x̄ = Σx/n.
    pub mean: f64,
    /// Sample variance s² (n − 1 denominator); `None` when n = 1.
    pub variance: Option<f64>,
    /// Standard deviation s; `None` when n = 1.
    pub sd: Option<f64>,
    /// 95% interval x̄ ± t₀.₉₇₅,ₙ₋₁·s/√n; `None` when n < 2 or s = 0 (all
    /// answers equal: a zero-width interval would claim certainty).
    pub ci: Option<Interval>,
}

/// Mean, variance, SD and 95% t interval from exact moments
/// (reference: numpy mean/var(ddof=1), `scipy.stats.t.interval`).
///
/// `None` when n = 0. The variance is (n·Σx² − (Σx)²)/(n(n−1)) with the
/// numerator computed exactly in `i128`.
pub fn describe(m: &Moments) -> Option<MeanSummary> {
    let mean = m.mean()?;
    let variance = m.variance().map(|v| v.max(0.0));
    let sd = variance.map(f64::sqrt);
    let ci = match sd {
        Some(s) if s > 0.0 => {
            let half = t_quantile(0.975, (m.n - 1) as f64)? * s / (m.n as f64).sqrt();
            Some(Interval {
                low: mean - half,
                high: mean + half,
            })
        }
        _ => None,
    };
    Some(MeanSummary {
        n: m.n,
        mean,
        variance,
        sd,
        ci,
    })
}

/// Median and quartiles, so reports can show the middle of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    /// 25th percentile.
    pub q1: f64,
    /// 50th percentile.
    pub median: f64,
    /// 75th percentile.
    pub q3: f64,
}

/// Value at 0-based position `i` of the sorted data described by `counts`.
fn value_at(counts: &[(i64, u64)], i: u64) -> Option<f64> {
    let mut seen = 0u64;
    for &(v, c) in counts {
        seen += c;
        if i < seen {
            return Some(v as f64);
        }
    }
    None
}

/// The q-quantile (0 ≤ q ≤ 1) of the data whose `(value, count)` pairs are
/// given in ascending value order, using numpy's default definition
/// (`numpy.percentile`, method "linear", Hyndman & Fan type 7): position
/// h = (n−1)·q, interpolated linearly between the neighbouring order
/// statistics. `None` when n = 0 or q is outside [0, 1].
pub fn quantile_from_counts(counts: &[(i64, u64)], q: f64) -> Option<f64> {
    let n: u64 = counts.iter().map(|c| c.1).sum();
    if n == 0 || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor();
    let t = h - lo;
    let lo_i = lo as u64;
    let a = value_at(counts, lo_i)?;
    let b = value_at(counts, (lo_i + 1).min(n - 1))?;
    let diff = b - a;
    // numpy's _lerp: interpolate from the nearer end for accuracy.
    Some(if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    })
}

/// Quartiles by [`quantile_from_counts`]; `None` when n = 0.
pub fn quartiles(counts: &[(i64, u64)]) -> Option<Quartiles> {
    Some(Quartiles {
        q1: quantile_from_counts(counts, 0.25)?,
        median: quantile_from_counts(counts, 0.5)?,
        q3: quantile_from_counts(counts, 0.75)?,
    })
}

/// A proportion with its 95% Wilson score interval: percent favourable, use
/// rates, feature adoption, awareness and training demand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Proportion {
    /// Numerator.
    pub successes: u64,
    /// Denominator.
    pub n: u64,
    /// successes / n.
    pub p: f64,
    /// 95% Wilson score interval, always within [0, 1] and containing p.
    pub wilson: Interval,
}

/// Proportion with Wilson score interval at 95%
/// (reference: `statsmodels proportion_confint(method="wilson")`).
///
/// Wilson rather than Wald because it behaves at p = 0, p = 1 and small n.
/// `None` when n = 0 or successes > n.
pub fn wilson(successes: u64, n: u64) -> Option<Proportion> {
    if n == 0 || successes > n {
        return None;
    }
    let p = successes as f64 / n as f64;
    Some(Proportion {
        successes,
        n,
        p,
        wilson: wilson_interval(p, n),
    })
}

/// The 95% Wilson interval of a share that need not be a whole count over n (a construct's
/// percent favourable averages each respondent's share): the interval of the share the page
/// shows, as [`super::two_share_z`] tests it
/// (reference: `proportion_confint(p·n, n, method="wilson")`, which accepts fractional counts).
/// `None` when n = 0 or the share is outside 0..=1.
pub fn wilson_share(p: f64, n: u64) -> Option<Interval> {
    (n > 0 && (0.0..=1.0).contains(&p)).then(|| wilson_interval(p, n))
}

/// The 95% Wilson score interval of a proportion `p` observed on `n > 0` respondents.
fn wilson_interval(p: f64, n: u64) -> Interval {
    let nf = n as f64;
    let z2 = Z_975 * Z_975;
    let denom = 1.0 + z2 / nf;
    let center = (p + z2 / (2.0 * nf)) / denom;
    let dist = Z_975 * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    Interval {
        low: (center - dist).clamp(0.0, p),
        high: (center + dist).clamp(p, 1.0),
    }
}

/// Construct percent favourable, pooled over its items: Σ favourable answers /
/// Σ answers (as Panorama reports topics). `None` when there are no answers.
pub fn pooled_favourable(items: &[ScaleCounts]) -> Option<Proportion> {
    let fav = items.iter().map(|c| c.counts[3] + c.counts[4]).sum();
    let n = items.iter().map(ScaleCounts::n).sum();
    wilson(fav, n)
}

/// Construct percent favourable for reports and verdicts: the pooled share of
/// [`pooled_favourable`], but with `n` and the Wilson interval taken from the
/// number of respondents (the largest item n) instead of the number of answers.
///
/// One person's k answers are not k independent observations: counting answers
/// would let eight people with four items each pass a minimum of ten and give an
/// interval √k too narrow. `successes` is the pooled share of the respondent n,
/// rounded. `None` when there are no answers.
pub fn construct_favourable(items: &[ScaleCounts]) -> Option<Proportion> {
    let favourable = items.iter().map(|c| c.counts[3] + c.counts[4]).sum();
    let answers = items.iter().map(ScaleCounts::n).sum();
    let respondents = items.iter().map(ScaleCounts::n).max()?;
    favourable_share(favourable, answers, respondents)
}

/// Construct percent favourable from counts already summed (over items, and for
/// cross-district benchmarks over districts): the share `favourable / answers`, with `n` and
/// the Wilson interval on `respondents`, as in [`construct_favourable`]. `None` when there are
/// no answers, no respondents, or more favourable answers than answers.
pub fn favourable_share(favourable: u64, answers: u64, respondents: u64) -> Option<Proportion> {
    let pooled = wilson(favourable, answers)?;
    if respondents == 0 {
        return None;
    }
    let successes = (pooled.p * respondents as f64).round() as u64;
    Some(Proportion {
        successes: successes.min(respondents),
        n: respondents,
        p: pooled.p,
        wilson: wilson_interval(pooled.p, respondents),
    })
}

/// Which interval a [`NetScore`] carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NetScoreMethod {
    /// Normal (Wald) interval on the observed shares, for n ≥ 30.
    Wald,
    /// Adjusted-Wald (Rocks 2016: add 3 answers, ¾ promoter, ¾ detractor),
    /// for n < 30, clamped to ±100.
    AdjustedWald,
}

/// Below this n the net score interval is adjusted-Wald rather than Wald.
pub const NET_SCORE_ADJUSTED_BELOW: u64 = 30;

/// Net recommend score on −100..100 with its standard error and 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetScore {
    /// Answers.
    pub n: u64,
    /// Answers 9 or 10.
    pub promoters: u64,
    /// Answers 0 to 6.
    pub detractors: u64,
    /// 100·(P − D).
    pub score: f64,
    /// 100·√((P + D − (P − D)²)/n), the Wald standard error.
    pub se: f64,
    /// 95% interval (see `method`), within [−100, 100].
    pub ci: Interval,
    /// How the interval was computed.
    pub method: NetScoreMethod,
}

/// Net recommend score from 0–10 counts: P = share of 9–10, D = share of 0–6.
/// `None` when n = 0. The interval is Wald for n ≥ 30 and adjusted-Wald
/// below ([`NET_SCORE_ADJUSTED_BELOW`]).
pub fn net_recommend(c: &RecommendCounts) -> Option<NetScore> {
    let n = c.n();
    if n == 0 {
        return None;
    }
    let promoters = c.counts[9] + c.counts[10];
    let detractors: u64 = c.counts[..7].iter().sum();
    let nf = n as f64;
    let (p, d) = (promoters as f64 / nf, detractors as f64 / nf);
    let score = p - d;
    let se = ((p + d - score * score) / nf).max(0.0).sqrt();
    let (method, low, high) = if n >= NET_SCORE_ADJUSTED_BELOW {
        (NetScoreMethod::Wald, score - Z_975 * se, score + Z_975 * se)
    } else {
        let n2 = nf + 3.0;
        let (p2, d2) = (
            (promoters as f64 + 0.75) / n2,
            (detractors as f64 + 0.75) / n2,
        );
        let c2 = p2 - d2;
        let s2 = ((p2 + d2 - c2 * c2) / n2).max(0.0).sqrt();
        (
            NetScoreMethod::AdjustedWald,
            c2 - Z_975 * s2,
            c2 + Z_975 * s2,
        )
    };
    Some(NetScore {
        n,
        promoters,
        detractors,
        score: 100.0 * score,
        se: 100.0 * se,
        ci: Interval {
            low: 100.0 * low.max(-1.0),
            high: 100.0 * high.min(1.0),
        },
        method,
    })
}
