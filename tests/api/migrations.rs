use crate::both_backends;
use crate::helpers::TestApp;
use diesel::prelude::*;

/// Every table of the data model, in both schemas.
const TABLES: [&str; 35] = [
    "districts",
    "schools",
    "users",
    "user_schools",
    "invitations",
    "api_tokens",
    "login_attempts",
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
