//! Report latency at 10,000 and 1,000,000 responses: reading a survey's aggregates (summed
//! over shards) and deciding every product's verdict from them, on SQLite and PostgreSQL.
//! The databases are seeded once under `target/tmp/chorus-bench/` (the 1M seed takes minutes;
//! `CHORUS_BENCH_SIZES=10000` skips it). `cargo bench --bench report`.
#![allow(clippy::unwrap_used, missing_docs)]

mod support;

use chorus::db::aggregates::snapshot::snapshot;
use chorus::reports::evidence::AllCells;
use chorus::reports::verdicts::for_survey;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn sizes() -> Vec<i64> {
    std::env::var("CHORUS_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn report_latency(c: &mut Criterion) {
    for responses in sizes() {
        for (backend, url) in support::databases(&format!("report_{responses}"), false) {
            let (mut conn, plan) = support::seeded(&url, responses);
            let (district, survey) = (plan.layout.district, plan.layout.survey_id);
            let mut group = c.benchmark_group(format!("report/{backend}"));
            group.sample_size(30);
            group.bench_function(BenchmarkId::new("aggregates", responses), |b| {
                b.iter(|| snapshot(&mut conn, district, survey, None).unwrap());
            });
            group.bench_function(BenchmarkId::new("verdicts", responses), |b| {
                b.iter(|| for_survey(&mut conn, district, survey, &AllCells).unwrap());
            });
            group.finish();
        }
    }
}

criterion_group!(benches, report_latency);
criterion_main!(benches);
