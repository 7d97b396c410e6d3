//! Free-text comments about a product, read from the raw answers (the aggregates keep no
//! text). Scoped by district and by the viewer's schools; which comments may be shown is
//! decided by `reports::build::comments`, never here.

use crate::db::schema::{answers, responses};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, ProductId, StakeholderGroup, SurveyId};
use diesel::prelude::*;

/// One comment with the cell it came from (no response id leaves this module's callers).
#[derive(Debug, Clone, PartialEq)]
pub struct CommentRow {
    /// The response (to count respondents who commented, not comments).
    pub response_id: i32,
    /// School of the response.
    pub school_id: i32,
    /// Stakeholder group text of the response.
    pub stakeholder_group: StakeholderGroup,
    /// The words, as written (never blank).
    pub text: String,
}

/// The non-empty answers to the given comment items about `product` in a survey of the
/// district, from responses of the schools in `scope` (`None`: every school), in the order
/// they were stored.
pub fn product_comments(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    product: ProductId,
    items: &[i32],
    scope: Option<&[i32]>,
) -> QueryResult<Vec<CommentRow>> {
    let mut query = answers::table
        .inner_join(responses::table)
        .filter(answers::district_id.eq(district.0))
        .filter(responses::district_id.eq(district.0))
        .filter(responses::survey_id.eq(survey.0))
        .filter(answers::survey_item_id.eq_any(items))
        .filter(answers::product_id.eq(product.0))
        .filter(answers::text_value.is_not_null())
        .order(answers::id)
        .select((
            responses::id,
            responses::school_id,
            responses::stakeholder_group,
            answers::text_value,
        ))
        .into_boxed();
    if let Some(schools) = scope {
        query = query.filter(responses::school_id.eq_any(schools));
    }
    let rows: Vec<(i32, i32, StakeholderGroup, Option<String>)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(response_id, school_id, stakeholder_group, text)| {
            let text = text.filter(|t| !t.trim().is_empty())?;
            Some(CommentRow {
                response_id,
                school_id,
                stakeholder_group,
                text,
            })
        })
        .collect())
}
