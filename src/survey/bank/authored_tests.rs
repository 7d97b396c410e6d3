#![allow(clippy::unwrap_used)]
use super::*;
use crate::survey::bank::tests::EN_ES;

fn pairs(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = vec![
        ("construct", "ease_of_use"),
        ("kind", "scale5"),
        ("groups", "teacher"),
        ("allows_na", "on"),
        (
            "options_en",
            "Not at all easy\nSlightly easy\nModerately easy\nVery easy\nExtremely easy",
        ),
        (
            "options_es",
            "Nada fácil\nUn poco fácil\nModeradamente fácil\nMuy fácil\nExtremadamente fácil",
        ),
        (
            "prompt_teacher_en",
            "How easy is it to print from {product}?",
        ),
        (
            "prompt_teacher_es",
            "¿Qué tan fácil es imprimir desde {product}?",
        ),
    ];
    all.extend_from_slice(extra);
    all.into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn without(name: &str) -> Vec<(String, String)> {
    pairs(&[]).into_iter().filter(|(k, _)| k != name).collect()
}

fn fields(result: Result<AuthoredItem, Vec<FieldError>>) -> Vec<(String, String)> {
    result
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn a_complete_scale_item_parses_with_defaults_filled_in() {
    let bank = QuestionBank::embedded().unwrap();
    let item = ItemForm::from_pairs(&pairs(&[]))
        .parse(&bank, EN_ES)
        .unwrap();
    let item = item.keyed("own.1");
    assert_eq!(item.kind, ItemKind::Scale5);
    assert_eq!(item.groups, vec![StakeholderGroup::Teacher]);
    let es = item
        .wording(StakeholderGroup::Teacher, Language::Spanish)
        .unwrap();
    assert_eq!(es.options.len(), 5);
    assert_eq!(es.na_label.as_deref(), Some("No aplica"));
    assert_eq!(
        item.label.original(),
        "How easy is it to print from [product]?"
    );
    assert!(item.is_own());
    assert_eq!(
        ItemForm::of_item(&item)
            .parse(&bank, EN_ES)
            .unwrap()
            .keyed("own.1"),
        item
    );
}

#[test]
fn a_missing_translation_is_an_error_on_its_field() {
    let bank = QuestionBank::embedded().unwrap();
    let errors = fields(ItemForm::from_pairs(&without("prompt_teacher_es")).parse(&bank, EN_ES));
    assert_eq!(errors[0].0, "prompt_teacher_es");
    assert!(errors[0].1.contains("Spanish"), "{errors:?}");
}

#[test]
fn a_statement_is_refused_like_in_the_shipped_bank() {
    let bank = QuestionBank::embedded().unwrap();
    let form = ItemForm::from_pairs(&pairs(&[(
        "prompt_teacher_en",
        "{product} is easy to print from.",
    )]));
    let errors = fields(form.parse(&bank, EN_ES));
    assert_eq!(errors[0].0, "prompt_teacher_en");
    assert!(errors[0].1.contains("not a question"), "{errors:?}");
}

#[test]
fn every_scale_point_needs_a_label() {
    let bank = QuestionBank::embedded().unwrap();
    let form = ItemForm::from_pairs(&pairs(&[("options_teacher_es", "Nada\nMucho")]));
    let errors = fields(form.parse(&bank, EN_ES));
    assert!(errors[0].1.contains("exactly 5"), "{errors:?}");
}

#[test]
fn per_product_prompts_name_the_product_and_double_barrels_are_refused() {
    let bank = QuestionBank::embedded().unwrap();
    let no_product = ItemForm::from_pairs(&pairs(&[
        ("prompt_teacher_en", "How easy is it to print?"),
        ("prompt_teacher_es", "¿Qué tan fácil es imprimir?"),
    ]));
    assert!(fields(no_product.parse(&bank, EN_ES))[0]
        .1
        .contains("{product}"));
    let two = ItemForm::from_pairs(&pairs(&[(
        "prompt_teacher_en",
        "How easy is it to print and share from {product}?",
    )]));
    assert!(fields(two.parse(&bank, EN_ES))[0]
        .1
        .contains("double-barrelled"));
}

#[test]
fn kinds_bounds_and_constructs_are_checked_per_field() {
    let bank = QuestionBank::embedded().unwrap();
    let form = ItemForm::from_pairs(&pairs(&[
        ("construct", "routing"),
        ("kind", "feature_matrix"),
        ("groups", "pupil"),
    ]));
    let names: Vec<String> = fields(form.parse(&bank, EN_ES))
        .into_iter()
        .map(|e| e.0)
        .collect();
    for f in ["construct", "kind", "groups"] {
        assert!(names.iter().any(|n| n == f), "{f} in {names:?}");
    }
    let number = ItemForm::from_pairs(&pairs(&[
        ("kind", "number"),
        ("min", "10"),
        ("max", "5"),
        ("options_en", ""),
        ("options_es", ""),
    ]));
    let names: Vec<String> = fields(number.parse(&bank, EN_ES))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert!(names.contains(&"max".to_string()) && names.contains(&"unit_en".to_string()));
    let text = ItemForm::from_pairs(&pairs(&[("kind", "long_text")]));
    let names: Vec<String> = fields(text.parse(&bank, EN_ES))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(names, vec!["allows_na".to_string()]);
}

#[test]
fn shipped_keys_may_not_use_the_district_prefix() {
    let text = crate::survey::bank::EMBEDDED_FILES
        .iter()
        .find(|(n, _)| *n == "recommend.toml")
        .unwrap()
        .1
        .replacen("key = \"recommend.", "key = \"own.", 1);
    let files: Vec<(&str, &str)> = crate::survey::bank::EMBEDDED_FILES
        .iter()
        .map(|(n, t)| {
            (
                *n,
                if *n == "recommend.toml" {
                    text.as_str()
                } else {
                    *t
                },
            )
        })
        .collect();
    let err = QuestionBank::from_sources(&files, EN_ES).unwrap_err();
    assert!(err.to_string().contains("kept for districts"), "{err}");
}
