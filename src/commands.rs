//! The one-shot commands of the CLI other than `serve`.

use crate::config::Settings;
use crate::db::{self, models};
use crate::domain::password::{self, NewPassword};
use crate::domain::{Email, LabelText, Role};
use anyhow::{anyhow, bail, Context};
use std::io::{BufRead, IsTerminal};

/// Opens the database (creating a missing PostgreSQL database, like `serve` does) and applies
/// pending migrations; returns the connection and the names of the migrations applied.
fn connect_and_migrate(settings: &Settings) -> anyhow::Result<(db::AnyConnection, Vec<String>)> {
    if db::connection::create_database_if_missing(&settings.database)? {
        println!("Created the database {}.", settings.database.redacted());
    }
    let mut conn = db::AnyConnection::open(&settings.database)?;
    let applied = db::migrations::run_pending(&mut conn)?;
    Ok((conn, applied))
}

fn connect(settings: &Settings) -> anyhow::Result<db::AnyConnection> {
    connect_and_migrate(settings).map(|(conn, _)| conn)
}

/// `chorus migrate`: applies pending migrations and says which.
pub fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let (_, applied) = connect_and_migrate(settings)?;
    if applied.is_empty() {
        println!("The database is up to date.");
    } else {
        for name in &applied {
            println!("applied migration {name}");
        }
    }
    Ok(())
}

/// `chorus demo`: loads the demo district into this database.
pub fn demo(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let demo = crate::demo::load(&mut conn)?;
    demo.announce(&settings.base_url);
    Ok(())
}

/// `chorus bench-render`: times respondent page renders and prints the figures.
pub fn bench_render(settings: &Settings, renders: usize) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let report = crate::web::answer::bench::run(&mut conn, renders)?;
    println!("survey: {}", report.survey);
    println!(
        "{} renders over {} distinct pages: p50 {} µs, p99 {} µs, max {} µs",
        report.renders,
        report.pages,
        report.p50.as_micros(),
        report.p99.as_micros(),
        report.max.as_micros()
    );
    println!(
        "slowest page: {}; renders over 5 ms: {}",
        report.slowest, report.over_5ms
    );
    println!(
        "largest page: {} bytes of HTML + {} bytes of CSS = {} bytes",
        report.largest_html,
        report.css,
        report.largest_html + report.css
    );
    Ok(())
}

/// `chorus bench-survey`: creates the 25-answer benchmark survey and prints its public ids.
pub fn bench_survey(settings: &Settings, district: &str) -> anyhow::Result<()> {
    let district =
        LabelText::parse(district, "district name", 120).map_err(|e| anyhow!("--district: {e}"))?;
    let mut conn = connect(settings)?;
    let created = crate::demo::bench_survey::create(&mut conn, district.as_str())?;
    println!("Created the benchmark survey in {}.", district.as_str());
    println!("survey public id: {}", created.survey);
    println!("product public id: {}", created.product);
    Ok(())
}

/// `chorus reaggregate`: rebuilds every survey's aggregates from its answers, one survey per transaction.
pub fn reaggregate(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    for district in models::districts::list(&mut conn)? {
        for survey in models::surveys::list(&mut conn, district.district_id())? {
            let started = std::time::Instant::now();
            let count = db::aggregates::rebuild::rebuild(
                &mut conn,
                district.district_id(),
                crate::domain::SurveyId(survey.id),
            )?;
            println!(
                "{} / {} ({}): {count} responses folded in {} ms",
                district.name,
                survey.title,
                survey.wave,
                started.elapsed().as_millis()
            );
        }
    }
    Ok(())
}

/// The options of `chorus simulate`.
#[derive(Debug, Clone)]
pub struct SimulateArgs {
    /// Public id of the survey.
    pub survey: String,
    /// Responses to submit.
    pub responses: u64,
    /// Clients through the writer, or `None` to seed in batches.
    pub concurrency: Option<u64>,
    /// Responses per transaction when seeding.
    pub batch: u64,
    /// Random seed.
    pub seed: u64,
    /// The server to drive over HTTP instead of writing in-process.
    pub target: Option<String>,
    /// Where clients mode logs acknowledged responses.
    pub ack_log: Option<std::path::PathBuf>,
}

