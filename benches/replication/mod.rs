//! The one way the benchmarks run a replication of mutasi, shared by `mmc.rs` and
//! `scale.rs` so both time the same thing (adapt here if the signature of `simulate`
//! changes).

use mutasi::sim::policy::{self, Policy, PolicySetup};
use mutasi::sim::{Model, ReplicationResult, simulate};

/// The scenario's baseline policy (`status_quo` unless the scenario says otherwise) and its
/// setup, built as the experiment runner builds the policy: afresh for each replication.
fn baseline_policy(model: &Model) -> (Box<dyn Policy>, PolicySetup) {
    let s = &model.scenario;
    let spec = s
        .policies
        .iter()
        .find(|p| p.name == s.baseline)
        .unwrap_or(&s.policies[0]);
    (
        policy::build(spec, model),
        PolicySetup::from_spec(spec, model),
    )
}

/// One replication of `model` under its baseline policy, policy construction included.
#[inline(never)]
pub fn run_mutasi(model: &Model, seed: u64) -> ReplicationResult {
    let (mut policy, setup) = baseline_policy(model);
    simulate(model, policy.as_mut(), &setup, seed, 0)
}
