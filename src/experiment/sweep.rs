//! Parameter sweeps: the full grid (cartesian product) of scenario overrides, each point a
//! scenario of its own, run with the same seed and replications so that points differ only
//! by the parameters swept.

use std::collections::HashMap;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use super::{ExperimentResult, PolicyResult};
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
                ScenarioError::Override { problem, .. } => fail(problem.to_string()),
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

/// Reuse of work across the points of a sweep. A policy's replications depend on the
/// scenario only through everything but the other policies' entries: when a sweep varies
/// one policy's parameter (`policies.rotation_3y.every_years`), every other policy, the
/// baseline included, would give the same bits at every point. Each policy's result is
/// therefore keyed by the scenario without its `policies` (and the `--set` list that
/// records them) plus that policy's own entry; a key met at an earlier point is not
/// simulated again, and its result is kept only until its last use.
pub struct Reuse {
    /// Per point, per policy (in the experiment's order): the key.
    keys: Vec<Vec<String>>,
    /// Per key, points still to come that use it.
    left: HashMap<String, usize>,
    /// Results kept for later points, by key.
    kept: HashMap<String, PolicyResult>,
    /// The first point's result without its policies: what every point's result shares
    /// (baseline, seed, replications, transfer log).
    template: Option<ExperimentResult>,
}

/// SHA-256 of a value's JSON, as hex (keys stay small however large the scenario).
fn digest(v: &serde_json::Value) -> String {
    let d = Sha256::digest(v.to_string().as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

impl Reuse {
    /// The keys of every point's policies; `names` are the policies run, in order.
    pub fn new(points: &[SweepPoint], names: &[String]) -> Result<Reuse, SweepError> {
        let mut keys = Vec::with_capacity(points.len());
        let mut left: HashMap<String, usize> = HashMap::new();
        for point in points {
            let mut value = serde_json::to_value(&point.scenario)
                .map_err(|e| SweepError::Usage(format!("sweep point {}: {e}", point.index)))?;
            let policies = match value.as_object_mut() {
                Some(o) => {
                    o.remove("overrides");
                    o.remove("policies").unwrap_or_default()
                }
                None => serde_json::Value::Null,
            };
            let rest = digest(&value);
            let row: Vec<String> = names
                .iter()
                .map(|name| {
                    let entry = policies
                        .as_array()
                        .and_then(|list| list.iter().find(|p| p["name"] == name.as_str()))
                        .cloned()
                        .unwrap_or(serde_json::Value::Null);
                    format!("{rest}:{}", digest(&entry))
                })
                .collect();
            for k in &row {
                *left.entry(k.clone()).or_default() += 1;
            }
            keys.push(row);
        }
        Ok(Reuse {
            keys,
            left,
            kept: HashMap::new(),
            template: None,
        })
    }

    /// Per policy, how many points simulate it (the first point with each of its keys).
    pub fn planned_points(&self) -> Vec<u64> {
        let n = self.keys.first().map_or(0, Vec::len);
        let mut seen = std::collections::HashSet::new();
        let mut out = vec![0; n];
        for row in &self.keys {
            for (i, k) in row.iter().enumerate() {
                if seen.insert(k) {
                    out[i] += 1;
                }
            }
        }
        out
    }

    /// The policies point `point` must simulate (those whose result is not kept), in order.
    pub fn to_run(&self, point: usize, names: &[String]) -> Vec<String> {
        names
            .iter()
            .zip(&self.keys[point])
            .filter(|(_, k)| !self.kept.contains_key(*k))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// The full result of point `point`: `fresh` holds the policies of
    /// [`Reuse::to_run`] (`None` when it is empty), the others are the kept results.
    /// Call once per point, in order.
    pub fn complete(
        &mut self,
        point: usize,
        names: &[String],
        fresh: Option<ExperimentResult>,
    ) -> Result<ExperimentResult, SweepError> {
        let mut result = match (&self.template, &fresh) {
            // Every policy ran: the result as it is (the first point always is one).
            (_, Some(f)) if f.policies.len() == names.len() => f.clone(),
            (Some(t), _) => ExperimentResult {
                wall_seconds: fresh.as_ref().map_or(0.0, |f| f.wall_seconds),
                threads: fresh.as_ref().map_or(t.threads, |f| f.threads),
                ..t.clone()
            },
            (None, _) => {
                return Err(SweepError::Usage(
                    "the first sweep point must simulate every policy".into(),
                ));
            }
        };
        if self.template.is_none() {
            self.template = Some(ExperimentResult {
                policies: Vec::new(),
                ..result.clone()
            });
        }
        let mut fresh_policies = fresh.map(|f| f.policies).unwrap_or_default();
        let mut policies = Vec::with_capacity(names.len());
        for (name, key) in names.iter().zip(&self.keys[point]) {
            let p = match self.kept.get(key) {
                Some(kept) => kept.clone(),
                None => {
                    let i = fresh_policies
                        .iter()
                        .position(|p| &p.name == name)
                        .ok_or_else(|| {
                            SweepError::Usage(format!(
                                "sweep point {point}: no result for policy '{name}'"
                            ))
                        })?;
                    fresh_policies.swap_remove(i)
                }
            };
            let left = self.left.entry(key.clone()).or_default();
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.kept.remove(key);
            } else if !self.kept.contains_key(key) {
                self.kept.insert(key.clone(), p.clone());
            }
            policies.push(p);
        }
        result.policies = policies;
        Ok(result)
    }
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
