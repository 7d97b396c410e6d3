//! Benchmarks: a product's standing among the survey's products, with a product whose
//! figure is withheld neither ranked nor counted.

use crate::fixtures::PASSWORD;
use crate::helpers::Backend;
use crate::reports::{demo, Demo, ADMIN};
use chorus::db::aggregates::rebuild::rebuild;
use chorus::db::models::{districts, surveys};
use chorus::db::schema::answers;
use diesel::prelude::*;

const WITHHELD: &str = "LabSim";

/// Keeps only three respondents' ease-of-use answers about `WITHHELD`, and re-folds the
/// aggregates, so its district-wide ease-of-use figure falls below every minimum.
fn shrink(d: &Demo) {
    let mut conn = d.app.pool.get().unwrap();
    let district = districts::list(&mut conn).unwrap()[0].district_id();
    let items: Vec<i32> = surveys::items(&mut conn, district, d.survey_id)
        .unwrap()
        .into_iter()
        .filter(|i| i.construct_key == "ease_of_use")
        .map(|i| i.id)
        .collect();
    let product = d.product_row_id(WITHHELD);
    let mut keep: Vec<i32> = answers::table
        .filter(answers::survey_item_id.eq_any(&items))
        .filter(answers::product_id.eq(product))
        .select(answers::response_id)
        .distinct()
        .load(&mut *conn)
        .unwrap();
    keep.sort();
    keep.truncate(3);
    diesel::delete(
        answers::table
            .filter(answers::survey_item_id.eq_any(&items))
            .filter(answers::product_id.eq(product))
            .filter(answers::response_id.ne_all(&keep)),
    )
    .execute(&mut *conn)
    .unwrap();
    rebuild(&mut conn, district, d.survey_id).unwrap();
}

async fn json(d: &Demo, token: &str, product: &str) -> serde_json::Value {
    d.app
        .other_client()
        .get(format!(
            "{}/api/v1/surveys/{}/products/{}/report",
            d.app.address,
            d.survey,
            d.product(product)
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn standing_ranks_shown_products_only(backend: Backend) {
    let Some(d) = demo(backend, &format!("report_benchmarks::{backend:?}")).await else {
        return;
    };
    shrink(&d);
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    let token = crate::report_comments::api_token(&d).await;
    // Each product's district-wide ease-of-use figure, all groups, as its own report shows it.
    let mut shown: Vec<(String, f64)> = Vec::new();
    let mut reports = Vec::new();
    for (name, ..) in &d.products {
        let report = json(&d, &token, name).await;
        let Some(row) = report["constructs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["construct"] == "ease_of_use" && r["group"] == "All groups")
        else {
            continue;
        };
        if row["favourable"]["withheld"].is_null() {
            shown.push((name.clone(), row["favourable"]["value"].as_f64().unwrap()));
        } else {
            assert_eq!(name, WITHHELD);
        }
        reports.push((name.clone(), report));
    }
    assert!(shown.len() >= 3, "{shown:?}");
    assert!(
        shown.iter().all(|(n, _)| n != WITHHELD),
        "the shrunk product is withheld"
    );
    for (name, report) in &reports {
        let standing = report["standings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["construct"] == "ease_of_use")
            .cloned();
        if name == WITHHELD {
            assert!(standing.is_none(), "a withheld product has no standing");
            continue;
        }
        let own = shown.iter().find(|(n, _)| n == name).unwrap().1;
        let rank = 1 + shown.iter().filter(|(_, p)| *p > own).count();
        let standing = standing.unwrap();
        assert_eq!(standing["rank"].as_u64(), Some(rank as u64), "{name}");
        assert_eq!(standing["of"].as_u64(), Some(shown.len() as u64), "{name}");
    }
    let (best, _) = shown
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
        .clone();
    let page = d.text(&d.url(&best, "")).await;
    assert!(page.contains(&format!(
        "<li>1st of {} products on Ease of use</li>",
        shown.len()
    )));
    let csv = d.text(&d.url(&best, "/report.csv")).await;
    assert!(csv.contains(&format!(
        "benchmarks,,,ease_of_use,,,standing,1.000000,,,{},1st of {} products on Ease of use,",
        shown.len(),
        shown.len()
    )));
}

#[actix_web::test]
async fn standing_ranks_shown_products_only_on_sqlite() {
    standing_ranks_shown_products_only(Backend::Sqlite).await;
}

#[actix_web::test]
async fn standing_ranks_shown_products_only_on_postgres() {
    standing_ranks_shown_products_only(Backend::Postgres).await;
}
