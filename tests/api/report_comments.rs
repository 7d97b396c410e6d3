//! The comments section of a product report: only cells where enough respondents commented,
//! each labelled with the narrowest passing cell, a search that cannot reach a withheld cell,
//! escaping, and coordinator scoping, on the page, print page, PDF and JSON.

use crate::fixtures::PASSWORD;
use crate::helpers::Backend;
use crate::reports::{demo, Demo, ADMIN, COORDINATOR};
use chorus::db::models::{districts, surveys};
use chorus::db::schema::{answers, responses};
use diesel::prelude::*;

const PRODUCT: &str = "LabSim";

/// Replaces the product's comments with `n` comments `"{word}-{k}"` per (school, group).
fn plant(d: &Demo, cells: &[(usize, &str, usize, &str)]) {
    let mut conn = d.app.pool.get().unwrap();
    let district = districts::list(&mut conn).unwrap()[0].district_id();
    {
        use chorus::db::schema::districts::dsl;
        diesel::update(dsl::districts)
            .set(dsl::min_n_comments.eq(5))
            .execute(&mut *conn)
            .unwrap();
    }
    let item = surveys::items(&mut conn, district, d.survey_id)
        .unwrap()
        .into_iter()
        .find(|i| i.item_key == "comments.open")
        .unwrap();
    let product = d.product_row_id(PRODUCT);
    diesel::delete(
        answers::table
            .filter(answers::survey_item_id.eq(item.id))
            .filter(answers::product_id.eq(product)),
    )
    .execute(&mut *conn)
    .unwrap();
    for &(school, group, n, word) in cells {
        let ids: Vec<i32> = responses::table
            .filter(responses::survey_id.eq(d.survey_id.0))
            .filter(responses::school_id.eq(d.schools[school].0))
            .filter(responses::stakeholder_group.eq(group))
            .order(responses::id)
            .select(responses::id)
            .limit(n as i64)
            .load(&mut *conn)
            .unwrap();
        assert_eq!(ids.len(), n, "school {school} has {n} {group} responses");
        for (k, id) in ids.into_iter().enumerate() {
            diesel::insert_into(answers::table)
                .values((
                    answers::district_id.eq(district.0),
                    answers::response_id.eq(id),
                    answers::survey_item_id.eq(item.id),
                    answers::product_id.eq(product),
                    answers::not_applicable.eq(false),
                    answers::wants_training.eq(false),
                    answers::text_value.eq(format!("{word}-{k}")),
                ))
                .execute(&mut *conn)
                .unwrap();
        }
    }
    // The answers changed under the service: rebuild what is derived from them (the
    // commenter counts and packed answers the raw export reads), as `chorus reaggregate` does.
    chorus::db::aggregates::rebuild::rebuild(&mut conn, district, d.survey_id).unwrap();
}

