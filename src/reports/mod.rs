//! Reports: product statistics, evidence and verdicts computed from the aggregate tables.
//!
//! Reads aggregates only (never raw answers), so a report costs the same for a hundred or a
//! million responses; the arithmetic is delegated to the pure functions of `stats`.
//! [`load`] reads a report's inputs, [`build`] assembles the [`product::ProductReport`] for a
//! view ([`cells::View`]: the viewer's schools and the chosen filters) with suppression
//! applied, and [`export`] renders that one model in every download format, so no download
//! can show more than the page.

pub mod build;
pub mod cells;
pub mod evidence;
pub mod export;
pub mod figure;
pub mod load;
pub mod microdata;
pub mod portfolio;
pub mod product;
pub mod rate;
pub mod verdicts;
