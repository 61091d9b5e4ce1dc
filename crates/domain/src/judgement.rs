//! Judgement bands: turning an achievement rate or progress % into the grade a city uses
//! (S/A/B/C, 順調/やや遅れ/遅れ, or its own). Scales are data, configured per organization.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// One grade and the lowest rate that earns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub label: String,
    /// Lowest achievement rate (1.0 = 100 %) for this band.
    pub min_rate: f64,
}

/// Bands ordered from best to worst; the last band catches everything below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgementScale {
    pub name: String,
    bands: Vec<Band>,
}

impl JudgementScale {
    /// Builds a scale; bands are sorted best first and must have distinct, finite limits.
    pub fn new(name: impl Into<String>, mut bands: Vec<Band>) -> Result<Self, DomainError> {
        if bands.is_empty() {
            return Err(DomainError::Scale("a scale needs at least one band".into()));
        }
        if bands.iter().any(|b| !b.min_rate.is_finite() || b.label.trim().is_empty()) {
            return Err(DomainError::Scale("every band needs a label and a finite limit".into()));
        }
        bands.sort_by(|a, b| b.min_rate.total_cmp(&a.min_rate));
        if bands.windows(2).any(|w| w[0].min_rate == w[1].min_rate) {
            return Err(DomainError::Scale("two bands share a limit".into()));
        }
        Ok(Self { name: name.into(), bands })
    }

    /// S ≥ 100 %, A ≥ 80 %, B ≥ 50 %, C below.
    pub fn sabc() -> Self {
        Self::preset("SABC", &[("S", 1.0), ("A", 0.8), ("B", 0.5), ("C", f64::MIN)])
    }

    /// 順調 ≥ 100 %, やや遅れ ≥ 70 %, 遅れ below.
    pub fn progress() -> Self {
        Self::preset("順調・やや遅れ・遅れ", &[("順調", 1.0), ("やや遅れ", 0.7), ("遅れ", f64::MIN)])
    }

    fn preset(name: &str, bands: &[(&str, f64)]) -> Self {
        Self {
            name: name.to_string(),
            bands: bands.iter().map(|(l, r)| Band { label: (*l).to_string(), min_rate: *r }).collect(),
        }
    }

    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// The band for a rate: the best whose limit the rate reaches, else the worst band.
    pub fn judge(&self, rate: f64) -> &Band {
        self.bands.iter().find(|b| rate + 1e-9 >= b.min_rate).unwrap_or_else(|| &self.bands[self.bands.len() - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets() {
        let s = JudgementScale::sabc();
        assert_eq!(s.judge(1.2).label, "S");
        assert_eq!(s.judge(1.0).label, "S");
        assert_eq!(s.judge(0.8).label, "A");
        assert_eq!(s.judge(0.79).label, "B");
        assert_eq!(s.judge(-3.0).label, "C");
        let p = JudgementScale::progress();
        assert_eq!(p.judge(0.7).label, "やや遅れ");
        assert_eq!(p.judge(0.2).label, "遅れ");
    }

    #[test]
    fn custom_scale_is_sorted_and_validated() {
        let s = JudgementScale::new(
            "3段階",
            vec![
                Band { label: "c".into(), min_rate: 0.0 },
                Band { label: "a".into(), min_rate: 0.9 },
                Band { label: "b".into(), min_rate: 0.5 },
            ],
        )
        .unwrap();
        assert_eq!(s.bands().iter().map(|b| b.label.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        // Below the lowest limit still gets the worst band.
        assert_eq!(s.judge(-1.0).label, "c");
        assert!(JudgementScale::new("x", vec![]).is_err());
        let dup = vec![Band { label: "a".into(), min_rate: 1.0 }, Band { label: "b".into(), min_rate: 1.0 }];
        assert!(JudgementScale::new("x", dup).is_err());
        assert!(JudgementScale::new("x", vec![Band { label: " ".into(), min_rate: 1.0 }]).is_err());
    }
}
