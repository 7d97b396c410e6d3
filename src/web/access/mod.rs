//! Who is asking: the staff session cookie, CSRF-checked forms, the extractors that put the
//! signed-in user (and their role and school scope) into handler signatures, and API bearer
//! tokens. Passwords and secret-token hashing are pure and live in `domain`.

pub mod api;
pub mod csrf;
pub mod extract;
pub mod session;
