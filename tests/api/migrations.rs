use crate::aggregates::{random_submission, Expected};
use crate::both_backends;
use crate::fixtures::survey_fixture;
use crate::helpers::TestApp;
use chorus::db::aggregates::snapshot::snapshot;
use chorus::db::submission::{submit_batch, SubmitOutcome};
use chorus::db::AnyConnection;
use chorus::domain::Language;
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use rand::rngs::StdRng;
use rand::SeedableRng;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Every table of the data model, in both schemas.
const TABLES: [&str; 43] = [
    "districts",
    "schools",
    "users",
    "user_schools",
    "invitations",
    "api_tokens",
    "login_attempts",
    "code_attempts",
    "audit_log",
    "products",
    "product_features",
    "product_feature_texts",
    "survey_titles",
    "district_privacy_notes",
    "product_schools",
    "constructs",
    "bank_items",
    "bank_item_wordings",
    "district_hidden_bank_items",
    "district_language_reviews",
    "surveys",
    "survey_schools",
    "survey_products",
    "survey_items",
    "survey_item_wordings",
    "distribution_links",
    "access_codes",
    "response_drafts",
    "responses",
    "packed_answers",
    "answers",
    "agg_scale",
    "agg_recommend",
    "agg_choice",
    "agg_feature",
    "agg_number",
    "agg_number_bins",
    "agg_comments",
    "agg_construct",
    "agg_construct_items",
    "agg_product_use",
    "agg_responses",
    "aggregate_rebuilds",
];

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

both_backends!(
    migrations_create_the_whole_data_model,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let sql = match app.backend {
        crate::helpers::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'"
        }
        crate::helpers::Backend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'"
        }
    };
        let mut found: Vec<String> = diesel::sql_query(sql)
            .load::<Name>(&mut *conn)
            .unwrap_or_else(|e| panic!("listing tables failed on {:?}: {e:?}", app.backend))
            .into_iter()
            .map(|n| n.name)
            .collect();
        found.sort();
        let mut expected: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        expected.sort();
        assert_eq!(found, expected);
        // Running them again applies nothing.
        assert!(chorus::db::migrations::run_pending(&mut conn)
            .unwrap()
            .is_empty());
    }
);

both_backends!(foreign_keys_are_enforced, |app: TestApp| async move {
    let mut conn = app.pool.get().unwrap();
    let result = diesel::sql_query(
        "INSERT INTO schools (district_id, name, level, created_at) VALUES (9999, 'x', 'other', '2026-01-01 00:00:00')",
    )
    .execute(&mut *conn);
    assert!(
        result.is_err(),
        "a school of a missing district must be refused"
    );
});

#[test]
fn both_backends_have_the_same_migrations() {
    let names = |backend: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(format!("migrations/{backend}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
    assert!(!names("sqlite").is_empty());
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
}

fn total(conn: &mut AnyConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Total>(conn)
        .unwrap()
        .total
}

both_backends!(
    keying_the_aggregates_by_language_rebuilds_them_from_the_answers,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Migrated District");
        let mut rng = StdRng::seed_from_u64(11);
        let batch: Vec<_> = (0..60)
            .map(|i| random_submission(&f, &mut rng, format!("m-{i}")))
            .collect();
        let mut expected = Expected::default();
        for (submission, outcome) in batch
            .iter()
            .zip(submit_batch(&mut conn, &f.layout, 0, &batch).unwrap())
        {
            assert!(matches!(outcome, SubmitOutcome::Stored(_)));
            expected.add(&f, submission);
        }
        let scale_total: i64 = expected
            .all
            .scale
            .values()
            .map(|c| c.iter().sum::<i64>())
            .sum();
        let count_scale =
            "SELECT CAST(SUM(c1 + c2 + c3 + c4 + c5 + c_na) AS BIGINT) AS total FROM agg_scale";
        let count_responses = "SELECT CAST(SUM(completed) AS BIGINT) AS total FROM agg_responses";

        // Back to the aggregates of every language (reverting the later migrations first):
        // each cell sums its languages.
        let mut reverted = Vec::new();
        while !reverted.iter().any(|v: &String| v.contains("000006")) {
            assert!(reverted.len() < 10, "000006 never reverted: {reverted:?}");
            let version = match &mut *conn {
                AnyConnection::Sqlite(c) => c.revert_last_migration(SQLITE).map(|v| v.to_string()),
                AnyConnection::Postgresql(c) => {
                    c.revert_last_migration(POSTGRES).map(|v| v.to_string())
                }
            }
            .unwrap();
            reverted.push(version);
        }
        assert_eq!(total(&mut conn, count_scale), scale_total);
        assert_eq!(total(&mut conn, count_responses), 60);

        // Forward again: the migration queues the survey and the rebuild splits it by language.
        let applied = chorus::db::migrations::run_pending(&mut conn).unwrap();
        assert_eq!(applied.len(), reverted.len());
        assert_eq!(
            total(
                &mut conn,
                "SELECT CAST(COUNT(*) AS BIGINT) AS total FROM aggregate_rebuilds"
            ),
            0,
            "nothing is left queued"
        );
        assert_eq!(
            snapshot(&mut conn, f.district, f.survey, None).unwrap(),
            expected.all
        );
        for language in Language::ALL {
            assert_eq!(
                snapshot(&mut conn, f.district, f.survey, Some(*language)).unwrap(),
                expected.language(*language),
                "{language} cells after the migration"
            );
        }
    }
);

/// Reverts migrations down to and including the one whose version contains `tag`; returns
/// how many were reverted.
fn revert_through(conn: &mut AnyConnection, tag: &str) -> usize {
    for count in 1..10 {
        let reverted = match conn {
            AnyConnection::Sqlite(c) => c.revert_last_migration(SQLITE).map(|v| v.to_string()),
            AnyConnection::Postgresql(c) => {
                c.revert_last_migration(POSTGRES).map(|v| v.to_string())
            }
        }
        .unwrap();
        if reverted.contains(tag) {
            return count;
        }
    }
    panic!("no migration {tag}");
}

#[derive(QueryableByName, Debug, PartialEq)]
struct SpanRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    grade_low: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    grade_high: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    expected_young_students: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    expected_students: i32,
}

