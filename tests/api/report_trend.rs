//! Trend across two waves of a series with known counts: this wave against the previous one
//! per construct × group (two-proportion z, Holm over the section, flagged at ≥ 10 points),
//! support across waves, the wave links, suppression and coordinator scoping on both sides.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{api_json, csv_value, first_wave, later_wave, submit, Wave};
use chorus::db::models::products;
use chorus::db::AnyConnection;
use chorus::domain::{Role, SchoolId, StakeholderGroup, SurveyStatus};

const EASE: &str = "ease.everyday_tasks";
const SUPPORT: &str = "support.resolution";

/// `n` respondents of whom the first `ease` find it easy and the first `support` are served well.
fn teachers(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    w: &Wave,
    school: usize,
    n: usize,
    ease: usize,
    support: usize,
) {
    submit(conn, f, w, school, StakeholderGroup::Teacher, n, move |i| {
        vec![
            (EASE, if i < ease { 5 } else { 2 }),
            (SUPPORT, if i < support { 4 } else { 2 }),
        ]
    });
}

fn students(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    w: &Wave,
    school: usize,
    n: usize,
    ease: usize,
) {
    submit(conn, f, w, school, StakeholderGroup::Student, n, move |i| {
        vec![(EASE, if i < ease { 4 } else { 1 })]
    });
}

fn close(v: Option<f64>, want: f64) -> bool {
    v.is_some_and(|v| (v - want).abs() < 1e-6)
}