pub async fn api_token(d: &Demo) -> String {
    let html = d
        .app
        .post_form("/admin/tokens", &[("name", "comments")])
        .await
        .text()
        .await
        .unwrap();
    let marker = "id=\"token\" type=\"text\" readonly value=\"";
    html[html.find(marker).unwrap() + marker.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

async fn comments_are_suppressed_searchable_and_scoped(backend: Backend) {
    let Some(d) = demo(backend, &format!("report_comments::{backend:?}")).await else {
        return;
    };
    // School 0 teachers pass on their own; school 1 and 2 parents pass only pooled; school 1's
    // two teachers fail at every level (their leftovers pool with nothing).
    plant(
        &d,
        &[
            (0, "teacher", 4, "ash-visible"),
            (1, "teacher", 2, "birch-secret"),
            (1, "parent", 3, "pooled-parent"),
            (2, "parent", 3, "pooled-parent-c"),
        ],
    );
    {
        // A fifth teacher comment at school 0, with markup that must be escaped.
        let mut conn = d.app.pool.get().unwrap();
        let district = districts::list(&mut conn).unwrap()[0].district_id();
        let item = surveys::items(&mut conn, district, d.survey_id)
            .unwrap()
            .into_iter()
            .find(|i| i.item_key == "comments.open")
            .unwrap();
        let id: i32 = responses::table
            .filter(responses::survey_id.eq(d.survey_id.0))
            .filter(responses::school_id.eq(d.schools[0].0))
            .filter(responses::stakeholder_group.eq("teacher"))
            .order(responses::id.desc())
            .select(responses::id)
            .first(&mut *conn)
            .unwrap();
        diesel::insert_into(answers::table)
            .values((
                answers::district_id.eq(district.0),
                answers::response_id.eq(id),
                answers::survey_item_id.eq(item.id),
                answers::product_id.eq(d.product_row_id(PRODUCT)),
                answers::not_applicable.eq(false),
                answers::wants_training.eq(false),
                answers::text_value.eq("<b>ash-bold</b> & more"),
            ))
            .execute(&mut *conn)
            .unwrap();
        chorus::db::aggregates::rebuild::rebuild(&mut conn, district, d.survey_id).unwrap();
    }
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    // The report page reads aggregates only: the comments are a link away.
    let report = d.text(&d.url(PRODUCT, "")).await;
    assert!(
        !report.contains("ash-visible")
            && report.contains("/comments\">Read and search the comments")
    );
    let page = d.text(&d.url(PRODUCT, "/comments")).await;
    let ash = &d.schools[0].1;
    assert!(page.contains(&format!(
        "<li><p>ash-visible-0</p><p class=\"muted\">— {ash}, {}</p></li>",
        chorus::domain::StakeholderGroup::Teacher.label()
    )));
    let parents = chorus::domain::StakeholderGroup::Parent.label();
    assert!(page.contains(&format!(
        "<li><p>pooled-parent-0</p><p class=\"muted\">— {parents}</p></li>"
    )));
    assert!(
        page.contains("&lt;b&gt;ash-bold&lt;/b&gt; &amp; more") && !page.contains("<b>ash-bold")
    );
    assert!(
        !page.contains("birch-secret"),
        "a failing cell shows nothing"
    );
    assert!(page.contains("Showing 1–11 of 11 comments."));

    // The search looks only among shown comments.
    let found = d.text(&d.url(PRODUCT, "/comments?q=BIRCH-SECRET")).await;
    assert!(!found.contains("<li><p>birch-secret") && found.contains("No comments matching"));
    let found = d.text(&d.url(PRODUCT, "/comments?q=Ash-Visible")).await;
    assert!(found.contains("Showing 1–4 of 4 comments matching “Ash-Visible”."));
    assert_eq!(
        d.app
            .get(&d.url(PRODUCT, &format!("/comments?q={}", "x".repeat(101))))
            .await
            .status(),
        422
    );
    // A school filter shows only comments labelled with that school.
    let birch = d
        .text(&d.url(PRODUCT, &format!("/comments?school={}", d.schools[1].0)))
        .await;
    assert!(!birch.contains("pooled-parent") && !birch.contains("birch-secret"));

    // The raw responses carry school and group, so only the passing school × group cell's
    // words (the report shows the pooled parents' words without a school, and those rows
    // carry their group).
    let raw = d
        .text(&format!("/reports/{}/responses.csv", d.survey))
        .await;
    assert!(raw.contains("ash-visible-0") && raw.contains(",withheld"));
    assert!(!raw.contains("birch-secret") && !raw.contains("pooled-parent"));

    // Print page and PDF carry the same comments; JSON the same counts.
    let print = d.text(&d.url(PRODUCT, "/print?q=ash")).await;
    assert!(print.contains("<li><p>ash-visible-3</p>") && !print.contains("pooled-parent"));
    let pdf = d
        .app
        .get(&d.url(PRODUCT, "/report.pdf"))
        .await
        .bytes()
        .await
        .unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(pdf.contains("ash-visible-1") && !pdf.contains("birch-secret"));
    let token = api_token(&d).await;
    let json: serde_json::Value = d
        .app
        .other_client()
        .get(format!(
            "{}/api/v1/surveys/{}/products/{}/report?comments=true&q=birch",
            d.app.address,
            d.survey,
            d.product(PRODUCT)
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let c = &json["comments"];
    assert_eq!(
        (c["available"].as_u64(), c["matching"].as_u64()),
        (Some(11), Some(0))
    );
    assert_eq!(c["minimum"], 5);
    // Without comments=true the JSON reads aggregates only; a bad value is refused.
    let url = format!(
        "{}/api/v1/surveys/{}/products/{}/report",
        d.app.address,
        d.survey,
        d.product(PRODUCT)
    );
    let client = d.app.other_client();
    let plain: serde_json::Value = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(plain["comments"].is_null() && plain["constructs"].is_array());
    let bad = client
        .get(format!("{url}?comments=maybe"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);

    // A coordinator of school 0 sees that school's comments only; the other schools' parents
    // do not pool into their view.
    d.app.post_form("/signout", &[]).await;
    d.app.sign_in_ok(COORDINATOR, PASSWORD).await;
    let page = d.text(&d.url(PRODUCT, "/comments")).await;
    assert!(page.contains("<li><p>ash-visible-0</p>"));
    assert!(!page.contains("pooled-parent") && !page.contains("birch-secret"));
    assert!(page.contains("Showing 1–5 of 5 comments."));
    let found = d.text(&d.url(PRODUCT, "/comments?q=pooled")).await;
    assert!(found.contains("No comments matching"));
}

#[actix_web::test]
async fn comments_are_suppressed_searchable_and_scoped_on_sqlite() {
    comments_are_suppressed_searchable_and_scoped(Backend::Sqlite).await;
}

#[actix_web::test]
async fn comments_are_suppressed_searchable_and_scoped_on_postgres() {
    comments_are_suppressed_searchable_and_scoped(Backend::Postgres).await;
}
