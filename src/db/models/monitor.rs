//! Response-monitor counts: completed responses per day, school and group (from the aggregate
//! table, so the cost does not grow with responses) and unfinished drafts.

use crate::db::schema::{agg_responses, response_drafts, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, StakeholderGroup, SurveyId};
use chrono::NaiveDate;
use diesel::prelude::*;

/// One row of completions: (day, school, group, completed), summed over shards by the caller.
pub type CompletionRow = (NaiveDate, i32, StakeholderGroup, i64);

/// Completed responses of a survey of the district per day, school and group.
///
/// A few rows per school, group and day (times shards): cheap at any number of responses.
pub fn completions(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<CompletionRow>> {
    agg_responses::table
        .filter(agg_responses::district_id.eq(district.0))
        .filter(agg_responses::survey_id.eq(survey.0))
        .order(agg_responses::day)
        .select((
            agg_responses::day,
            agg_responses::school_id,
            agg_responses::stakeholder_group,
            agg_responses::completed,
        ))
        .load(conn)
}

/// Unfinished drafts of a survey of the district per (school, group).
pub fn unfinished_by_cell(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<(i32, StakeholderGroup, i64)>> {
    response_drafts::table
        .filter(response_drafts::district_id.eq(district.0))
        .filter(response_drafts::survey_id.eq(survey.0))
        .group_by((
            response_drafts::school_id,
            response_drafts::stakeholder_group,
        ))
        .select((
            response_drafts::school_id,
            response_drafts::stakeholder_group,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// A survey of the district by its public id.
pub fn find_survey(
    conn: &mut AnyConnection,
    district: DistrictId,
    public_id: &str,
) -> QueryResult<Option<super::surveys::SurveyRow>> {
    surveys::table
        .filter(surveys::district_id.eq(district.0))
        .filter(surveys::public_id.eq(public_id))
        .select(super::surveys::SurveyRow::as_select())
        .get_result(conn)
        .optional()
}
