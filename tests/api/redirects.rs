//! Where sign-in sends a browser: only a same-site path without whitespace or control
//! characters (not `//…` or `/\…`); anything else goes to `/home`, never to another site and
//! never into a header as typed.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::domain::Role;

fn admin(app: &TestApp) -> String {
    let mut conn = app.pool.get().unwrap();
    let f = survey_fixture(&mut conn, "Redirect District");
    staff(
        &mut conn,
        f.district,
        "admin@redirect.example",
        Role::DistrictAdmin,
        &[],
    )
}

/// Signs in with this `next` in a fresh browser; returns the status and Location.
async fn sign_in_to(app: &TestApp, email: &str, next: &str) -> (u16, String) {
    let res = app
        .sign_in_as(
            &app.other_client(),
            &[("email", email), ("password", PASSWORD), ("next", next)],
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

both_backends!(
    sign_in_follows_only_same_site_paths,
    |app: TestApp| async move {
        let email = admin(&app);
        for next in ["/reports?group=teacher", "/surveys/new", "/admin/staff#x"] {
            assert_eq!(sign_in_to(&app, &email, next).await, (303, next.into()));
        }
        for next in [
            "/\t/evil.example/",
            "/\r\nX: 1",
            "/\nSet-Cookie: chorus=x",
            "//evil.example/",
            "/\\evil.example/",
            "https://evil.example/",
            "/ /evil.example",
            "",
            "home",
        ] {
            assert_eq!(
                sign_in_to(&app, &email, next).await,
                (303, "/home".into()),
                "{next:?}"
            );
        }
    }
);

both_backends!(
    the_sign_in_page_carries_only_a_parsed_next,
    |app: TestApp| async move {
        for (query, kept) in [
            ("next=/%09/evil.example/", "/home"),
            ("next=/%0d%0aX:%201", "/home"),
            ("next=//evil.example", "/home"),
            ("next=/%5Cevil.example", "/home"),
            ("next=/reports%3Fgroup%3Dteacher", "/reports?group=teacher"),
        ] {
            let res = app.get(&format!("/signin?{query}")).await;
            assert_eq!(res.status(), 200, "{query}");
            let page = res.text().await.unwrap();
            let marker = "name=\"next\" value=\"";
            let at = page.find(marker).unwrap() + marker.len();
            let value = page[at..].split('"').next().unwrap().replace("&#x3D;", "=");
            assert_eq!(value, kept, "{query}");
        }
        // A page that needs a session sends its own path through sign-in, encoded.
        let res = app.get("/admin/staff?tab=a%20b").await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers()["location"],
            "/signin?next=/admin/staff%3Ftab%3Da%2520b"
        );
    }
);
