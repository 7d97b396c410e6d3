//! The links a new survey proposes (only the groups each school's grade span holds), and
//! response rates per school × group (with the >100% flag) on the monitor, its feed and the
//! report's JSON, CSV and page; the demo's headcounts and rates add up.

use crate::authoring::{create_draft, fixture_public_id, location, survey_by_public_id};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, survey_fixture_for, SurveyFixture, PASSWORD};
use crate::headcounts::{admin_token, set_school, FLAG};
use crate::helpers::TestApp;
use crate::waves::api_json;
use chorus::db::models::responses::NewResponse;
use chorus::db::schema::distribution_links;
use chorus::db::submission::{submit_batch, Submission};
use chorus::domain::{Language, SurveyStatus};
use chorus::domain::{Role, StakeholderGroup};
use diesel::prelude::*;
use serde_json::Value;

both_backends!(
    a_new_survey_proposes_only_the_groups_each_school_has,
    |app: TestApp| async move {
        let (f, admin) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Proposal District");
            // North is K–5 (no grades 6–12 students), South K–8.
            set_school(&mut conn, &f, 0, (0, 5), [60, 0, 20, 0]);
            set_school(&mut conn, &f, 1, (0, 8), [40, 90, 30, 0]);
            let admin = staff(
                &mut conn,
                f.district,
                "admin@proposal.example",
                Role::DistrictAdmin,
                &[],
            );
            (f, admin)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        // The draft asks teachers and grades 6–12 students.
        let id = create_draft(&app, &f).await;
        let page = app
            .get(&format!("/surveys/{id}/distribute"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("<th scope=\"row\">North</th><td>K–5</td><td>Teachers</td><td>Students (grades 6–12)</td>"),
            "{page}"
        );
        assert!(page.contains(
            "<th scope=\"row\">South</th><td>K–8</td><td>Students (grades 6–12), Teachers</td>"
        ));
        let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=opened"));
        let links = |app: &TestApp| {
            let mut conn = app.pool.get().unwrap();
            let row = survey_by_public_id(&mut conn, f.district, &id);
            let mut l: Vec<(i32, String, bool)> = distribution_links::table
                .filter(distribution_links::survey_id.eq(row.id))
                .select((
                    distribution_links::school_id,
                    distribution_links::stakeholder_group,
                    distribution_links::active,
                ))
                .load(&mut *conn)
                .unwrap();
            l.sort();
            l
        };
        let (north, south) = (f.schools[0].0, f.schools[1].0);
        assert_eq!(
            links(&app),
            vec![
                (north, "teacher".to_string(), true),
                (south, "student".to_string(), true),
                (south, "teacher".to_string(), true),
            ],
            "no grades 6–12 link at the K–5 school"
        );
        let feed: Value = app
            .get(&format!("/surveys/{id}/monitor.json"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            feed["expected"],
            20 + 90 + 30,
            "only the asked groups' headcounts"
        );

        // The coordinator adds the missing cell after all (it has no headcount: K–5)…
        let page = app
            .get(&format!("/surveys/{id}/distribute"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Grades K–5 has no students (grades 6–12): its rate has no headcount."),
            "{page}"
        );
        let cell = format!("{north}:student");
        let res = app
            .post_form(&format!("/surveys/{id}/links/add"), &[("cell", &cell)])
            .await;
        assert_eq!(
            location(&res),
            format!("/surveys/{id}/distribute?done=link-added")
        );
        assert!(links(&app).contains(&(north, "student".to_string(), true)));
        // …a cell outside the survey is refused…
        let res = app
            .post_form(
                &format!("/surveys/{id}/links/add"),
                &[("cell", &format!("{north}:parent"))],
            )
            .await;
        assert_eq!(
            location(&res),
            format!("/surveys/{id}/distribute?done=no-link")
        );
        assert_eq!(links(&app).len(), 4);
        // …and turning South's teachers off takes their headcount out of the rates.
        let link: i32 = {
            let mut conn = app.pool.get().unwrap();
            distribution_links::table
                .filter(distribution_links::school_id.eq(south))
                .filter(distribution_links::stakeholder_group.eq("teacher"))
                .select(distribution_links::id)
                .get_result(&mut *conn)
                .unwrap()
        };
        app.post_form(&format!("/surveys/{id}/links/{link}/deactivate"), &[])
            .await;
        let feed: Value = app
            .get(&format!("/surveys/{id}/monitor.json"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(feed["expected"], 20 + 90);
        let mut groups: Vec<(&str, &str)> = feed["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["school"].as_str().unwrap(),
                    c["group_key"].as_str().unwrap(),
                )
            })
            .collect();
        groups.sort();
        assert_eq!(
            groups,
            [
                ("North", "student"),
                ("North", "teacher"),
                ("South", "student")
            ]
        );
    }
);

fn responses(
    f: &SurveyFixture,
    school: usize,
    group: StakeholderGroup,
    n: usize,
) -> Vec<Submission> {
    (0..n)
        .map(|i| Submission {
            response: NewResponse {
                district_id: f.district.0,
                survey_id: f.survey.0,
                school_id: f.schools[school].0,
                stakeholder_group: group,
                language: Language::English,
                submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
                submission_key: format!("{school}-{}-{i}", group.as_str()),
            },
            answers: vec![],
            access_code_id: None,
        })
        .collect()
}

both_backends!(
    rates_are_responses_over_each_school_and_groups_headcount,
    |app: TestApp| async move {
        use StakeholderGroup::{Student, Teacher, YoungStudent};
        // (school, group, completed) and each school's (span, [young, students, teachers, parents]).
        let spans = [((0, 5), [60, 0, 20, 0]), ((0, 8), [40, 90, 4, 0])];
        let planted = [
            (0, YoungStudent, 30),
            (0, Teacher, 25),
            (1, YoungStudent, 12),
            (1, Student, 45),
            (1, Teacher, 6),
        ];
        let f = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture_for(
                &mut conn,
                "Rates District",
                &[YoungStudent, Student, Teacher],
            );
            for (i, (span, counts)) in spans.iter().enumerate() {
                set_school(&mut conn, &f, i, *span, *counts);
            }
            let batch: Vec<Submission> = planted
                .iter()
                .flat_map(|(s, g, n)| responses(&f, *s, *g, *n))
                .collect();
            submit_batch(&mut conn, &f.layout, 0, &batch).unwrap();
            f
        };
        // The expected numbers, computed here from the headcounts alone.
        let headcount = |school: usize, g: StakeholderGroup| -> u64 {
            let [young, students, teachers, _] = spans[school].1;
            let n = match g {
                YoungStudent => young,
                Student => students,
                _ => teachers,
            };
            n as u64
        };
        let token = admin_token(&app, &f, "admin@rates.example").await;
        let survey = {
            let mut conn = app.pool.get().unwrap();
            fixture_public_id(&mut conn, &f)
        };
        let feed: Value = app
            .get(&format!("/surveys/{survey}/monitor.json"))
            .await
            .json()
            .await
            .unwrap();
        let cells = feed["cells"].as_array().unwrap();
        assert_eq!(cells.len(), planted.len(), "{feed}");
        for (school, group, n) in planted {
            let name = ["North", "South"][school];
            let cell = cells
                .iter()
                .find(|c| c["school"] == name && c["group_key"] == group.as_str())
                .unwrap_or_else(|| panic!("no {name} {group}"));
            let expected = headcount(school, group);
            assert_eq!(cell["completed"], n);
            assert_eq!(cell["expected"], expected);
            let rate = n as f64 / expected as f64;
            assert!((cell["rate_value"].as_f64().unwrap() - rate).abs() < 1e-9);
            let percent = format!("{:.0}%", 100.0 * rate);
            if n as u64 > expected {
                assert_eq!(cell["flag"], FLAG);
                assert_eq!(cell["rate"], format!("{percent} — {FLAG}"));
            } else {
                assert!(cell["flag"].is_null());
                assert_eq!(cell["rate"], percent);
            }
        }
        // No double-counted students: each school's asked groups, once.
        let total: u64 = 60 + 20 + 40 + 90 + 4;
        assert_eq!(feed["expected"], total);
        assert_eq!(feed["completed"], 118);
        assert_eq!(
            feed["rate"],
            format!("{:.0}%", 100.0 * 118.0 / total as f64)
        );
        let page = app
            .get(&format!("/surveys/{survey}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!(
            "<td class=\"num\">25</td><td class=\"num\">0</td><td class=\"num\">20</td><td class=\"num flagged\">125% — {FLAG}</td>"
        )), "{page}");
        assert!(page.contains(&format!("<td class=\"num flagged\">150% — {FLAG}</td>")));

        // The report: each group's responses over the headcounts of the schools asking it.
        let product = {
            let mut conn = app.pool.get().unwrap();
            chorus::db::models::products::list(&mut conn, f.district).unwrap()[0]
                .public_id
                .clone()
        };
        let report = api_json(
            &app,
            &format!("/api/v1/surveys/{survey}/products/{product}/report"),
        )
        .await;
        let rows = report["summary"]["responses"].as_array().unwrap();
        let row = |label: &str| {
            rows.iter()
                .find(|r| r["group"] == label)
                .unwrap_or_else(|| panic!("{label}: {rows:?}"))
        };
        for (label, group) in [
            ("Students (grades 3–5)", YoungStudent),
            ("Students (grades 6–12)", Student),
            ("Teachers", Teacher),
        ] {
            let n: u64 = planted
                .iter()
                .filter(|p| p.1 == group)
                .map(|p| p.2 as u64)
                .sum();
            let expected: u64 = (0..2).map(|s| headcount(s, group)).sum();
            let r = row(label);
            assert_eq!(r["expected"], expected, "{label}");
            assert!(
                (r["rate"]["value"].as_f64().unwrap() - n as f64 / expected as f64).abs() < 1e-9,
                "{label}"
            );
        }
        let all = row("All groups");
        assert_eq!(all["expected"], total);
        assert!(all["rate_flag"].is_null());
        // Teachers: 31 of 24 expected.
        let teachers = row("Teachers");
        assert_eq!(teachers["rate_flag"], FLAG);
        assert_eq!(teachers["rate"]["text"], format!("129% — {FLAG}"));
        assert!(teachers["rate"]["low"].is_null(), "no interval above 100%");
        let _ = token;

        // The page, the CSV and the XLSX's source rows say the same.
        let base = format!("/reports/{survey}/{product}");
        let html = app.get(&base).await.text().await.unwrap();
        assert!(
            html.contains(&format!(
                "<th scope=\"row\">Teachers</th><td>31</td><td>129% — {FLAG}</td>"
            )),
            "{html}"
        );
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            csv.lines().any(|l| l.starts_with("summary,Teachers,")
                && l.contains("response_rate")
                && l.contains(FLAG)),
            "{csv}"
        );
        let pdf = app.get(&format!("{base}/report.pdf")).await;
        assert_eq!(pdf.status(), 200);
    }
);

