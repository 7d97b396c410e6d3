//! Schools of a district, with their grade span and expected headcounts per stakeholder group
//! for response rates.

use crate::db::models::audit;
use crate::db::schema::schools;
use crate::db::AnyConnection;
use crate::domain::catalogue::SchoolInput;
use crate::domain::import::same_name;
use crate::domain::{DistrictId, GradeSpan, SchoolId, SchoolLevel, StakeholderGroup, UserId};
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
    pub level: SchoolLevel,
    /// Expected student respondents in grades 6–12.
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
    /// Lowest grade taught (0 = K).
    pub grade_low: i32,
    /// Highest grade taught.
    pub grade_high: i32,
    /// Expected student respondents in grades 3–5.
    pub expected_young_students: i32,
}

impl SchoolRow {
    /// The school's grade span; a stored pair that is not a span (written by hand) reads as
    /// the usual span of its level, so a bad row never hides the school.
    pub fn span(&self) -> GradeSpan {
        GradeSpan::from_numbers(self.grade_low, self.grade_high)
            .unwrap_or_else(|| GradeSpan::usual_for(self.level))
    }

    /// Expected respondents of one group: zero for a group its span does not hold.
    pub fn expected(&self, group: StakeholderGroup) -> i32 {
        if !self.span().has(group) {
            return 0;
        }
        match group {
            StakeholderGroup::YoungStudent => self.expected_young_students,
            StakeholderGroup::Student => self.expected_students,
            StakeholderGroup::Teacher => self.expected_teachers,
            StakeholderGroup::Parent => self.expected_parents,
            StakeholderGroup::Coordinator => self.expected_coordinators,
        }
    }
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
    pub level: SchoolLevel,
    /// Lowest grade (0 = K).
    pub grade_low: i32,
    /// Highest grade.
    pub grade_high: i32,
    /// Expected students in grades 3–5.
    pub expected_young_students: i32,
    /// Expected students in grades 6–12.
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
    crate::db::write::transaction(&mut *conn, |conn| {
        if name_taken(conn, district, input.name.as_str(), None)? {
            return Ok(None);
        }
        let e = |g| input.expected.of(g);
        let id = insert(
            conn,
            &NewSchool {
                district_id: district.0,
                name: input.name.as_str(),
                level: input.level,
                grade_low: input.span.low().number(),
                grade_high: input.span.high().number(),
                expected_young_students: e(StakeholderGroup::YoungStudent),
                expected_students: e(StakeholderGroup::Student),
                expected_teachers: e(StakeholderGroup::Teacher),
                expected_parents: e(StakeholderGroup::Parent),
                expected_coordinators: e(StakeholderGroup::Coordinator),
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
    crate::db::write::transaction(&mut *conn, |conn| {
        if find(conn, district, id)?.is_none() {
            return Ok(Saved::Missing);
        }
        if name_taken(conn, district, input.name.as_str(), Some(id))? {
            return Ok(Saved::NameTaken);
        }
        let e = |g| input.expected.of(g);
        diesel::update(
            schools::table
                .filter(schools::district_id.eq(district.0))
                .filter(schools::id.eq(id.0)),
        )
        .set((
            schools::name.eq(input.name.as_str()),
            schools::level.eq(input.level.as_str()),
            schools::grade_low.eq(input.span.low().number()),
            schools::grade_high.eq(input.span.high().number()),
            schools::expected_young_students.eq(e(StakeholderGroup::YoungStudent)),
            schools::expected_students.eq(e(StakeholderGroup::Student)),
            schools::expected_teachers.eq(e(StakeholderGroup::Teacher)),
            schools::expected_parents.eq(e(StakeholderGroup::Parent)),
            schools::expected_coordinators.eq(e(StakeholderGroup::Coordinator)),
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
    crate::db::write::transaction(&mut *conn, |conn| {
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

/// What an import did: schools created and schools updated (matched by name, case-blind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Imported {
    /// New schools.
    pub created: usize,
    /// Existing schools whose level, span and headcounts were replaced.
    pub updated: usize,
}

/// Writes every school of an import in one transaction with an audit record each: a name the
/// district has is updated, any other created. All or nothing.
pub fn import(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    inputs: &[SchoolInput],
) -> QueryResult<Imported> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let existing = list(conn, district)?;
        let mut done = Imported::default();
        for input in inputs {
            match existing
                .iter()
                .find(|s| same_name(&s.name, input.name.as_str()))
            {
                Some(school) => {
                    if update(conn, district, actor, SchoolId(school.id), input)? != Saved::Done {
                        return Err(diesel::result::Error::RollbackTransaction);
                    }
                    done.updated += 1;
                }
                None => {
                    if create(conn, district, actor, input)?.is_none() {
                        return Err(diesel::result::Error::RollbackTransaction);
                    }
                    done.created += 1;
                }
            }
        }
        Ok(done)
    })
}
