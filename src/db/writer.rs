//! Group commit: a writer thread folds the submissions queued in the last few milliseconds
//! into one transaction and acknowledges each only after that transaction has committed.
//!
//! SQLite has one writer thread (the database has one write lock). PostgreSQL has
//! [`PG_WRITERS`], each on its own counter shard, taking turns to fill their batches (of at
//! most [`PG_MAX_BATCH`]) from one queue: the server works a transaction on one core, so one
//! writer left the other core idle.
//!
//! One transaction per submission costs a disk sync and a round of counter upserts each;
//! folded, a few hundred submissions share them (see `docs/performance.md`). The queue is
//! bounded: when it is full, [`Writer::submit`] answers [`WriteError::Busy`] at once (the web
//! layer turns it into 503 with Retry-After) instead of letting latency grow without limit.

use super::aggregates::AggregationLayout;
use super::models::drafts::delete_many;
use super::submission::{store_batch, Submission, SubmitOutcome};
use super::write;
use super::{AnyConnection, DbPool};
use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Counter shards instances on one PostgreSQL database draw from (summed on read).
pub const PG_SHARDS: i32 = 16;

/// Writer threads of one instance on PostgreSQL: the database server works one transaction
/// per backend, so two keep two cores busy (1–8 measured, see `docs/performance.md`).
pub const PG_WRITERS: usize = 2;

/// Most submissions in one PostgreSQL transaction: small enough that a burst is shared by
/// the writers (64 clients' submissions in one transaction took 38 ms on one core while the
/// other idled), large enough to share a commit and the counter updates.
pub const PG_MAX_BATCH: usize = 32;

/// How the writer batches.
#[derive(Debug, Clone, Copy)]
pub struct WriterConfig {
    /// Submissions that may wait for the writer; beyond that, [`WriteError::Busy`].
    pub queue: usize,
    /// Most submissions folded into one transaction.
    pub max_batch: usize,
    /// How long the writer waits for more submissions after the first of a batch.
    pub linger: Duration,
    /// Counter shard of the first writer thread; the others take the next ones (give each
    /// instance on one PostgreSQL its own).
    pub shard: i32,
    /// Writer threads: 1 on SQLite, [`PG_WRITERS`] on PostgreSQL.
    pub writers: usize,
}

impl Default for WriterConfig {
    fn default() -> Self {
        WriterConfig {
            queue: 8_192,
            max_batch: 512,
            linger: Duration::from_millis(2),
            shard: 0,
            writers: 1,
        }
    }
}

impl WriterConfig {
    /// The defaults for this database. On PostgreSQL each instance draws its own counter
    /// shards, so instances behind a load balancer rarely wait on each other's row locks.
    pub fn for_database(url: &crate::db::DatabaseUrl) -> Self {
        match url {
            crate::db::DatabaseUrl::Sqlite(_) => WriterConfig::default(),
            crate::db::DatabaseUrl::Postgres(_) => WriterConfig {
                shard: rand::RngExt::random_range(&mut rand::rng(), 0..PG_SHARDS),
                writers: PG_WRITERS,
                max_batch: PG_MAX_BATCH,
                ..WriterConfig::default()
            },
        }
    }
}

/// Why a submission got no outcome; nothing of it was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// The queue is full: the service is saturated; try again in a moment.
    #[error("the submission queue is full")]
    Busy,
    /// The writer has stopped (the service is shutting down).
    #[error("the submission writer has stopped")]
    Stopped,
    /// The database refused this submission (logged; the others of its batch were stored).
    #[error("the database refused the submission: {0}")]
    Database(String),
}

impl WriteError {
    /// A database failure as the requester sees it: contention that outlasted the retries
    /// of `db::write` is [`WriteError::Busy`] (503, try again), anything else a refusal.
    fn from_database(error: &diesel::result::Error) -> Self {
        if write::busy(error) {
            WriteError::Busy
        } else {
            WriteError::Database(error.to_string())
        }
    }
}

type Reply = oneshot::Sender<Result<SubmitOutcome, WriteError>>;

struct Job {
    layout: Arc<AggregationLayout>,
    submission: Submission,
    draft: Option<i32>,
    reply: Reply,
}

/// The handle request handlers hold (cheap to clone); the writer thread stops when the last
/// handle is dropped, after finishing what is queued.
#[derive(Clone)]
pub struct Writer {
    queue: SyncSender<Job>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

impl Writer {
    /// Starts the writer threads on connections from `pool`; thread `i` updates counter
    /// shard `config.shard + i` (modulo [`PG_SHARDS`]).
    pub fn start(pool: DbPool, config: WriterConfig) -> std::io::Result<Writer> {
        let (queue, jobs) = sync_channel(config.queue.max(1));
        let jobs = Arc::new(Mutex::new(jobs));
        for i in 0..config.writers.max(1) {
            let shard = (config.shard + i as i32).rem_euclid(PG_SHARDS);
            let (pool, jobs) = (pool.clone(), jobs.clone());
            std::thread::Builder::new()
                .name("chorus-writer".into())
                .spawn(move || run(&pool, &jobs, config.linger, config.max_batch, shard))?;
        }
        Ok(Writer { queue })
    }

    /// Queues one submission to the survey `layout` describes and waits until it is committed
    /// (or refused). `Ok(outcome)` means the outcome is durable.
    pub async fn submit(
        &self,
        layout: Arc<AggregationLayout>,
        submission: Submission,
    ) -> Result<SubmitOutcome, WriteError> {
        self.submit_draft(layout, submission, None).await
    }

