//! Extractors that put the signed-in staff member into handler signatures.
//!
//! `CurrentUser` requires any signed-in, active account; `RequireAdmin` a district admin and
//! `RequireEditor` an admin or school coordinator. A signed-out request is sent to the sign-in
//! page; a signed-in user without the role gets 404, never 403, so the response does not
//! reveal that the page exists.

use super::session::{self, SessionState};
use crate::db::models::{districts, users};
use crate::domain::{DistrictId, LanguageSet, Role, SchoolId, TimeZone, UserId};
use crate::web::error::AppError;
use crate::web::AppState;
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use std::future::Future;
use std::pin::Pin;

/// The signed-in staff member, with the district and school scope every query must take.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Account.
    pub id: UserId,
    /// District: the boundary of everything this user may see.
    pub district: DistrictId,
    /// Role.
    pub role: Role,
    /// Schools a coordinator or viewer is scoped to (empty for admins, who see all).
    pub schools: Vec<SchoolId>,
    /// E-mail.
    pub email: String,
    /// Name for the interface.
    pub display_name: String,
    /// The session's CSRF token, for forms on the page.
    pub csrf: String,
    /// The district's time zone: survey times are typed and shown in it.
    pub time_zone: TimeZone,
    /// The languages the district enabled: the only ones its forms offer.
    pub languages: LanguageSet,
}

impl CurrentUser {
    /// District admins see every school of their district.
    pub fn is_admin(&self) -> bool {
        self.role == Role::DistrictAdmin
    }

    /// Whether this user builds and sends surveys (district admins and school coordinators);
    /// the same roles `RequireEditor` admits.
    pub fn can_edit(&self) -> bool {
        matches!(self.role, Role::DistrictAdmin | Role::SchoolCoordinator)
    }

    /// Whether this user may see data of the school.
    pub fn can_see_school(&self, school: SchoolId) -> bool {
        self.is_admin() || self.schools.contains(&school)
    }

    /// The school scope for queries: `None` = every school of the district.
    pub fn school_scope(&self) -> Option<&[SchoolId]> {
        (!self.is_admin()).then_some(self.schools.as_slice())
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn load(req: HttpRequest) -> Result<CurrentUser, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::bug("application state missing"))?
        .clone();
    let session = req.get_session();
    let next =
        crate::domain::LocalPath::or_home(req.uri().path_and_query().map_or("/", |p| p.as_str()));
    let (user_id, signed_in_ms) = match session::check(&session, state.session_limits, now())? {
        SessionState::Active { user, signed_in_ms } => (user, signed_in_ms),
        SessionState::Expired(expiry) => {
            return Err(AppError::SignInRequired {
                next,
                expired: Some(expiry),
            })
        }
        SessionState::SignedOut => {
            return Err(AppError::SignInRequired {
                next,
                expired: None,
            })
        }
    };
    let found = state
        .read(move |conn| -> Result<_, AppError> {
            let Some(row) = users::find(conn, user_id)? else {
                return Ok(None);
            };
            let schools = users::schools_of(conn, DistrictId(row.district_id), user_id)?;
            let zone = districts::zone_and_languages(conn, DistrictId(row.district_id))?;
            Ok(Some((row, (schools, zone))))
        })
        .await?;
    let Some((row, (schools, zone))) = found.filter(|(row, _)| row.active) else {
        session::sign_out(&session);
        return Err(AppError::SignInRequired {
            next,
            expired: None,
        });
    };
    if row.revoked(signed_in_ms) {
        session::sign_out(&session);
        return Err(AppError::SignInRequired {
            next,
            expired: Some(session::Expiry::Revoked),
        });
    }
    let role = row.role;
    req.extensions_mut()
        .insert(crate::web::middleware::Authenticated);
    Ok(CurrentUser {
        id: user_id,
        district: DistrictId(row.district_id),
        role,
        schools,
        email: row.email,
        display_name: row.display_name,
        csrf: session::csrf_token(&session)?,
        time_zone: TimeZone::parse(&zone.0).map_err(AppError::internal)?,
        languages: LanguageSet::parse_codes(&zone.1).map_err(AppError::internal)?,
    })
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(load(req.clone()))
    }
}

/// Declares an extractor that admits signed-in users of the given roles and answers 404 to
/// everyone else signed in (never 403: the page's existence is not revealed).
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $($role:path),+) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub CurrentUser);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let req = req.clone();
                Box::pin(async move {
                    let user = load(req).await?;
                    if matches!(user.role, $($role)|+) {
                        Ok($name(user))
                    } else {
                        Err(AppError::NotFound)
                    }
                })
            }
        }
    };
}

role_extractor!(
    /// A signed-in district admin.
    RequireAdmin,
    Role::DistrictAdmin
);

role_extractor!(
    /// A signed-in district admin or school coordinator (those who build surveys).
    RequireEditor,
    Role::DistrictAdmin,
    Role::SchoolCoordinator
);
