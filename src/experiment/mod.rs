//! Monte Carlo: replications of a scenario on a rayon thread pool, seeded so that results
//! are bit-identical whatever the thread count or shard split, with paired comparisons of
//! policies, target-precision stopping, shards and merge, and parameter sweeps.
//!
//! Replication `r` of every policy draws from the same random streams (seeded by master
//! seed, `r` and stream), so policies are compared on common random numbers and their
//! paired differences are tight. Per-replication KPIs are kept in replication order; the
//! monthly series are folded with exact arithmetic, so no floating-point reduction depends
//! on which thread or which shard did the work.
//!
//! ```
//! use mutasi::experiment::{Experiment, HEADLINE_KPIS, Shard, merge};
//! use mutasi::scenario::{self, Override};
//! use mutasi::sim::Kpi;
//!
//! let sets: Vec<Override> = ["horizon_years=0.25", "warmup_years=0"]
//!     .iter()
//!     .map(|s| s.parse().expect("PATH=VALUE"))
//!     .collect();
//! let (scenario, _) = scenario::load("mmc", &sets).expect("shipped scenario");
//!
//! // A fixed run on two threads, reporting progress through a callback.
//! let experiment = Experiment::new(&scenario)?.threads(2).replications(8).seed(7);
//! let result = experiment.run_with(|p| {
//!     let _share_done = p.fraction();
//! })?;
//! let wait = result.summary("status_quo", Kpi::WaitDaysMean).expect("policy");
//! assert!(wait.ci95_low <= wait.mean && wait.mean <= wait.ci95_high);
//! for row in result.comparison() {
//!     // policy − baseline paired differences and the probability of being best
//!     let _ = (row.policy, row.kpi.name(), row.difference, row.p_best);
//! }
//!
//! // The same run in two shards (e.g. two cluster jobs), merged: identical KPIs.
//! let parts = (0..2)
//!     .map(|k| {
//!         let part = experiment.run_shard(Shard::new(k, 2).expect("valid shard"))?;
//!         Ok((format!("shard {k}"), part))
//!     })
//!     .collect::<Result<Vec<_>, mutasi::experiment::RunError>>()?;
//! let merged = merge(parts).expect("shards of one run");
//! assert_eq!(merged.result.policies[0].kpis.len(), 8);
//! let bits = |r: &mutasi::experiment::ExperimentResult| -> Vec<u64> {
//!     r.policies[0].kpis.iter().flatten().map(|v| v.to_bits()).collect()
//! };
//! assert_eq!(bits(&merged.result), bits(&result));
//!
//! // Replications until the headline KPIs' 95 % CIs are within 50 % of their means.
//! let adaptive = Experiment::new(&scenario)?
//!     .threads(2)
//!     .target_ci(0.5)
//!     .max_replications(128)
//!     .run()?;
//! println!("{} after {} replications", adaptive.stopping_rule.name(), adaptive.replications);
//! assert_eq!(HEADLINE_KPIS.len(), 5);
//! # Ok::<(), mutasi::experiment::RunError>(())
//! ```

mod aggregate;
mod compare;
mod exact;
mod progress;
pub mod robust;
mod run;
mod shard;
mod sweep;

pub use aggregate::{PolicyResult, Pooled, SeriesStats, TransferRow};
pub use compare::{
    Comparison, DEFAULT_MAX_REPLICATIONS, HEADLINE_KPIS, Imprecise, StoppingRule, TargetCi,
};
pub use exact::{ExactMoments, ExactSum};
pub use progress::{PolicyProgress, Progress};
pub use run::{
    BATCH, CheckpointProblem, Experiment, ExperimentResult, PolicyEntry, PolicyFactory, RunError,
};
pub use shard::{
    FORMAT, MergeError, Merged, Mismatch, Partial, PartialError, PartialMeta, ScenarioCopyError,
    Shard, ShardError, ShardProblem, merge,
};
pub(crate) use shard::{kpi_bits, kpi_names, missing_shards, same_kpis, scenario_copy};
pub use sweep::{Reuse, SweepError, SweepPoint, Vary, sweep_points};
