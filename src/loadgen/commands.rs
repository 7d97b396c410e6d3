//! The load generator's and benchmarks' commands: `chorus simulate`, `chorus bench-survey`,
//! `chorus bench-render`.

use crate::commands::connect;
use crate::config::Settings;
use crate::db;
use crate::domain::LabelText;
use anyhow::{anyhow, bail, Context};

/// `chorus bench-render`: times respondent page renders and prints the figures.
pub fn bench_render(settings: &Settings, renders: usize) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let report = super::bench_render::run(&mut conn, renders)?;
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
    let created = super::bench_survey::create(&mut conn, district.as_str())?;
    println!("Created the benchmark survey in {}.", district.as_str());
    println!("survey public id: {}", created.survey);
    println!("product public id: {}", created.product);
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
    let plan = super::simulate::Plan::load(&mut conn, &args.survey)?;
    let total = usize::try_from(args.responses)?;
    if let Some(target) = &args.target {
        let links = db::models::distribution::links_of(
            &mut conn,
            plan.layout.district,
            plan.layout.survey_id,
        )?;
        drop(conn);
        let concurrency = usize::try_from(args.concurrency.unwrap_or(1))?;
        let report = actix_web::rt::System::new().block_on(super::simulate::http::run(
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
            super::simulate::seed(&mut conn, &plan, total, batch, args.seed)?
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
            actix_web::rt::System::new().block_on(super::simulate::clients(
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
fn print_http(report: &super::simulate::http::HttpReport, clients: usize) {
    use super::simulate::http::percentile;
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
