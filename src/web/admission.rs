//! Admission: a bounded number of requests in flight, so that a burst is answered at once
//! with 503 and `Retry-After` instead of queueing until every request is slow.
//!
//! Respondents come first. A respondent already answering (question pages, the review, Send,
//! the thank-you page) takes any free place and is refused at once only when every place is
//! taken; starting (the welcome page, Start, access and resume codes) is admitted only while
//! a quarter of the places are free, so that quarter keeps the journeys under way moving and a
//! burst is refused at the door rather than half-way. Staff requests (reports, the
//! catalogue, the API) may use at most a quarter of the places and wait up to
//! [`STAFF_WAIT`] for one, so a burst of report downloads never crowds out a school
//! answering. Health checks and static files are never refused (they are cheap, and the
//! load balancer must see the service answer).

use crate::web::error::{ApiError, AppError};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a staff request waits for a place before it is answered 503.
pub const STAFF_WAIT: Duration = Duration::from_secs(10);

/// Which queue a request joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// A respondent under way (question pages, Send, the thank-you page): first in line.
    Answering,
    /// A respondent starting (welcome, Start, codes): only while a quarter of places is free.
    Starting,
    /// Everything staff and API clients do: a share of the places, may wait.
    Staff,
    /// Health checks and static files: always admitted.
    Free,
}

impl Lane {
    /// The lane of a request path.
    pub fn of(path: &str) -> Lane {
        if path.starts_with("/s/p/") || path == "/s/submit" || path == "/s/done" {
            Lane::Answering
        } else if path == "/s" || path.starts_with("/s/") {
            Lane::Starting
        } else if path == "/healthz" || path == "/readyz" || path.starts_with("/static/") {
            Lane::Free
        } else {
            Lane::Staff
        }
    }
}

/// The places of one instance, shared by its workers (app data).
#[derive(Debug, Clone)]
pub struct Admission {
    all: Arc<Semaphore>,
    reserve: usize,
    staff: Arc<Semaphore>,
    staff_wait: Duration,
}

/// A place held until the response is ready.
#[derive(Debug)]
pub struct Place {
    _all: Option<OwnedSemaphorePermit>,
    _share: Option<OwnedSemaphorePermit>,
}

impl Admission {
    /// `places` requests in flight at most; a quarter (at least one) kept for respondents
    /// under way, a quarter at most for staff.
    pub fn new(places: usize, staff_wait: Duration) -> Admission {
        Admission {
            all: Arc::new(Semaphore::new(places)),
            reserve: (places / 4).max(1),
            staff: Arc::new(Semaphore::new((places / 4).max(1))),
            staff_wait,
        }
    }

    /// A place for a request of `lane`, or `None` when it must be refused.
    pub async fn enter(&self, lane: Lane) -> Option<Place> {
        match lane {
            Lane::Free => Some(Place {
                _all: None,
                _share: None,
            }),
            Lane::Answering => self.all.clone().try_acquire_owned().ok().map(|all| Place {
                _all: Some(all),
                _share: None,
            }),
            Lane::Starting if self.all.available_permits() <= self.reserve => None,
            Lane::Starting => self.all.clone().try_acquire_owned().ok().map(|all| Place {
                _all: Some(all),
                _share: None,
            }),
            Lane::Staff => {
                let staff_wait = self.staff_wait;
                let wait = async {
                    let staff = self.staff.clone().acquire_owned().await.ok()?;
                    let all = self.all.clone().acquire_owned().await.ok()?;
                    Some(Place {
                        _all: Some(all),
                        _share: Some(staff),
                    })
                };
                actix_web::rt::time::timeout(staff_wait, wait)
                    .await
                    .ok()
                    .flatten()
            }
        }
    }
}

/// Middleware: admits the request or answers 503 with `Retry-After` (the busy page, or a
/// problem document under `/api/`).
pub async fn admit<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let lane = Lane::of(req.path());
    let admission = req.app_data::<web::Data<Admission>>().cloned();
    let place = match admission {
        Some(admission) => admission.enter(lane).await,
        None => None,
    };
    let Some(place) = place else {
        let refused = if req.path().starts_with("/api/") {
            ApiError(AppError::Unavailable).error_response()
        } else {
            AppError::Unavailable.error_response()
        };
        return Ok(req.into_response(refused).map_into_right_body());
    };
    let res = next.call(req).await;
    drop(place);
    res.map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_by_path() {
        assert_eq!(Lane::of("/s"), Lane::Starting);
        assert_eq!(Lane::of("/s/abc"), Lane::Starting);
        assert_eq!(Lane::of("/s/resume"), Lane::Starting);
        assert_eq!(Lane::of("/s/p/3"), Lane::Answering);
        assert_eq!(Lane::of("/s/submit"), Lane::Answering);
        assert_eq!(Lane::of("/surveys"), Lane::Staff);
        assert_eq!(Lane::of("/reports/a/b/report.pdf"), Lane::Staff);
        assert_eq!(Lane::of("/api/v1/schools"), Lane::Staff);
        assert_eq!(Lane::of("/healthz"), Lane::Free);
        assert_eq!(Lane::of("/static/css/chorus.css"), Lane::Free);
    }

    #[actix_web::test]
    async fn respondents_under_way_come_first_staff_keep_to_their_share() {
        let admission = Admission::new(4, Duration::from_millis(20));
        let staff = admission.enter(Lane::Staff).await;
        assert!(staff.is_some(), "one staff place of four");
        assert!(
            admission.enter(Lane::Staff).await.is_none(),
            "a second staff request waits, then is refused"
        );
        let first = admission.enter(Lane::Starting).await;
        let second = admission.enter(Lane::Starting).await;
        assert!(
            first.is_some() && second.is_some(),
            "two more places for starts"
        );
        let third = admission.enter(Lane::Starting).await;
        assert!(third.is_none(), "starts keep the last place free");
        let answering = admission.enter(Lane::Answering).await;
        assert!(answering.is_some(), "which a respondent under way takes");
        assert!(
            admission.enter(Lane::Answering).await.is_none(),
            "all taken"
        );
        assert!(admission.enter(Lane::Free).await.is_some());
        drop(staff);
        assert!(
            admission.enter(Lane::Answering).await.is_some(),
            "a respondent takes the place staff left"
        );
    }
}
