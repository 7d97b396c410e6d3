//! How fast wrong passwords may be tried, per (e-mail, client address) pair, with a generous
//! ceiling per address.
//!
//! The first design counted failures per e-mail and per address: five wrong passwords for
//! an e-mail, typed by anyone anywhere, refused its owner's right password for 15 minutes,
//! and twenty from one address (a school behind one NAT address) refused everyone there.
//! Now a pair's own failures slow only that pair, with delays that double after the first
//! few (2 s, 4 s, … up to 15 minutes), so a person who mistypes a few times barely notices
//! and a script guessing one account from one address gets a few dozen tries a day. The
//! address ceiling stops one address from guessing many accounts. The right password from
//! another address is never refused because of someone else's failures. Pure: the counts
//! come from `db::models::users::failures`.

use chrono::NaiveDateTime;

/// Failures of one pair are counted over this window.
pub const PAIR_WINDOW_MINUTES: i64 = 24 * 60;

/// A pair's failures before any delay.
pub const FREE_FAILURES: i64 = 3;

/// The longest delay between two tries of one pair, in seconds.
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// Failures from one address are counted over this window.
pub const ADDRESS_WINDOW_MINUTES: i64 = 15;

/// Failures one address may make in [`ADDRESS_WINDOW_MINUTES`], whatever the e-mails: far
/// above what a school's staff mistype, far below what guessing needs.
pub const ADDRESS_CEILING: i64 = 100;

/// Recent failed sign-ins that concern one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    /// Failures of this e-mail from this address within [`PAIR_WINDOW_MINUTES`].
    pub pair: i64,
    /// The latest of them.
    pub pair_latest: Option<NaiveDateTime>,
    /// Failures from this address, any e-mail, within [`ADDRESS_WINDOW_MINUTES`].
    pub address: i64,
    /// The earliest of them.
    pub address_earliest: Option<NaiveDateTime>,
}

/// Whether an attempt may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password.
    Try,
    /// Refuse without checking; try again after this many seconds.
    Wait(u64),
}

/// The delay a pair owes after `failures` failures, in seconds.
pub fn delay_seconds(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20);
    (2i64 << doublings).min(MAX_DELAY_SECONDS)
}

/// Decides an attempt at `now`.
pub fn verdict(failures: &Failures, now: NaiveDateTime) -> Verdict {
    // Whole seconds left, rounded up: a client told to come back sooner would be refused.
    let left = |until: NaiveDateTime| {
        let ms = (until - now).num_milliseconds();
        if ms > 0 {
            (ms + 999) / 1000
        } else {
            0
        }
    };
    let address = failures
        .address_earliest
        .filter(|_| failures.address >= ADDRESS_CEILING)
        .map_or(0, |first| {
            left(first + chrono::Duration::minutes(ADDRESS_WINDOW_MINUTES))
        });
    let pair = failures.pair_latest.map_or(0, |last| {
        left(last + chrono::Duration::seconds(delay_seconds(failures.pair)))
    });
    match address.max(pair) {
        wait if wait > 0 => Verdict::Wait(wait.unsigned_abs()),
        _ => Verdict::Try,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 0)
            .unwrap_or_default()
            .naive_utc()
    }

    fn pair(count: i64, latest: i64) -> Failures {
        Failures {
            pair: count,
            pair_latest: Some(at(latest)),
            address: count,
            address_earliest: Some(at(0)),
        }
    }

    #[test]
    fn delays_start_after_a_few_failures_and_double_up_to_fifteen_minutes() {
        let delays: Vec<i64> = (0..14).map(delay_seconds).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
        );
        assert_eq!(delay_seconds(1_000_000), MAX_DELAY_SECONDS);
    }

    #[test]
    fn a_pair_waits_its_delay_after_its_last_failure() {
        assert_eq!(verdict(&pair(2, 10), at(10)), Verdict::Try);
        assert_eq!(verdict(&pair(5, 10), at(10)), Verdict::Wait(8));
        assert_eq!(verdict(&pair(5, 10), at(17)), Verdict::Wait(1));
        assert_eq!(verdict(&pair(5, 10), at(18)), Verdict::Try);
        // Part of a second left still asks for a whole one.
        let later = |s, ms| at(s) + chrono::Duration::milliseconds(ms);
        assert_eq!(verdict(&pair(5, 10), later(10, 300)), Verdict::Wait(8));
        assert_eq!(verdict(&pair(5, 10), later(17, 999)), Verdict::Wait(1));
    }

    #[test]
    fn an_address_past_its_ceiling_waits_for_the_window() {
        let busy = Failures {
            pair: 0,
            pair_latest: None,
            address: ADDRESS_CEILING,
            address_earliest: Some(at(0)),
        };
        assert_eq!(verdict(&busy, at(300)), Verdict::Wait(600));
        let below = Failures {
            address: ADDRESS_CEILING - 1,
            ..busy
        };
        assert_eq!(verdict(&below, at(300)), Verdict::Try);
    }
}
