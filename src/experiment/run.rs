//! Running an experiment: scenario x replications on a thread pool.

use std::time::Instant;

use rayon::prelude::*;

use crate::scenario::Scenario;
use crate::sim::{Kpi, Model, ModelError, ReplicationResult, simulate};
use crate::stats::Summary;

use super::aggregate::PolicyResult;

/// Why an experiment could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The scenario could not be compiled (an internal error).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The thread pool could not be created.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads {
        /// Requested thread count.
        threads: usize,
        /// The system's reason.
        message: String,
    },
}

/// Replications of a scenario, ready to run.
pub struct Experiment {
    model: Model,
    replications: u64,
    seed: u64,
    threads: usize,
}

/// The outcome of an experiment.
#[derive(Debug, Clone)]
pub struct ExperimentResult {
    /// Per policy, in scenario order.
    pub policies: Vec<PolicyResult>,
    /// Replications per policy.
    pub replications: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock time (seconds).
    pub wall_seconds: f64,
}

/// Replications handed to the pool at once; results are folded in index order after each
/// batch, so memory stays flat and the result does not depend on the batch size.
const BATCH: u64 = 64;

impl Experiment {
    /// An experiment with the scenario's replications and seed, on all cores.
    pub fn new(scenario: &Scenario) -> Result<Experiment, RunError> {
        Ok(Experiment {
            model: Model::new(scenario)?,
            replications: scenario.experiment.replications as u64,
            seed: scenario.experiment.seed,
            threads: 0,
        })
    }

    /// Sets the number of replications per policy.
    pub fn replications(mut self, n: u64) -> Self {
        self.replications = n;
        self
    }

    /// Sets the master seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the worker thread count (0 = all cores).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// The compiled model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Runs every replication and aggregates the results.
    pub fn run(&self) -> Result<ExperimentResult, RunError> {
        let started = Instant::now();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .map_err(|e| RunError::Threads {
                threads: self.threads,
                message: e.to_string(),
            })?;
        let rows = self.model.units.len() + 1;
        let mut policy = PolicyResult::new("status_quo", rows, self.model.months);
        let mut next = 0;
        while next < self.replications {
            let end = (next + BATCH).min(self.replications);
            let batch: Vec<ReplicationResult> = pool.install(|| {
                (next..end)
                    .into_par_iter()
                    .map(|r| simulate(&self.model, self.seed, r))
                    .collect()
            });
            for r in &batch {
                policy.push(r);
            }
            next = end;
        }
        Ok(ExperimentResult {
            policies: vec![policy],
            replications: self.replications,
            seed: self.seed,
            threads: pool.current_num_threads(),
            wall_seconds: started.elapsed().as_secs_f64(),
        })
    }
}

impl ExperimentResult {
    /// The result of the named policy.
    pub fn policy(&self, name: &str) -> Option<&PolicyResult> {
        self.policies.iter().find(|p| p.name == name)
    }

    /// Summary of one KPI for one policy.
    pub fn summary(&self, policy: &str, kpi: Kpi) -> Option<Summary> {
        self.policy(policy).map(|p| p.summary(kpi))
    }

    /// Events simulated over all policies and replications.
    pub fn events(&self) -> u64 {
        self.policies.iter().map(|p| p.events).sum()
    }
}
