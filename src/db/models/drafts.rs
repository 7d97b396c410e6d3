//! Save-and-resume drafts: a respondent's answers so far, found again by the hash of a short
//! resume code. A draft holds no identity (school, group, language, answers) and is deleted
//! when it is submitted, or once its survey's close plus the grace period has passed.

use super::responses::DraftRow;
use crate::db::schema::response_drafts;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, StakeholderGroup, SurveyId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A draft to create when a respondent starts.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = response_drafts)]
pub struct NewDraft {
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School the answers will count for.
    pub school_id: i32,
    /// Group text.
    pub stakeholder_group: StakeholderGroup,
    /// SHA-256 of the resume code.
    pub resume_hash: String,
    /// Language chosen.
    pub language: Language,
    /// Page reached (1-based).
    pub page: i32,
    /// Answers so far (JSON).
    pub state: String,
    /// The access code that opened it, if any.
    pub access_code_id: Option<i32>,
    /// The survey's close plus its grace period: the draft may be sent until then and is
    /// deleted after it.
    pub expires_at: NaiveDateTime,
}

/// Stores a new draft.
pub fn create(conn: &mut AnyConnection, draft: &NewDraft) -> QueryResult<()> {
    diesel::insert_into(response_drafts::table)
        .values(draft)
        .execute(conn)
        .map(|_| ())
}

/// The draft whose resume code hashes to `resume_hash`, if it has not expired.
pub fn find(
    conn: &mut AnyConnection,
    resume_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<DraftRow>> {
    response_drafts::table
        .filter(response_drafts::resume_hash.eq(resume_hash))
        .filter(response_drafts::expires_at.gt(now))
        .select(DraftRow::as_select())
        .get_result(conn)
        .optional()
}

/// Saves a draft's answers, page and language.
pub fn save(
    conn: &mut AnyConnection,
    id: i32,
    page: i32,
    language: &str,
    state: &str,
) -> QueryResult<()> {
    diesel::update(response_drafts::table.filter(response_drafts::id.eq(id)))
        .set((
            response_drafts::page.eq(page),
            response_drafts::language.eq(language),
            response_drafts::state.eq(state),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Deletes the drafts whose responses are stored, in the transaction that stored them, so
/// a draft never outlives its response and never needs a write of its own.
pub fn delete_many(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::delete(response_drafts::table.filter(response_drafts::id.eq_any(ids)))
        .execute(conn)
        .map(|_| ())
}

/// Moves the deadline of every draft of a survey (its close moved, or it was closed now):
/// answers in progress may be sent until `deadline`; how many drafts.
pub fn set_deadline(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    deadline: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        response_drafts::table
            .filter(response_drafts::district_id.eq(district.0))
            .filter(response_drafts::survey_id.eq(survey.0)),
    )
    .set(response_drafts::expires_at.eq(deadline))
    .execute(conn)
}

/// Deletes every draft whose survey has closed (`expires_at` passed); how many. Run
/// periodically, so unfinished answers never outlive their survey.
pub fn delete_expired(conn: &mut AnyConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(response_drafts::table.filter(response_drafts::expires_at.le(now))).execute(conn)
}
