//! Values as documents write them: 「5,587人」「97.4%」「約1,400万円」「▲3.2ポイント」.
//! A [`Quantity`] keeps the original text and adds the parsed number and unit.

use crate::text::nfkc;
use serde::{Deserialize, Serialize};

/// A value as written, with what could be read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The text exactly as written in the source (never normalized).
    pub text: String,
    /// The number, with 万/億/兆 applied (「約1,400万円」 → 14,000,000).
    pub value: Option<f64>,
    /// The unit after the number (人, %, 円, 件, kW …), NFKC-normalized.
    pub unit: Option<String>,
    /// Written as approximate (約, およそ, 概ね, 程度).
    pub approx: bool,
    /// A bound or qualifier around the number (以上, 以下, 未満, 超, 年間 …).
    pub qualifier: Option<String>,
}

const APPROX_PREFIXES: [&str; 4] = ["約", "およそ", "概ね", "おおむね"];
const NEG_PREFIXES: [&str; 4] = ["▲", "△", "-", "マイナス"];
const QUALIFIER_SUFFIXES: [&str; 8] = ["以上", "以下", "未満", "超", "程度", "前後", "強", "弱"];

impl Quantity {
    /// Parses a value. Never fails: text without a readable number keeps `value: None`
    /// (「―」「-」「未実施」 are data too).
    pub fn parse(text: &str) -> Self {
        let mut q = Quantity { text: text.to_string(), value: None, unit: None, approx: false, qualifier: None };
        let norm: String = nfkc(text)
            .chars()
            .map(|c| match c {
                '−' | '‐' | '－' | '—' => '-',
                '，' => ',',
                _ => c,
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        let mut s = norm.as_str();

        let mut prefix = String::new();
        loop {
            if let Some(p) = APPROX_PREFIXES.iter().find(|p| s.starts_with(**p)) {
                q.approx = true;
                s = &s[p.len()..];
                continue;
            }
            break;
        }
        let mut negative = false;
        if let Some(p) = NEG_PREFIXES.iter().find(|p| s.starts_with(**p)) {
            negative = true;
            s = &s[p.len()..];
        }
        // A label before the number: 「年間120回」「1日当たり3.5件」.
        let first_digit = s.char_indices().find(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i);
        let Some(start) = first_digit else {
            return q;
        };
        if start > 0 {
            let head = &s[..start];
            // Only a short non-numeric label; 「令和5年度」 etc. are not quantities.
            let era_year = crate::fiscal_year::ERAS.iter().any(|e| head.ends_with(e.name));
            if head.chars().count() > 8 || era_year {
                return q;
            }
            prefix.push_str(head);
            if !negative {
                if let Some(p) = NEG_PREFIXES.iter().find(|p| head.ends_with(**p)) {
                    negative = true;
                    prefix.truncate(prefix.len() - p.len());
                }
            }
            s = &s[start..];
        }

        let Some((value, rest)) = parse_number_with_multipliers(s) else {
            return q;
        };
        let mut rest = rest.to_string();
        for suffix in QUALIFIER_SUFFIXES {
            if let Some(stripped) = rest.strip_suffix(suffix) {
                if suffix == "程度" || suffix == "前後" {
                    q.approx = true;
                }
                q.qualifier = Some(join_qualifier(&prefix, suffix));
                rest = stripped.to_string();
                break;
            }
        }
        if q.qualifier.is_none() && !prefix.is_empty() {
            q.qualifier = Some(prefix);
        }
        q.value = Some(if negative { -value } else { value });
        let unit = rest.trim_matches(|c: char| c == ')' || c == '(' || c == ',' || c == '.');
        if !unit.is_empty() {
            q.unit = Some(unit.to_string());
        }
        q
    }

    /// A quantity from a number and unit the user entered separately.
    pub fn from_value(value: f64, unit: Option<&str>) -> Self {
        let mut text = format_number(value);
        if let Some(u) = unit {
            text.push_str(u);
        }
        Quantity { text, value: Some(value), unit: unit.map(str::to_string), approx: false, qualifier: None }
    }
}

fn join_qualifier(prefix: &str, suffix: &str) -> String {
    if prefix.is_empty() {
        suffix.to_string()
    } else {
        format!("{prefix}…{suffix}")
    }
}

/// Reads 「1,400万」「3億2,000万」「12.5」 from the front of `s`; returns the value and the
/// rest. Multipliers (万, 億, 千万 …) must come in decreasing order.
fn parse_number_with_multipliers(s: &str) -> Option<(f64, &str)> {
    let mut total = 0.0;
    let mut rest = s;
    let mut last_mult = f64::INFINITY;
    let mut any = false;
    while let Some((n, after)) = parse_plain_number(rest) {
        let (mult, after_mult) = multiplier(after);
        if mult >= last_mult {
            break;
        }
        total += n * mult;
        any = true;
        rest = after_mult;
        if mult == 1.0 {
            break;
        }
        last_mult = mult;
    }
    any.then_some((total, rest))
}

fn multiplier(s: &str) -> (f64, &str) {
    const MULTIPLIERS: [(&str, f64); 10] = [
        ("千億", 1e11),
        ("百億", 1e10),
        ("十億", 1e9),
        ("千万", 1e7),
        ("百万", 1e6),
        ("十万", 1e5),
        ("兆", 1e12),
        ("億", 1e8),
        ("万", 1e4),
        ("千", 1e3),
    ];
    for (ch, m) in MULTIPLIERS {
        if let Some(rest) = s.strip_prefix(ch) {
            return (m, rest);
        }
    }
    (1.0, s)
}

/// Digits with thousands commas and one decimal point.
fn parse_plain_number(s: &str) -> Option<(f64, &str)> {
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut digits = String::new();
    let mut seen_dot = false;
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_digit() {
            digits.push(b as char);
        } else if b == b',' && end > 0 && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) && !seen_dot {
            // thousands separator
        } else if b == b'.' && !seen_dot && end > 0 && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            seen_dot = true;
            digits.push('.');
        } else {
            break;
        }
        end += 1;
    }
    if digits.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, &s[end..]))
}

