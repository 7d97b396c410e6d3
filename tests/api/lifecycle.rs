//! The real binary: starts, answers, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn serves_then_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--no-demo",
            "--log-level",
            "warn",
        ])
        .env_remove("DATABASE_URL")
        .env("CHORUS_DATA_DIR", dir.path().join("data"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("Chorus is listening on ")
                .map(str::to_string)
        })
        .expect("the service announces its address");
    let body = plain_http::get(&format!("{address}/healthz"));
    assert_eq!(body, "ok");
    eprintln!(
        "start-up to first answer: {} ms",
        started.elapsed().as_millis()
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            assert!(exit.success(), "exit status after SIGTERM: {exit}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

mod plain_http {
    /// A minimal blocking GET over a plain TCP socket (the test runs outside an async runtime).
    pub fn get(url: &str) -> String {
        use std::io::{Read, Write};
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest
            .split_once('/')
            .map(|(h, p)| (h, format!("/{p}")))
            .unwrap();
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        response
            .split("\r\n\r\n")
            .nth(1)
            .unwrap_or_default()
            .to_string()
    }
}
