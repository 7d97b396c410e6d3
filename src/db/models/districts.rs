//! Districts: the tenants of an instance, with their privacy and reporting settings.

use crate::db::schema::districts;
use crate::db::AnyConnection;
use crate::domain::DistrictId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A district as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = districts)]
pub struct DistrictRow {
    /// Row id.
    pub id: i32,
    /// Short unique name used in URLs of public pages.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Comma-separated language codes offered to respondents.
    pub languages: String,
    /// Minimum cell size for students (suppression).
    pub min_n_students: i32,
    /// Minimum cell size for parents.
    pub min_n_parents: i32,
    /// Minimum cell size for teachers and coordinators.
    pub min_n_staff: i32,
    /// Minimum cell size before free-text comments are shown.
    pub min_n_comments: i32,
    /// Whether this district's results feed anonymous cross-district benchmarks.
    pub benchmark_opt_in: bool,
    /// JSON overrides of the verdict thresholds (`{}` = defaults).
    pub verdict_settings: String,
    /// The district's privacy note shown to respondents.
    pub privacy_note: String,
    /// When the district was created.
    pub created_at: NaiveDateTime,
    /// IANA time zone survey times are entered and shown in (`domain::TimeZone` text).
    pub time_zone: String,
    /// Most questions about one product for students in grades 3–5 (1 to 12).
    pub young_items_per_product: i32,
}

impl DistrictRow {
    /// The typed id.
    pub fn district_id(&self) -> DistrictId {
        DistrictId(self.id)
    }
}

/// A district to insert; settings take their defaults.
#[derive(Debug, Insertable)]
#[diesel(table_name = districts)]
pub struct NewDistrict<'a> {
    /// Unique slug.
    pub slug: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Privacy note for respondents.
    pub privacy_note: &'a str,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// Inserts a district and returns its id.
pub fn insert(conn: &mut AnyConnection, new: &NewDistrict<'_>) -> QueryResult<DistrictId> {
    diesel::insert_into(districts::table)
        .values(new)
        .execute(conn)?;
    districts::table
        .filter(districts::slug.eq(new.slug))
        .select(districts::id)
        .get_result(conn)
        .map(DistrictId)
}

/// How many districts exist (an empty instance gets the demo).
pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
    districts::table.count().get_result(conn)
}

/// A district by id.
pub fn find(conn: &mut AnyConnection, id: DistrictId) -> QueryResult<DistrictRow> {
    districts::table
        .find(id.0)
        .select(DistrictRow::as_select())
        .get_result(conn)
}

/// Sets the most questions about one product a survey may ask students in grades 3–5.
pub fn set_young_items_per_product(
    conn: &mut AnyConnection,
    id: DistrictId,
    limit: i32,
) -> QueryResult<()> {
    diesel::update(districts::table.find(id.0))
        .set(districts::young_items_per_product.eq(limit))
        .execute(conn)
        .map(|_| ())
}

/// A district by its display name (the CLI names districts this way).
pub fn find_by_name(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<DistrictRow>> {
    districts::table
        .filter(districts::name.eq(name))
        .select(DistrictRow::as_select())
        .get_result(conn)
        .optional()
}

/// Every district, by name.
pub fn list(conn: &mut AnyConnection) -> QueryResult<Vec<DistrictRow>> {
    districts::table
        .order(districts::name)
        .select(DistrictRow::as_select())
        .load(conn)
}

/// The district's time zone and enabled languages as stored (read with the signed-in user).
pub fn zone_and_languages(
    conn: &mut AnyConnection,
    id: DistrictId,
) -> QueryResult<(String, String)> {
    districts::table
        .find(id.0)
        .select((districts::time_zone, districts::languages))
        .get_result(conn)
}

/// Sets the languages the district enables (already parsed codes, joined by commas).
pub fn set_languages(conn: &mut AnyConnection, id: DistrictId, codes: &str) -> QueryResult<()> {
    diesel::update(districts::table.find(id.0))
        .set(districts::languages.eq(codes))
        .execute(conn)
        .map(|_| ())
}

/// Sets the district's time zone (an already parsed IANA name).
pub fn set_time_zone(conn: &mut AnyConnection, id: DistrictId, zone: &str) -> QueryResult<()> {
    diesel::update(districts::table.find(id.0))
        .set(districts::time_zone.eq(zone))
        .execute(conn)
        .map(|_| ())
}

/// Sets whether the district shares its per-construct favourable counts, pooled and unnamed,
/// with other opted-in districts' benchmarks (and sees theirs).
pub fn set_benchmark_opt_in(conn: &mut AnyConnection, id: DistrictId, on: bool) -> QueryResult<()> {
    diesel::update(districts::table.find(id.0))
        .set(districts::benchmark_opt_in.eq(on))
        .execute(conn)
        .map(|_| ())
}
