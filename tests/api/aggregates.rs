//! Aggregates folded at submission equal a rebuild from the raw answers, on both backends.

use crate::both_backends;
use crate::fixtures::{survey_fixture, SurveyFixture};
use crate::helpers::{spawn_app_with, Backend, TestApp};
use chorus::db::aggregates::delta::{CellKey, ConstructKey};
use chorus::db::aggregates::{rebuild::rebuild, snapshot::snapshot, AggregateDelta};
use chorus::db::models::responses::{count_for_survey, NewAnswer, NewResponse};
use chorus::db::submission::{submit_batch, Submission, SubmitOutcome};
use chorus::domain::{ItemKind, Language, StakeholderGroup};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::BTreeMap;

/// What stored submissions should add up to: in every language, and in each.
#[derive(Default)]
pub struct Expected {
    pub all: AggregateDelta,
    by_language: BTreeMap<Language, AggregateDelta>,
}

impl Expected {
    pub fn add(&mut self, f: &SurveyFixture, submission: &Submission) {
        let language = submission.response.language;
        for delta in [&mut self.all, self.by_language.entry(language).or_default()] {
            delta
                .add(&f.layout, &submission.response, &submission.answers)
                .unwrap();
        }
    }

    pub fn language(&self, language: Language) -> AggregateDelta {
        self.by_language.get(&language).cloned().unwrap_or_default()
    }
}

pub fn response(
    f: &SurveyFixture,
    school: usize,
    group: StakeholderGroup,
    key: &str,
) -> NewResponse {
    NewResponse {
        district_id: f.district.0,
        survey_id: f.survey.0,
        school_id: f.schools[school].0,
        stakeholder_group: group,
        language: Language::English,
        submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        submission_key: key.into(),
    }
}

pub fn scale(f: &SurveyFixture, key: &str, product: usize, value: Option<i64>) -> NewAnswer {
    NewAnswer {
        district_id: f.district.0,
        response_id: 0,
        survey_item_id: f.item(key).id,
        product_id: Some(f.products[product].0),
        feature_id: None,
        value,
        not_applicable: value.is_none(),
        wants_training: false,
        text_value: None,
    }
}

both_backends!(
    known_answers_give_exact_aggregates,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Exact District");
        let ease = [
            "ease.everyday_tasks",
            "ease.finding_things",
            "ease.learning",
            "ease.on_device",
            "ease.setup",
        ];
        let teacher_answers = |values: [Option<i64>; 5]| -> Vec<NewAnswer> {
            ease.iter()
                .zip(values)
                .map(|(k, v)| scale(&f, k, 0, v))
                .collect()
        };
        // A comment, and a blank one (not a commenter).
        let comment = |text: &str| NewAnswer {
            value: None,
            not_applicable: false,
            text_value: Some(text.into()),
            ..scale(&f, "comments.open", 0, None)
        };
        let with = |mut answers: Vec<NewAnswer>, text: &str| {
            answers.push(comment(text));
            answers
        };
        let batch = vec![
            Submission {
                response: response(&f, 0, StakeholderGroup::Teacher, "k1"),
                answers: with(
                    teacher_answers([Some(5), Some(4), Some(4), Some(3), Some(5)]),
                    "Quick to set up",
                ),
                access_code_id: None,
            },
            Submission {
                response: response(&f, 0, StakeholderGroup::Teacher, "k2"),
                answers: with(
                    teacher_answers([Some(2), Some(3), Some(1), Some(2), Some(2)]),
                    " \n ",
                ),
                access_code_id: None,
            },
            // "Does not apply" on one item: counted apart, and not a complete case.
            Submission {
                response: response(&f, 0, StakeholderGroup::Teacher, "k3"),
                answers: teacher_answers([Some(4), None, Some(4), Some(4), Some(4)]),
                access_code_id: None,
            },
        ];
        let outcomes = submit_batch(&mut conn, &f.layout, 0, &batch).unwrap();
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, SubmitOutcome::Stored(_))),
            "{outcomes:?}"
        );

        let snap = snapshot(&mut conn, f.district, f.survey, None).unwrap();
        let cell = |key: &str| CellKey {
            survey_item_id: f.item(key).id,
            product_id: f.products[0].0,
            school_id: f.schools[0].0,
            group: StakeholderGroup::Teacher,
        };
        assert_eq!(snap.scale[&cell("ease.everyday_tasks")], [0, 1, 0, 1, 1, 0]);
        assert_eq!(snap.scale[&cell("ease.finding_things")], [0, 0, 1, 1, 0, 1]);
        let construct = &snap.construct[&ConstructKey {
            survey_id: f.survey.0,
            construct_key: "ease_of_use".into(),
            product_id: f.products[0].0,
            school_id: f.schools[0].0,
            group: StakeholderGroup::Teacher,
        }];
        // Complete cases: totals 21 and 10.
        assert_eq!(
            (construct.n, construct.sum_t, construct.sum_t2),
            (2, 31, 541)
        );
        assert_eq!(construct.items.len(), 5);
        assert_eq!(construct.items[0], [7, 29, 5 * 21 + 2 * 10]);
        assert_eq!(snap.responses.values().sum::<i64>(), 3);
        assert_eq!(
            snap.comments,
            BTreeMap::from([(cell("comments.open"), 1)]),
            "one teacher wrote a comment; a blank one is not counted"
        );
        rebuild(&mut conn, f.district, f.survey).unwrap();
        assert_eq!(
            snapshot(&mut conn, f.district, f.survey, None).unwrap(),
            snap
        );
    }
);

