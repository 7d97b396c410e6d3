//! Unit tests: aggregates, edge cases (n = 0, n = 1, zero variance, single
//! group, empty categories) and suppression examples.

use crate::stats::distributions::{f_quantile, t_quantile, t_two_sided_p, z_quantile};
use crate::stats::{
    chi_square_independence, cronbach_alpha, describe, display_proportion, icc1, is_flagged,
    kruskal_wallis, mann_whitney, quantile_from_counts, suppress, suppress_given, two_proportion_z,
    welch_t_test, wilson, AggregateError, ChoiceCounts, ConstructSums, Count, Effect,
    FeatureCounts, FeatureUse, Hidden, MarginTable, Moments, NumericMoments, ProportionDisplay,
    RecommendCounts, ScaleCounts, SuppressionPolicy,
};

#[test]
fn scale_counts_fold_and_reject() {
    let mut s = ScaleCounts::default();
    s.add_response(Some(4)).unwrap();
    s.add_response(None).unwrap();
    assert_eq!(
        s.add_response(Some(6)),
        Err(AggregateError::OutOfRange {
            value: 6,
            min: 1,
            max: 5
        })
    );
    assert!(s.add_response(Some(0)).is_err());
    assert_eq!(s.counts, [0, 0, 0, 1, 0]);
    assert_eq!((s.n(), s.not_applicable), (1, 1));
    let mut r = RecommendCounts::default();
    assert!(r.add_response(11).is_err());
    r.add_response(0).unwrap();
    assert_eq!(r.n(), 1);
}

#[test]
fn choice_and_feature_counts() {
    let mut c = ChoiceCounts::new(3);
    c.add_response(&[0, 2]).unwrap();
    c.add_response(&[]).unwrap();
    assert_eq!(
        c.add_response(&[1, 1]),
        Err(AggregateError::DuplicateOption(1))
    );
    assert!(c.add_response(&[3]).is_err());
    assert_eq!((c.seen, c.counts.clone()), (2, vec![1, 0, 1]));
    let mut wider = ChoiceCounts::new(4);
    wider.add_response(&[3]).unwrap();
    c.merge(&wider);
    assert_eq!((c.seen, c.counts.clone()), (3, vec![1, 0, 1, 1]));
    assert_eq!(c.share(0).unwrap().n, 3);
    assert!(ChoiceCounts::new(2).share(0).is_none());

    let mut f = FeatureCounts::default();
    f.add_response(FeatureUse::Uses, true);
    f.add_response(FeatureUse::Unaware, true);
    f.add_response(FeatureUse::KnowsNotUses, false);
    assert_eq!(f.answered(), 3);
    assert_eq!(f.adoption().unwrap().successes, 1);
    assert_eq!(f.awareness().unwrap().successes, 2);
    assert_eq!(f.awareness_gap().unwrap().successes, 1);
    assert_eq!(f.training_demand().unwrap().successes, 2);
}

#[test]
fn numeric_and_construct_sums() {
    let mut m = NumericMoments::default();
    for x in [30, -5, 30, 120] {
        m.add_response(x).unwrap();
    }
    assert_eq!((m.n, m.sum, m.min, m.max), (4, 175, Some(-5), Some(120)));
    assert_eq!(m.bins.get(&30), Some(&2));
    let mut big = NumericMoments::default();
    big.add_response(i64::MAX).unwrap();
    big.add_response(i64::MAX).unwrap();
    assert_eq!(big.add_response(i64::MAX), Err(AggregateError::Overflow));
    assert_eq!(big.n, 2);

    let mut c = ConstructSums::new(3);
    assert_eq!(c.add_response(&[Some(1), Some(2), Some(3)]), Ok(true));
    assert_eq!(c.add_response(&[Some(1), None, Some(3)]), Ok(false));
    assert!(c.add_response(&[Some(1)]).is_err());
    assert!(c.add_response(&[Some(1), Some(9), Some(1)]).is_err());
    assert_eq!((c.n, c.sum_t, c.sum_t2), (1, 6, 36));
    assert_eq!(c.sum_xt, vec![6, 12, 18]);
    let mut empty = ConstructSums::default();
    empty.merge(&c).unwrap();
    assert_eq!(empty, c);
    assert!(empty.merge(&ConstructSums::new(2)).is_err());
}

