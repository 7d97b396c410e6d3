//! The connection pool: r2d2 over [`AnyConnection`], opened by URL scheme.

use super::connection::{AnyConnection, ConnectError};
use crate::db::DatabaseUrl;
use diesel::connection::SimpleConnection;
use diesel::r2d2;
use std::time::Duration;

/// A pool of database connections shared by every request.
pub type DbPool = r2d2::Pool<ConnectionManager>;

/// A connection checked out of the pool.
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// Opens connections of the configured backend; r2d2 calls it when the pool grows.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = AnyConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<AnyConnection, ConnectError> {
        AnyConnection::open(&self.url)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1")
            .map_err(|e| ConnectError(e.to_string()))
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// Builds the pool, failing fast with the real connection error when the database is unreachable.
pub fn build_pool(url: &DatabaseUrl, size: u32) -> Result<DbPool, ConnectError> {
    // One direct attempt first: r2d2 would only report a time-out.
    AnyConnection::open(url)?;
    let max_size = match url {
        // SQLite has one writer; a few readers beside it are all it can use.
        DatabaseUrl::Sqlite(_) => size.min(8),
        DatabaseUrl::Postgres(_) => size,
    };
    r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .test_on_check_out(false)
        .build(ConnectionManager { url: url.clone() })
        .map_err(|e| {
            ConnectError(format!(
                "DATABASE_URL: cannot build the connection pool: {e}"
            ))
        })
}
