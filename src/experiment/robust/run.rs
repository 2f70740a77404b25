//! Running a robustness study: every point of the design is an [`Experiment`] of its own
//! scenario, with the same seed and replications (so every point and every policy sees the
//! same random numbers), run one after the other on the thread pool.
//!
//! A point's KPIs are the means over its replications, which do not depend on the thread
//! count (see [`Experiment`]); points are kept in point order, so a study split into shards
//! (contiguous blocks of points) and merged, or interrupted and resumed, gives the same
//! numbers as one run.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::experiment::run::resolve_baseline;
use crate::experiment::{Experiment, ExperimentResult, Progress, RunError, Shard};
use crate::scenario::{Scenario, ScenarioError, UncertainParameter, uncertain_parameters};
use crate::sim::Kpi;
use crate::stats::Moments;

use super::design::{design_values, point_scenario};
use super::parts::{PartsError, study_difference};

/// Version of the robust partial files; bumped when their layout changes.
pub const ROBUST_FORMAT: u32 = 1;

/// Most points accepted (each runs every policy R times).
pub const MAX_POINTS: usize = 100_000;

/// Why a robustness study could not run.
#[derive(Debug, thiserror::Error)]
pub enum RobustError {
    /// The scenario's `[uncertainty]` table (with `--range`) has problems.
    #[error("{0}")]
    Uncertainty(ScenarioError),
    /// Nothing to vary.
    #[error(
        "no uncertain parameter: declare ranges in the scenario's [uncertainty] table or give \
         --range PATH=LO..HI (see docs/robust.md)"
    )]
    NoParameters,
    /// A number of points outside `4..=MAX_POINTS`.
    #[error(
        "--points {0}: a study needs between 4 and {MAX_POINTS} points (64 is the default; see \
         docs/robust.md for the precision each gives)"
    )]
    Points(usize),
    /// No replication per policy.
    #[error("-r/--replications must be at least 1")]
    ZeroReplications,
    /// No KPI to analyse.
    #[error("no KPI to analyse: name at least one with --kpis")]
    NoKpis,
    /// More shards than points.
    #[error(
        "{shards} shards for {points} points would leave shards empty: use at most {points} shards"
    )]
    TooManyShards {
        /// Shards asked for.
        shards: u64,
        /// Points of the study.
        points: u64,
    },
    /// A point number outside the design.
    #[error("no point {point} in a design of {points}")]
    NoPoint {
        /// The point asked for.
        point: usize,
        /// Points of the design.
        points: usize,
    },
    /// The base scenario does not serialise (an internal failure).
    #[error("internal: cannot serialise the scenario: {0}")]
    Serialise(toml::ser::Error),
    /// A point's scenario is invalid (two ranges that are valid alone but not together).
    #[error("robust point {point} ({label}): {source}")]
    Point {
        /// Point number.
        point: usize,
        /// `PATH=value` list of the point.
        label: String,
        /// The validation problems.
        source: ScenarioError,
    },
    /// A point's experiment failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The stop flag was raised: `run` holds every point completed (none half-done).
    #[error("interrupted after {} of {planned} point(s)", run.points.len())]
    Interrupted {
        /// Points completed, for a later resume.
        run: Box<RobustRun>,
        /// Points planned (in this shard).
        planned: usize,
    },
    /// Partial results that cannot be resumed or merged.
    #[error(transparent)]
    Parts(#[from] PartsError),
}

/// How a study is set up.
#[derive(Debug, Clone, PartialEq)]
pub struct RobustSettings {
    /// Points of the design (N).
    pub points: usize,
    /// Replications per policy at every point (R).
    pub replications: u64,
    /// Master seed: the design and every replication derive from it.
    pub seed: u64,
    /// Worker threads (0 = all cores); results do not depend on it.
    pub threads: usize,
    /// Only these policies, in this order (default: the scenario's).
    pub policies: Option<Vec<String>>,
    /// The KPIs analysed (the headline set unless chosen).
    pub kpis: Vec<Kpi>,
}

