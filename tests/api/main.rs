//! Black-box tests: the real application on a random port, on SQLite and on PostgreSQL.
// Tests may take the first of several rows with .first(): the re-prepare it costs on SQLite
// does not matter here (see clippy.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs
)]

mod fixtures;
mod helpers;
mod lifecycle;
mod waves;

mod accounts;
mod aggregates;
mod api;
mod api_contract;
mod authoring;
mod backup;
mod bank;
mod bank_items;
mod catalogue;
mod cli;
mod client_address;
mod columns;
mod concurrency;
mod demo;
mod disclosure_attack;
mod distribution;
mod durability;
mod evidence_withheld;
mod feature_audience;
mod feature_texts;
mod form_cache;
mod formula_safe;
mod headcount_rates;
mod headcounts;
mod health;
mod import;
mod item_choice;
mod journey;
mod languages;
mod migrations;
mod monitor;
mod pages;
mod portfolio_protected;
mod redirects;
mod report_alpha;
mod report_benchmarks;
mod report_comments;
mod report_gaps;
mod report_group_filter;
mod report_group_rows;
mod report_language;
mod report_pooled;
mod report_school_gaps;
mod report_trend;
mod reports;
mod respond;
mod respond_guard;
mod respondent_language;
mod response_headers;
mod schema;
mod session_revocation;
mod simulate_http;
mod snapshot_cache;
mod staff;
mod startup_errors;
mod time_zone;
mod verdicts;
mod write_contention;
mod writer;
