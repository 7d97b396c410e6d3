//! Differences between schools: a χ² test per construct over the schools the table shows,
//! Holm-adjusted pairwise z tests stated as sentences, and the Newcombe interval of each
//! difference, the same in the page, the CSV and the JSON; a withheld school cell is never
//! part of a comparison.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{api_json, later_wave, submit};
use chorus::db::models::{products, schools};
use chorus::db::{self, AnyConnection};
use chorus::domain::{Role, SchoolId, SchoolLevel, StakeholderGroup, SurveyStatus};
use serde_json::Value;

/// The fixture with three more schools (Central, East, West), for a wave that asks all five.
fn five_schools(conn: &mut AnyConnection, f: SurveyFixture) -> SurveyFixture {
    let mut ids = f.schools.clone();
    for name in ["Central", "East", "West"] {
        ids.push(
            schools::insert(
                conn,
                &schools::NewSchool {
                    district_id: f.district.0,
                    name,
                    level: SchoolLevel::Middle,
                    grade_low: 6,
                    grade_high: 8,
                    expected_young_students: 0,
                    expected_students: 100,
                    expected_teachers: 10,
                    expected_parents: 80,
                    expected_coordinators: 1,
                    created_at: db::now(),
                },
            )
            .unwrap(),
        );
    }
    SurveyFixture { schools: ids, ..f }
}

/// The text as handlebars escapes it in a page.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('`', "&#x60;")
        .replace('=', "&#x3D;")
}

/// A column of the CSV row that starts with `prefix` and has `statistic`.
fn csv_field(csv: &str, prefix: &str, statistic: &str, column: usize) -> Option<String> {
    csv.lines()
        .filter(|l| l.starts_with(prefix))
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .find(|f| f.get(6).map(String::as_str) == Some(statistic))
        .and_then(|f| f.get(column).cloned())
}

fn number(csv: &str, prefix: &str, statistic: &str, column: usize) -> f64 {
    csv_field(csv, prefix, statistic, column)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {statistic} in column {column} of {prefix}: {csv}"))
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() < 1e-6
}