/// One point of the design with what every policy achieved there.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// 0-based point number.
    pub index: usize,
    /// The value of each uncertain parameter, in parameter order.
    pub values: Vec<f64>,
    /// Per policy (study order), every KPI ([`Kpi::ALL`] order): its mean over the
    /// replications where it is defined (NaN when it never is).
    pub kpis: Vec<Vec<f64>>,
    /// Events simulated at this point.
    pub events: u64,
}

/// What a study (or a shard or an interrupted part of one) is: enough to check that parts
/// belong together and to rebuild the design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RobustMeta {
    /// Layout version ([`ROBUST_FORMAT`]).
    pub format: u32,
    /// mutasi version that produced it.
    pub version: String,
    /// Scenario name.
    pub scenario_name: String,
    /// The resolved scenario with its `[uncertainty]` table, as exact TOML.
    pub scenario_toml: String,
    /// Master seed.
    pub seed: u64,
    /// Points of the whole design (N).
    pub points: usize,
    /// Replications per policy at every point (R).
    pub replications: u64,
    /// Policies, in output order.
    pub policies: Vec<String>,
    /// The policy differences are taken against.
    pub baseline: String,
    /// KPIs analysed, by name.
    pub kpis: Vec<String>,
    /// Uncertain parameters (paths as written), in design order.
    pub parameters: Vec<String>,
    /// Which shard (0/1 for a whole study).
    pub shard: Shard,
    /// First point of this part.
    pub first_point: usize,
    /// One past the last point this part was to run.
    pub end_point: usize,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock seconds (summed over parts).
    pub wall_seconds: f64,
    /// The `--set` overrides applied, as typed (already applied in `scenario_toml`).
    #[serde(default)]
    pub overrides: Vec<String>,
}

/// Points of a study (all of them, a shard's, or those completed before an interrupt).
#[derive(Debug, Clone, PartialEq)]
pub struct RobustRun {
    /// What the study is.
    pub meta: RobustMeta,
    /// Points completed, in point order.
    pub points: Vec<PointResult>,
}

impl RobustRun {
    /// Whether every point of the design is here.
    pub fn is_complete(&self) -> bool {
        self.points.len() == self.meta.points
            && self.points.iter().enumerate().all(|(i, p)| p.index == i)
    }

    /// Events simulated over all points.
    pub fn events(&self) -> u64 {
        self.points.iter().map(|p| p.events).sum()
    }
}

/// A robustness study of one scenario, ready to run.
pub struct RobustStudy {
    base: Scenario,
    parameters: Vec<UncertainParameter>,
    settings: RobustSettings,
    policies: Vec<String>,
    baseline: String,
    baseline_note: Option<String>,
    values: Vec<Vec<f64>>,
    label: String,
    stop: Option<Arc<AtomicBool>>,
}

impl RobustStudy {
    /// Sets up a study of `base` (whose `[uncertainty]` table names the parameters): draws
    /// the design and validates every point's scenario before anything runs; `label` names
    /// the scenario in messages.
    pub fn new(
        base: &Scenario,
        label: &str,
        settings: RobustSettings,
    ) -> Result<RobustStudy, RobustError> {
        let parameters = uncertain_parameters(base).map_err(|problems| {
            let invalid = ScenarioError::Invalid {
                file: label.to_string(),
                problems,
            };
            RobustError::Uncertainty(invalid)
        })?;
        if parameters.is_empty() {
            return Err(RobustError::NoParameters);
        }
        check_settings(&settings)?;
        let probe = Experiment::new(base)?;
        let probe = match &settings.policies {
            Some(names) => probe.only(names)?,
            None => probe,
        };
        let policies = probe.policy_names();
        let (baseline, baseline_note) = resolve_baseline(&base.baseline, &policies)?;
        let values = design_values(settings.seed, &parameters, settings.points);
        let study = RobustStudy {
            base: base.clone(),
            parameters,
            settings,
            policies,
            baseline,
            baseline_note,
            values,
            label: label.to_string(),
            stop: None,
        };
        // Every point is checked before anything runs (and rebuilt when it runs, so that a
        // large design does not hold thousands of scenarios in memory).
        for i in 0..study.values.len() {
            study.point(i)?;
        }
        Ok(study)
    }

