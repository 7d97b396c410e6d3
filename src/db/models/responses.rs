//! Submitted responses and their answers, and the save-and-resume drafts before them.
//!
//! A response carries no identity: school, group, language and the day only.

use crate::db::fixed_batches::fixed_batches;
use crate::db::packed_answers::{pack, PackedAnswer};
use crate::db::schema::{answers, packed_answers, response_drafts, responses};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, StakeholderGroup, SurveyId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A save-and-resume draft as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = response_drafts)]
pub struct DraftRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School.
    pub school_id: i32,
    /// Group.
    pub stakeholder_group: StakeholderGroup,
    /// SHA-256 of the resume code.
    pub resume_hash: String,
    /// Language last chosen.
    pub language: Language,
    /// Page reached.
    pub page: i32,
    /// Answers so far (JSON).
    pub state: String,
    /// The access code that opened it, consumed on submission.
    pub access_code_id: Option<i32>,
    /// Deleted after this (the survey's close).
    pub expires_at: NaiveDateTime,
}

/// A submitted response as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = responses)]
pub struct ResponseRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School.
    pub school_id: i32,
    /// Stakeholder group text.
    pub stakeholder_group: StakeholderGroup,
    /// Language answered in.
    pub language: Language,
    /// Day of submission (no time, for anonymity).
    pub submitted_on: NaiveDate,
    /// Random key of the submitting form; makes a re-post a no-op.
    pub submission_key: String,
}

/// A response to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = responses)]
pub struct NewResponse {
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School.
    pub school_id: i32,
    /// Group text.
    pub stakeholder_group: StakeholderGroup,
    /// Language code.
    pub language: Language,
    /// Day.
    pub submitted_on: NaiveDate,
    /// Idempotency key.
    pub submission_key: String,
}

/// A response's answers packed (`db::packed_answers`), as inserted.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = packed_answers)]
pub struct NewPackedAnswers {
    /// Response.
    pub response_id: i32,
    /// District.
    pub district_id: i32,
    /// Its answers, packed.
    pub packed: Vec<u8>,
}

impl NewPackedAnswers {
    /// The answers of a stored response, packed.
    pub fn new(district: i32, response_id: i32, answers: &[NewAnswer]) -> Self {
        Self {
            response_id,
            district_id: district,
            packed: pack(answers.iter().map(NewAnswer::packed)),
        }
    }
}

/// One answer as stored (narrow form).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = answers)]
pub struct AnswerRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Response.
    pub response_id: i32,
    /// Item.
    pub survey_item_id: i32,
    /// Product of a per-product item, or the product chosen on the routing item.
    pub product_id: Option<i32>,
    /// Feature of a feature-matrix answer.
    pub feature_id: Option<i32>,
    /// Numeric value: scale 1..5, recommend 0..10, option number (1-based), feature state 1..3, number.
    pub value: Option<i64>,
    /// "Does not apply" (excluded from statistics).
    pub not_applicable: bool,
    /// Feature matrix: the respondent would like training on the feature.
    pub wants_training: bool,
    /// Free text.
    pub text_value: Option<String>,
}

/// One answer to insert; `response_id` is filled in when its response is stored.
///
/// `None` is inserted as NULL, not as DEFAULT: with DEFAULT allowed, diesel cannot write
/// SQLite's multi-row VALUES and inserts each answer on its own with SQL built for that row.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = answers, treat_none_as_default_value = false)]
pub struct NewAnswer {
    /// District.
    pub district_id: i32,
    /// Response (set on insert).
    pub response_id: i32,
    /// Item.
    pub survey_item_id: i32,
    /// Product.
    pub product_id: Option<i32>,
    /// Feature.
    pub feature_id: Option<i32>,
    /// Value.
    pub value: Option<i64>,
    /// Does not apply.
    pub not_applicable: bool,
    /// Wants training.
    pub wants_training: bool,
    /// Text.
    pub text_value: Option<String>,
}

