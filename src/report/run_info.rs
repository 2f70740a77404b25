//! `run.json` (what was run, with what, how it stopped and how long it took), the sweep's
//! `run.json`, and the two files of a shard folder (`shard.json`, `shard-data.json`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::experiment::{ExperimentResult, Partial, Vary};
use crate::scenario::Scenario;
use crate::sim::Model;

use super::partial_files::{PartialFileError, PartialFiles};
use super::{OutputError, Replace, ResultsDir};

/// The fields every `run.json` opens with (a run's, a sweep's, an interrupted run's): whether
/// it holds a finished result, what wrote it and what was run.
#[derive(Debug, Serialize)]
pub struct RunHeader<'a> {
    /// `true` when every replication (every point of a sweep) finished.
    pub complete: bool,
    /// mutasi version that produced the results.
    pub version: &'static str,
    /// Scenario name.
    pub scenario_name: &'a str,
    /// Master seed (the same at every point of a sweep).
    pub seed: u64,
    /// Replications per policy (planned, the maximum under a target-CI rule, for an
    /// interrupted run; at every point of a sweep).
    pub replications: u64,
}

impl<'a> RunHeader<'a> {
    /// A finished run's header, written by this version.
    pub fn new(scenario_name: &'a str, seed: u64, replications: u64) -> RunHeader<'a> {
        RunHeader {
            complete: true,
            version: env!("CARGO_PKG_VERSION"),
            scenario_name,
            seed,
            replications,
        }
    }
}

/// Contents of `run.json`.
#[derive(Debug, Serialize)]
pub struct RunInfo<'a> {
    /// Completeness, version, scenario, seed and replications.
    #[serde(flatten)]
    pub run: RunHeader<'a>,
    /// Worker threads (the most any shard used, for a merged run).
    pub threads: usize,
    /// Policies, in output order.
    pub policies: Vec<&'a str>,
    /// The policy every other is compared with in `comparison.csv`.
    pub baseline: &'a str,
    /// Why the baseline differs from the scenario's, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_note: Option<&'a str>,
    /// `fixed`, `target_ci_reached`, `differences_resolved` or `max_replications`.
    pub stopping_rule: &'static str,
    /// Target 95 % CI half-width as a share of |mean| (target-CI runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ci: Option<f64>,
    /// Replications per policy allowed at most (target-CI runs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_replications: Option<u64>,
    /// The KPIs the target-CI rule watched (target-CI runs only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_kpis: Vec<&'static str>,
    /// The estimate furthest from the target at the end (target-CI runs only): what held the
    /// run back when `stopping_rule` is `max_replications`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limiting: Option<Limiting>,
    /// Notes on the statistics (e.g. why confidence intervals are empty).
    pub notes: Vec<String>,
    /// Whether `transfers.csv` lists every transfer order.
    pub transfer_log: bool,
    /// Number of shards merged into these results (absent for a single run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shards: Option<u64>,
    /// Months simulated, warm-up months excluded from statistics.
    pub months: usize,
    /// Warm-up months.
    pub warmup_months: usize,
    /// Wall-clock seconds of the simulation (summed over shards for a merged run).
    pub wall_seconds: f64,
    /// Events simulated in all.
    pub events: u64,
    /// True: counts and costs in `summary.csv`, `comparison.csv`, `replications.csv` and
    /// `sweep.csv` are per year of the measured period (older versions wrote totals).
    pub totals_per_year: bool,
    /// Years in the measured period (after the warm-up).
    pub measured_years: f64,
    /// The `--set` overrides applied, as typed.
    pub overrides: &'a [String],
    /// The full resolved scenario (defaults filled in, overrides applied).
    pub scenario: &'a Scenario,
}

/// The least precise estimate of a target-CI run, in `run.json`.
#[derive(Debug, Serialize)]
pub struct Limiting {
    /// The KPI.
    pub kpi: &'static str,
    /// The policy.
    pub policy: String,
    /// Its 95 % CI half-width as a share of |mean|.
    pub relative_half_width: f64,
    /// Whether that is above the target (the KPI held the run back).
    pub above_target: bool,
}

/// Builds the run description.
pub fn run_info<'a>(model: &'a Model, result: &'a ExperimentResult) -> RunInfo<'a> {
    RunInfo {
        run: RunHeader::new(&model.scenario.name, result.seed, result.replications),
        threads: result.threads,
        policies: result.policies.iter().map(|p| p.name.as_str()).collect(),
        baseline: &result.baseline,
        baseline_note: result.baseline_note.as_deref(),
        stopping_rule: result.stopping_rule.name(),
        target_ci: result.target_ci.map(|t| t.relative),
        max_replications: result.target_ci.map(|t| t.max_replications),
        target_kpis: result.target_kpis.iter().map(|k| k.name()).collect(),
        limiting: result.limiting().map(|w| Limiting {
            kpi: w.kpi.name(),
            above_target: result.target_ci.is_some_and(|t| w.relative > t.relative),
            policy: w.policy,
            relative_half_width: w.relative,
        }),
        notes: result.notes(),
        transfer_log: result.transfer_log,
        shards: result.shards,
        months: model.months,
        warmup_months: model.first_measured_month,
        wall_seconds: result.wall_seconds,
        events: result.events(),
        totals_per_year: true,
        measured_years: super::tables::measured_years(model),
        overrides: &model.scenario.overrides,
        scenario: &model.scenario,
    }
}

