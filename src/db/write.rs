//! The one way to write: every write transaction in Chorus goes through [`transaction`].
//!
//! On SQLite the transaction takes the write lock when it begins (`BEGIN IMMEDIATE`), so
//! writers queue on the busy timeout instead of one of them failing with "database is
//! locked" when it upgrades a read transaction it began deferred. On PostgreSQL it is the
//! usual (read committed) transaction. Either way a transaction that loses a race — a
//! serialization failure or deadlock (SQLSTATE 40001, 40P01), SQLite busy, or a unique
//! key another writer took between our check and our insert — is rolled back whole and run
//! again, a bounded number of times with a short random pause. What still fails for
//! contention reaches the caller as an error for which [`Contention::is_contention`] holds;
//! `AppError` answers it 503 with `Retry-After`, never 500. See
//! `docs/decisions/0005-one-write-transaction.md`.

use super::AnyConnection;
use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
use diesel::result::{DatabaseErrorKind, Error};
use std::time::Duration;

/// How many times a transaction that lost a race is run in all.
const ATTEMPTS: u32 = 4;

/// Tells the retry loop whether a failure means "another writer got in the way" (worth
/// running the transaction again) rather than "this write is wrong".
pub trait Contention {
    /// Whether this failure came from a concurrent writer.
    fn is_contention(&self) -> bool;
}

impl Contention for Error {
    fn is_contention(&self) -> bool {
        busy(self)
            || matches!(
                self,
                Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
            )
    }
}

impl Contention for anyhow::Error {
    fn is_contention(&self) -> bool {
        self.downcast_ref::<Error>()
            .is_some_and(Contention::is_contention)
    }
}

/// Whether a database error says the database was too busy to do this now: SQLite's
/// "database is locked" (SQLITE_BUSY, after its busy timeout), PostgreSQL's serialization
/// failure (40001) and deadlock (40P01). These answer 503, never 500.
pub fn busy(error: &Error) -> bool {
    match error {
        Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        Error::DatabaseError(_, info) => {
            let message = info.message();
            message.contains("database is locked")
                || message.contains("database table is locked")
                || message.starts_with("deadlock detected")
        }
        _ => false,
    }
}

/// Runs `f` in a write transaction and commits when it succeeds, rolls back when it fails.
///
/// `f` may run more than once (after a lost race, on a rolled-back transaction), so it must
/// not have effects outside the database. Called inside another transaction it runs once, in
/// a savepoint: the outermost call owns the retries.
pub fn transaction<T, E>(
    conn: &mut AnyConnection,
    mut f: impl FnMut(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error> + Contention,
{
    if in_transaction(conn)? {
        begin(conn, false)?;
        return finish(conn, &mut f);
    }
    let mut attempt = 1;
    loop {
        // A BEGIN that fails is not run again: on SQLite it has waited the busy timeout.
        begin(conn, true)?;
        match finish(conn, &mut f) {
            Err(error) if error.is_contention() && attempt < ATTEMPTS => {
                std::thread::sleep(pause(attempt));
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

fn in_transaction(conn: &mut AnyConnection) -> Result<bool, Error> {
    Ok(match conn {
        AnyConnection::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()?
            .is_some(),
        AnyConnection::Postgresql(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()?
            .is_some(),
    })
}

type Manager = <AnyConnection as Connection>::TransactionManager;

/// Opens the transaction: `BEGIN IMMEDIATE` for SQLite's outermost one, otherwise what
/// diesel opens (PostgreSQL's `BEGIN`, or a savepoint inside a transaction).
fn begin(conn: &mut AnyConnection, outermost: bool) -> Result<(), Error> {
    match conn {
        AnyConnection::Sqlite(c) if outermost => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        _ => Manager::begin_transaction(conn),
    }
}

/// Runs `f` in the open transaction, then commits or rolls back.
fn finish<T, E>(
    conn: &mut AnyConnection,
    f: &mut impl FnMut(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error>,
{
    match f(&mut *conn) {
        Ok(value) => match Manager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(commit) => {
                // A failed COMMIT (PostgreSQL: a serialization failure) may leave the
                // transaction open; roll it back so the connection can be used again.
                if in_transaction(conn).unwrap_or(false) {
                    let _ = Manager::rollback_transaction(conn);
                }
                Err(commit.into())
            }
        },
        Err(error) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(Error::BrokenTransactionManager) => Err(error),
            Err(rollback) => Err(rollback.into()),
        },
    }
}

/// A short random pause before attempt `attempt + 1`, growing with each attempt, so that
/// two transactions that collided do not collide again in step.
fn pause(attempt: u32) -> Duration {
    let base = 5u64 << attempt.min(4);
    Duration::from_millis(base + rand::random_range(0..base))
}

#[cfg(test)]
mod tests {
    use super::pause;

    #[test]
    fn pauses_grow_and_stay_short() {
        for attempt in 1..4 {
            let p = pause(attempt).as_millis();
            assert!(p >= 5 << attempt && p < 10 << attempt, "{attempt}: {p}");
        }
    }
}
