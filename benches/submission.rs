//! Submission throughput of `db::submission::submit_batch` at several batch sizes (one
//! transaction per batch: response + answers + aggregate upserts), on SQLite and PostgreSQL.
//! One line per figure: `cargo bench --bench submission`.
#![allow(clippy::unwrap_used, missing_docs)]

mod support;

use chorus::db::submission::{submit_batch, SubmitOutcome};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::time::{Duration, Instant};

fn submission_throughput(c: &mut Criterion) {
    for (backend, url) in support::databases("submit", true) {
        let (mut conn, plan) = support::seeded(&url, 0);
        let mut group = c.benchmark_group(format!("submit_batch/{backend}"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(5));
        let mut rng = StdRng::seed_from_u64(42);
        for size in [1usize, 10, 100, 1000] {
            group.throughput(Throughput::Elements(size as u64));
            group.bench_function(BenchmarkId::from_parameter(size), |b| {
                b.iter_custom(|iterations| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iterations {
                        let batch: Vec<_> = (0..size).map(|_| plan.submission(&mut rng)).collect();
                        let started = Instant::now();
                        let outcomes = submit_batch(&mut conn, &plan.layout, 0, &batch).unwrap();
                        spent += started.elapsed();
                        assert!(outcomes
                            .iter()
                            .all(|o| matches!(o, SubmitOutcome::Stored(_))));
                    }
                    spent
                });
            });
        }
        group.finish();
    }
}

criterion_group!(benches, submission_throughput);
criterion_main!(benches);
