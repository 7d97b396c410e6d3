//! The surveys list and the response monitor: exact counts, rates, scope by school and district.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::models::responses::NewResponse;
use chorus::db::submission::{submit_batch, Submission};
use chorus::domain::Language;
use chorus::domain::Role;
use diesel::RunQueryDsl;

fn responses(f: &SurveyFixture, school: usize, group: &str, n: usize, day: u32) -> Vec<Submission> {
    (0..n)
        .map(|i| Submission {
            response: NewResponse {
                district_id: f.district.0,
                survey_id: f.survey.0,
                school_id: f.schools[school].0,
                stakeholder_group: group.parse().unwrap(),
                language: Language::English,
                submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, day).unwrap(),
                submission_key: format!("{school}-{group}-{day}-{i}"),
            },
            answers: vec![],
            access_code_id: None,
        })
        .collect()
}

both_backends!(monitor_counts_rates_and_scope, |app: TestApp| async move {
    let (admin, coord, survey, other_survey) = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Monitor District");
        let other = survey_fixture(&mut conn, "Other Monitor District");
        let mut batch = responses(&f, 0, "teacher", 3, 2);
        batch.extend(responses(&f, 0, "teacher", 2, 3));
        batch.extend(responses(&f, 1, "student", 4, 3));
        submit_batch(&mut conn, &f.layout, 0, &batch).unwrap();
        diesel::sql_query(format!(
            "INSERT INTO response_drafts (district_id, survey_id, school_id, stakeholder_group, resume_hash, language, page, state, expires_at) \
             VALUES ({}, {}, {}, 'teacher', 'h1', 'en', 1, '{{}}', '2030-01-01 00:00:00')",
            f.district.0, f.survey.0, f.schools[0].0
        ))
        .execute(&mut *conn)
        .unwrap();
        let public = |conn: &mut chorus::db::AnyConnection, d, s: chorus::domain::SurveyId| {
            chorus::db::models::surveys::list(conn, d)
                .unwrap()
                .into_iter()
                .find(|r| r.id == s.0)
                .unwrap()
                .public_id
        };
        (
            staff(
                &mut conn,
                f.district,
                "admin@monitor.example",
                Role::DistrictAdmin,
                &[],
            ),
            staff(
                &mut conn,
                f.district,
                "coord@monitor.example",
                Role::SchoolCoordinator,
                &f.schools[..1],
            ),
            public(&mut conn, f.district, f.survey),
            public(&mut conn, other.district, other.survey),
        )
    };
    app.sign_in_ok(&admin, PASSWORD).await;
    let list = app.get("/surveys").await.text().await.unwrap();
    assert!(
        list.contains(&format!("/surveys/{survey}")) && list.contains("<td>9</td>"),
        "9 completed overall"
    );
    let page = app
        .get(&format!("/surveys/{survey}"))
        .await
        .text()
        .await
        .unwrap();
    // North teachers: 5 completed, 1 unfinished, 10 expected → 50%.
    assert!(page.contains("<th scope=\"row\">North</th><td>Teachers</td><td class=\"num\">5</td><td class=\"num\">1</td><td class=\"num\">10</td><td class=\"num\">50%</td>"), "{page}");
    // South students: 4 of 100.
    assert!(page.contains("<th scope=\"row\">South</th><td>Students (grades 6–12)</td><td class=\"num\">4</td><td class=\"num\">0</td><td class=\"num\">100</td><td class=\"num\">4%</td>"));
    // Groups expected but silent are shown with zero.
    assert!(page.contains(
        "<th scope=\"row\">South</th><td>Teachers</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">10</td><td class=\"num\">0%</td>"
    ));
    assert!(
        page.contains("<td>2027-03-02</td><td class=\"num\">3</td>")
            && page.contains("<td>2027-03-03</td><td class=\"num\">6</td>")
    );
    assert_eq!(
        app.get(&format!("/surveys/{other_survey}")).await.status(),
        404,
        "another district's survey"
    );
    assert_eq!(app.get("/surveys/nosuchsurvey").await.status(), 404);
    app.post_form("/signout", &[]).await;

    // A coordinator of North sees North only.
    app.sign_in_ok(&coord, PASSWORD).await;
    let page = app
        .get(&format!("/surveys/{survey}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<th scope=\"row\">North</th>")
            && !page.contains("<th scope=\"row\">South</th>")
    );
    assert!(page.contains("\"completed\">5</span> completed responses from your schools"));
    assert!(app
        .get("/surveys")
        .await
        .text()
        .await
        .unwrap()
        .contains("<td>5</td>"));
});

both_backends!(monitor_needs_sign_in, |app: TestApp| async move {
    let res = app.get("/surveys").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/signin?next=/surveys");
});