/// `chorus simulate`: synthetic responses through the real write path, with figures.
pub fn simulate(settings: &Settings, args: &SimulateArgs) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let plan = crate::simulate::Plan::load(&mut conn, &args.survey)?;
    let total = usize::try_from(args.responses)?;
    if let Some(target) = &args.target {
        let links = db::models::distribution::links_of(
            &mut conn,
            plan.layout.district,
            plan.layout.survey_id,
        )?;
        drop(conn);
        let concurrency = usize::try_from(args.concurrency.unwrap_or(1))?;
        let report = actix_web::rt::System::new().block_on(crate::simulate::http::run(
            target,
            &plan,
            &links,
            total,
            concurrency,
            args.seed,
        ))?;
        print_http(&report, concurrency);
        if report.stored == 0 {
            bail!("--target: no submission was stored (see the errors above)");
        }
        return Ok(());
    }
    let report = match args.concurrency {
        None => {
            let batch = usize::try_from(args.batch)?;
            crate::simulate::seed(&mut conn, &plan, total, batch, args.seed)?
        }
        Some(concurrency) => {
            drop(conn);
            let config = db::writer::WriterConfig::for_database(&settings.database);
            let connections = u32::try_from(config.writers + 1)?;
            let pool = db::build_pool(&settings.database, connections)?;
            let writer = db::writer::Writer::start(pool, config)?;
            let log = match &args.ack_log {
                Some(path) => Some(
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(path)
                        .with_context(|| format!("--ack-log: cannot open {}", path.display()))?,
                ),
                None => None,
            };
            let concurrency = usize::try_from(concurrency)?;
            actix_web::rt::System::new().block_on(crate::simulate::clients(
                &writer,
                &plan,
                total,
                concurrency,
                args.seed,
                log,
            ))?
        }
    };
    println!(
        "stored {} responses ({} answers) in {:.2} s: {:.0} responses/s; {} not stored",
        report.stored,
        report.answers,
        report.elapsed.as_secs_f64(),
        report.rate(),
        report.not_stored
    );
    if args.concurrency.is_some() {
        println!(
            "latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; queue-full retries {}",
            report.percentile(0.5).as_secs_f64() * 1e3,
            report.percentile(0.99).as_secs_f64() * 1e3,
            report.percentile(1.0).as_secs_f64() * 1e3,
            report.busy
        );
    }
    Ok(())
}

/// Prints an HTTP run's figures, one line each, and every error.
fn print_http(report: &crate::simulate::http::HttpReport, clients: usize) {
    use crate::simulate::http::percentile;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let (requests, submits) = (&report.request_latencies, &report.submit_latencies);
    println!(
        "journeys: {} respondents, {} requests in {:.2} s at {clients} clients: {:.0} requests/s; \
         per request p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        report.journeys,
        report.journey_requests,
        report.journey_elapsed.as_secs_f64(),
        report.request_rate(),
        ms(percentile(requests, 0.5)),
        ms(percentile(requests, 0.99)),
        ms(percentile(requests, 1.0)),
    );
    println!(
        "submit: stored {} of {} in {:.2} s at {clients} clients: {:.0} submissions/s; \
         p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        report.stored,
        submits.len(),
        report.submit_elapsed.as_secs_f64(),
        report.submit_rate(),
        ms(percentile(submits, 0.5)),
        ms(percentile(submits, 0.99)),
        ms(percentile(submits, 1.0)),
    );
    println!("errors: {}", report.error_count());
    for (what, count) in &report.errors {
        println!("  {count} × {what}");
    }
}

