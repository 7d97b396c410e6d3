//! The respondent-language filter (`language=en|es`): views folded from the raw answers,
//! exact figures that add up to the unfiltered report, primary and complementary suppression
//! (against the unfiltered totals and the same view in every language), coordinator scoping,
//! the 422 on an unknown language, and the filter carried by the CSV, JSON and page.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{api_json, csv_value, first_wave, later_wave, Wave};
use chorus::db::models::products;
use chorus::db::models::responses::{NewAnswer, NewResponse};
use chorus::db::submission::{submit_batch, Submission, SubmitOutcome};
use chorus::db::AnyConnection;
use chorus::domain::{Role, StakeholderGroup, SurveyStatus};

/// Submits `n` teachers of `school` who answered in `language`, `favourable` of them 4 or 5
/// on ease of use (`ease.everyday_tasks`, product Alpha) and the rest 1 or 2.
fn teachers(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    wave: &Wave,
    school: usize,
    language: &str,
    n: usize,
    favourable: usize,
) {
    let item = wave
        .items
        .iter()
        .find(|i| i.item_key == "ease.everyday_tasks")
        .unwrap()
        .id;
    let batch: Vec<Submission> = (0..n)
        .map(|i| Submission {
            response: NewResponse {
                district_id: f.district.0,
                survey_id: wave.survey.0,
                school_id: f.schools[school].0,
                stakeholder_group: StakeholderGroup::Teacher,
                language: language.parse().unwrap(),
                submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                submission_key: format!("{}-{school}-{language}-{i}", wave.public_id),
            },
            answers: vec![NewAnswer {
                district_id: f.district.0,
                response_id: 0,
                survey_item_id: item,
                product_id: Some(f.products[0].0),
                feature_id: None,
                value: Some(match (i < favourable, i % 2) {
                    (true, 0) => 4,
                    (true, _) => 5,
                    (false, 0) => 1,
                    (false, _) => 2,
                }),
                not_applicable: false,
                wants_training: false,
                text_value: None,
            }],
            access_code_id: None,
        })
        .collect();
    let outcomes = submit_batch(conn, &wave.layout, 0, &batch).unwrap();
    assert!(outcomes
        .iter()
        .all(|o| matches!(o, SubmitOutcome::Stored(_))));
}

/// North teachers: 12 in English (9 favourable), 8 in Spanish (4). South teachers: 3 in
/// English (2), 7 in Spanish (5). Returns the report path of product Alpha.
fn seed(conn: &mut AnyConnection, f: &SurveyFixture) -> String {
    let wave = first_wave(conn, f);
    teachers(conn, f, &wave, 0, "en", 12, 9);
    teachers(conn, f, &wave, 0, "es", 8, 4);
    teachers(conn, f, &wave, 1, "en", 3, 2);
    teachers(conn, f, &wave, 1, "es", 7, 5);
    let product = products::list(conn, f.district)
        .unwrap()
        .into_iter()
        .find(|p| p.id == f.products[0].0)
        .unwrap()
        .public_id;
    format!("/reports/{}/{product}", wave.public_id)
}

/// One tidy CSV statistic: (value, n, withheld) of the first row starting with `prefix`.
fn stat(csv: &str, prefix: &str, statistic: &str) -> (Option<f64>, Option<u64>, String) {
    let fields: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with(prefix))
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.get(6) == Some(&statistic))
        .unwrap_or_else(|| panic!("no {prefix} {statistic} in\n{csv}"));
    (
        fields[7].parse().ok(),
        fields[10].parse().ok(),
        fields[12].to_string(),
    )
}

