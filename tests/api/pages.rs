use crate::both_backends;
use crate::helpers::TestApp;

both_backends!(
    landing_page_is_served_with_strict_headers,
    |app: TestApp| async move {
        let res = app.get("/").await;
        assert_eq!(res.status(), 200);
        let headers = res.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert!(headers.contains_key("x-request-id"));
        let body = res.text().await.unwrap();
        assert!(body.contains("<html lang=\"en\">"));
        assert!(body.contains("Hear everyone who uses"));
        assert!(!body.contains("<script>"), "no inline script");
        assert!(!body.contains("style="), "no inline style");
    }
);

both_backends!(unknown_page_gets_an_html_404, |app: TestApp| async move {
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let body = res.text().await.unwrap();
    assert!(body.contains("We could not find that page."));
    assert!(body.contains("<main"));
});

both_backends!(
    unknown_api_route_gets_a_json_problem,
    |app: TestApp| async move {
        let res = app.get("/api/v1/nothing-here").await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 404);
        assert_eq!(problem["detail"], "We could not find that page.");
        assert!(problem["request_id"].as_str().unwrap().len() >= 8);
    }
);

both_backends!(
    static_assets_are_served_and_missing_ones_404,
    |app: TestApp| async move {
        let res = app.get("/static/css/chorus.css").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css"));
        assert!(res.headers().contains_key("etag"));
        assert_eq!(app.get("/static/css/missing.css").await.status(), 404);
        let js = app.get("/static/js/csv-file.js").await;
        assert_eq!(js.status(), 200);
        assert!(js.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript"));
    }
);

both_backends!(
    wrong_method_is_refused_without_a_crash,
    |app: TestApp| async move {
        let res = app
            .client
            .post(format!("{}/healthz", app.address))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
    }
);

both_backends!(
    a_database_failure_gives_a_500_page_with_a_reference_and_no_internals,
    |app: TestApp| async move {
        let admin = {
            let mut conn = app.pool.get().unwrap();
            let f = crate::fixtures::survey_fixture(&mut conn, "Broken District");
            crate::fixtures::staff(
                &mut conn,
                f.district,
                "admin@broken.example",
                chorus::domain::Role::DistrictAdmin,
                &[],
            )
        };
        app.sign_in_ok(&admin, crate::fixtures::PASSWORD).await;
        {
            let mut conn = app.pool.get().unwrap();
            diesel::RunQueryDsl::execute(diesel::sql_query("DROP TABLE audit_log"), &mut *conn)
                .unwrap();
        }
        let res = app.get("/admin/audit").await;
        assert_eq!(res.status(), 500);
        let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
        let body = res.text().await.unwrap();
        assert!(body.contains("Something went wrong on our side"));
        assert!(body.contains(&id), "the page shows the request id to quote");
        assert!(
            !body.contains("audit_log") && !body.to_lowercase().contains("sql"),
            "no internals: {body}"
        );
    }
);
