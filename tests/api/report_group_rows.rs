//! Complementary suppression between a section's "All groups" row and its group rows: a
//! withheld group cannot be recovered as All groups minus the other groups, the next smallest
//! group is withheld with it, and the group filter withholds what the unfiltered page does,
//! in the page, the CSV and the JSON.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, survey_fixture_for, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{api_json, first_wave, submit};
use chorus::db::models::products;
use chorus::db::AnyConnection;
use chorus::domain::{Role, StakeholderGroup};

const STUDENTS: &str = "Students (grades 6–12)";
const TEACHERS: &str = "Teachers";
const PARENTS: &str = "Parents and guardians";

/// Submits `n` respondents of `group` at North, the first `favourable` of them answering 4
/// on ease of use (`ease.everyday_tasks`, product Alpha) and the rest 2.
fn answer(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    group: StakeholderGroup,
    n: usize,
    favourable: usize,
) {
    let wave = first_wave(conn, f);
    submit(conn, f, &wave, 0, group, n, |i| {
        vec![("ease.everyday_tasks", if i < favourable { 4 } else { 2 })]
    });
}

/// The report path of product Alpha.
fn report(conn: &mut AnyConnection, f: &SurveyFixture) -> String {
    let wave = first_wave(conn, f);
    let product = products::list(conn, f.district)
        .unwrap()
        .into_iter()
        .find(|p| p.id == f.products[0].0)
        .unwrap()
        .public_id;
    format!("/reports/{}/{product}", wave.public_id)
}

async fn text(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// (value, n, withheld) of a CSV row of `section` × `group` for `statistic` (the first one).
fn row(
    csv: &str,
    section: &str,
    group: &str,
    statistic: &str,
) -> (Option<f64>, Option<u64>, String) {
    let fields: Vec<&str> = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[0] == section && f[1] == group && f[6] == statistic)
        .unwrap_or_else(|| panic!("no {section} {group} {statistic} in\n{csv}"));
    (
        fields[7].parse().ok().map(|x: f64| (x * 1e4).round() / 1e4),
        fields[10].parse().ok(),
        fields[12].to_string(),
    )
}

/// Whether the CSV has any `section` row of `group`.
fn has(csv: &str, section: &str, group: &str) -> bool {
    csv.lines().any(|l| {
        let f: Vec<&str> = l.split(',').collect();
        f[0] == section && f.get(1) == Some(&group)
    })
}

fn shown(value: f64, n: u64) -> (Option<f64>, Option<u64>, String) {
    (Some(value), Some(n), String::new())
}

fn hidden(why: &str) -> (Option<f64>, Option<u64>, String) {
    (None, None, why.into())
}

/// The JSON constructs row of `group` (the one construct asked).
fn json_row(json: &serde_json::Value, group: &str) -> serde_json::Value {
    json["constructs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"] == group)
        .unwrap_or_else(|| panic!("no {group} in {}", json["constructs"]))
        .clone()
}

async fn admin(app: &TestApp, conn: &mut AnyConnection, f: &SurveyFixture, email: &str) {
    let user = staff(conn, f.district, email, Role::DistrictAdmin, &[]);
    app.sign_in_ok(&user, PASSWORD).await;
}

