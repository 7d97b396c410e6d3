//! Storing submitted responses: the response, its answer rows, its answers packed
//! (`db::packed_answers`) and the aggregate increments, in one transaction, so a crash or a bad answer leaves nothing half-written.
//!
//! A batch costs few statements whatever its size: multi-row inserts of the responses
//! (skipping stored submission keys) and of the answers (on SQLite, a cached single-row
//! insert per answer, as fast in process), and one multi-row upsert per aggregate table, in
//! the one write transaction every write uses (`db::write`).

use super::aggregates::delta::DeltaError;
use super::aggregates::{apply::apply, by_language::LanguageDeltas, AggregationLayout};
use super::models::distribution::consume_code;
use super::models::responses::{
    delete_unanswered, insert_answers, insert_new_responses, insert_packed, NewAnswer,
    NewPackedAnswers, NewResponse,
};
use super::AnyConnection;
use std::collections::{HashMap, HashSet};

/// One respondent's finished survey, already validated against the survey.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The response row (no identity: school, group, language, day).
    pub response: NewResponse,
    /// Its answers (`response_id` is filled in on insert).
    pub answers: Vec<NewAnswer>,
    /// The single-use access code that unlocked it, consumed in the same transaction. Only
    /// the code's row is marked used: nothing links the code to the response.
    pub access_code_id: Option<i32>,
}

/// What happened to one submission of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// Stored as the response with this id.
    Stored(i32),
    /// A response with the same submission key exists: nothing new was stored.
    Duplicate,
    /// Refused, nothing stored: an answer does not fit the survey.
    Rejected(DeltaError),
    /// Refused, nothing stored: its access code was used by another submission.
    CodeUsed,
}

/// Stores a batch of submissions to one survey in one transaction, folding all of them into
/// the aggregates with one write per touched cell (group commit).
///
/// Each submission is checked on its own: a duplicate or a refused one does not affect the
/// others. A database failure rolls the whole batch back and is returned.
pub fn submit_batch(
    conn: &mut AnyConnection,
    layout: &AggregationLayout,
    shard: i32,
    batch: &[Submission],
) -> diesel::QueryResult<Vec<SubmitOutcome>> {
    super::write::transaction(conn, |conn| store_batch(conn, layout, shard, batch))
}

/// Stores a batch of submissions to one survey inside the caller's write transaction; one
/// outcome per submission, in order. Exposed for the group-commit writer, which folds the
/// batches of several surveys into one transaction.
pub fn store_batch(
    conn: &mut AnyConnection,
    layout: &AggregationLayout,
    shard: i32,
    batch: &[Submission],
) -> diesel::QueryResult<Vec<SubmitOutcome>> {
    let mut outcomes = vec![SubmitOutcome::Duplicate; batch.len()];
    let mut deltas: Vec<LanguageDeltas> = Vec::with_capacity(batch.len());
    let mut candidates: Vec<usize> = Vec::with_capacity(batch.len());
    let mut keys: HashSet<&str> = HashSet::with_capacity(batch.len());
    for (index, submission) in batch.iter().enumerate() {
        let mut one = LanguageDeltas::default();
        if let Err(error) = one.add(layout, &submission.response, &submission.answers) {
            outcomes[index] = SubmitOutcome::Rejected(error);
            continue;
        }
        // A second copy of a form in the same batch is a duplicate of the first.
        if keys.insert(submission.response.submission_key.as_str()) {
            candidates.push(index);
            deltas.push(one);
        }
    }
    let rows: Vec<NewResponse> = candidates
        .iter()
        .map(|i| batch[*i].response.clone())
        .collect();
    let inserted: HashMap<String, i32> = insert_new_responses(conn, &rows)?
        .into_iter()
        .map(|(id, key)| (key, id))
        .collect();
    let mut total = LanguageDeltas::default();
    let mut answers: Vec<NewAnswer> = Vec::new();
    let mut packs: Vec<NewPackedAnswers> = Vec::new();
    for (index, delta) in candidates.into_iter().zip(deltas) {
        let submission = &batch[index];
        let Some(&id) = inserted.get(&submission.response.submission_key) else {
            continue;
        };
        if let Some(code) = submission.access_code_id {
            if !consume_code(conn, layout.district, code)? {
                delete_unanswered(conn, id)?;
                outcomes[index] = SubmitOutcome::CodeUsed;
                continue;
            }
        }
        packs.push(NewPackedAnswers::new(
            layout.district.0,
            id,
            &submission.answers,
        ));
        answers.extend(submission.answers.iter().map(|a| NewAnswer {
            response_id: id,
            ..a.clone()
        }));
        total.merge(delta);
        outcomes[index] = SubmitOutcome::Stored(id);
    }
    insert_answers(conn, &answers)?;
    insert_packed(conn, &packs)?;
    if !total.is_empty() {
        apply(conn, layout.district.0, shard, &total)?;
    }
    Ok(outcomes)
}
