//! Which database to use, decided by the URL's scheme: the one place the two backends are told
//! apart before a connection exists.

use anyhow::bail;
use std::fmt;
use std::path::PathBuf;

/// Which database to use, decided by the URL's scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `postgres://…` or `postgresql://…`, passed to libpq as is.
    Postgres(String),
    /// `sqlite://path`, or a plain file path.
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    /// Parses a database URL; anything with another `scheme://` is refused rather than taken as a file name.
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            bail!("DATABASE_URL is empty: give a postgres:// URL or an SQLite file path");
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                bail!(
                    "DATABASE_URL \"sqlite://\" names no file: use sqlite://path/to/chorus.sqlite3"
                );
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = raw.split_once("://") {
            bail!(
                "DATABASE_URL has the unsupported scheme \"{scheme}://\": use postgres://, postgresql://, sqlite:// or a file path"
            );
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(raw)))
    }

    /// A description safe for logs: the password of a PostgreSQL URL is masked.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => redact_password(url),
        }
    }

    /// Whether this is the PostgreSQL backend.
    pub fn is_postgres(&self) -> bool {
        matches!(self, DatabaseUrl::Postgres(_))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}
