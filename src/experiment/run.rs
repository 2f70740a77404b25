//! Running an experiment: policies x replications on a thread pool.
//!
//! Replications are handed to the pool in batches of [`BATCH`] x all policies. Inside a
//! batch, each worker folds its replication's series, histograms and events into the
//! policy's pooled statistics (exact arithmetic, so the order of the fold does not matter)
//! and hands back only the KPIs and the transfer log, which are stored in replication order.
//! Results therefore do not depend on the thread count, the batch size or the shard split.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use rayon::prelude::*;

use crate::scenario::Scenario;
use crate::sim::policy::{Policy, PolicySetup, build};
use crate::sim::{
    Kpi, Model, ModelError, ReplicationResult, SeriesScope, TransferRecord, UnitOutcomes, simulate,
    simulate_until,
};
use crate::stats::Summary;

use super::aggregate::{PolicyResult, Pooled};
use super::compare::{
    DEFAULT_MAX_REPLICATIONS, StoppingRule, TargetCi, least_precise, stopping_check,
};
use super::progress::{Counters, Progress};
use super::shard::{FORMAT, Mismatch, Partial, PartialMeta, Shard};

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
    /// A policy listed twice in [`Experiment::only`].
    #[error("policy '{0}' is listed twice; list each policy once")]
    DuplicatePolicy(String),
    /// No policy left to run.
    #[error("no policy to run; keep at least one (see --policies)")]
    NoPolicy,
    /// Zero replications asked for.
    #[error("the number of replications must be at least 1")]
    NoReplications,
    /// A target precision that is not a positive share of the mean.
    #[error("the target CI must be a positive share of the mean such as 0.05 (5 %), not {0}")]
    TargetCi(f64),
    /// A maximum below 2 replications under a target-CI rule.
    #[error(
        "a target CI needs at least 2 replications to estimate an interval; the maximum is {0}"
    )]
    TargetCiMaximum(u64),
    /// A shard of a target-CI run.
    #[error(
        "a shard runs a fixed share of the replications; a target-CI rule needs the whole run \
         (drop the target CI or the shard)"
    )]
    ShardWithTargetCi,
    /// More shards than replications.
    #[error(
        "{shards} shards for {replications} replications would leave shards empty: use at \
         most {replications} shards"
    )]
    TooManyShards {
        /// Shards asked for.
        shards: u64,
        /// Replications per policy.
        replications: u64,
    },
    /// A shard asked to continue a checkpoint.
    #[error("a shard cannot resume an interrupted run; rerun the shard")]
    ShardResume,
    /// The stop flag was raised (Ctrl-C): the run ended early. `checkpoint` holds every
    /// replication completed, in a form [`Experiment::resume_from`] continues from (`None`
    /// for a shard, which is simply rerun).
    #[error("interrupted after {completed} of {planned} replication(s) per policy")]
    Interrupted {
        /// Replications per policy completed (all policies alike).
        completed: u64,
        /// Replications per policy planned (the maximum under a target-CI rule).
        planned: u64,
        /// The completed replications, for a later resume.
        checkpoint: Option<Box<Partial>>,
    },
    /// A checkpoint of another experiment: the first thing that differs, the interrupted
    /// run's value first.
    #[error(
        "cannot resume: {0} (the interrupted run's, then this command's); resume with the same \
         scenario file, --set values and options, or start a new run"
    )]
    Resume(Mismatch),
    /// A checkpoint this run cannot continue from.
    #[error("cannot resume: {0}")]
    Checkpoint(CheckpointProblem),
}

/// Why a checkpoint of the same experiment cannot be continued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointProblem {
    /// It is a shard's partial result.
    #[error("the checkpoint is a shard, not an interrupted run")]
    Shard,
    /// It holds a number of replications this run cannot continue from.
    #[error("the checkpoint holds {0} replications, which this run cannot continue from")]
    Replications(u64),
    /// Its tables do not have its scenario's shape.
    #[error("the checkpoint's tables do not match its scenario")]
    Tables,
}

/// Makes a fresh policy for each replication.
pub type PolicyFactory = Arc<dyn Fn(&Model) -> Box<dyn Policy> + Send + Sync>;

