//! Guessing codes is throttled: failed access-code and resume-code entries are counted per
//! client address in the database (so the limit holds across instances), and past the limit
//! an address is told to wait. The limit is generous because a whole school often shares
//! one address: a class mistyping its codes stays far below it, a script guessing
//! 8-character codes from a 31-letter alphabet gets nowhere.

use crate::db::models::code_attempts;
use crate::db::AnyConnection;
use crate::web::client_address::ClientAddress;

/// The window failed entries are counted over, in minutes.
pub const WINDOW_MINUTES: i64 = 10;

/// Failed entries an address may make within the window before it must wait.
pub const MAX_FAILURES: i64 = 50;

/// Whether `client` may try a code now.
pub fn may_try(conn: &mut AnyConnection, client: ClientAddress) -> diesel::QueryResult<bool> {
    let since = crate::db::now() - chrono::Duration::minutes(WINDOW_MINUTES);
    Ok(code_attempts::failures_since(conn, &client.to_string(), since)? < MAX_FAILURES)
}

/// Counts a failed entry from `client`.
pub fn failed(conn: &mut AnyConnection, client: ClientAddress) -> diesel::QueryResult<()> {
    code_attempts::record_failure(conn, &client.to_string(), crate::db::now())
}

/// What a throttled address reads, in the page's language.
pub fn message(language: crate::domain::Language) -> String {
    super::strings::text(
        language,
        "code_throttled",
        &[("minutes", &WINDOW_MINUTES.to_string())],
    )
}
