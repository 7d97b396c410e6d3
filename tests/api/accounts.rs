//! Sign-in, sign-out, sessions, throttling and CSRF, on both backends.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::{client_from, spawn_app_with, Backend, TestApp};
use chorus::domain::Role;
use diesel::RunQueryDsl;

both_backends!(
    sign_in_reaches_home_and_sign_out_ends_the_session,
    |app: TestApp| async move {
        let email = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Sign-in District");
            staff(
                &mut conn,
                f.district,
                "ana@district.example",
                Role::SchoolCoordinator,
                &f.schools[..1],
            )
        };
        // Signed out: the staff page redirects to sign-in, remembering where to return.
        let res = app.get("/home").await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/signin?next=/home");

        let res = app.sign_in(&email, PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/home");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let home = app.get("/home").await.text().await.unwrap();
        assert!(home.contains("Sign-in District"));
        assert!(home.contains("North"), "the coordinator's school is listed");
        assert!(!home.contains("South"), "another school is not");

        let res = app.post_form("/signout", &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get("/home").await.status(), 303);
    }
);

both_backends!(
    wrong_password_and_unknown_email_get_the_same_answer,
    |app: TestApp| async move {
        let email = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Wrong District");
            staff(
                &mut conn,
                f.district,
                "ben@district.example",
                Role::Viewer,
                &[],
            )
        };
        let wrong = app.sign_in(&email, "not the password at all").await;
        assert_eq!(wrong.status(), 401);
        let wrong_body = wrong.text().await.unwrap();
        let unknown = app
            .sign_in("nobody@district.example", "not the password at all")
            .await;
        assert_eq!(unknown.status(), 401);
        let unknown_body = unknown.text().await.unwrap();
        let message = "That e-mail address and password do not match an account.";
        assert!(wrong_body.contains(message) && unknown_body.contains(message));
        assert_eq!(app.get("/home").await.status(), 303, "still signed out");
    }
);

/// Signs in from `client`; returns the status and the Retry-After header.
async fn sign_in_from(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> (u16, Option<String>) {
    let res = app
        .sign_in_as(client, &[("email", email), ("password", password)])
        .await;
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (res.status().as_u16(), retry)
}

both_backends!(
    wrong_passwords_slow_only_their_own_address,
    |app: TestApp| async move {
        let email = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Throttle District");
            staff(
                &mut conn,
                f.district,
                "cy@district.example",
                Role::DistrictAdmin,
                &[],
            )
        };
        let guesser = client_from([127, 0, 0, 1]);
        for _ in 0..3 {
            let (status, _) = sign_in_from(&app, &guesser, &email, "wrong password here").await;
            assert_eq!(status, 401, "the first few cost nothing");
        }
        // The pair now owes a delay (2 s after the third failure, less the time the request
        // took to arrive on a busy machine), even for the right password…
        let (status, retry) = sign_in_from(&app, &guesser, &email, PASSWORD).await;
        assert_eq!(status, 429);
        assert!(waits(retry.as_deref(), 2), "{retry:?}");
        // …but the owner at another address is not refused because someone guessed wrong.
        let owner = client_from([127, 0, 0, 2]);
        assert_eq!(sign_in_from(&app, &owner, &email, PASSWORD).await.0, 303);
        // The delays grow with the pair's failures: 3 more after each delay passed (simulated
        // by ageing the attempts) make it 16 s.
        for _ in 0..3 {
            backdate(&app, 1000);
            let (status, _) = sign_in_from(&app, &guesser, &email, "wrong password here").await;
            assert_eq!(status, 401);
        }
        let (status, retry) = sign_in_from(&app, &guesser, &email, PASSWORD).await;
        assert_eq!(status, 429);
        assert!(waits(retry.as_deref(), 16), "{retry:?}");
        // Once the delay has passed the right password works there too and resets the pair.
        backdate(&app, 20);
        assert_eq!(sign_in_from(&app, &guesser, &email, PASSWORD).await.0, 303);
        let (status, _) = sign_in_from(
            &app,
            &client_from([127, 0, 0, 1]),
            &email,
            "wrong password here",
        )
        .await;
        assert_eq!(status, 401, "the count started again");
    }
);