/// A named policy of an experiment.
#[derive(Clone)]
pub struct PolicyEntry {
    /// Name in outputs.
    pub name: String,
    /// Support measures, where they apply and review timing, for every replication.
    pub setup: PolicySetup,
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
    baseline: String,
    target_relative: Option<f64>,
    /// KPIs a target-CI rule watches (default [`HEADLINE_KPIS`](super::HEADLINE_KPIS)).
    target_kpis: Vec<Kpi>,
    max_replications: u64,
    stop: Option<Arc<AtomicBool>>,
    resume: Option<Partial>,
    chunk: Option<u64>,
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
    /// Wall-clock time (seconds; summed over shards for a merged result).
    pub wall_seconds: f64,
    /// The policy every other is compared with.
    pub baseline: String,
    /// Why the baseline is not the one the scenario names, when it is not.
    pub baseline_note: Option<String>,
    /// Why the run stopped adding replications.
    pub stopping_rule: StoppingRule,
    /// The target precision, when the run had one.
    pub target_ci: Option<TargetCi>,
    /// The KPIs the target-CI rule watched (empty for a fixed run).
    pub target_kpis: Vec<Kpi>,
    /// Whether every transfer order was logged (`transfers.csv`).
    pub transfer_log: bool,
    /// Number of shards merged into this result (`None` for a single run).
    pub shards: Option<u64>,
}

/// Replications per policy handed to the pool at once: enough to keep every thread busy,
/// few enough that per-replication results in flight stay small. Target-CI rules are
/// checked after each batch, so runs stop at a multiple of it (or at the maximum).
pub const BATCH: u64 = 64;

/// Wall-clock seconds a block of replications of a fixed run aims to take (seconds). Work
/// is kept (and resumable) block by block, so an interrupt loses at most about this much;
/// blocks are at least one replication and at most [`BATCH`].
const BLOCK_SECONDS: f64 = 5.0;

impl Experiment {
    /// An experiment with the scenario's policies, baseline, replications and seed, on all
    /// cores.
    pub fn new(scenario: &Scenario) -> Result<Experiment, RunError> {
        let model = Model::new(scenario)?;
        let policies = scenario
            .policies
            .iter()
            .map(|spec| {
                let spec = spec.clone();
                PolicyEntry {
                    name: spec.name.clone(),
                    setup: PolicySetup::from_spec(&spec, &model),
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
            baseline: scenario.baseline.clone(),
            target_relative: None,
            target_kpis: super::compare::HEADLINE_KPIS.to_vec(),
            max_replications: DEFAULT_MAX_REPLICATIONS,
            stop: None,
            resume: None,
            chunk: None,
        })
    }

    /// Watches `flag`: once it is `true` (e.g. set by a Ctrl-C handler) no new replication
    /// starts, running ones give up within a few thousand events, and the run returns
    /// [`RunError::Interrupted`] with every replication completed so far.
    pub fn stop_flag(mut self, flag: Arc<AtomicBool>) -> Self {
        self.stop = Some(flag);
        self
    }

    /// Keeps completed work in blocks of exactly `n` replications per policy in a fixed run
    /// (default: blocks sized to take about five seconds, at most [`BATCH`]). The result does
    /// not depend on it; it only decides how much an interrupt can lose. Target-CI runs
    /// always work in batches of [`BATCH`].
    pub fn block_replications(mut self, n: u64) -> Self {
        self.chunk = Some(n.max(1));
        self
    }

    /// Continues from the checkpoint of an interrupted run of the same experiment (carried by
    /// [`RunError::Interrupted`]): the run then does only the missing replications and its
    /// result is bit for bit the uninterrupted one. Call after every other setting; refuses
    /// a checkpoint of another scenario, seed, policy list, replication count, transfer-log
    /// setting or mutasi version, naming what differs.
    pub fn resume_from(mut self, checkpoint: Partial) -> Result<Self, RunError> {
        let m = &checkpoint.meta;
        m.check_version().map_err(RunError::Resume)?;
        if m.shard.count != 1 || m.first_replication != 0 {
            return Err(RunError::Checkpoint(CheckpointProblem::Shard));
        }
        let planned = self.planned_replications();
        m.same_run(&self.run_key(planned)?)
            .map_err(RunError::Resume)?;
        if m.end_replication > planned
            || (self.target_relative.is_some() && !m.end_replication.is_multiple_of(BATCH))
        {
            return Err(RunError::Checkpoint(CheckpointProblem::Replications(
                m.end_replication,
            )));
        }
        if m.rows != self.model.series_rows.len()
            || m.months != self.model.months
            || checkpoint.policies.len() != m.policies.len()
        {
            return Err(RunError::Checkpoint(CheckpointProblem::Tables));
        }
        self.resume = Some(checkpoint);
        Ok(self)
    }

    /// Sets the number of replications per policy (ignored under a target-CI rule).
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

    /// Sets the baseline policy (default: the scenario's `baseline`). A baseline that is
    /// not among the policies run is replaced by the first policy, with a note in the result.
    pub fn baseline(mut self, name: &str) -> Self {
        self.baseline = name.to_string();
        self
    }

    /// Runs batches of [`BATCH`] replications until every headline KPI's 95 % CI half-width
    /// is at most `relative` x |mean| for every policy, or every paired difference with the
    /// baseline is resolved (see [`StoppingRule`]), or the maximum is reached (default
    /// [`DEFAULT_MAX_REPLICATIONS`]). The result equals a fixed run of as many replications.
    pub fn target_ci(mut self, relative: f64) -> Self {
        self.target_relative = Some(relative);
        self
    }

    /// The KPIs a target-CI rule watches (default the five of
    /// [`HEADLINE_KPIS`](super::HEADLINE_KPIS)); an empty list keeps the default.
    pub fn target_kpis(mut self, kpis: &[Kpi]) -> Self {
        if !kpis.is_empty() {
            self.target_kpis = kpis.to_vec();
        }
        self
    }

    /// Sets the maximum replications per policy of a target-CI run (default
    /// [`DEFAULT_MAX_REPLICATIONS`]).
    pub fn max_replications(mut self, n: u64) -> Self {
        self.max_replications = n;
        self
    }

    /// Adds a policy written in Rust, compared with the scenario's own: no support measures,
    /// reviews on the scenario's `[review]` timing. `make` builds a fresh one per replication.
    pub fn policy<P: Policy + 'static>(
        self,
        name: &str,
        make: impl Fn(&Model) -> P + Send + Sync + 'static,
    ) -> Self {
        self.policy_with(name, PolicySetup::default(), make)
    }

