//! Probability distributions of durations (work content, patience), in working hours.

use serde::{Deserialize, Serialize};

/// A distribution of a duration in working hours, chosen by `kind` in the scenario file,
/// e.g. `{ kind = "lognormal", mean_hours = 0.5, cv = 0.5 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// Exponential with the given mean (hours).
    Exponential {
        /// Mean duration (hours).
        mean_hours: f64,
    },
    /// Lognormal given by its mean (hours) and coefficient of variation (sd / mean).
    Lognormal {
        /// Mean duration (hours).
        mean_hours: f64,
        /// Coefficient of variation (sd / mean), from 0.001 to 10 (`CV_RANGE`).
        cv: f64,
    },
    /// Gamma given by its mean (hours) and coefficient of variation (sd / mean).
    Gamma {
        /// Mean duration (hours).
        mean_hours: f64,
        /// Coefficient of variation (sd / mean), from 0.001 to 10 (`CV_RANGE`).
        cv: f64,
    },
    /// Triangular on [min, max] with the given mode (hours).
    Triangular {
        /// Smallest duration (hours).
        min_hours: f64,
        /// Most likely duration (hours).
        mode_hours: f64,
        /// Largest duration (hours).
        max_hours: f64,
    },
    /// Uniform on [min, max] (hours).
    Uniform {
        /// Smallest duration (hours).
        min_hours: f64,
        /// Largest duration (hours).
        max_hours: f64,
    },
    /// Always the same duration (hours).
    Deterministic {
        /// The duration (hours).
        hours: f64,
    },
}

/// The coefficients of variation a scenario may ask for. Outside it the samplers break down
/// (a gamma shape of 1/cv² underflows to 0 or overflows to infinity); inside it lies every
/// plausible handling time (the shipped scenarios use 0.3 to 1.5).
pub const CV_RANGE: std::ops::RangeInclusive<f64> = 1e-3..=10.0;

impl Distribution {
    /// The mean of the distribution (hours).
    pub fn mean_hours(&self) -> f64 {
        match *self {
            Distribution::Exponential { mean_hours }
            | Distribution::Lognormal { mean_hours, .. }
            | Distribution::Gamma { mean_hours, .. } => mean_hours,
            Distribution::Triangular {
                min_hours,
                mode_hours,
                max_hours,
            } => (min_hours + mode_hours + max_hours) / 3.0,
            Distribution::Uniform {
                min_hours,
                max_hours,
            } => (min_hours + max_hours) / 2.0,
            Distribution::Deterministic { hours } => hours,
        }
    }

    /// Checks the parameters; returns (parameter name, value, expectation) for each problem.
    pub fn problems(&self) -> Vec<(&'static str, f64, &'static str)> {
        let mut out = Vec::new();
        let mut positive = |name, v: f64| {
            if !(v.is_finite() && v > 0.0) {
                out.push((name, v, "a finite number > 0"));
            }
        };
        match *self {
            Distribution::Exponential { mean_hours } => positive("mean_hours", mean_hours),
            Distribution::Lognormal { mean_hours, cv } | Distribution::Gamma { mean_hours, cv } => {
                positive("mean_hours", mean_hours);
                if !CV_RANGE.contains(&cv) {
                    out.push((
                        "cv",
                        cv,
                        "a number from 0.001 to 10 (use kind = \"deterministic\" for no variation)",
                    ));
                }
            }
            Distribution::Deterministic { hours } => positive("hours", hours),
            Distribution::Triangular {
                min_hours,
                mode_hours,
                max_hours,
            } => {
                for (n, v) in [
                    ("min_hours", min_hours),
                    ("mode_hours", mode_hours),
                    ("max_hours", max_hours),
                ] {
                    if !(v.is_finite() && v >= 0.0) {
                        out.push((n, v, "a finite number >= 0"));
                    }
                }
                if out.is_empty() && !(min_hours <= mode_hours && mode_hours <= max_hours) {
                    out.push((
                        "mode_hours",
                        mode_hours,
                        "min_hours <= mode_hours <= max_hours",
                    ));
                }
                if out.is_empty() && max_hours <= 0.0 {
                    out.push(("max_hours", max_hours, "a number > 0"));
                }
            }
            Distribution::Uniform {
                min_hours,
                max_hours,
            } => {
                for (n, v) in [("min_hours", min_hours), ("max_hours", max_hours)] {
                    if !(v.is_finite() && v >= 0.0) {
                        out.push((n, v, "a finite number >= 0"));
                    }
                }
                if out.is_empty() && max_hours <= min_hours {
                    out.push(("max_hours", max_hours, "a number > min_hours"));
                }
            }
        }
        out
    }
}
