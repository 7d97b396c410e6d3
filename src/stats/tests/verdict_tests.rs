//! Verdict rules: one test per rule and per precedence step.

use crate::stats::{
    cost_per_active_user, decide, CostEstimate, Estimate, Evidence, FeatureEvidence,
    ProductEvidence, Verdict, VerdictThresholds,
};

fn est(value: f64, low: f64, high: f64, n: u64) -> Estimate {
    Estimate {
        value,
        low,
        high,
        n,
    }
}

fn healthy() -> ProductEvidence {
    ProductEvidence {
        value: Some(est(0.78, 0.70, 0.85, 120)),
        use_rate: Some(est(0.8, 0.75, 0.85, 200)),
        support: Some(est(0.7, 0.55, 0.82, 30)),
        ..ProductEvidence::default()
    }
}

fn t() -> VerdictThresholds {
    VerdictThresholds::default()
}

#[test]
fn renew_when_value_clearly_high() {
    let o = decide(&healthy(), &t());
    assert_eq!(o.verdict, Verdict::Renew);
    assert!(matches!(
        o.evidence[..],
        [Evidence::ValueClearlyHigh { .. }]
    ));
}

#[test]
fn not_enough_data_rules() {
    let e = ProductEvidence::default();
    assert_eq!(decide(&e, &t()).evidence, vec![Evidence::ValueMissing]);
    let mut e = healthy();
    e.value = Some(est(0.9, 0.6, 0.98, 8));
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::NotEnoughData);
    assert_eq!(o.evidence[0], Evidence::TooFewResponses { n: 8, min: 10 });
    // Wide interval, nothing else fired.
    e.value = Some(est(0.55, 0.35, 0.72, 20));
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::NotEnoughData);
    assert!(matches!(o.evidence[..], [Evidence::ValueImprecise { .. }]));
}

#[test]
fn replace_when_value_clearly_low() {
    let mut e = healthy();
    e.value = Some(est(0.25, 0.18, 0.33, 120));
    e.support = Some(est(0.2, 0.1, 0.35, 30)); // also poor support: listed, lower precedence
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::Replace);
    assert_eq!(o.evidence.len(), 2);
    assert_eq!(o.evidence[1].supports(), Verdict::ReconsiderVendor);
}

#[test]
fn reconsider_vendor_poor_or_declined_support() {
    let mut e = healthy();
    e.support = Some(est(0.3, 0.18, 0.45, 30));
    assert_eq!(decide(&e, &t()).verdict, Verdict::ReconsiderVendor);
    let mut e = healthy();
    e.support = Some(est(0.55, 0.50, 0.60, 300));
    e.previous_support = Some(est(0.75, 0.70, 0.80, 280));
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::ReconsiderVendor);
    assert!(matches!(o.evidence[0], Evidence::SupportDeclined { .. }));
    // Overlapping intervals: not clearly worse.
    e.previous_support = Some(est(0.66, 0.58, 0.74, 60));
    assert_eq!(decide(&e, &t()).verdict, Verdict::Renew);
    // Too few support answers: the rule does not look.
    let mut e = healthy();
    e.support = Some(est(0.0, 0.0, 0.49, 4));
    assert_eq!(decide(&e, &t()).verdict, Verdict::Renew);
}

#[test]
fn repair_training_confidence_gap_or_demand() {
    let mut e = healthy();
    e.confidence = Some(est(0.4, 0.33, 0.48, 150));
    e.value_among_confident = Some(est(0.85, 0.75, 0.92, 60));
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::RepairTraining);
    assert!(matches!(o.evidence[0], Evidence::ConfidenceGap { .. }));
    let mut e = healthy();
    e.training_demand = Some(est(0.42, 0.35, 0.49, 150));
    assert_eq!(decide(&e, &t()).verdict, Verdict::RepairTraining);
    e.training_demand = Some(est(0.35, 0.25, 0.45, 80));
    assert_eq!(decide(&e, &t()).verdict, Verdict::Renew);
}

#[test]
fn repair_adoption_use_awareness_cost() {
    let mut e = healthy();
    e.use_rate = Some(est(0.3, 0.25, 0.36, 250));
    assert_eq!(decide(&e, &t()).verdict, Verdict::RepairAdoption);
    let mut e = healthy();
    e.features = vec![
        FeatureEvidence {
            feature_id: 7,
            awareness: est(0.3, 0.22, 0.4, 100),
        },
        FeatureEvidence {
            feature_id: 8,
            awareness: est(0.9, 0.8, 0.95, 100),
        },
    ];
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::RepairAdoption);
    assert!(matches!(
        o.evidence[..],
        [Evidence::LowFeatureAwareness { feature_id: 7, .. }]
    ));
    let mut e = healthy();
    e.cost_per_active_user = Some(CostEstimate {
        value: 90.0,
        low: 80.0,
        high: Some(100.0),
    });
    e.district_median_cost = Some(30.0);
    assert_eq!(decide(&e, &t()).verdict, Verdict::RepairAdoption);
    e.district_median_cost = Some(45.0);
    assert_eq!(decide(&e, &t()).verdict, Verdict::Renew);
}

#[test]
fn middling_precise_value_is_repair_adoption() {
    let mut e = healthy();
    e.value = Some(est(0.52, 0.47, 0.57, 400));
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::RepairAdoption);
    assert!(matches!(
        o.evidence[..],
        [Evidence::ValueNotClearlyHigh { .. }]
    ));
}

#[test]
fn precedence_order() {
    let mut e = healthy();
    e.support = Some(est(0.3, 0.18, 0.45, 30));
    e.training_demand = Some(est(0.5, 0.4, 0.6, 100));
    e.use_rate = Some(est(0.2, 0.15, 0.26, 200));
    let o = decide(&e, &t());
    assert_eq!(o.verdict, Verdict::ReconsiderVendor);
    let order: Vec<Verdict> = o.evidence.iter().map(Evidence::supports).collect();
    assert_eq!(
        order,
        vec![
            Verdict::ReconsiderVendor,
            Verdict::RepairTraining,
            Verdict::RepairAdoption
        ]
    );
}

#[test]
fn thresholds_from_partial_json() {
    let th: VerdictThresholds = serde_json::from_str(r#"{"value_high": 0.7}"#).unwrap();
    assert_eq!(th.value_high, 0.7);
    assert_eq!(th.min_respondents, 10);
    let back: VerdictThresholds =
        serde_json::from_str(&serde_json::to_string(&th).unwrap()).unwrap();
    assert_eq!(back, th);
    let json = serde_json::to_value(decide(&healthy(), &th)).unwrap();
    assert_eq!(json["verdict"], "Renew");
}

#[test]
fn cost_per_active_user_interval() {
    let c = cost_per_active_user(10_000.0, 100, &est(0.5, 0.4, 0.6, 100)).unwrap();
    assert_eq!(c.value, 200.0);
    assert!((c.low - 10_000.0 / 60.0).abs() < 1e-9);
    assert_eq!(c.high, Some(250.0));
    assert!(cost_per_active_user(1.0, 0, &est(0.5, 0.4, 0.6, 1)).is_none());
    assert!(cost_per_active_user(1.0, 10, &est(0.0, 0.0, 0.3, 10)).is_none());
    assert_eq!(
        cost_per_active_user(1.0, 1, &est(0.1, 0.0, 0.3, 10))
            .unwrap()
            .high,
        None
    );
}
