//! Browser tests of the respondent pages: the real `chorus` binary serving a fresh SQLite
//! database with the demo, driven by real headless Chromium through Node's playwright-core,
//! with axe-core on every respondent page type (tests/browser/run.mjs says what is covered).
//!
//! Needs Debian's `/usr/bin/chromium` and `npm ci --prefix tests/browser`; without them the
//! test prints a loud SKIPPED line, or fails when CHORUS_REQUIRE_BROWSER=1 (as in .ci/run).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Stops the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browser_available() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !Path::new("/usr/bin/chromium").exists() {
        return Err(
            "/usr/bin/chromium is missing (apt-get install chromium chromium-driver)".into(),
        );
    }
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .exists()
        || !root.join("tests/browser/node_modules/axe-core").exists()
    {
        return Err("tests/browser/node_modules is missing (npm ci --prefix tests/browser)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node is missing".into());
    }
    Ok(())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn respondent_pages_in_headless_chromium() {
    if let Err(why) = browser_available() {
        if std::env::var("CHORUS_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("browser tests required (CHORUS_REQUIRE_BROWSER=1) but {why}");
        }
        eprintln!("\n!!!!! SKIPPED browser tests: {why} !!!!!\n");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let database = format!("sqlite://{}", data.path().join("chorus.sqlite3").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["serve", "--insecure-cookies", "--bind"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("--database-url")
        .arg(&database)
        .env_remove("DATABASE_URL")
        .env_remove("CHORUS_NO_DEMO")
        .env("CHORUS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut links = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(300) {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) else {
            if !links.is_empty() {
                break;
            }
            continue;
        };
        if let Some((label, url)) = line.trim().rsplit_once(' ') {
            if url.starts_with(&format!("{base}/s/")) {
                links.push(serde_json::json!({ "label": label.trim(), "url": url }));
            }
        }
    }
    assert!(
        links.len() >= 8,
        "the demo printed its respondent links: {links:?}"
    );
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the server never listened"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let output = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/run.mjs"))
        .arg(&base)
        .arg(serde_json::Value::Array(links).to_string())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    println!("{text}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "browser scenarios failed:\n{text}");
    let completed: i64 = text
        .lines()
        .find_map(|l| l.strip_prefix("COMPLETED "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the scenarios report how many surveys they sent");
    drop(server);

    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    use diesel::RunQueryDsl;
    let url = chorus::db::DatabaseUrl::parse(&database).unwrap();
    let mut conn = chorus::db::AnyConnection::open(&url).unwrap();
    let stored = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM responses JOIN surveys ON surveys.id = responses.survey_id \
         WHERE surveys.status = 'open'",
    )
    .get_result::<N>(&mut conn)
    .unwrap()
    .n;
    assert_eq!(
        stored, completed,
        "one response per completed survey (the double submit included)"
    );
}
