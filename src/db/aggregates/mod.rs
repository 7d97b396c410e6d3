//! Aggregate tables (sufficient statistics), folded in the same transaction as each submission.
//!
//! A submission's answers are first folded into an [`AggregateDelta`] of its respondent
//! language in memory (pure code, [`delta`], [`by_language`]), then written with one
//! multi-row upsert per table ([`apply`]). A batch of submissions shares one delta per
//! language, so group commit costs one row write per cell, not per answer.
//! [`rebuild`] recomputes every aggregate of a survey from the raw answers (`chorus
//! reaggregate`, and [`pending`] for the surveys a migration queued), and [`snapshot`] reads
//! them back summed over shards, in one respondent language or summed over all, for reports
//! and for checking that the incremental and rebuilt aggregates agree. [`cache`] keeps
//! snapshots between report requests while a survey's response count is unchanged.
//!
//! Keys: `product_id` 0 stands for a general item (no product); `language` is the
//! respondent's language, so a report limited to one language reads aggregates too; `shard`
//! spreads hot counter rows over several rows on PostgreSQL and is summed on read.

pub mod apply;
pub mod by_cell;
pub mod by_language;
pub mod cache;
pub mod delta;
pub mod layout;
pub mod pending;
pub mod rebuild;
pub mod snapshot;
pub mod tables;

pub use delta::AggregateDelta;
pub use layout::{AggregationLayout, LayoutError};
