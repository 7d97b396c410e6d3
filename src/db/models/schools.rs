//! Schools of a district, with expected headcounts for response rates.

use crate::db::models::audit;
use crate::db::schema::schools;
use crate::db::AnyConnection;
use crate::domain::catalogue::SchoolInput;
use crate::domain::import::same_name;
use crate::domain::{DistrictId, SchoolId, UserId};
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
        .get_result(conn)
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

/// One school of the district, or `None` when it does not exist there.
pub fn find(
    conn: &mut AnyConnection,
    district: DistrictId,
    id: SchoolId,
) -> QueryResult<Option<SchoolRow>> {
    schools::table
        .filter(schools::district_id.eq(district.0))
        .filter(schools::id.eq(id.0))
        .select(SchoolRow::as_select())
        .get_result(conn)
        .optional()
}

/// Whether another school of the district already has this name (case-blind).
fn name_taken(
    conn: &mut AnyConnection,
    district: DistrictId,
    name: &str,
    except: Option<SchoolId>,
) -> QueryResult<bool> {
    let names: Vec<(i32, String)> = schools::table
        .filter(schools::district_id.eq(district.0))
        .select((schools::id, schools::name))
        .load(conn)?;
    Ok(names
        .iter()
        .any(|(id, n)| Some(SchoolId(*id)) != except && same_name(n, name)))
}

/// Creates a school with its audit record; `None` when the name is taken.
pub fn create(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    input: &SchoolInput,
) -> QueryResult<Option<SchoolId>> {
    conn.transaction(|conn| {
        if name_taken(conn, district, input.name.as_str(), None)? {
            return Ok(None);
        }
        let [students, teachers, parents, coordinators] = input.expected.map(|h| h.get());
        let id = insert(
            conn,
            &NewSchool {
                district_id: district.0,
                name: input.name.as_str(),
                level: input.level.as_str(),
                expected_students: students,
                expected_teachers: teachers,
                expected_parents: parents,
                expected_coordinators: coordinators,
                created_at: crate::db::now(),
            },
        )?;
        let object = id.to_string();
        audit::record(
            conn,
            district,
            Some(actor),
            "school.create",
            ("school", &object),
            input.name.as_str(),
        )?;
        Ok(Some(id))
    })
}

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// The change was written.
    Done,
    /// No such object in the district.
    Missing,
    /// Another object of the district already has the name.
    NameTaken,
}

/// Updates a school of the district with its audit record.
pub fn update(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    id: SchoolId,
    input: &SchoolInput,
) -> QueryResult<Saved> {
    conn.transaction(|conn| {
        if find(conn, district, id)?.is_none() {
            return Ok(Saved::Missing);
        }
        if name_taken(conn, district, input.name.as_str(), Some(id))? {
            return Ok(Saved::NameTaken);
        }
        let [students, teachers, parents, coordinators] = input.expected.map(|h| h.get());
        diesel::update(
            schools::table
                .filter(schools::district_id.eq(district.0))
                .filter(schools::id.eq(id.0)),
        )
        .set((
            schools::name.eq(input.name.as_str()),
            schools::level.eq(input.level.as_str()),
            schools::expected_students.eq(students),
            schools::expected_teachers.eq(teachers),
            schools::expected_parents.eq(parents),
            schools::expected_coordinators.eq(coordinators),
        ))
        .execute(conn)?;
        audit::record(
            conn,
            district,
            Some(actor),
            "school.update",
            ("school", &id.to_string()),
            input.name.as_str(),
        )?;
        Ok(Saved::Done)
    })
}

/// Archives or restores a school of the district with its audit record; `false` when missing.
pub fn set_archived(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    id: SchoolId,
    archived: bool,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let changed = diesel::update(
            schools::table
                .filter(schools::district_id.eq(district.0))
                .filter(schools::id.eq(id.0)),
        )
        .set(schools::archived.eq(archived))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        let action = if archived {
            "school.archive"
        } else {
            "school.unarchive"
        };
        audit::record(
            conn,
            district,
            Some(actor),
            action,
            ("school", &id.to_string()),
            "",
        )?;
        Ok(true)
    })
}
