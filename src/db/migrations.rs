//! Schema migrations, embedded per backend and run at start-up or by `chorus migrate`.

use super::aggregates::pending::rebuild_queued;
use super::connection::AnyConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies every pending migration of the connection's backend, then rebuilds the aggregates
/// of the surveys a migration queued (a crashed rebuild is resumed at the next start); returns
/// the names of the migrations applied.
pub fn run_pending(conn: &mut AnyConnection) -> anyhow::Result<Vec<String>> {
    let applied: Vec<String> = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES),
    }
    .map_err(|e| anyhow::anyhow!("database migration failed: {e}"))?
    .iter()
    .map(ToString::to_string)
    .collect();
    for done in rebuild_queued(conn)
        .map_err(|e| anyhow::anyhow!("rebuilding the aggregates a migration queued failed: {e}"))?
    {
        tracing::info!(
            district = done.district.0,
            survey = done.survey.0,
            responses = done.responses,
            "rebuilt a survey's aggregates after a migration"
        );
    }
    Ok(applied)
}