#[derive(QueryableByName, Debug, PartialEq)]
struct OldRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    expected_students: i32,
}

both_backends!(
    grade_spans_are_derived_from_levels_and_reverted,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Span Migration District");
        let reverted = revert_through(&mut conn, "000008");
        for (name, level, students) in [
            ("E", "elementary", 400),
            ("M", "middle", 700),
            ("H", "high", 1500),
            ("O", "other", 1000),
        ] {
            diesel::sql_query(format!(
                "INSERT INTO schools (district_id, name, level, expected_students, created_at) \
                 VALUES ({}, '{name}', '{level}', {students}, '2026-01-01 00:00:00')",
                f.district.0
            ))
            .execute(&mut *conn)
            .unwrap();
        }
        let applied = chorus::db::migrations::run_pending(&mut conn).unwrap();
        assert_eq!(applied.len(), reverted);
        let rows: Vec<SpanRow> = diesel::sql_query(
            "SELECT name, grade_low, grade_high, expected_young_students, expected_students \
             FROM schools WHERE name IN ('E', 'M', 'H', 'O') ORDER BY name",
        )
        .load(&mut *conn)
        .unwrap();
        let row = |name: &str, low, high, young, students| SpanRow {
            name: name.into(),
            grade_low: low,
            grade_high: high,
            expected_young_students: young,
            expected_students: students,
        };
        assert_eq!(
            rows,
            [
                row("E", 0, 5, 400, 0),
                row("H", 9, 12, 0, 1500),
                row("M", 6, 8, 0, 700),
                row("O", 0, 12, 300, 700),
            ]
        );
        // Down again: one student headcount, both bands added.
        let again = revert_through(&mut conn, "000008");
        let old: Vec<OldRow> = diesel::sql_query(
            "SELECT name, expected_students FROM schools WHERE name IN ('E', 'O') ORDER BY name",
        )
        .load(&mut *conn)
        .unwrap();
        assert_eq!(old[0].expected_students, 400);
        assert_eq!(old[1].expected_students, 1000);
        assert_eq!(
            chorus::db::migrations::run_pending(&mut conn)
                .unwrap()
                .len(),
            again
        );
    }
);

both_backends!(
    responses_stored_before_packing_are_packed_by_the_migration,
    |app: TestApp| async move {
        use chorus::db::packed_answers::unpack_all;
        use chorus::db::schema::{answers, packed_answers};
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Packing District");
        let mut rng = StdRng::seed_from_u64(12);
        let batch: Vec<_> = (0..40)
            .map(|i| random_submission(&f, &mut rng, format!("p-{i}")))
            .collect();
        submit_batch(&mut conn, &f.layout, 0, &batch).unwrap();
        let packs = |conn: &mut AnyConnection| -> Vec<(i32, Vec<u8>)> {
            packed_answers::table
                .select((packed_answers::response_id, packed_answers::packed))
                .order(packed_answers::response_id)
                .load(conn)
                .unwrap()
        };
        let written = packs(&mut conn);
        assert_eq!(written.len(), 40);
        // What the submission packed is each response's answer rows, in order.
        for (id, packed) in &written {
            let rows: Vec<(i32, Option<i64>, Option<String>)> = answers::table
                .filter(answers::response_id.eq(id))
                .order(answers::id)
                .select((answers::survey_item_id, answers::value, answers::text_value))
                .load(&mut *conn)
                .unwrap();
            let unpacked: Vec<(i32, Option<i64>, Option<String>)> = unpack_all(packed)
                .unwrap()
                .into_iter()
                .map(|a| (a.item, a.value, a.text.map(str::to_owned)))
                .collect();
            assert!(!rows.is_empty());
            assert_eq!(unpacked, rows, "response {id}");
        }

        // Before the migration there were no packs; forward again, the rebuild packs every
        // stored response the same way the submission did, and so does a later rebuild.
        let reverted = revert_through(&mut conn, "000012");
        let applied = chorus::db::migrations::run_pending(&mut conn).unwrap();
        assert_eq!(applied.len(), reverted);
        assert_eq!(packs(&mut conn), written);
        chorus::db::aggregates::rebuild::rebuild(&mut conn, f.district, f.survey).unwrap();
        assert_eq!(packs(&mut conn), written);
    }
);
