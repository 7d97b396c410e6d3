//! `chorus simulate`: realistic synthetic responses to any survey, through the real write
//! path, to seed large databases and to measure submission throughput.
//!
//! Answers come from the demo's generator (designed product patterns, product routing with
//! the survey's cap, skip logic, some "does not apply", a few comments). Two ways in:
//! - **seed** (no `--concurrency`): big batches through [`submit_batch`], generated on a
//!   second thread while the first writes — the fastest way to a million responses;
//! - **clients** (`--concurrency C`): C in-process clients, each submitting one response at a
//!   time through the group-commit [`Writer`] that web requests use, with latency figures;
//! - **HTTP** (`--target URL`, in [`http`]): C clients drive a running server's respondent
//!   pages by the survey's links, like browsers, and time the journey and the final submit.

use crate::db::aggregates::AggregationLayout;
use crate::db::models::{products, simulation, surveys};
use crate::db::submission::{submit_batch, Submission, SubmitOutcome};
use crate::db::writer::{WriteError, Writer};
use crate::db::AnyConnection;
use crate::demo::{generate, Respondent, Wave};
use crate::domain::{
    DistrictId, FeatureAudience, Language, ProductId, SchoolId, StakeholderGroup, SurveyId,
};
use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub mod fields;
pub mod http;

/// Everything needed to make respondents for one survey, loaded once.
pub struct Plan {
    /// The survey's aggregation layout (shared with the writer).
    pub layout: Arc<AggregationLayout>,
    items: Vec<surveys::SurveyItemRow>,
    products: Vec<(ProductId, Vec<(i32, FeatureAudience)>)>,
    product_cap: usize,
    days: (NaiveDate, NaiveDate),
    schools: Vec<SchoolId>,
    groups: Vec<(StakeholderGroup, u32)>,
    languages: Vec<Language>,
}

/// Roughly how many of each group answer a district-wide survey.
fn group_weight(group: StakeholderGroup) -> u32 {
    match group {
        StakeholderGroup::YoungStudent => 25,
        StakeholderGroup::Student => 45,
        StakeholderGroup::Teacher => 8,
        StakeholderGroup::Parent => 20,
        StakeholderGroup::Coordinator => 1,
    }
}

fn spanish_share(group: StakeholderGroup) -> f64 {
    match group {
        StakeholderGroup::Parent => 0.3,
        StakeholderGroup::YoungStudent | StakeholderGroup::Student => 0.15,
        StakeholderGroup::Teacher | StakeholderGroup::Coordinator => 0.05,
    }
}