async fn text(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

const TEACHERS_EASE: &str = "constructs,Teachers,,ease_of_use,";
const ALL_EASE: &str = "constructs,All groups,,ease_of_use,";

both_backends!(
    language_views_are_exact_and_add_up,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Language District");
        let base = seed(&mut conn, &f);
        let admin = staff(
            &mut conn,
            f.district,
            "lang@district.example",
            Role::DistrictAdmin,
            &[],
        );
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;

        let all = text(&app, &format!("{base}/report.csv")).await;
        let es = text(&app, &format!("{base}/report.csv?language=es")).await;
        let en = text(&app, &format!("{base}/report.csv?language=en")).await;
        let (v, n, _) = stat(&all, TEACHERS_EASE, "favourable");
        assert_eq!(n, Some(30));
        assert!((v.unwrap() - 20.0 / 30.0).abs() < 1e-6);
        let (v_es, n_es, w) = stat(&es, TEACHERS_EASE, "favourable");
        assert_eq!(
            (v_es, n_es, w.as_str()),
            (Some(0.6), Some(15), ""),
            "9 of 15"
        );
        let (v_en, n_en, _) = stat(&en, TEACHERS_EASE, "favourable");
        assert_eq!(n_en, Some(15));
        assert!((v_en.unwrap() - 11.0 / 15.0).abs() < 1e-6, "11 of 15");
        // The two views add up to the unfiltered figure: 15 + 15 = 30, 9 + 11 = 20.
        assert_eq!(n_es.unwrap() + n_en.unwrap(), 30);
        let favourable =
            v_es.unwrap() * n_es.unwrap() as f64 + v_en.unwrap() * n_en.unwrap() as f64;
        assert!((favourable - 20.0).abs() < 1e-4, "the CSV has six decimals");
        // Completed responses add up too.
        let completed = |csv: &str| stat(csv, "summary,Teachers,", "completed").1;
        assert_eq!(completed(&all), Some(30));
        assert_eq!(completed(&es), Some(15));
        assert_eq!(completed(&en), Some(15));
        // The pooled row (minimum 10) is shown over 15 respondents.
        assert_eq!(stat(&es, ALL_EASE, "favourable").1, Some(15));

        // The CSV and the JSON say which language they show.
        assert!(
            es.contains("summary,,,,,,view,,,,,\"All schools, all groups, answered in Spanish\","),
            "{es}"
        );
        assert!(all.contains("summary,,,,,,view,,,,,\"All schools, all groups\","));
        let survey = base.split('/').nth(2).unwrap();
        let product = base.split('/').nth(3).unwrap();
        let json = api_json(
            &app,
            &format!("/api/v1/surveys/{survey}/products/{product}/report?language=es"),
        )
        .await;
        assert_eq!(json["respondent_language"], "es");
        assert_eq!(json["view"], "All schools, all groups, answered in Spanish");
        let teachers = json["constructs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["construct"] == "ease_of_use" && r["group"] == "Teachers")
            .unwrap();
        assert_eq!(teachers["favourable"]["n"], 15);
        assert_eq!(teachers["favourable"]["value"], 0.6);
        let unfiltered = api_json(
            &app,
            &format!("/api/v1/surveys/{survey}/products/{product}/report"),
        )
        .await;
        assert!(unfiltered["respondent_language"].is_null());

        // The page names the view, keeps the choice in the form and on its download links.
        let page = text(&app, &format!("{base}?language=es")).await;
        assert!(page.contains("answered in Spanish"), "{page}");
        assert!(page.contains("<option value=\"es\" selected>Spanish</option>"));
        assert!(page.contains("report.csv?language&#x3D;es"), "{page}");
        let print = text(&app, &format!("{base}/print?language=es")).await;
        assert!(print.contains("answered in Spanish"));
        let xlsx = app
            .get(&format!("{base}/report.xlsx?language=es"))
            .await
            .bytes()
            .await
            .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        assert!(strings.contains("answered in Spanish"));
        let pdf = app
            .get(&format!("{base}/report.pdf?language=es"))
            .await
            .bytes()
            .await
            .unwrap();
        // The header line holds a "·", so the PDF writes it as a hex string.
        let hex: String = "answered in Spanish"
            .bytes()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert!(String::from_utf8_lossy(&pdf).contains(&hex));

        // An unknown language is refused on its field, on the page and the API alike.
        let res = app.get(&format!("{base}?language=fr")).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains(
                "is not a language respondents answer in; use en (English), es (Spanish) or all."
            ),
            "{body}"
        );
        assert_eq!(
            app.get(&format!("{base}/report.csv?language=fr"))
                .await
                .status(),
            422
        );
        // "all" is every language.
        let every = text(&app, &format!("{base}/report.csv?language=all")).await;
        assert_eq!(stat(&every, TEACHERS_EASE, "favourable").1, Some(30));
    }
);

