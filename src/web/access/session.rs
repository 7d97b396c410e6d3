//! The staff session, kept in an encrypted, signed cookie: who is signed in, since when, the
//! last request, and the CSRF token. Nothing is kept on the server, so any instance behind a
//! load balancer can serve any request.

use crate::config::SessionLimits;
use crate::domain::UserId;
use crate::web::error::AppError;
use actix_session::Session;

const USER: &str = "uid";
const SIGNED_IN_AT: &str = "since";
/// The sign-in instant in milliseconds, compared with the account's `sessions_valid_after`.
const SIGNED_IN_MS: &str = "auth";
const LAST_SEEN_AT: &str = "seen";
const CSRF: &str = "csrf";

/// What the session says about the person making the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Nobody is signed in.
    SignedOut,
    /// Someone was, but the session ran out; it has been cleared.
    Expired(Expiry),
    /// This user is signed in (and the last-seen time was just refreshed).
    Active {
        /// Who.
        user: UserId,
        /// When they signed in, in milliseconds since the epoch (for revocation).
        signed_in_ms: i64,
    },
}

/// Which limit ended a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Too long without a request.
    Idle,
    /// Too long since signing in.
    Absolute,
    /// Ended from elsewhere: signing out, "sign out everywhere", or a password, role or
    /// active change of the account.
    Revoked,
}

fn store<T: serde::Serialize>(session: &Session, key: &str, value: T) -> Result<(), AppError> {
    session.insert(key, value).map_err(AppError::internal)
}

/// The session's CSRF token, created on first use (also for signed-out visitors, so the
/// sign-in form itself is protected).
pub fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Ok(Some(token)) = session.get::<String>(CSRF) {
        return Ok(token);
    }
    let token = crate::domain::tokens::new_secret();
    store(session, CSRF, &token)?;
    Ok(token)
}

/// Signs a user in at `at`: a new session (against fixation), fresh timestamps and CSRF
/// token. A session signed in at the instant its account's sessions were revoked stays valid
/// (that is how the session that changed a password stays signed in).
pub fn sign_in(
    session: &Session,
    user: UserId,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    session.renew();
    session.clear();
    store(session, USER, user.0)?;
    store(session, SIGNED_IN_AT, at.timestamp())?;
    store(session, SIGNED_IN_MS, at.timestamp_millis())?;
    store(session, LAST_SEEN_AT, at.timestamp())?;
    store(session, CSRF, crate::domain::tokens::new_secret())
}

/// Keeps this session valid across a revocation at `at` that it made itself (changing the
/// password ends the account's other sessions, not the one that changed it).
pub fn survive_revocation(
    session: &Session,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    store(session, SIGNED_IN_MS, at.timestamp_millis())
}

/// The account this cookie names, without the time limits (signing out revokes its sessions
/// even when this one has run out).
pub fn user_of(session: &Session) -> Option<UserId> {
    session.get::<i32>(USER).ok().flatten().map(UserId)
}

/// Signs out: the cookie is emptied and the browser told to drop it.
pub fn sign_out(session: &Session) {
    session.purge();
}

/// Reads and refreshes the session, applying the idle and absolute limits.
pub fn check(session: &Session, limits: SessionLimits, now: i64) -> Result<SessionState, AppError> {
    let user = session.get::<i32>(USER).ok().flatten();
    let since = session.get::<i64>(SIGNED_IN_AT).ok().flatten();
    let seen = session.get::<i64>(LAST_SEEN_AT).ok().flatten();
    let (Some(user), Some(since), Some(seen)) = (user, since, seen) else {
        return Ok(SessionState::SignedOut);
    };
    let expiry = if now - since > limits.absolute_seconds {
        Some(Expiry::Absolute)
    } else if now - seen > limits.idle_seconds {
        Some(Expiry::Idle)
    } else {
        None
    };
    if let Some(expiry) = expiry {
        sign_out(session);
        return Ok(SessionState::Expired(expiry));
    }
    if now > seen {
        store(session, LAST_SEEN_AT, now)?;
    }
    let signed_in_ms = session
        .get::<i64>(SIGNED_IN_MS)
        .ok()
        .flatten()
        .unwrap_or(since.saturating_mul(1000));
    Ok(SessionState::Active {
        user: UserId(user),
        signed_in_ms,
    })
}