both_backends!(
    a_small_group_withholds_the_only_other_group,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Group Rows Two");
        // 4 students (2 favourable), 40 teachers (30 favourable).
        answer(&mut conn, &f, StakeholderGroup::Student, 4, 2);
        answer(&mut conn, &f, StakeholderGroup::Teacher, 40, 30);
        let base = report(&mut conn, &f);
        admin(&app, &mut conn, &f, "rows-two@district.example").await;
        drop(conn);

        let csv = text(&app, &format!("{base}/report.csv")).await;
        // All groups 44 minus Teachers 40 would give the 4 students: the teachers go too,
        // and All groups (32 of 44) stays, since two unknowns cannot be told apart.
        assert_eq!(
            row(&csv, "constructs", "All groups", "favourable"),
            shown((32.0_f64 / 44.0 * 1e4).round() / 1e4, 44)
        );
        assert_eq!(
            row(&csv, "constructs", STUDENTS, "favourable"),
            hidden("small cell")
        );
        assert_eq!(
            row(&csv, "constructs", TEACHERS, "favourable"),
            hidden("complementary")
        );
        assert_eq!(
            row(&csv, "constructs", TEACHERS, "mean"),
            hidden("complementary")
        );
        // The response counts follow the same rule.
        assert_eq!(
            row(&csv, "summary", "All groups", "completed"),
            shown(44.0, 44)
        );
        assert_eq!(
            row(&csv, "summary", TEACHERS, "completed"),
            hidden("complementary")
        );

        // The JSON says the same.
        let survey = base.split('/').nth(2).unwrap();
        let product = base.split('/').nth(3).unwrap();
        let api = format!("/api/v1/surveys/{survey}/products/{product}/report");
        let json = api_json(&app, &api).await;
        let teachers = json_row(&json, TEACHERS);
        assert_eq!(
            teachers["favourable"]["withheld"], "complementary",
            "{teachers}"
        );
        assert!(teachers["favourable"]["n"].is_null(), "{teachers}");
        assert!(teachers["distribution"].as_array().unwrap().is_empty());
        assert_eq!(json_row(&json, "All groups")["favourable"]["n"], 44);

        // The teacher view withholds the teachers as the unfiltered page does.
        let teacher_view = text(&app, &format!("{base}/report.csv?group=teacher")).await;
        assert_eq!(
            row(&teacher_view, "constructs", TEACHERS, "favourable"),
            hidden("complementary")
        );
        assert!(!has(&teacher_view, "constructs", "All groups"));
        let json = api_json(&app, &format!("{api}?group=teacher")).await;
        assert_eq!(
            json_row(&json, TEACHERS)["favourable"]["withheld"],
            "complementary"
        );

        // And the page.
        let page = text(&app, &base).await;
        assert!(page.contains("withheld (protects a small group)"), "{page}");
        assert!(page.contains("fewer than 10 answers"), "{page}");
    }
);

both_backends!(
    a_small_group_withholds_the_next_smallest_of_three,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture_for(
            &mut conn,
            "Group Rows Three",
            &[
                StakeholderGroup::Student,
                StakeholderGroup::Teacher,
                StakeholderGroup::Parent,
            ],
        );
        // 4 students (2 favourable), 40 teachers (30), 12 parents (6).
        answer(&mut conn, &f, StakeholderGroup::Student, 4, 2);
        answer(&mut conn, &f, StakeholderGroup::Teacher, 40, 30);
        answer(&mut conn, &f, StakeholderGroup::Parent, 12, 6);
        let base = report(&mut conn, &f);
        admin(&app, &mut conn, &f, "rows-three@district.example").await;
        drop(conn);

        let csv = text(&app, &format!("{base}/report.csv")).await;
        assert_eq!(
            row(&csv, "constructs", "All groups", "favourable"),
            shown(0.6786, 56),
            "38 of 56"
        );
        assert_eq!(
            row(&csv, "constructs", STUDENTS, "favourable"),
            hidden("small cell")
        );
        // The parents (12) are the next smallest: withheld so that 56 − 40 − 12 fails.
        assert_eq!(
            row(&csv, "constructs", PARENTS, "favourable"),
            hidden("complementary")
        );
        assert_eq!(
            row(&csv, "constructs", TEACHERS, "favourable"),
            shown(0.75, 40)
        );
        assert_eq!(row(&csv, "summary", TEACHERS, "completed"), shown(40.0, 40));
        assert_eq!(
            row(&csv, "summary", PARENTS, "completed"),
            hidden("complementary")
        );

        // Each group view makes the unfiltered page's choice for its group.
        let parents = text(&app, &format!("{base}/report.csv?group=parent")).await;
        assert_eq!(
            row(&parents, "constructs", PARENTS, "favourable"),
            hidden("complementary")
        );
        let teachers = text(&app, &format!("{base}/report.csv?group=teacher")).await;
        assert_eq!(
            row(&teachers, "constructs", TEACHERS, "favourable"),
            shown(0.75, 40)
        );
        let students = text(&app, &format!("{base}/report.csv?group=student")).await;
        assert_eq!(
            row(&students, "constructs", STUDENTS, "favourable"),
            hidden("small cell")
        );

        // A school filter (everyone is at North) makes the same choices.
        let north = f.schools[0].0;
        let school = text(&app, &format!("{base}/report.csv?school={north}")).await;
        assert_eq!(
            row(&school, "constructs", PARENTS, "favourable"),
            hidden("complementary")
        );
        assert_eq!(
            row(&school, "constructs", TEACHERS, "favourable"),
            shown(0.75, 40)
        );
    }
);
