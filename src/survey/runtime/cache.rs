//! The forms of the surveys respondents are answering, kept in memory between requests.
//!
//! Every respondent request needs its survey's whole frozen form (items, wordings, products
//! and features) and the aggregation layout its submission is folded by. Reading them from
//! the database on each request cost six queries and most of a page's time. A survey's items
//! and wordings never change once it has left the draft state, so they are kept here; the
//! survey row itself (status, window) is read fresh on every request and compared, so closing
//! a survey takes effect at once on every instance. Product names, features and the
//! district's slug can be edited while a survey runs: an entry is reloaded after
//! [`FormCache::ttl`], so such an edit shows within that time. Draft surveys (previews) are
//! never kept.

use super::form::{load_parts, SurveyForm};
use crate::db::aggregates::AggregationLayout;
use crate::db::models::respondent;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, ProductId, SurveyId, SurveyStatus};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A survey's form with what its respondents' requests need beside it.
#[derive(Debug, Clone)]
pub struct CachedForm {
    /// The form, with the survey row as read by this request.
    pub form: Arc<SurveyForm>,
    /// How its submissions are folded into the aggregates.
    pub layout: Arc<AggregationLayout>,
    /// The district's slug, for the privacy link.
    pub slug: Arc<str>,
}

struct Entry {
    cached: CachedForm,
    loaded: Instant,
}

/// The cache one instance shares between its workers.
pub struct FormCache {
    ttl: Duration,
    entries: Mutex<HashMap<(i32, i32), Entry>>,
}

impl std::fmt::Debug for FormCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormCache").field("ttl", &self.ttl).finish()
    }
}

impl Default for FormCache {
    fn default() -> Self {
        FormCache::new(Duration::from_secs(30))
    }
}

impl FormCache {
    /// A cache whose entries are reloaded after `ttl`.
    pub fn new(ttl: Duration) -> Self {
        FormCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// How long a product rename or a new feature may take to reach respondents' pages.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The form of a survey of the district, `None` when there is no such survey. One query
    /// (the survey row) when the form is kept; a full load otherwise.
    pub fn get(
        &self,
        conn: &mut AnyConnection,
        district: DistrictId,
        survey: SurveyId,
    ) -> diesel::QueryResult<Option<CachedForm>> {
        let key = (district.0, survey.0);
        let Some(row) = respondent::survey(conn, district, survey)? else {
            self.entries().remove(&key);
            return Ok(None);
        };
        let keep = row.status != SurveyStatus::Draft;
        let now = Instant::now();
        if keep {
            let mut entries = self.entries();
            if let Some(entry) = entries.get_mut(&key) {
                if now.duration_since(entry.loaded) < self.ttl {
                    if entry.cached.form.survey != row {
                        let form = SurveyForm {
                            survey: row,
                            ..SurveyForm::clone(&entry.cached.form)
                        };
                        entry.cached.form = Arc::new(form);
                    }
                    return Ok(Some(entry.cached.clone()));
                }
            }
        }
        let form = load_parts(conn, district, row)?;
        let layout = AggregationLayout::new(
            district,
            survey,
            &form.item_rows,
            form.products
                .iter()
                .map(|p| p.id)
                .collect::<Vec<ProductId>>(),
        )
        .map_err(|e| {
            diesel::result::Error::DeserializationError(Box::new(std::io::Error::other(
                e.to_string(),
            )))
        })?;
        let slug: Arc<str> = respondent::district_slug(conn, district)?.into();
        let cached = CachedForm {
            form: Arc::new(form),
            layout: Arc::new(layout),
            slug,
        };
        if keep {
            let mut entries = self.entries();
            entries.retain(|_, e| now.duration_since(e.loaded) < self.ttl);
            entries.insert(
                key,
                Entry {
                    cached: cached.clone(),
                    loaded: now,
                },
            );
        }
        Ok(Some(cached))
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<(i32, i32), Entry>> {
        // A panic while holding the lock leaves whole entries behind (inserts and removals
        // are single calls), so the map is still sound.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
