//! Crash safety: the real binary is killed with SIGKILL in the middle of a load run; after a
//! restart every acknowledged submission is there with all its answers, nothing is
//! half-written, and the aggregates equal the rebuild. On SQLite and on PostgreSQL.

use crate::fixtures::{survey_fixture, SurveyFixture};
use crate::helpers::{Backend, TestDatabase};
use chorus::db::aggregates::{rebuild::rebuild, snapshot::snapshot};
use chorus::db::models::responses::count_for_survey;
use chorus::db::schema::{answers, packed_answers, responses, surveys};
use chorus::db::AnyConnection;
use diesel::prelude::*;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A migrated database with the fixture survey; returns the fixture and its public id.
pub fn prepared(db: &TestDatabase, name: &str) -> (SurveyFixture, String) {
    std::fs::create_dir_all(&db.data_dir).unwrap();
    // Writes DATA_DIR/secret.key now, so processes started together find it made.
    db.settings();
    let mut conn = AnyConnection::open(&db.url).unwrap();
    chorus::db::migrations::run_pending(&mut conn).unwrap();
    let f = survey_fixture(&mut conn, name);
    let public_id: String = surveys::table
        .find(f.survey.0)
        .select(surveys::public_id)
        .first(&mut conn)
        .unwrap();
    (f, public_id)
}

/// Starts `chorus simulate` in clients mode against the test database.
pub fn simulate(db: &TestDatabase, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
        .arg("simulate")
        .args(args)
        .env("DATABASE_URL", db.url_text())
        .env("CHORUS_DATA_DIR", &db.data_dir)
        .env("CHORUS_NO_DEMO", "true")
        .env("CHORUS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Checks that nothing is half-written and the aggregates equal the rebuild; returns the
/// number of responses.
pub fn assert_consistent(conn: &mut AnyConnection, f: &SurveyFixture) -> i64 {
    let orphans: i64 = answers::table
        .filter(answers::response_id.ne_all(responses::table.select(responses::id)))
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(orphans, 0, "no answers without their response");
    let unpacked: i64 = responses::table
        .left_join(packed_answers::table)
        .filter(packed_answers::response_id.nullable().is_null())
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(unpacked, 0, "no response without its packed answers");
    let count = count_for_survey(conn, f.district, f.survey).unwrap();
    let incremental = snapshot(conn, f.district, f.survey, None).unwrap();
    assert_eq!(
        incremental.responses.values().sum::<i64>(),
        count,
        "every stored response is counted once in the aggregates"
    );
    assert_eq!(rebuild(conn, f.district, f.survey).unwrap() as i64, count);
    assert_eq!(
        snapshot(conn, f.district, f.survey, None).unwrap(),
        incremental,
        "aggregates equal the rebuild from the raw answers"
    );
    count
}

fn killed_mid_load(backend: Backend) {
    let Some(db) = TestDatabase::create(backend, "durability") else {
        return;
    };
    let (f, public_id) = prepared(&db, "Crash District");
    let acks = db.data_dir.join("acks.txt");
    let ack_arg = acks.to_string_lossy().into_owned();
    let mut child = simulate(
        &db,
        &[
            "--survey",
            &public_id,
            "--responses",
            "1000000",
            "--concurrency",
            "32",
            "--ack-log",
            &ack_arg,
        ],
    );
    let started = Instant::now();
    loop {
        let lines = std::fs::read_to_string(&acks)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if lines >= 400 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "simulate ended early ({status}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no load after 120 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush, mid-transaction
    child.wait().unwrap();

    // Restart: the database opens (recovering its log) and takes submissions again.
    let restarted = simulate(
        &db,
        &[
            "--survey",
            &public_id,
            "--responses",
            "40",
            "--concurrency",
            "4",
            "--seed",
            "2",
        ],
    )
    .wait_with_output()
    .unwrap();
    assert!(
        restarted.status.success(),
        "{}",
        String::from_utf8_lossy(&restarted.stderr)
    );

    let mut conn = AnyConnection::open(&db.url).unwrap();
    let acknowledged: HashMap<String, i64> = std::fs::read_to_string(&acks)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let (key, n) = line.split_once(' ')?;
            Some((key.to_string(), n.parse().ok()?))
        })
        .collect();
    assert!(acknowledged.len() >= 400);
    let stored: HashMap<String, i64> = responses::table
        .left_join(answers::table)
        .group_by(responses::submission_key)
        .select((
            responses::submission_key,
            diesel::dsl::count(answers::id.nullable()),
        ))
        .load::<(String, i64)>(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    for (key, n) in &acknowledged {
        assert_eq!(
            stored.get(key),
            Some(n),
            "acknowledged submission {key} is stored with its {n} answers"
        );
    }
    let count = assert_consistent(&mut conn, &f);
    assert!(count >= acknowledged.len() as i64 + 40);
}

#[test]
fn acknowledged_submissions_survive_sigkill_on_sqlite() {
    killed_mid_load(Backend::Sqlite);
}

#[test]
fn acknowledged_submissions_survive_sigkill_on_postgres() {
    killed_mid_load(Backend::Postgres);
}
