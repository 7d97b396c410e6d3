//! Logging set-up: one line per request and per notable event, to standard error.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber with the configured filter; later calls are no-ops (tests).
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
