//! Staff accounts, their school scope, invitations, API tokens and sign-in attempts.

use crate::db::schema::{invitations, login_attempts, user_schools, users};
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
    pub role: Role,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Last successful sign-in.
    pub last_sign_in_at: Option<NaiveDateTime>,
    /// Sessions signed in before this instant are refused (`revoke_sessions`).
    pub sessions_valid_after: Option<NaiveDateTime>,
}

impl UserRow {
    /// Whether a session signed in at `signed_in` (milliseconds since the epoch) was revoked
    /// since: sign-out, "sign out everywhere", or a password, role or active change.
    pub fn revoked(&self, signed_in: i64) -> bool {
        self.sessions_valid_after
            .is_some_and(|after| signed_in < after.and_utc().timestamp_millis())
    }
}

/// Ends every session of the account signed in before `at` (the cookies cannot be reached,
/// so each is refused on its next request). Also done by [`set_password`], [`set_role`] and
/// [`set_active`].
pub fn revoke_sessions(
    conn: &mut AnyConnection,
    user: UserId,
    at: chrono::DateTime<chrono::Utc>,
) -> QueryResult<()> {
    diesel::update(users::table.find(user.0))
        .set(users::sessions_valid_after.eq(Some(revocation_time(at))))
        .execute(conn)
        .map(|_| ())
}

/// The instant to the millisecond (sessions record their sign-in to the millisecond, and both
/// backends store milliseconds exactly).
fn revocation_time(at: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(at.timestamp_millis())
        .unwrap_or(at)
        .naive_utc()
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
        .get_result(conn)?;
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
        .get_result(conn)
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

/// An account by id, in any district (the session knows only the id; callers scope by its district).
pub fn find(conn: &mut AnyConnection, id: UserId) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id.0)
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

/// An account of the district by id.
pub fn find_in(
    conn: &mut AnyConnection,
    district: DistrictId,
    id: UserId,
) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::district_id.eq(district.0))
        .filter(users::id.eq(id.0))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

