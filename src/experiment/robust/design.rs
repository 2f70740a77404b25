//! Where to look: a seeded Latin hypercube over the uncertain parameters, and the scenario of
//! each point.
//!
//! Each parameter's probability range [0, 1] is cut into N strata of equal probability; every
//! stratum holds exactly one of the N points (at a random place inside it), and the strata are
//! matched across parameters by independent random permutations. So every parameter is
//! covered evenly from end to end whatever N is, and N points estimate a mean over the
//! parameter space with a variance no larger than N independent points give (up to a factor
//! N / (N − 1), McKay, Beckman and Conover 1979; Owen 1997).

use rand::RngExt;

use crate::engine::stream_rng;
use crate::scenario::{Scenario, ScenarioError, UncertainParameter, apply_overrides};

/// The "replication" coordinate of the design's random streams: far from the replication
/// indices of the simulations, so the design never shares a stream with a replication.
const DESIGN_STREAMS: u64 = u64::MAX;

/// A stream number from a parameter's canonical path (FNV-1a), so that a parameter's column
/// of the design depends only on its path, the seed and N: adding or removing another
/// parameter leaves it as it was.
pub(crate) fn path_stream(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The probability coordinates of a Latin hypercube: `points` rows, one column per parameter,
/// each in [0, 1). Column `j` is drawn from its own stream, keyed by `keys[j]`.
pub fn latin_hypercube(seed: u64, keys: &[u64], points: usize) -> Vec<Vec<f64>> {
    let mut rows = vec![vec![0.0; keys.len()]; points];
    for (j, &key) in keys.iter().enumerate() {
        let mut rng = stream_rng(seed, DESIGN_STREAMS, key);
        // Fisher–Yates, written out so the design does not depend on a library's shuffle.
        let mut strata: Vec<usize> = (0..points).collect();
        for i in (1..points).rev() {
            let k = rng.random_range(0..=i);
            strata.swap(i, k);
        }
        for (row, &s) in rows.iter_mut().zip(&strata) {
            let jitter: f64 = rng.random();
            row[j] = (s as f64 + jitter) / points as f64;
        }
    }
    rows
}

/// The sampled parameter values of every point: `points` rows, one value per parameter in
/// `parameters` order (whole-number parameters take whole values).
pub fn design_values(seed: u64, parameters: &[UncertainParameter], points: usize) -> Vec<Vec<f64>> {
    let keys: Vec<u64> = parameters
        .iter()
        .map(|p| path_stream(&p.canonical))
        .collect();
    latin_hypercube(seed, &keys, points)
        .into_iter()
        .map(|u| {
            parameters
                .iter()
                .zip(u)
                .map(|(p, u)| p.value_at(u))
                .collect()
        })
        .collect()
}

/// The scenario of one point: `base` with each parameter set to its value, validated; `label`
/// names the base scenario in messages.
pub fn point_scenario(
    base: &Scenario,
    parameters: &[UncertainParameter],
    values: &[f64],
    label: &str,
) -> Result<Scenario, ScenarioError> {
    let sets: Vec<_> = parameters
        .iter()
        .zip(values)
        .map(|(p, &v)| p.set_to(v))
        .collect();
    let mut scenario = apply_overrides(base.clone(), &sets)?;
    // The ranges belong to the whole study, not to one point.
    scenario.uncertainty.clear();
    scenario.validate(label)?;
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stratum_of_every_column_holds_exactly_one_point() {
        let n = 37;
        let rows = latin_hypercube(11, &[1, 2, 3], n);
        for j in 0..3 {
            let mut strata: Vec<usize> = rows.iter().map(|r| (r[j] * n as f64) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
        // Columns are permuted independently: not all in the same order.
        assert!(
            rows.iter()
                .any(|r| (r[0] * n as f64) as usize != (r[1] * n as f64) as usize)
        );
        // A column depends only on its key.
        let alone = latin_hypercube(11, &[2], n);
        assert!(rows.iter().zip(&alone).all(|(a, b)| a[1] == b[0]));
    }
}
