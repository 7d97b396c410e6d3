//! Settings from command-line flags, `CHORUS_*` environment variables and defaults.
//!
//! Every setting is parsed here, once, into a type that can only hold a usable value, and
//! every refusal is one sentence that names the setting so an operator can fix it at once.
//! The secret key is never printed: its `Debug` is redacted and it is not a `Display`.

use crate::db::DatabaseUrl;
use crate::domain::TrustedProxies;
use anyhow::{anyhow, bail, Context};
use base64::Engine;
use clap::Args;
use rand::RngExt;
use std::fmt;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The key that signs and encrypts session cookies; 64 random bytes.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    /// Minimum length accepted from an operator, in bytes after base64 decoding.
    pub const MIN_BYTES: usize = 64;

    /// The key bytes, for the cookie layer only.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    fn parse(encoded: &str, origin: &str) -> anyhow::Result<Self> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| anyhow!("{origin} is not valid base64"))?;
        if bytes.len() < Self::MIN_BYTES {
            bail!(
                "{origin} is {} bytes long; it must be at least {} random bytes (base64-encoded)",
                bytes.len(),
                Self::MIN_BYTES
            );
        }
        Ok(SecretKey(bytes))
    }

    /// Reads the key from `data_dir/secret.key`, creating it (mode 0600) on first start.
    fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        let path = data_dir.join("secret.key");
        if path.exists() {
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "CHORUS_DATA_DIR: cannot read the secret key file {}",
                    path.display()
                )
            })?;
            return Self::parse(&text, &format!("the secret key file {}", path.display()));
        }
        let mut bytes = vec![0u8; Self::MIN_BYTES];
        rand::rng().fill(&mut bytes[..]);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
        write_private_file(&path, encoded.as_bytes()).with_context(|| {
            format!(
                "CHORUS_DATA_DIR: cannot write the secret key file {}",
                path.display()
            )
        })?;
        Ok(SecretKey(bytes))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

#[cfg(unix)]
fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Raw settings as given on the command line or in the environment, before parsing.
#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// Database: postgres://user@host/db, sqlite://path, or a file path [default: DATA_DIR/chorus.sqlite3]
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite file and the generated secret key.
    #[arg(long, env = "CHORUS_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Address and port to listen on.
    #[arg(
        long,
        env = "CHORUS_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// The address people use to reach this service (for links in printed sheets and e-mails) [default: http://BIND].
    #[arg(long, env = "CHORUS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Base64 of at least 64 random bytes; generated into DATA_DIR/secret.key when absent.
    #[arg(long, env = "CHORUS_SECRET_KEY", global = true, hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Log filter, e.g. info, debug, chorus=debug,actix_web=info.
    #[arg(long, env = "CHORUS_LOG", default_value = "info", global = true)]
    pub log_level: String,
    /// Allow session cookies over plain HTTP (local use only; never in production).
    #[arg(long, env = "CHORUS_INSECURE_COOKIES", global = true)]
    pub insecure_cookies: bool,
    /// Do not load the demo district into an empty database at start-up.
    #[arg(long, env = "CHORUS_NO_DEMO", global = true)]
    pub no_demo: bool,
    /// Database connections kept in the pool.
    #[arg(long, env = "CHORUS_DB_POOL_SIZE", default_value_t = 8, global = true)]
    pub db_pool_size: u32,
    /// Staff are signed out after this many minutes without a request.
    #[arg(
        long,
        env = "CHORUS_SESSION_IDLE_MINUTES",
        default_value_t = 30,
        global = true
    )]
    pub session_idle_minutes: u32,
    /// Staff are signed out this many hours after signing in, active or not.
    #[arg(
        long,
        env = "CHORUS_SESSION_MAX_HOURS",
        default_value_t = 12,
        global = true
    )]
    pub session_max_hours: u32,
    /// Requests in flight at most; beyond it respondents are answered 503 at once and staff
    /// wait up to 10 s (a quarter of the places are staff's at most).
    #[arg(
        long,
        env = "CHORUS_MAX_IN_FLIGHT",
        default_value_t = 512,
        global = true
    )]
    pub max_in_flight: u32,
    /// The load balancers and reverse proxies in front of the service, whose
    /// X-Forwarded-For is believed: IP addresses and CIDR blocks separated by commas, e.g.
    /// "10.0.0.0/8, 192.168.1.4" [default: none, the client is the TCP peer].
    #[arg(
        long,
        env = "CHORUS_TRUSTED_PROXIES",
        default_value = "",
        global = true
    )]
    pub trusted_proxies: String,
}

/// Parsed, usable settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Which database, and where.
    pub database: DatabaseUrl,
    /// Folder for local state (SQLite file, secret key).
    pub data_dir: PathBuf,
    /// Listening address; port 0 asks the OS for a free port (tests).
    pub bind: SocketAddr,
    /// Public address used in links, without a trailing slash.
    pub base_url: String,
    /// Cookie key.
    pub secret_key: SecretKey,
    /// Log filter directive.
    pub log_level: String,
    /// Session cookies without the Secure flag.
    pub insecure_cookies: bool,
    /// Load the demo district into an empty database.
    pub load_demo: bool,
    /// Pool size.
    pub db_pool_size: u32,
    /// Staff session lifetimes.
    pub session_limits: SessionLimits,
    /// Requests in flight at most (`web::admission`).
    pub max_in_flight: usize,
    /// The proxies whose `X-Forwarded-For` names the client (`web::client_address`).
    pub trusted_proxies: TrustedProxies,
}

