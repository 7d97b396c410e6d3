//! The throttles count per client address: the TCP peer, or the address a trusted proxy's
//! `X-Forwarded-For` names (`CHORUS_TRUSTED_PROXIES`); anyone else's header is ignored.

use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::{client_from, csrf_in, spawn_app_with, Backend, TestApp};
use chorus::domain::{Role, TrustedProxies};
use diesel::prelude::*;

/// Signs in from `client` with `X-Forwarded-For: forwarded_for`; returns the status.
async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    forwarded_for: &str,
    email: &str,
    password: &str,
) -> u16 {
    let csrf = app.csrf_of(client).await;
    client
        .post(format!("{}/signin", app.address))
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Enters a wrong access code from `client` with `X-Forwarded-For: forwarded_for`.
async fn wrong_code(app: &TestApp, client: &reqwest::Client, forwarded_for: &str) -> u16 {
    let form = client
        .get(format!("{}/s", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&form).unwrap();
    client
        .post(format!("{}/s", app.address))
        .header("x-forwarded-for", forwarded_for)
        .form(&[("csrf", csrf.as_str()), ("code", "abcdefghjk")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The addresses sign-in attempts and failed code entries were counted against.
fn addresses(app: &TestApp) -> (Vec<String>, Vec<String>) {
    use chorus::db::schema::{code_attempts, login_attempts};
    let mut conn = app.pool.get().unwrap();
    let sign_ins = login_attempts::table
        .select(login_attempts::client_addr)
        .distinct()
        .order(login_attempts::client_addr)
        .load(&mut *conn)
        .unwrap();
    let codes = code_attempts::table
        .select(code_attempts::client_addr)
        .distinct()
        .order(code_attempts::client_addr)
        .load(&mut *conn)
        .unwrap();
    (sign_ins, codes)
}

async fn forwarded_for_counts_only_from_trusted_proxies(backend: Backend, name: &str) {
    // 127.0.0.1 is the district's load balancer; 127.0.0.2 connects directly.
    let Some(app) = spawn_app_with(backend, name, |s| {
        s.trusted_proxies = TrustedProxies::parse("127.0.0.1").unwrap()
    })
    .await
    else {
        return;
    };
    let email = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Proxy District");
        staff(
            &mut conn,
            f.district,
            "pat@proxy.example",
            Role::DistrictAdmin,
            &[],
        )
    };
    let proxy = client_from([127, 0, 0, 1]);
    let wrong = "wrong password here";
    for _ in 0..3 {
        assert_eq!(
            sign_in(&app, &proxy, "203.0.113.5", &email, wrong).await,
            401
        );
    }
    assert_eq!(
        sign_in(&app, &proxy, "203.0.113.5", &email, PASSWORD).await,
        429,
        "the client behind the proxy owes a delay"
    );
    assert_eq!(
        sign_in(&app, &proxy, "203.0.113.6", &email, PASSWORD).await,
        303,
        "another client behind the same proxy does not"
    );
    assert_eq!(
        sign_in(&app, &proxy, "203.0.113.6, 203.0.113.5", &email, PASSWORD).await,
        429,
        "an address the client wrote in front of the proxy's is not believed"
    );

    // A direct client's header is ignored: whatever it claims, its failures are its own.
    let direct = client_from([127, 0, 0, 2]);
    for n in 1..=3 {
        let claim = format!("198.51.100.{n}");
        assert_eq!(sign_in(&app, &direct, &claim, &email, wrong).await, 401);
    }
    assert_eq!(
        sign_in(&app, &direct, "198.51.100.4", &email, PASSWORD).await,
        429,
        "a fresh X-Forwarded-For from an untrusted peer is no fresh address"
    );
    assert_eq!(
        addresses(&app).0,
        ["127.0.0.2", "203.0.113.5", "203.0.113.6"]
    );

    // The access-code throttle reads the same address.
    assert_eq!(wrong_code(&app, &proxy, "203.0.113.9").await, 422);
    assert_eq!(wrong_code(&app, &direct, "203.0.113.10").await, 422);
    assert_eq!(addresses(&app).1, ["127.0.0.2", "203.0.113.9"]);
}

#[actix_web::test]
async fn forwarded_for_counts_only_from_trusted_proxies_sqlite() {
    forwarded_for_counts_only_from_trusted_proxies(Backend::Sqlite, "client_address::sqlite").await;
}

#[actix_web::test]
async fn forwarded_for_counts_only_from_trusted_proxies_postgres() {
    forwarded_for_counts_only_from_trusted_proxies(Backend::Postgres, "client_address::postgres")
        .await;
}
