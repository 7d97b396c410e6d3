//! What the OpenAPI document states, the server does (the cases schemathesis found, kept as
//! tests): integers written `12.0`, dates exactly `YYYY-MM-DD` with null for none, report
//! filters given with a value, and 405 for a method a path does not take.

use crate::api::{admin_token, api_get, api_send};
use crate::both_backends;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

/// The fields a 422 problem names.
async fn fields(res: reqwest::Response) -> Vec<String> {
    assert_eq!(res.status(), 422);
    let problem: serde_json::Value = res.json().await.unwrap();
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

both_backends!(
    the_server_takes_what_the_schema_states,
    |app: TestApp| async move {
        let (token, _) = admin_token(&app, "Contract District").await;
        let send = |method: Method, path: &'static str, body: serde_json::Value| {
            let (app, token) = (&app, token.clone());
            async move { api_send(app, method, path, &token, body).await }
        };

        // The document states the rules it can.
        let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        let product = &doc["components"]["schemas"]["ProductBody"]["properties"];
        assert_eq!(product["contract_start"]["format"], "date");
        assert_eq!(product["annual_cost"]["multipleOf"], 0.01);
        assert_eq!(product["licensed_seats"]["maximum"], 10_000_000);
        assert_eq!(product["category"]["maxLength"], 80);
        let span = &doc["components"]["schemas"]["SchoolBody"]["properties"]["grade_span"];
        assert!(
            span["pattern"].as_str().unwrap().contains("1[0-2]"),
            "{span}"
        );

        // JSON Schema's integer is any number without a fraction.
        let res = send(
            Method::POST,
            "/api/v1/schools",
            json!({"name": "West", "level": "high", "grade_span": "9-12",
                   "expected": {"students": 900.0, "teachers": 60}}),
        )
        .await;
        assert_eq!(res.status(), 201);
        let school: serde_json::Value = res.json().await.unwrap();
        assert_eq!(school["expected"]["students"], 900);
        let res = send(
            Method::POST,
            "/api/v1/schools",
            json!({"name": "East", "level": "high", "grade_span": "9-12",
                   "expected": {"students": 900.5}}),
        )
        .await;
        assert_eq!(fields(res).await, ["body"]);
        let res = send(
            Method::POST,
            "/api/v1/products",
            json!({"name": "Lexia", "vendor": "Lexia Learning", "annual_cost": 100,
                   "licensed_seats": 40.0, "schools": [school["id"].as_f64().unwrap()]}),
        )
        .await;
        assert_eq!(res.status(), 201);

        // Dates: exactly YYYY-MM-DD, or null (or left out) when not known.
        for (start, field) in [("", "contract_start"), ("2027-1-1", "contract_start")] {
            let res = send(
                Method::POST,
                "/api/v1/products",
                json!({"name": "Dates", "vendor": "V", "annual_cost": 1, "licensed_seats": 1,
                       "contract_start": start, "category": "two\nlines"}),
            )
            .await;
            assert_eq!(fields(res).await, [field, "category"], "{start:?}");
        }
        let res = send(
            Method::POST,
            "/api/v1/products",
            json!({"name": "Dates", "vendor": "V", "annual_cost": 1, "licensed_seats": 1,
                   "contract_start": null, "contract_end": "2027-06-30"}),
        )
        .await;
        assert_eq!(res.status(), 201);
        let res = send(
            Method::POST,
            "/api/v1/products",
            json!({"name": "Feb", "vendor": "V", "annual_cost": 1, "licensed_seats": 1,
                   "contract_end": "2027-02-30"}),
        )
        .await;
        assert_eq!(fields(res).await, ["contract_end"], "not a calendar day");

        // Report filters: a parameter given has a value (the pages' empty "All …" options
        // are theirs); before anything is looked up.
        for query in [
            "language=",
            "group=",
            "school=",
            "lang=%20en",
            "page=",
            "comments=",
        ] {
            let res = api_get(
                &app,
                &format!("/api/v1/surveys/any/products/any/report?{query}"),
                Some(&token),
            )
            .await;
            let name = query.split('=').next().unwrap();
            assert_eq!(fields(res).await, [name], "{query}");
        }
        assert_eq!(
            api_get(
                &app,
                "/api/v1/surveys/any/products/any/report?language=all",
                Some(&token)
            )
            .await
            .status(),
            404
        );

        // A method a path does not take is 405 with the methods it does.
        for (method, path, allow) in [
            (Method::DELETE, "/api/v1/surveys/a/products/b/report", "GET"),
            (Method::GET, "/api/v1/products/a/features", "POST"),
            (Method::DELETE, "/api/v1/schools", "GET, POST"),
        ] {
            let res = send(method.clone(), path, json!({})).await;
            assert_eq!(res.status(), 405, "{method} {path}");
            let allowed = res.headers()["allow"].to_str().unwrap().to_string();
            assert_eq!(allowed, allow, "{method} {path}");
        }
    }
);
