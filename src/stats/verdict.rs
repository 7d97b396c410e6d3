//! The per-product verdict: Renew, Repair (adoption or training), Reconsider
//! the vendor, Replace, or Not enough data, with the evidence behind it.
//!
//! Every rule looks at interval bounds, never at point estimates alone, so a
//! verdict only changes when the data are clear. The rules live in
//! `verdict_rules.rs`, one small function each; `docs/verdict.md` documents
//! them for districts.

use super::descriptive::Proportion;
use super::verdict_rules as rules;
use serde::{Deserialize, Serialize};

/// What the district should do about a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Value clearly high and no problem flagged.
    Renew,
    /// Use, feature awareness or cost per active user is the problem (or value
    /// is known precisely but is not clearly high).
    RepairAdoption,
    /// Confidence is clearly low while the product serves confident users
    /// well, or many want training.
    RepairTraining,
    /// Vendor support is clearly poor or clearly worse than last wave.
    ReconsiderVendor,
    /// Value is clearly low.
    Replace,
    /// Too few answers (or too imprecise) to decide.
    NotEnoughData,
}

/// A point estimate with its 95% interval and the n behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Point estimate (a proportion in 0..1 unless stated otherwise).
    pub value: f64,
    /// Lower 95% bound.
    pub low: f64,
    /// Upper 95% bound.
    pub high: f64,
    /// Respondents behind it.
    pub n: u64,
}

impl From<&Proportion> for Estimate {
    fn from(p: &Proportion) -> Self {
        Self {
            value: p.p,
            low: p.wilson.low,
            high: p.wilson.high,
            n: p.n,
        }
    }
}

/// Cost per active user with the interval implied by the use rate's interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostEstimate {
    /// annual cost / (seats × use rate).
    pub value: f64,
    /// At the use rate's upper bound.
    pub low: f64,
    /// At the use rate's lower bound; `None` (unbounded) when that bound is 0.
    pub high: Option<f64>,
}

/// Cost per active user = annual cost / (licensed seats × use rate), with the
/// interval from the use rate's Wilson bounds. `None` when seats = 0, the use
/// rate is 0, or the cost is negative or not finite.
pub fn cost_per_active_user(
    annual_cost: f64,
    seats: u64,
    use_rate: &Estimate,
) -> Option<CostEstimate> {
    if seats == 0 || use_rate.value <= 0.0 || !annual_cost.is_finite() || annual_cost < 0.0 {
        return None;
    }
    let s = seats as f64;
    Some(CostEstimate {
        value: annual_cost / (s * use_rate.value),
        low: annual_cost / (s * use_rate.high),
        high: (use_rate.low > 0.0).then(|| annual_cost / (s * use_rate.low)),
    })
}

/// Awareness of one licensed feature: (use + know) / answered.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureEvidence {
    /// The feature's id in the catalogue (opaque to the engine).
    pub feature_id: i64,
    /// Awareness with its interval.
    pub awareness: Estimate,
}

/// Everything the verdict looks at for one product in one wave. Proportions
/// are in 0..1 with Wilson bounds; fields the survey did not measure are
/// `None` and their rules do not fire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductEvidence {
    /// Percent favourable on the value / impact construct (among users).
    pub value: Option<Estimate>,
    /// Percent favourable on ease of use (reported, not used by a rule).
    pub ease_of_use: Option<Estimate>,
    /// Respondents who use the product / respondents asked.
    pub use_rate: Option<Estimate>,
    /// Awareness per licensed feature.
    pub features: Vec<FeatureEvidence>,
    /// Percent favourable on confidence, among users.
    pub confidence: Option<Estimate>,
    /// Percent favourable on value among users who are confident.
    pub value_among_confident: Option<Estimate>,
    /// Share of users who want training (on any feature).
    pub training_demand: Option<Estimate>,
    /// Percent favourable on support among those who contacted support.
    pub support: Option<Estimate>,
    /// The same, previous wave.
    pub previous_support: Option<Estimate>,
    /// Cost per active user.
    pub cost_per_active_user: Option<CostEstimate>,
    /// The district's median cost per active user over its products.
    pub district_median_cost: Option<f64>,
}

/// A district's verdict thresholds (stored as JSON; missing fields take the
/// defaults below). Proportions in 0..1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VerdictThresholds {
    /// Not enough data below this many value answers (default 10).
    pub min_respondents: u64,
    /// Not enough data when value's interval is wider than this and no other
    /// rule decides (default 0.30).
    pub max_value_interval_width: f64,
    /// Renew needs value's lower bound ≥ this (default 0.60).
    pub value_high: f64,
    /// Replace when value's upper bound < this (default 0.40).
    pub value_low: f64,
    /// Support rules need at least this many support answers (default 5).
    pub min_support_n: u64,
    /// Reconsider when support's upper bound < this (default 0.50).
    pub support_poor: f64,
    /// Reconsider when support fell by at least this much and the intervals
    /// do not overlap (default 0.10).
    pub support_decline: f64,
    /// Repair training when confidence's upper bound < this … (default 0.60)
    pub confidence_low: f64,
    /// … and value among confident users has lower bound ≥ this (default 0.60).
    pub confident_value_high: f64,
    /// Repair training when training demand's lower bound ≥ this (default 0.30).
    pub training_demand_high: f64,
    /// Repair adoption when the use rate's upper bound < this (default 0.50).
    pub use_rate_low: f64,
    /// Repair adoption when a feature's awareness upper bound < this (default 0.50).
    pub awareness_low: f64,
    /// Repair adoption when cost per active user's lower bound exceeds this
    /// multiple of the district median (default 2.0).
    pub cost_ratio_high: f64,
}

