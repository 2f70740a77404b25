//! `[uncertainty]`: the plausible range of each assumed parameter, for `mutasi robust`.
//!
//! ```toml
//! [uncertainty]
//! "stress.rise_per_month" = [0.5, 2.0]                        # uniform on [0.5, 2.0]
//! "units.adminduk.cases.request.complaint_prob" = { kind = "triangular", min = 0.05, mode = 0.1, max = 0.3 }
//! ```
//!
//! A key is a `--set` path (see [`Override`](super::Override)); a value is a range `[min, max]`
//! (uniform) or a distribution with a `kind`. Every distribution is bounded, and the scenario
//! must be valid with the parameter at either end of its range (the other parameters at their
//! values in the file); `mutasi robust` checks every sampled point again as a whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Override, Problem, Scenario, apply_overrides};
use crate::stats::{normal_cdf, normal_quantile};

/// The plausible values of one parameter: a bounded distribution.
// `remote = "Self"`: the derived table form is the inherent `Uncertain::deserialize`, which
// the `Deserialize` impl below calls after the `[min, max]` shorthand.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(
    remote = "Self",
    tag = "kind",
    rename_all = "lowercase",
    deny_unknown_fields
)]
pub enum Uncertain {
    /// Every value in `[min, max]` equally likely (written `[min, max]`).
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// Most likely at `mode`, falling linearly to zero at `min` and `max`.
    Triangular {
        /// Lowest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Highest value.
        max: f64,
    },
    /// A normal distribution (`mean`, `sd`) cut to `[min, max]`.
    Normal {
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation, > 0.
        sd: f64,
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// Uniform in the logarithm: each factor of ten in `[min, max]` equally likely (min > 0);
    /// for a parameter known only to its order of magnitude.
    LogUniform {
        /// Lowest value, > 0.
        min: f64,
        /// Highest value.
        max: f64,
    },
}

/// What a value of `[uncertainty]` may be, for error messages.
const EXPECTED: &str = "a range [min, max] or a table { kind = \"uniform\" | \"triangular\" | \
                        \"normal\" | \"loguniform\", ... }";

impl Uncertain {
    /// Lowest and highest value.
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Uncertain::Uniform { min, max }
            | Uncertain::Triangular { min, max, .. }
            | Uncertain::Normal { min, max, .. }
            | Uncertain::LogUniform { min, max } => (min, max),
        }
    }

    /// Name of the distribution (`uniform`, `triangular`, `normal`, `loguniform`).
    pub fn kind(&self) -> &'static str {
        match self {
            Uncertain::Uniform { .. } => "uniform",
            Uncertain::Triangular { .. } => "triangular",
            Uncertain::Normal { .. } => "normal",
            Uncertain::LogUniform { .. } => "loguniform",
        }
    }

    /// The distribution in one line, as written in a scenario (`[0.5, 2]`,
    /// `triangular 0.05 / 0.1 / 0.3`).
    pub fn describe(&self) -> String {
        match *self {
            Uncertain::Uniform { min, max } => format!("uniform [{min}, {max}]"),
            Uncertain::Triangular { min, mode, max } => {
                format!("triangular [{min}, {max}], mode {mode}")
            }
            Uncertain::Normal { mean, sd, min, max } => {
                format!("normal (mean {mean}, sd {sd}) cut to [{min}, {max}]")
            }
            Uncertain::LogUniform { min, max } => format!("log-uniform [{min}, {max}]"),
        }
    }

    /// The value at probability `u` in [0, 1] (the inverse of the distribution function), so
    /// that a design stratified in `u` is stratified in the parameter.
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        let value = match *self {
            Uncertain::Uniform { min, max } => min + u * (max - min),
            Uncertain::Triangular { min, mode, max } => {
                let split = (mode - min) / (max - min);
                if u < split {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            Uncertain::Normal { mean, sd, min, max } => {
                let (a, b) = (normal_cdf((min - mean) / sd), normal_cdf((max - mean) / sd));
                mean + sd * normal_quantile((a + u * (b - a)).clamp(1e-300, 1.0 - 1e-16))
            }
            Uncertain::LogUniform { min, max } => (min.ln() + u * (max.ln() - min.ln())).exp(),
        };
        let (min, max) = self.bounds();
        // Not `clamp`: it panics on a range the wrong way round (refused by validation).
        value.max(min).min(max)
    }

    /// Problems with the distribution's own numbers: (field, value, expected).
    fn own_problems(&self) -> Vec<(&'static str, f64, String)> {
        let mut out = Vec::new();
        let (min, max) = self.bounds();
        let mut finite = |name: &'static str, v: f64| {
            if !v.is_finite() {
                out.push((name, v, "a finite number".to_string()));
            }
        };
        finite("min", min);
        finite("max", max);
        match *self {
            Uncertain::Triangular { mode, .. } => finite("mode", mode),
            Uncertain::Normal { mean, sd, .. } => {
                finite("mean", mean);
                finite("sd", sd);
            }
            _ => {}
        }
        if !out.is_empty() {
            return out;
        }
        if min >= max {
            out.push((
                "max",
                max,
                format!("a number > min = {min} (to fix a value, use --set instead)"),
            ));
            return out;
        }
        match *self {
            Uncertain::Triangular { mode, .. } if !(min..=max).contains(&mode) => {
                out.push((
                    "mode",
                    mode,
                    format!("a number in [min, max] = [{min}, {max}]"),
                ));
            }
            Uncertain::Normal { mean, sd, .. } => {
                if sd <= 0.0 {
                    out.push(("sd", sd, "a number > 0".to_string()));
                } else if normal_cdf((max - mean) / sd) - normal_cdf((min - mean) / sd) < 1e-9 {
                    out.push((
                        "mean",
                        mean,
                        format!(
                            "a mean within a few sd of [min, max] = [{min}, {max}]: the normal \
                             distribution has almost no probability there"
                        ),
                    ));
                }
            }
            Uncertain::LogUniform { .. } if min <= 0.0 => {
                out.push(("min", min, "a number > 0 (a log-uniform range)".to_string()));
            }
            _ => {}
        }
        out
    }
}

