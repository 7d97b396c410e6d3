//! The group-commit writer: an acknowledged submission is stored whole; duplicates, used
//! codes and refused submissions in a batch do not disturb the others; a full queue says Busy.

use crate::aggregates::{random_submission, response, scale};
use crate::both_backends;
use crate::fixtures::survey_fixture;
use crate::helpers::{spawn_app, Backend, TestApp};
use chorus::db::aggregates::{rebuild::rebuild, snapshot::snapshot};
use chorus::db::models::responses::count_for_survey;
use chorus::db::schema::{access_codes, answers, responses};
use chorus::db::submission::{Submission, SubmitOutcome};
use chorus::db::writer::{WriteError, Writer, WriterConfig};
use chorus::domain::StakeholderGroup;
use diesel::prelude::*;
use futures_util::future::join_all;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::sync::Arc;
use std::time::Duration;

/// A writer that waits long enough for every concurrently queued submission to join one batch.
fn one_batch_writer(app: &TestApp) -> Writer {
    Writer::start(
        app.pool.clone(),
        WriterConfig {
            linger: Duration::from_millis(300),
            max_batch: 10_000,
            ..WriterConfig::default()
        },
    )
    .unwrap()
}

both_backends!(
    acknowledged_submissions_are_stored_whole,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Writer District");
        let layout = Arc::new(f.layout.clone());
        let writer = Writer::start(app.pool.clone(), WriterConfig::default()).unwrap();
        let mut rng = StdRng::seed_from_u64(11);
        let batch: Vec<Submission> = (0..300)
            .map(|i| random_submission(&f, &mut rng, format!("w-{i}")))
            .collect();
        let outcomes = join_all(
            batch
                .iter()
                .map(|s| writer.submit(layout.clone(), s.clone())),
        )
        .await;
        for (submission, outcome) in batch.iter().zip(outcomes) {
            let SubmitOutcome::Stored(id) = outcome.unwrap() else {
                panic!("every distinct submission is stored");
            };
            let key: String = responses::table
                .find(id)
                .select(responses::submission_key)
                .first(&mut conn)
                .unwrap();
            assert_eq!(key, submission.response.submission_key);
            let stored: i64 = answers::table
                .filter(answers::response_id.eq(id))
                .count()
                .get_result(&mut conn)
                .unwrap();
            assert_eq!(stored, submission.answers.len() as i64);
        }
        assert_eq!(
            count_for_survey(&mut conn, f.district, f.survey).unwrap(),
            300
        );
        let incremental = snapshot(&mut conn, f.district, f.survey, None).unwrap();
        assert_eq!(rebuild(&mut conn, f.district, f.survey).unwrap(), 300);
        assert_eq!(
            snapshot(&mut conn, f.district, f.survey, None).unwrap(),
            incremental
        );
    }
);

both_backends!(
    one_batch_with_duplicates_used_codes_and_bad_submissions,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Batch District");
        chorus::db::models::distribution::insert_codes(
            &mut conn,
            f.district,
            f.survey,
            (f.schools[0], StakeholderGroup::Teacher),
            "b1",
            &["hash-1".to_string()],
        )
        .unwrap();
        let code: i32 = access_codes::table
            .select(access_codes::id)
            .first(&mut conn)
            .unwrap();
        let layout = Arc::new(f.layout.clone());
        let writer = one_batch_writer(&app);
        let make = |key: &str, value: i64, code: Option<i32>| Submission {
            response: response(&f, 0, StakeholderGroup::Teacher, key),
            answers: vec![scale(&f, "ease.everyday_tasks", 0, Some(value))],
            access_code_id: code,
        };
        let mut unknown_school = make("unknown-school", 3, None);
        unknown_school.response.school_id = 999_999;
        let batch = [
            make("twice", 4, None),
            make("twice", 4, None),
            make("code-a", 5, Some(code)),
            make("code-b", 5, Some(code)),
            make("out-of-range", 9, None),
            unknown_school,
            make("fine", 2, None),
        ];
        let outcomes = join_all(
            batch
                .iter()
                .map(|s| writer.submit(layout.clone(), s.clone())),
        )
        .await;
        assert!(matches!(outcomes[0], Ok(SubmitOutcome::Stored(_))));
        assert_eq!(outcomes[1], Ok(SubmitOutcome::Duplicate));
        assert!(matches!(outcomes[2], Ok(SubmitOutcome::Stored(_))));
        assert_eq!(outcomes[3], Ok(SubmitOutcome::CodeUsed));
        assert!(matches!(outcomes[4], Ok(SubmitOutcome::Rejected(_))));
        assert!(
            matches!(outcomes[5], Err(WriteError::Database(_))),
            "a row the database refuses fails alone: {:?}",
            outcomes[5]
        );
        assert!(matches!(outcomes[6], Ok(SubmitOutcome::Stored(_))));
        assert_eq!(
            count_for_survey(&mut conn, f.district, f.survey).unwrap(),
            3
        );
        let orphans: i64 = answers::table
            .filter(answers::response_id.ne_all(responses::table.select(responses::id)))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(orphans, 0, "no answers without their response");
        let incremental = snapshot(&mut conn, f.district, f.survey, None).unwrap();
        assert_eq!(incremental.responses.values().sum::<i64>(), 3);
        rebuild(&mut conn, f.district, f.survey).unwrap();
        assert_eq!(
            snapshot(&mut conn, f.district, f.survey, None).unwrap(),
            incremental
        );
        // A retry of an acknowledged submission, in a later batch, is a duplicate.
        assert_eq!(
            writer.submit(layout.clone(), make("fine", 2, None)).await,
            Ok(SubmitOutcome::Duplicate)
        );
    }
);

#[actix_web::test]
async fn a_full_queue_answers_busy_at_once() {
    let Some(app) = spawn_app(Backend::Sqlite, "writer::busy").await else {
        return;
    };
    let mut conn = app.pool.get().unwrap();
    let f = survey_fixture(&mut conn, "Busy District");
    let layout = Arc::new(f.layout.clone());
    let writer = Writer::start(
        app.pool.clone(),
        WriterConfig {
            queue: 1,
            max_batch: 1,
            linger: Duration::ZERO,
            ..WriterConfig::default()
        },
    )
    .unwrap();
    // Hold SQLite's write lock so the writer stalls on its first batch.
    diesel::connection::SimpleConnection::batch_execute(&mut *conn, "BEGIN IMMEDIATE").unwrap();
    let make = |key: &str| Submission {
        response: response(&f, 0, StakeholderGroup::Student, key),
        answers: vec![scale(&f, "ease.everyday_tasks", 0, Some(3))],
        access_code_id: None,
    };
    let first = actix_web::rt::spawn({
        let (writer, layout, s) = (writer.clone(), layout.clone(), make("first"));
        async move { writer.submit(layout, s).await }
    });
    actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    let second = actix_web::rt::spawn({
        let (writer, layout, s) = (writer.clone(), layout.clone(), make("second"));
        async move { writer.submit(layout, s).await }
    });
    actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        writer.submit(layout.clone(), make("third")).await,
        Err(WriteError::Busy)
    );
    diesel::connection::SimpleConnection::batch_execute(&mut *conn, "ROLLBACK").unwrap();
    assert!(matches!(first.await.unwrap(), Ok(SubmitOutcome::Stored(_))));
    assert!(matches!(
        second.await.unwrap(),
        Ok(SubmitOutcome::Stored(_))
    ));
}