    /// Adds a policy written in Rust with its own support measures and review timing.
    pub fn policy_with<P: Policy + 'static>(
        mut self,
        name: &str,
        setup: PolicySetup,
        make: impl Fn(&Model) -> P + Send + Sync + 'static,
    ) -> Self {
        self.policies.push(PolicyEntry {
            name: name.to_string(),
            setup,
            factory: Arc::new(move |m: &Model| Box::new(make(m)) as Box<dyn Policy>),
        });
        self
    }

    /// Keeps only the named policies, in the given order.
    pub fn only(mut self, names: &[String]) -> Result<Self, RunError> {
        let mut kept: Vec<PolicyEntry> = Vec::with_capacity(names.len());
        for name in names {
            if kept.iter().any(|p| &p.name == name) {
                return Err(RunError::DuplicatePolicy(name.clone()));
            }
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

    /// Keeps monthly series for the units `scope` selects (default
    /// [`SeriesScope::Auto`]): every unit, or in a large organisation only the focus units
    /// and groups. Nothing else in the result depends on it.
    pub fn series(mut self, scope: SeriesScope) -> Self {
        self.model.set_series_scope(scope);
        self
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

    /// Replications per policy the run will do (at most, under a target-CI rule).
    pub fn planned_replications(&self) -> u64 {
        match self.target_relative {
            Some(_) => self.max_replications,
            None => self.replications,
        }
    }

    /// Runs one replication of one policy (the unit of work the pool runs).
    ///
    /// # Panics
    /// If `policy` is not an index into [`Experiment::policy_names`].
    pub fn replicate(&self, policy: usize, replication: u64) -> ReplicationResult {
        let entry = &self.policies[policy];
        let mut p = (entry.factory)(&self.model);
        simulate(
            &self.model,
            p.as_mut(),
            &entry.setup,
            self.seed,
            replication,
        )
    }

    /// Whether the stop flag is raised.
    fn stopping(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// The resolved scenario as exact TOML (what shards and checkpoints store).
    fn scenario_toml(&self) -> Result<String, RunError> {
        toml::to_string(&self.model.scenario).map_err(|e| {
            RunError::Model(ModelError::Serialize {
                message: e.to_string(),
            })
        })
    }

    /// Runs every replication of every policy and aggregates the results.
    pub fn run(&self) -> Result<ExperimentResult, RunError> {
        self.run_with(|_| {})
    }

    /// Runs like [`Experiment::run`], calling `progress` each time a replication finishes
    /// (from worker threads).
    pub fn run_with(
        &self,
        progress: impl Fn(&Progress<'_>) + Sync,
    ) -> Result<ExperimentResult, RunError> {
        let target = self.checked_target()?;
        let end = match target {
            Some(t) => t.max_replications,
            None => self.replications,
        };
        if end == 0 {
            return Err(RunError::NoReplications);
        }
        let (baseline, baseline_note) = self.resolve_baseline()?;
        let baseline_index = self
            .policies
            .iter()
            .position(|p| p.name == baseline)
            .unwrap_or(0);
        let start = self.resume.as_ref().map_or(0, |c| c.meta.end_replication);
        let out = self.execute(start..end, target, baseline_index, &progress)?;
        if out.interrupted {
            let completed = out.policies.first().map_or(0, |p| p.kpis.len() as u64);
            let meta = self.partial_meta(Shard { index: 0, count: 1 }, end, 0..completed, &out)?;
            return Err(RunError::Interrupted {
                completed,
                planned: end,
                checkpoint: Some(Box::new(Partial {
                    meta,
                    policies: out.policies,
                })),
            });
        }
        Ok(ExperimentResult {
            replications: out.policies.first().map_or(0, |p| p.kpis.len() as u64),
            policies: out.policies,
            seed: self.seed,
            threads: out.threads,
            wall_seconds: out.wall_seconds,
            baseline,
            baseline_note,
            stopping_rule: out.stopping_rule,
            target_ci: target,
            target_kpis: match target {
                Some(_) => self.target_kpis.clone(),
                None => Vec::new(),
            },
            transfer_log: self.model.log_transfers,
            shards: None,
        })
    }

    /// Runs only the replications of one shard (see [`Shard::range`]) and returns a partial
    /// result for [`merge`](super::merge).
    pub fn run_shard(&self, shard: Shard) -> Result<Partial, RunError> {
        self.run_shard_with(shard, |_| {})
    }

    /// Runs like [`Experiment::run_shard`], reporting progress.
    pub fn run_shard_with(
        &self,
        shard: Shard,
        progress: impl Fn(&Progress<'_>) + Sync,
    ) -> Result<Partial, RunError> {
        if self.target_relative.is_some() {
            return Err(RunError::ShardWithTargetCi);
        }
        if self.replications == 0 {
            return Err(RunError::NoReplications);
        }
        if shard.count > self.replications {
            return Err(RunError::TooManyShards {
                shards: shard.count,
                replications: self.replications,
            });
        }
        if self.resume.is_some() {
            return Err(RunError::ShardResume);
        }
        self.resolve_baseline()?;
        let range = shard.range(self.replications);
        let out = self.execute(range.clone(), None, 0, &progress)?;
        if out.interrupted {
            return Err(RunError::Interrupted {
                completed: out.policies.first().map_or(0, |p| p.kpis.len() as u64),
                planned: range.end - range.start,
                checkpoint: None,
            });
        }
        let meta = self.partial_meta(shard, self.replications, range, &out)?;
        Ok(Partial {
            meta,
            policies: out.policies,
        })
    }

    /// The description of the replications `range` of a run of `replications` per policy.
    fn partial_meta(
        &self,
        shard: Shard,
        replications: u64,
        range: Range<u64>,
        out: &Executed,
    ) -> Result<PartialMeta, RunError> {
        Ok(PartialMeta {
            shard,
            first_replication: range.start,
            end_replication: range.end,
            threads: out.threads,
            wall_seconds: out.wall_seconds,
            events: out.policies.iter().map(|p| p.events).sum(),
            ..self.run_key(replications)?
        })
    }

    /// What identifies a run of this experiment with `replications` per policy (no
    /// replication done yet): what a checkpoint must match to be continued by it.
    fn run_key(&self, replications: u64) -> Result<PartialMeta, RunError> {
        Ok(PartialMeta {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            shard: Shard { index: 0, count: 1 },
            replications,
            first_replication: 0,
            end_replication: 0,
            seed: self.seed,
            scenario_name: self.model.scenario.name.clone(),
            policies: self.policy_names(),
            baseline: self.baseline.clone(),
            transfer_log: self.model.log_transfers,
            series: self.model.series_scope,
            rows: self.model.series_rows.len(),
            months: self.model.months,
            threads: 0,
            wall_seconds: 0.0,
            events: 0,
            scenario_toml: self.scenario_toml()?,
            overrides: self.model.scenario.overrides.clone(),
        })
    }

    fn checked_target(&self) -> Result<Option<TargetCi>, RunError> {
        let Some(relative) = self.target_relative else {
            return Ok(None);
        };
        let t = TargetCi {
            relative,
            max_replications: self.max_replications,
        };
        if !(t.relative.is_finite() && t.relative > 0.0) {
            return Err(RunError::TargetCi(t.relative));
        }
        if t.max_replications < 2 {
            return Err(RunError::TargetCiMaximum(t.max_replications));
        }
        Ok(Some(t))
    }

    /// The baseline to compare with: the asked-for one when it is run, else the first
    /// policy with a note saying so.
    fn resolve_baseline(&self) -> Result<(String, Option<String>), RunError> {
        resolve_baseline(&self.baseline, &self.policy_names())
    }

    /// Runs the replications `range` (continuing the checkpoint, if any) block by block.
    /// A block's statistics are folded into the totals only once every replication of it
    /// has finished, so after an interrupt the totals hold exactly replications
    /// `0..completed` of every policy.
    fn execute(
        &self,
        range: Range<u64>,
        target: Option<TargetCi>,
        baseline: usize,
        progress: &(impl Fn(&Progress<'_>) + Sync),
    ) -> Result<Executed, RunError> {
        let started = Instant::now();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .map_err(|e| RunError::Threads {
                threads: self.threads,
                message: e.to_string(),
            })?;
        let rows = self.model.series_rows.len();
        let months = self.model.months;
        let (mut done, earlier_seconds) = match &self.resume {
            Some(c) => (c.policies.clone(), c.meta.wall_seconds),
            None => (
                self.policies
                    .iter()
                    .map(|p| PolicyResult::new(&p.name, rows, months))
                    .collect::<Vec<_>>(),
                0.0,
            ),
        };
        let counters = Counters::new(
            self.policies.iter().map(|p| p.name.as_str()).collect(),
            range.end - range.start,
        );
        let n_policies = self.policies.len() as u64;
        let threads = pool.current_num_threads() as u64;
        let mut block = match (target, self.chunk) {
            (Some(_), _) => BATCH,
            (None, Some(n)) => n,
            // A first block that keeps every thread busy; later ones are sized by time.
            (None, None) => (2 * threads).div_ceil(n_policies.max(1)).clamp(1, BATCH),
        };
        let mut stopping_rule = match target {
            Some(_) => StoppingRule::MaxReplications,
            None => StoppingRule::Fixed,
        };
        let stop = || self.stopping();
        let mut interrupted = false;
        let mut next = range.start;
        while next < range.end {
            if stop() {
                interrupted = true;
                break;
            }
            let block_started = Instant::now();
            let end = (next + block).min(range.end);
            let len = end - next;
            let Some((pooled, batch)) = self.run_block(&pool, next..end, &counters, progress)
            else {
                // Part of the block is missing: keep none of it.
                interrupted = true;
                break;
            };
            for (acc, pooled) in done.iter_mut().zip(pooled) {
                acc.series.merge(&pooled.series);
                acc.wait_days.merge(&pooled.wait_days);
                acc.resolution_days.merge(&pooled.resolution_days);
                acc.events += pooled.events;
            }
            for (i, (k, log, units)) in batch.into_iter().enumerate() {
                let acc = &mut done[i / len as usize];
                acc.kpis.push(k);
                acc.units.push(units);
                acc.push_transfers(next + (i as u64 % len), &log);
            }
            next = end;
            if let Some(t) = target {
                counters.set_limiting(least_precise(&done, &self.target_kpis));
                if let Some(rule) = stopping_check(&done, baseline, t.relative, &self.target_kpis) {
                    stopping_rule = rule;
                    break;
                }
            } else if self.chunk.is_none() {
                let per_replication = block_started.elapsed().as_secs_f64() / len as f64;
                block = ((BLOCK_SECONDS / per_replication.max(1e-9)) as u64).clamp(1, BATCH);
            }
        }
        Ok(Executed {
            policies: done,
            stopping_rule,
            threads: pool.current_num_threads(),
            wall_seconds: earlier_seconds + started.elapsed().as_secs_f64(),
            interrupted,
        })
    }

    /// Runs replications `block` of every policy on the pool: per policy, the pooled series
    /// of the block, and per policy and replication (policy-major) the KPIs and transfer
    /// log; `None` when the stop flag ended any of them.
    fn run_block(
        &self,
        pool: &rayon::ThreadPool,
        block: Range<u64>,
        counters: &Counters,
        progress: &(impl Fn(&Progress<'_>) + Sync),
    ) -> Option<(Vec<Pooled>, Vec<Kept>)> {
        let (rows, months) = (self.model.series_rows.len(), self.model.months);
        let len = block.end - block.start;
        let stop = || self.stopping();
        let pooled: Vec<Mutex<Pooled>> = self
            .policies
            .iter()
            .map(|_| Mutex::new(Pooled::new(rows, months)))
            .collect();
        let kept: Vec<Option<Kept>> = pool.install(|| {
            (0..self.policies.len() as u64 * len)
                .into_par_iter()
                .map(|i| {
                    if stop() {
                        return None;
                    }
                    let policy = (i / len) as usize;
                    let entry = &self.policies[policy];
                    let mut p = (entry.factory)(&self.model);
                    let r = simulate_until(
                        &self.model,
                        p.as_mut(),
                        &entry.setup,
                        self.seed,
                        block.start + i % len,
                        &stop,
                    )?;
                    pooled[policy]
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(&r);
                    counters.finished(policy, r.events);
                    progress(&counters.snapshot());
                    Some((r.kpis, r.transfers, r.units))
                })
                .collect()
        });
        let kept: Option<Vec<Kept>> = kept.into_iter().collect();
        let pooled = pooled
            .into_iter()
            .map(|p| p.into_inner().unwrap_or_else(PoisonError::into_inner))
            .collect();
        Some((pooled, kept?))
    }
}

/// The KPIs and transfer log of one replication, as kept in replication order.
type Kept = ([f64; Kpi::COUNT], Vec<TransferRecord>, UnitOutcomes);

/// What [`Experiment::execute`] produced.
struct Executed {
    /// Per policy: the replications completed (all of them unless interrupted).
    policies: Vec<PolicyResult>,
    stopping_rule: StoppingRule,
    threads: usize,
    /// Wall-clock seconds, including those of the interrupted run resumed.
    wall_seconds: f64,
    /// Whether the stop flag ended the run before its end.
    interrupted: bool,
}

/// The baseline among `policies`: `wanted` when present, else the first policy with a note.
pub(crate) fn resolve_baseline(
    wanted: &str,
    policies: &[String],
) -> Result<(String, Option<String>), RunError> {
    if policies.iter().any(|p| p == wanted) {
        return Ok((wanted.to_string(), None));
    }
    let first = policies.first().ok_or(RunError::NoPolicy)?;
    Ok((
        first.clone(),
        Some(format!(
            "the scenario's baseline '{wanted}' is not among the policies run ({}); \
             differences are taken against '{first}' instead",
            policies.join(", ")
        )),
    ))
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

    /// Plain-language notes about the statistics (e.g. why intervals are missing).
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.replications < 2 {
            notes.push(format!(
                "{} replication(s) per policy: confidence intervals and significance need at \
                 least 2, so those cells are empty; run with -r 2 or more",
                self.replications
            ));
        }
        if let Some(note) = &self.baseline_note {
            notes.push(note.clone());
        }
        notes
    }
}
