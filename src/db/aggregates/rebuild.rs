//! Rebuilding a survey's aggregates from its raw answers (`chorus reaggregate`), and its
//! responses' packed answers (`db::packed_answers`) with them: both are derived from the
//! answer rows, and the rebuild reads every one of those anyway.
//!
//! Deletes the survey's aggregate rows and folds every stored response in again, in pages,
//! inside one transaction: readers see either the old or the new aggregates, never a mix.

use super::apply::apply;
use super::by_language::LanguageDeltas;
use super::delta::DeltaError;
use super::layout::{AggregationLayout, LayoutError};
use super::tables::{for_each_construct_table, for_each_item_table, for_each_survey_table};
use crate::db::models::responses::{
    self as response_rows, AnswerRow, NewAnswer, NewPackedAnswers, NewResponse, ResponseRow,
};
use crate::db::models::surveys;
use crate::db::schema::{
    agg_choice, agg_comments, agg_construct, agg_construct_items, agg_feature, agg_number,
    agg_number_bins, agg_product_use, agg_recommend, agg_responses, agg_scale,
};
use crate::db::write::Contention;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, SurveyId};
use diesel::prelude::*;

/// Why a rebuild failed; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    /// The database failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    /// The survey's items do not parse.
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// A stored answer does not fit its item.
    #[error("stored response {response}: {error}")]
    Answer {
        /// Response id.
        response: i32,
        /// What is wrong.
        error: DeltaError,
    },
}

impl Contention for RebuildError {
    fn is_contention(&self) -> bool {
        matches!(self, RebuildError::Query(e) if e.is_contention())
    }
}

/// Responses folded per page of the rebuild.
const PAGE: i64 = 2_000;

/// Replaces a survey's aggregates with ones recomputed from its answers; returns the number of responses.
pub fn rebuild(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> Result<u64, RebuildError> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let items = surveys::items(conn, district, survey)?;
        let layout = AggregationLayout::new(
            district,
            survey,
            &items,
            surveys::products_of(conn, district, survey)?,
        )?;
        let item_ids: Vec<i32> = items.iter().map(|i| i.id).collect();
        delete_all(conn, district, survey, &item_ids)?;
        response_rows::delete_packed(conn, district, survey)?;
        let mut delta = LanguageDeltas::default();
        let mut after = 0;
        let mut total = 0u64;
        loop {
            let page = response_rows::page_of_responses(conn, district, survey, after, PAGE)?;
            let Some(last) = page.last() else { break };
            after = last.id;
            let ids: Vec<i32> = page.iter().map(|r| r.id).collect();
            let answers = response_rows::answers_of(conn, district, &ids)?;
            let mut packs = Vec::with_capacity(page.len());
            total += fold_page(&mut delta, &mut packs, &layout, &page, &answers)?;
            response_rows::insert_packed(conn, &packs)?;
        }
        apply(conn, district.0, 0, &delta)?;
        Ok(total)
    })
}

/// Folds a page of responses and their answers (ordered by response, as
/// [`response_rows::answers_of`] returns them) into `delta`, and packs each response's
/// answers into `packs`; returns the responses folded.
fn fold_page(
    delta: &mut LanguageDeltas,
    packs: &mut Vec<NewPackedAnswers>,
    layout: &AggregationLayout,
    page: &[ResponseRow],
    answers: &[AnswerRow],
) -> Result<u64, RebuildError> {
    let mut rest = answers;
    for response in page {
        let split = rest
            .iter()
            .position(|a| a.response_id != response.id)
            .unwrap_or(rest.len());
        let (mine, others) = rest.split_at(split);
        rest = others;
        let new_answers: Vec<NewAnswer> = mine
            .iter()
            .map(|a| NewAnswer {
                district_id: a.district_id,
                response_id: a.response_id,
                survey_item_id: a.survey_item_id,
                product_id: a.product_id,
                feature_id: a.feature_id,
                value: a.value,
                not_applicable: a.not_applicable,
                wants_training: a.wants_training,
                text_value: a.text_value.clone(),
            })
            .collect();
        let new_response = NewResponse {
            district_id: response.district_id,
            survey_id: response.survey_id,
            school_id: response.school_id,
            stakeholder_group: response.stakeholder_group,
            language: response.language,
            submitted_on: response.submitted_on,
            submission_key: String::new(),
        };
        delta
            .add(layout, &new_response, &new_answers)
            .map_err(|error| RebuildError::Answer {
                response: response.id,
                error,
            })?;
        packs.push(NewPackedAnswers::new(
            response.district_id,
            response.id,
            &new_answers,
        ));
    }
    Ok(page.len() as u64)
}

/// Deletes the survey's rows of every aggregate table of [`super::tables`].
fn delete_all(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    items: &[i32],
) -> QueryResult<()> {
    macro_rules! delete_by_items {
        ($table:ident, $($description:tt)*) => {
            diesel::delete(
                $table::table
                    .filter($table::district_id.eq(district.0))
                    .filter($table::survey_item_id.eq_any(items)),
            )
            .execute(conn)?;
        };
    }
    macro_rules! delete_by_survey {
        ($table:ident $(, $description:tt)*) => {
            diesel::delete(
                $table::table
                    .filter($table::district_id.eq(district.0))
                    .filter($table::survey_id.eq(survey.0)),
            )
            .execute(conn)?;
        };
    }
    for_each_item_table!(delete_by_items);
    for_each_construct_table!(delete_by_survey);
    for_each_survey_table!(delete_by_survey);
    Ok(())
}
