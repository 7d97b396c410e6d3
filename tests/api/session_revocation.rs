//! Ending sessions from elsewhere: a copied session cookie stops working once its owner signs
//! out, changes the password in another session, or signs out everywhere, and once an admin
//! changes the account's role. Sessions are cookies, so this is the account's
//! `sessions_valid_after`, checked on every authenticated request.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, user_id, PASSWORD};
use crate::helpers::{csrf_in, TestApp};
use chorus::domain::Role;

/// A browser whose cookie can be copied: no cookie store, the session cookie kept by hand.
#[derive(Clone)]
struct Browser {
    client: reqwest::Client,
    address: String,
    cookie: String,
}

impl Browser {
    fn new(app: &TestApp) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            address: app.address.clone(),
            cookie: String::new(),
        }
    }

    fn keep(&mut self, res: &reqwest::Response) {
        if let Some(set) = res.headers().get("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            self.cookie = pair.to_string();
        }
    }

    async fn get(&mut self, path: &str) -> (u16, String, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.address))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, location, res.text().await.unwrap())
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> u16 {
        let (_, _, page) = self.get("/signin").await;
        let csrf = csrf_in(&page).unwrap();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let res = self
            .client
            .post(format!("{}{path}", self.address))
            .header("cookie", &self.cookie)
            .form(&all)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        res.status().as_u16()
    }

    async fn signed_in(app: &TestApp, email: &str, password: &str) -> Browser {
        let mut b = Browser::new(app);
        let status = b
            .post(
                "/signin",
                &[("email", email), ("password", password), ("next", "/home")],
            )
            .await;
        assert_eq!(status, 303, "sign-in of {email}");
        assert_eq!(b.get("/home").await.0, 200);
        b
    }

    /// Asserts this cookie is sent to sign in again.
    async fn assert_signed_out(&mut self, why: &str) {
        let (status, location, _) = self.get("/home").await;
        assert_eq!(status, 303, "{why}");
        assert!(
            location.starts_with("/signin?next=/home"),
            "{why}: {location}"
        );
    }
}

fn account(app: &TestApp, name: &str) -> String {
    let mut conn = app.pool.get().unwrap();
    let f = survey_fixture(&mut conn, name);
    let email = format!("admin@{}.example", chorus::demo::slugify(name));
    staff(&mut conn, f.district, &email, Role::DistrictAdmin, &[])
}

both_backends!(
    a_copied_cookie_ends_when_its_owner_signs_out,
    |app: TestApp| async move {
        let email = account(&app, "Revoke Sign Out");
        let mut owner = Browser::signed_in(&app, &email, PASSWORD).await;
        let mut copy = owner.clone();
        assert_eq!(copy.get("/home").await.0, 200, "the copy works until then");
        assert_eq!(owner.post("/signout", &[]).await, 303);
        copy.assert_signed_out("after the owner signed out").await;
        // Signing in again is a new session, valid.
        let mut again = Browser::signed_in(&app, &email, PASSWORD).await;
        assert_eq!(again.get("/home").await.0, 200);
    }
);

both_backends!(
    a_password_change_ends_the_other_sessions,
    |app: TestApp| async move {
        let email = account(&app, "Revoke Password");
        let first = Browser::signed_in(&app, &email, PASSWORD).await;
        let mut copy = first.clone();
        let mut second = Browser::signed_in(&app, &email, PASSWORD).await;
        let new = "another long passphrase";
        let status = second
            .post(
                "/account/password",
                &[
                    ("current", PASSWORD),
                    ("new_password", new),
                    ("confirm", new),
                ],
            )
            .await;
        assert_eq!(status, 200);
        copy.assert_signed_out("after a password change elsewhere")
            .await;
        let (status, _, page) = second.get("/account/password").await;
        assert_eq!(status, 200, "the session that changed it stays signed in");
        assert!(page.contains("Sign out everywhere"));
    }
);

both_backends!(
    sign_out_everywhere_ends_every_session,
    |app: TestApp| async move {
        let email = account(&app, "Revoke Everywhere");
        let first = Browser::signed_in(&app, &email, PASSWORD).await;
        let mut copy = first.clone();
        let mut second = Browser::signed_in(&app, &email, PASSWORD).await;
        let forged = app
            .other_client()
            .post(format!("{}/account/sessions/end", app.address))
            .header("cookie", &second.cookie)
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403, "CSRF-checked like every form");
        assert_eq!(copy.get("/home").await.0, 200);
        assert_eq!(second.post("/account/sessions/end", &[]).await, 303);
        copy.assert_signed_out("after sign out everywhere").await;
        second.assert_signed_out("this session too").await;
        let mut conn = app.pool.get().unwrap();
        let district = chorus::db::models::users::find_by_email(
            &mut conn,
            &chorus::domain::Email::parse(&email).unwrap(),
        )
        .unwrap()
        .unwrap()
        .district_id;
        let log = chorus::db::models::audit::page(
            &mut conn,
            chorus::domain::DistrictId(district),
            0,
            100,
        )
        .unwrap();
        assert!(log.iter().any(|e| e.action == "user.sessions_ended"));
    }
);

both_backends!(
    a_role_change_ends_the_accounts_sessions,
    |app: TestApp| async move {
        let admin = account(&app, "Revoke Role");
        let (viewer, viewer_id, school) = {
            let mut conn = app.pool.get().unwrap();
            let district = chorus::db::models::users::find_by_email(
                &mut conn,
                &chorus::domain::Email::parse(&admin).unwrap(),
            )
            .unwrap()
            .unwrap()
            .district_id;
            let email = staff(
                &mut conn,
                chorus::domain::DistrictId(district),
                "viewer@revoke-role.example",
                Role::DistrictAdmin,
                &[],
            );
            let id = user_id(&mut conn, &email);
            let school =
                chorus::db::models::schools::list(&mut conn, chorus::domain::DistrictId(district))
                    .unwrap()[0]
                    .id
                    .to_string();
            (email, id, school)
        };
        let mut theirs = Browser::signed_in(&app, &viewer, PASSWORD).await;
        let mut admin = Browser::signed_in(&app, &admin, PASSWORD).await;
        let status = admin
            .post(
                &format!("/admin/staff/{viewer_id}/role"),
                &[("role", "viewer"), ("schools", school.as_str())],
            )
            .await;
        assert!(status < 400, "{status}");
        theirs.assert_signed_out("after a role change").await;
        assert_eq!(admin.get("/home").await.0, 200);
    }
);