/// How long a staff session lasts: idle and absolute limits, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    /// Signed out after this long without a request.
    pub idle_seconds: i64,
    /// Signed out this long after signing in.
    pub absolute_seconds: i64,
}

impl Settings {
    /// Parses raw settings, creating the data folder and secret key file when needed.
    pub fn from_args(args: &SettingsArgs) -> anyhow::Result<Self> {
        let data_dir = args.data_dir.clone();
        std::fs::create_dir_all(&data_dir).with_context(|| {
            format!(
                "CHORUS_DATA_DIR: cannot create the data folder {}",
                data_dir.display()
            )
        })?;
        check_writable(&data_dir)?;
        let database = match &args.database_url {
            Some(raw) => DatabaseUrl::parse(raw)?,
            None => DatabaseUrl::Sqlite(data_dir.join("chorus.sqlite3")),
        };
        let bind: SocketAddr = args.bind.trim().parse().map_err(|_| {
            anyhow!(
                "CHORUS_BIND \"{}\" is not an address and port such as 127.0.0.1:8080",
                args.bind
            )
        })?;
        let base_url = match &args.base_url {
            Some(raw) => parse_base_url(raw)?,
            None => format!("http://{bind}"),
        };
        let secret_key = match &args.secret_key {
            Some(encoded) => SecretKey::parse(encoded, "CHORUS_SECRET_KEY")?,
            None => SecretKey::load_or_create(&data_dir)?,
        };
        tracing_subscriber::EnvFilter::try_new(&args.log_level).map_err(|_| {
            anyhow!(
                "CHORUS_LOG \"{}\" is not a log filter such as info or chorus=debug",
                args.log_level
            )
        })?;
        if !(1..=256).contains(&args.db_pool_size) {
            bail!("CHORUS_DB_POOL_SIZE must be between 1 and 256");
        }
        if !(1..=24 * 60).contains(&args.session_idle_minutes) {
            bail!("CHORUS_SESSION_IDLE_MINUTES must be between 1 and 1440");
        }
        if !(1..=24 * 7).contains(&args.session_max_hours) {
            bail!("CHORUS_SESSION_MAX_HOURS must be between 1 and 168");
        }
        if !(4..=100_000).contains(&args.max_in_flight) {
            bail!("CHORUS_MAX_IN_FLIGHT must be between 4 and 100000");
        }
        let trusted_proxies = TrustedProxies::parse(&args.trusted_proxies)
            .map_err(|e| anyhow!("CHORUS_TRUSTED_PROXIES: {e}"))?;
        Ok(Settings {
            database,
            data_dir,
            bind,
            base_url,
            secret_key,
            log_level: args.log_level.clone(),
            insecure_cookies: args.insecure_cookies,
            load_demo: !args.no_demo,
            db_pool_size: args.db_pool_size,
            session_limits: SessionLimits {
                idle_seconds: i64::from(args.session_idle_minutes) * 60,
                absolute_seconds: i64::from(args.session_max_hours) * 3600,
            },
            max_in_flight: args.max_in_flight as usize,
            trusted_proxies,
        })
    }
}

fn check_writable(dir: &Path) -> anyhow::Result<()> {
    // One probe per process: two instances starting together must not remove each other's.
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    std::fs::write(&probe, b"ok")
        .and_then(|_| std::fs::remove_file(&probe))
        .with_context(|| {
            format!(
                "CHORUS_DATA_DIR: the data folder {} is not writable",
                dir.display()
            )
        })
}

fn parse_base_url(raw: &str) -> anyhow::Result<String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(trimmed.to_string())
        }
        _ => bail!(
            "CHORUS_BASE_URL \"{raw}\" is not an http:// or https:// address such as https://chorus.example.org"
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn database_url_scheme_decides_the_backend() {
        assert!(DatabaseUrl::parse("postgres://u@h/db")
            .unwrap()
            .is_postgres());
        assert!(DatabaseUrl::parse("postgresql://u@h/db")
            .unwrap()
            .is_postgres());
        assert_eq!(
            DatabaseUrl::parse("sqlite://x.db").unwrap(),
            DatabaseUrl::Sqlite("x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("data/x.db").unwrap(),
            DatabaseUrl::Sqlite("data/x.db".into())
        );
        let err = DatabaseUrl::parse("mysql://h/db").unwrap_err().to_string();
        assert!(err.contains("unsupported scheme \"mysql://\""), "{err}");
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        let url = DatabaseUrl::parse("postgres://alice:s3cret@db/chorus").unwrap();
        assert_eq!(format!("{url:?}"), "postgres://alice:***@db/chorus");
        let key = SecretKey(vec![7; 64]);
        assert_eq!(format!("{key:?}"), "SecretKey(redacted)");
    }

    #[test]
    fn base_url_must_be_http() {
        assert_eq!(parse_base_url("https://x.org/").unwrap(), "https://x.org");
        assert!(parse_base_url("ftp://x.org").is_err());
        assert!(parse_base_url("https://").is_err());
    }

    #[test]
    fn short_secret_key_is_refused() {
        let err = SecretKey::parse("c2hvcnQ=", "CHORUS_SECRET_KEY").unwrap_err();
        assert!(err.to_string().contains("at least 64"));
    }
}
