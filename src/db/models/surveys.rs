//! Surveys (one row per wave), their schools and products, and their frozen items.

use crate::db::schema::{
    survey_item_wordings, survey_items, survey_products, survey_schools, surveys,
};
use crate::db::AnyConnection;
use crate::domain::{
    DistrictId, ItemKind, Language, ProductId, SchoolId, StakeholderGroup, SurveyId, SurveyItemId,
    SurveyStatus,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A survey wave as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = surveys)]
pub struct SurveyRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Random id used in URLs.
    pub public_id: String,
    /// Shared by every wave of the same survey, so trends can be drawn.
    pub series_id: String,
    /// Title.
    pub title: String,
    /// Wave label, e.g. "Spring 2027".
    pub wave: String,
    /// Order of the wave in its series (1 = first).
    pub wave_number: i32,
    /// `domain::SurveyStatus` text.
    pub status: SurveyStatus,
    /// Opens at (UTC).
    pub opens_at: NaiveDateTime,
    /// Closes at (UTC).
    pub closes_at: NaiveDateTime,
    /// Comma-separated language codes.
    pub languages: String,
    /// Comma-separated stakeholder groups.
    pub audience_groups: String,
    /// Most product blocks one respondent is asked about.
    pub product_cap: i32,
    /// Author.
    pub created_by: Option<i32>,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Minutes after the close during which a draft started before it may still be sent.
    pub grace_minutes: i32,
}

impl SurveyRow {
    /// The last moment a draft started before the close may be sent: the close time plus
    /// the survey's grace period.
    pub fn send_deadline(&self) -> NaiveDateTime {
        self.grace_after(self.closes_at)
    }

    /// The deadline for answers in progress if the survey closed at `close`.
    pub fn grace_after(&self, close: NaiveDateTime) -> NaiveDateTime {
        close + chrono::Duration::minutes(i64::from(self.grace_minutes.max(0)))
    }
}

/// A survey wave to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = surveys)]
pub struct NewSurvey<'a> {
    /// District.
    pub district_id: i32,
    /// Random public id.
    pub public_id: &'a str,
    /// Series id.
    pub series_id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Wave label.
    pub wave: &'a str,
    /// Wave number.
    pub wave_number: i32,
    /// Status text.
    pub status: SurveyStatus,
    /// Opens at.
    pub opens_at: NaiveDateTime,
    /// Closes at.
    pub closes_at: NaiveDateTime,
    /// Languages.
    pub languages: &'a str,
    /// Audience groups.
    pub audience_groups: &'a str,
    /// Product cap.
    pub product_cap: i32,
    /// Grace period for answers in progress after the close, in minutes.
    pub grace_minutes: i32,
    /// Author.
    pub created_by: Option<i32>,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// Inserts a survey with its schools and products (in the given order); returns its id.
pub fn insert(
    conn: &mut AnyConnection,
    new: &NewSurvey<'_>,
    schools: &[SchoolId],
    products: &[ProductId],
) -> QueryResult<SurveyId> {
    diesel::insert_into(surveys::table)
        .values(new)
        .execute(conn)?;
    let id: i32 = surveys::table
        .filter(surveys::public_id.eq(new.public_id))
        .select(surveys::id)
        .get_result(conn)?;
    for school in schools {
        diesel::insert_into(survey_schools::table)
            .values((
                survey_schools::survey_id.eq(id),
                survey_schools::school_id.eq(school.0),
                survey_schools::district_id.eq(new.district_id),
            ))
            .execute(conn)?;
    }
    for (position, product) in (0..).zip(products) {
        diesel::insert_into(survey_products::table)
            .values((
                survey_products::survey_id.eq(id),
                survey_products::product_id.eq(product.0),
                survey_products::district_id.eq(new.district_id),
                survey_products::position.eq(position),
            ))
            .execute(conn)?;
    }
    Ok(SurveyId(id))
}

