//! Consistent copies of a live SQLite database, and putting one back.
//!
//! `VACUUM INTO` reads the database in one read transaction, so the copy is a consistent
//! snapshot (every committed submission whole, nothing half-written) while writers go on:
//! under WAL a reader never blocks the writer. PostgreSQL is backed up with `pg_dump`
//! (see `docs/operations.md`).

use super::connection::ConnectError;
use super::AnyConnection;
use crate::db::DatabaseUrl;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use std::path::Path;

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The configured database is PostgreSQL.
    #[error("the database is PostgreSQL: back it up with pg_dump and restore it with pg_restore (see docs/operations.md)")]
    Postgres,
    /// The target file exists already.
    #[error("{0} exists already; choose a new file name")]
    Exists(String),
    /// The file to restore is not a usable Chorus database.
    #[error("{path} is not a Chorus backup: {reason}")]
    NotABackup {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database refused.
    #[error("the database failed: {0}")]
    Database(#[from] diesel::result::Error),
    /// Opening a database failed.
    #[error(transparent)]
    Connect(#[from] ConnectError),
    /// Copying or renaming a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Writes a consistent copy of the live SQLite database to `target` (a new file).
pub fn backup(conn: &mut AnyConnection, target: &Path) -> Result<(), BackupError> {
    let AnyConnection::Sqlite(c) = conn else {
        return Err(BackupError::Postgres);
    };
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target.to_string_lossy().into_owned())
        .execute(c)?;
    Ok(())
}

/// Checks that `file` is a sound Chorus SQLite database (integrity check passes, migrations
/// table present) and returns how many responses it holds.
pub fn verify(file: &Path) -> Result<i64, BackupError> {
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: file.display().to_string(),
        reason,
    };
    if !file.is_file() {
        return Err(not_a_backup("no such file".into()));
    }
    let mut conn = diesel::SqliteConnection::establish(&file.to_string_lossy())
        .map_err(|e| not_a_backup(e.to_string()))?;
    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .map_err(|e| not_a_backup(e.to_string()))?;
    if check.first().map(|c| c.integrity_check.as_str()) != Some("ok") {
        return Err(not_a_backup("its integrity check fails".into()));
    }
    crate::db::schema::responses::table
        .count()
        .get_result(&mut conn)
        .map_err(|e| not_a_backup(format!("it has no Chorus tables ({e})")))
}

/// Replaces the configured SQLite database with the backup `file`, after verifying it; the
/// service must be stopped. The old database's write-ahead log is emptied and removed first,
/// so it cannot be replayed onto the restored file. Returns the restored response count.
pub fn restore(url: &DatabaseUrl, file: &Path) -> Result<i64, BackupError> {
    let DatabaseUrl::Sqlite(live) = url else {
        return Err(BackupError::Postgres);
    };
    let responses = verify(file)?;
    let staging = live.with_extension("restoring");
    std::fs::copy(file, &staging)?;
    if live.exists() {
        let mut old = AnyConnection::open(url)?;
        old.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);")?;
        drop(old);
    }
    for suffix in ["-wal", "-shm"] {
        let side = Path::new(&format!("{}{suffix}", live.display())).to_path_buf();
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&staging, live)?;
    Ok(responses)
}
