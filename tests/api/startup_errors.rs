//! Bad settings stop start-up with one sentence naming the setting, never a panic.

use std::process::{Command, Output};

fn chorus(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chorus"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env("CHORUS_DATA_DIR", dir.path().join("data"))
        .env("CHORUS_NO_DEMO", "true");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn assert_refused(out: &Output, setting: &str, words: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {stderr}");
    assert!(stderr.contains(setting), "names {setting}: {stderr}");
    assert!(stderr.contains(words), "says {words}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
}

#[test]
fn malformed_database_url_is_named() {
    let out = chorus(
        &["migrate"],
        &[("DATABASE_URL", "mysql://localhost/chorus")],
    );
    assert_refused(&out, "DATABASE_URL", "unsupported scheme");
}

#[test]
fn unreachable_postgres_is_named() {
    let out = chorus(
        &["migrate"],
        &[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/chorus")],
    );
    assert_refused(
        &out,
        "DATABASE_URL",
        "cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/chorus",
    );
}

#[test]
fn port_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = chorus(&["serve", "--bind", &addr], &[]);
    assert_refused(&out, "CHORUS_BIND", "cannot listen on");
}

#[test]
fn malformed_bind_address_is_named() {
    let out = chorus(&["migrate", "--bind", "localhost"], &[]);
    assert_refused(&out, "CHORUS_BIND", "is not an address and port");
}

#[test]
fn unwritable_data_folder_is_named() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let inside_a_file = file.path().join("data");
    let out = chorus(
        &["migrate", "--data-dir", inside_a_file.to_str().unwrap()],
        &[],
    );
    assert_refused(&out, "CHORUS_DATA_DIR", "cannot create the data folder");
}

#[test]
fn short_secret_key_is_named() {
    let out = chorus(&["migrate"], &[("CHORUS_SECRET_KEY", "c2hvcnQ=")]);
    assert_refused(&out, "CHORUS_SECRET_KEY", "at least 64");
}

#[test]
fn bad_log_filter_is_named() {
    let out = chorus(&["migrate", "--log-level", "chorus=loud"], &[]);
    assert_refused(&out, "CHORUS_LOG", "is not a log filter");
}

#[test]
fn bad_base_url_is_named() {
    let out = chorus(&["migrate", "--base-url", "chorus.example.org"], &[]);
    assert_refused(
        &out,
        "CHORUS_BASE_URL",
        "is not an http:// or https:// address",
    );
}

#[test]
fn secret_key_file_is_private_and_reused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
            .args(["migrate", "--data-dir", data.to_str().unwrap()])
            .env_remove("DATABASE_URL")
            .env_remove("CHORUS_SECRET_KEY")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let key = data.join("secret.key");
    let meta = std::fs::metadata(&key).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    assert!(meta.len() >= 80, "64 bytes in base64");
}

#[test]
fn malformed_trusted_proxy_is_named() {
    let out = chorus(
        &["migrate"],
        &[("CHORUS_TRUSTED_PROXIES", "10.0.0.0/8, lb.district.example")],
    );
    assert_refused(
        &out,
        "CHORUS_TRUSTED_PROXIES",
        "\"lb.district.example\" is not an IP address or a CIDR block",
    );
}
