//! Grade spans and per-group headcounts in the catalogue: parse errors and a headcount for a
//! group a school does not have, refused on their fields by the API, the form and the CSV
//! import, with nothing half-written. Proposals and rates are in `headcount_rates.rs`.

use crate::authoring::location;
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::schema::schools;
use chorus::db::AnyConnection;
use chorus::domain::Role;
use diesel::prelude::*;
use serde_json::{json, Value};

pub const FLAG: &str = "more responses than expected: check the headcount";

/// Gives a fixture school a grade span and headcounts (young, students, teachers, parents).
pub fn set_school(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    i: usize,
    (low, high): (i32, i32),
    [young, students, teachers, parents]: [i32; 4],
) {
    diesel::update(schools::table.filter(schools::id.eq(f.schools[i].0)))
        .set((
            schools::level.eq("other"),
            schools::grade_low.eq(low),
            schools::grade_high.eq(high),
            schools::expected_young_students.eq(young),
            schools::expected_students.eq(students),
            schools::expected_teachers.eq(teachers),
            schools::expected_parents.eq(parents),
        ))
        .execute(conn)
        .unwrap();
}

pub async fn admin_token(app: &TestApp, f: &SurveyFixture, email: &str) -> String {
    let admin = {
        let mut conn = app.pool.get().unwrap();
        staff(&mut conn, f.district, email, Role::DistrictAdmin, &[])
    };
    app.sign_in_ok(&admin, PASSWORD).await;
    let html = app
        .post_form("/admin/tokens", &[("name", "headcounts")])
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

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    app.other_client()
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn school_count(app: &TestApp, f: &SurveyFixture) -> i64 {
    let mut conn = app.pool.get().unwrap();
    schools::table
        .filter(schools::district_id.eq(f.district.0))
        .count()
        .get_result(&mut *conn)
        .unwrap()
}

/// The field errors of a 422 problem, as (field, message).
async fn field_errors(res: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

both_backends!(
    grade_spans_and_headcounts_are_checked_per_field,
    |app: TestApp| async move {
        let f = {
            let mut conn = app.pool.get().unwrap();
            survey_fixture(&mut conn, "Span District")
        };
        let token = admin_token(&app, &f, "admin@span.example").await;
        let before = school_count(&app, &f);
        let school = |span: &str, young: u32, students: u32| {
            json!({
                "name": "Alder Creek", "level": "elementary", "grade_span": span,
                "expected": {"young_students": young, "students": students, "teachers": 28, "parents": 380, "coordinators": 2}
            })
        };
        let post = |body: Value| send(&app, reqwest::Method::POST, "/api/v1/schools", &token, body);

        // Grade span parse errors, each on the grade_span field.
        for (span, words) in [
            ("9-5", "write the lowest grade first, e.g. 5–9"),
            ("K-13", "Grade 13 is not a school grade"),
            ("", "Enter the grade span"),
            ("PK-5", "is not a grade: write K or a number from 1 to 12"),
            ("6-8-10", "is not a grade span"),
        ] {
            let errors = field_errors(post(school(span, 0, 0)).await).await;
            assert_eq!(errors.len(), 1, "{span}: {errors:?}");
            assert_eq!(errors[0].0, "grade_span", "{span}");
            assert!(errors[0].1.contains(words), "{span}: {}", errors[0].1);
        }
        // A body without a grade span is refused on the body, naming the field.
        let errors = field_errors(post(json!({"name": "X", "level": "high"})).await).await;
        assert_eq!(errors[0].0, "body");
        assert!(errors[0].1.contains("grade_span"), "{errors:?}");

        // Grades 6–12 students at a K–5 school, and grades 3–5 at a high school.
        let errors = field_errors(post(school("K-5", 210, 150)).await).await;
        assert_eq!(errors[0].0, "expected_students");
        assert!(errors[0]
            .1
            .contains("A school with grades K–5 has no students in grades 6–12"));
        let errors = field_errors(post(school("9-12", 40, 900)).await).await;
        assert_eq!(errors[0].0, "expected_young_students");
        assert_eq!(school_count(&app, &f), before, "nothing half-written");

        // A valid K–8 school carries both bands; the JSON gives the span and its groups.
        let res = post(school("K-8", 210, 150)).await;
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        assert_eq!(created["grade_span"], "K–8");
        assert_eq!(
            (created["grade_low"].clone(), created["grade_high"].clone()),
            (json!(0), json!(8))
        );
        assert_eq!(created["expected"]["young_students"], 210);
        assert_eq!(created["expected"]["students"], 150);
        assert_eq!(
            created["groups"],
            json!([
                "young_student",
                "student",
                "teacher",
                "parent",
                "coordinator"
            ])
        );
        // Replacing it as K–5 while keeping grades 6–12 students is refused, nothing changes.
        let id = created["id"].as_i64().unwrap();
        let res = send(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/schools/{id}"),
            &token,
            school("K-5", 210, 150),
        )
        .await;
        assert_eq!(field_errors(res).await[0].0, "expected_students");
        let again: Value = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/schools/{id}"),
            &token,
            json!(null),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(again["grade_span"], "K–8");

        // The form: the same errors next to their fields, 422, nothing written.
        let count = school_count(&app, &f);
        let res = app
            .post_form(
                "/admin/schools/new",
                &[
                    ("name", "Birchwood"),
                    ("level", "elementary"),
                    ("grade_span", "K-5"),
                    ("expected_young_students", "180"),
                    ("expected_students", "40"),
                    ("expected_teachers", "24"),
                    ("expected_parents", "330"),
                    ("expected_coordinators", "2"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"expected_students-error\""), "{html}");
        assert!(html.contains("has no students in grades 6–12"));
        assert_eq!(school_count(&app, &f), count);

        // The CSV import lists every row's problems and writes none of them.
        let csv = "name,level,grade_span,expected_young_students,expected_students,expected_teachers,expected_parents,expected_coordinators\n\
                   Birchwood,elementary,K-5,180,0,24,330,2\n\
                   Cedar,middle,8-6,0,780,46,640,2\n\
                   Riverside,high,9-12,50,1450,92,1100,3\n";
        let res = app
            .post_form("/admin/schools/import", &[("csv", csv)])
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("grade_span: The span starts at grade 8 and ends at grade 6"),
            "{html}"
        );
        assert!(html.contains(
            "expected_young_students: A school with grades 9–12 has no students in grades 3–5"
        ));
        assert!(html.contains("nothing was imported"));
        assert_eq!(school_count(&app, &f), count, "all rows or none");
        // Corrected, it imports; the export gives the same columns back.
        let fixed = csv.replace("8-6", "6-8").replace("9-12,50", "9-12,0");
        let res = app
            .post_form("/admin/schools/import", &[("csv", &fixed)])
            .await;
        assert_eq!(location(&res), "/admin/schools?done=schools-imported-3-0");
        let export = app.get("/admin/schools.csv").await.text().await.unwrap();
        assert!(
            export.starts_with("name,level,grade_span,expected_young_students,expected_students,")
        );
        assert!(
            export.contains("Birchwood,elementary,K–5,180,0,24,330,2"),
            "{export}"
        );
        assert!(export.contains("Alder Creek,elementary,K–8,210,150,28,380,2"));
        // Re-importing the export updates every school and changes nothing.
        let res = app
            .post_form("/admin/schools/import", &[("csv", &export)])
            .await;
        assert_eq!(location(&res), "/admin/schools?done=schools-imported-0-6");
        assert_eq!(
            app.get("/admin/schools.csv").await.text().await.unwrap(),
            export
        );
    }
);
