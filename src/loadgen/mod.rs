//! Load generation and benchmark tooling, outside the product's default build (cargo feature
//! `loadgen`; `cargo test` turns it on for the durability test and the benchmarks, the
//! README's `cargo run --release` leaves it out).
//!
//! - [`simulate`]: synthetic respondents for any survey, seeded in big batches, through the
//!   group-commit writer, or over HTTP against a running server;
//! - [`bench_survey`]: the ~25-answer survey the performance targets are written for;
//! - [`bench_render`]: respondent page render timings;
//! - [`commands`]: the CLI commands that run them.

pub mod bench_render;
pub mod bench_survey;
pub mod commands;
pub mod simulate;
