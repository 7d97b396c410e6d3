#![allow(clippy::unwrap_used)]
use super::*;
use crate::domain::ConditionOp;
use StakeholderGroup::{Coordinator, Parent, Student, Teacher, YoungStudent};

/// The languages the small banks of the rule tests are worded in.
pub(super) const EN_ES: &[Language] = &[Language::English, Language::Spanish];

// ---------- the embedded bank ----------

#[test]
fn embedded_bank_loads_in_position_order() {
    let bank = QuestionBank::embedded().unwrap();
    let keys: Vec<&str> = bank.constructs().iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "routing",
            "usage",
            "ease_of_use",
            "reliability",
            "confidence_training",
            "feature_use",
            "impact",
            "family_communication",
            "vendor_support",
            "recommend",
            "comments"
        ]
    );
    assert!(bank
        .constructs()
        .windows(2)
        .all(|w| w[0].position < w[1].position));
    assert_eq!(bank.constructs().len(), EMBEDDED_FILES.len());
}

/// Constructs have 3–6 items, except those that are one question by nature: routing (the
/// "which do you use" question), usage (frequency + minutes), feature_use (one matrix),
/// recommend (0–10 plus the young students' version) and comments (one open question).
#[test]
fn constructs_have_three_to_six_items_with_documented_exceptions() {
    let bank = QuestionBank::embedded().unwrap();
    let short = ["routing", "usage", "feature_use", "recommend", "comments"];
    for c in bank.constructs() {
        let n = c.items.len();
        if short.contains(&c.key.as_str()) {
            assert!((1..=2).contains(&n), "{} has {n} items", c.key);
        } else {
            assert!((3..=6).contains(&n), "{} has {n} items", c.key);
        }
    }
}

#[test]
fn constructs_reach_the_documented_groups() {
    let bank = QuestionBank::embedded().unwrap();
    let asked = |key: &str| -> Vec<StakeholderGroup> {
        let c = bank.construct(key).unwrap();
        StakeholderGroup::ALL
            .iter()
            .copied()
            .filter(|g| c.items_for(*g).next().is_some())
            .collect()
    };
    let all = StakeholderGroup::ALL.to_vec();
    for key in [
        "routing",
        "usage",
        "ease_of_use",
        "reliability",
        "confidence_training",
        "impact",
        "recommend",
        "comments",
    ] {
        assert_eq!(asked(key), all, "{key}");
    }
    assert_eq!(asked("feature_use"), [Student, Teacher, Coordinator]);
    assert_eq!(asked("family_communication"), [Parent]);
    assert_eq!(asked("vendor_support"), [Teacher, Parent, Coordinator]);
}

#[test]
fn tags_point_at_the_expected_items() {
    let bank = QuestionBank::embedded().unwrap();
    let key = |tag| bank.item_tagged(tag).map(|i| i.key.as_str());
    assert_eq!(key(ItemTag::ProductUse), Some("routing.products_used"));
    assert_eq!(key(ItemTag::TrainingReceived), Some("training.received"));
    assert_eq!(key(ItemTag::TrainingWanted), Some("training.wanted"));
    assert_eq!(key(ItemTag::FeatureUse), Some("features.matrix"));
    assert_eq!(key(ItemTag::SupportContacted), Some("support.contacted"));
    assert_eq!(key(ItemTag::KnowsContact), Some("support.knows_contact"));
    assert_eq!(key(ItemTag::MinutesPerWeek), Some("usage.minutes_per_week"));
    assert_eq!(key(ItemTag::Comment), Some("comments.open"));
    assert_eq!(key(ItemTag::Recommend), Some("recommend.likelihood"));
    assert_eq!(bank.items_tagged(ItemTag::Confidence).count(), 3);

    let ratings: Vec<&Item> = bank.items_tagged(ItemTag::SupportRating).collect();
    assert_eq!(ratings.len(), 3);
    for item in ratings {
        let c = item.show_if.as_ref().unwrap();
        assert_eq!(c.to_string(), "support.contacted equals 1");
        assert_eq!(c.op, ConditionOp::Equals);
    }
    let with_conditions = bank.items().filter(|i| i.show_if.is_some()).count();
    assert_eq!(with_conditions, 3);
    assert!(!bank.construct("routing").unwrap().per_product);
    assert!(bank.item("routing.products_used").unwrap().required);
}