    /// Watches `flag` (Ctrl-C): once raised, the point in progress is abandoned and the run
    /// returns [`RobustError::Interrupted`] with the points completed.
    pub fn stop_flag(mut self, flag: Arc<AtomicBool>) -> Self {
        self.stop = Some(flag);
        self
    }

    /// The uncertain parameters, in design order.
    pub fn parameters(&self) -> &[UncertainParameter] {
        &self.parameters
    }

    /// The policies run at every point.
    pub fn policy_names(&self) -> &[String] {
        &self.policies
    }

    /// The baseline of the differences.
    pub fn baseline(&self) -> &str {
        &self.baseline
    }

    /// Why the baseline is not the scenario's, when it is not.
    pub fn baseline_note(&self) -> Option<&str> {
        self.baseline_note.as_deref()
    }

    /// The settings.
    pub fn settings(&self) -> &RobustSettings {
        &self.settings
    }

    /// The scenario of point `i`: the base with the point's sampled values applied,
    /// validated.
    pub fn point(&self, i: usize) -> Result<Scenario, RobustError> {
        let values = self.values.get(i).ok_or(RobustError::NoPoint {
            point: i,
            points: self.values.len(),
        })?;
        point_scenario(&self.base, &self.parameters, values, &self.label).map_err(|source| {
            RobustError::Point {
                point: i,
                label: point_label(&self.parameters, values),
                source,
            }
        })
    }

    /// `PATH=value` list of point `i`, for messages.
    pub fn point_label(&self, i: usize) -> String {
        self.values
            .get(i)
            .map(|v| point_label(&self.parameters, v))
            .unwrap_or_default()
    }

    /// The description shared by every part of this study.
    pub fn meta(&self, shard: Shard, range: Range<usize>) -> Result<RobustMeta, RobustError> {
        let scenario_toml = toml::to_string(&self.base).map_err(RobustError::Serialise)?;
        Ok(RobustMeta {
            format: ROBUST_FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_name: self.base.name.clone(),
            scenario_toml,
            seed: self.settings.seed,
            points: self.settings.points,
            replications: self.settings.replications,
            policies: self.policies.clone(),
            baseline: self.baseline.clone(),
            kpis: self
                .settings
                .kpis
                .iter()
                .map(|k| k.name().to_string())
                .collect(),
            parameters: self.parameters.iter().map(|p| p.path.clone()).collect(),
            shard,
            first_point: range.start,
            end_point: range.end,
            threads: 0,
            wall_seconds: 0.0,
            overrides: self.base.overrides.clone(),
        })
    }

