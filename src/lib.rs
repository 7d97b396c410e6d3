//! Chorus: stakeholder feedback surveys about a school district's ed-tech products, and the
//! per-product reports a district needs to renew, repair or replace them.
//!
//! Layers (dependencies point one way): application → `web` → services (`survey`, `reports`,
//! `demo`, `config`) → `db` → pure (`domain`, `stats`, `survey::kinds`). `tests/architecture.rs`
//! enforces it; `docs/architecture.md` is the map.

pub mod cli;
pub mod commands;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
#[cfg(feature = "loadgen")]
pub mod loadgen;
pub mod reports;
pub mod startup;
pub mod stats;
pub mod survey;
pub mod telemetry;
pub mod web;