both_backends!(
    schools_that_differ_are_stated_and_withheld_cells_never_compared,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Schools Gap District");
        let f = five_schools(&mut conn, f);
        let wave = later_wave(&mut conn, &f, 2, SurveyStatus::Closed);
        // Ease of use, students: North 24/30, South 9/30, Central 16/30, East 14/25 and West
        // 4/4 (a small cell; East is then withheld too, or West could be subtracted).
        for (school, n, easy) in [(0, 30, 24), (1, 30, 9), (2, 30, 16), (3, 25, 14), (4, 4, 4)] {
            submit(
                &mut conn,
                &f,
                &wave,
                school,
                StakeholderGroup::Student,
                n,
                move |i| vec![("ease.everyday_tasks", if i < easy { 4 } else { 2 })],
            );
        }
        let admin = staff(
            &mut conn,
            f.district,
            "schools@district.example",
            Role::DistrictAdmin,
            &[],
        );
        let coordinator = staff(
            &mut conn,
            f.district,
            "two@district.example",
            Role::SchoolCoordinator,
            &[SchoolId(f.schools[3].0), SchoolId(f.schools[4].0)],
        );
        let product = products::list(&mut conn, f.district)
            .unwrap()
            .into_iter()
            .find(|p| p.id == f.products[0].0)
            .unwrap()
            .public_id;
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;
        let base = format!("/reports/{}/{product}", wave.public_id);
        let json = api_json(
            &app,
            &format!(
                "/api/v1/surveys/{}/products/{product}/report",
                wave.public_id
            ),
        )
        .await;

        // Which school cells the table withholds on Ease of use.
        let column = json["schools"]["constructs"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c == "Ease of use")
            .unwrap();
        let withheld: Vec<String> = json["schools"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| !r["cells"][column]["stat"]["withheld"].is_null())
            .map(|r| r["school"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(withheld, ["East", "West"], "{}", json["schools"]);

        // The χ² over the three schools shown: scipy chi2_contingency([[24, 6], [9, 21],
        // [16, 14]], correction=False) = 15.141862, p = 0.00051521, V = 0.410174.
        let gaps = &json["school_gaps"];
        let tests = gaps["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 1, "only Ease of use has answers: {gaps}");
        let test = &tests[0];
        assert_eq!(
            test["schools"],
            serde_json::json!(["North", "South", "Central"])
        );
        assert!(
            close(test["chi_square"].as_f64().unwrap(), 15.141_862),
            "{test}"
        );
        assert_eq!(test["df"], 2);
        assert!(close(test["p"].as_f64().unwrap(), 0.000_515_213));
        assert!(close(test["adjusted_p"].as_f64().unwrap(), 0.000_515_213));
        assert!(close(test["cramers_v"].as_f64().unwrap(), 0.410_174));
        assert_eq!(test["effect_size"], "medium");

        // Pairs: Holm over the three (statsmodels multipletests); only North vs South is
        // both significant and at least 10 points. Its Newcombe interval
        // (confint_proportions_2indep(24, 30, 9, 30, method="newcomb")) is 25.1 to 67.0 points.
        let tested = gaps["pairs"]["tested"].as_array().unwrap();
        assert_eq!(tested.len(), 3);
        for c in tested {
            for school in &withheld {
                assert_ne!(c["a"].as_str(), Some(school.as_str()), "{c}");
                assert_ne!(c["b"].as_str(), Some(school.as_str()), "{c}");
            }
        }
        let sentence = "North is more favourable than South on Ease of use: 80% vs 30%";
        let flagged = gaps["pairs"]["flagged"].as_array().unwrap();
        assert_eq!(flagged.len(), 1, "{gaps}");
        let pair = &flagged[0];
        assert_eq!(pair["sentence"], sentence);
        assert!(close(pair["adjusted_p"].as_f64().unwrap(), 0.000_297_656));
        assert!(close(pair["points_low"].as_f64().unwrap(), 25.119_668));
        assert!(close(pair["points_high"].as_f64().unwrap(), 66.969_729));
        assert!(close(pair["cohens_h"].as_f64().unwrap(), 1.055_018));
        assert_eq!(pair["effect_size"], "large");
        let detail = pair["detail"].as_str().unwrap();
        assert!(
            detail.contains("95% CI +25 to +67 points, Newcombe"),
            "{detail}"
        );

        // The CSV has the same figures.
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        let omnibus = "school_gaps,,North; South; Central,ease_of_use,";
        assert!(
            close(number(&csv, omnibus, "chi_square", 7), 15.141_862),
            "{csv}"
        );
        assert!(close(number(&csv, omnibus, "adjusted_p", 7), 0.000_515_213));
        assert!(close(number(&csv, omnibus, "cramers_v", 7), 0.410_174));
        assert_eq!(number(&csv, omnibus, "df", 7), 2.0);
        assert_eq!(number(&csv, omnibus, "chi_square", 10), 90.0);
        let ns = "school_gaps,,North vs South,ease_of_use,";
        assert!(close(number(&csv, ns, "adjusted_p", 7), 0.000_297_656));
        assert!(close(number(&csv, ns, "difference_points", 7), 50.0));
        assert!(close(number(&csv, ns, "difference_points", 8), 25.119_668));
        assert!(close(number(&csv, ns, "difference_points", 9), 66.969_729));
        assert!(close(number(&csv, ns, "cohens_h", 7), 1.055_018));
        assert_eq!(number(&csv, ns, "flagged", 7), 1.0);
        assert_eq!(
            csv.lines()
                .filter(|l| l.starts_with("school_gaps,"))
                .count(),
            5 + 3 * 6,
            "one χ² test (five rows) and three pairs (six rows each): {csv}"
        );
        for school in &withheld {
            assert!(
                !csv.lines()
                    .filter(|l| l.starts_with("school_gaps,"))
                    .any(|l| l
                        .split(',')
                        .nth(2)
                        .is_some_and(|s| s.contains(school.as_str()))),
                "{school} is withheld: {csv}"
            );
        }

        // The page states the sentence and the tests as the JSON words them.
        let page = app.get(&base).await.text().await.unwrap();
        assert!(page.contains("<h3>Differences between schools</h3>"));
        assert!(page.contains(sentence), "{page}");
        assert!(page.contains(&escaped(detail)), "{page}");
        assert!(page.contains(&escaped(test["text"].as_str().unwrap())));
        assert!(page.contains("χ²(2) &#x3D; 15.14"));
        let print = app
            .get(&format!("{base}/print"))
            .await
            .text()
            .await
            .unwrap();
        assert!(print.contains(sentence) && print.contains(&escaped(detail)));
        let pdf = app
            .get(&format!("{base}/report.pdf"))
            .await
            .bytes()
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("Differences between schools"));

        // The group gaps carry the interval and h too (the trend has no earlier answers).
        assert!(json["gaps"]["tested"].as_array().unwrap().is_empty());
        let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        let schemas = &doc["components"]["schemas"];
        assert!(schemas["ProductReport"]["properties"]["school_gaps"].is_object());
        assert!(
            schemas["SchoolTest"]["properties"]["cramers_v"].is_object(),
            "{schemas}"
        );
        assert!(schemas["Comparison"]["properties"]["points_low"].is_object());
        assert!(schemas["Comparison"]["properties"]["cohens_h"].is_object());

        // A coordinator of East and West: both are withheld (their "Your schools" total
        // minus a shown East would be West), so there is nothing to compare.
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&coordinator, PASSWORD).await;
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!csv.lines().any(|l| l.starts_with("school_gaps,")), "{csv}");
        let page = app.get(&base).await.text().await.unwrap();
        assert!(
            page.contains("No construct has two schools shown"),
            "{page}"
        );
    }
);