both_backends!(
    duplicates_and_bad_answers_store_nothing,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Idempotent District");
        let good = Submission {
            response: response(&f, 1, StakeholderGroup::Student, "same-key"),
            answers: vec![scale(&f, "ease.everyday_tasks", 1, Some(4))],
            access_code_id: None,
        };
        let bad = Submission {
            response: response(&f, 1, StakeholderGroup::Student, "bad-key"),
            answers: vec![scale(&f, "ease.everyday_tasks", 1, Some(9))],
            access_code_id: None,
        };
        let outcomes =
            submit_batch(&mut conn, &f.layout, 0, &[good.clone(), good.clone(), bad]).unwrap();
        assert!(matches!(outcomes[0], SubmitOutcome::Stored(_)));
        assert_eq!(outcomes[1], SubmitOutcome::Duplicate);
        assert!(matches!(outcomes[2], SubmitOutcome::Rejected(_)));
        // A retried request later is still a duplicate.
        assert_eq!(
            submit_batch(&mut conn, &f.layout, 0, &[good]).unwrap(),
            vec![SubmitOutcome::Duplicate]
        );
        assert_eq!(
            count_for_survey(&mut conn, f.district, f.survey).unwrap(),
            1
        );
        let snap = snapshot(&mut conn, f.district, f.survey, None).unwrap();
        assert_eq!(
            snap.scale
                .values()
                .map(|c| c.iter().sum::<i64>())
                .sum::<i64>(),
            1
        );
    }
);

/// Random answers of every kind the survey has, respecting kinds and ranges (not skip logic:
/// the aggregates must hold whatever was stored).
pub fn random_submission(f: &SurveyFixture, rng: &mut StdRng, key: String) -> Submission {
    let group = if rng.random::<bool>() {
        StakeholderGroup::Teacher
    } else {
        StakeholderGroup::Student
    };
    let mut answers = Vec::new();
    for item in f.items.iter().filter(|i| i.groups.contains(group.as_str())) {
        let kind = item.kind;
        let products: Vec<Option<i32>> = if item.per_product {
            f.products
                .iter()
                .filter(|_| rng.random::<f64>() < 0.7)
                .map(|p| Some(p.0))
                .collect()
        } else {
            vec![None]
        };
        for product in products {
            let base = NewAnswer {
                district_id: f.district.0,
                response_id: 0,
                survey_item_id: item.id,
                product_id: product,
                feature_id: None,
                value: None,
                not_applicable: false,
                wants_training: false,
                text_value: None,
            };
            if rng.random::<f64>() < 0.1 {
                continue;
            }
            match kind {
                ItemKind::Scale5 if rng.random::<f64>() < 0.05 => answers.push(NewAnswer {
                    not_applicable: true,
                    ..base
                }),
                ItemKind::Scale5 => answers.push(NewAnswer {
                    value: Some(rng.random_range(1..=5)),
                    ..base
                }),
                ItemKind::Recommend => answers.push(NewAnswer {
                    value: Some(rng.random_range(0..=10)),
                    ..base
                }),
                ItemKind::SingleChoice => answers.push(NewAnswer {
                    value: Some(rng.random_range(1..=3)),
                    ..base
                }),
                ItemKind::MultiChoice => {
                    for (i, p) in f.products.iter().enumerate() {
                        if rng.random::<bool>() {
                            answers.push(NewAnswer {
                                product_id: Some(p.0),
                                value: Some(i as i64 + 1),
                                ..base.clone()
                            });
                        }
                    }
                }
                ItemKind::Number => answers.push(NewAnswer {
                    value: Some(rng.random_range(0..=300)),
                    ..base
                }),
                ItemKind::FeatureMatrix => {
                    let index = f
                        .products
                        .iter()
                        .position(|p| Some(p.0) == product)
                        .unwrap();
                    for feature in &f.features[index] {
                        answers.push(NewAnswer {
                            feature_id: Some(*feature),
                            value: Some(rng.random_range(1..=3)),
                            wants_training: rng.random(),
                            ..base.clone()
                        });
                    }
                }
                ItemKind::ShortText | ItemKind::LongText => answers.push(NewAnswer {
                    text_value: Some("text".into()),
                    ..base
                }),
            }
        }
    }
    let language = if rng.random::<f64>() < 0.3 {
        "es"
    } else {
        "en"
    };
    Submission {
        response: NewResponse {
            language: language.parse().unwrap(),
            ..response(f, rng.random_range(0..2), group, &key)
        },
        answers,
        access_code_id: None,
    }
}