#[test]
fn descriptive_edge_cases() {
    assert!(describe(&Moments::default()).is_none());
    let one = describe(&Moments {
        n: 1,
        sum: 4,
        sum_sq: 16,
    })
    .unwrap();
    assert_eq!((one.mean, one.variance, one.ci), (4.0, None, None));
    let flat = describe(&Moments {
        n: 3,
        sum: 15,
        sum_sq: 75,
    })
    .unwrap();
    assert_eq!(
        (flat.variance, flat.sd, flat.ci),
        (Some(0.0), Some(0.0), None)
    );
    assert!(wilson(0, 0).is_none());
    assert!(wilson(3, 2).is_none());
    let all = wilson(5, 5).unwrap();
    assert_eq!(all.wilson.high, 1.0);
    assert!(quantile_from_counts(&[(1, 0)], 0.5).is_none());
    assert_eq!(quantile_from_counts(&[(1, 1), (5, 1)], 0.5), Some(3.0));
    assert!(crate::stats::net_recommend(&RecommendCounts::default()).is_none());
    let tiny = RecommendCounts {
        counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
    };
    let s = crate::stats::net_recommend(&tiny).unwrap();
    assert_eq!(s.method, crate::stats::NetScoreMethod::AdjustedWald);
    assert!(s.ci.high <= 100.0 && s.ci.low >= -100.0);
}

#[test]
fn distribution_guards() {
    assert!(
        z_quantile(0.0).is_none() && z_quantile(1.0).is_none() && z_quantile(f64::NAN).is_none()
    );
    assert!(t_quantile(0.975, 0.0).is_none() && t_quantile(1.5, 10.0).is_none());
    assert!(t_quantile(0.975, 1.0e12).is_some());
    assert!(f_quantile(0.975, 0.0, 3.0).is_none());
    assert!(f_quantile(0.975, 2.0e8, 8.0e8).is_some());
    // Underflowing p-values stay finite and non-negative.
    assert_eq!(t_two_sided_p(1.0e6, 50.0).map(|p| p >= 0.0), Some(true));
    assert!(t_two_sided_p(40.0, 1.0e6).is_some());
}

#[test]
fn comparison_edge_cases() {
    let one = Moments {
        n: 1,
        sum: 3,
        sum_sq: 9,
    };
    let flat = Moments {
        n: 3,
        sum: 9,
        sum_sq: 27,
    };
    let flat2 = Moments {
        n: 4,
        sum: 8,
        sum_sq: 16,
    };
    assert!(welch_t_test(&one, &flat).is_none());
    assert!(welch_t_test(&flat, &flat2).is_none());
    assert!(mann_whitney(&[0, 0, 3], &[0, 0, 4]).is_none());
    assert!(mann_whitney(&[], &[1, 2]).is_none());
    assert!(kruskal_wallis(&[[1u64, 2, 3]]).is_none());
    assert!(kruskal_wallis(&[vec![1u64, 2], vec![0, 0]]).is_none());
    assert!(kruskal_wallis(&[vec![0u64, 3], vec![0, 4]]).is_none());
    assert!(chi_square_independence(&[[3u64, 0], [4, 0]]).is_none());
    assert!(chi_square_independence::<[u64; 2]>(&[]).is_none());
    assert!(two_proportion_z(0, 5, 0, 7).is_none());
    assert!(two_proportion_z(1, 0, 0, 7).is_none());
    let z = two_proportion_z(1000, 1000, 0, 1000).unwrap();
    assert!(z.p >= 0.0 && z.p < 1e-100);
}

