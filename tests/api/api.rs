//! The JSON API: bearer tokens (page and CLI), revocation, district scoping, OpenAPI.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::domain::Role;

fn token_in(html: &str) -> String {
    let at = html
        .find("id=\"token\" type=\"text\" readonly value=\"")
        .unwrap()
        + "id=\"token\" type=\"text\" readonly value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

/// Creates an API token for the signed-in admin of `app`'s own client.
pub async fn token_for(app: &TestApp) -> String {
    let res = app
        .post_form("/admin/tokens", &[("name", "test token")])
        .await;
    assert_eq!(res.status(), 200);
    token_in(&res.text().await.unwrap())
}

pub async fn api_get(app: &TestApp, path: &str, token: Option<&str>) -> reqwest::Response {
    let mut req = app.other_client().get(format!("{}{path}", app.address));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.unwrap()
}

both_backends!(
    tokens_read_their_own_district_until_revoked,
    |app: TestApp| async move {
        let (admin, other_product) = {
            let mut conn = app.pool.get().unwrap();
            let a = survey_fixture(&mut conn, "Api District A");
            let b = survey_fixture(&mut conn, "Api District B");
            let product_b = chorus::db::models::products::list(&mut conn, b.district).unwrap()[0]
                .public_id
                .clone();
            (
                staff(
                    &mut conn,
                    a.district,
                    "admin@api-a.example",
                    Role::DistrictAdmin,
                    &[],
                ),
                product_b,
            )
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let res = app
            .post_form("/admin/tokens", &[("name", "nightly export")])
            .await;
        assert_eq!(res.status(), 200);
        let token = token_in(&res.text().await.unwrap());

        let res = api_get(&app, "/api/v1/schools", Some(&token)).await;
        assert_eq!(res.status(), 200);
        let schools: serde_json::Value = res.json().await.unwrap();
        let names: Vec<&str> = schools
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["North", "South"]);
        assert_eq!(schools[0]["expected"]["students"], 100);

        let products: serde_json::Value = api_get(&app, "/api/v1/products", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(products.as_array().unwrap().len(), 2);
        assert_eq!(products[0]["features"].as_array().unwrap().len(), 2);
        assert_eq!(products[0]["annual_cost"], 1000.0);
        let own = products[0]["id"].as_str().unwrap().to_string();
        assert_eq!(
            api_get(&app, &format!("/api/v1/products/{own}"), Some(&token))
                .await
                .status(),
            200
        );
        // Another district's product does not exist for this token.
        let res = api_get(
            &app,
            &format!("/api/v1/products/{other_product}"),
            Some(&token),
        )
        .await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert_eq!(
            api_get(&app, "/api/v1/schools/999999", Some(&token))
                .await
                .status(),
            404
        );

        // Last use is recorded and shown.
        let page = app.get("/admin/tokens").await.text().await.unwrap();
        assert!(page.contains("nightly export") && !page.contains("<td>never</td>"));

        // Revoked: 401.
        let id = {
            let mut conn = app.pool.get().unwrap();
            let district = chorus::db::models::districts::find_by_name(&mut conn, "Api District A")
                .unwrap()
                .unwrap();
            chorus::db::models::api_tokens::list(&mut conn, district.district_id()).unwrap()[0]
                .0
                .id
        };
        assert_eq!(
            app.post_form(&format!("/admin/tokens/{id}/revoke"), &[])
                .await
                .status(),
            303
        );
        let res = api_get(&app, "/api/v1/schools", Some(&token)).await;
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
        assert!(app
            .get("/admin/audit")
            .await
            .text()
            .await
            .unwrap()
            .contains("api_token.revoke"));
    }
);

both_backends!(
    requests_without_a_valid_token_get_401,
    |app: TestApp| async move {
        for token in [None, Some("not-a-real-token"), Some("")] {
            let res = api_get(&app, "/api/v1/products", token).await;
            assert_eq!(res.status(), 401, "{token:?}");
            let problem: serde_json::Value = res.json().await.unwrap();
            assert_eq!(problem["detail"], "A valid API token is required.");
        }
        let res = app
            .other_client()
            .get(format!("{}/api/v1/schools", app.address))
            .header("authorization", "Basic abc")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
);

both_backends!(
    tokens_of_deactivated_or_demoted_owners_stop_working,
    |app: TestApp| async move {
        let (admin, second) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Owner District");
            let a = staff(
                &mut conn,
                f.district,
                "first@owner.example",
                Role::DistrictAdmin,
                &[],
            );
            let b = staff(
                &mut conn,
                f.district,
                "second@owner.example",
                Role::DistrictAdmin,
                &[],
            );
            (a, b)
        };
        app.sign_in_ok(&second, PASSWORD).await;
        let token = token_in(
            &app.post_form("/admin/tokens", &[("name", "script")])
                .await
                .text()
                .await
                .unwrap(),
        );
        assert_eq!(
            api_get(&app, "/api/v1/schools", Some(&token))
                .await
                .status(),
            200
        );
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&admin, PASSWORD).await;
        let second_id = {
            let mut conn = app.pool.get().unwrap();
            crate::fixtures::user_id(&mut conn, &second)
        };
        assert_eq!(
            app.post_form(&format!("/admin/staff/{second_id}/deactivate"), &[])
                .await
                .status(),
            303
        );
        assert_eq!(
            api_get(&app, "/api/v1/schools", Some(&token))
                .await
                .status(),
            401
        );
    }
);

both_backends!(
    cli_creates_tokens_for_admins_only,
    |app: TestApp| async move {
        let (admin, viewer) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Cli Token District");
            (
                staff(
                    &mut conn,
                    f.district,
                    "admin@clitoken.example",
                    Role::DistrictAdmin,
                    &[],
                ),
                staff(
                    &mut conn,
                    f.district,
                    "viewer@clitoken.example",
                    Role::Viewer,
                    &f.schools[..1],
                ),
            )
        };
        let run = |email: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_chorus"))
                .args(["token", "create", "--email", email, "--name", "from cli"])
                .env("DATABASE_URL", app.db.url_text())
                .env("CHORUS_DATA_DIR", &app.db.data_dir)
                .output()
                .unwrap()
        };
        let out = run(&admin);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert_eq!(token.len(), 32);
        assert_eq!(
            api_get(&app, "/api/v1/schools", Some(&token))
                .await
                .status(),
            200
        );
        let out = run(&viewer);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr)
            .contains("is not an active district administrator"));
    }
);