/// The district's surveys, newest first.
pub fn list(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<SurveyRow>> {
    surveys::table
        .filter(surveys::district_id.eq(district.0))
        .order((surveys::created_at.desc(), surveys::id.desc()))
        .select(SurveyRow::as_select())
        .load(conn)
}

/// The products of a survey of the district, in survey order.
pub fn products_of(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<ProductId>> {
    survey_products::table
        .filter(survey_products::district_id.eq(district.0))
        .filter(survey_products::survey_id.eq(survey.0))
        .order(survey_products::position)
        .select(survey_products::product_id)
        .load::<i32>(conn)
        .map(|ids| ids.into_iter().map(ProductId).collect())
}

/// An item frozen into a survey.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = survey_items)]
pub struct SurveyItemRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// Bank item it was copied from, if any.
    pub bank_item_id: Option<i32>,
    /// Construct key.
    pub construct_key: String,
    /// Item key, unique in the survey.
    pub item_key: String,
    /// `domain::ItemKind` text.
    pub kind: ItemKind,
    /// Comma-separated groups that see the item.
    pub groups: String,
    /// Order in the survey.
    pub position: i32,
    /// Repeated for each product the respondent uses.
    pub per_product: bool,
    /// Must be answered.
    pub required: bool,
    /// Offers "does not apply".
    pub allows_na: bool,
    /// Semantic tag.
    pub tag: Option<String>,
    /// Skip condition text.
    pub show_if: Option<String>,
    /// Number lower bound.
    pub number_min: Option<i64>,
    /// Number upper bound.
    pub number_max: Option<i64>,
}

/// An item to freeze into a survey.
#[derive(Debug, Insertable)]
#[diesel(table_name = survey_items)]
pub struct NewSurveyItem<'a> {
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// Source bank item.
    pub bank_item_id: Option<i32>,
    /// Construct key.
    pub construct_key: &'a str,
    /// Item key.
    pub item_key: &'a str,
    /// Kind text.
    pub kind: ItemKind,
    /// Groups.
    pub groups: &'a str,
    /// Position.
    pub position: i32,
    /// Per product.
    pub per_product: bool,
    /// Required.
    pub required: bool,
    /// Allows N/A.
    pub allows_na: bool,
    /// Tag.
    pub tag: Option<&'a str>,
    /// Skip condition.
    pub show_if: Option<&'a str>,
    /// Number min.
    pub number_min: Option<i64>,
    /// Number max.
    pub number_max: Option<i64>,
}

/// A frozen wording of a survey item for one group and language.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = survey_item_wordings)]
pub struct SurveyWordingRow {
    /// Item.
    pub survey_item_id: i32,
    /// District.
    pub district_id: i32,
    /// Stakeholder group text.
    pub stakeholder_group: StakeholderGroup,
    /// Language code.
    pub language: Language,
    /// The question, with `{product}`/`{vendor}` placeholders.
    pub prompt: String,
    /// Option labels, one per line.
    pub options: String,
    /// Unit of a number item.
    pub unit: String,
}

/// Freezes one item with its wordings into a survey; returns the item's id.
pub fn insert_item(
    conn: &mut AnyConnection,
    item: &NewSurveyItem<'_>,
    wordings: &[SurveyWordingRow],
) -> QueryResult<SurveyItemId> {
    diesel::insert_into(survey_items::table)
        .values(item)
        .execute(conn)?;
    let id: i32 = survey_items::table
        .filter(survey_items::survey_id.eq(item.survey_id))
        .filter(survey_items::item_key.eq(item.item_key))
        .select(survey_items::id)
        .get_result(conn)?;
    for wording in wordings {
        let row = SurveyWordingRow {
            survey_item_id: id,
            ..wording.clone()
        };
        diesel::insert_into(survey_item_wordings::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(SurveyItemId(id))
}

/// The items of a survey of the district, in order.
pub fn items(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<SurveyItemRow>> {
    survey_items::table
        .filter(survey_items::district_id.eq(district.0))
        .filter(survey_items::survey_id.eq(survey.0))
        .order(survey_items::position)
        .select(SurveyItemRow::as_select())
        .load(conn)
}

/// The schools a survey of the district is distributed to.
pub fn schools_of(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<SchoolId>> {
    survey_schools::table
        .filter(survey_schools::district_id.eq(district.0))
        .filter(survey_schools::survey_id.eq(survey.0))
        .select(survey_schools::school_id)
        .load::<i32>(conn)
        .map(|ids| ids.into_iter().map(SchoolId).collect())
}
