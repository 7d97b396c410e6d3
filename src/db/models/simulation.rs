//! Look-ups for `chorus simulate`, which an operator points at any survey by its public id.

use super::surveys::SurveyRow;
use crate::db::schema::surveys;
use crate::db::AnyConnection;
use diesel::prelude::*;

/// The survey with this public id, in whichever district it belongs to (the operator's
/// command line sees every district).
pub fn survey_by_public_id(
    conn: &mut AnyConnection,
    public_id: &str,
) -> QueryResult<Option<SurveyRow>> {
    surveys::table
        .filter(surveys::public_id.eq(public_id))
        .select(SurveyRow::as_select())
        .get_result(conn)
        .optional()
}