impl NewAnswer {
    /// The answer as packed on its response's row.
    pub fn packed(&self) -> PackedAnswer<'_> {
        PackedAnswer {
            item: self.survey_item_id,
            product: self.product_id,
            feature: self.feature_id,
            value: self.value,
            not_applicable: self.not_applicable,
            wants_training: self.wants_training,
            text: self.text_value.as_deref(),
        }
    }
}

/// Whether a response with this submission key is stored (a re-post of a finished form).
pub fn response_exists(conn: &mut AnyConnection, submission_key: &str) -> QueryResult<bool> {
    responses::table
        .filter(responses::submission_key.eq(submission_key))
        .select(responses::id)
        .get_result::<i32>(conn)
        .optional()
        .map(|found| found.is_some())
}

/// Most rows per multi-row insert: keeps every statement under SQLite's and PostgreSQL's
/// bound-parameter limits (9 columns × 3,000 rows = 27,000 < 32,766).
const ROWS_PER_INSERT: usize = 3_000;

/// Inserts responses with one multi-row statement per chunk, skipping any whose submission
/// key is stored already (a re-post, or the same form submitted through another instance at
/// the same moment); returns (id, submission key) of the rows inserted. Call inside the
/// submission's write transaction.
///
/// PostgreSQL skips stored keys with `ON CONFLICT DO NOTHING`, which also covers another
/// instance inserting the same key concurrently. SQLite has one writer (the transaction holds
/// the write lock), so one look-up of the chunk's keys tells which are stored.
pub fn insert_new_responses(
    conn: &mut AnyConnection,
    rows: &[NewResponse],
) -> QueryResult<Vec<(i32, String)>> {
    let mut inserted = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut ids: Vec<(i32, String)> = match conn {
            AnyConnection::Sqlite(c) => {
                let keys: Vec<&str> = chunk.iter().map(|r| r.submission_key.as_str()).collect();
                let stored: std::collections::HashSet<String> = responses::table
                    .filter(responses::submission_key.eq_any(&keys))
                    .select(responses::submission_key)
                    .load::<String>(c)?
                    .into_iter()
                    .collect();
                let fresh: Vec<&NewResponse> = chunk
                    .iter()
                    .filter(|r| !stored.contains(&r.submission_key))
                    .collect();
                if fresh.is_empty() {
                    Vec::new()
                } else {
                    diesel::insert_into(responses::table)
                        .values(fresh)
                        .returning((responses::id, responses::submission_key))
                        .get_results(c)?
                }
            }
            AnyConnection::Postgresql(c) => diesel::insert_into(responses::table)
                .values(chunk)
                .on_conflict(responses::submission_key)
                .do_nothing()
                .returning((responses::id, responses::submission_key))
                .get_results(c)?,
        };
        inserted.append(&mut ids);
    }
    Ok(inserted)
}

/// Inserts answers (with their `response_id` set); call inside the submission's transaction.
///
/// Statements of fixed row counts (`fixed_batches!`), each prepared once per connection: on
/// SQLite a multi-row insert built for each batch spent more time being compiled than
/// storing its rows.
pub fn insert_answers(conn: &mut AnyConnection, rows: &[NewAnswer]) -> QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => {
            fixed_batches!(rows, |chunk| diesel::insert_into(answers::table)
                .values(chunk)
                .execute(c)?)
        }
        AnyConnection::Postgresql(c) => {
            fixed_batches!(rows, |chunk| diesel::insert_into(answers::table)
                .values(chunk)
                .execute(c)?)
        }
    }
    Ok(())
}

/// Inserts responses' packed answers; call inside the submission's transaction, after the
/// responses. Fixed-size statements, as for the answers.
pub fn insert_packed(conn: &mut AnyConnection, rows: &[NewPackedAnswers]) -> QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => {
            fixed_batches!(rows, |chunk| diesel::insert_into(packed_answers::table)
                .values(chunk)
                .execute(c)?)
        }
        AnyConnection::Postgresql(c) => {
            fixed_batches!(rows, |chunk| diesel::insert_into(packed_answers::table)
                .values(chunk)
                .execute(c)?)
        }
    }
    Ok(())
}

