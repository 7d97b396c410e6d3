//! Staff sign-in, sign-out, password change and the staff home page.

mod password;
mod signin;

pub use password::{change_password, password_form};
pub use signin::{home, sign_in, sign_in_form, sign_out};
