//! The command line: `serve` (default), `migrate`, `create-admin`, `demo`, `reaggregate`,
//! `simulate`, `bench-survey`, `backup`, `restore`, `bench-render`, `token`.

use crate::config::{Settings, SettingsArgs};
use clap::{Parser, Subcommand};

/// Chorus: stakeholder feedback surveys about a district's ed-tech products.
#[derive(Debug, Parser)]
#[command(name = "chorus", version, about)]
pub struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a district administrator (and the district if it is new). The password is read
    /// from the terminal, or from the first line of standard input when it is not a terminal.
    CreateAdmin {
        /// The district's display name.
        #[arg(long)]
        district: String,
        /// The administrator's e-mail address.
        #[arg(long)]
        email: String,
        /// The administrator's name as shown in the interface.
        #[arg(long, default_value = "District administrator")]
        name: String,
    },
    /// Load the demo district (refused when it exists already).
    Demo,
    /// Rebuild every survey's aggregate tables from the stored answers.
    Reaggregate,
    #[cfg(feature = "loadgen")]
    /// Store synthetic responses to a survey through the real write path: in big batches
    /// (seeding), with --concurrency as that many clients through the group-commit writer, or
    /// with --target through a running server's respondent pages over HTTP.
    Simulate {
        /// The survey's public id (as in its links).
        #[arg(long)]
        survey: String,
        /// How many responses to submit.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        responses: u64,
        /// Submit as this many concurrent clients through the group-commit writer, printing
        /// latency percentiles (omit to seed in big batches).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        concurrency: Option<u64>,
        /// Responses per transaction when seeding (on SQLite, transactions much bigger than a
        /// few hundred responses get slower per row: see docs/performance.md).
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        batch: u64,
        /// Random seed, for repeatable data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Drive the respondent pages of the server at this URL (e.g. http://127.0.0.1:8080)
        /// by the survey's distribution links, read from this database; --concurrency clients.
        #[arg(long)]
        target: Option<String>,
        /// Clients mode: append "submission-key answer-count" for every acknowledged response.
        #[arg(long, hide = true)]
        ack_log: Option<std::path::PathBuf>,
    },
    #[cfg(feature = "loadgen")]
    /// Create and open the benchmark survey (one product, about 25 answers per response,
    /// students and teachers, a link for every school and group) and print its public id.
    BenchSurvey {
        /// The district to create it in (created when missing).
        #[arg(long, default_value = "Benchmark District")]
        district: String,
    },
    /// Write a consistent copy of the live SQLite database to a new file, without stopping
    /// the service (PostgreSQL: use pg_dump).
    Backup {
        /// The new file.
        file: std::path::PathBuf,
    },
    /// Replace the SQLite database with a backup made by `chorus backup` (stop the service first).
    Restore {
        /// The backup file.
        file: std::path::PathBuf,
    },
    #[cfg(feature = "loadgen")]
    /// Time the server-side render of respondent pages on the first open survey (the demo's)
    /// and print p50/p99 and the page weight.
    BenchRender {
        /// How many renders to time.
        #[arg(long, default_value_t = 10_000)]
        renders: usize,
    },
    /// Manage API tokens.
    Token {
        /// What to do with tokens.
        #[command(subcommand)]
        action: TokenAction,
    },
}

impl Cli {
    /// Parses the settings part; every command needs them.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        Settings::from_args(&self.settings)
    }
}

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create a token for a district admin's district and print it (shown only once).
    Create {
        /// The admin's e-mail address.
        #[arg(long)]
        email: String,
        /// A label, e.g. "nightly export".
        #[arg(long)]
        name: String,
    },
}