/// Removes a response just inserted in the current transaction, before its answers are (its
/// access code turned out to be used).
pub fn delete_unanswered(conn: &mut AnyConnection, response_id: i32) -> QueryResult<()> {
    diesel::delete(responses::table.filter(responses::id.eq(response_id)))
        .execute(conn)
        .map(|_| ())
}

/// Responses of a survey of the district, in id order, one page at a time (for rebuilds and exports).
pub fn page_of_responses(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    after_id: i32,
    limit: i64,
) -> QueryResult<Vec<ResponseRow>> {
    responses::table
        .filter(responses::district_id.eq(district.0))
        .filter(responses::survey_id.eq(survey.0))
        .filter(responses::id.gt(after_id))
        .order(responses::id)
        .limit(limit)
        .select(ResponseRow::as_select())
        .load(conn)
}

/// The answers of the given responses, ordered by response then id.
pub fn answers_of(
    conn: &mut AnyConnection,
    district: DistrictId,
    response_ids: &[i32],
) -> QueryResult<Vec<AnswerRow>> {
    answers::table
        .filter(answers::district_id.eq(district.0))
        .filter(answers::response_id.eq_any(response_ids))
        .order((answers::response_id, answers::id))
        .select(AnswerRow::as_select())
        .load(conn)
}

/// A response as the raw-responses export reads it: its labels and its packed answers, one
/// row per response.
#[derive(Debug, Clone, Queryable)]
pub struct ExportResponse {
    /// Row id (pages are read after it; never written).
    pub id: i32,
    /// School.
    pub school_id: i32,
    /// Stakeholder group text.
    pub stakeholder_group: StakeholderGroup,
    /// Language answered in.
    pub language: Language,
    /// Day of submission.
    pub submitted_on: NaiveDate,
    /// Its answers (`db::packed_answers`); missing only before a migration's rebuild packed
    /// them.
    pub packed: Option<Vec<u8>>,
}

/// A page of a survey's responses after `after_id` for the raw-responses export, in id order.
pub fn export_page(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    after_id: i32,
    limit: i64,
) -> QueryResult<Vec<ExportResponse>> {
    // The pack's own bound lets PostgreSQL start its merge join at the page, not at the
    // table's first row (33 ms a page at 100,000 responses, and growing, without it).
    let packs = packed_answers::table.on(packed_answers::response_id
        .eq(responses::id)
        .and(packed_answers::response_id.gt(after_id)));
    responses::table
        .left_join(packs)
        .filter(responses::district_id.eq(district.0))
        .filter(responses::survey_id.eq(survey.0))
        .filter(responses::id.gt(after_id))
        .order(responses::id)
        .limit(limit)
        .select((
            responses::id,
            responses::school_id,
            responses::stakeholder_group,
            responses::language,
            responses::submitted_on,
            packed_answers::packed.nullable(),
        ))
        .load(conn)
}

/// Deletes the packed answers of a survey's responses, which the aggregate rebuild then
/// packs again from their answer rows; call inside the rebuild's transaction.
pub fn delete_packed(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<()> {
    let of_survey = responses::table
        .filter(responses::district_id.eq(district.0))
        .filter(responses::survey_id.eq(survey.0))
        .select(responses::id);
    diesel::delete(
        packed_answers::table
            .filter(packed_answers::district_id.eq(district.0))
            .filter(packed_answers::response_id.eq_any(of_survey)),
    )
    .execute(conn)
    .map(|_| ())
}

/// Number of responses of a survey of the district.
pub fn count_for_survey(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<i64> {
    responses::table
        .filter(responses::district_id.eq(district.0))
        .filter(responses::survey_id.eq(survey.0))
        .count()
        .get_result(conn)
}
