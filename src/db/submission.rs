//! Storing submitted responses: the response, its answers and the aggregate increments, in
//! one transaction, so a crash or a bad answer leaves nothing half-written.

use super::aggregates::delta::DeltaError;
use super::aggregates::{apply::apply, AggregateDelta, AggregationLayout};
use super::models::responses::{insert_response, NewAnswer, NewResponse};
use super::AnyConnection;
use diesel::Connection;

/// One respondent's finished survey, already validated against the survey.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The response row (no identity: school, group, language, day).
    pub response: NewResponse,
    /// Its answers (`response_id` is filled in on insert).
    pub answers: Vec<NewAnswer>,
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
