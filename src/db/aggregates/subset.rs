//! A survey's aggregates over a subset of its responses, folded from the raw answers in
//! memory and never written: the report's respondent-language view, which the aggregate
//! tables cannot give because they are not kept per language.
//!
//! The result has the shape of [`snapshot`](super::snapshot::snapshot), so a report reads it
//! with the same code. Its cost grows with the number of responses in that language.

use super::delta::AggregateDelta;
use super::layout::AggregationLayout;
use super::rebuild::{fold_page, RebuildError};
use crate::db::models::responses as response_rows;
use crate::db::models::surveys;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, SurveyId};

/// Responses read per page.
const PAGE: i64 = 2_000;

/// Every answer of the survey's responses given in `language`, in every school of the survey
/// and for every product, folded into one delta. Every school, not only the viewer's: the
/// schools table suppresses over every school, so a coordinator's table must hide exactly
/// what the district's hides. Every product: benchmarks and the verdict's median cost compare
/// the survey's products over the same view.
pub fn in_language(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    language: Language,
) -> Result<AggregateDelta, RebuildError> {
    let items = surveys::items(conn, district, survey)?;
    let layout = AggregationLayout::new(
        district,
        survey,
        &items,
        surveys::products_of(conn, district, survey)?,
    )?;
    let mut delta = AggregateDelta::default();
    let mut after = 0;
    loop {
        let page = response_rows::page_in_language(conn, district, survey, language, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let ids: Vec<i32> = page.iter().map(|r| r.id).collect();
        let answers = response_rows::answers_of(conn, district, &ids)?;
        fold_page(&mut delta, &layout, &page, &answers)?;
    }
    Ok(delta)
}
