//! `run.json`: what was run, with what, and how long it took.

use serde::Serialize;

use crate::experiment::ExperimentResult;
use crate::scenario::Scenario;
use crate::sim::Model;

/// Contents of `run.json`.
#[derive(Debug, Serialize)]
pub struct RunInfo<'a> {
    /// `true` when every replication finished.
    pub complete: bool,
    /// mutasi version that produced the results.
    pub version: &'static str,
    /// Scenario name.
    pub scenario_name: &'a str,
    /// Master seed.
    pub seed: u64,
    /// Replications per policy.
    pub replications: u64,
    /// Worker threads.
    pub threads: usize,
    /// Policies, in output order.
    pub policies: Vec<&'a str>,
    /// Months simulated, warm-up months excluded from statistics.
    pub months: usize,
    /// Warm-up months.
    pub warmup_months: usize,
    /// Wall-clock seconds of the simulation.
    pub wall_seconds: f64,
    /// Events simulated in all.
    pub events: u64,
    /// The full resolved scenario (defaults filled in, overrides applied).
    pub scenario: &'a Scenario,
}

/// Builds the run description.
pub fn run_info<'a>(model: &'a Model, result: &'a ExperimentResult) -> RunInfo<'a> {
    RunInfo {
        complete: true,
        version: env!("CARGO_PKG_VERSION"),
        scenario_name: &model.scenario.name,
        seed: result.seed,
        replications: result.replications,
        threads: result.threads,
        policies: result.policies.iter().map(|p| p.name.as_str()).collect(),
        months: model.months,
        warmup_months: model.first_measured_month,
        wall_seconds: result.wall_seconds,
        events: result.events(),
        scenario: &model.scenario,
    }
}
