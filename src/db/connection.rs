//! One connection type for both backends, opened by URL scheme.

use crate::db::DatabaseUrl;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// A connection to SQLite or PostgreSQL. Code outside `db/` only sees this type.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// PostgreSQL, for production and scale-out.
    Postgresql(diesel::PgConnection),
    /// SQLite, the embedded default.
    Sqlite(diesel::SqliteConnection),
}

/// Pragmas every SQLite connection needs: waiting (rather than failing) when another
/// connection holds the write lock — first, so that the pragmas after it wait too when
/// another instance is writing — then durability with WAL and enforced foreign keys.
/// Statement journals (the undo of one multi-row statement inside a transaction) stay in
/// memory: in a temporary file they were a tenth of the group-commit writer's time.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";

impl AnyConnection {
    /// Opens a connection of the backend the URL names, with a readable error when it fails.
    ///
    /// The concrete connection is established first (the derived `establish` would try
    /// every backend in turn and hide the real error).
    pub fn open(url: &DatabaseUrl) -> Result<Self, ConnectError> {
        match url {
            DatabaseUrl::Postgres(raw) => {
                diesel::PgConnection::establish(&with_connect_timeout(raw))
                    .map(AnyConnection::Postgresql)
                    .map_err(|e| {
                        ConnectError(format!(
                            "DATABASE_URL: cannot connect to PostgreSQL at {}: {}",
                            url.redacted(),
                            first_line(&e.to_string())
                        ))
                    })
            }
            DatabaseUrl::Sqlite(path) => {
                let path_text = path.to_string_lossy();
                let mut conn = diesel::SqliteConnection::establish(&path_text).map_err(|e| {
                    ConnectError(format!(
                        "DATABASE_URL: cannot open the SQLite file {}: {}",
                        path.display(),
                        first_line(&e.to_string())
                    ))
                })?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(|e| {
                    ConnectError(format!(
                        "DATABASE_URL: the SQLite file {} cannot be used: {}",
                        path.display(),
                        first_line(&e.to_string())
                    ))
                })?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    /// Tunes this connection for loading many rows (`chorus simulate`'s seed mode, never the
    /// service): SQLite gets a 128 MB page cache (a big batch no longer spills pages to the
    /// log mid-transaction), statement journals in memory, rarer checkpoints, and no
    /// foreign-key look-ups (five per answer row; the generator draws every id from the
    /// survey itself); PostgreSQL commits without waiting for its log flush. A crash still
    /// loses only whole, recent transactions, never half of one.
    pub fn prepare_for_bulk_load(&mut self) -> QueryResult<()> {
        match self {
            AnyConnection::Sqlite(c) => c.batch_execute(
                "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; \
                 PRAGMA wal_autocheckpoint = 16384; PRAGMA foreign_keys = OFF;",
            ),
            AnyConnection::Postgresql(c) => c.batch_execute("SET synchronous_commit = off"),
        }
    }

    /// Whether this connection talks to PostgreSQL (for the few places that need backend SQL).
    pub fn is_postgres(&self) -> bool {
        matches!(self, AnyConnection::Postgresql(_))
    }
}

/// Why a connection could not be opened, as one sentence naming the setting.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(pub String);

/// Creates the PostgreSQL database a URL names when the server answers but the database does
/// not exist yet (as `createdb` would); returns whether it was created. SQLite creates its
/// file on open, so this is a no-op there.
pub fn create_database_if_missing(url: &DatabaseUrl) -> Result<bool, ConnectError> {
    let DatabaseUrl::Postgres(raw) = url else {
        return Ok(false);
    };
    match diesel::PgConnection::establish(&with_connect_timeout(raw)) {
        Ok(_) => return Ok(false),
        Err(e) if e.to_string().contains("does not exist") => {}
        Err(_) => return AnyConnection::open(url).map(|_| false),
    }
    let (server, name) = split_database(raw).ok_or_else(|| {
        ConnectError(format!(
            "DATABASE_URL: {} names no database",
            url.redacted()
        ))
    })?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(ConnectError(format!(
            "DATABASE_URL: the database \"{name}\" does not exist, and Chorus only creates databases whose names are letters, digits and underscores"
        )));
    }
    let mut admin = diesel::PgConnection::establish(&with_connect_timeout(&format!("{server}/postgres")))
        .map_err(|e| ConnectError(format!(
            "DATABASE_URL: the database \"{name}\" does not exist and the server's postgres database is not reachable to create it: {}",
            first_line(&e.to_string())
        )))?;
    diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .map_err(|e| {
            ConnectError(format!(
                "DATABASE_URL: the database \"{name}\" does not exist and cannot be created: {}",
                first_line(&e.to_string())
            ))
        })?;
    Ok(true)
}

/// Splits `postgres://user@host:port/db?params` into (`postgres://user@host:port`, `db`).
fn split_database(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let (authority, path) = rest.split_once('/')?;
    let name = path.split('?').next().unwrap_or_default();
    Some((format!("{scheme}://{authority}"), name.to_string()))
}

fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&connect_timeout=5")
    } else {
        format!("{url}?connect_timeout=5")
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

#[cfg(test)]
mod tests {
    use super::split_database;

    #[test]
    fn database_name_is_split_from_the_server() {
        assert_eq!(
            split_database("postgres://u:p@h:5432/chorus?sslmode=disable"),
            Some(("postgres://u:p@h:5432".into(), "chorus".into()))
        );
        assert_eq!(split_database("postgres://h"), None);
    }
}
