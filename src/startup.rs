//! Building the application: database, migrations, demo data, templates, and the bound server.

use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::web::{self, render::Templates, AppState};
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_session::SessionMiddleware;
use actix_web::cookie::SameSite;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, ErrorHandlers};
use actix_web::{web as aweb, App, HttpServer};
use anyhow::Context;
use std::net::TcpListener;

/// A built, bound, not yet running service. Tests bind port 0 and read [`Application::port`].
pub struct Application {
    port: u16,
    server: Server,
    pool: DbPool,
}

impl Application {
    /// Connects, migrates, loads the demo into an empty database (unless disabled), and binds.
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        // Bind first: a taken port should fail before the database is touched.
        let listener = TcpListener::bind(settings.bind).map_err(|e| {
            anyhow::anyhow!("CHORUS_BIND: cannot listen on {}: {}", settings.bind, e)
        })?;
        let templates = Templates::load()?;
        web::answer::strings::check().map_err(|e| anyhow::anyhow!(e))?;
        let bank = crate::survey::bank::QuestionBank::embedded()
            .map_err(|e| anyhow::anyhow!("the question bank does not validate: {e}"))?;
        let pool = prepare_database(settings)?;
        let port = listener
            .local_addr()
            .context("CHORUS_BIND: no local address")?
            .port();
        let dummy =
            crate::domain::password::NewPassword::parse(&crate::domain::tokens::new_secret())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        let dummy_hash = crate::domain::password::hash(&dummy)
            .map_err(|e| anyhow::anyhow!("hashing the timing-equaliser password failed: {e}"))?;
        let writer = crate::db::writer::Writer::start(
            pool.clone(),
            crate::db::writer::WriterConfig::for_database(&settings.database),
        )
        .context("cannot start the submission writer thread")?;
        let state = AppState {
            pool: pool.clone(),
            writer,
            templates,
            session_limits: settings.session_limits,
            dummy_hash: std::sync::Arc::new(dummy_hash),
            base_url: public_base_url(settings, port).into(),
            bank: std::sync::Arc::new(bank),
            forms: std::sync::Arc::default(),
            snapshots: std::sync::Arc::default(),
        };
        let cookie_key = actix_web::cookie::Key::from(settings.secret_key.bytes());
        let secure_cookies = !settings.insecure_cookies;
        let admission = aweb::Data::new(web::admission::Admission::new(
            settings.max_in_flight,
            web::admission::STAFF_WAIT,
        ));
        let trusted_proxies = settings.trusted_proxies.clone();
        if !trusted_proxies.is_empty() {
            tracing::info!(proxies = %trusted_proxies, "X-Forwarded-For is read from these proxies");
        }
        let server = HttpServer::new(move || {
            App::new()
                .app_data(aweb::Data::new(state.clone()))
                .app_data(admission.clone())
                .app_data(trusted_proxies.clone())
                .app_data(web::middleware::HeaderPolicy {
                    strict_transport: secure_cookies,
                })
                .app_data(aweb::FormConfig::default().limit(256 * 1024))
                .app_data(
                    aweb::QueryConfig::default().error_handler(web::error_page::unreadable_query),
                )
                .app_data(
                    aweb::JsonConfig::default()
                        .limit(1024 * 1024)
                        .error_handler(|err, _| {
                            crate::web::error::ApiError(crate::web::error::AppError::Invalid(vec![
                                crate::domain::FieldError {
                                    field: "body".into(),
                                    message: format!("The JSON body does not fit: {err}."),
                                },
                            ]))
                            .into()
                        }),
                )
                .wrap(
                    SessionMiddleware::builder(CookieSessionStore::default(), cookie_key.clone())
                        .cookie_name("chorus_session".into())
                        .cookie_http_only(true)
                        .cookie_same_site(SameSite::Lax)
                        .cookie_secure(secure_cookies)
                        .cookie_content_security(CookieContentSecurity::Private)
                        .build(),
                )
                .wrap(from_fn(web::admission::admit))
                .wrap(ErrorHandlers::new().default_handler(web::error_page::render))
                .wrap(Compress::default())
                .wrap(from_fn(web::middleware::request_context))
                .configure(web::routes)
                .default_service(aweb::to(web::error_page::not_found))
        })
        .shutdown_timeout(20)
        .listen(listener)
        .context("CHORUS_BIND: cannot start the HTTP server")?
        .run();
        Ok(Application { port, server, pool })
    }

    /// The port actually bound (useful when the settings asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The pool, for tests and commands that run beside the server.
    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes in-flight requests and returns. Beside
    /// the server, an hourly sweep deletes the drafts of closed surveys.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        actix_web::rt::spawn(sweep_expired_drafts(self.pool.clone()));
        self.server.await
    }
}

/// Deletes unfinished drafts whose survey has closed (and its grace period passed), and
/// failed code entries older than the throttle window, now and every hour: unfinished
/// answers never outlive their survey, and no address is kept longer than it is needed.
async fn sweep_expired_drafts(pool: DbPool) {
    let mut every_hour = actix_web::rt::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let pool = pool.clone();
        let swept = aweb::block(move || -> anyhow::Result<usize> {
            let mut conn = pool.get()?;
            let now = db::now();
            let window = chrono::Duration::minutes(crate::web::answer::CODE_THROTTLE_MINUTES);
            db::models::code_attempts::sweep(&mut conn, now - window)?;
            Ok(db::models::drafts::delete_expired(&mut conn, now)?)
        })
        .await;
        match swept {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(count = n, "deleted the drafts of closed surveys"),
            Ok(Err(e)) => tracing::warn!(error = %e, "deleting expired drafts failed"),
            Err(e) => tracing::warn!(error = %e, "deleting expired drafts failed"),
        }
    }
}

/// The configured public address; when none was given and the OS chose the port, the real one.
fn public_base_url(settings: &Settings, port: u16) -> String {
    if settings.bind.port() == 0 && settings.base_url == format!("http://{}", settings.bind) {
        format!("http://{}:{port}", settings.bind.ip())
    } else {
        settings.base_url.clone()
    }
}

/// Opens the pool, runs pending migrations and, on an empty database, loads the demo.
pub fn prepare_database(settings: &Settings) -> anyhow::Result<DbPool> {
    if db::connection::create_database_if_missing(&settings.database)? {
        tracing::info!(database = %settings.database.redacted(), "created the database");
    }
    let pool = db::build_pool(&settings.database, settings.db_pool_size)?;
    let mut conn = pool
        .get()
        .context("DATABASE_URL: no connection could be taken from the pool")?;
    let applied = db::migrations::run_pending(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied database migrations");
    }
    if settings.load_demo && db::models::districts::count(&mut conn)? == 0 {
        let demo = crate::demo::load(&mut conn).context("loading the demo district failed")?;
        demo.announce(&settings.base_url);
    }
    Ok(pool)
}
