//! Headers that depend on who asks and how the service is reached: `Cache-Control: no-store`
//! on everything a signed-in person or an API token receives (pages, report downloads, CSV,
//! XLSX, PDF, JSON), and `Strict-Transport-Security` only when cookies are secure.

use crate::api::token_for;
use crate::authoring::fixture_public_id;
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::{spawn_app_with, Backend, TestApp};
use chorus::domain::Role;

both_backends!(
    authenticated_responses_and_downloads_are_never_cached,
    |app: TestApp| async move {
        let (admin, survey, product) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Headers District");
            let admin = staff(
                &mut conn,
                f.district,
                "admin@headers.example",
                Role::DistrictAdmin,
                &[],
            );
            let product = chorus::db::models::products::list(&mut conn, f.district).unwrap()[0]
                .public_id
                .clone();
            (admin, fixture_public_id(&mut conn, &f), product)
        };
        let public = app.get("/static/css/chorus.css").await;
        assert_eq!(public.status(), 200);
        assert_eq!(public.headers()["cache-control"], "public, max-age=3600");

        app.sign_in_ok(&admin, PASSWORD).await;
        let token = token_for(&app).await;
        let report = format!("/reports/{survey}/{product}");
        for path in [
            "/home".to_string(),
            "/admin/schools".into(),
            "/admin/schools.csv".into(),
            "/reports".into(),
            report.clone(),
            format!("{report}/print"),
            format!("{report}/report.csv"),
            format!("{report}/report.xlsx"),
            format!("{report}/report.pdf"),
            format!("/reports/{survey}/responses.csv"),
            format!("/surveys/{survey}/monitor.json"),
            "/surveys/nosuchsurvey".into(),
        ] {
            let res = app.get(&path).await;
            assert!(
                res.status() == 200 || res.status() == 404,
                "{path}: {}",
                res.status()
            );
            assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        }
        for (path, bearer) in [
            ("/api/v1/schools", Some(token.as_str())),
            (
                &format!("/api/v1/surveys/{survey}/products/{product}/report")[..],
                Some(&token),
            ),
            ("/api/v1/schools", None),
        ] {
            let mut req = app.other_client().get(format!("{}{path}", app.address));
            if let Some(bearer) = bearer {
                req = req.bearer_auth(bearer);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        }
        assert!(
            app.get("/healthz")
                .await
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "no HSTS with --insecure-cookies"
        );
    }
);

#[actix_web::test]
async fn strict_transport_security_when_cookies_are_secure() {
    let Some(app) = spawn_app_with(Backend::Sqlite, "headers::hsts", |s| {
        s.insecure_cookies = false;
    })
    .await
    else {
        return;
    };
    for path in ["/healthz", "/signin", "/static/css/chorus.css", "/nowhere"] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}
