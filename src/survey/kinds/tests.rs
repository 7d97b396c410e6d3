//! Each kind's accepted values and the cells its answers touch, for every stored kind.

use super::*;

fn value(v: i64) -> StoredAnswer<'static> {
    StoredAnswer {
        value: Some(v),
        ..StoredAnswer::default()
    }
}

#[test]
fn every_stored_kind_has_its_own_description() {
    for kind in ItemKind::ALL {
        assert_eq!(of(*kind).kind(), *kind);
    }
}

#[test]
fn kinds_with_a_range_accept_exactly_its_values() {
    for kind in ItemKind::ALL {
        let k = of(*kind);
        let Some(range) = k.accepted_values(4, Some((0, 600))) else {
            continue;
        };
        let (low, high) = (*range.start(), *range.end());
        for v in low..=high {
            assert!(k.touches(&value(v)).is_ok(), "{kind} refuses {v}");
        }
        if *kind != ItemKind::Number {
            assert_eq!(k.touches(&value(low - 1)), Err(Refused), "{kind}");
        }
        // The aggregates know a scale's and a recommend item's last value, not a choice's
        // option count or a number's bounds (the parser checks those against the item).
        if matches!(kind, ItemKind::Scale5 | ItemKind::Recommend) {
            assert_eq!(k.touches(&value(high + 1)), Err(Refused), "{kind}");
        }
    }
    assert_eq!(
        of(ItemKind::Number).accepted_values(0, Some((0, 600))),
        Some(0..=600)
    );
    assert_eq!(of(ItemKind::Number).accepted_values(0, None), None);
    assert_eq!(
        of(ItemKind::SingleChoice).accepted_values(4, None),
        Some(1..=4)
    );
    assert_eq!(of(ItemKind::MultiChoice).accepted_values(0, None), None);
}

#[test]
fn answers_touch_their_cells() {
    let scale = of(ItemKind::Scale5);
    assert_eq!(scale.touches(&value(1)), Ok(Touch::Scale(0)));
    assert_eq!(scale.touches(&value(5)), Ok(Touch::Scale(4)));
    let na = StoredAnswer {
        not_applicable: true,
        ..StoredAnswer::default()
    };
    assert_eq!(scale.touches(&na), Ok(Touch::Scale(5)));
    assert_eq!(of(ItemKind::Recommend).touches(&na), Ok(Touch::Nothing));
    assert_eq!(
        of(ItemKind::Recommend).touches(&value(10)),
        Ok(Touch::Recommend(10))
    );
    for kind in [ItemKind::SingleChoice, ItemKind::MultiChoice] {
        assert_eq!(of(kind).touches(&value(2)), Ok(Touch::Choice(Some(2))));
        assert_eq!(
            of(kind).touches(&StoredAnswer::default()),
            Ok(Touch::Choice(None))
        );
        assert_eq!(of(kind).touches(&value(0)), Err(Refused));
    }
    let feature = StoredAnswer {
        value: Some(3),
        feature: Some(7),
        wants_training: true,
        ..StoredAnswer::default()
    };
    assert_eq!(
        of(ItemKind::FeatureMatrix).touches(&feature),
        Ok(Touch::Feature {
            feature: 7,
            state: 2,
            training: true
        })
    );
    assert_eq!(of(ItemKind::FeatureMatrix).touches(&value(1)), Err(Refused));
    assert_eq!(
        of(ItemKind::Number).touches(&value(-4)),
        Ok(Touch::Number(-4))
    );
    assert_eq!(
        of(ItemKind::Number).touches(&StoredAnswer::default()),
        Err(Refused)
    );
    for kind in [ItemKind::ShortText, ItemKind::LongText] {
        let wrote = StoredAnswer {
            text: Some(" fine "),
            ..StoredAnswer::default()
        };
        let blank = StoredAnswer {
            text: Some("  "),
            ..StoredAnswer::default()
        };
        assert_eq!(of(kind).touches(&wrote), Ok(Touch::Comment));
        assert_eq!(of(kind).touches(&blank), Ok(Touch::Nothing));
        assert!(of(kind).keeps_text());
    }
}

#[test]
fn districts_write_every_kind_but_recommend_and_the_feature_matrix_in_bank_order() {
    assert_eq!(
        authored().collect::<Vec<_>>(),
        [
            ItemKind::Scale5,
            ItemKind::SingleChoice,
            ItemKind::MultiChoice,
            ItemKind::Number,
            ItemKind::ShortText,
            ItemKind::LongText
        ]
    );
}

#[test]
fn a_feature_matrix_takes_longer_with_more_features() {
    let matrix = of(ItemKind::FeatureMatrix);
    assert_eq!(matrix.seconds(0), 0);
    assert_eq!(matrix.seconds(3), 18);
    assert_eq!(of(ItemKind::LongText).seconds(3), 45);
}

#[test]
fn only_text_kinds_keep_text_and_only_scales_make_constructs() {
    for kind in ItemKind::ALL {
        let k = of(*kind);
        assert_eq!(
            k.keeps_text(),
            matches!(kind, ItemKind::ShortText | ItemKind::LongText)
        );
        assert_eq!(k.counts_in_construct(), *kind == ItemKind::Scale5);
    }
}

#[test]
fn option_labels_follow_the_kind_and_the_routing_item() {
    let need = |kind, routing, n| of(kind).option_labels(routing).accepts(n);
    assert!(need(ItemKind::Scale5, false, 5) && !need(ItemKind::Scale5, false, 4));
    assert!(need(ItemKind::Recommend, false, 2) && !need(ItemKind::Recommend, false, 3));
    assert!(need(ItemKind::SingleChoice, false, 2) && need(ItemKind::SingleChoice, false, 9));
    assert!(!need(ItemKind::SingleChoice, false, 1));
    assert!(need(ItemKind::MultiChoice, false, 3) && !need(ItemKind::MultiChoice, false, 0));
    assert!(need(ItemKind::MultiChoice, true, 0) && !need(ItemKind::MultiChoice, true, 2));
    assert!(need(ItemKind::FeatureMatrix, false, 4) && !need(ItemKind::FeatureMatrix, false, 3));
    for kind in [ItemKind::Number, ItemKind::ShortText, ItemKind::LongText] {
        assert!(need(kind, false, 0) && !need(kind, false, 1), "{kind}");
        assert_eq!(of(kind).option_labels(false).need(), "none");
    }
}

#[test]
fn one_number_kinds_offer_not_applicable_and_only_scales_have_faces() {
    let numeric: Vec<ItemKind> = ItemKind::ALL
        .iter()
        .copied()
        .filter(|k| of(*k).one_number())
        .collect();
    assert_eq!(
        numeric,
        [
            ItemKind::Scale5,
            ItemKind::Recommend,
            ItemKind::SingleChoice,
            ItemKind::Number
        ]
    );
    let faces: Vec<ItemKind> = ItemKind::ALL
        .iter()
        .copied()
        .filter(|k| of(*k).faces())
        .collect();
    assert_eq!(faces, [ItemKind::Scale5]);
}