/// `chorus backup FILE`: a consistent copy of the live SQLite database.
pub fn backup(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let started = std::time::Instant::now();
    db::backup::backup(&mut conn, file)?;
    let responses = db::backup::verify(file)?;
    println!(
        "Backed up {} to {} ({responses} responses) in {} ms.",
        settings.database.redacted(),
        file.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `chorus restore FILE`: replaces the SQLite database with a verified backup.
pub fn restore(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let responses = db::backup::restore(&settings.database, file)?;
    let (_, applied) = connect_and_migrate(settings)?;
    println!(
        "Restored {} from {} ({responses} responses; {} migrations applied since the backup).",
        settings.database.redacted(),
        file.display(),
        applied.len()
    );
    Ok(())
}

/// `chorus token create`: prints a new API token for the admin's district.
pub fn create_token(settings: &Settings, email: &str, name: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {e}"))?;
    let name = LabelText::parse(name, "token name", 80).map_err(|e| anyhow!("--name: {e}"))?;
    let mut conn = connect(settings)?;
    let secret = crate::domain::tokens::new_secret();
    crate::db::write::transaction(&mut conn, |conn| -> anyhow::Result<()> {
        let user = models::users::find_by_email(conn, &email)?
            .filter(|u| u.active && u.role == Role::DistrictAdmin.as_str())
            .ok_or_else(|| anyhow!("--email: {email} is not an active district administrator"))?;
        let (district, owner) = (
            crate::domain::DistrictId(user.district_id),
            crate::domain::UserId(user.id),
        );
        let id = models::api_tokens::insert(
            conn,
            district,
            owner,
            name.as_str(),
            &crate::domain::tokens::hash(&secret),
        )?;
        models::audit::record(
            conn,
            district,
            Some(owner),
            "api_token.create",
            ("api_token", &id.to_string()),
            "from the command line",
        )?;
        Ok(())
    })?;
    println!("{secret}");
    eprintln!("API token \"{name}\" created for {email}'s district. It is shown only now.");
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// `chorus create-admin`: creates a district administrator, and the district when it is new.
pub fn create_admin(
    settings: &Settings,
    district_name: &str,
    email: &str,
    display_name: &str,
) -> anyhow::Result<()> {
    let district_name = LabelText::parse(district_name, "district name", 120)
        .map_err(|e| anyhow!("--district: {e}"))?;
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {e}"))?;
    let display_name =
        LabelText::parse(display_name, "name", 120).map_err(|e| anyhow!("--name: {e}"))?;
    let password = NewPassword::parse(&read_password()?).map_err(|e| anyhow!("password: {e}"))?;
    let hash =
        password::hash(&password).map_err(|e| anyhow!("hashing the password failed: {e}"))?;
    let mut conn = connect(settings)?;
    let created_district =
        crate::db::write::transaction(&mut conn, |conn| -> anyhow::Result<bool> {
            if models::users::find_by_email(conn, &email)?.is_some() {
                bail!("--email: an account with the e-mail {email} exists already");
            }
            let (district, created) =
                match models::districts::find_by_name(conn, district_name.as_str())? {
                    Some(d) => (d.district_id(), false),
                    None => {
                        let slug = crate::demo::slugify(district_name.as_str());
                        let id = models::districts::insert(
                            conn,
                            &models::districts::NewDistrict {
                                slug: &slug,
                                name: district_name.as_str(),
                                privacy_note: "",
                                created_at: db::now(),
                            },
                        )?;
                        (id, true)
                    }
                };
            let user = models::users::insert(
                conn,
                &models::users::NewUser {
                    district,
                    email: &email,
                    display_name: display_name.as_str(),
                    password_hash: Some(&hash),
                    role: Role::DistrictAdmin,
                },
                &[],
            )?;
            models::audit::record(
                conn,
                district,
                None,
                "user.create_admin",
                ("user", &user.to_string()),
                "created from the command line",
            )?;
            Ok(created)
        })?;
    if created_district {
        println!("Created the district \"{district_name}\".");
    }
    println!("Created the district administrator {email}.");
    Ok(())
}
