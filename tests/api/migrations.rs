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
const TABLES: [&str; 37] = [
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
    "product_schools",
    "constructs",
    "bank_items",
    "bank_item_wordings",
    "district_hidden_bank_items",
    "surveys",
    "survey_schools",
    "survey_products",
    "survey_items",
    "survey_item_wordings",
    "distribution_links",
    "access_codes",
    "response_drafts",
    "responses",
    "answers",
    "agg_scale",
    "agg_recommend",
    "agg_choice",
    "agg_feature",
    "agg_number",
    "agg_number_bins",
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
