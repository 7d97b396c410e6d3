//! The group filter against the unfiltered schools table: a school's every-group figure
//! minus its group figure is the school's other groups, so a group view withholds a school
//! whose other groups are fewer than the minimum (with complementary suppression), in the
//! page, the CSV and the JSON, combined with the language filter and in a coordinator's view.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{api_json, first_wave, submit};
use chorus::db::models::products;
use chorus::db::AnyConnection;
use chorus::domain::{Role, StakeholderGroup};

/// Submits `n` respondents of `group` at `school` (0 North, 1 South), the first
/// `favourable` of them answering 4 on ease of use (`ease.everyday_tasks`, product Alpha)
/// and the rest 2.
fn answer(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    school: usize,
    group: StakeholderGroup,
    n: usize,
    favourable: usize,
) {
    let wave = first_wave(conn, f);
    submit(conn, f, &wave, school, group, n, |i| {
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

/// A share to four decimals (the CSV has six).
fn four(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// (value, n, withheld) of the schools table's Ease of use cell of `school` in a tidy CSV.
fn cell(csv: &str, school: &str) -> (Option<f64>, Option<u64>, String) {
    let prefix = format!("schools,,{school},Ease of use,");
    let fields: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in\n{csv}"))
        .split(',')
        .collect();
    (
        fields[7].parse().ok().map(four),
        fields[10].parse().ok(),
        fields[12].to_string(),
    )
}

async fn text(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// The JSON schools table's Ease of use stat of `school`.
fn json_cell(json: &serde_json::Value, school: &str) -> serde_json::Value {
    let table = &json["schools"];
    let column = table["constructs"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == "Ease of use")
        .unwrap();
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["school"] == school)
        .unwrap_or_else(|| panic!("no {school} in {table}"))["cells"][column]["stat"]
        .clone()
}

/// North: 20 teachers (15 favourable) and 4 students (2). South: 20 teachers (15) and 12
/// students (6). Minimums: students 10, teachers 5, every group pooled 10.
fn seed(conn: &mut AnyConnection, f: &SurveyFixture) -> String {
    answer(conn, f, 0, StakeholderGroup::Teacher, 20, 15);
    answer(conn, f, 0, StakeholderGroup::Student, 4, 2);
    answer(conn, f, 1, StakeholderGroup::Teacher, 20, 15);
    answer(conn, f, 1, StakeholderGroup::Student, 12, 6);
    report(conn, f)
}

both_backends!(
    a_group_view_withholds_a_school_whose_other_groups_are_few,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Group Difference");
        let base = seed(&mut conn, &f);
        let admin = staff(
            &mut conn,
            f.district,
            "group-diff@district.example",
            Role::DistrictAdmin,
            &[],
        );
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;

        // Unfiltered: every school over every group is shown.
        let all = text(&app, &format!("{base}/report.csv")).await;
        assert_eq!(
            cell(&all, "North"),
            (Some(four(17.0 / 24.0)), Some(24), String::new())
        );
        assert_eq!(
            cell(&all, "South"),
            (Some(four(21.0 / 32.0)), Some(32), String::new())
        );
        assert_eq!(cell(&all, "All schools").1, Some(56));

        // Teachers: North's 20 teachers would leave 24 − 20 = 4 students (complementary);
        // South's teachers are withheld too, else the teacher total (40) would give North's.
        let teachers = text(&app, &format!("{base}/report.csv?group=teacher")).await;
        assert_eq!(
            cell(&teachers, "North"),
            (None, None, "complementary".into())
        );
        assert_eq!(
            cell(&teachers, "South"),
            (None, None, "complementary".into())
        );
        assert_eq!(
            cell(&teachers, "All schools"),
            (Some(0.75), Some(40), String::new()),
            "30 of 40"
        );
        // Students: North's 4 are a small cell, South's 12 protect them from the total.
        let students = text(&app, &format!("{base}/report.csv?group=student")).await;
        assert_eq!(cell(&students, "North"), (None, None, "small cell".into()));
        assert_eq!(
            cell(&students, "South"),
            (None, None, "complementary".into())
        );
        assert_eq!(
            cell(&students, "All schools"),
            (Some(0.5), Some(16), String::new()),
            "8 of 16"
        );

        // The JSON and the page of the teacher view withhold the same cells.
        let survey = base.split('/').nth(2).unwrap();
        let product = base.split('/').nth(3).unwrap();
        let api = format!("/api/v1/surveys/{survey}/products/{product}/report");
        let json = api_json(&app, &format!("{api}?group=teacher")).await;
        for school in ["North", "South"] {
            let stat = json_cell(&json, school);
            assert_eq!(stat["withheld"], "complementary", "{stat}");
            assert!(stat["n"].is_null() && stat["value"].is_null(), "{stat}");
        }
        assert_eq!(json_cell(&json, "All schools")["n"], 40);
        let unfiltered = api_json(&app, &api).await;
        assert_eq!(json_cell(&unfiltered, "North")["n"], 24);
        let page = text(&app, &format!("{base}?group=teacher")).await;
        assert!(page.contains("withheld (protects a small group)"), "{page}");

        // Combined with the language filter (everyone answered in English): the same cells.
        let english = text(
            &app,
            &format!("{base}/report.csv?group=teacher&language=en"),
        )
        .await;
        assert_eq!(
            cell(&english, "North"),
            (None, None, "complementary".into())
        );
        assert_eq!(
            cell(&english, "South"),
            (None, None, "complementary".into())
        );
        assert_eq!(cell(&english, "All schools").1, Some(40));
        // And with a school filter.
        let north = f.schools[0].0;
        let one = text(
            &app,
            &format!("{base}/report.csv?group=teacher&school={north}"),
        )
        .await;
        assert_eq!(cell(&one, "North"), (None, None, "complementary".into()));
    }
);

both_backends!(
    a_group_view_shows_a_school_whose_other_groups_are_enough,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Group Difference Safe");
        // North: 20 teachers (15 favourable) and 12 students (6); South: nobody.
        answer(&mut conn, &f, 0, StakeholderGroup::Teacher, 20, 15);
        answer(&mut conn, &f, 0, StakeholderGroup::Student, 12, 6);
        let base = report(&mut conn, &f);
        let admin = staff(
            &mut conn,
            f.district,
            "group-safe@district.example",
            Role::DistrictAdmin,
            &[],
        );
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;

        let all = text(&app, &format!("{base}/report.csv")).await;
        assert_eq!(
            cell(&all, "North"),
            (Some(four(21.0 / 32.0)), Some(32), String::new())
        );
        let teachers = text(&app, &format!("{base}/report.csv?group=teacher")).await;
        assert_eq!(
            cell(&teachers, "North"),
            (Some(0.75), Some(20), String::new())
        );
        let students = text(&app, &format!("{base}/report.csv?group=student")).await;
        assert_eq!(
            cell(&students, "North"),
            (Some(0.5), Some(12), String::new())
        );
        // South has nobody: empty, not withheld.
        assert_eq!(cell(&teachers, "South"), (None, Some(0), String::new()));
    }
);

both_backends!(
    a_coordinator_group_view_withholds_what_the_district_view_withholds,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Group Difference Scope");
        let base = seed(&mut conn, &f);
        let north = staff(
            &mut conn,
            f.district,
            "north-group@district.example",
            Role::SchoolCoordinator,
            &[f.schools[0]],
        );
        drop(conn);
        app.sign_in_ok(&north, PASSWORD).await;

        let all = text(&app, &format!("{base}/report.csv")).await;
        assert_eq!(
            cell(&all, "North"),
            (Some(four(17.0 / 24.0)), Some(24), String::new())
        );
        let teachers = text(&app, &format!("{base}/report.csv?group=teacher")).await;
        assert_eq!(
            cell(&teachers, "North"),
            (None, None, "complementary".into())
        );
        assert!(!teachers.contains("South"), "{teachers}");
        assert!(!teachers.contains("schools,,All schools,"), "{teachers}");
    }
);
