//! The district's product catalogue: contracts, costs, seats and licensed features.

use crate::db::schema::{product_feature_texts, product_features, product_schools, products};
use crate::db::AnyConnection;
use crate::domain::catalogue::FeatureText;
use crate::domain::{DistrictId, FeatureAudience, Language, ProductId, SchoolId, SeatUnit};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::BTreeMap;

/// A product as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = products)]
pub struct ProductRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Random id used in URLs.
    pub public_id: String,
    /// Product name, unique in the district.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Category (e.g. "Math practice", "LMS").
    pub category: String,
    /// Annual cost in cents of `currency`.
    pub annual_cost_cents: i64,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Licensed seats.
    pub licensed_seats: i32,
    /// What a seat is: student, teacher, school or site.
    pub seat_unit: SeatUnit,
    /// Contract start.
    pub contract_start: Option<NaiveDate>,
    /// Contract end (renewal date).
    pub contract_end: Option<NaiveDate>,
    /// Vendor support contact.
    pub support_contact: String,
    /// Free notes.
    pub notes: String,
    /// Archived products are kept for old reports.
    pub archived: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

impl ProductRow {
    /// The typed id.
    pub fn product_id(&self) -> ProductId {
        ProductId(self.id)
    }
}

/// A product to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = products)]
pub struct NewProduct<'a> {
    /// District.
    pub district_id: i32,
    /// Random public id.
    pub public_id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Vendor.
    pub vendor: &'a str,
    /// Category.
    pub category: &'a str,
    /// Annual cost in cents.
    pub annual_cost_cents: i64,
    /// Currency.
    pub currency: &'a str,
    /// Licensed seats.
    pub licensed_seats: i32,
    /// Seat unit.
    pub seat_unit: SeatUnit,
    /// Contract start.
    pub contract_start: Option<NaiveDate>,
    /// Contract end.
    pub contract_end: Option<NaiveDate>,
    /// Support contact.
    pub support_contact: &'a str,
    /// Notes.
    pub notes: &'a str,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// Inserts a product and returns its id.
pub fn insert(conn: &mut AnyConnection, new: &NewProduct<'_>) -> QueryResult<ProductId> {
    diesel::insert_into(products::table)
        .values(new)
        .execute(conn)?;
    products::table
        .filter(products::public_id.eq(new.public_id))
        .select(products::id)
        .get_result(conn)
        .map(ProductId)
}

