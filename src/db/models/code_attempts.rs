//! Failed access-code and resume-code entries by client address, so guessing codes is
//! throttled across every instance. The table holds an address and a time only: it is
//! never joined to drafts or responses, and rows older than the throttle window are swept.

use crate::db::schema::code_attempts;
use crate::db::AnyConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Records one failed code entry from `client_addr`.
pub fn record_failure(
    conn: &mut AnyConnection,
    client_addr: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(code_attempts::table)
        .values((
            code_attempts::client_addr.eq(client_addr),
            code_attempts::attempted_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Failed code entries from `client_addr` since `since`.
pub fn failures_since(
    conn: &mut AnyConnection,
    client_addr: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    code_attempts::table
        .filter(code_attempts::client_addr.eq(client_addr))
        .filter(code_attempts::attempted_at.ge(since))
        .count()
        .get_result(conn)
}

/// Deletes the entries made before `before`; how many.
pub fn sweep(conn: &mut AnyConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(code_attempts::table.filter(code_attempts::attempted_at.lt(before)))
        .execute(conn)
}
