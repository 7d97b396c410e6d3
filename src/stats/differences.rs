//! How large a difference between two shares is, beside whether it is significant: the 95%
//! interval of the difference (Newcombe's hybrid score method) and Cohen's h with its
//! conventional label. A p value says only how surprising a gap would be if there were none;
//! these say how big it plausibly is, in the units the page shows (points) and on a scale that
//! does not depend on where the shares lie (h).

use super::descriptive::{wilson_share, Interval};

/// The 95% interval of p₁ − p₂ by Newcombe's hybrid score method (method 10 of Newcombe
/// 1998), built from the two Wilson intervals (l₁, u₁) and (l₂, u₂):
/// low = δ − √((p₁ − l₁)² + (u₂ − p₂)²), high = δ + √((u₁ − p₁)² + (p₂ − l₂)²), δ = p₁ − p₂
/// (reference: `statsmodels confint_proportions_2indep(p₁n₁, n₁, p₂n₂, n₂, method="newcomb")`).
///
/// Why Newcombe: it inherits the Wilson interval's good behaviour (it stays within −1..1,
/// keeps its coverage near 95% at small n and at shares near 0% or 100%, where the textbook
/// Wald interval collapses), and it is made from the same Wilson intervals every share of
/// the report already shows. The shares need not be whole counts over n (see
/// [`super::two_share_z`]). `None` when a side has n = 0 or a share outside 0..=1.
pub fn newcombe_difference(p1: f64, n1: u64, p2: f64, n2: u64) -> Option<Interval> {
    let (a, b) = (wilson_share(p1, n1)?, wilson_share(p2, n2)?);
    let delta = p1 - p2;
    Some(Interval {
        low: delta - (p1 - a.low).hypot(b.high - p2),
        high: delta + (a.high - p1).hypot(p2 - b.low),
    })
}

/// Cohen's h = 2·asin√p₁ − 2·asin√p₂, the difference of two shares on the arcsine scale
/// (reference: `statsmodels proportion_effectsize(p₁, p₂)`).
///
/// Why h and not only points: ten points mean more between 2% and 12% than between 45% and
/// 55%; the arcsine transformation makes equal h equally detectable wherever the shares lie,
/// so h can be read against Cohen's conventions ([`Magnitude::of_cohens_h`]). `None` when a
/// share is outside 0..=1.
pub fn cohens_h(p1: f64, p2: f64) -> Option<f64> {
    let unit = 0.0..=1.0;
    (unit.contains(&p1) && unit.contains(&p2))
        .then(|| 2.0 * p1.sqrt().asin() - 2.0 * p2.sqrt().asin())
}

/// Cohen's conventional reading of an effect size, so every format words it alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magnitude {
    /// Below "small".
    Negligible,
    /// Small.
    Small,
    /// Medium.
    Medium,
    /// Large.
    Large,
}

impl Magnitude {
    /// The label of |value| against ascending thresholds for small, medium and large.
    fn of(value: f64, [small, medium, large]: [f64; 3]) -> Self {
        let v = value.abs();
        if v >= large {
            Self::Large
        } else if v >= medium {
            Self::Medium
        } else if v >= small {
            Self::Small
        } else {
            Self::Negligible
        }
    }

    /// Cohen's h: small from 0.2, medium from 0.5, large from 0.8 (Cohen 1988, ch. 6).
    pub fn of_cohens_h(h: f64) -> Self {
        Self::of(h, [0.2, 0.5, 0.8])
    }

    /// Cramér's V: small from 0.1, medium from 0.3, large from 0.5 (Cohen's w, as
    /// `docs/statistics.md` reads V).
    pub fn of_cramers_v(v: f64) -> Self {
        Self::of(v, [0.1, 0.3, 0.5])
    }

    /// The label in words: "negligible", "small", "medium" or "large".
    pub fn label(self) -> &'static str {
        match self {
            Self::Negligible => "negligible",
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
        }
    }
}
