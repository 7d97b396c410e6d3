//! Property tests (proptest, 256 cases each).

use crate::stats::{
    benjamini_hochberg, cronbach_alpha, describe, holm, suppress, wilson, ConstructSums, Count,
    MarginTable, NumericMoments, ScaleCounts,
};
use proptest::prelude::*;

fn scale() -> impl Strategy<Value = ScaleCounts> {
    (prop::array::uniform5(0u64..50), 0u64..5).prop_map(|(counts, not_applicable)| ScaleCounts {
        counts,
        not_applicable,
    })
}

fn numeric() -> impl Strategy<Value = NumericMoments> {
    prop::collection::vec(-100i64..1000, 0..20).prop_map(|xs| {
        let mut m = NumericMoments::default();
        for x in xs {
            m.add_response(x).unwrap();
        }
        m
    })
}

fn construct() -> impl Strategy<Value = ConstructSums> {
    prop::collection::vec(prop::collection::vec(1u8..=5, 3), 0..30).prop_map(|rows| {
        let mut c = ConstructSums::new(3);
        for r in rows {
            let answers: Vec<Option<u8>> = r.into_iter().map(Some).collect();
            c.add_response(&answers).unwrap();
        }
        c
    })
}

/// Hidden members per line of a suppression result must be 0 or ≥ 2.
fn check_lines(t: &MarginTable) {
    let r = suppress(t);
    let rows = t.cells.len();
    let cols = t.cells[0].len();
    for i in 0..rows {
        let hidden = r.cells[i].iter().filter(|h| h.is_some()).count()
            + usize::from(r.row_totals[i].is_some());
        assert!(hidden != 1, "row {i} has one hidden member: {r:?}");
    }
    for j in 0..cols {
        let hidden = (0..rows).filter(|&i| r.cells[i][j].is_some()).count()
            + usize::from(r.col_totals[j].is_some());
        assert!(hidden != 1, "column {j} has one hidden member: {r:?}");
    }
    let margin_rows = r.row_totals.iter().filter(|h| h.is_some()).count();
    let margin_cols = r.col_totals.iter().filter(|h| h.is_some()).count();
    let g = usize::from(r.grand_total.is_some());
    assert!(
        margin_rows + g != 1 && margin_cols + g != 1,
        "margins: {r:?}"
    );
    // Every primary cell stays hidden.
    for i in 0..rows {
        for j in 0..cols {
            let c = t.cells[i][j];
            if c.n > 0 && c.n < c.min {
                assert!(r.cells[i][j].is_some());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn scale_merge_is_associative_and_commutative(a in scale(), b in scale(), c in scale()) {
        let mut ab = a.clone(); ab.merge(&b);
        let mut ba = b.clone(); ba.merge(&a);
        prop_assert_eq!(&ab, &ba);
        let mut ab_c = ab.clone(); ab_c.merge(&c);
        let mut bc = b.clone(); bc.merge(&c);
        let mut a_bc = a.clone(); a_bc.merge(&bc);
        prop_assert_eq!(ab_c, a_bc);
    }

    #[test]
    fn numeric_merge_is_associative_and_commutative(a in numeric(), b in numeric(), c in numeric()) {
        let mut ab = a.clone(); ab.merge(&b);
        let mut ba = b.clone(); ba.merge(&a);
        prop_assert_eq!(&ab, &ba);
        let mut ab_c = ab.clone(); ab_c.merge(&c);
        let mut bc = b.clone(); bc.merge(&c);
        let mut a_bc = a.clone(); a_bc.merge(&bc);
        prop_assert_eq!(ab_c, a_bc);
    }

    #[test]
    fn construct_merge_is_associative_and_commutative(a in construct(), b in construct(), c in construct()) {
        let mut ab = a.clone(); ab.merge(&b).unwrap();
        let mut ba = b.clone(); ba.merge(&a).unwrap();
        prop_assert_eq!(&ab, &ba);
        let mut ab_c = ab.clone(); ab_c.merge(&c).unwrap();
        let mut bc = b.clone(); bc.merge(&c).unwrap();
        let mut a_bc = a.clone(); a_bc.merge(&bc).unwrap();
        prop_assert_eq!(ab_c, a_bc);
    }

    #[test]
    fn scale_mean_within_range(a in scale()) {
        if let Some(d) = describe(&a.moments()) {
            prop_assert!((1.0..=5.0).contains(&d.mean));
            if let Some(ci) = d.ci { prop_assert!(ci.low <= d.mean && d.mean <= ci.high); }
        }
    }

    #[test]
    fn wilson_within_unit_and_contains_p(n in 1u64..100_000, frac in 0.0f64..=1.0) {
        let k = ((n as f64) * frac).round() as u64;
        let p = wilson(k.min(n), n).unwrap();
        prop_assert!(0.0 <= p.wilson.low && p.wilson.low <= p.p);
        prop_assert!(p.p <= p.wilson.high && p.wilson.high <= 1.0);
    }

    #[test]
    fn alpha_at_most_one(c in construct()) {
        if let Some(r) = cronbach_alpha(&c) {
            prop_assert!(r.alpha <= 1.0 + 1e-12);
            if let Some(ci) = r.ci { prop_assert!(ci.low <= r.alpha && r.alpha <= ci.high + 1e-12); }
        }
    }

    #[test]
    fn adjusted_p_between_raw_and_one(p in prop::collection::vec(0.0f64..=1.0, 0..20)) {
        for adj in [holm(&p).unwrap(), benjamini_hochberg(&p).unwrap()] {
            for (a, r) in adj.iter().zip(p.iter()) {
                prop_assert!(*a >= *r && *a <= 1.0);
            }
        }
    }

    #[test]
    fn suppression_leaves_no_line_with_one_hidden(
        rows in 1usize..6,
        cols in 1usize..6,
        ns in prop::collection::vec(0u64..40, 36),
        mins in prop::collection::vec(prop::sample::select(vec![5u64, 10]), 6),
    ) {
        let cells: Vec<Vec<Count>> = (0..rows)
            .map(|i| (0..cols).map(|j| Count { n: ns[i * 6 + j], min: mins[i] }).collect())
            .collect();
        let row_totals: Vec<Count> = cells
            .iter()
            .enumerate()
            .map(|(i, r)| Count { n: r.iter().map(|c| c.n).sum(), min: mins[i] })
            .collect();
        let col_totals: Vec<Count> = (0..cols)
            .map(|j| Count { n: cells.iter().map(|r| r[j].n).sum(), min: 5 })
            .collect();
        let grand = Count { n: row_totals.iter().map(|c| c.n).sum(), min: 5 };
        check_lines(&MarginTable {
            cells,
            row_totals: Some(row_totals),
            col_totals: Some(col_totals),
            grand_total: Some(grand),
        });
    }
}