/// The demo's schools' headcounts add up to its expected totals, no rate passes 100%, and the
/// closed wave's table per school × group is printed (`--nocapture`).
async fn demo_rates_add_up(backend: crate::helpers::Backend) {
    let Some(d) = crate::reports::demo(backend, &format!("headcounts::demo::{backend:?}")).await
    else {
        return;
    };
    let (rows, open_wave) = {
        let mut conn = d.app.pool.get().unwrap();
        let district = chorus::db::models::districts::list(&mut conn).unwrap()[0].district_id();
        let open = chorus::db::models::surveys::list(&mut conn, district)
            .unwrap()
            .into_iter()
            .find(|s| s.status == SurveyStatus::Open)
            .unwrap()
            .public_id;
        (
            chorus::db::models::schools::list(&mut conn, district).unwrap(),
            open,
        )
    };
    // Every school's headcounts: a student band only where its span reaches.
    let mut sum = 0;
    for s in &rows {
        let span = s.span();
        assert_eq!(
            span.has(YoungStudent),
            s.expected_young_students > 0,
            "{}",
            s.name
        );
        assert_eq!(
            span.has(StakeholderGroup::Student),
            s.expected_students > 0,
            "{}",
            s.name
        );
        sum += s.expected_young_students
            + s.expected_students
            + s.expected_teachers
            + s.expected_parents
            + s.expected_coordinators;
    }
    d.app.sign_in_ok(crate::reports::ADMIN, PASSWORD).await;
    for survey in [&d.survey, &open_wave] {
        let feed: Value = d
            .app
            .get(&format!("/surveys/{survey}/monitor.json"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            feed["expected"], sum,
            "expected total = the schools' headcounts"
        );
        let cells = feed["cells"].as_array().unwrap();
        assert!(cells.iter().all(|c| c["flag"].is_null()), "{feed}");
        if survey == &d.survey {
            println!("Demo closed wave ({backend:?}): response rate per school × group");
            println!("| School | Group | Completed | Expected | Rate |");
            println!("| --- | --- | ---: | ---: | ---: |");
            for c in cells {
                println!(
                    "| {} | {} | {} | {} | {} |",
                    c["school"].as_str().unwrap(),
                    c["group"].as_str().unwrap(),
                    c["completed"],
                    c["expected"],
                    c["rate"].as_str().unwrap()
                );
            }
            println!(
                "| All schools | All groups | {} | {} | {} |",
                feed["completed"],
                feed["expected"],
                feed["rate"].as_str().unwrap()
            );
        }
    }
}

use StakeholderGroup::YoungStudent;

#[actix_web::test]
async fn demo_rates_add_up_on_sqlite() {
    demo_rates_add_up(crate::helpers::Backend::Sqlite).await;
}

#[actix_web::test]
async fn demo_rates_add_up_on_postgres() {
    demo_rates_add_up(crate::helpers::Backend::Postgres).await;
}