impl Serialize for Uncertain {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let fields: Vec<(&str, f64)> = match *self {
            Uncertain::Uniform { min, max } | Uncertain::LogUniform { min, max } => {
                vec![("min", min), ("max", max)]
            }
            Uncertain::Triangular { min, mode, max } => {
                vec![("min", min), ("mode", mode), ("max", max)]
            }
            Uncertain::Normal { mean, sd, min, max } => {
                vec![("mean", mean), ("sd", sd), ("min", min), ("max", max)]
            }
        };
        let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
        map.serialize_entry("kind", self.kind())?;
        for (k, v) in fields {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Uncertain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::Value::deserialize(deserializer)?;
        match value {
            toml::Value::Array(items) => {
                let numbers: Option<Vec<f64>> = items
                    .iter()
                    .map(|v| match v {
                        toml::Value::Float(x) => Some(*x),
                        toml::Value::Integer(i) => Some(*i as f64),
                        _ => None,
                    })
                    .collect();
                match numbers.as_deref() {
                    Some(&[min, max]) => Ok(Uncertain::Uniform { min, max }),
                    _ => Err(D::Error::custom(format!(
                        "a range is two numbers [min, max], found {} item(s); expected {EXPECTED}",
                        items.len()
                    ))),
                }
            }
            table @ toml::Value::Table(_) => Uncertain::deserialize(table)
                .map_err(|e: toml::de::Error| D::Error::custom(e.message().trim())),
            other => Err(D::Error::custom(format!(
                "found a {}, expected {EXPECTED}",
                other.type_str()
            ))),
        }
    }
}

/// One uncertain parameter, resolved against a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainParameter {
    /// The path as written (a `--set` path).
    pub path: String,
    /// The same path with every list entry as its index, e.g. `units.3.cases.0.complaint_prob`.
    pub canonical: String,
    /// Its plausible values.
    pub range: Uncertain,
    /// Whether the parameter takes whole numbers only (staff, positions): a uniform range
    /// then gives each whole number in it the same probability, other distributions are
    /// rounded to the nearest one.
    pub whole: bool,
    /// Its value in the scenario (NaN when the file leaves an optional field out).
    pub nominal: f64,
}

impl UncertainParameter {
    /// The parameter's value at probability `u` in [0, 1].
    pub fn value_at(&self, u: f64) -> f64 {
        if !self.whole {
            return self.range.quantile(u);
        }
        let (min, max) = self.range.bounds();
        let (lo, hi) = (min.ceil(), max.floor());
        let v = match self.range {
            // Each whole number in [lo, hi] takes an equal share of [0, 1).
            Uncertain::Uniform { .. } => (lo + (u * (hi - lo + 1.0)).floor()).min(hi),
            _ => self.range.quantile(u).round(),
        };
        v.max(lo).min(hi)
    }

