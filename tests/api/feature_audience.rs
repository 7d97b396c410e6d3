//! A feature is asked only of its audience; defaults come from its name; the product page,
//! the CSV import and the API refuse a bad audience on its field and write nothing.

use crate::api::token_for;
use crate::both_backends;
use crate::catalogue::signed_in_admin;
use crate::fixtures::{survey_fixture, SurveyFixture};
use crate::helpers::TestApp;
use crate::respond::{fill, link, start, Respondent};
use chorus::db::models::responses::{answers_of, page_of_responses};
use chorus::db::schema::product_features;
use chorus::domain::StakeholderGroup;
use diesel::prelude::*;

/// Makes a feature of the fixture teachers-and-coordinators only.
fn staff_only(app: &TestApp, feature: i32) {
    let mut conn = app.pool.get().unwrap();
    diesel::update(product_features::table.filter(product_features::id.eq(feature)))
        .set(product_features::audience.eq("teachers,coordinators"))
        .execute(&mut *conn)
        .unwrap();
}

/// The matrix field of `feature` of `product` on a page, if the page has it.
fn has_feature(html: &str, product: i32, feature: i32) -> bool {
    html.contains(&format!("p{product}f{feature}\""))
}

/// Walks a respondent through every page; on the page with the feature matrix of `product`,
/// first posts `extra` (a field the page does not show) and returns that post's status.
async fn walk(
    r: &Respondent,
    mut path: String,
    product: i32,
    extra: Option<String>,
) -> (Vec<String>, Option<u16>) {
    let mut pages = Vec::new();
    let mut tampered = None;
    for _ in 0..200 {
        let (status, html) = r.get(&path).await;
        assert_eq!(status, 200, "{path}: {html}");
        if html.contains("action=\"/s/submit\"") {
            pages.push(html);
            return (pages, tampered);
        }
        let mut fields = fill(&html);
        fields.push(("action".into(), "next".into()));
        if let (Some(name), None) = (&extra, tampered) {
            if html.contains(&format!("p{product}f")) {
                let mut forged = fields.clone();
                forged.push((name.clone(), "1".into()));
                tampered = Some(r.post(&path, &forged).await.0);
            }
        }
        let (status, to) = r.post(&path, &fields).await;
        assert_eq!(status, 303, "{path}: {to}");
        pages.push(html);
        path = to;
    }
    panic!("the survey never ended");
}

fn matrix_field(f: &SurveyFixture, product: usize, feature: i32) -> String {
    format!(
        "q{}p{}f{feature}",
        f.item("features.matrix").id,
        f.products[product].0
    )
}

both_backends!(
    students_are_never_asked_teacher_features,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Audience District");
        let alpha = f.products[0].0;
        let (teacher_feature, everyone_feature) = (f.features[0][0], f.features[0][1]);
        staff_only(&app, teacher_feature);
        // Beta has no feature for students at all: its matrix is skipped for them.
        for feature in &f.features[1] {
            staff_only(&app, *feature);
        }

        let student = Respondent::new(&app);
        let token = link(&app, &f, StakeholderGroup::Student);
        let first = start(&student, &token, "en").await;
        let forged = matrix_field(&f, 0, teacher_feature);
        let (pages, tampered) = walk(&student, first, alpha, Some(forged)).await;
        assert!(
            matches!(tampered, Some(400..=499)),
            "posting a feature not shown is refused: {tampered:?}"
        );
        assert!(pages
            .iter()
            .any(|p| has_feature(p, alpha, everyone_feature)));
        assert!(!pages.iter().any(|p| has_feature(p, alpha, teacher_feature)));
        let beta = f.products[1].0;
        assert!(!pages.iter().any(|p| p.contains(&format!("p{beta}f"))));
        let finish = pages.last().unwrap().clone();
        assert_eq!(crate::respond::send(&student, &finish).await.0, 303);

        let teacher = Respondent::new(&app);
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let first = start(&teacher, &token, "en").await;
        let (pages, _) = walk(&teacher, first, alpha, None).await;
        assert!(pages.iter().any(|p| has_feature(p, alpha, teacher_feature)));
        assert!(pages.iter().any(|p| p.contains(&format!("p{beta}f"))));

        let mut conn = app.pool.get().unwrap();
        let stored = page_of_responses(&mut conn, f.district, f.survey, 0, 10).unwrap();
        assert_eq!(stored.len(), 1);
        let answers = answers_of(&mut conn, f.district, &[stored[0].id]).unwrap();
        assert!(answers
            .iter()
            .any(|a| a.feature_id == Some(everyone_feature)));
        assert!(answers
            .iter()
            .all(|a| a.feature_id.is_none() || a.feature_id == Some(everyone_feature)));
    }
);

