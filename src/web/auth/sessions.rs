//! "Sign out everywhere": ends every session of one's own account, on every device, for
//! when a computer was shared or a cookie may have been copied.

use super::EmptyForm;
use crate::db::models::{audit, users};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::CurrentUser;
use crate::web::access::session;
use crate::web::error::AppError;
use crate::web::AppState;
use actix_session::Session;
use actix_web::{web, HttpResponse};

/// `POST /account/sessions/end`: revokes every session of the account (this one included)
/// with an audit record, then empties this cookie.
pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    session: Session,
    user: CurrentUser,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (district, id) = (user.district, user.id);
    state
        .write(move |conn| -> Result<(), AppError> {
            users::revoke_sessions(conn, id, chrono::Utc::now())?;
            Ok(audit::record(
                conn,
                district,
                Some(id),
                "user.sessions_ended",
                ("user", &id.to_string()),
                "",
            )?)
        })
        .await?;
    session::sign_out(&session);
    Ok(crate::web::respond::see_other("/"))
}
