//! The context every HTML page is rendered with: title, the signed-in user for the
//! navigation, the CSRF token for forms, an optional notice, and the page's own fields.

use crate::web::access::extract::CurrentUser;
use serde::Serialize;

/// What the navigation shows about the signed-in user.
#[derive(Debug, Clone, Serialize)]
pub struct NavUser {
    /// Name.
    pub name: String,
    /// Role text.
    pub role: &'static str,
    /// Shows the district-admin links.
    pub is_admin: bool,
    /// Shows the survey-building links (admins and coordinators).
    pub can_edit: bool,
}

/// A page: the shell fields plus the page's own context, flattened.
#[derive(Debug, Serialize)]
pub struct Page<T: Serialize> {
    /// `<title>` and heading.
    pub title: String,
    /// Signed-in user, or `None` on public pages.
    pub user: Option<NavUser>,
    /// CSRF token for the page's forms (empty on pages without forms).
    pub csrf: String,
    /// A one-line notice shown at the top (e.g. "Password changed.").
    pub notice: Option<String>,
    /// The page's own fields.
    #[serde(flatten)]
    pub body: T,
}

impl<T: Serialize> Page<T> {
    /// A staff page.
    pub fn staff(title: impl Into<String>, user: &CurrentUser, body: T) -> Self {
        Page {
            title: title.into(),
            user: Some(NavUser {
                name: user.display_name.clone(),
                role: user.role.label(),
                is_admin: user.is_admin(),
                can_edit: user.can_edit(),
            }),
            csrf: user.csrf.clone(),
            notice: None,
            body,
        }
    }

    /// A public page; `csrf` only when it has a form.
    pub fn public(title: impl Into<String>, csrf: String, body: T) -> Self {
        Page {
            title: title.into(),
            user: None,
            csrf,
            notice: None,
            body,
        }
    }

    /// Adds a notice.
    pub fn with_notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }
}