/// One point of a sweep in its `run.json`.
#[derive(Debug, Serialize)]
pub struct SweepPointInfo {
    /// Point number.
    pub point: usize,
    /// Folder of the point's results, relative to the sweep folder.
    pub folder: String,
    /// Value of each swept path.
    pub values: serde_json::Map<String, serde_json::Value>,
    /// Policies not simulated at this point: their scenario entry and everything outside
    /// the policies equal an earlier point's, so that point's results are theirs, bit for
    /// bit (a sweep of one policy's parameter simulates the others once).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reused: Vec<String>,
}

/// The grid of a sweep.
#[derive(Debug, Serialize)]
pub struct SweepGrid {
    /// Swept paths, in `--vary` order (the first changes slowest).
    pub parameters: Vec<String>,
    /// Every point.
    pub points: Vec<SweepPointInfo>,
}

/// Contents of a sweep's `run.json`: the base run's description plus the grid.
#[derive(Debug, Serialize)]
pub struct SweepInfo<'a> {
    /// Completeness (of every point), version, scenario, seed and replications.
    #[serde(flatten)]
    pub run: RunHeader<'a>,
    /// Worker threads.
    pub threads: usize,
    /// Policies, in output order.
    pub policies: Vec<String>,
    /// Months of the base scenario.
    pub months: usize,
    /// Warm-up months of the base scenario.
    pub warmup_months: usize,
    /// Wall-clock seconds over all points.
    pub wall_seconds: f64,
    /// Events over all points.
    pub events: u64,
    /// The grid.
    pub sweep: SweepGrid,
    /// True: counts and costs in `sweep.csv` are per year of the measured period.
    pub totals_per_year: bool,
    /// The base scenario (before the swept values).
    pub scenario: &'a Scenario,
}

impl<'a> SweepInfo<'a> {
    /// A sweep description with no point yet.
    pub fn new(base: &'a Model, vary: &[Vary], seed: u64, replications: u64) -> SweepInfo<'a> {
        SweepInfo {
            run: RunHeader::new(&base.scenario.name, seed, replications),
            threads: 0,
            policies: Vec::new(),
            months: base.months,
            warmup_months: base.first_measured_month,
            wall_seconds: 0.0,
            events: 0,
            sweep: SweepGrid {
                parameters: vary.iter().map(|v| v.path.clone()).collect(),
                points: Vec::new(),
            },
            totals_per_year: true,
            scenario: &base.scenario,
        }
    }

    /// Records a finished point whose results are in `folder`.
    /// Adds a point; `reused` names the policies whose results were taken from an earlier
    /// point (their events and time are not counted again).
    pub fn add_point(
        &mut self,
        point: usize,
        folder: &str,
        values: &[String],
        result: &ExperimentResult,
        reused: &[String],
    ) {
        let values = self
            .sweep
            .parameters
            .iter()
            .zip(values)
            .map(|(p, v)| (p.clone(), serde_json::Value::String(v.clone())))
            .collect();
        self.sweep.points.push(SweepPointInfo {
            point,
            folder: folder.to_string(),
            values,
            reused: reused.to_vec(),
        });
        if self.policies.is_empty() {
            self.policies = result.policies.iter().map(|p| p.name.clone()).collect();
        }
        self.threads = self.threads.max(result.threads);
        self.wall_seconds += result.wall_seconds;
        self.events += result
            .policies
            .iter()
            .filter(|p| !reused.contains(&p.name))
            .map(|p| p.events)
            .sum::<u64>();
    }
}

/// Description file of a shard folder.
pub const SHARD_META_FILE: &str = "shard.json";
/// Data file of a shard folder.
pub const SHARD_DATA_FILE: &str = "shard-data.json";
/// Both files of a shard folder.
const SHARD_FILES: PartialFiles = PartialFiles {
    meta: SHARD_META_FILE,
    data: SHARD_DATA_FILE,
};

/// Writes a shard's partial result into the folder `dir` (atomically, like a results folder).
pub fn write_shard(
    dir: &Path,
    partial: &Partial,
    replace: impl Into<Replace>,
) -> Result<(), OutputError> {
    let out = ResultsDir::create(dir, replace)?;
    SHARD_FILES.write(&out, partial)?;
    out.commit()
}

/// Why a shard folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ShardFileError {
    /// The folder has no `shard.json`.
    #[error(
        "'{}' is not a shard folder (no {SHARD_META_FILE}); shard folders are written by \
         `mutasi run --shard K/N -o DIR`",
        .0.display()
    )]
    NotShard(PathBuf),
    /// A file could not be read, or its content is wrong.
    #[error(transparent)]
    File(#[from] PartialFileError),
}

/// Reads a shard folder written by [`write_shard`].
pub fn read_shard(dir: &Path) -> Result<Partial, ShardFileError> {
    if !SHARD_FILES.present_in(dir) {
        return Err(ShardFileError::NotShard(dir.to_path_buf()));
    }
    Ok(SHARD_FILES.read(dir)?)
}
