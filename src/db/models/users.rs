//! Staff accounts, their school scope, invitations, API tokens and sign-in attempts.

use crate::db::schema::{api_tokens, invitations, login_attempts, user_schools, users};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Email, Role, SchoolId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A staff account as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Row id.
    pub id: i32,
    /// The district the account belongs to.
    pub district_id: i32,
    /// Normalised e-mail, unique on the instance (sign-in is by e-mail).
    pub email: String,
    /// Name shown in the interface and the audit log.
    pub display_name: String,
    /// argon2id PHC string; `None` until an invitation is accepted.
    pub password_hash: Option<String>,
    /// `domain::Role` text.
    pub role: String,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Last successful sign-in.
    pub last_sign_in_at: Option<NaiveDateTime>,
}

/// An account to insert.
#[derive(Debug)]
pub struct NewUser<'a> {
    /// District.
    pub district: DistrictId,
    /// E-mail.
    pub email: &'a Email,
    /// Display name.
    pub display_name: &'a str,
    /// Password hash, if set now.
    pub password_hash: Option<&'a str>,
    /// Role.
    pub role: Role,
}

/// Inserts an account with its school scope; returns its id.
pub fn insert(
    conn: &mut AnyConnection,
    new: &NewUser<'_>,
    schools: &[SchoolId],
) -> QueryResult<UserId> {
    diesel::insert_into(users::table)
        .values((
            users::district_id.eq(new.district.0),
            users::email.eq(new.email.as_str()),
            users::display_name.eq(new.display_name),
            users::password_hash.eq(new.password_hash),
            users::role.eq(new.role.as_str()),
            users::active.eq(true),
            users::created_at.eq(crate::db::now()),
        ))
        .execute(conn)?;
    let id = users::table
        .filter(users::email.eq(new.email.as_str()))
        .select(users::id)
        .first(conn)?;
    for school in schools {
        diesel::insert_into(user_schools::table)
            .values((
                user_schools::user_id.eq(id),
                user_schools::school_id.eq(school.0),
                user_schools::district_id.eq(new.district.0),
            ))
            .execute(conn)?;
    }
    Ok(UserId(id))
}

/// The account with this e-mail, in any district (sign-in does not know the district yet).
pub fn find_by_email(conn: &mut AnyConnection, email: &Email) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email.as_str()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// The district's accounts, by name.
pub fn list(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::district_id.eq(district.0))
        .order(users::display_name)
        .select(UserRow::as_select())
        .load(conn)
}

/// The schools an account is scoped to.
pub fn schools_of(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: UserId,
) -> QueryResult<Vec<SchoolId>> {
    user_schools::table
        .filter(user_schools::district_id.eq(district.0))
        .filter(user_schools::user_id.eq(user.0))
        .select(user_schools::school_id)
        .load::<i32>(conn)
        .map(|ids| ids.into_iter().map(SchoolId).collect())
}

/// An invitation as stored: a one-time, expiring set-password link.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// The invited account.
    pub user_id: i32,
    /// SHA-256 of the link's token.
    pub token_hash: String,
    /// The admin who invited.
    pub created_by: Option<i32>,
    /// After this the link no longer works.
    pub expires_at: NaiveDateTime,
    /// Set when the link was used; a used link never works again.
    pub used_at: Option<NaiveDateTime>,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

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

/// A sign-in attempt, kept for throttling across instances.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = login_attempts)]
pub struct LoginAttemptRow {
    /// Row id.
    pub id: i32,
    /// E-mail typed (normalised).
    pub email: String,
    /// Client address the attempt came from.
    pub client_addr: String,
    /// Whether it succeeded.
    pub succeeded: bool,
    /// When.
    pub attempted_at: NaiveDateTime,
}
