//! Reports: product statistics, evidence and verdicts computed from the aggregate tables.
//!
//! Reads aggregates only (never raw answers), so a report costs the same for a hundred or a
//! million responses; the arithmetic is delegated to the pure functions of `stats`.

pub mod evidence;
pub mod verdicts;
