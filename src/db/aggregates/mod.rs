//! Aggregate tables (sufficient statistics), folded in the same transaction as each submission.
//!
//! A submission's answers are first folded into an [`AggregateDelta`] in memory (pure code,
//! [`delta`]), then written with one multi-row upsert per table ([`apply`]). A batch of
//! submissions shares one delta, so group commit costs one row write per cell, not per answer.
//! [`rebuild`] recomputes every aggregate of a survey from the raw answers (`chorus
//! reaggregate`), and [`snapshot`] reads them back summed over shards, for reports and for
//! checking that the incremental and rebuilt aggregates agree. [`subset`] folds one respondent
//! language's raw answers the same way, in memory only, for language-filtered reports.
//! [`cache`] keeps snapshots between report requests while a survey's response count is unchanged.
//!
//! Keys: `product_id` 0 stands for a general item (no product); `shard` spreads hot counter
//! rows over several rows on PostgreSQL and is summed on read.

pub mod apply;
pub mod cache;
pub mod delta;
pub mod layout;
pub mod rebuild;
pub mod snapshot;
pub mod subset;

pub use delta::AggregateDelta;
pub use layout::{AggregationLayout, LayoutError};
