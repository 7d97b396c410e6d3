//! The coordinator's side of a survey: the settings form, the lifecycle actions (open, close,
//! move the close time, copy as a new wave, delete a draft) and distribution (links, QR codes,
//! access codes and their printable sheet).
//!
//! A coordinator manages a survey only when every school it goes to is one of theirs; anyone
//! else gets 404, like for a survey that does not exist.

pub mod distribution;
pub mod form;
pub mod lifecycle;
pub mod links;

use crate::db::models::monitor;
use crate::db::models::surveys::{self, SurveyRow};
use crate::db::AnyConnection;
use crate::domain::SurveyId;
use crate::survey::lifecycle::Author;
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;

/// The survey with this public id, when the user may manage it.
pub fn managed_survey(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    public_id: &str,
) -> Result<SurveyRow, AppError> {
    let row = monitor::find_survey(conn, user.district, public_id)?.ok_or(AppError::NotFound)?;
    let schools = surveys::schools_of(conn, user.district, SurveyId(row.id))?;
    if schools.iter().all(|s| user.can_see_school(*s)) {
        Ok(row)
    } else {
        Err(AppError::NotFound)
    }
}

/// The user as the author of survey changes.
pub fn author(user: &CurrentUser) -> Author<'_> {
    Author {
        district: user.district,
        user: user.id,
        scope: user.school_scope(),
    }
}