    /// Runs every point, continuing `resume` (the points of an interrupted run of this same
    /// study) when given; `progress` gets the replications per policy of the points done
    /// before the current one, and the current point's progress.
    pub fn run_with(
        &self,
        resume: Option<RobustRun>,
        progress: impl Fn(u64, &Progress<'_>) + Sync,
    ) -> Result<RobustRun, RobustError> {
        let whole = Shard { index: 0, count: 1 };
        let mut run = match resume {
            Some(r) => {
                self.check_resume(&r)?;
                r
            }
            None => RobustRun {
                meta: self.meta(whole, 0..self.settings.points)?,
                points: Vec::new(),
            },
        };
        let start = run.points.len();
        self.execute(&mut run, start..self.settings.points, progress)?;
        Ok(run)
    }

    /// Runs only the points of one shard (see [`Shard::range`]) for a later merge.
    pub fn run_shard_with(
        &self,
        shard: Shard,
        progress: impl Fn(u64, &Progress<'_>) + Sync,
    ) -> Result<RobustRun, RobustError> {
        let n = self.settings.points as u64;
        if shard.count > n {
            return Err(RobustError::TooManyShards {
                shards: shard.count,
                points: n,
            });
        }
        let r = shard.range(n);
        let range = r.start as usize..r.end as usize;
        let mut run = RobustRun {
            meta: self.meta(shard, range.clone())?,
            points: Vec::new(),
        };
        self.execute(&mut run, range, progress)?;
        Ok(run)
    }

    /// Refuses the points of another study, naming what differs.
    fn check_resume(&self, r: &RobustRun) -> Result<(), RobustError> {
        let mine = self.meta(Shard { index: 0, count: 1 }, 0..self.settings.points)?;
        if let Some(difference) = study_difference(&mine, &r.meta) {
            return Err(PartsError::ResumeOther(difference).into());
        }
        if r.meta.shard.count != 1 || r.meta.first_point != 0 {
            return Err(PartsError::ResumeShard.into());
        }
        if r.points.len() > self.settings.points
            || r.points.iter().enumerate().any(|(i, p)| p.index != i)
        {
            return Err(PartsError::ResumePoints.into());
        }
        Ok(())
    }

    /// Runs the points `range` one after the other, appending each to `run` once all of its
    /// replications have finished.
    fn execute(
        &self,
        run: &mut RobustRun,
        range: Range<usize>,
        progress: impl Fn(u64, &Progress<'_>) + Sync,
    ) -> Result<(), RobustError> {
        let started = Instant::now();
        let earlier = run.meta.wall_seconds;
        let mut threads = 0;
        let planned = range.end - range.start;
        let reps = self.settings.replications;
        let stopping = || {
            self.stop
                .as_ref()
                .is_some_and(|f| f.load(Ordering::Relaxed))
        };
        for i in range.clone() {
            if stopping() {
                run.meta.wall_seconds = earlier + started.elapsed().as_secs_f64();
                return Err(RobustError::Interrupted {
                    run: Box::new(run.clone()),
                    planned,
                });
            }
            let mut experiment = Experiment::new(&self.point(i)?)?
                .threads(self.settings.threads)
                .replications(reps)
                .seed(self.settings.seed)
                .only(&self.policies)?
                .baseline(&self.baseline);
            if let Some(flag) = &self.stop {
                experiment = experiment.stop_flag(flag.clone());
            }
            let before = reps * (i - range.start) as u64;
            let result = match experiment.run_with(|p| progress(before, p)) {
                Ok(r) => r,
                Err(RunError::Interrupted { .. }) => {
                    run.meta.wall_seconds = earlier + started.elapsed().as_secs_f64();
                    return Err(RobustError::Interrupted {
                        run: Box::new(run.clone()),
                        planned,
                    });
                }
                Err(e) => return Err(e.into()),
            };
            threads = result.threads;
            run.points.push(point_result(i, &self.values[i], &result));
        }
        run.meta.threads = threads.max(run.meta.threads);
        run.meta.wall_seconds = earlier + started.elapsed().as_secs_f64();
        Ok(())
    }
}

/// The KPI means of every policy at one point.
fn point_result(index: usize, values: &[f64], result: &ExperimentResult) -> PointResult {
    let kpis = result
        .policies
        .iter()
        .map(|p| {
            Kpi::ALL
                .iter()
                .map(|&k| {
                    let mut m = Moments::default();
                    for v in p.values(k) {
                        m.push(v);
                    }
                    if m.n == 0 { f64::NAN } else { m.mean }
                })
                .collect()
        })
        .collect();
    PointResult {
        index,
        values: values.to_vec(),
        kpis,
        events: result.events(),
    }
}

/// `PATH=value, ...` of a point.
fn point_label(parameters: &[UncertainParameter], values: &[f64]) -> String {
    parameters
        .iter()
        .zip(values)
        .map(|(p, v)| format!("{}={v}", p.path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses settings that cannot give a study.
fn check_settings(s: &RobustSettings) -> Result<(), RobustError> {
    if s.points < 4 || s.points > MAX_POINTS {
        return Err(RobustError::Points(s.points));
    }
    if s.replications == 0 {
        return Err(RobustError::ZeroReplications);
    }
    if s.kpis.is_empty() {
        return Err(RobustError::NoKpis);
    }
    Ok(())
}
