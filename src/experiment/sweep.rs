//! Parameter sweeps: the full grid (cartesian product) of scenario overrides, each point a
//! scenario of its own, run with the same seed and replications so that points differ only
//! by the parameters swept.

use std::str::FromStr;

use crate::scenario::{Override, Scenario, ScenarioError, apply_overrides};

/// One swept parameter: a `--set`-style path and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// Path in the scenario, e.g. `units.adminduk.staff`.
    pub path: String,
    /// Values in sweep order, as they would be typed after `--set PATH=`.
    pub values: Vec<String>,
}

impl FromStr for Vary {
    type Err = String;

    /// Parses `PATH=v1,v2,...`; commas inside brackets or quotes do not split, so list
    /// values such as `[1, 2]` work.
    fn from_str(s: &str) -> Result<Vary, String> {
        let (path, values) = s.split_once('=').ok_or_else(|| {
            format!("'{s}' is not PATH=v1,v2,... (e.g. units.adminduk.staff=2,3,4)")
        })?;
        let path = path.trim();
        if path.is_empty() {
            return Err(format!("'{s}' has an empty path before '='"));
        }
        let mut out = Vec::new();
        let (mut depth, mut quoted, mut current) = (0i32, false, String::new());
        for c in values.chars() {
            match c {
                '"' => quoted = !quoted,
                '[' | '{' if !quoted => depth += 1,
                ']' | '}' if !quoted => depth -= 1,
                ',' if !quoted && depth == 0 => {
                    out.push(std::mem::take(&mut current).trim().to_string());
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        out.push(current.trim().to_string());
        if let Some(i) = out.iter().position(String::is_empty) {
            return Err(format!(
                "--vary {path}: value {} of '{values}' is empty (values are separated by commas)",
                i + 1
            ));
        }
        Ok(Vary {
            path: path.to_string(),
            values: out,
        })
    }
}

/// One point of a sweep: its number, the value of each swept parameter, and the scenario.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// 0-based point number (the first `--vary` changes slowest).
    pub index: usize,
    /// The value of each swept parameter, in `--vary` order.
    pub values: Vec<String>,
    /// The base scenario with this point's values applied and validated.
    pub scenario: Scenario,
}

impl SweepPoint {
    /// `PATH=value` of every swept parameter, comma-separated (for messages).
    pub fn label(&self, vary: &[Vary]) -> String {
        vary.iter()
            .zip(&self.values)
            .map(|(v, x)| format!("{}={x}", v.path))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a sweep could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// No parameter, an empty list or a parameter given twice.
    #[error("{0}")]
    Usage(String),
    /// A value could not be applied at its path.
    #[error("--vary {path}: value '{value}': {message}")]
    Value {
        /// The swept path.
        path: String,
        /// The value that failed.
        value: String,
        /// Why.
        message: String,
    },
    /// A point's scenario does not validate.
    #[error("sweep point {point} ({label}): {source}")]
    Invalid {
        /// Point number.
        point: usize,
        /// `PATH=value` list of the point.
        label: String,
        /// The validation problems.
        source: ScenarioError,
    },
}

/// Points beyond this are taken as a typing mistake rather than run.
const MAX_POINTS: usize = 100_000;

/// Every point of the grid, each scenario validated before anything runs; `label` names
/// the base scenario in validation messages.
pub fn sweep_points(
    base: &Scenario,
    vary: &[Vary],
    label: &str,
) -> Result<Vec<SweepPoint>, SweepError> {
    if vary.is_empty() {
        return Err(SweepError::Usage(
            "a sweep needs at least one --vary PATH=v1,v2,...".into(),
        ));
    }
    for (i, v) in vary.iter().enumerate() {
        if vary[..i].iter().any(|w| w.path == v.path) {
            return Err(SweepError::Usage(format!(
                "--vary {} is given twice; list all its values in one --vary",
                v.path
            )));
        }
    }
    let points = vary
        .iter()
        .try_fold(1usize, |n, v| n.checked_mul(v.values.len()))
        .filter(|&n| n <= MAX_POINTS)
        .ok_or_else(|| {
            SweepError::Usage(format!(
                "the grid has more than {MAX_POINTS} points; sweep fewer values"
            ))
        })?;
    // Each value is checked once on its own, so an error names exactly one path and value.
    let mut parsed: Vec<Vec<Override>> = Vec::with_capacity(vary.len());
    for v in vary {
        let mut list = Vec::with_capacity(v.values.len());
        for value in &v.values {
            let fail = |message: String| SweepError::Value {
                path: v.path.clone(),
                value: value.clone(),
                message,
            };
            let o: Override = format!("{}={value}", v.path).parse().map_err(fail)?;
            apply_overrides(base.clone(), std::slice::from_ref(&o)).map_err(|e| match e {
                ScenarioError::Override { message, .. } => fail(message),
                other => fail(other.to_string()),
            })?;
            list.push(o);
        }
        parsed.push(list);
    }
    let mut out = Vec::with_capacity(points);
    for index in 0..points {
        // Mixed radix, last parameter fastest.
        let mut rest = index;
        let mut picks = vec![0; vary.len()];
        for (i, v) in vary.iter().enumerate().rev() {
            picks[i] = rest % v.values.len();
            rest /= v.values.len();
        }
        let overrides: Vec<Override> = picks
            .iter()
            .enumerate()
            .map(|(i, &j)| parsed[i][j].clone())
            .collect();
        let values: Vec<String> = picks
            .iter()
            .enumerate()
            .map(|(i, &j)| vary[i].values[j].clone())
            .collect();
        let point_label = vary
            .iter()
            .zip(&values)
            .map(|(v, x)| format!("{}={x}", v.path))
            .collect::<Vec<_>>()
            .join(", ");
        let invalid = |source: ScenarioError| SweepError::Invalid {
            point: index,
            label: point_label.clone(),
            source,
        };
        let scenario = apply_overrides(base.clone(), &overrides).map_err(invalid)?;
        scenario.validate(label).map_err(invalid)?;
        out.push(SweepPoint {
            index,
            values,
            scenario,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_splits_on_top_level_commas() {
        let v: Vary = "a.b=1, 2,[3,4],\"x,y\"".parse().expect("parses");
        assert_eq!(v.path, "a.b");
        assert_eq!(v.values, vec!["1", "2", "[3,4]", "\"x,y\""]);
        assert!("a.b=1,,2".parse::<Vary>().is_err());
        assert!("=1".parse::<Vary>().is_err());
        assert!("a.b".parse::<Vary>().is_err());
    }
}
