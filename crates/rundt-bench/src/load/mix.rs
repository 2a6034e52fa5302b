//! The mix of a load test: the kinds of request and their weights, read
//! from one JSON file (`crates/rundt-bench/mix/mixed.json`), and the
//! weighted choice of the next request's kind.

use serde::Deserialize;

/// One kind of request and its weight (any non-negative number; the
/// weights are shares of their sum).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entry {
    pub kind: String,
    pub weight: f64,
    /// Why this weight, for the reader of the file.
    #[serde(default)]
    pub why: String,
}

/// The mix file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Mix {
    #[serde(default)]
    pub about: String,
    pub requests: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum MixError {
    #[error("cannot read the mix: {0}")]
    Read(String),
    #[error("the mix is not valid JSON of the expected shape: {0}")]
    Shape(String),
    #[error("the mix has no request with a positive weight")]
    Empty,
    #[error("the weight of '{0}' is negative or not a number")]
    BadWeight(String),
    #[error("'{0}' appears twice in the mix")]
    Twice(String),
}

impl Mix {
    pub fn parse(text: &str) -> Result<Mix, MixError> {
        let mix: Mix = serde_json::from_str(text).map_err(|e| MixError::Shape(e.to_string()))?;
        let mut seen = std::collections::HashSet::new();
        for e in &mix.requests {
            if !(e.weight >= 0.0 && e.weight.is_finite()) {
                return Err(MixError::BadWeight(e.kind.clone()));
            }
            if !seen.insert(e.kind.as_str()) {
                return Err(MixError::Twice(e.kind.clone()));
            }
        }
        if mix.total() <= 0.0 {
            return Err(MixError::Empty);
        }
        Ok(mix)
    }

    pub fn load(path: &std::path::Path) -> Result<Mix, MixError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| MixError::Read(format!("{}: {e}", path.display())))?;
        Mix::parse(&text)
    }

    pub fn total(&self) -> f64 {
        self.requests.iter().map(|e| e.weight).sum()
    }

    /// The share of each kind (its weight over the sum).
    pub fn share(&self, index: usize) -> f64 {
        self.requests
            .get(index)
            .map_or(0.0, |e| e.weight / self.total())
    }

    /// The kind (index into `requests`) of the request numbered `seq`:
    /// a weighted choice driven by a hash of `seq`, so a run is repeatable
    /// and any stretch of it follows the weights.
    pub fn pick(&self, seq: u64) -> usize {
        let u = unit(seq) * self.total();
        let mut acc = 0.0;
        let mut last = 0;
        for (i, e) in self.requests.iter().enumerate() {
            if e.weight <= 0.0 {
                continue;
            }
            acc += e.weight;
            last = i;
            if u < acc {
                return i;
            }
        }
        last
    }
}

/// A number in [0, 1) from `seq` (splitmix64: well spread even for
/// consecutive inputs).
pub fn unit(seq: u64) -> f64 {
    let mut z = seq.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_negative_and_duplicate_weights() {
        let neg = r#"{"requests":[{"kind":"a","weight":-1}]}"#;
        assert!(matches!(Mix::parse(neg), Err(MixError::BadWeight(_))));
        let twice = r#"{"requests":[{"kind":"a","weight":1},{"kind":"a","weight":2}]}"#;
        assert!(matches!(Mix::parse(twice), Err(MixError::Twice(_))));
        let zero = r#"{"requests":[{"kind":"a","weight":0}]}"#;
        assert!(matches!(Mix::parse(zero), Err(MixError::Empty)));
    }

    #[test]
    fn a_zero_weight_is_never_picked() {
        let mix = Mix::parse(r#"{"requests":[{"kind":"a","weight":0},{"kind":"b","weight":1}]}"#)
            .unwrap();
        assert!((0..10_000).all(|s| mix.pick(s) == 1));
    }
}
