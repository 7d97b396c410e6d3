//! Everything that talks to the database: connections, the pool, migrations, the schema,
//! row structs with their query functions, and the aggregate tables.
//!
//! Backend-specific SQL lives only here. Every query on district-owned rows takes the
//! caller's district (and, where it applies, school scope) as a parameter.

pub mod aggregates;
pub mod backup;
mod columns;
// The MultiConnection derive generates public items (MultiBackend, bind collectors) without docs.
#[allow(missing_docs)]
pub mod connection;
mod fixed_batches;
pub mod migrations;
pub mod models;
pub mod packed_answers;
pub mod pool;
pub mod schema;
pub mod submission;
mod url;
pub mod write;
pub mod writer;

pub use connection::AnyConnection;
pub use pool::{build_pool, DbPool, PooledConn};
pub use url::DatabaseUrl;

/// Today's date and time in UTC, truncated to the second (both backends store the same value).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::NaiveDateTime::new(
        now.date(),
        chrono::NaiveTime::from_num_seconds_from_midnight_opt(
            chrono::Timelike::num_seconds_from_midnight(&now.time()),
            0,
        )
        .unwrap_or_default(),
    )
}