both_backends!(
    small_and_subtractable_language_cells_are_withheld,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Language Suppression");
        let base = seed(&mut conn, &f);
        let admin = staff(
            &mut conn,
            f.district,
            "lang-sup@district.example",
            Role::DistrictAdmin,
            &[],
        );
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;
        let south = f.schools[1].0;

        // South teachers in English: 3 < 5 (primary).
        let en = text(
            &app,
            &format!("{base}/report.csv?language=en&school={south}"),
        )
        .await;
        let (v, n, w) = stat(&en, TEACHERS_EASE, "favourable");
        assert_eq!((v, n, w.as_str()), (None, None, "small cell"));
        // South teachers in Spanish: 7 ≥ 5, but the same view in every language shows 10, and
        // 10 − 7 = 3 English teachers would be a small cell (complementary).
        let es = text(
            &app,
            &format!("{base}/report.csv?language=es&school={south}"),
        )
        .await;
        let (v, n, w) = stat(&es, TEACHERS_EASE, "favourable");
        assert_eq!((v, n, w.as_str()), (None, None, "complementary"), "{es}");
        // Without the language filter South's 10 teachers are shown.
        let all = text(&app, &format!("{base}/report.csv?school={south}")).await;
        assert_eq!(stat(&all, TEACHERS_EASE, "favourable").1, Some(10));
        // North: 8 Spanish and 12 English teachers. Either alone is enough, but with South's
        // Spanish cell withheld, North's would give it away against the Spanish total (15):
        // North's language cells are withheld in this view as in the schools table below,
        // the same decision for every view (the cell lattice).
        let north = f.schools[0].0;
        let es = text(
            &app,
            &format!("{base}/report.csv?language=es&school={north}"),
        )
        .await;
        assert_eq!(
            stat(&es, TEACHERS_EASE, "favourable"),
            (None, None, "complementary".to_string())
        );
        // Without the language filter North's 20 teachers are shown.
        let all = text(&app, &format!("{base}/report.csv?school={north}")).await;
        assert_eq!(stat(&all, TEACHERS_EASE, "favourable").1, Some(20));

        // The schools table, teachers only (minimum 5). By language: North 12 en / 8 es,
        // South 3 en / 7 es, with the unfiltered school figures (20, 10) and the language
        // totals (15, 15) as margins. South's 3 English teachers are a small cell; South's
        // Spanish cell would give it away by subtraction from South's 10, and then the
        // English and Spanish totals force North's cells too.
        let row = |school: &str| format!("schools,,{school},Ease of use,");
        let es = text(
            &app,
            &format!("{base}/report.csv?language=es&group=teacher"),
        )
        .await;
        assert_eq!(stat(&es, &row("South"), "favourable").2, "complementary");
        assert_eq!(stat(&es, &row("North"), "favourable").2, "complementary");
        let (v, n, w) = stat(&es, &row("All schools"), "favourable");
        assert_eq!((v, n, w.as_str()), (Some(0.6), Some(15), ""));
        let en = text(
            &app,
            &format!("{base}/report.csv?language=en&group=teacher"),
        )
        .await;
        assert_eq!(stat(&en, &row("South"), "favourable").2, "small cell");
        assert_eq!(stat(&en, &row("North"), "favourable").2, "complementary");
        // Without the language filter both schools are shown.
        let all = text(&app, &format!("{base}/report.csv?group=teacher")).await;
        assert_eq!(stat(&all, &row("South"), "favourable").1, Some(10));
        assert_eq!(stat(&all, &row("North"), "favourable").1, Some(20));
    }
);