both_backends!(
    audiences_default_from_names_and_bad_ones_are_refused,
    |app: TestApp| async move {
        let f = signed_in_admin(&app, "Audience Admin").await;
        let token = token_for(&app).await;
        let product = {
            let mut conn = app.pool.get().unwrap();
            chorus::db::models::products::list(&mut conn, f.district).unwrap()[0]
                .public_id
                .clone()
        };
        let features_path = format!("/api/v1/products/{product}/features");
        let post = |body: serde_json::Value| {
            let client = app.other_client();
            let url = format!("{}{features_path}", app.address);
            let token = token.clone();
            async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let audience_of = |product: &serde_json::Value, name: &str| -> Vec<String> {
            product["features"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == name)
                .map(|f| serde_json::from_value(f["audience"].clone()).unwrap())
                .unwrap()
        };
        // Defaults from the name.
        let res = post(serde_json::json!({"name": "Teacher dashboard"})).await;
        assert_eq!(res.status(), 201);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            audience_of(&body, "Teacher dashboard"),
            ["teachers", "coordinators"]
        );
        let body: serde_json::Value = post(serde_json::json!({"name": "Family reports"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(audience_of(&body, "Family reports"), ["parents"]);
        let body: serde_json::Value = post(serde_json::json!({
            "name": "Reading log",
            "audience": ["students", "parents"],
            "translations": {"es": {"name": "Registro de lectura"}}
        }))
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(audience_of(&body, "Reading log"), ["students", "parents"]);
        let log = body["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "Reading log")
            .unwrap()
            .clone();
        assert_eq!(log["translations"]["es"]["name"], "Registro de lectura");
        let count = || {
            let mut conn = app.pool.get().unwrap();
            product_features::table
                .count()
                .get_result::<i64>(&mut *conn)
                .unwrap()
        };
        let before = count();
        // Bad audiences and languages: 422 on the field, nothing written.
        for (body, field) in [
            (
                serde_json::json!({"name": "Quiz", "audience": []}),
                "audience",
            ),
            (
                serde_json::json!({"name": "Quiz", "audience": ["pupils"]}),
                "audience",
            ),
            (
                serde_json::json!({"name": "Quiz", "translations": {"fr": {"name": "x"}}}),
                "translations",
            ),
            // No translation is said by leaving the language out, not by an empty one.
            (
                serde_json::json!({"name": "Quiz", "translations": {"es": {"name": "", "description": ""}}}),
                "name_es",
            ),
            (
                serde_json::json!({"name": "Quiz", "translations": {"es": {"name": " "}}}),
                "name_es",
            ),
        ] {
            let res = post(body).await;
            assert_eq!(res.status(), 422);
            let problem: serde_json::Value = res.json().await.unwrap();
            assert!(problem.to_string().contains(field), "{problem}");
        }
        assert_eq!(count(), before);

        // The product page: a bad box value, and every box unticked on an edit.
        let page = format!("/admin/products/{product}/features");
        let res = app
            .post_form(&page, &[("name", "Quiz"), ("audience", "pupils")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("pupils&quot; is not a group"));
        let res = app
            .post_form(
                &format!("{page}/{}", f.features[0][0]),
                &[("name", "F0"), ("audience_shown", "1")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Choose at least one group"));
        assert_eq!(count(), before);
        let res = app
            .post_form(
                &format!("{page}/{}", f.features[0][0]),
                &[
                    ("name", "F0"),
                    ("audience_shown", "1"),
                    ("audience", "teachers"),
                    ("name_es", "F cero"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let detail = app.get(&format!("/admin/products/{product}")).await;
        let html = detail.text().await.unwrap();
        assert!(
            html.contains("F cero") && html.contains(">Teachers<"),
            "{html}"
        );
        // On the page, clearing both Spanish fields removes the translation.
        let res = app
            .post_form(
                &format!("{page}/{}", f.features[0][0]),
                &[
                    ("name", "F0"),
                    ("audience_shown", "1"),
                    ("audience", "teachers"),
                    ("name_es", ""),
                    ("description_es", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let detail = app.get(&format!("/admin/products/{product}")).await;
        assert!(!detail.text().await.unwrap().contains("F cero"));

        // The CSV import: the optional column, by feature name; a bad group is a row problem.
        let header =
            "name,vendor,annual_cost,seats,contract_start,contract_end,features,feature_audiences";
        let bad = format!("{header}\nNewton,V,1,1,,,Gradebook;Labs,Labs=students+wizards\n");
        let res = app
            .post_form("/admin/products/import/commit", &[("csv", &bad)])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("wizards&quot; is not a group"));
        assert_eq!(count(), before);
        let good = format!(
            "{header}\nNewton,V,1,1,,,Gradebook;Labs;Parent portal,Labs=students+teachers\n"
        );
        let res = app
            .post_form("/admin/products/import/commit", &[("csv", &good)])
            .await;
        assert_eq!(res.status(), 303);
        let mut conn = app.pool.get().unwrap();
        let mut stored: Vec<(String, String)> = product_features::table
            .filter(product_features::name.eq_any(["Gradebook", "Labs", "Parent portal"]))
            .select((product_features::name, product_features::audience))
            .load(&mut *conn)
            .unwrap();
        stored.sort();
        assert_eq!(
            stored,
            [
                ("Gradebook".to_string(), "teachers,coordinators".to_string()),
                ("Labs".to_string(), "students,teachers".to_string()),
                ("Parent portal".to_string(), "parents".to_string()),
            ]
        );
    }
);
