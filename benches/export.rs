//! Raw-responses export throughput: the whole CSV of the demo survey topped up to 100,000 and
//! 1,000,000 responses, written the way the download streams it (the recoding plan, then
//! pages of responses with their answers), on SQLite and PostgreSQL; prints rows per second,
//! bytes and the time to the first row. One timed run per size and backend (a run at a
//! million is seconds long, so criterion's repetitions would add minutes and nothing else).
//! `cargo bench --bench export`; `CHORUS_BENCH_SIZES=100000` skips the million.
#![allow(clippy::unwrap_used, missing_docs)]

mod support;

use chorus::db::aggregates::cache::SnapshotCache;
use chorus::db::schema::surveys;
use chorus::reports::microdata::{response_export, response_page, PAGE};
use chorus::survey::bank::QuestionBank;
use chorus::survey::own_items::district_bank;
use diesel::prelude::*;
use std::time::Instant;

fn sizes() -> Vec<i64> {
    std::env::var("CHORUS_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn main() {
    for responses in sizes() {
        for (backend, url) in support::databases(&format!("report_{responses}"), false) {
            let (mut conn, plan) = support::seeded(&url, responses);
            let district = plan.layout.district;
            let public_id: String = surveys::table
                .filter(surveys::id.eq(plan.layout.survey_id.0))
                .select(surveys::public_id)
                .get_result(&mut conn)
                .unwrap();
            let bank =
                district_bank(&mut conn, district, &QuestionBank::embedded().unwrap()).unwrap();
            let snapshots = SnapshotCache::default();
            let started = Instant::now();
            let (export, survey) =
                response_export(&mut conn, &snapshots, &bank, district, &public_id, None).unwrap();
            let mut bytes = export.header().unwrap().len();
            let planned = started.elapsed();
            let (mut after, mut counter) = (0, 0);
            let mut writing = std::time::Duration::ZERO;
            loop {
                let rows = response_page(&mut conn, district, survey, after, PAGE).unwrap();
                let Some(last) = rows.last() else { break };
                after = last.id;
                let wrote = Instant::now();
                bytes += export.page(&rows, &mut counter).unwrap().len();
                writing += wrote.elapsed();
            }
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "export/{backend}/{responses}: {counter} rows, {:.1} MB in {seconds:.2} s = {:.0} rows/s (plan {:.2} s, writing CSV {:.2} s, the rest reading; recoded {:?})",
                bytes as f64 / 1e6,
                counter as f64 / seconds,
                planned.as_secs_f64(),
                writing.as_secs_f64(),
                export.recoded()
            );
        }
    }
}
