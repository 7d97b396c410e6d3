//! The report's snapshot cache: a kept snapshot is reused only while the survey's response
//! count is unchanged, so a stored response shows in the next report at once.

use crate::aggregates::random_submission;
use crate::both_backends;
use crate::fixtures::survey_fixture;
use crate::helpers::TestApp;
use chorus::db::aggregates::cache::SnapshotCache;
use chorus::db::aggregates::snapshot::snapshot;
use chorus::db::submission::submit_batch;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::sync::Arc;
use std::time::Duration;

fn completed(snap: &chorus::db::aggregates::AggregateDelta) -> i64 {
    snap.responses.values().sum()
}

both_backends!(
    kept_snapshots_follow_every_stored_response,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Snapshot District");
        let mut rng = StdRng::seed_from_u64(11);
        let store = |n: usize, from: usize, rng: &mut StdRng, conn: &mut _| {
            let batch: Vec<_> = (from..from + n)
                .map(|i| random_submission(&f, rng, format!("snap-{i}")))
                .collect();
            submit_batch(conn, &f.layout, 0, &batch).unwrap();
        };
        store(5, 0, &mut rng, &mut conn);
        let cache = SnapshotCache::new(2, Duration::from_secs(3600));
        let first = cache.get(&mut conn, f.district, f.survey, None).unwrap();
        assert_eq!(completed(&first), 5);
        let again = cache.get(&mut conn, f.district, f.survey, None).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "unchanged survey: the kept snapshot"
        );

        store(3, 5, &mut rng, &mut conn);
        let after = cache.get(&mut conn, f.district, f.survey, None).unwrap();
        assert_eq!(
            completed(&after),
            8,
            "a stored response is never hidden by the cache"
        );
        assert_eq!(
            *after,
            snapshot(&mut conn, f.district, f.survey, None).unwrap()
        );

        let expired = SnapshotCache::new(2, Duration::ZERO);
        let a = expired.get(&mut conn, f.district, f.survey, None).unwrap();
        let b = expired.get(&mut conn, f.district, f.survey, None).unwrap();
        assert!(!Arc::ptr_eq(&a, &b), "read afresh after the time to live");

        let other = chorus::domain::DistrictId(f.district.0 + 1000);
        let none = cache.get(&mut conn, other, f.survey, None).unwrap();
        assert_eq!(completed(&none), 0, "scoped to the district");
    }
);
