//! The 全国地方公共団体コード: five digits and a check digit (JIS X 0401/0402 style).

use crate::error::DomainError;
use crate::text::nfkc;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A validated 6-digit local government code, e.g. `142182` (綾瀬市).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

impl OrgCode {
    /// Accepts six digits (full-width allowed) whose last digit is the check digit
    /// of the first five.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let s = nfkc(input.trim());
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::OrgCodeFormat(input.to_string()));
        }
        let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let expected = check_digit(&digits[..5]);
        if digits[5] != expected {
            return Err(DomainError::OrgCodeCheckDigit { code: s, expected, found: digits[5] });
        }
        Ok(Self(s))
    }

    /// The two-digit prefecture number (01 北海道 … 47 沖縄県).
    pub fn prefecture_number(&self) -> u8 {
        self.0[..2].parse().unwrap_or(0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Weights 6,5,4,3,2 over the first five digits; the check digit is the last digit of
/// 11 minus the remainder mod 11.
pub fn check_digit(first_five: &[u8]) -> u8 {
    let sum: u32 = first_five.iter().zip([6u32, 5, 4, 3, 2]).map(|(d, w)| u32::from(*d) * w).sum();
    ((11 - sum % 11) % 10) as u8
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgCode {
    type Error = DomainError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Self::parse(&v)
    }
}

impl From<OrgCode> for String {
    fn from(v: OrgCode) -> Self {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        // 札幌市, 千代田区, 綾瀬市, 蕨市, 北海道 (prefecture), full-width input.
        for ok in ["011002", "131016", "142182", "112232", "010006", "１４２１８２"] {
            assert!(OrgCode::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(OrgCode::parse("142182").unwrap().prefecture_number(), 14);
    }

    #[test]
    fn rejects_wrong_check_digit_and_shape() {
        assert_eq!(
            OrgCode::parse("142183"),
            Err(DomainError::OrgCodeCheckDigit { code: "142183".into(), expected: 2, found: 3 })
        );
        for bad in ["14218", "1421820", "14218a", "", "14 182"] {
            assert!(matches!(OrgCode::parse(bad), Err(DomainError::OrgCodeFormat(_))), "{bad}");
        }
    }

    #[test]
    fn check_digit_wraps_remainders_zero_and_one() {
        // sum % 11 == 0 → 1; sum % 11 == 1 → 0.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0]), 1);
        assert_eq!(check_digit(&[0, 0, 0, 2, 3]), 0); // 2·3 + 3·2 = 12
        assert_eq!(check_digit(&[0, 0, 0, 0, 5]), 1); // 10 → 11 − 10
    }
}
