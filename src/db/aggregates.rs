//! Aggregate tables (sufficient statistics), folded in the same transaction as each submission.