/// Stores a new password hash and ends every session signed in before `at`.
pub fn set_password(
    conn: &mut AnyConnection,
    user: UserId,
    hash: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> QueryResult<()> {
    diesel::update(users::table.find(user.0))
        .set((
            users::password_hash.eq(Some(hash)),
            users::sessions_valid_after.eq(Some(revocation_time(at))),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a successful sign-in time.
pub fn touch_sign_in(conn: &mut AnyConnection, user: UserId, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(user.0))
        .set(users::last_sign_in_at.eq(Some(at)))
        .execute(conn)
        .map(|_| ())
}

/// Changes an account's role and school scope (replacing the old scope), and ends its
/// sessions: what they were signed in for has changed.
pub fn set_role(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: UserId,
    role: Role,
    schools: &[SchoolId],
) -> QueryResult<()> {
    diesel::update(
        users::table
            .filter(users::district_id.eq(district.0))
            .filter(users::id.eq(user.0)),
    )
    .set((
        users::role.eq(role.as_str()),
        users::sessions_valid_after.eq(Some(revocation_time(chrono::Utc::now()))),
    ))
    .execute(conn)?;
    diesel::delete(
        user_schools::table
            .filter(user_schools::district_id.eq(district.0))
            .filter(user_schools::user_id.eq(user.0)),
    )
    .execute(conn)?;
    for school in schools {
        diesel::insert_into(user_schools::table)
            .values((
                user_schools::user_id.eq(user.0),
                user_schools::school_id.eq(school.0),
                user_schools::district_id.eq(district.0),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Activates or deactivates an account of the district, ending its sessions either way.
pub fn set_active(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: UserId,
    active: bool,
) -> QueryResult<()> {
    diesel::update(
        users::table
            .filter(users::district_id.eq(district.0))
            .filter(users::id.eq(user.0)),
    )
    .set((
        users::active.eq(active),
        users::sessions_valid_after.eq(Some(revocation_time(chrono::Utc::now()))),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Active district admins of the district (the last one cannot be removed).
pub fn count_active_admins(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<i64> {
    users::table
        .filter(users::district_id.eq(district.0))
        .filter(users::active.eq(true))
        .filter(users::role.eq(Role::DistrictAdmin.as_str()))
        .count()
        .get_result(conn)
}

/// Records a checked sign-in in one write transaction: the attempt (for throttling), and for
/// an account, its audit record; a success also clears this pair's failures and notes the
/// sign-in time. `account` is the e-mail's account, if any.
pub fn record_sign_in(
    conn: &mut AnyConnection,
    (email, client_addr): (&str, &str),
    account: Option<(DistrictId, UserId)>,
    succeeded: bool,
    at: NaiveDateTime,
) -> QueryResult<()> {
    crate::db::write::transaction(conn, |conn| {
        record_attempt(conn, email, client_addr, succeeded, at)?;
        let Some((district, id)) = account else {
            return Ok(());
        };
        let action = if succeeded {
            clear_failures(conn, email, client_addr)?;
            touch_sign_in(conn, id, at)?;
            "sign_in"
        } else {
            "sign_in.failed"
        };
        crate::db::models::audit::record(
            conn,
            district,
            Some(id),
            action,
            ("user", &id.to_string()),
            "",
        )
    })
}

/// Records a sign-in attempt (for throttling).
pub fn record_attempt(
    conn: &mut AnyConnection,
    email: &str,
    client_addr: &str,
    succeeded: bool,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::client_addr.eq(client_addr),
            login_attempts::succeeded.eq(succeeded),
            login_attempts::attempted_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The failed sign-ins that decide whether this e-mail may be tried from this address
/// (`auth::throttle`): the pair's since `pair_since`, the address's since `address_since`.
pub fn failures(
    conn: &mut AnyConnection,
    (email, client_addr): (&str, &str),
    pair_since: NaiveDateTime,
    address_since: NaiveDateTime,
) -> QueryResult<crate::domain::sign_in_throttle::Failures> {
    let failed = login_attempts::table.filter(login_attempts::succeeded.eq(false));
    let (pair, pair_latest) = failed
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::client_addr.eq(client_addr))
        .filter(login_attempts::attempted_at.ge(pair_since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(login_attempts::attempted_at),
        ))
        .get_result(conn)?;
    let (address, address_earliest) = failed
        .filter(login_attempts::client_addr.eq(client_addr))
        .filter(login_attempts::attempted_at.ge(address_since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(login_attempts::attempted_at),
        ))
        .get_result(conn)?;
    Ok(crate::domain::sign_in_throttle::Failures {
        pair,
        pair_latest,
        address,
        address_earliest,
    })
}

/// Forgets the failed attempts of this e-mail from this address (a successful sign-in
/// resets that pair's delay; other addresses' failures stay counted).
pub fn clear_failures(conn: &mut AnyConnection, email: &str, client_addr: &str) -> QueryResult<()> {
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::email.eq(email))
            .filter(login_attempts::client_addr.eq(client_addr))
            .filter(login_attempts::succeeded.eq(false)),
    )
    .execute(conn)
    .map(|_| ())
}

/// Creates an invitation for an account; `token_hash` is the hash of the link's secret.
pub fn insert_invitation(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: UserId,
    token_hash: &str,
    created_by: UserId,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::district_id.eq(district.0),
            invitations::user_id.eq(user.0),
            invitations::token_hash.eq(token_hash),
            invitations::created_by.eq(Some(created_by.0)),
            invitations::expires_at.eq(expires_at),
            invitations::created_at.eq(crate::db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The invitation with this token hash, if any.
pub fn find_invitation(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> QueryResult<Option<InvitationRow>> {
    invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .select(InvitationRow::as_select())
        .get_result(conn)
        .optional()
}

/// Marks an invitation used; returns false when it was used already (a concurrent accept).
pub fn use_invitation(conn: &mut AnyConnection, id: i32, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::used_at.is_null()),
    )
    .set(invitations::used_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Every (account, school) scope pair of the district, for listing staff.
pub fn school_scopes(
    conn: &mut AnyConnection,
    district: DistrictId,
) -> QueryResult<Vec<(i32, i32)>> {
    user_schools::table
        .filter(user_schools::district_id.eq(district.0))
        .select((user_schools::user_id, user_schools::school_id))
        .load(conn)
}
