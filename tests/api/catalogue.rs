//! The catalogue pages: validation with a message per field, audited changes, the renewal
//! calendar, and that no other role and no other district can reach any of it.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::schema::{audit_log, product_features, product_schools, products, schools};
use chorus::domain::Role;
use diesel::prelude::*;

/// An admin of a fresh fixture district, signed in; returns the fixture.
pub async fn signed_in_admin(app: &TestApp, name: &str) -> crate::fixtures::SurveyFixture {
    let (fixture, admin) = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, name);
        let email = format!("admin@{}.example", chorus::demo::slugify(name));
        let admin = staff(&mut conn, f.district, &email, Role::DistrictAdmin, &[]);
        (f, admin)
    };
    app.sign_in_ok(&admin, PASSWORD).await;
    fixture
}

pub fn count_products(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().unwrap();
    products::table.count().get_result(&mut *conn).unwrap()
}

/// The catalogue's audit actions, oldest first (sign-ins and the like left out).
pub fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut conn = app.pool.get().unwrap();
    let all: Vec<String> = audit_log::table
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut *conn)
        .unwrap();
    all.into_iter()
        .filter(|a| {
            ["school.", "product.", "feature."]
                .iter()
                .any(|p| a.starts_with(p))
        })
        .collect()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

both_backends!(
    school_form_reports_every_field_then_saves,
    |app: TestApp| async move {
        signed_in_admin(&app, "School District").await;
        let res = app
            .post_form(
                "/admin/schools/new",
                &[
                    ("name", "  "),
                    ("level", "college"),
                    ("expected_students", "-4"),
                    ("expected_teachers", "lots"),
                    ("expected_parents", "100001"),
                    ("expected_coordinators", "2"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        for message in [
            "Enter the school name.",
            "Choose the school&#x27;s level.",
            "cannot be negative",
            "&quot;lots&quot; is not a whole number",
            "at most 100000",
        ] {
            assert!(html.contains(message), "missing {message}");
        }
        assert!(html.contains("id=\"expected_teachers-error\""));
        assert!(html.contains("value=\"lots\""), "typed values are kept");
        // A name the district already has (case-blind) is refused too.
        let res = app
            .post_form(
                "/admin/schools/new",
                &[
                    ("name", "north"),
                    ("level", "high"),
                    ("grade_span", "9-12"),
                    ("expected_students", "1"),
                    ("expected_teachers", "1"),
                    ("expected_parents", "1"),
                    ("expected_coordinators", "1"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("already has this name"));
        let fields = [
            ("name", "Westside High"),
            ("level", "high"),
            ("grade_span", "9-12"),
            ("expected_students", "1,250"),
            ("expected_teachers", "80"),
            ("expected_parents", "900"),
            ("expected_coordinators", "3"),
        ];
        let res = app.post_form("/admin/schools/new", &fields).await;
        assert_eq!(res.status(), 303);
        let id: i32 = {
            let mut conn = app.pool.get().unwrap();
            let (id, students): (i32, i32) = schools::table
                .filter(schools::name.eq("Westside High"))
                .select((schools::id, schools::expected_students))
                .first(&mut *conn)
                .unwrap();
            assert_eq!(students, 1250);
            id
        };
        let list = app.get("/admin/schools").await.text().await.unwrap();
        assert!(list.contains("Westside High") && list.contains("1250"));
        let edit = app.get(&format!("/admin/schools/{id}/edit")).await;
        assert_eq!(edit.status(), 200);
        assert!(edit
            .text()
            .await
            .unwrap()
            .contains("value=\"Westside High\""));
        let mut renamed = fields;
        renamed[0] = ("name", "Westside Senior High");
        let res = app
            .post_form(&format!("/admin/schools/{id}/edit"), &renamed)
            .await;
        assert_eq!(res.status(), 303);
        let res = app
            .post_form(&format!("/admin/schools/{id}/archive"), &[])
            .await;
        assert_eq!(res.status(), 303);
        let list = app.get("/admin/schools").await.text().await.unwrap();
        assert!(list.contains("Westside Senior High") && list.contains("Archived"));
        assert_eq!(
            app.post_form(&format!("/admin/schools/{id}/explode"), &[])
                .await
                .status(),
            404
        );
        let actions = audit_actions(&app);
        assert_eq!(
            actions[actions.len() - 3..],
            ["school.create", "school.update", "school.archive"]
        );
    }
);

fn product_fields<'a>(name: &'a str, schools: &'a [String]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", name),
        ("vendor", "Lexia Learning"),
        ("category", "Reading"),
        ("annual_cost", "38,000.50"),
        ("currency", "usd"),
        ("licensed_seats", "1200"),
        ("seat_unit", "student"),
        ("contract_start", "2026-07-01"),
        ("contract_end", "2027-06-30"),
        ("support_contact", "help@lexia.example"),
        ("notes", "Renewed twice.\nAsk about the reports tier."),
    ];
    fields.extend(schools.iter().map(|s| ("schools", s.as_str())));
    fields
}

both_backends!(
    product_form_features_and_schools,
    |app: TestApp| async move {
        let f = signed_in_admin(&app, "Product District").await;
        let before = count_products(&app);
        let res = app
            .post_form(
                "/admin/products/new",
                &[
                    ("name", ""),
                    ("vendor", ""),
                    ("annual_cost", "12.345"),
                    ("currency", "dollars"),
                    ("licensed_seats", "many"),
                    ("seat_unit", "desk"),
                    ("contract_start", "2027-07-01"),
                    ("contract_end", "2027-06-30"),
                    ("schools", "999999"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        for field in [
            "name",
            "vendor",
            "annual_cost",
            "currency",
            "licensed_seats",
            "seat_unit",
            "contract_end",
            "schools",
        ] {
            assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}");
        }
        assert!(html.contains("is before its start"));
        assert_eq!(count_products(&app), before, "nothing written");

        let taken = app
            .post_form("/admin/products/new", &product_fields("alpha", &[]))
            .await;
        assert_eq!(taken.status(), 422);
        assert!(taken
            .text()
            .await
            .unwrap()
            .contains("already has a product"));

        let north = f.schools[0].0.to_string();
        let chosen = [north.clone()];
        let res = app
            .post_form("/admin/products/new", &product_fields("Lexia", &chosen))
            .await;
        assert_eq!(res.status(), 303);
        let detail_path = location(&res).split('?').next().unwrap().to_string();
        let public_id = detail_path.rsplit('/').next().unwrap().to_string();
        let html = app.get(&detail_path).await.text().await.unwrap();
        assert!(html.contains("38,000.50 USD") && html.contains("1200 per student"));
        assert!(html.contains("North") && !html.contains("<li>South</li>"));

        // Features: add, refuse a duplicate, edit, remove.
        let features = format!("{detail_path}/features");
        let res = app
            .post_form(
                &features,
                &[
                    ("name", "Core5"),
                    ("description", "Adaptive practice"),
                    ("in_licence", "on"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let res = app
            .post_form(&features, &[("name", "core5 "), ("description", "")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("already has a feature"));
        let res = app
            .post_form(&features, &[("name", ""), ("description", "x")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Enter the feature name."));
        let feature_id: i32 = {
            let mut conn = app.pool.get().unwrap();
            product_features::table
                .inner_join(products::table)
                .filter(products::public_id.eq(&public_id))
                .select(product_features::id)
                .first(&mut *conn)
                .unwrap()
        };
        let res = app
            .post_form(
                &format!("{features}/{feature_id}"),
                &[("name", "Core5 Reading"), ("description", "")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let html = app.get(&detail_path).await.text().await.unwrap();
        assert!(html.contains("Core5 Reading") && html.contains("Not included"));
        let res = app
            .post_form(&format!("{features}/{feature_id}/remove"), &[])
            .await;
        assert_eq!(res.status(), 303);
        assert!(!app
            .get(&detail_path)
            .await
            .text()
            .await
            .unwrap()
            .contains("Core5 Reading"));

        // A product in a survey keeps its features.
        let alpha: String = {
            let mut conn = app.pool.get().unwrap();
            products::table
                .filter(products::id.eq(f.products[0].0))
                .select(products::public_id)
                .first(&mut *conn)
                .unwrap()
        };
        let res = app
            .post_form(
                &format!(
                    "/admin/products/{alpha}/features/{}/remove",
                    f.features[0][0]
                ),
                &[],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("is in a survey"));

        // Edit: schools switch from North to South; bad input keeps the typed values.
        let south = [f.schools[1].0.to_string()];
        let mut bad = product_fields("Lexia", &south);
        bad[3] = ("annual_cost", "-1");
        let res = app.post_form(&format!("{detail_path}/edit"), &bad).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("value=\"-1\""));
        let res = app
            .post_form(
                &format!("{detail_path}/edit"),
                &product_fields("Lexia Core5", &south),
            )
            .await;
        assert_eq!(res.status(), 303);
        let used_by: Vec<i32> = {
            let mut conn = app.pool.get().unwrap();
            product_schools::table
                .inner_join(products::table)
                .filter(products::public_id.eq(&public_id))
                .select(product_schools::school_id)
                .load(&mut *conn)
                .unwrap()
        };
        assert_eq!(used_by, [f.schools[1].0]);
        assert_eq!(
            app.post_form(&format!("{detail_path}/archive"), &[])
                .await
                .status(),
            303
        );
        let list = app.get("/admin/products").await.text().await.unwrap();
        assert!(list.contains("Lexia Core5") && list.contains("Archived"));
        let actions = audit_actions(&app);
        assert_eq!(
            actions[actions.len() - 6..],
            [
                "product.create",
                "feature.create",
                "feature.update",
                "feature.delete",
                "product.update",
                "product.archive"
            ]
        );
    }
);

both_backends!(
    renewal_calendar_orders_and_highlights,
    |app: TestApp| async move {
        signed_in_admin(&app, "Renewal District").await;
        let today = chrono::Utc::now().date_naive();
        let start = (today - chrono::Duration::days(300)).to_string();
        for (name, days) in [("Later", 200), ("Soon", 42), ("Lapsed", -3)] {
            let end = (today + chrono::Duration::days(days)).to_string();
            let mut fields = product_fields(name, &[]);
            fields[7] = ("contract_start", &start);
            fields[8] = ("contract_end", &end);
            assert_eq!(
                app.post_form("/admin/products/new", &fields).await.status(),
                303
            );
        }
        let html = app.get("/admin/renewals").await.text().await.unwrap();
        let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
        assert!(at(">Lapsed<") < at(">Soon<") && at(">Soon<") < at(">Later<"));
        assert!(at(">Later<") < at(">Alpha<"), "no end date comes last");
        assert!(html.contains("Renews in 42 days") && html.contains("Ended 3 days ago"));
        assert!(html.contains("In 200 days"));
        assert!(html.contains("<strong>1</strong> renew in the next 90 days"));
    }
);

/// Every catalogue page and action, with a product and school of the given district.
fn routes(product: &str, school: i32, feature: i32) -> (Vec<String>, Vec<String>) {
    let gets = vec![
        "/admin/schools".to_string(),
        "/admin/schools/new".into(),
        format!("/admin/schools/{school}/edit"),
        "/admin/products".into(),
        "/admin/products/new".into(),
        "/admin/products/import".into(),
        format!("/admin/products/{product}"),
        format!("/admin/products/{product}/edit"),
        "/admin/renewals".into(),
    ];
    let posts = vec![
        "/admin/schools/new".to_string(),
        format!("/admin/schools/{school}/edit"),
        format!("/admin/schools/{school}/archive"),
        format!("/admin/schools/{school}/unarchive"),
        "/admin/products/new".into(),
        format!("/admin/products/{product}/edit"),
        format!("/admin/products/{product}/archive"),
        format!("/admin/products/{product}/unarchive"),
        format!("/admin/products/{product}/features"),
        format!("/admin/products/{product}/features/{feature}"),
        format!("/admin/products/{product}/features/{feature}/remove"),
        "/admin/products/import/preview".into(),
        "/admin/products/import/commit".into(),
    ];
    (gets, posts)
}

both_backends!(
    catalogue_is_fenced_by_role_and_district,
    |app: TestApp| async move {
        let (a, b, users) = {
            let mut conn = app.pool.get().unwrap();
            let a = survey_fixture(&mut conn, "District A");
            let b = survey_fixture(&mut conn, "District B");
            let users = [
                staff(
                    &mut conn,
                    a.district,
                    "admin@a.example",
                    Role::DistrictAdmin,
                    &[],
                ),
                staff(
                    &mut conn,
                    a.district,
                    "coord@a.example",
                    Role::SchoolCoordinator,
                    &a.schools,
                ),
                staff(
                    &mut conn,
                    a.district,
                    "viewer@a.example",
                    Role::Viewer,
                    &a.schools,
                ),
            ];
            (a, b, users)
        };
        let public_id = |id: i32| -> String {
            let mut conn = app.pool.get().unwrap();
            products::table
                .filter(products::id.eq(id))
                .select(products::public_id)
                .first(&mut *conn)
                .unwrap()
        };
        let own = routes(
            &public_id(a.products[0].0),
            a.schools[0].0,
            a.features[0][0],
        );
        let foreign = routes(
            &public_id(b.products[0].0),
            b.schools[0].0,
            b.features[0][0],
        );
        let form = [("name", "Hijack"), ("csv", "name\n"), ("level", "high")];
        let before = (count_products(&app), audit_actions(&app).len());

        // Coordinators and viewers: every route answers 404, own district or not.
        for who in &users[1..] {
            app.sign_in_ok(who, PASSWORD).await;
            for path in own.0.iter().chain(&foreign.0) {
                assert_eq!(app.get(path).await.status(), 404, "{who} GET {path}");
            }
            for path in own.1.iter().chain(&foreign.1) {
                assert_eq!(
                    app.post_form(path, &form).await.status(),
                    404,
                    "{who} POST {path}"
                );
            }
            app.post_form("/signout", &[]).await;
        }
        // The admin: every page of the own district answers 200 …
        app.sign_in_ok(&users[0], PASSWORD).await;
        for path in &own.0 {
            assert_eq!(app.get(path).await.status(), 200, "admin GET {path}");
        }
        // … and every page or action on another district's objects answers 404.
        for path in foreign.0.iter().filter(|p| {
            p.contains(&public_id(b.products[0].0)) || p.contains(&format!("/{}/", b.schools[0].0))
        }) {
            assert_eq!(app.get(path).await.status(), 404, "admin GET {path}");
        }
        for path in foreign.1.iter().filter(|p| {
            p.contains(&public_id(b.products[0].0)) || p.contains(&format!("/{}/", b.schools[0].0))
        }) {
            assert_eq!(
                app.post_form(path, &form).await.status(),
                404,
                "admin POST {path}"
            );
        }
        assert_eq!(
            (count_products(&app), audit_actions(&app).len()),
            before,
            "nothing written"
        );
        let lists = app.get("/admin/products").await.text().await.unwrap()
            + &app.get("/admin/schools").await.text().await.unwrap()
            + &app.get("/admin/renewals").await.text().await.unwrap();
        assert!(!lists.contains(&public_id(b.products[0].0)));
        assert!(!lists.contains(&format!("/admin/schools/{}/edit", b.schools[0].0)));
        // Signed out: sent to sign in.
        app.post_form("/signout", &[]).await;
        assert_eq!(app.get("/admin/renewals").await.status(), 303);
    }
);
