//! Staff sign-in, sign-out, password change, accepting invitations, and the staff home page.

mod invite;
mod password;
mod sessions;
mod signin;

pub use invite::{accept, accept_form};
pub use password::{change_password, password_form};
pub use sessions::sign_out_everywhere;
pub use signin::{home, sign_in, sign_in_form, sign_out, EmptyForm};