/// Whether a `Retry-After` asks for the delay `full` seconds, less at most one second that
/// passed before the request was answered.
fn waits(retry: Option<&str>, full: u64) -> bool {
    retry
        .and_then(|r| r.parse::<u64>().ok())
        .is_some_and(|s| s == full || s + 1 == full)
}

/// Moves every recorded sign-in attempt `seconds` into the past.
fn backdate(app: &TestApp, seconds: i64) {
    use chorus::db::schema::login_attempts;
    use diesel::prelude::*;
    let mut conn = app.pool.get().unwrap();
    let rows: Vec<(i32, chrono::NaiveDateTime)> = login_attempts::table
        .select((login_attempts::id, login_attempts::attempted_at))
        .load(&mut *conn)
        .unwrap();
    for (id, at) in rows {
        diesel::update(login_attempts::table.find(id))
            .set(login_attempts::attempted_at.eq(at - chrono::Duration::seconds(seconds)))
            .execute(&mut *conn)
            .unwrap();
    }
}

both_backends!(
    an_address_past_its_ceiling_waits_but_others_do_not,
    |app: TestApp| async move {
        let email = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Ceiling District");
            let email = staff(
                &mut conn,
                f.district,
                "dee@ceiling.example",
                Role::DistrictAdmin,
                &[],
            );
            // One address has guessed at a hundred accounts in the last minutes.
            for n in 0..chorus::domain::sign_in_throttle::ADDRESS_CEILING {
                chorus::db::models::users::record_attempt(
                    &mut conn,
                    &format!("user{n}@elsewhere.example"),
                    "127.0.0.3",
                    false,
                    chorus::db::now(),
                )
                .unwrap();
            }
            email
        };
        let (status, retry) =
            sign_in_from(&app, &client_from([127, 0, 0, 3]), &email, PASSWORD).await;
        assert_eq!(status, 429, "that address waits, for any e-mail");
        let retry: u64 = retry.unwrap().parse().unwrap();
        assert!((1..=900).contains(&retry), "{retry}");
        let page = client_from([127, 0, 0, 3])
            .get(format!("{}/signin", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "the form itself is not refused");
        assert_eq!(
            sign_in_from(&app, &client_from([127, 0, 0, 4]), &email, PASSWORD)
                .await
                .0,
            303,
            "another address is not"
        );
    }
);

