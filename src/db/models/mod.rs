//! Row structs (what the database holds) and the query functions that own them.
//!
//! Rows keep database types (text for enums); callers parse them into `domain` types.

pub mod api_tokens;
pub mod audit;
pub mod bank;
pub mod code_attempts;
pub mod comments;
pub mod distribution;
pub mod districts;
pub mod drafts;
pub mod languages;
pub mod monitor;
pub mod own_items;
pub mod pooled_benchmarks;
pub mod product_changes;
pub mod products;
pub mod respondent;
pub mod responses;
pub mod schools;
pub mod simulation;
pub mod survey_changes;
pub mod surveys;
pub mod texts;
pub mod users;
