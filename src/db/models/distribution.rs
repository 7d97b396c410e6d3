//! How respondents reach a survey: anonymous links per school × group, and single-use codes.

use crate::db::schema::{access_codes, distribution_links};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, PublicToken, SchoolId, StakeholderGroup, SurveyId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// An anonymous link for one school and stakeholder group.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = distribution_links)]
pub struct LinkRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School the answers count for.
    pub school_id: i32,
    /// Group the answers count for.
    pub stakeholder_group: StakeholderGroup,
    /// Short random token in `/s/{token}`.
    pub token: String,
    /// Deactivated links refuse new respondents.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// A single-use access code (stored hashed; never linked to the response it unlocked).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = access_codes)]
pub struct AccessCodeRow {
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
    /// SHA-256 of the code.
    pub code_hash: String,
    /// Batch label, for reprinting a sheet.
    pub batch: String,
    /// Consumed in the submitting transaction.
    pub used: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// Marks an unused access code of the district used; `false` when it was used already (or is
/// not the district's). Call inside the submitting transaction, so the code is spent exactly
/// when its response is stored.
pub fn consume_code(
    conn: &mut AnyConnection,
    district: DistrictId,
    code_id: i32,
) -> QueryResult<bool> {
    diesel::update(
        access_codes::table
            .filter(access_codes::id.eq(code_id))
            .filter(access_codes::district_id.eq(district.0))
            .filter(access_codes::used.eq(false)),
    )
    .set(access_codes::used.eq(true))
    .execute(conn)
    .map(|changed| changed == 1)
}

/// Creates the missing anonymous links of a survey, one per (school, group), each with a
/// fresh 9-character token; existing links keep their tokens (they may be printed already).
pub fn ensure_links(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    cells: &[(SchoolId, StakeholderGroup)],
) -> QueryResult<()> {
    let existing: Vec<(i32, String)> = distribution_links::table
        .filter(distribution_links::district_id.eq(district.0))
        .filter(distribution_links::survey_id.eq(survey.0))
        .select((
            distribution_links::school_id,
            distribution_links::stakeholder_group,
        ))
        .load(conn)?;
    let now = crate::db::now();
    for (school, group) in cells {
        if existing
            .iter()
            .any(|(s, g)| *s == school.0 && g == group.as_str())
        {
            continue;
        }
        diesel::insert_into(distribution_links::table)
            .values((
                distribution_links::district_id.eq(district.0),
                distribution_links::survey_id.eq(survey.0),
                distribution_links::school_id.eq(school.0),
                distribution_links::stakeholder_group.eq(group.as_str()),
                distribution_links::token.eq(PublicToken::generate(LINK_TOKEN_LENGTH).as_str()),
                distribution_links::active.eq(true),
                distribution_links::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The school × group cells a survey of the district reaches: (school, group, active)
/// of each link, and of each batch of access codes (active: its unused codes still work).
pub fn channels(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<(i32, StakeholderGroup, bool)>> {
    let mut cells: Vec<(i32, StakeholderGroup, bool)> = distribution_links::table
        .filter(distribution_links::district_id.eq(district.0))
        .filter(distribution_links::survey_id.eq(survey.0))
        .select((
            distribution_links::school_id,
            distribution_links::stakeholder_group,
            distribution_links::active,
        ))
        .load(conn)?;
    let coded: Vec<(i32, StakeholderGroup)> = access_codes::table
        .filter(access_codes::district_id.eq(district.0))
        .filter(access_codes::survey_id.eq(survey.0))
        .select((access_codes::school_id, access_codes::stakeholder_group))
        .distinct()
        .load(conn)?;
    cells.extend(coded.into_iter().map(|(s, g)| (s, g, true)));
    Ok(cells)
}

/// Characters in a link token: short enough to type from a poster, ≈ 44 random bits.
pub const LINK_TOKEN_LENGTH: usize = 9;

/// The anonymous links of a survey of the district, by school then group.
pub fn links_of(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<LinkRow>> {
    distribution_links::table
        .filter(distribution_links::district_id.eq(district.0))
        .filter(distribution_links::survey_id.eq(survey.0))
        .order((distribution_links::school_id, distribution_links::id))
        .select(LinkRow::as_select())
        .load(conn)
}

/// Turns a link of the district's survey on or off; `false` when there is no such link.
pub fn set_link_active(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    link: i32,
    active: bool,
) -> QueryResult<bool> {
    diesel::update(
        distribution_links::table
            .filter(distribution_links::district_id.eq(district.0))
            .filter(distribution_links::survey_id.eq(survey.0))
            .filter(distribution_links::id.eq(link)),
    )
    .set(distribution_links::active.eq(active))
    .execute(conn)
    .map(|n| n == 1)
}

/// Whether a batch of codes with this label exists in the district (a re-posted form).
pub fn batch_exists(
    conn: &mut AnyConnection,
    district: DistrictId,
    batch: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        access_codes::table
            .filter(access_codes::district_id.eq(district.0))
            .filter(access_codes::batch.eq(batch)),
    ))
    .get_result(conn)
}

/// Stores a batch of single-use codes (their hashes only) for one school and group.
pub fn insert_codes(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    (school, group): (SchoolId, StakeholderGroup),
    batch: &str,
    hashes: &[String],
) -> QueryResult<()> {
    let now = crate::db::now();
    let rows: Vec<_> = hashes
        .iter()
        .map(|hash| {
            (
                access_codes::district_id.eq(district.0),
                access_codes::survey_id.eq(survey.0),
                access_codes::school_id.eq(school.0),
                access_codes::stakeholder_group.eq(group.as_str()),
                access_codes::code_hash.eq(hash.as_str()),
                access_codes::batch.eq(batch),
                access_codes::used.eq(false),
                access_codes::created_at.eq(now),
            )
        })
        .collect();
    match conn {
        AnyConnection::Sqlite(c) => diesel::insert_into(access_codes::table)
            .values(&rows)
            .execute(c)?,
        AnyConnection::Postgresql(c) => diesel::insert_into(access_codes::table)
            .values(&rows)
            .execute(c)?,
    };
    Ok(())
}

/// A batch of access codes as the distribution page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBatch {
    /// Batch label.
    pub batch: String,
    /// School.
    pub school_id: i32,
    /// Group text.
    pub stakeholder_group: StakeholderGroup,
    /// Codes in the batch.
    pub total: i64,
    /// Codes already used.
    pub used: i64,
    /// When the batch was made.
    pub created_at: NaiveDateTime,
}

/// The code batches of a survey of the district, oldest first, with how many were used.
pub fn code_batches(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<CodeBatch>> {
    let base = || {
        access_codes::table
            .filter(access_codes::district_id.eq(district.0))
            .filter(access_codes::survey_id.eq(survey.0))
            .group_by((
                access_codes::batch,
                access_codes::school_id,
                access_codes::stakeholder_group,
            ))
    };
    let totals: Vec<(String, i32, StakeholderGroup, i64, Option<NaiveDateTime>)> = base()
        .select((
            access_codes::batch,
            access_codes::school_id,
            access_codes::stakeholder_group,
            diesel::dsl::count_star(),
            diesel::dsl::min(access_codes::created_at),
        ))
        .load(conn)?;
    let used: Vec<(String, i64)> = base()
        .filter(access_codes::used.eq(true))
        .select((access_codes::batch, diesel::dsl::count_star()))
        .load(conn)?;
    let mut batches: Vec<CodeBatch> = totals
        .into_iter()
        .map(|(batch, school_id, group, total, made)| CodeBatch {
            used: used
                .iter()
                .find(|(b, _)| *b == batch)
                .map_or(0, |(_, n)| *n),
            batch,
            school_id,
            stakeholder_group: group,
            total,
            created_at: made.unwrap_or_default(),
        })
        .collect();
    batches.sort_by(|a, b| (a.created_at, &a.batch).cmp(&(b.created_at, &b.batch)));
    Ok(batches)
}
