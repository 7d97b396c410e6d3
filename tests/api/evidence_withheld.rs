//! No verdict evidence prints a figure the view's tables withhold: over every group ×
//! respondent language × school view of every demo product, a sentence that rests on a
//! withheld row (value, use, training, support) carries no number.

use crate::fixtures::PASSWORD;
use crate::helpers::Backend;
use crate::reports::{api_token, demo, ADMIN};
use serde_json::Value;

/// Whether the row of `section` for `row` (and, for use and support, every group row) is
/// withheld in the report.
fn withheld(report: &Value, section: &str, field: &str, row: &str) -> bool {
    report[section]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter(|r| r["group"] == row)
                .any(|r| !r[field]["withheld"].is_null() || r[field]["value"].is_null())
        })
        .unwrap_or(false)
}

fn has_figure(sentence: &str) -> bool {
    sentence.chars().any(|c| c.is_ascii_digit())
}

async fn evidence_cites_only_shown_figures(backend: Backend) {
    let Some(d) = demo(backend, &format!("evidence_withheld::{backend:?}")).await else {
        return;
    };
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    let token = api_token(&d, "evidence").await;
    let groups = [
        ("", "All groups"),
        ("young_student", "Students (grades 3–5)"),
        ("student", "Students (grades 6–12)"),
        ("teacher", "Teachers"),
        ("parent", "Parents and guardians"),
        ("coordinator", "Coordinators"),
    ];
    let mut schools: Vec<String> = vec![String::new()];
    schools.extend(d.schools.iter().map(|(id, _)| id.to_string()));
    let (mut views, mut guarded) = (0, 0);
    for (_, product_public, _) in &d.products {
        for (group, row) in groups {
            for language in ["", "en", "es"] {
                for school in &schools {
                    let query: Vec<String> = [
                        ("group", group),
                        ("language", language),
                        ("school", school.as_str()),
                    ]
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                    let url = format!(
                        "{}/api/v1/surveys/{}/products/{product_public}/report?{}",
                        d.app.address,
                        d.survey,
                        query.join("&")
                    );
                    let res = d
                        .app
                        .other_client()
                        .get(&url)
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 200, "{url}");
                    let report: Value = res.json().await.unwrap();
                    views += 1;
                    for s in report["summary"]["evidence"].as_array().unwrap() {
                        let s = s.as_str().unwrap();
                        let rests_on_withheld = (s.starts_with("Value")
                            || s.contains("value questions"))
                            && report["constructs"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .filter(|r| r["construct"] == "impact" && r["group"] == row)
                                .any(|r| !r["favourable"]["withheld"].is_null())
                            || s.contains("want a lot more training")
                                && withheld(&report, "training", "wants_a_lot_more", row)
                            || s.contains("use it") && withheld(&report, "adoption", "stat", row)
                            || s.starts_with("Vendor support")
                                && withheld(&report, "support", "stat", row);
                        if rests_on_withheld {
                            guarded += 1;
                            assert!(!has_figure(s), "{url}: {s}");
                            assert!(s.contains("withheld in this view"), "{s}");
                        }
                    }
                }
            }
        }
    }
    assert!(views > 300, "views checked: {views}");
    assert!(
        guarded > 0,
        "no view had evidence on a withheld row ({views} views)"
    );
    println!("evidence_withheld: {views} views, {guarded} sentences without withheld figures");
}

#[actix_web::test]
async fn evidence_cites_only_shown_figures_on_sqlite() {
    evidence_cites_only_shown_figures(Backend::Sqlite).await;
}

#[actix_web::test]
async fn evidence_cites_only_shown_figures_on_postgres() {
    evidence_cites_only_shown_figures(Backend::Postgres).await;
}
