//! Secret tokens (invitation links, API tokens, access codes): shown once, stored as SHA-256.
//!
//! The tokens carry ≥ 160 random bits, so a fast hash is enough: nobody can guess one, and a
//! stolen database does not reveal a usable token.

use crate::domain::PublicToken;
use sha2::{Digest, Sha256};

/// A fresh secret token of 32 characters (≈ 158 bits) from the unambiguous alphabet.
pub fn new_secret() -> String {
    PublicToken::generate(32).as_str().to_string()
}

/// The stored form of a token: lowercase hex SHA-256.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_is_stable_hex_and_tokens_differ() {
        assert_eq!(
            super::hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(super::new_secret(), super::new_secret());
        assert_eq!(super::new_secret().len(), 32);
    }
}
