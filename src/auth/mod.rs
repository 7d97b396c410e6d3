//! Staff authentication: passwords, the session cookie, CSRF-checked forms, the extractors
//! that put the signed-in user (and their role and school scope) into handler signatures,
//! and secret tokens (invitations, API tokens) stored only as hashes.

pub mod api;
pub mod csrf;
pub mod extract;
pub mod password;
pub mod session;
pub mod throttle;
pub mod tokens;
