//! `chorus simulate --target URL`: load through a running server's real respondent pages.
//!
//! Each synthetic respondent (the same generator as the in-process modes) behaves like a
//! browser on one of the survey's distribution links: welcome page, Start, every question
//! page (GET, then POST with the answers the page offers — the server decides which products
//! and skip-logic questions it shows), up to the finish page. That is the **journey**, run
//! first by C clients for every respondent. Then the **submissions** are measured alone: C
//! clients send each respondent's final `POST /s/submit` (which goes through the group-commit
//! writer). Every answer other than the expected redirect is counted as an error and shown.

use super::fields::{fields_of, hidden_value, names_on_page, Fields};
use super::Plan;
use crate::db::models::distribution::LinkRow;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// Longest journey accepted before the respondent is counted as stuck.
const MAX_PAGES: usize = 200;

/// What an HTTP run measured; every latency list is sorted.
#[derive(Debug, Default)]
pub struct HttpReport {
    /// Respondents who reached the finish page.
    pub journeys: usize,
    /// Requests of the journeys (welcome, Start, every page GET and POST).
    pub journey_requests: usize,
    /// Wall time of the journey phase.
    pub journey_elapsed: Duration,
    /// Latency of each journey request.
    pub request_latencies: Vec<Duration>,
    /// Final submits answered with the redirect to the thank-you page.
    pub stored: usize,
    /// Wall time of the submission phase.
    pub submit_elapsed: Duration,
    /// Latency of each final submit.
    pub submit_latencies: Vec<Duration>,
    /// Unexpected answers, by request and status (or transport error), with their count.
    pub errors: BTreeMap<String, usize>,
}

impl HttpReport {
    /// Journey requests per second.
    pub fn request_rate(&self) -> f64 {
        self.journey_requests as f64 / self.journey_elapsed.as_secs_f64().max(1e-9)
    }

    /// Stored submissions per second during the submission phase.
    pub fn submit_rate(&self) -> f64 {
        self.stored as f64 / self.submit_elapsed.as_secs_f64().max(1e-9)
    }

    /// Errors of every kind.
    pub fn error_count(&self) -> usize {
        self.errors.values().sum()
    }
}

/// The latency below which `q` (0..1) of the sorted `latencies` fall.
pub fn percentile(latencies: &[Duration], q: f64) -> Duration {
    if latencies.is_empty() {
        return Duration::ZERO;
    }
    let at = ((latencies.len() as f64 - 1.0) * q).round() as usize;
    latencies[at.min(latencies.len() - 1)]
}

/// A respondent at the finish page: what the final submit needs.
struct Ready {
    cookies: Cookies,
    csrf: String,
    key: String,
}

/// One respondent's cookies (the signed session cookie changes on every draft step).
#[derive(Default)]
struct Cookies(Vec<(String, String)>);

impl Cookies {
    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn update(&mut self, response: &reqwest::Response) {
        for set in response.headers().get_all("set-cookie") {
            let Some((name, value)) = set
                .to_str()
                .ok()
                .and_then(|s| s.split(';').next())
                .and_then(|pair| pair.split_once('='))
            else {
                continue;
            };
            self.0.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.0.push((name.trim().to_string(), value.to_string()));
            }
        }
    }
}

/// An answer: status, `Location`, body.
struct Answer {
    status: u16,
    location: String,
    body: String,
}

/// Shared state of one run.
struct Run {
    client: reqwest::Client,
    base: String,
    report: RefCell<HttpReport>,
}

impl Run {
    fn error(&self, what: String) {
        *self.report.borrow_mut().errors.entry(what).or_default() += 1;
    }

