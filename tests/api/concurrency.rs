//! Two Chorus instances on one database take submissions at once: no increment is lost
//! (aggregates equal the rebuild) and a single-use access code is used at most once.

use crate::aggregates::{random_submission, response, scale};
use crate::durability::{assert_consistent, prepared, simulate};
use crate::helpers::{Backend, TestDatabase};
use chorus::db::models::distribution::insert_codes;
use chorus::db::schema::access_codes;
use chorus::db::submission::{Submission, SubmitOutcome};
use chorus::db::writer::{Writer, WriterConfig};
use chorus::domain::StakeholderGroup;
use diesel::prelude::*;
use futures_util::future::join_all;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::sync::Arc;

/// Two `chorus simulate` processes (two instances, each with its own pool and writer) load
/// the same survey at once.
fn two_processes(backend: Backend) {
    let Some(db) = TestDatabase::create(backend, "concurrency::processes") else {
        return;
    };
    let (f, public_id) = prepared(&db, "Two Instances District");
    let run = |seed: &str| {
        simulate(
            &db,
            &[
                "--survey",
                &public_id,
                "--responses",
                "600",
                "--concurrency",
                "16",
                "--seed",
                seed,
            ],
        )
    };
    let (a, b) = (run("1"), run("2"));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("stored 600 responses"));
    }
    let mut conn = chorus::db::AnyConnection::open(&db.url).unwrap();
    assert_eq!(assert_consistent(&mut conn, &f), 1200);
}

#[test]
fn two_instances_lose_no_increment_on_postgres() {
    two_processes(Backend::Postgres);
}

#[test]
fn two_instances_lose_no_increment_on_sqlite() {
    two_processes(Backend::Sqlite);
}

/// Two writers on two pools (two instances) race for the same codes: each code unlocks one
/// response, the other claimant is told the code is used.
async fn codes_race(backend: Backend) {
    let Some(db) = TestDatabase::create(backend, "concurrency::codes") else {
        return;
    };
    let (f, _) = prepared(&db, "Code Race District");
    let pool_a = chorus::db::build_pool(&db.url, 2).unwrap();
    let pool_b = chorus::db::build_pool(&db.url, 2).unwrap();
    let mut conn = pool_a.get().unwrap();
    let hashes: Vec<String> = (0..40).map(|i| format!("code-{i}")).collect();
    insert_codes(
        &mut conn,
        f.district,
        f.survey,
        (f.schools[0], StakeholderGroup::Teacher),
        "race",
        &hashes,
    )
    .unwrap();
    let codes: Vec<i32> = access_codes::table
        .select(access_codes::id)
        .load(&mut conn)
        .unwrap();
    let config = |shard| WriterConfig {
        shard,
        ..WriterConfig::default()
    };
    let writer_a = Writer::start(pool_a.clone(), config(0)).unwrap();
    let writer_b = Writer::start(pool_b.clone(), config(1)).unwrap();
    let layout = Arc::new(f.layout.clone());
    let mut rng = StdRng::seed_from_u64(5);
    let mut jobs = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        for (side, writer) in [("a", &writer_a), ("b", &writer_b)] {
            let claim = Submission {
                response: response(&f, 0, StakeholderGroup::Teacher, &format!("{side}-{i}")),
                answers: vec![scale(&f, "ease.everyday_tasks", 0, Some(4))],
                access_code_id: Some(*code),
            };
            jobs.push(writer.submit(layout.clone(), claim));
        }
        // Ordinary submissions beside the claims, on both instances.
        for (side, writer) in [("a", &writer_a), ("b", &writer_b)] {
            let plain = random_submission(&f, &mut rng, format!("plain-{side}-{i}"));
            jobs.push(writer.submit(layout.clone(), plain));
        }
    }
    let outcomes = join_all(jobs).await;
    let claims: Vec<&SubmitOutcome> = outcomes
        .chunks(4)
        .flat_map(|c| [c[0].as_ref().unwrap(), c[1].as_ref().unwrap()])
        .collect();
    for pair in claims.chunks(2) {
        let stored = pair
            .iter()
            .filter(|o| matches!(o, SubmitOutcome::Stored(_)))
            .count();
        assert_eq!(stored, 1, "one of two claims of a code wins: {pair:?}");
        assert!(pair.contains(&&SubmitOutcome::CodeUsed));
    }
    let used: i64 = access_codes::table
        .filter(access_codes::used.eq(true))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(used, 40);
    assert_eq!(assert_consistent(&mut conn, &f), 40 + 80);
}

#[actix_web::test]
async fn a_code_raced_by_two_instances_is_used_once_on_postgres() {
    codes_race(Backend::Postgres).await;
}

#[actix_web::test]
async fn a_code_raced_by_two_instances_is_used_once_on_sqlite() {
    codes_race(Backend::Sqlite).await;
}