both_backends!(
    a_coordinator_sees_only_their_schools_in_a_language,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Language Scope");
        let base = seed(&mut conn, &f);
        let north = staff(
            &mut conn,
            f.district,
            "north@district.example",
            Role::SchoolCoordinator,
            &[f.schools[0]],
        );
        let south = staff(
            &mut conn,
            f.district,
            "south@district.example",
            Role::SchoolCoordinator,
            &[f.schools[1]],
        );
        drop(conn);

        // North's coordinator reads North in Spanish as the district's page does: with
        // South's language cells withheld, North's 8 Spanish (and 12 English) teachers would
        // give them away against the language totals, so they are withheld here too.
        app.sign_in_ok(&north, PASSWORD).await;
        let es = text(&app, &format!("{base}/report.csv?language=es")).await;
        let (v, n, w) = stat(&es, TEACHERS_EASE, "favourable");
        assert_eq!((v, n, w.as_str()), (None, None, "complementary"), "{es}");
        assert!(es.contains("schools,,North,"));
        assert!(!es.contains("South"), "{es}");
        assert!(es.contains("\"Your schools, all groups, answered in Spanish\""));
        let en = text(&app, &format!("{base}/report.csv?language=en")).await;
        assert_eq!(stat(&en, TEACHERS_EASE, "favourable").2, "complementary");
        let all = text(&app, &format!("{base}/report.csv")).await;
        assert_eq!(stat(&all, TEACHERS_EASE, "favourable").1, Some(20));
        // Another school is still refused under the language filter.
        let other = app
            .get(&format!("{base}?language=es&school={}", f.schools[1].0))
            .await;
        assert_eq!(other.status(), 422);

        // South's coordinator: 7 Spanish teachers of 10, so the 3 English ones would be
        // derivable from the unfiltered page; withheld.
        app.sign_in_ok(&south, PASSWORD).await;
        let es = text(&app, &format!("{base}/report.csv?language=es")).await;
        assert_eq!(stat(&es, TEACHERS_EASE, "favourable").2, "complementary");
        assert!(!es.contains("North"), "{es}");
        let all = text(&app, &format!("{base}/report.csv")).await;
        assert_eq!(stat(&all, TEACHERS_EASE, "favourable").1, Some(10));
    }
);

both_backends!(
    the_trend_compares_within_the_language,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Language Trend");
        let first = seed(&mut conn, &f);
        // Wave 2 teachers: Spanish 18 of 20 favourable, English 12 of 20.
        let two = later_wave(&mut conn, &f, 2, SurveyStatus::Open);
        teachers(&mut conn, &f, &two, 0, "es", 10, 9);
        teachers(&mut conn, &f, &two, 1, "es", 10, 9);
        teachers(&mut conn, &f, &two, 0, "en", 10, 6);
        teachers(&mut conn, &f, &two, 1, "en", 10, 6);
        let admin = staff(
            &mut conn,
            f.district,
            "lang-trend@district.example",
            Role::DistrictAdmin,
            &[],
        );
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;
        let product = first.split('/').nth(3).unwrap();
        let base = format!("/reports/{}/{product}", two.public_id);
        let points =
            |csv: &str| csv_value(csv, "trend,Teachers,,ease_of_use,", "difference_points");
        let close = |v: Option<f64>, want: f64| (v.unwrap() - want).abs() < 1e-4;
        // Every language: 30/40 = 75% against 20/30.
        let all = text(&app, &format!("{base}/report.csv")).await;
        assert!(close(points(&all), 75.0 - 200.0 / 3.0), "{all}");
        // Spanish: 90% against 9/15 = 60%; English: 60% against 11/15.
        let es = text(&app, &format!("{base}/report.csv?language=es")).await;
        assert!(close(points(&es), 30.0), "{es}");
        let en = text(&app, &format!("{base}/report.csv?language=en")).await;
        assert!(close(points(&en), 60.0 - 220.0 / 3.0), "{en}");
    }
);