#[test]
fn construct_edge_cases() {
    let mut c = ConstructSums::new(2);
    c.add_response(&[Some(3), Some(3)]).unwrap();
    assert!(cronbach_alpha(&c).is_none());
    c.add_response(&[Some(3), Some(3)]).unwrap();
    assert!(cronbach_alpha(&c).is_none(), "zero variance of the total");
    c.add_response(&[Some(5), Some(4)]).unwrap();
    let r = cronbach_alpha(&c).unwrap();
    assert!(r.items.iter().all(|i| i.alpha_if_deleted.is_none()));
    assert!(cronbach_alpha(&ConstructSums::new(1)).is_none());
    assert!(icc1(&[Moments {
        n: 5,
        sum: 10,
        sum_sq: 30
    }])
    .is_none());
    let same = Moments {
        n: 3,
        sum: 6,
        sum_sq: 12,
    };
    assert!(icc1(&[same, same]).is_none());
}

#[test]
fn flagging_rule() {
    assert!(is_flagged(0.01, Effect::CohensD(-0.25)));
    assert!(!is_flagged(0.01, Effect::CohensD(0.1)));
    assert!(!is_flagged(0.06, Effect::CohensD(0.9)));
    assert!(is_flagged(0.049, Effect::RankBiserial(0.1)));
    assert!(!is_flagged(0.01, Effect::FavourablePoints(9.9)));
    assert!(is_flagged(0.01, Effect::FavourablePoints(-12.0)));
    assert!(!is_flagged(f64::NAN, Effect::CohensD(1.0)));
    assert!(!is_flagged(0.01, Effect::CohensD(f64::NAN)));
}

fn count(n: u64, min: u64) -> Count {
    Count { n, min }
}

#[test]
fn suppression_primary_and_complementary() {
    // Two schools × three groups, all margins shown.
    let t = MarginTable {
        cells: vec![
            vec![count(40, 10), count(3, 10), count(12, 5)],
            vec![count(35, 10), count(25, 10), count(8, 5)],
        ],
        row_totals: Some(vec![count(55, 10), count(68, 10)]),
        col_totals: Some(vec![count(75, 10), count(28, 10), count(20, 5)]),
        grand_total: Some(count(123, 10)),
    };
    let r = suppress(&t);
    assert_eq!(r.cells[0][1], Some(Hidden::Primary { n: 3, min: 10 }));
    // Row 0 pairs it with the smallest other part (12), column 1 with 25,
    // and row 1 / column 2 then need one more each (8).
    assert_eq!(r.cells[0][2], Some(Hidden::Complementary));
    assert_eq!(r.cells[1][1], Some(Hidden::Complementary));
    assert_eq!(r.cells[1][2], Some(Hidden::Complementary));
    assert_eq!(r.cells[0][0], None);
    assert!(r.row_totals.iter().all(Option::is_none));
    assert_eq!(r.grand_total, None);
}

#[test]
fn suppression_zero_cells_are_shown() {
    let t = MarginTable {
        cells: vec![vec![count(0, 10), count(20, 10)]],
        row_totals: Some(vec![count(20, 10)]),
        col_totals: None,
        grand_total: None,
    };
    let r = suppress(&t);
    assert_eq!(r.cells, vec![vec![None, None]]);
    assert!(r.col_totals.is_empty());
}

#[test]
fn suppression_hidden_total_forces_a_part() {
    // A school of 7 students: its total is primary-suppressed, and its parts
    // (both < 10) too; no totals line leaves a single hidden member.
    let t = MarginTable {
        cells: vec![
            vec![count(4, 10), count(3, 10)],
            vec![count(30, 10), count(40, 10)],
        ],
        row_totals: Some(vec![count(7, 10), count(70, 10)]),
        col_totals: Some(vec![count(34, 10), count(43, 10)]),
        grand_total: Some(count(77, 10)),
    };
    let r = suppress(&t);
    assert!(r.row_totals[0].is_some());
    // Column lines each had one hidden part, so row 1 is hidden too.
    assert!(r.cells[1][0].is_some() && r.cells[1][1].is_some());
}

