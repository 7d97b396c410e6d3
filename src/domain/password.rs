//! Password hashing with argon2id (OWASP parameters) and the rules a new password must meet.

use crate::domain::ParseError;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// A password that meets the rules: at least 12 characters and not a well-known one.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(redacted)")
    }
}

/// Passwords people pick most often (lower-cased); long enough ones still get refused.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "password1234",
    "password12345",
    "passwordpassword",
    "qwertyuiop12",
    "qwertyuiopasdf",
    "iloveyou1234",
    "abc123456789",
    "111111111111",
    "000000000000",
    "letmein12345",
    "welcome12345",
    "administrator",
    "changeme1234",
    "password123!",
    "qwerty123456",
    "football1234",
    "baseball1234",
    "superman1234",
    "teacher12345",
    "school123456",
    "student12345",
    "chorus123456",
    "monkey123456",
];

impl NewPassword {
    /// Minimum length in characters.
    pub const MIN_CHARS: usize = 12;

    /// Checks the rules and explains which one failed.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(ParseError::new(format!(
                "The password is {chars} characters long; it needs at least {}.",
                Self::MIN_CHARS
            )));
        }
        if chars > 256 {
            return Err(ParseError::new("The password is at most 256 characters."));
        }
        if COMMON.contains(&raw.to_lowercase().as_str()) {
            return Err(ParseError::new(
                "That password is one of the most common passwords; choose another.",
            ));
        }
        Ok(NewPassword(raw.to_string()))
    }

    /// The password text, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn hasher() -> Argon2<'static> {
    // OWASP: 19 MiB, 2 iterations, 1 lane. These constants are valid, so `default` is unreachable.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string with a fresh salt. Slow on purpose: call on the blocking pool.
pub fn hash(password: &NewPassword) -> Result<String, argon2::password_hash::Error> {
    hasher()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
}

/// Checks a password against a stored PHC string; a malformed hash never verifies.
pub fn verify(candidate: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rules_explain_themselves() {
        assert!(NewPassword::parse("short")
            .unwrap_err()
            .to_string()
            .contains("at least 12"));
        assert!(NewPassword::parse("Password1234")
            .unwrap_err()
            .to_string()
            .contains("common"));
        assert!(NewPassword::parse("correct horse battery").is_ok());
    }

    #[test]
    fn hash_verifies_only_the_same_password() {
        let pw = NewPassword::parse("correct horse battery").unwrap();
        let phc = hash(&pw).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("correct horse batterz", &phc));
        assert!(!verify("correct horse battery", "not a hash"));
    }
}
