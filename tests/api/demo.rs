//! The demo district loads into an empty database and shows up on the landing page.

use crate::helpers::{spawn_app_with, Backend, TestApp};
use chorus::db::models::{districts, products, schools, users};

async fn check_demo(app: TestApp) {
    let mut conn = app.pool.get().unwrap();
    let all = districts::list(&mut conn).unwrap();
    assert_eq!(all.len(), 1);
    let district = all[0].district_id();
    let school_rows = schools::list(&mut conn, district).unwrap();
    assert_eq!(school_rows.len(), 4);
    let mut levels: Vec<&str> = school_rows.iter().map(|s| s.level.as_str()).collect();
    levels.sort();
    levels.dedup();
    assert_eq!(levels, ["elementary", "high", "middle"]);
    let product_rows = products::list(&mut conn, district).unwrap();
    assert_eq!(product_rows.len(), 6);
    for p in &product_rows {
        assert!(p.annual_cost_cents > 0 && p.licensed_seats > 0 && p.contract_end.is_some());
        assert!(
            products::features(&mut conn, district, p.product_id())
                .unwrap()
                .len()
                >= 3
        );
    }
    let mut roles: Vec<String> = users::list(&mut conn, district)
        .unwrap()
        .into_iter()
        .map(|u| u.role.to_string())
        .collect();
    roles.sort();
    assert_eq!(roles, ["district_admin", "school_coordinator", "viewer"]);

    // Every response answers something about a product: the generator draws its
    // respondents among product users (a non-user would answer only "None of these").
    use chorus::db::schema::{answers, responses};
    use diesel::dsl::{exists, not};
    use diesel::prelude::*;
    let total: i64 = responses::table.count().get_result(&mut *conn).unwrap();
    let without_answers: i64 = responses::table
        .filter(not(exists(
            answers::table
                .filter(answers::response_id.eq(responses::id))
                .filter(answers::product_id.is_not_null()),
        )))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert!(total > 1000, "{total}");
    assert_eq!(without_answers, 0, "responses without answers");

    let body = app.get("/").await.text().await.unwrap();
    assert!(body.contains("Riverside Unified School District"));
}

#[actix_web::test]
async fn demo_loads_on_sqlite() {
    if let Some(app) = spawn_app_with(Backend::Sqlite, "demo::sqlite", |s| s.load_demo = true).await
    {
        check_demo(app).await;
    }
}

#[actix_web::test]
async fn demo_loads_on_postgres() {
    if let Some(app) =
        spawn_app_with(Backend::Postgres, "demo::postgres", |s| s.load_demo = true).await
    {
        check_demo(app).await;
    }
}

#[actix_web::test]
async fn demo_is_not_loaded_twice() {
    if let Some(app) = spawn_app_with(Backend::Sqlite, "demo::twice", |s| s.load_demo = true).await
    {
        let mut conn = app.pool.get().unwrap();
        let err = chorus::demo::load(&mut conn).unwrap_err();
        assert!(err.to_string().contains("exists already"));
        assert_eq!(districts::count(&mut conn).unwrap(), 1);
    }
}