    /// The `--set` override giving the parameter the value `v`.
    pub fn set_to(&self, v: f64) -> Override {
        let text = if self.whole {
            format!("{}", v as i64)
        } else {
            format!("{v:?}")
        };
        Override {
            assignment: format!("{}={text}", self.path),
            path: segments(&self.path),
            value: text,
        }
    }

    /// The two values the parameter can take at the ends of its range.
    fn ends(&self) -> [(&'static str, f64); 2] {
        let (min, max) = self.range.bounds();
        if self.whole {
            [("min", min.ceil()), ("max", max.floor())]
        } else {
            [("min", min), ("max", max)]
        }
    }
}

/// Path segments of a `--set` path (`units[0].staff` → `units`, `0`, `staff`).
fn segments(path: &str) -> Vec<String> {
    path.trim()
        .replace('[', ".")
        .replace(']', "")
        .split('.')
        .map(|s| s.trim().to_string())
        .collect()
}

/// Most `[uncertainty]` entries accepted: each is checked at both ends with a full
/// validation, and a study of more parameters than this is not a study a planner can read.
pub const MAX_UNCERTAIN: usize = 1000;

/// Parts of a scenario that are settings of the experiment or of the measured window, not
/// assumptions: every point must be measured alike for its KPIs to be comparable.
const NOT_ASSUMPTIONS: &[&str] = &["experiment", "horizon_years", "warmup_years", "calendar"];

/// Resolves every `[uncertainty]` entry against the scenario: the path must lead to a number
/// (or to an optional numeric field left out), and no two entries may name the same value.
/// Problems name `uncertainty."PATH"`.
pub fn uncertain_parameters(scenario: &Scenario) -> Result<Vec<UncertainParameter>, Vec<Problem>> {
    let (parameters, problems) = resolve(scenario);
    if problems.is_empty() {
        Ok(parameters)
    } else {
        Err(problems)
    }
}

/// The entries that resolve, and the problems of the others (and of every range).
fn resolve(scenario: &Scenario) -> (Vec<UncertainParameter>, Vec<Problem>) {
    let mut problems = Vec::new();
    if scenario.uncertainty.len() > MAX_UNCERTAIN {
        let problem = Problem {
            path: "uncertainty".into(),
            value: format!("{} entries", scenario.uncertainty.len()),
            expected: format!("at most {MAX_UNCERTAIN} uncertain parameters"),
        };
        return (Vec::new(), vec![problem]);
    }
    let mut out: Vec<UncertainParameter> = Vec::new();
    let tree = match toml::Value::try_from(scenario) {
        Ok(t) => t,
        Err(e) => {
            let problem = Problem {
                path: "uncertainty".into(),
                value: "the scenario".into(),
                expected: format!("a scenario that can be written as TOML ({e})"),
            };
            return (Vec::new(), vec![problem]);
        }
    };
    for (path, range) in &scenario.uncertainty {
        let at = format!("uncertainty.\"{path}\"");
        let mut fail = |value: String, expected: String| {
            problems.push(Problem {
                path: at.clone(),
                value,
                expected,
            })
        };
        let segs = segments(path);
        if segs.iter().any(String::is_empty) {
            fail(
                format!("\"{path}\""),
                "a --set path such as stress.rise_per_month (no empty part)".into(),
            );
            continue;
        }
        if NOT_ASSUMPTIONS.contains(&segs[0].as_str()) || segs[0] == "uncertainty" {
            fail(
                format!("\"{path}\""),
                "a behavioural or organisational parameter: the experiment settings, the \
                 calendar, the horizon and the warm-up are the same at every point so that \
                 KPIs are comparable"
                    .into(),
            );
            continue;
        }
        let (value, canonical) = match super::overrides::lookup(&tree, &segs) {
            Ok(found) => found,
            Err(message) => {
                fail(
                    format!("\"{path}\""),
                    format!("a path in the scenario: {message}"),
                );
                continue;
            }
        };
        let (whole, nominal) = match value {
            Some(toml::Value::Integer(i)) => (true, *i as f64),
            Some(toml::Value::Float(x)) => (false, *x),
            None => (false, f64::NAN),
            Some(other) => {
                fail(
                    format!("a {}", other.type_str()),
                    "a path to a number: only numbers can be varied".into(),
                );
                continue;
            }
        };
        if let Some(first) = out.iter().find(|p| p.canonical == canonical) {
            fail(
                format!("\"{path}\""),
                format!(
                    "each parameter once: \"{}\" names the same value ({canonical})",
                    first.path
                ),
            );
            continue;
        }
        let mut own = range.own_problems();
        let (min, max) = range.bounds();
        if whole && own.is_empty() && min.ceil() > max.floor() {
            own.push((
                "max",
                max,
                format!("a range with a whole number in it: the value at this path is a whole number (min = {min})"),
            ));
        }
        let well_formed = own.is_empty();
        for (field, v, expected) in own {
            fail(format!("{field} = {v}"), expected);
        }
        if well_formed {
            out.push(UncertainParameter {
                path: path.clone(),
                canonical,
                range: *range,
                whole,
                nominal,
            });
        }
    }
    (out, problems)
}

/// Every problem of the `[uncertainty]` table: paths that do not lead to a number, ranges
/// that are not ranges, and ends the scenario itself would refuse (checked one parameter at
/// a time, the others at their values in the file).
pub(crate) fn problems(scenario: &Scenario) -> Vec<Problem> {
    if scenario.uncertainty.is_empty() {
        return Vec::new();
    }
    let (parameters, mut out) = resolve(scenario);
    let mut base = scenario.clone();
    // The ends are checked without the table, so the check does not recurse.
    base.uncertainty = BTreeMap::new();
    // Problems the scenario has at its own values are reported once, by its own checks,
    // not again for every range.
    let own: Vec<String> = base.problems().iter().map(Problem::to_string).collect();
    for p in &parameters {
        // (message, ends at which it occurs): a problem at both ends is reported once.
        let mut found: Vec<(String, Vec<(&str, f64)>)> = Vec::new();
        for (end, v) in p.ends() {
            let messages = match apply_overrides(base.clone(), &[p.set_to(v)]) {
                Ok(s) => s.problems().iter().map(Problem::to_string).collect(),
                Err(super::ScenarioError::Override { problem, .. }) => vec![problem.to_string()],
                Err(e) => vec![e.to_string()],
            };
            for m in messages.into_iter().filter(|m| !own.contains(m)) {
                match found.iter_mut().find(|(f, _)| *f == m) {
                    Some((_, ends)) => ends.push((end, v)),
                    None => found.push((m, vec![(end, v)])),
                }
            }
        }
        for (message, ends) in found {
            let value = ends
                .iter()
                .map(|(end, v)| format!("{end} = {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(Problem {
                path: format!("uncertainty.\"{}\"", p.path),
                value,
                expected: format!("a range whose ends the scenario accepts: {message}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_stay_in_bounds_and_match_closed_forms() {
        let tri = Uncertain::Triangular {
            min: 0.0,
            mode: 1.0,
            max: 4.0,
        };
        // P(X <= 1) = 1/4 for a triangle with mode at a quarter of the range.
        assert!((tri.quantile(0.25) - 1.0).abs() < 1e-12);
        assert_eq!(tri.quantile(0.0), 0.0);
        assert_eq!(tri.quantile(1.0), 4.0);
        let log = Uncertain::LogUniform {
            min: 0.01,
            max: 1.0,
        };
        assert!((log.quantile(0.5) - 0.1).abs() < 1e-12);
        let normal = Uncertain::Normal {
            mean: 0.0,
            sd: 1.0,
            min: -1.0,
            max: 1.0,
        };
        assert!(normal.quantile(0.5).abs() < 1e-9);
        // Truncated to [-1, 1]: Φ(0.5) of the cut distribution sits at the 0.5 + 0.5 x
        // P(|Z| < z) point, i.e. z with Φ(z) = 0.5 + 0.25 x (Φ(1) - Φ(-1)).
        let q = normal.quantile(0.75);
        let target = 0.5 + 0.25 * (normal_cdf(1.0) - normal_cdf(-1.0));
        assert!((normal_cdf(q) - target).abs() < 1e-8, "{q}");
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-4);
    }

    #[test]
    fn whole_parameters_give_each_whole_number_an_equal_share() {
        let p = UncertainParameter {
            path: "units.0.staff".into(),
            canonical: "units.0.staff".into(),
            range: Uncertain::Uniform { min: 3.0, max: 5.0 },
            whole: true,
            nominal: 3.0,
        };
        let values: Vec<f64> = (0..6).map(|i| p.value_at((i as f64 + 0.5) / 6.0)).collect();
        assert_eq!(values, vec![3.0, 3.0, 4.0, 4.0, 5.0, 5.0]);
        assert_eq!(p.value_at(1.0), 5.0);
        assert_eq!(p.set_to(4.0).value, "4");
    }
}
