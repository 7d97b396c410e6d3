//! API tokens: created by district admins, shown once, stored as a SHA-256 hash, revocable.

use crate::db::schema::{api_tokens, users};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// An API token as stored (the token itself is shown once and never kept).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    /// Row id.
    pub id: i32,
    /// District the token reads and writes.
    pub district_id: i32,
    /// The admin who owns it.
    pub user_id: i32,
    /// Label given at creation.
    pub name: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Last request made with it.
    pub last_used_at: Option<NaiveDateTime>,
    /// Revoked tokens answer 401.
    pub revoked_at: Option<NaiveDateTime>,
}

/// Stores a new token's hash; returns its id.
pub fn insert(
    conn: &mut AnyConnection,
    district: DistrictId,
    owner: UserId,
    name: &str,
    token_hash: &str,
) -> QueryResult<i32> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::district_id.eq(district.0),
            api_tokens::user_id.eq(owner.0),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::created_at.eq(crate::db::now()),
        ))
        .execute(conn)?;
    api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .select(api_tokens::id)
        .get_result(conn)
}

/// The district's tokens, newest first, with their owners' e-mails.
pub fn list(
    conn: &mut AnyConnection,
    district: DistrictId,
) -> QueryResult<Vec<(ApiTokenRow, String)>> {
    api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::district_id.eq(district.0))
        .order((api_tokens::created_at.desc(), api_tokens::id.desc()))
        .select((ApiTokenRow::as_select(), users::email))
        .load(conn)
}

/// The live token with this hash whose owner is an active account, with the owner's role.
pub fn authenticate(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> QueryResult<Option<(ApiTokenRow, String)>> {
    api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::active.eq(true))
        .select((ApiTokenRow::as_select(), users::role))
        .get_result(conn)
        .optional()
}

/// Records a use of the token (at most once a minute, to keep reads cheap).
pub fn touch(conn: &mut AnyConnection, id: i32, at: NaiveDateTime) -> QueryResult<()> {
    let stale = at - chrono::Duration::minutes(1);
    diesel::update(
        api_tokens::table.filter(api_tokens::id.eq(id)).filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.lt(stale)),
        ),
    )
    .set(api_tokens::last_used_at.eq(Some(at)))
    .execute(conn)
    .map(|_| ())
}

/// Revokes a token of the district; returns false when there is no such live token.
pub fn revoke(conn: &mut AnyConnection, district: DistrictId, id: i32) -> QueryResult<bool> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::district_id.eq(district.0))
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(crate::db::now())))
    .execute(conn)
    .map(|n| n == 1)
}