both_backends!(
    openapi_describes_every_api_route,
    |app: TestApp| async move {
        let res = app.get("/api/v1/openapi.json").await;
        assert_eq!(res.status(), 200);
        let doc: serde_json::Value = res.json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        for path in [
            "/api/v1/schools",
            "/api/v1/schools/{id}",
            "/api/v1/products",
            "/api/v1/products/{id}",
        ] {
            assert!(
                paths.iter().any(|p| p.as_str() == path),
                "{path} documented"
            );
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        // Every documented operation is routed (401 without a token), so the document cannot
        // list ghosts.
        for (path, operations) in doc["paths"].as_object().unwrap() {
            let concrete = path.replace("{id}", "1").replace("{feature_id}", "1");
            for method in operations.as_object().unwrap().keys() {
                let method: reqwest::Method = method.to_uppercase().parse().unwrap();
                let res = app
                    .other_client()
                    .request(method.clone(), format!("{}{concrete}", app.address))
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 401, "{method} {path}");
            }
        }
        assert!(paths.len() >= 6, "{paths:?}");
        // The schema admits no name the server refuses: blank names are outside it.
        let name = &doc["components"]["schemas"]["SchoolBody"]["properties"]["name"];
        assert_eq!(name["minLength"], 1, "{name}");
        assert_eq!(name["maxLength"], 120, "{name}");
        assert!(
            name["pattern"].as_str().unwrap().contains(r"[^\s"),
            "{name}"
        );
        assert_eq!(
            doc["components"]["schemas"]["SchoolLevelName"]["enum"],
            serde_json::json!(["elementary", "middle", "high", "other"])
        );
        // Every error an operation documents is a problem document, and every operation
        // documents the 503 that admission control and a busy database answer.
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                let responses = operation["responses"].as_object().unwrap();
                assert!(responses.contains_key("503"), "{method} {path}: 503");
                for (status, response) in responses {
                    if status.starts_with('4') || status.starts_with('5') {
                        let content = response["content"].as_object().unwrap();
                        assert_eq!(
                            content.keys().collect::<Vec<_>>(),
                            ["application/problem+json"],
                            "{method} {path} {status}"
                        );
                    }
                }
            }
        }
    }
);

