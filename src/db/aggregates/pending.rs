//! Rebuilds a migration queued: a migration that changes the aggregates' keys cannot
//! recompute them in SQL, so it lists the surveys to fold again in `aggregate_rebuilds`, and
//! this runs right after the migrations, before the service answers.
//!
//! Each survey is claimed and rebuilt in one transaction: a crash leaves the rest queued for
//! the next start, and two instances starting at once on one PostgreSQL database rebuild each
//! survey once (the second waits for the first's claim and then finds nothing to claim).

use super::rebuild::{rebuild, RebuildError};
use crate::db::schema::aggregate_rebuilds;
use crate::db::AnyConnection;
use crate::domain::{DistrictId, SurveyId};
use diesel::prelude::*;

/// One queued survey, rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// District of the survey.
    pub district: DistrictId,
    /// Survey.
    pub survey: SurveyId,
    /// Responses folded.
    pub responses: u64,
}

/// Rebuilds every queued survey's aggregates; returns those this call rebuilt.
pub fn rebuild_queued(conn: &mut AnyConnection) -> Result<Vec<Rebuilt>, RebuildError> {
    let queued: Vec<(i32, i32)> = aggregate_rebuilds::table
        .select((
            aggregate_rebuilds::district_id,
            aggregate_rebuilds::survey_id,
        ))
        .order(aggregate_rebuilds::survey_id)
        .load(conn)?;
    let mut done = Vec::new();
    for (district, survey) in queued {
        let (district, survey) = (DistrictId(district), SurveyId(survey));
        let rebuilt = crate::db::write::transaction(
            &mut *conn,
            |conn| -> Result<Option<u64>, RebuildError> {
                let claimed = diesel::delete(
                    aggregate_rebuilds::table.filter(aggregate_rebuilds::survey_id.eq(survey.0)),
                )
                .execute(conn)?;
                if claimed == 0 {
                    return Ok(None);
                }
                rebuild(conn, district, survey).map(Some)
            },
        )?;
        if let Some(responses) = rebuilt {
            done.push(Rebuilt {
                district,
                survey,
                responses,
            });
        }
    }
    Ok(done)
}