both_backends!(
    forms_without_a_valid_token_are_refused,
    |app: TestApp| async move {
        let email = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Csrf District");
            staff(
                &mut conn,
                f.district,
                "dee@district.example",
                Role::DistrictAdmin,
                &[],
            )
        };
        // Missing token.
        let res = app
            .post_raw("/signin", &[("email", &email), ("password", PASSWORD)])
            .await;
        assert_eq!(res.status(), 403);
        assert!(res.text().await.unwrap().contains("This form has expired"));
        // Wrong token.
        let res = app
            .post_raw(
                "/signin",
                &[
                    ("csrf", "forged"),
                    ("email", &email),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        // A token from another session.
        let foreign = app.csrf_of(&app.other_client()).await;
        let res = app
            .post_raw(
                "/signin",
                &[
                    ("csrf", &foreign),
                    ("email", &email),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        // A right token from a foreign origin.
        let token = app.csrf().await;
        let res = app
            .client
            .post(format!("{}/signin", app.address))
            .header("origin", "https://evil.example")
            .form(&[
                ("csrf", token.as_str()),
                ("email", email.as_str()),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(
            app.get("/home").await.status(),
            303,
            "none of these signed in"
        );
        // Changing a password without the token writes nothing.
        app.sign_in_ok(&email, PASSWORD).await;
        let res = app
            .post_raw(
                "/account/password",
                &[
                    ("current", PASSWORD),
                    ("new_password", "another long password"),
                    ("confirm", "another long password"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&email, PASSWORD).await;
    }
);

both_backends!(
    password_change_checks_current_and_rules,
    |app: TestApp| async move {
        let email = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Password District");
            staff(
                &mut conn,
                f.district,
                "eve@district.example",
                Role::Viewer,
                &[],
            )
        };
        app.sign_in_ok(&email, PASSWORD).await;
        let res = app
            .post_form(
                "/account/password",
                &[
                    ("current", "wrong"),
                    ("new_password", "short"),
                    ("confirm", "other"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("The current password is not right."));
        assert!(body.contains("at least 12"));
        assert!(body.contains("The two new passwords differ."));
        let new = "a brand new passphrase";
        let res = app
            .post_form(
                "/account/password",
                &[
                    ("current", PASSWORD),
                    ("new_password", new),
                    ("confirm", new),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Your password was changed."));
        app.post_form("/signout", &[]).await;
        assert_eq!(app.sign_in(&email, PASSWORD).await.status(), 401);
        app.sign_in_ok(&email, new).await;
    }
);

#[actix_web::test]
async fn idle_sessions_expire() {
    let Some(app) = spawn_app_with(Backend::Sqlite, "accounts::idle", |s| {
        s.session_limits.idle_seconds = 1
    })
    .await
    else {
        return;
    };
    let email = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Idle District");
        staff(
            &mut conn,
            f.district,
            "fay@district.example",
            Role::Viewer,
            &[],
        )
    };
    app.sign_in_ok(&email, PASSWORD).await;
    assert_eq!(app.get("/home").await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let res = app.get("/home").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/signin?next=/home&expired=1");
    assert!(app
        .get("/signin?expired=1")
        .await
        .text()
        .await
        .unwrap()
        .contains("Your session ended"));
}

#[actix_web::test]
async fn sessions_end_after_the_absolute_limit_even_when_active() {
    let Some(app) = spawn_app_with(Backend::Sqlite, "accounts::absolute", |s| {
        s.session_limits.absolute_seconds = 1
    })
    .await
    else {
        return;
    };
    let email = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Absolute District");
        staff(
            &mut conn,
            f.district,
            "gil@district.example",
            Role::Viewer,
            &[],
        )
    };
    app.sign_in_ok(&email, PASSWORD).await;
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let _ = app.get("/home").await;
    }
    assert_eq!(app.get("/home").await.status(), 303);
}

/// Every state-changing form of the staff interface. Keep in step with `src/web/mod.rs`.
pub const STAFF_POST_ROUTES: &[&str] = &[
    "/signout",
    "/account/password",
    "/admin/staff/invite",
    "/admin/staff/1/role",
    "/admin/staff/1/link",
    "/admin/staff/1/deactivate",
    "/admin/staff/1/reactivate",
    "/admin/tokens",
    "/admin/tokens/1/revoke",
];

both_backends!(
    every_form_without_its_token_is_refused_and_writes_nothing,
    |app: TestApp| async move {
        let admin = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Every Form District");
            staff(
                &mut conn,
                f.district,
                "admin@every.example",
                Role::DistrictAdmin,
                &[],
            )
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let audit_rows = |app: &TestApp| {
            let mut conn = app.pool.get().unwrap();
            diesel::QueryDsl::count(chorus::db::schema::audit_log::table)
                .get_result::<i64>(&mut *conn)
                .unwrap()
        };
        let before = audit_rows(&app);
        for path in STAFF_POST_ROUTES {
            let res = app
                .post_raw(
                    path,
                    &[("name", "x"), ("email", "x@y.example"), ("role", "viewer")],
                )
                .await;
            assert_eq!(res.status(), 403, "{path} without a token");
            let res = app
                .post_raw(path, &[("csrf", "wrong"), ("name", "x")])
                .await;
            assert_eq!(res.status(), 403, "{path} with a wrong token");
        }
        assert_eq!(audit_rows(&app), before, "nothing was written");
        assert_eq!(
            app.get("/home").await.status(),
            200,
            "still signed in: sign-out was refused too"
        );
    }
);