both_backends!(
    a_repeated_query_parameter_is_a_problem_400,
    |app: TestApp| async move {
        let (token, _) = admin_token(&app, "Query District").await;
        let res = api_get(
            &app,
            "/api/v1/surveys/any/products/any/report?lang=en&lang=es",
            Some(&token),
        )
        .await;
        assert_eq!(res.status(), 400);
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 400);
        assert_eq!(problem["errors"][0]["field"], "query");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("lang"),
            "{problem}"
        );
    }
);

both_backends!(role_fences_on_token_pages, |app: TestApp| async move {
    let coord = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Token Fence District");
        staff(
            &mut conn,
            f.district,
            "coord@fence.example",
            Role::SchoolCoordinator,
            &f.schools[..1],
        )
    };
    app.sign_in_ok(&coord, PASSWORD).await;
    assert_eq!(app.get("/admin/tokens").await.status(), 404);
    assert_eq!(
        app.post_form("/admin/tokens", &[("name", "sneaky")])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post_form("/admin/tokens/1/revoke", &[]).await.status(),
        404
    );
});

pub async fn api_send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    app.other_client()
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub async fn admin_token(app: &TestApp, district: &str) -> (String, String) {
    let (admin, other_school) = {
        let mut conn = app.pool.get().unwrap();
        let a = survey_fixture(&mut conn, district);
        let b = survey_fixture(&mut conn, &format!("{district} Other"));
        (
            staff(
                &mut conn,
                a.district,
                &format!("admin@{}.example", chorus::demo::slugify(district)),
                Role::DistrictAdmin,
                &[],
            ),
            b.schools[0].0.to_string(),
        )
    };
    app.sign_in_ok(&admin, PASSWORD).await;
    let token = token_in(
        &app.post_form("/admin/tokens", &[("name", "writer")])
            .await
            .text()
            .await
            .unwrap(),
    );
    (token, other_school)
}

both_backends!(
    api_creates_and_replaces_schools_with_field_messages,
    |app: TestApp| async move {
        use reqwest::Method;
        let (token, other_school) = admin_token(&app, "Write Schools").await;
        let res = api_send(
            &app,
            Method::POST,
            "/api/v1/schools",
            &token,
            serde_json::json!({
                "name": "West", "level": "high", "grade_span": "9-12", "expected": {"students": 900, "teachers": 60}
            }),
        )
        .await;
        assert_eq!(res.status(), 201);
        let school: serde_json::Value = res.json().await.unwrap();
        assert_eq!(school["expected"]["students"], 900);
        assert_eq!(school["expected"]["parents"], 0);
        let id = school["id"].as_i64().unwrap();

        let res = api_send(
            &app,
            Method::POST,
            "/api/v1/schools",
            &token,
            serde_json::json!({"name": " ", "level": "college", "grade_span": "9-12"}),
        )
        .await;
        assert_eq!(res.status(), 422);
        let problem: serde_json::Value = res.json().await.unwrap();
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["name", "level"]);

        let res = api_send(
            &app,
            Method::POST,
            "/api/v1/schools",
            &token,
            serde_json::json!({"name": "West", "level": "high", "grade_span": "9-12"}),
        )
        .await;
        assert_eq!(
            res.status(),
            409,
            "name taken: a conflict with what is stored"
        );
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "name", "{problem}");
        let res = api_send(
            &app,
            Method::POST,
            "/api/v1/schools",
            &token,
            serde_json::json!({"name": "X", "level": "high", "expected": {"students": -3}}),
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("The JSON body does not fit"));
        let res = api_send(
            &app,
            Method::POST,
            "/api/v1/schools",
            &token,
            serde_json::json!({"name": "X", "level": "high", "colour": "red"}),
        )
        .await;
        assert_eq!(res.status(), 422, "unknown fields are refused, not ignored");

        let res = api_send(
            &app,
            Method::PUT,
            &format!("/api/v1/schools/{id}"),
            &token,
            serde_json::json!({"name": "West High", "level": "high", "grade_span": "9-12"}),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<serde_json::Value>().await.unwrap()["name"],
            "West High"
        );
        let res = api_send(
            &app,
            Method::PUT,
            &format!("/api/v1/schools/{other_school}"),
            &token,
            serde_json::json!({"name": "Hijack", "level": "high", "grade_span": "9-12"}),
        )
        .await;
        assert_eq!(res.status(), 404, "another district's school");
        let log = app.get("/admin/audit").await.text().await.unwrap();
        assert!(log.contains("school.create") && log.contains("school.update"));
    }
);

