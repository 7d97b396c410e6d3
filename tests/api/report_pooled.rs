//! Benchmarks across districts: the same product (vendor and name matched ignoring case and
//! spacing) pooled over other opted-in districts' latest closed surveys, shown only to an
//! opted-in district, only with at least 3 other districts and the pooled minimum, and never
//! naming a district. The opt-in is a district setting only admins change.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{csv_value, first_wave, later_wave, submit, Wave};
use chorus::db::models::{districts, products};
use chorus::db::schema::{
    audit_log, districts as district_table, products as product_table, surveys,
};
use chorus::db::AnyConnection;
use chorus::domain::{DistrictId, Role, StakeholderGroup, SurveyStatus};
use diesel::prelude::*;

const VIEWER: &str = "Viewer Valley";
/// The other districts: name, how their admin typed the product's name and vendor, opted in.
const OTHERS: [(&str, &str, &str, bool); 4] = [
    ("Birchfield Unified", "ALPHA", "vEnDoR", true),
    ("Cedar Vale Schools", "  alpha  ", "VENDOR", true),
    ("Dunmore Isd", "aLpHa", " Vendor", true),
    ("Elmstead Public", "Alpha", "Vendor", false),
];

/// `n` students at school 0 answering ease-of-use items about the fixture's first product.
fn students(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    wave: &Wave,
    n: usize,
    answers: impl Fn(usize) -> Vec<(&'static str, i64)>,
) {
    submit(conn, f, wave, 0, StakeholderGroup::Student, n, answers);
}

fn fav(yes: bool) -> i64 {
    if yes {
        4
    } else {
        2
    }
}

fn rename(conn: &mut AnyConnection, f: &SurveyFixture, name: &str, vendor: &str) {
    diesel::update(product_table::table.find(f.products[0].0))
        .set((
            product_table::name.eq(name),
            product_table::vendor.eq(vendor),
        ))
        .execute(conn)
        .unwrap();
}

fn close(conn: &mut AnyConnection, wave: &Wave) {
    diesel::update(surveys::table.find(wave.survey.0))
        .set(surveys::status.eq("closed"))
        .execute(conn)
        .unwrap();
}

fn set_min_students(conn: &mut AnyConnection, district: DistrictId, min: i32) {
    diesel::update(district_table::table.find(district.0))
        .set(district_table::min_n_students.eq(min))
        .execute(conn)
        .unwrap();
}

/// The five districts with known answers; returns the viewer's fixture and the others'.
fn seed(conn: &mut AnyConnection) -> (SurveyFixture, Vec<SurveyFixture>) {
    let viewer = survey_fixture(conn, VIEWER);
    let wave = first_wave(conn, &viewer);
    // The viewer's own figure: 12 of 20.
    students(conn, &viewer, &wave, 20, |i| {
        vec![("ease.everyday_tasks", fav(i < 12))]
    });
    let mut others = Vec::new();
    for (k, (name, product, vendor, opted_in)) in OTHERS.iter().enumerate() {
        let f = survey_fixture(conn, name);
        rename(conn, &f, product, vendor);
        let wave = first_wave(conn, &f);
        match k {
            // 14 of 20; a later wave, still open, must not count.
            0 => {
                students(conn, &f, &wave, 20, |i| {
                    vec![("ease.everyday_tasks", fav(i < 14))]
                });
                let open = later_wave(conn, &f, 2, SurveyStatus::Open);
                students(conn, &f, &open, 30, |_| vec![("ease.everyday_tasks", 1)]);
            }
            // 5 of 10.
            1 => students(conn, &f, &wave, 10, |i| {
                vec![("ease.everyday_tasks", fav(i < 5))]
            }),
            // Two items: 9 of 12 and 6 of the first 10 (15 of 22 answers, 12 respondents).
            2 => students(conn, &f, &wave, 12, |i| {
                let mut a = vec![("ease.everyday_tasks", fav(i < 9))];
                if i < 10 {
                    a.push(("ease.finding_things", fav(i < 6)));
                }
                a
            }),
            // Opted out: 30 of 30, which would move the pooled figure.
            _ => students(conn, &f, &wave, 30, |_| vec![("ease.everyday_tasks", 5)]),
        }
        close(conn, &wave);
        districts::set_benchmark_opt_in(conn, f.district, *opted_in).unwrap();
        others.push(f);
    }
    (viewer, others)
}

/// A bearer token the signed-in admin creates.
async fn token(app: &TestApp) -> String {
    let html = app
        .post_form("/admin/tokens", &[("name", "pooled")])
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

async fn json(app: &TestApp, token: &str, survey: &str, product: &str) -> serde_json::Value {
    let res = app
        .other_client()
        .get(format!(
            "{}/api/v1/surveys/{survey}/products/{product}/report",
            app.address
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn ease(report: &serde_json::Value) -> serde_json::Value {
    report["pooled_benchmarks"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["construct"] == "ease_of_use")
        .unwrap()
        .clone()
}

fn public_ids(conn: &mut AnyConnection, f: &SurveyFixture) -> (String, String) {
    let survey = first_wave(conn, f).public_id;
    let product = products::list(conn, f.district)
        .unwrap()
        .into_iter()
        .find(|p| p.id == f.products[0].0)
        .unwrap()
        .public_id;
    (survey, product)
}

const SHOWN: &str = "Across 3 other districts using Alpha: 65% favourable (95% CI 50–78%, n = 42)";

both_backends!(
    pooled_benchmarks_across_opted_in_districts,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let (viewer, others) = seed(&mut conn);
        let admin = staff(
            &mut conn,
            viewer.district,
            "admin@valley.example",
            Role::DistrictAdmin,
            &[],
        );
        let coord = staff(
            &mut conn,
            viewer.district,
            "coord@valley.example",
            Role::SchoolCoordinator,
            &viewer.schools[..1],
        );
        let reader = staff(
            &mut conn,
            viewer.district,
            "viewer@valley.example",
            Role::Viewer,
            &[],
        );
        let other_admin = staff(
            &mut conn,
            others[3].district,
            "admin@elmstead.example",
            Role::DistrictAdmin,
            &[],
        );
        let (survey, product) = public_ids(&mut conn, &viewer);
        let opted_in = |conn: &mut AnyConnection| {
            districts::find(conn, viewer.district)
                .unwrap()
                .benchmark_opt_in
        };
        let base = format!("/reports/{survey}/{product}");

        // (f) Only the district admin sees or changes the setting.
        for who in [&coord, &reader] {
            app.sign_in_ok(who, PASSWORD).await;
            assert_eq!(app.get("/admin/district").await.status(), 404, "{who}");
            let res = app
                .post_form(
                    "/admin/district",
                    &[("time_zone", "UTC"), ("benchmark_opt_in", "on")],
                )
                .await;
            assert_eq!(res.status(), 404, "{who}");
            app.post_form("/signout", &[]).await;
        }
        assert!(!opted_in(&mut conn), "nothing written");

        app.sign_in_ok(&admin, PASSWORD).await;
        let settings = app.get("/admin/district").await.text().await.unwrap();
        assert!(
            settings
                .contains("name=\"benchmark_opt_in\" aria-describedby=\"benchmark_opt_in-hint\">"),
            "{settings}"
        );
        assert!(settings.contains("never shared"));
        let token = token(&app).await;

        // (a) Not opted in: no pooled section anywhere.
        let report = json(&app, &token, &survey, &product).await;
        assert!(report["pooled_benchmarks"].is_null(), "{report}");
        assert!(!app
            .get(&base)
            .await
            .text()
            .await
            .unwrap()
            .contains("Other districts using"));
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!csv.contains("pooled_favourable"));

        let res = app
            .post_form(
                "/admin/district",
                &[("time_zone", "UTC"), ("benchmark_opt_in", "on")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(opted_in(&mut conn));
        let settings = app.get("/admin/district").await.text().await.unwrap();
        assert!(
            settings.contains("aria-describedby=\"benchmark_opt_in-hint\" checked>"),
            "{settings}"
        );
        let audited: Vec<String> = audit_log::table
            .filter(audit_log::district_id.eq(viewer.district.0))
            .filter(audit_log::action.eq("district.benchmark_opt_in_set"))
            .select(audit_log::detail)
            .load(&mut conn)
            .unwrap();
        assert_eq!(audited, ["on"]);

        // (b) Opted in with B, C and D: (14 + 5 + 15) / (20 + 10 + 22) answers, n = 20 + 10 + 12
        // respondents; Elmstead (opted out) and Birchfield's open wave are not in it.
        let report = json(&app, &token, &survey, &product).await;
        let row = ease(&report);
        assert_eq!(row["districts"], 3, "{row}");
        assert_eq!(row["pooled"]["n"], 42);
        let close_to = |v: &serde_json::Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-9;
        assert!(close_to(&row["pooled"]["value"], 34.0 / 52.0), "{row}");
        assert!(
            close_to(&row["pooled"]["low"], 0.502_633_747_387_629_1),
            "{row}"
        );
        assert!(
            close_to(&row["pooled"]["high"], 0.779_274_316_961_385),
            "{row}"
        );
        assert_eq!(row["text"], SHOWN);
        assert_eq!(row["own"]["text"], "60% (95% CI 39–78%)");
        assert_eq!(report["pooled_benchmarks"]["min_n"], 10);
        let page = app.get(&base).await.text().await.unwrap();
        let shown_html = SHOWN.replace('=', "&#x3D;");
        assert!(page.contains(&shown_html), "{page}");
        assert!(page.contains("<h2 id=\"pooled-benchmarks\">Other districts using Alpha</h2>"));
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        let prefix = "benchmarks,All groups,,ease_of_use,";
        assert!(
            (csv_value(&csv, prefix, "pooled_favourable").unwrap() - 0.653_846).abs() < 1e-9,
            "{csv}"
        );
        assert!(csv.contains(&format!(
            "benchmarks,All groups,,ease_of_use,,,pooled_favourable,0.653846,0.502634,0.779274,42,\"{SHOWN}\","
        )), "{csv}");
        assert!(csv.contains(
            "benchmarks,,,ease_of_use,,,pooled_districts,3.000000,,,,3 other districts,"
        ));
        let print = app
            .get(&format!("{base}/print"))
            .await
            .text()
            .await
            .unwrap();
        assert!(print.contains(&shown_html));
        let pdf = app
            .get(&format!("{base}/report.pdf"))
            .await
            .bytes()
            .await
            .unwrap();
        let pdf = String::from_utf8_lossy(&pdf).to_string();
        assert!(pdf.contains("Other districts using Alpha"));
        // A line with non-ASCII text (the en dash) is written as hex.
        let hex: String = "Across 3 other districts using Alpha: 65% favourable"
            .bytes()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert!(pdf.contains(&hex));
        let xlsx = app
            .get(&format!("{base}/report.xlsx"))
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
        assert!(strings.contains(SHOWN), "{strings}");

        // (e) No other district's name, slug or spelling of the product in any format.
        let body = report.to_string();
        for (name, product_name, vendor, _) in OTHERS {
            let slug = chorus::demo::slugify(name);
            for text in [&page, &print, &csv, &body, &pdf, &strings] {
                assert!(!text.contains(name) && !text.contains(&slug), "{name}");
            }
            for spelling in [product_name.trim(), vendor.trim()] {
                // Lower-case words ("alpha", "vendor") occur in the report's own text.
                if !["Alpha", "Vendor"].contains(&spelling) && spelling.to_lowercase() != spelling {
                    for text in [&page, &print, &csv, &body] {
                        assert!(!text.contains(spelling), "{spelling}");
                    }
                }
            }
        }

        // A coordinator's scoped view shows the pooled figure unchanged (it is other districts').
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&coord, PASSWORD).await;
        let page = app.get(&base).await.text().await.unwrap();
        assert!(page.contains(&shown_html), "{page}");
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&admin, PASSWORD).await;

        // (d) The pool below the viewer's minimum: no figure.
        set_min_students(&mut conn, viewer.district, 50);
        let row = ease(&json(&app, &token, &survey, &product).await);
        assert!(
            row["pooled"]["value"].is_null() && row["pooled"]["n"].is_null(),
            "{row}"
        );
        assert_eq!(row["pooled"]["withheld"], "small cell");
        assert_eq!(
            row["text"],
            "Across 3 other districts using Alpha: fewer than 50 respondents pooled."
        );
        set_min_students(&mut conn, viewer.district, 10);
        // A district below its own minimum does not contribute (then only 2 are left).
        set_min_students(&mut conn, others[1].district, 11);
        let row = ease(&json(&app, &token, &survey, &product).await);
        assert_eq!(row["pooled"]["withheld"], "not enough districts", "{row}");
        set_min_students(&mut conn, others[1].district, 10);
        assert_eq!(
            ease(&json(&app, &token, &survey, &product).await)["text"],
            SHOWN
        );

        // (c) Only two other districts opted in: no figure, and not how many there are.
        districts::set_benchmark_opt_in(&mut conn, others[1].district, false).unwrap();
        let row = ease(&json(&app, &token, &survey, &product).await);
        assert!(
            row["districts"].is_null() && row["pooled"]["value"].is_null(),
            "{row}"
        );
        assert_eq!(row["pooled"]["withheld"], "not enough districts");
        let page = app.get(&base).await.text().await.unwrap();
        assert!(page.contains("Not enough other districts using Alpha share benchmarks yet"));
        assert!(!page.contains("Across 2 other districts"));
        let csv = app
            .get(&format!("{base}/report.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(csv_value(&csv, prefix, "pooled_favourable"), None);
        assert!(!csv.contains("pooled_districts"));

        // Opting out again is audited and hides the section.
        let res = app
            .post_form("/admin/district", &[("time_zone", "UTC")])
            .await;
        assert_eq!(res.status(), 303);
        assert!(!opted_in(&mut conn));
        assert!(json(&app, &token, &survey, &product).await["pooled_benchmarks"].is_null());
        let audited: i64 = audit_log::table
            .filter(audit_log::action.eq("district.benchmark_opt_in_set"))
            .filter(audit_log::detail.eq("off"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(audited, 1);

        // (a) An opted-out district never sees the section, even with others opted in.
        districts::set_benchmark_opt_in(&mut conn, others[1].district, true).unwrap();
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&other_admin, PASSWORD).await;
        let other_token = crate::report_pooled::token(&app).await;
        let (survey, product) = public_ids(&mut conn, &others[3]);
        let report = json(&app, &other_token, &survey, &product).await;
        assert!(report["pooled_benchmarks"].is_null());
        let page = app
            .get(&format!("/reports/{survey}/{product}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!page.contains("Other districts using"));

        // The JSON section is described in the OpenAPI document.
        let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        let schemas = &doc["components"]["schemas"];
        assert!(schemas["ProductReport"]["properties"]["pooled_benchmarks"].is_object());
        assert!(
            schemas["PooledRow"]["properties"]["districts"].is_object(),
            "{schemas}"
        );
    }
);
