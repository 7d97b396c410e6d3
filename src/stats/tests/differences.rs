//! Edge cases and conventions of the difference interval, Cohen's h, its labels and the χ²
//! test of shares.

use crate::stats::{
    chi_square_shares, cohens_h, newcombe_difference, two_share_z, Magnitude, MIN_EXPECTED,
};

#[test]
fn nothing_is_made_up_for_impossible_inputs() {
    assert!(newcombe_difference(0.5, 0, 0.5, 10).is_none());
    assert!(newcombe_difference(1.2, 10, 0.5, 10).is_none());
    assert!(newcombe_difference(f64::NAN, 10, 0.5, 10).is_none());
    assert!(cohens_h(-0.1, 0.5).is_none());
    assert!(cohens_h(0.5, f64::NAN).is_none());
    assert!(chi_square_shares(&[(0.5, 10)]).is_none(), "one school");
    assert!(
        chi_square_shares(&[(1.0, 10), (1.0, 12)]).is_none(),
        "all favourable"
    );
    assert!(
        chi_square_shares(&[(0.0, 10), (0.0, 12)]).is_none(),
        "none favourable"
    );
    assert!(chi_square_shares(&[(0.5, 10), (1.5, 12)]).is_none());
    assert!(chi_square_shares(&[(0.5, 10), (0.5, 0), (0.7, 9)]).is_some());
}

#[test]
fn cohens_h_is_signed_and_labelled_by_its_size() {
    let h = cohens_h(0.8, 0.3).unwrap();
    // 2·asin√0.8 − 2·asin√0.3 = 2.214297 − 1.159279.
    assert!((h - 1.055_018).abs() < 1e-6, "{h}");
    assert!((cohens_h(0.3, 0.8).unwrap() + h).abs() < 1e-15);
    assert_eq!(Magnitude::of_cohens_h(-h), Magnitude::Large);
    assert_eq!(Magnitude::of_cohens_h(0.5), Magnitude::Medium);
    assert_eq!(Magnitude::of_cohens_h(0.2), Magnitude::Small);
    assert_eq!(Magnitude::of_cohens_h(0.199), Magnitude::Negligible);
    assert_eq!(Magnitude::of_cohens_h(f64::NAN), Magnitude::Negligible);
    assert_eq!(Magnitude::of_cramers_v(0.3).label(), "medium");
    assert_eq!(Magnitude::of_cramers_v(0.09).label(), "negligible");
}

#[test]
fn the_difference_interval_holds_the_difference_and_stays_in_range() {
    for (p1, n1, p2, n2) in [(0.0, 5, 1.0, 5), (1.0, 3, 0.0, 300), (0.42, 17, 0.42, 17)] {
        let ci = newcombe_difference(p1, n1, p2, n2).unwrap();
        assert!(ci.low >= -1.0 && ci.high <= 1.0, "{ci:?}");
        assert!(ci.low <= p1 - p2 && p1 - p2 <= ci.high, "{ci:?}");
    }
}

#[test]
fn two_shares_give_the_z_test_squared_and_small_expected_counts_are_marked() {
    let chi = chi_square_shares(&[(0.8, 20), (0.3, 20)]).unwrap();
    let z = two_share_z(0.8, 20, 0.3, 20).unwrap();
    assert!((chi.statistic - z.z * z.z).abs() < 1e-9);
    assert!((chi.p - z.p).abs() < 1e-12);
    assert_eq!(chi.df, 1);
    assert!(chi.expected_large_enough());
    // 97% of 30, 99% of 40, 95% of 12: about 2.2 "not favourable" expected in all.
    let few = chi_square_shares(&[(0.97, 30), (0.99, 40), (0.95, 12)]).unwrap();
    assert!(few.min_expected < MIN_EXPECTED && !few.expected_large_enough());
}