/// Formats a number the way Japanese documents do: thousands commas, no trailing zeros.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return String::from("-");
    }
    let neg = v < 0.0;
    let abs = v.abs();
    let mut s = format!("{abs:.4}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = if neg { format!("-{grouped}") } else { grouped };
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> (Option<f64>, Option<String>, bool) {
        let v = Quantity::parse(s);
        assert_eq!(v.text, s, "original text must be kept");
        (v.value, v.unit, v.approx)
    }

    fn unit(u: &str) -> Option<String> {
        Some(u.to_string())
    }

    #[test]
    fn plain_numbers_and_units() {
        assert_eq!(q("5,587人"), (Some(5587.0), unit("人"), false));
        assert_eq!(q("97.4%"), (Some(97.4), unit("%"), false));
        assert_eq!(q("59件"), (Some(59.0), unit("件"), false));
        assert_eq!(q("10,000"), (Some(10000.0), None, false));
        assert_eq!(q("12,000kW"), (Some(12000.0), unit("kW"), false));
        assert_eq!(q("27 種類"), (Some(27.0), unit("種類"), false));
    }

    #[test]
    fn full_width_and_approximate() {
        assert_eq!(q("約1,400万円"), (Some(14_000_000.0), unit("円"), true));
        assert_eq!(q("１２，０００ｋＷ"), (Some(12000.0), unit("kW"), false));
        assert_eq!(q("９７．４％"), (Some(97.4), unit("%"), false));
        assert_eq!(q("およそ3千人"), (Some(3000.0), unit("人"), true));
        assert_eq!(q("100人程度"), (Some(100.0), unit("人"), true));
    }

    #[test]
    fn man_oku_combinations() {
        assert_eq!(q("3億2,000万円"), (Some(320_000_000.0), unit("円"), false));
        assert_eq!(q("1.5億円"), (Some(150_000_000.0), unit("円"), false));
        assert_eq!(q("2兆円"), (Some(2e12), unit("円"), false));
        assert_eq!(q("5千万円"), (Some(50_000_000.0), unit("円"), false));
        assert_eq!(q("120千円"), (Some(120_000.0), unit("円"), false));
    }

    #[test]
    fn negatives_and_qualifiers() {
        assert_eq!(q("▲3.2ポイント"), (Some(-3.2), unit("ポイント"), false));
        assert_eq!(q("△120千円").0, Some(-120_000.0));
        assert_eq!(q("－5%").0, Some(-5.0));
        let v = Quantity::parse("80%以上");
        assert_eq!((v.value, v.unit.as_deref(), v.qualifier.as_deref()), (Some(80.0), Some("%"), Some("以上")));
        let v = Quantity::parse("年間120回");
        assert_eq!((v.value, v.unit.as_deref(), v.qualifier.as_deref()), (Some(120.0), Some("回"), Some("年間")));
    }

    #[test]
    fn non_numbers_keep_text_only() {
        for s in ["―", "-", "", "未実施", "令和5年度", "増加"] {
            let v = Quantity::parse(s);
            assert_eq!(v.value, None, "{s}");
            assert_eq!(v.text, s);
        }
    }

    #[test]
    fn commas_only_between_digits() {
        assert_eq!(q("1,2,3").0, Some(123.0));
        assert_eq!(q("5,件").0, Some(5.0));
        assert_eq!(q("3.").0, Some(3.0));
    }

    #[test]
    fn formats_back() {
        assert_eq!(format_number(14_000_000.0), "14,000,000");
        assert_eq!(format_number(97.4), "97.4");
        assert_eq!(format_number(-1234.5), "-1,234.5");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(Quantity::from_value(5587.0, Some("人")).text, "5,587人");
    }
}
