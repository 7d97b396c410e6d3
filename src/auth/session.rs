//! The staff session, kept in an encrypted, signed cookie: who is signed in, since when, the
//! last request, and the CSRF token. Nothing is kept on the server, so any instance behind a
//! load balancer can serve any request.

use crate::config::SessionLimits;
use crate::domain::UserId;
use crate::error::AppError;
use actix_session::Session;

const USER: &str = "uid";
const SIGNED_IN_AT: &str = "since";
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
    Active(UserId),
}

/// Which limit ended a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Too long without a request.
    Idle,
    /// Too long since signing in.
    Absolute,
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
    let token = super::tokens::new_secret();
    store(session, CSRF, &token)?;
    Ok(token)
}

/// Signs a user in: a new session (against fixation), fresh timestamps and CSRF token.
pub fn sign_in(session: &Session, user: UserId, now: i64) -> Result<(), AppError> {
    session.renew();
    session.clear();
    store(session, USER, user.0)?;
    store(session, SIGNED_IN_AT, now)?;
    store(session, LAST_SEEN_AT, now)?;
    store(session, CSRF, super::tokens::new_secret())
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
    Ok(SessionState::Active(UserId(user)))
}
