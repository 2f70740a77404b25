//! The one way the benchmarks run a replication of mutasi, shared by `mmc.rs` and
//! `scale.rs` so both time the same thing (adapt here if the signature of `simulate`
//! changes).

use mutasi::sim::policy;
use mutasi::sim::{Model, ReplicationResult, simulate};

/// One replication of `model` under its baseline policy, policy construction included.
#[inline(never)]
pub fn run_mutasi(model: &Model, seed: u64) -> ReplicationResult {
    let (mut policy, setup) = policy::build_baseline(model);
    simulate(model, policy.as_mut(), &setup, seed, 0)
}
