//! Shared set-up of the benchmarks: databases under `target/tmp/chorus-bench/` (never in the
//! repository), seeded once through `chorus simulate`'s seed path and reused by later runs.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, dead_code)]

use chorus::db::models::responses::count_for_survey;
use chorus::db::schema::surveys;
use chorus::db::AnyConnection;
use chorus::db::DatabaseUrl;
use chorus::loadgen::simulate::Plan;
use diesel::prelude::*;
use std::path::PathBuf;

/// Where bench databases live (cargo's per-target scratch folder).
pub fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("chorus-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The PostgreSQL server (no database part): CHORUS_BENCH_POSTGRES_URL or the local one.
fn postgres_server() -> String {
    std::env::var("CHORUS_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

/// The databases named `name` on each backend that is available: ("sqlite" | "postgres", URL).
/// With `fresh`, they are emptied first.
pub fn databases(name: &str, fresh: bool) -> Vec<(&'static str, DatabaseUrl)> {
    let file = bench_dir().join(format!("{name}.sqlite3"));
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    let mut out = vec![("sqlite", DatabaseUrl::Sqlite(file))];
    let db_name = format!("chorus_bench_{name}");
    if let Ok(mut admin) = diesel::PgConnection::establish(&format!(
        "{}/postgres?connect_timeout=3",
        postgres_server()
    )) {
        if fresh {
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {db_name} WITH (FORCE)"))
                .execute(&mut admin)
                .unwrap();
        }
        let _ = diesel::sql_query(format!("CREATE DATABASE {db_name}")).execute(&mut admin);
        out.push((
            "postgres",
            DatabaseUrl::Postgres(format!("{}/{db_name}", postgres_server())),
        ));
    } else {
        eprintln!(
            "PostgreSQL does not answer at {}: SQLite only",
            postgres_server()
        );
    }
    out
}

/// Opens the database, loads the demo district when it is empty, and tops the demo survey
/// up to `responses` responses; returns the connection and the survey's plan.
pub fn seeded(url: &DatabaseUrl, responses: i64) -> (AnyConnection, Plan) {
    let mut conn = AnyConnection::open(url).unwrap();
    chorus::db::migrations::run_pending(&mut conn).unwrap();
    if surveys::table.count().get_result::<i64>(&mut conn).unwrap() == 0 {
        chorus::demo::load(&mut conn).unwrap();
    }
    let public_id: String = surveys::table
        .select(surveys::public_id)
        .limit(1)
        .get_result(&mut conn)
        .unwrap();
    let plan = Plan::load(&mut conn, &public_id).unwrap();
    let have = count_for_survey(&mut conn, plan.layout.district, plan.layout.survey_id).unwrap();
    if have < responses {
        let started = std::time::Instant::now();
        let report = chorus::loadgen::simulate::seed(
            &mut conn,
            &plan,
            usize::try_from(responses - have).unwrap(),
            5_000,
            have as u64,
        )
        .unwrap();
        eprintln!(
            "seeded {} responses in {:.1} s",
            report.stored,
            started.elapsed().as_secs_f64()
        );
    }
    // The planner's statistics, as autovacuum (PostgreSQL) would have them after a load of
    // this size: without them PostgreSQL takes a survey for one row and joins in a loop.
    diesel::sql_query("ANALYZE").execute(&mut conn).unwrap();
    (conn, plan)
}