#[test]
fn accessors_return_typed_filled_wordings() {
    let bank = QuestionBank::embedded().unwrap();
    let w = bank
        .wording("ease.everyday_tasks", Teacher, Language::Spanish)
        .unwrap();
    assert!(w.prompt.starts_with('¿'));
    assert_eq!(w.options.len(), 5);
    assert_eq!(w.na_label.as_deref(), Some("No aplica"));
    let young = bank
        .wording("ease.everyday_tasks", YoungStudent, Language::English)
        .unwrap();
    assert_eq!(young.options.first().map(String::as_str), Some("Very hard"));
    assert_eq!(young.na_label.as_deref(), Some("I don't do this"));
    let item = bank.item("ease.everyday_tasks").unwrap();
    assert!(item.shows_faces(YoungStudent) && !item.shows_faces(Teacher));
    assert_eq!(item.answer_range(), Some(1..=5));
    assert_eq!(item.construct, "ease_of_use");
    assert!(bank
        .wording("family.informed", Teacher, Language::English)
        .is_none());
    assert_eq!(bank.items_of("vendor_support").unwrap().len(), 5);
    let minutes = bank.item_tagged(ItemTag::MinutesPerWeek).unwrap();
    assert_eq!(minutes.answer_range(), Some(0..=3000));
    assert_eq!(
        bank.item_tagged(ItemTag::Recommend).unwrap().answer_range(),
        Some(0..=10)
    );
    assert_eq!(
        fill_placeholders("¿{vendor} ayuda con {product}?", "MathPath", "Acme"),
        "¿Acme ayuda con MathPath?"
    );
    assert_eq!(
        "support_rating".parse::<ItemTag>(),
        Ok(ItemTag::SupportRating)
    );
}

/// Removes the `[items.wording.<group>.es]` block at `header` (up to the next table).
pub(super) fn without_block(text: &str, header: &str) -> String {
    let start = text.find(header).unwrap();
    let after = start + header.len();
    let end = text[after..]
        .find("\n[")
        .map_or(text.len(), |i| after + i + 1);
    format!("{}{}", &text[..start], &text[end..])
}

fn with_replaced_file(name: &str, text: &str) -> Result<QuestionBank, BankError> {
    let files: Vec<(&str, &str)> = EMBEDDED_FILES
        .iter()
        .map(|(n, t)| if *n == name { (*n, text) } else { (*n, *t) })
        .collect();
    QuestionBank::from_sources(&files, Language::ALL)
}

#[test]
fn a_missing_spanish_wording_fails_and_names_the_item() {
    let (name, text) = EMBEDDED_FILES
        .iter()
        .find(|(n, _)| *n == "feature_use.toml")
        .unwrap();
    let broken = without_block(text, "[items.wording.teacher.es]");
    let err = with_replaced_file(name, &broken).unwrap_err();
    assert_eq!(
        err.to_string(),
        "feature_use.toml: item \"features.matrix\" has no Spanish wording for teacher"
    );
}

#[test]
fn every_spanish_wording_in_the_bank_is_needed() {
    for (name, text) in EMBEDDED_FILES {
        let mut offset = 0;
        while let Some(pos) = text[offset..].find(".es]") {
            let line_start = text[..offset + pos].rfind('\n').map_or(0, |i| i + 1);
            let header = &text[line_start..offset + pos + 4];
            let err = with_replaced_file(name, &without_block(text, header)).unwrap_err();
            let group = header.split('.').nth(2).unwrap();
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("{name}: item \""))
                    && message.ends_with(&format!("has no Spanish wording for {group}")),
                "{message}"
            );
            offset += pos + 4;
        }
    }
}

#[test]
fn every_language_of_the_registry_words_every_item_for_every_group_and_drafts_are_known() {
    let bank = QuestionBank::embedded().unwrap();
    for item in bank.items() {
        for group in &item.groups {
            for language in Language::ALL {
                let w = item.wording(*group, *language).unwrap();
                assert!(
                    !w.prompt.trim().is_empty(),
                    "{} {group} {language}",
                    item.key
                );
            }
        }
        for language in Language::ALL {
            assert!(
                !item.label.get(*language).is_empty(),
                "{} {language}",
                item.key
            );
        }
    }
    assert_eq!(
        draft_languages(),
        [Language::Vietnamese, Language::Arabic],
        "the shipped Vietnamese and Arabic are draft translations; English and Spanish are reviewed"
    );
    let ar = bank
        .wording("ease.everyday_tasks", YoungStudent, Language::Arabic)
        .unwrap();
    assert!(ar.prompt.ends_with('؟'), "{}", ar.prompt);
    assert_eq!(ar.na_label.as_deref(), Some("لا أقوم بهذا"));
}
