//! Passwords: argon2id PHC strings with a random salt; a policy check before hashing.

use super::AuthError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;

/// Hashes with argon2id (default parameters: 19 MiB, 2 passes) and a fresh salt.
pub fn hash_password(plain: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(plain.as_bytes(), &salt).map(|h| h.to_string()).map_err(|_| AuthError::Hash)
}

/// True when `plain` matches the PHC string; false for a mismatch or a malformed hash.
pub fn verify_password(phc: &str, plain: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(plain.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Long enough, and not one repeated character or only digits.
pub fn check_password_policy(plain: &str) -> Result<(), AuthError> {
    let n = plain.chars().count();
    if n < MIN_LENGTH {
        return Err(AuthError::TooShort(MIN_LENGTH));
    }
    let first = plain.chars().next();
    if plain.chars().all(|c| Some(c) == first) || plain.chars().all(|c| c.is_ascii_digit()) {
        return Err(AuthError::TooSimple);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash_password("correct horse 1").unwrap();
        let b = hash_password("correct horse 1").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password(&a, "correct horse 1"));
        assert!(!verify_password(&a, "correct horse 2"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn policy_rejects_weak_passwords() {
        assert_eq!(check_password_policy("short"), Err(AuthError::TooShort(MIN_LENGTH)));
        assert_eq!(check_password_policy("aaaaaaaaaaaa"), Err(AuthError::TooSimple));
        assert_eq!(check_password_policy("123456789012"), Err(AuthError::TooSimple));
        assert!(check_password_policy("庁内ポータル2025春").is_ok());
    }
}
