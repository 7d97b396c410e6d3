//! Group commit: one writer thread folds the submissions queued in the last few milliseconds
//! into one transaction and acknowledges each only after that transaction has committed.
//!
//! One transaction per submission costs a disk sync and a round of counter upserts each;
//! folded, a few hundred submissions share them (see `docs/performance.md`). The queue is
//! bounded: when it is full, [`Writer::submit`] answers [`WriteError::Busy`] at once (the web
//! layer turns it into 503 with Retry-After) instead of letting latency grow without limit.

use super::aggregates::AggregationLayout;
use super::models::drafts::delete_many;
use super::submission::{store_batch, write_transaction, Submission, SubmitOutcome};
use super::{AnyConnection, DbPool};
use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Counter shards instances on one PostgreSQL database draw from (summed on read).
pub const PG_SHARDS: i32 = 16;

/// How the writer batches.
#[derive(Debug, Clone, Copy)]
pub struct WriterConfig {
    /// Submissions that may wait for the writer; beyond that, [`WriteError::Busy`].
    pub queue: usize,
    /// Most submissions folded into one transaction.
    pub max_batch: usize,
    /// How long the writer waits for more submissions after the first of a batch.
    pub linger: Duration,
    /// Counter shard this writer updates (give each instance on one PostgreSQL its own).
    pub shard: i32,
}

impl Default for WriterConfig {
    fn default() -> Self {
        WriterConfig {
            queue: 8_192,
            max_batch: 512,
            linger: Duration::from_millis(2),
            shard: 0,
        }
    }
}

impl WriterConfig {
    /// The defaults for this database. On PostgreSQL each instance draws its own counter
    /// shard, so instances behind a load balancer rarely wait on each other's row locks.
    pub fn for_database(url: &crate::config::DatabaseUrl) -> Self {
        let shard = match url {
            crate::config::DatabaseUrl::Sqlite(_) => 0,
            crate::config::DatabaseUrl::Postgres(_) => {
                rand::RngExt::random_range(&mut rand::rng(), 0..PG_SHARDS)
            }
        };
        WriterConfig {
            shard,
            ..WriterConfig::default()
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
    /// Starts the writer thread on connections from `pool`.
    pub fn start(pool: DbPool, config: WriterConfig) -> std::io::Result<Writer> {
        let (queue, jobs) = sync_channel(config.queue.max(1));
        std::thread::Builder::new()
            .name("chorus-writer".into())
            .spawn(move || run(&pool, &jobs, config))?;
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

fn run(pool: &DbPool, jobs: &Receiver<Job>, config: WriterConfig) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        let deadline = Instant::now() + config.linger;
        while batch.len() < config.max_batch {
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
        commit(pool, config.shard, batch);
    }
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
            tracing::error!(%error, "the writer has no database connection");
            for batch in batches {
                reply_all(batch.replies, &WriteError::Database(error.to_string()));
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
                reply_all(batch.replies, &WriteError::Database(error.to_string()));
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
    write_transaction(conn, |conn| {
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
        let result = write_transaction(conn, |conn| {
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
                Err(WriteError::Database(error.to_string()))
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