    /// Sends one request with the respondent's cookies and times it, body included, as a
    /// journey request or (`submit`) as a final submit.
    async fn send(
        &self,
        cookies: &mut Cookies,
        post: Option<String>,
        path: &str,
        label: &str,
        submit: bool,
    ) -> Option<Answer> {
        let url = format!("{}{path}", self.base);
        let request = match &post {
            Some(body) => self
                .client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone()),
            None => self.client.get(url),
        };
        let request = request.header("cookie", cookies.header());
        let started = Instant::now();
        let outcome = async {
            let response = request.send().await?;
            cookies.update(&response);
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let body = response.text().await?;
            Ok::<Answer, reqwest::Error>(Answer {
                status,
                location,
                body,
            })
        }
        .await;
        let took = started.elapsed();
        let mut report = self.report.borrow_mut();
        if submit {
            report.submit_latencies.push(took);
        } else {
            report.journey_requests += 1;
            report.request_latencies.push(took);
        }
        drop(report);
        match outcome {
            Ok(answer) => Some(answer),
            Err(e) => {
                let kind = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "transport error"
                };
                self.error(format!("{label}: {kind}"));
                None
            }
        }
    }

    /// Expects a 303; counts anything else as an error.
    fn redirected(&self, answer: &Answer, label: &str) -> bool {
        if answer.status == 303 {
            return true;
        }
        self.error(format!("{label}: status {}", answer.status));
        false
    }

    /// Drives one respondent from the welcome page to the finish page.
    async fn journey(&self, token: &str, lang: &str, fields: &Fields) -> Option<Ready> {
        let mut cookies = Cookies::default();
        let welcome = format!("/s/{token}");
        let page = self
            .send(
                &mut cookies,
                None,
                &format!("{welcome}?lang={lang}"),
                "GET /s/{token}",
                false,
            )
            .await?;
        let Some(csrf) = hidden_value(&page.body, "csrf").map(str::to_string) else {
            self.error(format!("GET /s/{{token}}: status {}, no form", page.status));
            return None;
        };
        let start = encode(&[("csrf", &csrf), ("lang", lang)]);
        let label = "POST /s/{token}";
        let started = self
            .send(&mut cookies, Some(start), &welcome, label, false)
            .await?;
        if !self.redirected(&started, label) {
            return None;
        }
        let mut path = started.location;
        for _ in 0..MAX_PAGES {
            let page = self
                .send(&mut cookies, None, &path, "GET /s/p/{n}", false)
                .await?;
            if page.status != 200 {
                self.error(format!("GET /s/p/{{n}}: status {}", page.status));
                return None;
            }
            if page.body.contains("action=\"/s/submit\"") {
                let Some(key) = hidden_value(&page.body, "key") else {
                    self.error("GET /s/p/{n}: finish page without its key".into());
                    return None;
                };
                return Some(Ready {
                    cookies,
                    csrf,
                    key: key.to_string(),
                });
            }
            let mut pairs: Vec<(&str, &str)> = vec![("csrf", &csrf), ("action", "next")];
            for name in names_on_page(&page.body) {
                for value in fields.get(name).map(Vec::as_slice).unwrap_or_default() {
                    pairs.push((name, value));
                }
            }
            let label = "POST /s/p/{n}";
            let saved = self
                .send(&mut cookies, Some(encode(&pairs)), &path, label, false)
                .await?;
            if !self.redirected(&saved, label) {
                return None;
            }
            path = saved.location;
        }
        self.error(format!("journey longer than {MAX_PAGES} pages"));
        None
    }

    /// Sends one respondent's final submit.
    async fn submit(&self, mut ready: Ready) {
        let body = encode(&[("csrf", &ready.csrf), ("key", &ready.key)]);
        let label = "POST /s/submit";
        let Some(answer) = self
            .send(&mut ready.cookies, Some(body), "/s/submit", label, true)
            .await
        else {
            return;
        };
        if !self.redirected(&answer, label) {
            return;
        }
        if answer.location.starts_with("/s/done") {
            self.report.borrow_mut().stored += 1;
        } else {
            self.error(format!("{label}: redirected to {}", answer.location));
        }
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    serde_html_form::to_string(pairs).unwrap_or_default()
}

/// One respondent to drive: its link, language and the fields it fills in.
struct Planned {
    token: String,
    lang: &'static str,
    fields: Fields,
}

/// Generates `total` respondents whose (school, group) has an active link of the survey.
fn respondents(
    plan: &Plan,
    links: &[LinkRow],
    total: usize,
    seed: u64,
) -> anyhow::Result<Vec<Planned>> {
    let mut by_pair: HashMap<(i32, &str), Vec<&str>> = HashMap::new();
    for link in links.iter().filter(|l| l.active) {
        by_pair
            .entry((link.school_id, link.stakeholder_group.as_str()))
            .or_default()
            .push(link.token.as_str());
    }
    if by_pair.is_empty() {
        anyhow::bail!(
            "--target: the survey has no active distribution link; create its links first \
             (Distribution page of the survey)"
        );
    }
    let uncapped = plan.products.len().max(1);
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003));
    let mut made = Vec::with_capacity(total);
    while made.len() < total {
        let mut found = None;
        for _ in 0..1_000 {
            let submission = plan.submission_within(&mut rng, uncapped);
            let r = &submission.response;
            if let Some(tokens) = by_pair.get(&(r.school_id, r.stakeholder_group.as_str())) {
                let token = tokens[rng.random_range(0..tokens.len())].to_string();
                found = Some((submission, token));
                break;
            }
        }
        let Some((submission, token)) = found else {
            anyhow::bail!(
                "--target: the survey's links cover too few of its schools and groups to \
                 place respondents; create links for every school and group"
            );
        };
        let lang = submission.response.language.as_str();
        made.push(Planned {
            token,
            lang,
            fields: fields_of(&plan.items, &submission),
        });
    }
    Ok(made)
}

/// Runs `total` respondents through the server at `target` with `concurrency` clients:
/// journeys first, then the timed final submits. `links` are the survey's distribution links.
pub async fn run(
    target: &str,
    plan: &Plan,
    links: &[LinkRow],
    total: usize,
    concurrency: usize,
    seed: u64,
) -> anyhow::Result<HttpReport> {
    let planned = respondents(plan, links, total, seed)?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let run = Run {
        client,
        base: target.trim_end_matches('/').to_string(),
        report: RefCell::new(HttpReport::default()),
    };
    let clients = concurrency.max(1);

    let next = Cell::new(0usize);
    let ready: RefCell<Vec<Ready>> = RefCell::new(Vec::with_capacity(total));
    let started = Instant::now();
    futures_util::future::join_all((0..clients).map(|_| async {
        while let Some(p) = planned.get(next.get()) {
            next.set(next.get() + 1);
            if let Some(r) = run.journey(&p.token, p.lang, &p.fields).await {
                ready.borrow_mut().push(r);
            }
        }
    }))
    .await;
    run.report.borrow_mut().journey_elapsed = started.elapsed();
    let ready = ready.into_inner();
    run.report.borrow_mut().journeys = ready.len();

    let queue = RefCell::new(ready.into_iter());
    let started = Instant::now();
    futures_util::future::join_all((0..clients).map(|_| async {
        loop {
            let Some(r) = queue.borrow_mut().next() else {
                return;
            };
            run.submit(r).await;
        }
    }))
    .await;
    let mut report = run.report.into_inner();
    report.submit_elapsed = started.elapsed();
    report.request_latencies.sort_unstable();
    report.submit_latencies.sort_unstable();
    Ok(report)
}
