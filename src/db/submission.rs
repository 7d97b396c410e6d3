//! Storing submitted responses: the response, its answers and the aggregate increments, in
//! one transaction, so a crash or a bad answer leaves nothing half-written.

use super::aggregates::delta::DeltaError;
use super::aggregates::{apply::apply, AggregateDelta, AggregationLayout};
use super::models::distribution::consume_code;
use super::models::responses::{insert_response, response_exists, NewAnswer, NewResponse};
use super::AnyConnection;
use diesel::Connection;

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
    conn.transaction(|conn| {
        let mut total = AggregateDelta::default();
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut stored_any = false;
        for submission in batch {
            let mut one = AggregateDelta::default();
            if let Err(error) = one.add(layout, &submission.response, &submission.answers) {
                outcomes.push(SubmitOutcome::Rejected(error));
                continue;
            }
            if let Some(code) = submission.access_code_id {
                if !consume_code(conn, layout.district, code)? {
                    outcomes.push(
                        if response_exists(conn, &submission.response.submission_key)? {
                            SubmitOutcome::Duplicate
                        } else {
                            SubmitOutcome::CodeUsed
                        },
                    );
                    continue;
                }
            }
            match insert_response(conn, &submission.response, &submission.answers)? {
                Some(id) => {
                    total.merge(one);
                    stored_any = true;
                    outcomes.push(SubmitOutcome::Stored(id));
                }
                None => outcomes.push(SubmitOutcome::Duplicate),
            }
        }
        if stored_any {
            apply(conn, layout.district.0, shard, &total)?;
        }
        Ok(outcomes)
    })
}
