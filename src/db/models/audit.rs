//! The audit log: who did what to which object, and when.

use crate::db::schema::audit_log;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// An audit entry as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    /// Row id.
    pub id: i32,
    /// District the action happened in.
    pub district_id: i32,
    /// Acting user; `None` for the system or the command line.
    pub user_id: Option<i32>,
    /// What happened, e.g. `sign_in`, `product.update`.
    pub action: String,
    /// Kind of object acted on.
    pub object_kind: String,
    /// Public id of the object.
    pub object_id: String,
    /// Short free-form detail (never a secret or a respondent's answer).
    pub detail: String,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Records one action; call it inside the same transaction as the change it describes.
pub fn record(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: Option<UserId>,
    action: &str,
    object: (&str, &str),
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::district_id.eq(district.0),
            audit_log::user_id.eq(user.map(|u| u.0)),
            audit_log::action.eq(action),
            audit_log::object_kind.eq(object.0),
            audit_log::object_id.eq(object.1),
            audit_log::detail.eq(detail),
            audit_log::created_at.eq(crate::db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One page of the district's log, newest first.
pub fn page(
    conn: &mut AnyConnection,
    district: DistrictId,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::district_id.eq(district.0))
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)
}