both_backends!(
    trend_against_the_previous_wave_with_known_counts,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Trend District");
        let one = first_wave(&mut conn, &f);
        let two = later_wave(&mut conn, &f, 2, SurveyStatus::Closed);
        // Spring 2027: teachers 16/20 easy and 16/20 well served; students 10/20 at North, 2/4 at
        // South (a small cell). Wave 2: teachers 5/20 and 6/20; students 11/20 and 6/12.
        teachers(&mut conn, &f, &one, 0, 10, 8, 8);
        teachers(&mut conn, &f, &one, 1, 10, 8, 8);
        students(&mut conn, &f, &one, 0, 20, 10);
        students(&mut conn, &f, &one, 1, 4, 2);
        teachers(&mut conn, &f, &two, 0, 10, 2, 3);
        teachers(&mut conn, &f, &two, 1, 10, 3, 3);
        students(&mut conn, &f, &two, 0, 20, 11);
        students(&mut conn, &f, &two, 1, 12, 6);
        let admin = staff(
            &mut conn,
            f.district,
            "trend@district.example",
            Role::DistrictAdmin,
            &[],
        );
        let coordinator = staff(
            &mut conn,
            f.district,
            "north@district.example",
            Role::SchoolCoordinator,
            &[SchoolId(f.schools[0].0)],
        );
        let product = products::list(&mut conn, f.district)
            .unwrap()
            .into_iter()
            .find(|p| p.id == f.products[0].0)
            .unwrap()
            .public_id;
        drop(conn);
        app.sign_in_ok(&admin, PASSWORD).await;
        let base = format!("/reports/{}/{product}", two.public_id);
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();

        // By hand (a = wave 2, b = wave 1), Holm over the five comparisons of the section:
        // ease, all groups 22/52 vs 28/44: p 0.0371315 → 0.0742629 (not flagged after Holm);
        // ease, students 17/32 vs 12/24: p 0.816847 → 0.816847;
        // ease, teachers 5/20 vs 16/20: z −3.482862, p 0.000496085 → 0.00248042 (flagged);
        // support construct, all groups and teachers, 6/20 vs 16/20: p 0.00148188 → 0.00592752.
        let all = "trend,All groups,,ease_of_use,";
        let st = "trend,Students (grades 6–12),,ease_of_use,";
        let te = "trend,Teachers,,ease_of_use,";
        assert!(close(csv_value(&csv, all, "p"), 0.037131), "{csv}");
        assert!(close(csv_value(&csv, all, "adjusted_p"), 0.074263));
        assert_eq!(csv_value(&csv, all, "flagged"), Some(0.0));
        assert!(close(csv_value(&csv, st, "adjusted_p"), 0.816847));
        assert_eq!(csv_value(&csv, st, "flagged"), Some(0.0));
        assert!(close(csv_value(&csv, te, "z"), -3.482862));
        assert!(close(csv_value(&csv, te, "adjusted_p"), 0.002480));
        assert!(close(csv_value(&csv, te, "difference_points"), -55.0));
        // Newcombe interval of 5/20 − 16/20 (statsmodels, method="newcomb") and Cohen's h.
        let row = csv
            .lines()
            .find(|l| l.starts_with(te) && l.contains(",difference_points,"))
            .unwrap();
        assert!(
            row.contains(",-55.000000,-73.255077,-24.260188,40,"),
            "{row}"
        );
        assert!(close(csv_value(&csv, te, "cohens_h"), -1.167100));
        assert_eq!(csv_value(&csv, te, "flagged"), Some(1.0));
        assert!(close(
            csv_value(&csv, "trend,Teachers,,vendor_support,", "adjusted_p"),
            0.005928
        ));
        // Five comparisons, six rows each (Cohen's h was added beside the interval).
        assert_eq!(csv.lines().filter(|l| l.starts_with("trend,")).count(), 30);
        // Support across waves, oldest first, and the last change (one test: p unadjusted).
        let support: Vec<&str> = csv
            .lines()
            .filter(|l| l.starts_with("support_trend,,,vendor_support,,,support_satisfied,"))
            .collect();
        assert_eq!(support.len(), 2, "{csv}");
        assert!(support[0].contains(",0.800000,") && support[0].contains("Spring 2027: 80%"));
        assert!(support[1].contains(",0.300000,") && support[1].contains("Wave 2: 30%"));
        let last = "support_trend,Wave 2 vs Spring 2027,,vendor_support,";
        assert!(close(csv_value(&csv, last, "adjusted_p"), 0.001482));
        assert_eq!(csv_value(&csv, last, "flagged"), Some(1.0));

        let page = app.get(&base).await.text().await.unwrap();
        let sentence =
            "Teachers are less favourable on Ease of use than in Spring 2027: 25% vs 80%";
        assert!(page.contains(sentence), "{page}");
        assert!(!page.contains("All groups are less favourable on Ease of use"));
        // The table of every comparison has the interval and h beside the change.
        assert!(page.contains("<td>-55 points</td><td>-73 to -24 points</td><td>-1.17, large</td>"));
        assert!(page.contains(
            "Satisfaction with vendor support fell from 80% in Spring 2027 to 30% in Wave 2"
        ));
        assert!(page.contains(&format!(
            "href=\"/reports/{}/{product}\">Spring 2027</a>",
            one.public_id
        )));
        assert!(page.contains("<strong aria-current=\"page\">Wave 2</strong>"));
        let json = api_json(
            &app,
            &format!(
                "/api/v1/surveys/{}/products/{product}/report",
                two.public_id
            ),
        )
        .await;
        assert_eq!(json["trend"]["previous_wave"], "Spring 2027");
        assert_eq!(
            json["trend"]["comparisons"]["flagged"][0]["sentence"],
            sentence
        );
        assert_eq!(json["waves"].as_array().unwrap().len(), 2);
        let pdf = app
            .get(&format!("{base}/report.pdf"))
            .await
            .bytes()
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("(Trend against Spring 2027)"));
        let print = app
            .get(&format!("{base}/print"))
            .await
            .text()
            .await
            .unwrap();
        assert!(print.contains(sentence));

        // The first wave has no previous one, and says so.
        let first = app
            .get(&format!("/reports/{}/{product}", one.public_id))
            .await
            .text()
            .await
            .unwrap();
        assert!(first.contains("No previous wave"));

        // South's students: 12 this wave, 4 (a small cell) in the previous: no comparison.
        let south = app
            .get(&format!(
                "{base}/report.csv?school={}&group=student",
                f.schools[1].0
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            south.contains("constructs,Students (grades 6–12),,ease_of_use,,,favourable,0.500000"),
            "{south}"
        );
        assert!(!south.lines().any(|l| l.starts_with("trend,")), "{south}");

        // North's coordinator: both waves over North only. Students' previous-wave row is
        // withheld (the district has 4 more, a small group), so it is not compared.
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&coordinator, PASSWORD).await;
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!csv.lines().any(|l| l.starts_with(st)), "{csv}");
        // Changed with group-row suppression (issue #7 item 11): this asserted the teachers'
        // comparison (−60 points). North's previous-wave All groups (30) minus its teachers
        // (10) gave its withheld students (20), and the district's 24 then South's 4, so the
        // teachers' previous-wave row is now withheld (complementary) and not compared.
        assert!(!csv.lines().any(|l| l.starts_with(te)), "{csv}");
        assert!(close(
            csv_value(&csv, all, "difference_points"),
            100.0 * (13.0 / 30.0 - 0.6)
        ));
        assert!(!csv.contains("South"));
    }
);