both_backends!(
    api_creates_products_and_features,
    |app: TestApp| async move {
        use reqwest::Method;
        let (token, other_school) = admin_token(&app, "Write Products").await;
        let schools: serde_json::Value = api_get(&app, "/api/v1/schools", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        let north = schools[0]["id"].as_i64().unwrap();
        let body = serde_json::json!({
            "name": "Lexia", "vendor": "Lexia Learning", "annual_cost": 12500.5, "licensed_seats": 400,
            "contract_start": "2026-07-01", "contract_end": "2027-06-30", "schools": [north]
        });
        let res = api_send(&app, Method::POST, "/api/v1/products", &token, body).await;
        assert_eq!(res.status(), 201);
        let product: serde_json::Value = res.json().await.unwrap();
        assert_eq!(product["annual_cost"], 12500.5);
        assert_eq!(product["currency"], "USD");
        assert_eq!(product["schools"], serde_json::json!([north]));
        let id = product["id"].as_str().unwrap().to_string();

        let bad = serde_json::json!({
            "name": "Bad", "vendor": "V", "annual_cost": 1.234, "licensed_seats": 1,
            "contract_start": "2027-01-01", "contract_end": "2026-01-01", "schools": [other_school.parse::<i64>().unwrap()]
        });
        let res = api_send(&app, Method::POST, "/api/v1/products", &token, bad).await;
        assert_eq!(res.status(), 422);
        let problem: serde_json::Value = res.json().await.unwrap();
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"annual_cost")
                && fields.contains(&"contract_end")
                && fields.contains(&"schools"),
            "{fields:?}"
        );

        let res = api_send(
            &app,
            Method::POST,
            &format!("/api/v1/products/{id}/features"),
            &token,
            serde_json::json!({"name": "Reports", "description": "Weekly reports"}),
        )
        .await;
        assert_eq!(res.status(), 201);
        let product: serde_json::Value = res.json().await.unwrap();
        let feature = product["features"][0]["id"].as_i64().unwrap();
        assert_eq!(product["features"][0]["in_licence"], true);
        let res = api_send(
            &app,
            Method::POST,
            &format!("/api/v1/products/{id}/features"),
            &token,
            serde_json::json!({"name": "Reports"}),
        )
        .await;
        assert_eq!(
            res.status(),
            409,
            "the product already has a feature with this name"
        );
        let res = api_send(
            &app,
            Method::PUT,
            &format!("/api/v1/products/{id}/features/{feature}"),
            &token,
            serde_json::json!({"name": "Reports", "in_licence": false}),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<serde_json::Value>().await.unwrap()["features"][0]["in_licence"],
            false
        );

        let res = api_send(&app, Method::PUT, &format!("/api/v1/products/{id}"), &token, serde_json::json!({
        "name": "Lexia Core5", "vendor": "Lexia Learning", "annual_cost": 13000, "licensed_seats": 450
    })).await;
        assert_eq!(res.status(), 200);
        let product: serde_json::Value = res.json().await.unwrap();
        assert_eq!(product["name"], "Lexia Core5");
        assert_eq!(product["schools"], serde_json::json!([]));
        assert_eq!(
            api_send(
                &app,
                Method::PUT,
                "/api/v1/products/nosuchproduct",
                &token,
                serde_json::json!({
                    "name": "N", "vendor": "V", "annual_cost": 1, "licensed_seats": 1
                })
            )
            .await
            .status(),
            404
        );
    }
);
