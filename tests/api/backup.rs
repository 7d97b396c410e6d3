//! `chorus backup` copies a live SQLite database while submissions are being written, and
//! `chorus restore` puts the copy back: it is consistent (whole submissions, aggregates equal
//! the rebuild). PostgreSQL is refused with the pg_dump route.

use crate::durability::{assert_consistent, prepared, simulate};
use crate::helpers::{Backend, TestDatabase};
use chorus::db::models::responses::count_for_survey;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn chorus(db: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .env("DATABASE_URL", db.url_text())
        .env("CHORUS_DATA_DIR", &db.data_dir)
        .env("CHORUS_NO_DEMO", "true")
        .output()
        .unwrap()
}

#[test]
fn a_backup_taken_under_load_restores_consistent() {
    let Some(db) = TestDatabase::create(Backend::Sqlite, "backup::under_load") else {
        return;
    };
    let (f, public_id) = prepared(&db, "Backup District");
    let mut load = simulate(
        &db,
        &[
            "--survey",
            &public_id,
            "--responses",
            "1000000",
            "--concurrency",
            "16",
        ],
    );
    let mut conn = chorus::db::AnyConnection::open(&db.url).unwrap();
    let started = Instant::now();
    while count_for_survey(&mut conn, f.district, f.survey).unwrap() < 200 {
        assert!(started.elapsed() < Duration::from_secs(120), "no load");
        std::thread::sleep(Duration::from_millis(20));
    }
    let file = db.data_dir.join("copy.sqlite3");
    let file_arg = file.to_string_lossy().into_owned();
    let backed_up = chorus(&db, &["backup", &file_arg]);
    assert!(
        backed_up.status.success(),
        "{}",
        String::from_utf8_lossy(&backed_up.stderr)
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        load.try_wait().unwrap().is_none(),
        "the load was still running after the backup"
    );
    load.kill().unwrap();
    load.wait().unwrap();
    let live_count = count_for_survey(&mut conn, f.district, f.survey).unwrap();
    drop(conn);

    let again = chorus(&db, &["backup", &file_arg]);
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // Restore over the live database (the service stopped).
    let restored = chorus(&db, &["restore", &file_arg]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let mut conn = chorus::db::AnyConnection::open(&db.url).unwrap();
    let count = assert_consistent(&mut conn, &f);
    assert!(
        (200..live_count).contains(&count),
        "the restored copy holds the {count} responses of the backup's moment, not the {live_count} written after"
    );
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup() {
    let Some(db) = TestDatabase::create(Backend::Sqlite, "backup::refuse") else {
        return;
    };
    prepared(&db, "Refusing District");
    let junk = db.data_dir.join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, just some bytes").unwrap();
    let out = chorus(&db, &["restore", &junk.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Chorus backup"));
}

#[test]
fn backup_of_postgres_points_to_pg_dump() {
    let Some(db) = TestDatabase::create(Backend::Postgres, "backup::postgres") else {
        return;
    };
    std::fs::create_dir_all(&db.data_dir).unwrap();
    let file = db.data_dir.join("copy.sqlite3");
    let out = chorus(&db, &["backup", &file.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
}