impl Plan {
    /// Loads the survey with this public id, with its items, products, schools and groups.
    pub fn load(conn: &mut AnyConnection, public_id: &str) -> anyhow::Result<Plan> {
        let survey = simulation::survey_by_public_id(conn, public_id)?
            .ok_or_else(|| anyhow!("--survey: no survey has the public id {public_id:?}"))?;
        let district = DistrictId(survey.district_id);
        let survey_id = SurveyId(survey.id);
        let items = surveys::items(conn, district, survey_id)?;
        if items.is_empty() {
            bail!("--survey: the survey {public_id} has no items");
        }
        let product_ids = surveys::products_of(conn, district, survey_id)?;
        let mut product_features = Vec::new();
        for product in &product_ids {
            let ids = products::features(conn, district, *product)?
                .into_iter()
                .map(|f| {
                    let audience = f.audience().map_err(|e| anyhow!("feature {}: {e}", f.id))?;
                    Ok((f.id, audience))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            product_features.push((*product, ids));
        }
        let schools = surveys::schools_of(conn, district, survey_id)?;
        if schools.is_empty() {
            bail!("--survey: the survey {public_id} is sent to no school");
        }
        let groups: Vec<(StakeholderGroup, u32)> =
            crate::db::aggregates::layout::parse_groups(&survey.audience_groups)
                .map_err(|e| anyhow!("the survey's groups do not parse: {e}"))?
                .into_iter()
                .map(|g| (g, group_weight(g)))
                .collect();
        if groups.is_empty() {
            bail!("--survey: the survey {public_id} has no audience group");
        }
        let languages: Vec<Language> = survey
            .languages
            .split(',')
            .filter_map(|l| l.parse().ok())
            .collect();
        let layout = AggregationLayout::new(district, survey_id, &items, product_ids)?;
        let (open, close) = (survey.opens_at.date(), survey.closes_at.date());
        Ok(Plan {
            layout: Arc::new(layout),
            items,
            products: product_features,
            product_cap: usize::try_from(survey.product_cap).unwrap_or(1).max(1),
            days: (open.min(close), close.max(open)),
            schools,
            groups,
            languages,
        })
    }

    /// One synthetic respondent's submission.
    pub fn submission(&self, rng: &mut StdRng) -> Submission {
        self.submission_within(rng, self.product_cap)
    }

    /// One respondent with product blocks for at most `product_cap` of the products used
    /// (HTTP mode asks for all of them: the server picks which the respondent is asked about).
    /// Someone who uses none of the products answers "None of these" and only the questions
    /// for everyone, in both modes alike.
    fn submission_within(&self, rng: &mut StdRng, product_cap: usize) -> Submission {
        let total: u32 = self.groups.iter().map(|(_, w)| w).sum();
        let mut pick = rng.random_range(0..total.max(1));
        let mut group = self.groups[0].0;
        for (g, w) in &self.groups {
            if pick < *w {
                group = *g;
                break;
            }
            pick -= w;
        }
        let spanish = self.languages.contains(&Language::Spanish)
            && rng.random::<f64>() < spanish_share(group);
        let language = if spanish {
            Language::Spanish
        } else {
            self.languages.first().copied().unwrap_or(Language::English)
        };
        let school = self.schools[rng.random_range(0..self.schools.len())];
        let wave = Wave {
            district_id: self.layout.district.0,
            survey_id: self.layout.survey_id.0,
            items: &self.items,
            products: &self.products,
            product_cap,
            days: self.days,
        };
        generate(
            &wave,
            Respondent {
                school,
                group,
                language,
            },
            rng,
        )
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Responses stored.
    pub stored: usize,
    /// Submissions answered with anything else (duplicate, refused, database error).
    pub not_stored: usize,
    /// Times a client was told the queue was full and retried.
    pub busy: usize,
    /// Answers stored.
    pub answers: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Per-submission latency (clients mode), sorted.
    pub latencies: Vec<Duration>,
}

impl RunReport {
    /// Stored responses per second.
    pub fn rate(&self) -> f64 {
        self.stored as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The latency below which `q` (0..1) of submissions finished.
    pub fn percentile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let at = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[at.min(self.latencies.len() - 1)]
    }
}

/// Seed mode: `total` responses in batches of `batch`, generated on a second thread while
/// this one writes, one transaction per batch, on a connection tuned for bulk loading
/// ([`AnyConnection::prepare_for_bulk_load`]).
pub fn seed(
    conn: &mut AnyConnection,
    plan: &Plan,
    total: usize,
    batch: usize,
    seed: u64,
) -> anyhow::Result<RunReport> {
    conn.prepare_for_bulk_load()?;
    let started = Instant::now();
    let batch = batch.max(1);
    let mut report = RunReport::default();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (sender, batches) = std::sync::mpsc::sync_channel::<Vec<Submission>>(2);
        scope.spawn(move || {
            let mut made = 0;
            let mut index = 0;
            while made < total {
                let size = batch.min(total - made);
                let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003) + index);
                let chunk: Vec<Submission> = (0..size).map(|_| plan.submission(&mut rng)).collect();
                if sender.send(chunk).is_err() {
                    return;
                }
                made += size;
                index += 1;
            }
        });
        for chunk in batches {
            let outcomes = submit_batch(conn, &plan.layout, 0, &chunk)?;
            for (submission, outcome) in chunk.iter().zip(outcomes) {
                if let SubmitOutcome::Stored(_) = outcome {
                    report.stored += 1;
                    report.answers += submission.answers.len();
                } else {
                    report.not_stored += 1;
                }
            }
        }
        Ok(())
    })?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Clients mode: `concurrency` clients share `total` submissions, each waiting for its
/// acknowledgement from the writer before sending the next. When `ack_log` is given, every
/// acknowledged stored response is appended to it as "submission-key answer-count" the moment
/// its acknowledgement arrives (the crash test compares the database against it).
pub async fn clients(
    writer: &Writer,
    plan: &Plan,
    total: usize,
    concurrency: usize,
    seed: u64,
    mut ack_log: Option<std::fs::File>,
) -> anyhow::Result<RunReport> {
    let started = Instant::now();
    let next = std::cell::Cell::new(0usize);
    let report = std::cell::RefCell::new(RunReport::default());
    let log = std::cell::RefCell::new(ack_log.take());
    let client = |id: usize| {
        let (next, report, log) = (&next, &report, &log);
        async move {
            let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003) + id as u64);
            loop {
                let index = next.get();
                if index >= total {
                    return Ok::<(), anyhow::Error>(());
                }
                next.set(index + 1);
                let submission = plan.submission(&mut rng);
                let answers = submission.answers.len();
                let key = submission.response.submission_key.clone();
                let sent = Instant::now();
                let outcome = loop {
                    match writer.submit(plan.layout.clone(), submission.clone()).await {
                        Err(WriteError::Busy) => {
                            report.borrow_mut().busy += 1;
                            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
                        }
                        other => break other,
                    }
                };
                let mut r = report.borrow_mut();
                r.latencies.push(sent.elapsed());
                match outcome {
                    Ok(SubmitOutcome::Stored(_)) => {
                        r.stored += 1;
                        r.answers += answers;
                        if let Some(file) = log.borrow_mut().as_mut() {
                            file.write_all(format!("{key} {answers}\n").as_bytes())?;
                        }
                    }
                    Ok(_) => r.not_stored += 1,
                    Err(WriteError::Stopped) => bail!("the writer stopped"),
                    Err(_) => r.not_stored += 1,
                }
            }
        }
    };
    let results = futures_util::future::join_all((0..concurrency.max(1)).map(client)).await;
    for result in results {
        result?;
    }
    let mut report = report.into_inner();
    report.elapsed = started.elapsed();
    report.latencies.sort_unstable();
    Ok(report)
}
