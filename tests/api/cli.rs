//! The command line: migrate and create-admin, on both backends.

use crate::helpers::{Backend, TestDatabase};
use chorus::db::models::{districts, users};
use chorus::domain::Email;
use chorus::domain::Role;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(db: &TestDatabase, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .env("DATABASE_URL", db.url_text())
        .env("CHORUS_DATA_DIR", &db.data_dir)
        .env("CHORUS_NO_DEMO", "true")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn each_backend(test: impl Fn(TestDatabase)) {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        if let Some(db) = TestDatabase::create(backend, "cli") {
            test(db);
        }
    }
}

#[test]
fn migrate_applies_then_reports_up_to_date() {
    each_backend(|db| {
        let first = run(&db, &["migrate"], "");
        assert!(
            first.status.success(),
            "{}",
            String::from_utf8_lossy(&first.stderr)
        );
        assert!(String::from_utf8_lossy(&first.stdout).contains("applied migration 20261123000001"));
        let second = run(&db, &["migrate"], "");
        assert!(String::from_utf8_lossy(&second.stdout).contains("up to date"));
    });
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_hashes_it() {
    each_backend(|db| {
        let out = run(
            &db,
            &[
                "create-admin",
                "--district",
                "Lakeside Schools",
                "--email",
                "Boss@Lakeside.Example",
            ],
            "a long enough passphrase\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("Created the district \"Lakeside Schools\""),
            "{stdout}"
        );

        let mut conn = chorus::db::AnyConnection::open(&db.url).unwrap();
        let email = Email::parse("boss@lakeside.example").unwrap();
        let user = users::find_by_email(&mut conn, &email)
            .unwrap()
            .expect("admin exists");
        assert_eq!(user.role, Role::DistrictAdmin);
        let hash = user.password_hash.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(chorus::domain::password::verify(
            "a long enough passphrase",
            &hash
        ));
        let district = districts::find_by_name(&mut conn, "Lakeside Schools")
            .unwrap()
            .unwrap();
        assert_eq!(user.district_id, district.id);

        // The same e-mail again is refused, and nothing else is written.
        let again = run(
            &db,
            &[
                "create-admin",
                "--district",
                "Other District",
                "--email",
                "boss@lakeside.example",
            ],
            "another long passphrase\n",
        );
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
        assert!(districts::find_by_name(&mut conn, "Other District")
            .unwrap()
            .is_none());
    });
}

#[test]
fn create_admin_refuses_weak_passwords_and_bad_emails() {
    each_backend(|db| {
        assert!(run(&db, &["migrate"], "").status.success());
        let short = run(
            &db,
            &["create-admin", "--district", "D", "--email", "a@b.example"],
            "short\n",
        );
        assert!(!short.status.success());
        assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12"));
        let email = run(
            &db,
            &["create-admin", "--district", "D", "--email", "not-an-email"],
            "long enough password\n",
        );
        assert!(!email.status.success());
        assert!(String::from_utf8_lossy(&email.stderr).contains("--email"));
        let mut conn = chorus::db::AnyConnection::open(&db.url).unwrap();
        assert_eq!(districts::count(&mut conn).unwrap(), 0, "nothing written");
    });
}

#[test]
fn migrate_creates_a_missing_postgres_database() {
    // Borrow a TestDatabase only to learn whether PostgreSQL answers (and skip loudly if not).
    let Some(probe) = TestDatabase::create(Backend::Postgres, "cli::create_database") else {
        return;
    };
    let name = format!(
        "chorus_test_new_{}",
        chorus::domain::PublicToken::generate(8).as_str()
    );
    let url = format!("{}/{name}", crate::helpers::postgres_server());
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["migrate"])
        .env("DATABASE_URL", &url)
        .env("CHORUS_DATA_DIR", &probe.data_dir)
        .output()
        .unwrap();
    let admin_url = format!("{}/postgres", crate::helpers::postgres_server());
    let mut admin = <diesel::PgConnection as diesel::Connection>::establish(&admin_url).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let _ = diesel::RunQueryDsl::execute(
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")),
        &mut admin,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Created the database"), "{stdout}");
    assert!(stdout.contains("applied migration"), "{stdout}");
}
