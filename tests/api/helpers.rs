//! `spawn_app()` on either backend, fresh database per test, and the `both_backends!` macro.

use chorus::config::{Settings, SettingsArgs};
use chorus::db::DatabaseUrl;
use chorus::db::DbPool;
use chorus::startup::Application;
use diesel::{Connection, PgConnection, RunQueryDsl};
use std::path::PathBuf;

/// The PostgreSQL server tests use; override with CHORUS_TEST_POSTGRES_URL (no database part).
pub fn postgres_server() -> String {
    std::env::var("CHORUS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database that is removed when dropped.
pub struct TestDatabase {
    pub url: DatabaseUrl,
    pub data_dir: PathBuf,
    _dir: tempfile::TempDir,
    pg_name: Option<String>,
}

impl TestDatabase {
    /// Creates a fresh database, or `None` (after a loud SKIPPED line) when PostgreSQL is
    /// absent; with CHORUS_REQUIRE_POSTGRES=1 an absent PostgreSQL fails the test instead.
    pub fn create(backend: Backend, test_name: &str) -> Option<TestDatabase> {
        let dir = tempfile::tempdir().expect("temp dir");
        let data_dir = dir.path().join("data");
        match backend {
            Backend::Sqlite => Some(TestDatabase {
                url: DatabaseUrl::Sqlite(data_dir.join("chorus.sqlite3")),
                data_dir,
                _dir: dir,
                pg_name: None,
            }),
            Backend::Postgres => {
                let admin_url = format!("{}/postgres?connect_timeout=3", postgres_server());
                let mut admin = match PgConnection::establish(&admin_url) {
                    Ok(c) => c,
                    Err(e) => {
                        let required =
                            std::env::var("CHORUS_REQUIRE_POSTGRES").as_deref() == Ok("1");
                        assert!(
                            !required,
                            "PostgreSQL is required (CHORUS_REQUIRE_POSTGRES=1) but does not answer at {}: {e}",
                            postgres_server()
                        );
                        eprintln!(
                            "\n!!!!!!!! SKIPPED {test_name} on PostgreSQL: no server answers at {} ({e}). \
                             Set CHORUS_REQUIRE_POSTGRES=1 to make this a failure. !!!!!!!!\n",
                            postgres_server()
                        );
                        return None;
                    }
                };
                let name = format!(
                    "chorus_test_{}",
                    chorus::domain::PublicToken::generate(12).as_str()
                );
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                Some(TestDatabase {
                    url: DatabaseUrl::Postgres(format!("{}/{name}", postgres_server())),
                    data_dir,
                    _dir: dir,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// Settings pointing at this database, binding a random port, demo off.
    pub fn settings(&self) -> Settings {
        let args = SettingsArgs {
            database_url: Some(match &self.url {
                DatabaseUrl::Sqlite(p) => p.to_string_lossy().into_owned(),
                DatabaseUrl::Postgres(u) => u.clone(),
            }),
            data_dir: self.data_dir.clone(),
            bind: "127.0.0.1:0".into(),
            base_url: None,
            secret_key: None,
            log_level: "warn".into(),
            insecure_cookies: true,
            no_demo: true,
            db_pool_size: 4,
            session_idle_minutes: 30,
            session_max_hours: 12,
            max_in_flight: 512,
            trusted_proxies: String::new(),
        };
        Settings::from_args(&args).expect("test settings")
    }

    /// The URL as the CLI takes it.
    pub fn url_text(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(p) => p.to_string_lossy().into_owned(),
            DatabaseUrl::Postgres(u) => u.clone(),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            let admin_url = format!("{}/postgres", postgres_server());
            if let Ok(mut admin) = PgConnection::establish(&admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin);
            }
        }
    }
}

/// A running application and what tests need to talk to it.
pub struct TestApp {
    pub address: String,
    pub pool: DbPool,
    pub client: reqwest::Client,
    pub backend: Backend,
    /// Held for its `Drop` (removes the database); dropped last, after the pool lets go of it.
    #[allow(dead_code)]
    pub db: TestDatabase,
}

/// A `Drop` impl forbids partial moves out of `TestApp`: without it, a test body written as
/// `async move { app.pool… }` captures only `app.pool` (precise capture) and drops the test
/// database before the test has run.
impl Drop for TestApp {
    fn drop(&mut self) {}
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request")
    }

    /// This client's CSRF token (read from the sign-in page, which every visitor may load).
    pub async fn csrf(&self) -> String {
        self.csrf_of(&self.client).await
    }

    /// Posts a form with this client's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_html_form::to_string(fields).unwrap();
        self.client
            .post(format!("{}{}", self.address, path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// Signs in through the form; returns the response (303 to the next page on success).
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/signin",
            &[("email", email), ("password", password), ("next", "/home")],
        )
        .await
    }

    /// Signs in and asserts it worked.
    pub async fn sign_in_ok(&self, email: &str, password: &str) {
        let res = self.sign_in(email, password).await;
        assert_eq!(res.status(), 303, "sign-in of {email} failed");
    }

    /// The CSRF token of another client (read from the sign-in page it loads).
    pub async fn csrf_of(&self, client: &reqwest::Client) -> String {
        let html = client
            .get(format!("{}/signin", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        csrf_in(&html).expect("the sign-in page carries a CSRF token")
    }

    /// Posts the sign-in form from another client, with that client's CSRF token.
    pub async fn sign_in_as(
        &self,
        client: &reqwest::Client,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_of(client).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        client
            .post(format!("{}/signin", self.address))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// A second client (its own cookies) against the same server and database.
    pub fn other_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap()
    }
}

/// A browser connecting from another loopback address (Linux routes all of 127/8 to lo), so
/// the server sees another client address.
pub fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .local_address(std::net::IpAddr::from(address))
        .build()
        .unwrap()
}

/// The value of the first `name="csrf"` hidden field in a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().map(str::to_string)
}

/// Starts the application on a fresh database of the given backend; `None` when skipped.
pub async fn spawn_app(backend: Backend, test_name: &str) -> Option<TestApp> {
    spawn_app_with(backend, test_name, |_| {}).await
}

/// Like [`spawn_app`], letting the test adjust the settings first (e.g. load the demo).
pub async fn spawn_app_with(
    backend: Backend,
    test_name: &str,
    adjust: impl FnOnce(&mut Settings),
) -> Option<TestApp> {
    let db = TestDatabase::create(backend, test_name)?;
    let mut settings = db.settings();
    adjust(&mut settings);
    let app = Application::build(&settings).expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    actix_web::rt::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    Some(TestApp {
        address,
        pool,
        client,
        backend,
        db,
    })
}

/// Declares one async test per backend: `both_backends!(name, |app| async move { ... })`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::spawn_app(
                    $crate::helpers::Backend::Sqlite,
                    concat!(module_path!(), "::sqlite"),
                )
                .await
                {
                    ($body)(app).await;
                }
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app(
                    $crate::helpers::Backend::Postgres,
                    concat!(module_path!(), "::postgres"),
                )
                .await
                {
                    ($body)(app).await;
                }
            }
        }
    };
}