    /// As [`Writer::submit`], and deletes the respondent's draft `draft` in the same
    /// transaction unless the submission is refused (then the respondent keeps their answers).
    pub async fn submit_draft(
        &self,
        layout: Arc<AggregationLayout>,
        submission: Submission,
        draft: Option<i32>,
    ) -> Result<SubmitOutcome, WriteError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .try_send(Job {
                layout,
                submission,
                draft,
                reply,
            })
            .map_err(|e| match e {
                TrySendError::Full(_) => WriteError::Busy,
                TrySendError::Disconnected(_) => WriteError::Stopped,
            })?;
        answer.await.map_err(|_| WriteError::Stopped)?
    }
}

/// One writer thread: takes a batch from the shared queue (the others wait for the queue
/// meanwhile, or commit theirs), commits it, and again, until every handle is dropped.
fn run(pool: &DbPool, jobs: &Mutex<Receiver<Job>>, linger: Duration, max_batch: usize, shard: i32) {
    while let Some(batch) = next_batch(jobs, linger, max_batch) {
        commit(pool, shard, batch);
    }
}

/// The next batch: waits for a first job, then takes what arrives within `linger`, up to
/// `max_batch`. `None` when the queue is closed (or its lock poisoned by a panicking writer).
fn next_batch(jobs: &Mutex<Receiver<Job>>, linger: Duration, max_batch: usize) -> Option<Vec<Job>> {
    let jobs = jobs.lock().ok()?;
    let first = jobs.recv().ok()?;
    let mut batch = vec![first];
    let deadline = Instant::now() + linger;
    while batch.len() < max_batch {
        match jobs.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => {
                let left = deadline.saturating_duration_since(Instant::now());
                match jobs.recv_timeout(left) {
                    Ok(job) => batch.push(job),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
        }
    }
    Some(batch)
}

/// The jobs of one survey, with their replies in the same order.
struct SurveyBatch {
    layout: Arc<AggregationLayout>,
    submissions: Vec<Submission>,
    drafts: Vec<Option<i32>>,
    replies: Vec<Reply>,
}

fn commit(pool: &DbPool, shard: i32, jobs: Vec<Job>) {
    let total = jobs.len();
    let mut by_survey: BTreeMap<(i32, i32), SurveyBatch> = BTreeMap::new();
    for job in jobs {
        let entry = by_survey
            .entry((job.layout.district.0, job.layout.survey_id.0))
            .or_insert_with(|| SurveyBatch {
                layout: job.layout.clone(),
                submissions: Vec::new(),
                drafts: Vec::new(),
                replies: Vec::new(),
            });
        entry.submissions.push(job.submission);
        entry.drafts.push(job.draft);
        entry.replies.push(job.reply);
    }
    let batches: Vec<SurveyBatch> = by_survey.into_values().collect();
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(error) => {
            tracing::warn!(%error, "the writer has no database connection");
            for batch in batches {
                reply_all(batch.replies, &WriteError::Busy);
            }
            return;
        }
    };
    match store_all(&mut conn, shard, &batches) {
        Ok(outcomes) => {
            for (batch, outcomes) in batches.into_iter().zip(outcomes) {
                for (reply, outcome) in batch.replies.into_iter().zip(outcomes) {
                    // The requester may have gone away; its submission is stored all the same.
                    let _ = reply.send(Ok(outcome));
                }
            }
        }
        Err(error) if total > 1 => {
            tracing::warn!(%error, total, "a group commit failed; storing its submissions one by one");
            for batch in batches {
                store_one_by_one(&mut conn, shard, batch);
            }
        }
        Err(error) => {
            tracing::error!(%error, "a submission could not be stored");
            for batch in batches {
                reply_all(batch.replies, &WriteError::from_database(&error));
            }
        }
    }
}

/// Stores every survey's batch in one transaction.
fn store_all(
    conn: &mut AnyConnection,
    shard: i32,
    batches: &[SurveyBatch],
) -> diesel::QueryResult<Vec<Vec<SubmitOutcome>>> {
    write::transaction(conn, |conn| {
        batches
            .iter()
            .map(|b| store_with_drafts(conn, shard, &b.layout, &b.submissions, &b.drafts))
            .collect()
    })
}

/// Stores submissions and deletes the drafts of those not refused.
fn store_with_drafts(
    conn: &mut AnyConnection,
    shard: i32,
    layout: &AggregationLayout,
    submissions: &[Submission],
    drafts: &[Option<i32>],
) -> diesel::QueryResult<Vec<SubmitOutcome>> {
    let outcomes = store_batch(conn, layout, shard, submissions)?;
    let finished: Vec<i32> = outcomes
        .iter()
        .zip(drafts)
        .filter(|(outcome, _)| !matches!(outcome, SubmitOutcome::Rejected(_)))
        .filter_map(|(_, draft)| *draft)
        .collect();
    delete_many(conn, &finished)?;
    Ok(outcomes)
}

/// After a failed group commit: each submission in its own transaction, so the one the
/// database refuses does not sink the others.
fn store_one_by_one(conn: &mut AnyConnection, shard: i32, batch: SurveyBatch) {
    let jobs = batch.submissions.iter().zip(&batch.drafts);
    for ((submission, draft), reply) in jobs.zip(batch.replies) {
        let result = write::transaction(conn, |conn| {
            store_with_drafts(
                conn,
                shard,
                &batch.layout,
                std::slice::from_ref(submission),
                std::slice::from_ref(draft),
            )
        });
        let answer = match result {
            Ok(mut outcomes) => outcomes
                .pop()
                .ok_or_else(|| WriteError::Database("no outcome".into())),
            Err(error) => {
                tracing::error!(%error, "a submission could not be stored");
                Err(WriteError::from_database(&error))
            }
        };
        let _ = reply.send(answer);
    }
}

fn reply_all(replies: Vec<Reply>, error: &WriteError) {
    for reply in replies {
        let _ = reply.send(Err(error.clone()));
    }
}