/// The district's products, by name.
pub fn list(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<ProductRow>> {
    products::table
        .filter(products::district_id.eq(district.0))
        .order(products::name)
        .select(ProductRow::as_select())
        .load(conn)
}

/// One product of the district by its public id, or `None` when it does not exist there.
pub fn find(
    conn: &mut AnyConnection,
    district: DistrictId,
    public_id: &str,
) -> QueryResult<Option<ProductRow>> {
    products::table
        .filter(products::district_id.eq(district.0))
        .filter(products::public_id.eq(public_id))
        .select(ProductRow::as_select())
        .get_result(conn)
        .optional()
}

/// Every product name of the district with its id (for case-blind name collision checks).
pub fn names(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<(i32, String)>> {
    products::table
        .filter(products::district_id.eq(district.0))
        .select((products::id, products::name))
        .load(conn)
}

/// The district's current (not archived) products, soonest contract end first and those
/// without an end date last: the renewal calendar.
pub fn renewals(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<ProductRow>> {
    let mut rows: Vec<ProductRow> = products::table
        .filter(products::district_id.eq(district.0))
        .filter(products::archived.eq(false))
        .select(ProductRow::as_select())
        .load(conn)?;
    rows.sort_by(|a, b| {
        (a.contract_end.is_none(), a.contract_end, &a.name).cmp(&(
            b.contract_end.is_none(),
            b.contract_end,
            &b.name,
        ))
    });
    Ok(rows)
}

/// Ids of the district's schools that use a product.
pub fn school_ids(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
) -> QueryResult<Vec<SchoolId>> {
    product_schools::table
        .filter(product_schools::district_id.eq(district.0))
        .filter(product_schools::product_id.eq(product.0))
        .order(product_schools::school_id)
        .select(product_schools::school_id)
        .load(conn)
        .map(|ids: Vec<i32>| ids.into_iter().map(SchoolId).collect())
}

/// A licensed feature of a product as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = product_features)]
pub struct FeatureRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Product.
    pub product_id: i32,
    /// Feature name, unique per product.
    pub name: String,
    /// One-line description shown to respondents.
    pub description: String,
    /// Whether the district's licence tier includes it.
    pub in_licence: bool,
    /// Display order.
    pub position: i32,
    /// Who is asked about it: audience groups joined by commas (`FeatureAudience`).
    pub audience: String,
}

impl FeatureRow {
    /// The stored audience, typed; a value no migration or form could write is an error.
    pub fn audience(&self) -> Result<FeatureAudience, crate::domain::ParseError> {
        FeatureAudience::parse(&self.audience)
    }
}

/// A feature's name and description in one language other than the original.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = product_feature_texts)]
pub struct FeatureTextRow {
    /// Feature.
    pub feature_id: i32,
    /// Language code.
    pub language: Language,
    /// Translated name.
    pub name: String,
    /// Translated description (may be empty).
    pub description: String,
}

/// The translations of the given features of the district (any product).
pub fn feature_texts(
    conn: &mut AnyConnection,
    district: DistrictId,
    features: &[i32],
) -> QueryResult<Vec<FeatureTextRow>> {
    product_feature_texts::table
        .filter(product_feature_texts::district_id.eq(district.0))
        .filter(product_feature_texts::feature_id.eq_any(features))
        .order((
            product_feature_texts::feature_id,
            product_feature_texts::language,
        ))
        .select(FeatureTextRow::as_select())
        .load(conn)
}

/// Replaces a feature's translations with `texts` (a language left out has none); the caller
/// has scoped the feature to the district and runs this in its transaction.
pub fn replace_feature_texts(
    conn: &mut AnyConnection,
    district: DistrictId,
    feature: i32,
    texts: &BTreeMap<Language, FeatureText>,
) -> QueryResult<()> {
    diesel::delete(
        product_feature_texts::table
            .filter(product_feature_texts::district_id.eq(district.0))
            .filter(product_feature_texts::feature_id.eq(feature)),
    )
    .execute(conn)?;
    for (language, text) in texts {
        diesel::insert_into(product_feature_texts::table)
            .values((
                product_feature_texts::feature_id.eq(feature),
                product_feature_texts::district_id.eq(district.0),
                product_feature_texts::language.eq(language.as_str()),
                product_feature_texts::name.eq(text.name.as_str()),
                product_feature_texts::description.eq(&text.description),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts a feature of a product the caller has already scoped to its district (the demo's
/// and the fixtures' catalogue writes).
pub fn insert_feature(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
    (name, description): (&str, &str),
    audience: &FeatureAudience,
    position: i32,
) -> QueryResult<i32> {
    diesel::insert_into(product_features::table)
        .values((
            product_features::district_id.eq(district.0),
            product_features::product_id.eq(product.0),
            product_features::name.eq(name),
            product_features::description.eq(description),
            product_features::in_licence.eq(true),
            product_features::position.eq(position),
            product_features::audience.eq(audience.as_stored()),
        ))
        .execute(conn)?;
    product_features::table
        .filter(product_features::product_id.eq(product.0))
        .filter(product_features::name.eq(name))
        .select(product_features::id)
        .get_result(conn)
}

/// The features of the district's products, in display order.
pub fn features(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
) -> QueryResult<Vec<FeatureRow>> {
    product_features::table
        .filter(product_features::district_id.eq(district.0))
        .filter(product_features::product_id.eq(product.0))
        .order(product_features::position)
        .select(FeatureRow::as_select())
        .load(conn)
}

/// Records that a school uses a product.
pub fn add_school(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
    school: SchoolId,
) -> QueryResult<()> {
    diesel::insert_into(product_schools::table)
        .values((
            product_schools::product_id.eq(product.0),
            product_schools::school_id.eq(school.0),
            product_schools::district_id.eq(district.0),
        ))
        .execute(conn)
        .map(|_| ())
}
