//! Running an experiment: policies x replications on a thread pool.

use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::scenario::Scenario;
use crate::sim::policy::{Policy, build};
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
    /// A policy name that the scenario does not define.
    #[error("no policy named '{name}' (policies: {known})")]
    UnknownPolicy {
        /// The name asked for.
        name: String,
        /// The policies available.
        known: String,
    },
}

/// Makes a fresh policy for each replication.
pub type PolicyFactory = Arc<dyn Fn(&Model) -> Box<dyn Policy> + Send + Sync>;

/// A named policy of an experiment.
#[derive(Clone)]
pub struct PolicyEntry {
    /// Name in outputs.
    pub name: String,
    /// Builds the policy.
    pub factory: PolicyFactory,
}

/// Policies x replications of a scenario, ready to run.
pub struct Experiment {
    model: Model,
    policies: Vec<PolicyEntry>,
    replications: u64,
    seed: u64,
    threads: usize,
}

/// The outcome of an experiment.
#[derive(Debug, Clone)]
pub struct ExperimentResult {
    /// Per policy, in experiment order.
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
    /// An experiment with the scenario's policies, replications and seed, on all cores.
    pub fn new(scenario: &Scenario) -> Result<Experiment, RunError> {
        let model = Model::new(scenario)?;
        let policies = scenario
            .policies
            .iter()
            .map(|spec| {
                let spec = spec.clone();
                PolicyEntry {
                    name: spec.name.clone(),
                    factory: Arc::new(move |m: &Model| build(&spec, m)),
                }
            })
            .collect();
        Ok(Experiment {
            model,
            policies,
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

    /// Adds a policy written in Rust, compared with the scenario's own.
    pub fn policy<P: Policy + 'static>(
        mut self,
        name: &str,
        make: impl Fn(&Model) -> P + Send + Sync + 'static,
    ) -> Self {
        self.policies.push(PolicyEntry {
            name: name.to_string(),
            factory: Arc::new(move |m: &Model| Box::new(make(m)) as Box<dyn Policy>),
        });
        self
    }

    /// Keeps only the named policies, in the given order.
    pub fn only(mut self, names: &[String]) -> Result<Self, RunError> {
        let mut kept = Vec::with_capacity(names.len());
        for name in names {
            match self.policies.iter().find(|p| &p.name == name) {
                Some(p) => kept.push(p.clone()),
                None => {
                    return Err(RunError::UnknownPolicy {
                        name: name.clone(),
                        known: self.policy_names().join(", "),
                    });
                }
            }
        }
        self.policies = kept;
        Ok(self)
    }

    /// Records every transfer order (for `transfers.csv`).
    pub fn log_transfers(mut self, on: bool) -> Self {
        self.model.log_transfers = on;
        self
    }

    /// Names of the policies, in order.
    pub fn policy_names(&self) -> Vec<String> {
        self.policies.iter().map(|p| p.name.clone()).collect()
    }

    /// The compiled model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Runs one replication of one policy (the unit of work the pool runs).
    pub fn replicate(&self, policy: usize, replication: u64) -> ReplicationResult {
        let mut p = (self.policies[policy].factory)(&self.model);
        simulate(&self.model, p.as_mut(), self.seed, replication)
    }

    /// Runs every replication of every policy and aggregates the results.
    pub fn run(&self) -> Result<ExperimentResult, RunError> {
        self.run_with(|_| {})
    }

    /// Runs like [`Experiment::run`], calling `progress(done)` after each batch.
    pub fn run_with(&self, progress: impl Fn(u64)) -> Result<ExperimentResult, RunError> {
        let started = Instant::now();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .map_err(|e| RunError::Threads {
                threads: self.threads,
                message: e.to_string(),
            })?;
        let rows = self.model.units.len() + 1;
        let mut results: Vec<PolicyResult> = self
            .policies
            .iter()
            .map(|p| PolicyResult::new(&p.name, rows, self.model.months))
            .collect();
        let n_policies = self.policies.len();
        let mut next = 0;
        while next < self.replications {
            let end = (next + BATCH).min(self.replications);
            let batch: Vec<ReplicationResult> = pool.install(|| {
                (0..n_policies as u64 * (end - next))
                    .into_par_iter()
                    .map(|i| {
                        let policy = (i / (end - next)) as usize;
                        self.replicate(policy, next + i % (end - next))
                    })
                    .collect()
            });
            for (i, r) in batch.iter().enumerate() {
                results[i / (end - next) as usize].push(r);
            }
            next = end;
            progress(next);
        }
        Ok(ExperimentResult {
            policies: results,
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
