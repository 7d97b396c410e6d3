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

/// Opens a survey in English, Vietnamese and Arabic for the demo district (enabling and
/// reviewing both draft translations first, as its admin would through the pages, which
/// tests/api/languages.rs covers) and returns a respondent link per group, labelled
/// "Vietnamese: …" and "Arabic: …" for run.mjs.
fn languages_survey(database: &str) -> Vec<serde_json::Value> {
    use chorus::db::models::{distribution, districts, languages, products, schools};
    use chorus::domain::{Language, PublicToken, StakeholderGroup, SurveyStatus, UserId};
    use chorus::survey::assemble::{create_survey, SurveySpec};
    use chorus::survey::bank::QuestionBank;
    use chorus::survey::budget::{fitting_constructs, YoungItemBudget};
    use diesel::prelude::*;

    let url = chorus::db::DatabaseUrl::parse(database).unwrap();
    let mut conn = chorus::db::AnyConnection::open(&url).unwrap();
    let district = districts::find_by_name(&mut conn, chorus::demo::DISTRICT_NAME)
        .unwrap()
        .expect("the demo district");
    let id = chorus::domain::DistrictId(district.id);
    let admins: Vec<i32> = chorus::db::schema::users::table
        .filter(chorus::db::schema::users::district_id.eq(district.id))
        .filter(chorus::db::schema::users::role.eq("district_admin"))
        .select(chorus::db::schema::users::id)
        .load(&mut conn)
        .unwrap();
    let admin = admins[0];
    districts::set_languages(&mut conn, id, "en,es,vi,ar").unwrap();
    for language in [Language::Vietnamese, Language::Arabic] {
        languages::mark_reviewed(&mut conn, id, UserId(admin), language).unwrap();
    }
    let bank = QuestionBank::embedded().unwrap();
    let groups = vec![
        StakeholderGroup::YoungStudent,
        StakeholderGroup::Teacher,
        StakeholderGroup::Parent,
    ];
    let reached = schools::list(&mut conn, id).unwrap();
    let now = chorus::db::now();
    let (public_id, series) = (PublicToken::generate(10), PublicToken::generate(10));
    let audience: Vec<&str> = groups.iter().map(|g| g.as_str()).collect();
    let audience = audience.join(",");
    let spec = SurveySpec {
        survey: chorus::db::models::surveys::NewSurvey {
            district_id: district.id,
            public_id: public_id.as_str(),
            series_id: series.as_str(),
            title: "Languages check",
            wave: "Spring 2027",
            wave_number: 1,
            status: SurveyStatus::Open,
            opens_at: now - chrono::Duration::days(1),
            closes_at: now + chrono::Duration::days(30),
            languages: "en,vi,ar",
            audience_groups: &audience,
            product_cap: 2,
            grace_minutes: 60,
            created_by: Some(admin),
            created_at: now,
        },
        schools: reached
            .iter()
            .map(|s| chorus::domain::SchoolId(s.id))
            .collect(),
        products: products::list(&mut conn, id)
            .unwrap()
            .iter()
            .take(3)
            .map(|p| chorus::domain::ProductId(p.id))
            .collect(),
        groups: groups.clone(),
        languages: vec![Language::English, Language::Vietnamese, Language::Arabic],
        items: None,
        constructs: fitting_constructs(&bank, &groups, YoungItemBudget::DEFAULT),
    };
    let survey = create_survey(&mut conn, id, &bank, &spec).unwrap();
    let reached: Vec<&schools::SchoolRow> = reached.iter().collect();
    let cells = chorus::survey::asked::proposal(&reached, &groups);
    distribution::ensure_links(&mut conn, id, survey, &cells).unwrap();
    let links = distribution::links_of(&mut conn, id, survey).unwrap();
    let mut out = Vec::new();
    for (language, group) in [
        ("Arabic", StakeholderGroup::Teacher),
        ("Arabic", StakeholderGroup::YoungStudent),
        ("Vietnamese", StakeholderGroup::Parent),
        ("Vietnamese", StakeholderGroup::YoungStudent),
    ] {
        let link = links
            .iter()
            .find(|l| l.stakeholder_group == group)
            .expect("a link per group");
        out.push(serde_json::json!({
            "label": format!("{language}: {}", group.as_str()),
            "url": format!("/s/{}", link.token),
        }));
    }
    out
}

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
    links.extend(languages_survey(&database).into_iter().map(|mut l| {
        let path = l["url"].as_str().unwrap_or_default().to_string();
        l["url"] = serde_json::Value::String(format!("{base}{path}"));
        l
    }));
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
