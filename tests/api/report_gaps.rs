//! Group gaps in the constructs section: two-proportion z on percent favourable, Holm over
//! the section, flagged only when significant and at least 10 points; in every format.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{api_json, csv_value, first_wave, submit};
use chorus::db::models::products;
use chorus::domain::{Role, StakeholderGroup};

both_backends!(
    a_large_gap_is_flagged_and_a_small_one_is_not,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Gap District");
        let wave = first_wave(&mut conn, &f);
        // Ease of use: students 16/20 favourable, teachers 6/20. Impact: 11/20 vs 10/20.
        submit(
            &mut conn,
            &f,
            &wave,
            0,
            StakeholderGroup::Student,
            20,
            |i| {
                vec![
                    ("ease.everyday_tasks", if i < 16 { 4 } else { 2 }),
                    ("impact.learning", if i < 11 { 5 } else { 3 }),
                ]
            },
        );
        submit(
            &mut conn,
            &f,
            &wave,
            0,
            StakeholderGroup::Teacher,
            20,
            |i| {
                vec![
                    ("ease.everyday_tasks", if i < 6 { 5 } else { 1 }),
                    ("impact.learning", if i < 10 { 4 } else { 2 }),
                ]
            },
        );
        let admin = staff(
            &mut conn,
            f.district,
            "gaps@district.example",
            Role::DistrictAdmin,
            &[],
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

        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        let pair = "gaps,Students (grades 6–12) vs Teachers,,";
        let ease = format!("{pair}ease_of_use,");
        let impact = format!("{pair}impact,");
        // By hand: z = (0.8 − 0.3)/√(0.55·0.45·(2/20)) = 3.178209, p = 0.0014819;
        // impact 0.55 vs 0.50: z = 0.316624, p = 0.751529. Holm over the two: 0.0029638, 0.751529.
        let close = |v: Option<f64>, want: f64| (v.unwrap() - want).abs() < 1e-6;
        assert!(close(csv_value(&csv, &ease, "z"), 3.178209), "{csv}");
        assert!(close(csv_value(&csv, &ease, "p"), 0.001482));
        assert!(close(csv_value(&csv, &ease, "adjusted_p"), 0.002964));
        assert!(close(csv_value(&csv, &ease, "difference_points"), 50.0));
        assert_eq!(csv_value(&csv, &ease, "flagged"), Some(1.0));
        assert!(close(csv_value(&csv, &impact, "p"), 0.751529));
        assert!(close(csv_value(&csv, &impact, "adjusted_p"), 0.751529));
        assert_eq!(csv_value(&csv, &impact, "flagged"), Some(0.0));
        assert_eq!(
            csv.lines().filter(|l| l.starts_with("gaps,")).count(),
            12,
            "two comparisons (constructs without answers have none), six rows each"
        );
        // The difference's 95% interval (statsmodels confint_proportions_2indep(16, 20, 6, 20,
        // method="newcomb"): 0.192408 to 0.695243) rides on difference_points, in points; and
        // Cohen's h (proportion_effectsize(0.8, 0.3)).
        let row = csv
            .lines()
            .find(|l| l.starts_with(&ease) && l.contains(",difference_points,"))
            .unwrap();
        assert!(row.contains(",50.000000,19.240835,69.524312,40,"), "{row}");
        assert!(row.contains("(95% CI +19 to +70 points)"), "{row}");
        assert!(close(csv_value(&csv, &ease, "cohens_h"), 1.055018));

        let sentence =
            "Students (grades 6–12) are more favourable than teachers on Ease of use: 80% vs 30%";
        let page = app.get(&base).await.text().await.unwrap();
        assert!(page.contains(sentence), "{page}");
        assert!(page.contains("<details><summary>How this was tested</summary>"));
        assert!(page.contains("Holm-adjusted p &#x3D; 0.003"), "{page}");
        assert!(!page.contains("than teachers on Impact"));
        assert!(page.contains("1 of 2 comparisons flagged"));
        let print = app
            .get(&format!("{base}/print"))
            .await
            .text()
            .await
            .unwrap();
        assert!(print.contains(sentence));

        let json = api_json(
            &app,
            &format!(
                "/api/v1/surveys/{}/products/{product}/report",
                wave.public_id
            ),
        )
        .await;
        assert_eq!(json["gaps"]["flagged"][0]["sentence"], sentence);
        assert_eq!(json["gaps"]["tested"].as_array().unwrap().len(), 2);
        let gap = &json["gaps"]["flagged"][0];
        assert!((gap["points_low"].as_f64().unwrap() - 19.240_835).abs() < 1e-5);
        assert!((gap["points_high"].as_f64().unwrap() - 69.524_312).abs() < 1e-5);
        assert_eq!(gap["effect_size"], "large");
        assert!(
            page.contains("95% CI +19 to +70 points, Newcombe"),
            "{page}"
        );
        assert!(
            page.contains("Cohen&#x27;s h &#x3D; 1.06 (large)"),
            "{page}"
        );

        let pdf = app
            .get(&format!("{base}/report.pdf"))
            .await
            .bytes()
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("Group gaps (percent favourable)"));
        assert!(text.contains("1 of 2 comparisons flagged"));

        let xlsx = app
            .get(&format!("{base}/report.xlsx"))
            .await
            .bytes()
            .await
            .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
        let mut book = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book)
            .unwrap();
        assert!(book.contains("name=\"Group gaps\""), "{book}");
    }
);
