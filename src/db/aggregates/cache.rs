//! Survey aggregates kept in memory between report requests.
//!
//! Reading a survey's aggregates ([`snapshot`]) was about half of a report request's time,
//! and it is the same for every report, download and verdict of the survey until another
//! response is stored. Each request therefore first reads the survey's number of stored
//! responses (one sum over a few hundred `agg_responses` rows, the survey's *stamp*) and
//! reuses the kept snapshot when the stamp is unchanged. Aggregates change only when
//! responses are stored (the stamp grows in the same transaction) or rebuilt by `chorus
//! reaggregate`, which yields the same values unless the stored ones were wrong; an entry is
//! read afresh after [`SnapshotCache::ttl`] in any case, so every instance agrees with the
//! database within that time.

use super::delta::AggregateDelta;
use super::snapshot::{snapshot, SnapshotError};
use crate::db::schema::agg_responses;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, SurveyId};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A kept snapshot's key: district, survey, and the respondent language (`None`: every one).
type Key = (i32, i32, Option<Language>);

struct Entry {
    stamp: i64,
    snapshot: Arc<AggregateDelta>,
    loaded: Instant,
}

/// The snapshots one instance shares between its workers, at most `capacity` of them (a
/// survey's view of every language and of each single language are kept apart).
pub struct SnapshotCache {
    capacity: usize,
    ttl: Duration,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl std::fmt::Debug for SnapshotCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotCache")
            .field("capacity", &self.capacity)
            .field("ttl", &self.ttl)
            .finish()
    }
}

impl Default for SnapshotCache {
    fn default() -> Self {
        SnapshotCache::new(32, Duration::from_secs(60))
    }
}

impl SnapshotCache {
    /// A cache of at most `capacity` snapshots, each re-read after `ttl` at the latest.
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        SnapshotCache {
            capacity: capacity.max(1),
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// How long a rebuilt aggregate may take to reach reports of an unchanged survey.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Every aggregate of a survey of the district in `language` (`None`: every language),
    /// as [`snapshot`] reads it: kept while the survey's stamp is unchanged.
    pub fn get(
        &self,
        conn: &mut AnyConnection,
        district: DistrictId,
        survey: SurveyId,
        language: Option<Language>,
    ) -> Result<Arc<AggregateDelta>, SnapshotError> {
        let key = (district.0, survey.0, language);
        let stamp = stamp(conn, district, survey)?;
        let now = Instant::now();
        if let Some(entry) = self.entries().get(&key) {
            if entry.stamp == stamp && now.duration_since(entry.loaded) < self.ttl {
                return Ok(entry.snapshot.clone());
            }
        }
        let fresh = Arc::new(snapshot(conn, district, survey, language)?);
        let mut entries = self.entries();
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.loaded)
                .map(|(k, _)| *k);
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            key,
            Entry {
                stamp,
                snapshot: fresh.clone(),
                loaded: now,
            },
        );
        Ok(fresh)
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        // Entries are inserted and removed whole, so a panic elsewhere leaves the map sound.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The survey's number of stored responses, which grows in the transaction that changes its
/// aggregates.
fn stamp(conn: &mut AnyConnection, district: DistrictId, survey: SurveyId) -> QueryResult<i64> {
    // PostgreSQL sums BIGINT as NUMERIC; the cast keeps one integer type on both backends.
    agg_responses::table
        .filter(agg_responses::district_id.eq(district.0))
        .filter(agg_responses::survey_id.eq(survey.0))
        .select(sql::<Nullable<BigInt>>("CAST(SUM(completed) AS BIGINT)"))
        .get_result::<Option<i64>>(conn)
        .map(|n| n.unwrap_or(0))
}
