//! Writes that move a survey through its life: editing a draft's settings, opening, closing,
//! changing the close time, deleting a draft, and copying items into a new wave.
//!
//! Each write names the status it expects, so a survey that opened in another tab is never
//! edited as a draft: the caller learns "nothing changed" and says so.

use crate::db::schema::{
    survey_item_wordings, survey_items, survey_products, survey_schools, surveys,
};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, ProductId, SchoolId, SurveyId, SurveyStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::surveys::{SurveyItemRow, SurveyWordingRow};

/// The settings of a draft that its form edits.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = surveys)]
pub struct DraftSettings<'a> {
    /// Title.
    pub title: &'a str,
    /// Wave label.
    pub wave: &'a str,
    /// Opening time (UTC).
    pub opens_at: NaiveDateTime,
    /// Closing time (UTC).
    pub closes_at: NaiveDateTime,
    /// Comma-separated language codes.
    pub languages: &'a str,
    /// Comma-separated audience groups.
    pub audience_groups: &'a str,
    /// Most product blocks per respondent.
    pub product_cap: i32,
    /// Grace period for answers in progress after the close, in minutes.
    pub grace_minutes: i32,
}

/// Saves a draft's settings and replaces its schools, products and items (the items are
/// deleted here and frozen again by the caller); `false` when it is no longer a draft.
pub fn rewrite_draft(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    settings: &DraftSettings<'_>,
    schools: &[SchoolId],
    products: &[ProductId],
) -> QueryResult<bool> {
    let changed = diesel::update(
        surveys::table
            .filter(surveys::district_id.eq(district.0))
            .filter(surveys::id.eq(survey.0))
            .filter(surveys::status.eq(SurveyStatus::Draft.as_str())),
    )
    .set(settings)
    .execute(conn)?;
    if changed != 1 {
        return Ok(false);
    }
    diesel::delete(survey_schools::table.filter(survey_schools::survey_id.eq(survey.0)))
        .execute(conn)?;
    diesel::delete(survey_products::table.filter(survey_products::survey_id.eq(survey.0)))
        .execute(conn)?;
    let item_ids = survey_items::table
        .filter(survey_items::survey_id.eq(survey.0))
        .select(survey_items::id);
    diesel::delete(
        survey_item_wordings::table.filter(survey_item_wordings::survey_item_id.eq_any(item_ids)),
    )
    .execute(conn)?;
    diesel::delete(survey_items::table.filter(survey_items::survey_id.eq(survey.0)))
        .execute(conn)?;
    for school in schools {
        diesel::insert_into(survey_schools::table)
            .values((
                survey_schools::survey_id.eq(survey.0),
                survey_schools::school_id.eq(school.0),
                survey_schools::district_id.eq(district.0),
            ))
            .execute(conn)?;
    }
    for (position, product) in (0..).zip(products) {
        diesel::insert_into(survey_products::table)
            .values((
                survey_products::survey_id.eq(survey.0),
                survey_products::product_id.eq(product.0),
                survey_products::district_id.eq(district.0),
                survey_products::position.eq(position),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Moves a survey from one status to another; `false` when it was not in `from`.
pub fn set_status(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    from: SurveyStatus,
    to: SurveyStatus,
) -> QueryResult<bool> {
    diesel::update(
        surveys::table
            .filter(surveys::district_id.eq(district.0))
            .filter(surveys::id.eq(survey.0))
            .filter(surveys::status.eq(from.as_str())),
    )
    .set(surveys::status.eq(to.as_str()))
    .execute(conn)
    .map(|n| n == 1)
}

/// Sets the closing time of a survey in the given status; `false` when it is not.
pub fn set_closes_at(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    status: SurveyStatus,
    closes_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        surveys::table
            .filter(surveys::district_id.eq(district.0))
            .filter(surveys::id.eq(survey.0))
            .filter(surveys::status.eq(status.as_str())),
    )
    .set(surveys::closes_at.eq(closes_at))
    .execute(conn)
    .map(|n| n == 1)
}

/// Deletes a draft with everything that hangs off it; `false` when it is not a draft (a survey
/// that ever opened keeps its rows: its answers belong to the district's history).
pub fn delete_draft(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<bool> {
    diesel::delete(
        surveys::table
            .filter(surveys::district_id.eq(district.0))
            .filter(surveys::id.eq(survey.0))
            .filter(surveys::status.eq(SurveyStatus::Draft.as_str())),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// The next wave number of a series.
pub fn next_wave_number(
    conn: &mut AnyConnection,
    district: DistrictId,
    series_id: &str,
) -> QueryResult<i32> {
    surveys::table
        .filter(surveys::district_id.eq(district.0))
        .filter(surveys::series_id.eq(series_id))
        .select(diesel::dsl::max(surveys::wave_number))
        .get_result::<Option<i32>>(conn)
        .map(|max| max.unwrap_or(0) + 1)
}

/// Copies every item of one survey, with its wordings, into another of the same district:
/// same keys, kinds, groups, order, conditions and words, so waves compare like for like.
pub fn copy_items(
    conn: &mut AnyConnection,
    district: DistrictId,
    from: SurveyId,
    to: SurveyId,
) -> QueryResult<()> {
    let items: Vec<SurveyItemRow> = super::surveys::items(conn, district, from)?;
    for item in items {
        let wordings: Vec<SurveyWordingRow> = survey_item_wordings::table
            .filter(survey_item_wordings::district_id.eq(district.0))
            .filter(survey_item_wordings::survey_item_id.eq(item.id))
            .select(SurveyWordingRow::as_select())
            .load(conn)?;
        let new = super::surveys::NewSurveyItem {
            district_id: district.0,
            survey_id: to.0,
            bank_item_id: item.bank_item_id,
            construct_key: &item.construct_key,
            item_key: &item.item_key,
            kind: item.kind,
            groups: &item.groups,
            position: item.position,
            per_product: item.per_product,
            required: item.required,
            allows_na: item.allows_na,
            tag: item.tag.as_deref(),
            show_if: item.show_if.as_deref(),
            number_min: item.number_min,
            number_max: item.number_max,
        };
        super::surveys::insert_item(conn, &new, &wordings)?;
    }
    Ok(())
}