both_backends!(
    random_workload_aggregates_equal_rebuild_and_fold,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Random District");
        let mut rng = StdRng::seed_from_u64(7);
        let mut expected = Expected::default();
        let mut stored = 0;
        let mut next_key = 0;
        for _ in 0..12 {
            let size = rng.random_range(1..40);
            let mut batch: Vec<Submission> = (0..size)
                .map(|_| {
                    next_key += 1;
                    random_submission(&f, &mut rng, format!("key-{next_key}"))
                })
                .collect();
            if rng.random::<bool>() {
                batch.push(batch[0].clone()); // a double submit inside the batch
            }
            let shard = rng.random_range(0..3); // sharded rows must sum to the same figures
            for (submission, outcome) in batch
                .iter()
                .zip(submit_batch(&mut conn, &f.layout, shard, &batch).unwrap())
            {
                if let SubmitOutcome::Stored(_) = outcome {
                    stored += 1;
                    expected.add(&f, submission);
                }
            }
        }
        let incremental = snapshot(&mut conn, f.district, f.survey, None).unwrap();
        assert!(
            !incremental.scale.is_empty()
                && !incremental.construct.is_empty()
                && !incremental.feature.is_empty()
        );
        assert_eq!(
            incremental, expected.all,
            "aggregates equal the in-memory fold of what was stored"
        );
        // The workload answers in English and Spanish only (see `submission`).
        let answered = [Language::English, Language::Spanish];
        let mut by_language = Vec::new();
        for language in &answered {
            let one = snapshot(&mut conn, f.district, f.survey, Some(*language)).unwrap();
            assert!(!one.scale.is_empty(), "answers in {language}");
            assert_eq!(
                one,
                expected.language(*language),
                "the {language} aggregates equal the fold of what was stored in {language}"
            );
            by_language.push(one);
        }
        assert_ne!(by_language[0], by_language[1]);
        assert_eq!(rebuild(&mut conn, f.district, f.survey).unwrap(), stored);
        let rebuilt = snapshot(&mut conn, f.district, f.survey, None).unwrap();
        assert_eq!(
            incremental, rebuilt,
            "aggregates equal the rebuild from raw answers"
        );
        for (language, before) in answered.iter().zip(by_language) {
            assert_eq!(
                snapshot(&mut conn, f.district, f.survey, Some(*language)).unwrap(),
                before,
                "the rebuild keeps the {language} cells apart"
            );
        }
    }
);

async fn demo_reaggregates_to_the_same(backend: Backend) {
    let name = format!("aggregates::demo::{backend:?}");
    let Some(app) = spawn_app_with(backend, &name, |s| s.load_demo = true).await else {
        return;
    };
    let mut conn = app.pool.get().unwrap();
    let district = chorus::db::models::districts::list(&mut conn).unwrap()[0].district_id();
    let survey = crate::fixtures::closed_demo_wave(&mut conn, district);
    let before = snapshot(&mut conn, district, survey, None).unwrap();
    let responses = count_for_survey(&mut conn, district, survey).unwrap();
    assert!(
        (1800..=2200).contains(&responses),
        "about 2,000 demo responses, got {responses}"
    );
    assert_eq!(before.responses.values().sum::<i64>(), responses);
    assert_eq!(
        rebuild(&mut conn, district, survey).unwrap() as i64,
        responses
    );
    assert_eq!(snapshot(&mut conn, district, survey, None).unwrap(), before);
}

#[actix_web::test]
async fn demo_aggregates_equal_rebuild_on_sqlite() {
    demo_reaggregates_to_the_same(Backend::Sqlite).await;
}

#[actix_web::test]
async fn demo_aggregates_equal_rebuild_on_postgres() {
    demo_reaggregates_to_the_same(Backend::Postgres).await;
}
