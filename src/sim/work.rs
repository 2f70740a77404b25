//! Sampling durations (work content, patience) from a scenario [`Distribution`].

use rand::Rng;
use rand_distr::{Distribution as _, Exp, Gamma, LogNormal, Triangular, Uniform};

use crate::scenario::Distribution;

/// A ready-to-sample duration distribution (hours); built once per model.
#[derive(Debug, Clone)]
pub enum Duration {
    /// Exponential.
    Exponential(Exp<f64>),
    /// Lognormal.
    Lognormal(LogNormal<f64>),
    /// Gamma.
    Gamma(Gamma<f64>),
    /// Triangular.
    Triangular(Triangular<f64>),
    /// Uniform.
    Uniform(Uniform<f64>),
    /// Constant.
    Fixed(f64),
}

/// A distribution whose parameters the sampler refuses (validation rejects them first, so
/// this means a bug or a scenario built around validation).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{distribution:?}: {reason}")]
pub struct SamplerError {
    /// The distribution as given.
    pub distribution: Distribution,
    /// The sampler's reason (`rand_distr`'s message).
    pub reason: String,
}

impl Duration {
    /// Builds a sampler; fails only on parameters that validation should have rejected.
    pub fn new(d: &Distribution) -> Result<Duration, SamplerError> {
        let bad = |e: &dyn std::fmt::Display| SamplerError {
            distribution: d.clone(),
            reason: e.to_string(),
        };
        Ok(match *d {
            Distribution::Exponential { mean_hours } => {
                Duration::Exponential(Exp::new(1.0 / mean_hours).map_err(|e| bad(&e))?)
            }
            Distribution::Lognormal { mean_hours, cv } => {
                let s2 = (1.0 + cv * cv).ln();
                let mu = mean_hours.ln() - s2 / 2.0;
                Duration::Lognormal(LogNormal::new(mu, s2.sqrt()).map_err(|e| bad(&e))?)
            }
            Distribution::Gamma { mean_hours, cv } => {
                let shape = 1.0 / (cv * cv);
                Duration::Gamma(Gamma::new(shape, mean_hours / shape).map_err(|e| bad(&e))?)
            }
            Distribution::Triangular {
                min_hours,
                mode_hours,
                max_hours,
            } => {
                if max_hours <= min_hours {
                    Duration::Fixed(min_hours)
                } else {
                    Duration::Triangular(
                        Triangular::new(min_hours, max_hours, mode_hours).map_err(|e| bad(&e))?,
                    )
                }
            }
            Distribution::Uniform {
                min_hours,
                max_hours,
            } => Duration::Uniform(Uniform::new(min_hours, max_hours).map_err(|e| bad(&e))?),
            Distribution::Deterministic { hours } => Duration::Fixed(hours),
        })
    }

    /// One draw (hours); never negative.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = match self {
            Duration::Exponential(d) => d.sample(rng),
            Duration::Lognormal(d) => d.sample(rng),
            Duration::Gamma(d) => d.sample(rng),
            Duration::Triangular(d) => d.sample(rng),
            Duration::Uniform(d) => d.sample(rng),
            Duration::Fixed(x) => *x,
        };
        x.max(0.0)
    }
}
