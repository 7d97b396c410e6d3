//! The verdict rules, one small pure function each, all acting on interval
//! bounds. [`super::verdict::decide`] calls them in precedence order.

use super::verdict::{Evidence, ProductEvidence, VerdictThresholds};

/// No value answers, or fewer than `min_respondents`.
pub(crate) fn not_enough_data(e: &ProductEvidence, t: &VerdictThresholds) -> Option<Evidence> {
    match e.value {
        None => Some(Evidence::ValueMissing),
        Some(v) if v.n < t.min_respondents => Some(Evidence::TooFewResponses {
            n: v.n,
            min: t.min_respondents,
        }),
        Some(_) => None,
    }
}

/// Value clearly low: its upper bound is below `value_low`.
pub(crate) fn replace(e: &ProductEvidence, t: &VerdictThresholds) -> Option<Evidence> {
    let v = e.value?;
    (v.n >= t.min_respondents && v.high < t.value_low).then_some(Evidence::ValueClearlyLow {
        value: v,
        threshold: t.value_low,
    })
}

/// Support clearly poor (upper bound below `support_poor`), or clearly worse
/// than last wave (dropped by at least `support_decline` and this wave's upper
/// bound below last wave's lower bound). Needs `min_support_n` answers in
/// each wave compared.
pub(crate) fn reconsider_vendor(e: &ProductEvidence, t: &VerdictThresholds) -> Vec<Evidence> {
    let mut out = Vec::new();
    let Some(s) = e.support.filter(|s| s.n >= t.min_support_n) else {
        return out;
    };
    if s.high < t.support_poor {
        out.push(Evidence::SupportClearlyPoor {
            support: s,
            threshold: t.support_poor,
        });
    }
    if let Some(prev) = e.previous_support.filter(|p| p.n >= t.min_support_n) {
        if prev.value - s.value >= t.support_decline && s.high < prev.low {
            out.push(Evidence::SupportDeclined {
                current: s,
                previous: prev,
                min_decline: t.support_decline,
            });
        }
    }
    out
}

/// Confidence clearly low (upper bound < `confidence_low`) while value among
/// confident users is high (lower bound ≥ `confident_value_high`); or
/// training demand clearly high (lower bound ≥ `training_demand_high`).
pub(crate) fn repair_training(e: &ProductEvidence, t: &VerdictThresholds) -> Vec<Evidence> {
    let mut out = Vec::new();
    if let (Some(c), Some(v)) = (e.confidence, e.value_among_confident) {
        if c.high < t.confidence_low && v.low >= t.confident_value_high {
            out.push(Evidence::ConfidenceGap {
                confidence: c,
                value_among_confident: v,
                confidence_threshold: t.confidence_low,
                value_threshold: t.confident_value_high,
            });
        }
    }
    if let Some(d) = e.training_demand {
        if d.low >= t.training_demand_high {
            out.push(Evidence::HighTrainingDemand {
                demand: d,
                threshold: t.training_demand_high,
            });
        }
    }
    out
}

/// Use clearly low (upper bound < `use_rate_low`); a feature clearly little
/// known (awareness upper bound < `awareness_low`), one item per feature; or
/// cost per active user's lower bound above `cost_ratio_high` × the district
/// median.
pub(crate) fn repair_adoption(e: &ProductEvidence, t: &VerdictThresholds) -> Vec<Evidence> {
    let mut out = Vec::new();
    if let Some(u) = e.use_rate {
        if u.high < t.use_rate_low {
            out.push(Evidence::LowUse {
                use_rate: u,
                threshold: t.use_rate_low,
            });
        }
    }
    for f in &e.features {
        if f.awareness.high < t.awareness_low {
            out.push(Evidence::LowFeatureAwareness {
                feature_id: f.feature_id,
                awareness: f.awareness,
                threshold: t.awareness_low,
            });
        }
    }
    if let (Some(c), Some(m)) = (e.cost_per_active_user, e.district_median_cost) {
        if m > 0.0 && c.low > t.cost_ratio_high * m {
            out.push(Evidence::CostAboveMedian {
                cost: c,
                median: m,
                ratio: t.cost_ratio_high,
            });
        }
    }
    out
}

/// Value clearly high: lower bound ≥ `value_high`.
pub(crate) fn renew(e: &ProductEvidence, t: &VerdictThresholds) -> Option<Evidence> {
    let v = e.value?;
    (v.low >= t.value_high).then_some(Evidence::ValueClearlyHigh {
        value: v,
        threshold: t.value_high,
    })
}

/// Nothing fired and value is not clearly high: too imprecise → not enough
/// data; precise but middling → repair adoption.
pub(crate) fn fallback(e: &ProductEvidence, t: &VerdictThresholds) -> Option<Evidence> {
    let v = e.value?;
    Some(if v.high - v.low > t.max_value_interval_width {
        Evidence::ValueImprecise {
            value: v,
            max_width: t.max_value_interval_width,
        }
    } else {
        Evidence::ValueNotClearlyHigh {
            value: v,
            threshold: t.value_high,
        }
    })
}
