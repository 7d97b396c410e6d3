//! The `chorus` binary: parses the command line and hands over to the library.

use chorus::cli::{Cli, Command, TokenAction};
use chorus::{commands, startup::Application, telemetry};
use clap::Parser;
use std::process::ExitCode;

/// jemalloc instead of glibc malloc: glibc kept what the worker and blocking-pool threads had
/// freed in its per-thread arenas, so an instance idled at hundreds of MB after a load.
/// jemalloc's background thread gives freed pages back to the OS within seconds, also while
/// the instance is idle (docs/operations.md, "Memory").
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("chorus: {}", sentence(&error));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings()?;
    telemetry::init(&settings.log_level);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => actix_web::rt::System::new().block_on(async move {
            let started = std::time::Instant::now();
            let app = Application::build(&settings)?;
            tracing::info!(
                address = %settings.bind.ip(),
                port = app.port(),
                database = %settings.database.redacted(),
                ready_ms = started.elapsed().as_millis() as u64,
                "Chorus is listening"
            );
            eprintln!(
                "Chorus is listening on http://{}:{}",
                settings.bind.ip(),
                app.port()
            );
            app.run_until_stopped().await?;
            tracing::info!("stopped");
            Ok(())
        }),
        Command::Migrate => commands::migrate(&settings),
        Command::CreateAdmin {
            district,
            email,
            name,
        } => commands::create_admin(&settings, &district, &email, &name),
        Command::Demo => commands::demo(&settings),
        Command::Reaggregate => commands::reaggregate(&settings),
        #[cfg(feature = "loadgen")]
        Command::Simulate {
            survey,
            responses,
            concurrency,
            batch,
            seed,
            target,
            ack_log,
        } => chorus::loadgen::commands::simulate(
            &settings,
            &chorus::loadgen::commands::SimulateArgs {
                survey,
                responses,
                concurrency,
                batch,
                seed,
                target,
                ack_log,
            },
        ),
        #[cfg(feature = "loadgen")]
        Command::BenchSurvey { district } => {
            chorus::loadgen::commands::bench_survey(&settings, &district)
        }
        Command::Backup { file } => commands::backup(&settings, &file),
        Command::Restore { file } => commands::restore(&settings, &file),
        #[cfg(feature = "loadgen")]
        Command::BenchRender { renders } => {
            chorus::loadgen::commands::bench_render(&settings, renders)
        }
        Command::Token {
            action: TokenAction::Create { email, name },
        } => commands::create_token(&settings, &email, &name),
    }
}

/// One readable sentence from an error chain: the outermost context, then its causes.
fn sentence(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
