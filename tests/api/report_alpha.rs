//! Cronbach's alpha only where it means something: a construct row of fewer than 30 complete
//! respondents says "too few to judge reliability" in the JSON, the page and the CSV, and no
//! format prints a number for it.

use crate::fixtures::PASSWORD;
use crate::helpers::Backend;
use crate::reports::{api_token, demo, ADMIN};

async fn alpha_needs_thirty(backend: Backend) {
    let Some(d) = demo(backend, &format!("report_alpha::{backend:?}")).await else {
        return;
    };
    // The demo's 8 coordinators: shown once the staff minimum is 3, and fewer than 30.
    {
        use chorus::db::schema::districts::dsl;
        use diesel::{ExpressionMethods, RunQueryDsl};
        let mut conn = d.app.pool.get().unwrap();
        diesel::update(dsl::districts)
            .set(dsl::min_n_staff.eq(3))
            .execute(&mut *conn)
            .unwrap();
    }
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    let token = api_token(&d, "alpha").await;
    let json: serde_json::Value = d
        .app
        .other_client()
        .get(format!(
            "{}/api/v1/surveys/{}/products/{}/report",
            d.app.address,
            d.survey,
            d.product("ClassHub LMS")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = json["constructs"].as_array().unwrap();
    let too_few: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["alpha_text"] == "too few to judge reliability (fewer than 30)")
        .collect();
    assert!(!too_few.is_empty(), "the coordinators' rows: {rows:#?}");
    for r in &too_few {
        assert!(r["alpha"].is_null());
        assert!(r["group"] == "Coordinators", "{r}");
    }
    for r in rows.iter().filter(|r| !r["alpha"].is_null()) {
        assert!(
            r["mean"]["n"].as_u64().unwrap_or(0) >= 30,
            "alpha shown on fewer than 30: {r}"
        );
    }
    let page = d.text(&d.url("ClassHub LMS", "")).await;
    assert!(page.contains("too few to judge reliability"));
    let csv = d.text(&d.url("ClassHub LMS", "/report.csv")).await;
    assert!(csv.contains("too few to judge reliability"));
}

#[actix_web::test]
async fn alpha_needs_thirty_on_sqlite() {
    alpha_needs_thirty(Backend::Sqlite).await;
}

#[actix_web::test]
async fn alpha_needs_thirty_on_postgres() {
    alpha_needs_thirty(Backend::Postgres).await;
}