impl Default for VerdictThresholds {
    fn default() -> Self {
        Self {
            min_respondents: 10,
            max_value_interval_width: 0.30,
            value_high: 0.60,
            value_low: 0.40,
            min_support_n: 5,
            support_poor: 0.50,
            support_decline: 0.10,
            confidence_low: 0.60,
            confident_value_high: 0.60,
            training_demand_high: 0.30,
            use_rate_low: 0.50,
            awareness_low: 0.50,
            cost_ratio_high: 2.0,
        }
    }
}

/// One fired rule with its numbers (rendered in English or Spanish by the
/// report). `threshold` fields echo the district setting that applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Evidence {
    /// No value answers at all.
    ValueMissing,
    /// Fewer value answers than the minimum.
    TooFewResponses {
        /// Answers.
        n: u64,
        /// Minimum.
        min: u64,
    },
    /// Value's interval too wide to decide, and nothing else decided.
    ValueImprecise {
        /// Value.
        value: Estimate,
        /// Widest interval allowed.
        max_width: f64,
    },
    /// Value's upper bound below the "low" threshold.
    ValueClearlyLow {
        /// Value.
        value: Estimate,
        /// Threshold.
        threshold: f64,
    },
    /// Support's upper bound below the "poor" threshold.
    SupportClearlyPoor {
        /// Support.
        support: Estimate,
        /// Threshold.
        threshold: f64,
    },
    /// Support clearly worse than last wave.
    SupportDeclined {
        /// This wave.
        current: Estimate,
        /// Previous wave.
        previous: Estimate,
        /// Minimum decline.
        min_decline: f64,
    },
    /// Confidence clearly low while confident users value the product.
    ConfidenceGap {
        /// Confidence.
        confidence: Estimate,
        /// Value among confident users.
        value_among_confident: Estimate,
        /// Confidence threshold.
        confidence_threshold: f64,
        /// Value threshold.
        value_threshold: f64,
    },
    /// Training demand clearly high.
    HighTrainingDemand {
        /// Demand.
        demand: Estimate,
        /// Threshold.
        threshold: f64,
    },
    /// Use rate clearly low.
    LowUse {
        /// Use rate.
        use_rate: Estimate,
        /// Threshold.
        threshold: f64,
    },
    /// A licensed feature clearly little known.
    LowFeatureAwareness {
        /// Feature id.
        feature_id: i64,
        /// Awareness.
        awareness: Estimate,
        /// Threshold.
        threshold: f64,
    },
    /// Cost per active user far above the district median.
    CostAboveMedian {
        /// Cost per active user.
        cost: CostEstimate,
        /// District median.
        median: f64,
        /// Multiple of the median that fires.
        ratio: f64,
    },
    /// Value known precisely but not clearly high (fallback to repair adoption).
    ValueNotClearlyHigh {
        /// Value.
        value: Estimate,
        /// Threshold.
        threshold: f64,
    },
    /// Value clearly high (renew).
    ValueClearlyHigh {
        /// Value.
        value: Estimate,
        /// Threshold.
        threshold: f64,
    },
}

impl Evidence {
    /// The verdict this evidence argues for.
    pub fn supports(&self) -> Verdict {
        match self {
            Self::ValueMissing | Self::TooFewResponses { .. } | Self::ValueImprecise { .. } => {
                Verdict::NotEnoughData
            }
            Self::ValueClearlyLow { .. } => Verdict::Replace,
            Self::SupportClearlyPoor { .. } | Self::SupportDeclined { .. } => {
                Verdict::ReconsiderVendor
            }
            Self::ConfidenceGap { .. } | Self::HighTrainingDemand { .. } => Verdict::RepairTraining,
            Self::LowUse { .. }
            | Self::LowFeatureAwareness { .. }
            | Self::CostAboveMedian { .. }
            | Self::ValueNotClearlyHigh { .. } => Verdict::RepairAdoption,
            Self::ValueClearlyHigh { .. } => Verdict::Renew,
        }
    }
}

/// The verdict and the evidence of every rule that fired, in precedence order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerdictOutcome {
    /// The verdict of the highest-precedence rule that fired.
    pub verdict: Verdict,
    /// Every fired rule's evidence (also lower-precedence ones, so the report
    /// can list secondary problems).
    pub evidence: Vec<Evidence>,
}

/// Decides a product's verdict. Precedence: Not enough data → Replace →
/// Reconsider vendor → Repair training → Repair adoption → Renew. When no rule
/// fires and value is not clearly high: Not enough data if value's interval is
/// wider than `max_value_interval_width` (more answers would settle it),
/// otherwise Repair adoption with `ValueNotClearlyHigh` (value is known to be
/// middling; getting more out of the product is the lever left).
pub fn decide(evidence: &ProductEvidence, t: &VerdictThresholds) -> VerdictOutcome {
    let mut fired: Vec<Evidence> = Vec::new();
    fired.extend(rules::not_enough_data(evidence, t));
    fired.extend(rules::replace(evidence, t));
    fired.extend(rules::reconsider_vendor(evidence, t));
    fired.extend(rules::repair_training(evidence, t));
    fired.extend(rules::repair_adoption(evidence, t));
    if fired.is_empty() {
        fired.extend(rules::renew(evidence, t));
    }
    if fired.is_empty() {
        fired.extend(rules::fallback(evidence, t));
    }
    let verdict = fired
        .first()
        .map_or(Verdict::NotEnoughData, Evidence::supports);
    VerdictOutcome {
        verdict,
        evidence: fired,
    }
}
