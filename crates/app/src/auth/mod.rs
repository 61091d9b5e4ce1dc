//! Authentication primitives: password hashing (argon2id), random tokens and their
//! hashes, and an in-memory login throttle. The use cases are in [`crate::accounts`].

pub mod password;
pub mod throttle;
pub mod token;

/// A password that cannot be accepted or hashed. The message is Japanese, for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("パスワードは{0}文字以上にしてください")]
    TooShort(usize),
    #[error("パスワードには同じ文字だけ・数字だけの並びは使えません")]
    TooSimple,
    #[error("パスワードを処理できませんでした")]
    Hash,
}
