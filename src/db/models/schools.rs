//! Schools of a district, with expected headcounts for response rates.

use crate::db::schema::schools;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, SchoolId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A school as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = schools)]
pub struct SchoolRow {
    /// Row id.
    pub id: i32,
    /// Owning district.
    pub district_id: i32,
    /// Name, unique in the district.
    pub name: String,
    /// `domain::SchoolLevel` text.
    pub level: String,
    /// Expected student respondents.
    pub expected_students: i32,
    /// Expected teacher respondents.
    pub expected_teachers: i32,
    /// Expected parent respondents.
    pub expected_parents: i32,
    /// Expected coordinator respondents.
    pub expected_coordinators: i32,
    /// Archived schools are kept for old reports but offered for nothing new.
    pub archived: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// A school to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = schools)]
pub struct NewSchool<'a> {
    /// Owning district.
    pub district_id: i32,
    /// Name.
    pub name: &'a str,
    /// Level text.
    pub level: &'a str,
    /// Expected students.
    pub expected_students: i32,
    /// Expected teachers.
    pub expected_teachers: i32,
    /// Expected parents.
    pub expected_parents: i32,
    /// Expected coordinators.
    pub expected_coordinators: i32,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// Inserts a school and returns its id.
pub fn insert(conn: &mut AnyConnection, new: &NewSchool<'_>) -> QueryResult<SchoolId> {
    diesel::insert_into(schools::table)
        .values(new)
        .execute(conn)?;
    schools::table
        .filter(schools::district_id.eq(new.district_id))
        .filter(schools::name.eq(new.name))
        .select(schools::id)
        .first(conn)
        .map(SchoolId)
}

/// The district's schools, by name.
pub fn list(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<SchoolRow>> {
    schools::table
        .filter(schools::district_id.eq(district.0))
        .order(schools::name)
        .select(SchoolRow::as_select())
        .load(conn)
}