#[test]
fn suppression_protects_values_given_as_withheld() {
    // A group row withheld for a reason the line cannot see (its difference to another
    // view is small) is protected like a primary cell: the next smallest part goes too.
    let t = MarginTable {
        cells: vec![vec![count(20, 5), count(30, 5), count(40, 5)]],
        row_totals: Some(vec![count(90, 10)]),
        col_totals: None,
        grand_total: None,
    };
    let r = suppress_given(&t, &[(0, Some(0))]);
    assert_eq!(
        r.cells,
        vec![vec![
            Some(Hidden::Complementary),
            Some(Hidden::Complementary),
            None
        ]]
    );
    assert_eq!(r.row_totals, vec![None]);
    // A withheld total with one part hidden leaves nothing to subtract from: no more.
    let r = suppress_given(&t, &[(0, None)]);
    assert_eq!(r.row_totals, vec![Some(Hidden::Complementary)]);
    assert_eq!(r.cells, vec![vec![Some(Hidden::Complementary), None, None]]);
    assert_eq!(suppress_given(&t, &[]), suppress(&t));
}

#[test]
fn display_rule_and_policy() {
    assert_eq!(display_proportion(0.0, 12), ProportionDisplay::AtMost5);
    assert_eq!(display_proportion(1.0, 29), ProportionDisplay::AtLeast95);
    assert_eq!(display_proportion(0.5, 12), ProportionDisplay::Exact(0.5));
    assert_eq!(display_proportion(1.0, 30), ProportionDisplay::Exact(1.0));
    let p: SuppressionPolicy = serde_json::from_str(r#"{"staff_min": 1}"#).unwrap();
    assert_eq!(p.effective().staff_min, 3);
    assert_eq!(p.student_parent_min, 10);
}

#[test]
fn construct_favourable_counts_respondents_not_answers() {
    use crate::stats::{construct_favourable, wilson, ScaleCounts};
    let item = single_item();
    // One item: the same as a plain Wilson proportion.
    let single = construct_favourable(std::slice::from_ref(&item)).unwrap();
    assert_eq!(single, wilson(6, 10).unwrap());
    // Four identical items by the same ten people: same share, same n, same interval.
    let four = construct_favourable(&[item.clone(), item.clone(), item.clone(), item]).unwrap();
    assert_eq!(four.n, 10);
    assert_eq!(four.p, single.p);
    assert_eq!(four.wilson, single.wilson);
    // Items answered by different numbers of people: n is the largest item n.
    let partial = ScaleCounts {
        counts: [0, 0, 0, 2, 2],
        not_applicable: 6,
    };
    let mixed = construct_favourable(&[single_item(), partial]).unwrap();
    assert_eq!(mixed.n, 10);
    assert!((mixed.p - 10.0 / 14.0).abs() < 1e-15);
    assert!(construct_favourable(&[]).is_none());
}

#[test]
fn favourable_share_pools_answers_with_respondent_n() {
    use crate::stats::{construct_favourable, favourable_share, wilson};
    // The same as construct_favourable over the same counts.
    let partial = crate::stats::ScaleCounts {
        counts: [0, 0, 0, 2, 2],
        not_applicable: 6,
    };
    assert_eq!(
        favourable_share(10, 14, 10),
        construct_favourable(&[single_item(), partial])
    );
    // 42 of 60 answers from 30 respondents: 70%, interval on n = 30.
    let p = favourable_share(42, 60, 30).unwrap();
    assert_eq!((p.n, p.successes), (30, 21));
    assert_eq!(p.wilson, wilson(21, 30).unwrap().wilson);
    assert!(favourable_share(0, 0, 5).is_none());
    assert!(favourable_share(3, 5, 0).is_none());
    assert!(favourable_share(6, 5, 5).is_none());
}

fn single_item() -> crate::stats::ScaleCounts {
    crate::stats::ScaleCounts {
        counts: [1, 1, 2, 3, 3],
        not_applicable: 0,
    }
}
