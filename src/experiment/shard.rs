//! Shards: a run split over machines (Slurm job arrays, Kubernetes indexed jobs), each
//! running a contiguous block of replications, and the merge that turns the partial results
//! back into exactly the result of one run.
//!
//! Shard `k` of `n` runs replications `floor(k R / n) .. floor((k + 1) R / n)` of `R`.
//! Because every replication is seeded by its index, per-replication values are stored in
//! replication order and the series are accumulated exactly (see [`super::exact`]), the
//! merge reproduces the single-run result bit for bit.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::sim::{Kpi, Model, ModelError, SeriesScope};
use crate::stats::LogHistogram;

use super::aggregate::{PolicyResult, SavedUnits, SeriesStats, TransferRow};
use super::compare::StoppingRule;
use super::exact::ExactMoments;
use super::run::{ExperimentResult, resolve_baseline};

/// Version of the partial-result files; bumped when their layout changes (2: the description
/// file holds a digest of the data file).
pub const FORMAT: u32 = 2;

/// More shards than this is taken as a corrupt file rather than allocated.
const MAX_SHARDS: u64 = 1 << 20;

/// Which share of the replications a run does: shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shard {
    /// 0-based shard number.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Shard {
    /// Shard `index` of `count`; the index must be below the count.
    pub fn new(index: u64, count: u64) -> Result<Shard, ShardError> {
        if count == 0 {
            return Err(ShardError::NoShards);
        }
        if index >= count {
            return Err(ShardError::NoSuchShard { index, count });
        }
        Ok(Shard { index, count })
    }

    /// The replications of this shard out of `replications`: a contiguous block, shards in
    /// order covering `0..replications` exactly, sizes differing by at most one.
    pub fn range(&self, replications: u64) -> Range<u64> {
        let at = |k: u64| (k as u128 * replications as u128 / self.count as u128) as u64;
        at(self.index)..at(self.index + 1)
    }
}

/// Why `K/N` names no shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// A count of zero.
    #[error("the shard count must be at least 1 (K/N with N >= 1)")]
    NoShards,
    /// An index not below the count.
    #[error(
        "shard {index}/{count} does not exist: shards are numbered 0 to {} (K/N with K < N)",
        .count - 1
    )]
    NoSuchShard {
        /// The index asked for (0-based).
        index: u64,
        /// The shard count.
        count: u64,
    },
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("'{s}' is not K/N (e.g. 0/4 for the first of four shards)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse::<u64>().map_err(|_| bad())?;
        let n = n.trim().parse::<u64>().map_err(|_| bad())?;
        Shard::new(k, n).map_err(|e| e.to_string())
    }
}

/// What a shard was and how it was run (`shard.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialMeta {
    /// Layout version of the partial files ([`FORMAT`]).
    pub format: u32,
    /// mutasi version that produced it.
    pub version: String,
    /// Which shard.
    pub shard: Shard,
    /// Replications per policy of the whole run.
    pub replications: u64,
    /// First replication of this shard.
    pub first_replication: u64,
    /// One past the last replication of this shard.
    pub end_replication: u64,
    /// Master seed.
    pub seed: u64,
    /// Scenario name.
    pub scenario_name: String,
    /// Policies, in output order.
    pub policies: Vec<String>,
    /// Baseline asked for (resolved at merge time like in a single run).
    pub baseline: String,
    /// Whether transfer orders were logged.
    pub transfer_log: bool,
    /// Which units have monthly series rows (`--series`; older files: `auto`).
    #[serde(default)]
    pub series: SeriesScope,
    /// Series rows (units or groups, + 1 for the whole organisation).
    pub rows: usize,
    /// Months simulated.
    pub months: usize,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock seconds of this shard.
    pub wall_seconds: f64,
    /// Events simulated by this shard.
    pub events: u64,
    /// The resolved scenario as TOML (exact: floats round-trip).
    pub scenario_toml: String,
    /// The `--set` overrides applied, as typed (already applied in `scenario_toml`, which
    /// cannot carry them): a merged or resumed run names them as the single run would.
    #[serde(default)]
    pub overrides: Vec<String>,
}

/// The result of one shard: per-replication KPIs and logs of its block, and the exact
/// accumulators of its series.
#[derive(Debug, Clone)]
pub struct Partial {
    /// Description of the shard.
    pub meta: PartialMeta,
    /// Per policy, in order, covering only this shard's replications.
    pub policies: Vec<PolicyResult>,
}

/// A saved histogram: zeros, non-empty bins, overflow.
#[derive(Debug, Serialize, Deserialize)]
struct SavedHistogram {
    zeros: u64,
    bins: Vec<(u32, u64)>,
    overflow: u64,
}

impl SavedHistogram {
    fn of(h: &LogHistogram) -> SavedHistogram {
        let (zeros, bins, overflow) = h.to_sparse();
        SavedHistogram {
            zeros,
            bins,
            overflow,
        }
    }
}

/// One policy of a shard as saved (KPIs as IEEE bits so every value survives exactly).
#[derive(Debug, Serialize, Deserialize)]
struct SavedPolicy {
    name: String,
    kpi_names: Vec<String>,
    kpi_bits: Vec<Vec<u64>>,
    events: u64,
    wait_days: SavedHistogram,
    resolution_days: SavedHistogram,
    series: Vec<ExactMoments>,
    transfers: Vec<TransferRow>,
    /// Per-unit outcomes of each replication (absent in files of older versions).
    #[serde(default)]
    units: Vec<SavedUnits>,
}

/// The data file of a shard (`shard-data.json`).
#[derive(Debug, Serialize, Deserialize)]
struct SavedData {
    policies: Vec<SavedPolicy>,
}

/// The KPI names of this version, saved beside KPI bits so that a file written with
/// another set of KPIs is refused rather than misread.
pub(crate) fn kpi_names() -> Vec<String> {
    Kpi::ALL.iter().map(|k| k.name().to_string()).collect()
}

/// Whether saved KPI names are this version's, in its order.
pub(crate) fn same_kpis(names: &[String]) -> bool {
    names
        .iter()
        .map(String::as_str)
        .eq(Kpi::ALL.iter().map(|k| k.name()))
}

/// KPI values as IEEE bits, one list per replication (or point and policy), so that every
/// value survives a JSON file exactly.
pub(crate) fn kpi_bits<K: AsRef<[f64]>>(kpis: &[K]) -> Vec<Vec<u64>> {
    kpis.iter()
        .map(|k| k.as_ref().iter().map(|v| v.to_bits()).collect())
        .collect()
}

/// The shards (`K/N`) whose slot is still empty once every part has taken its own.
pub(crate) fn missing_shards<T>(slots: &[Option<T>]) -> Vec<String> {
    slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(k, _)| format!("{k}/{}", slots.len()))
        .collect()
}

/// A stored scenario copy (of a shard, an interrupted run or a robust study) that does not
/// parse: a damaged or hand-edited file.
#[derive(Debug, thiserror::Error)]
#[error("its scenario copy does not parse: {message}")]
pub struct ScenarioCopyError {
    /// The TOML parser's message.
    pub message: String,
}

/// The scenario of a stored exact TOML copy.
pub(crate) fn scenario_copy(text: &str) -> Result<Scenario, ScenarioCopyError> {
    toml::from_str::<Scenario>(text).map_err(|e| ScenarioCopyError {
        message: e.message().trim().to_string(),
    })
}

/// Why saved partial results could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PartialError {
    /// The JSON does not parse or has the wrong shape.
    #[error("line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The data file's policies are not those of its description.
    #[error("the data file has policies [{}] but shard.json lists [{}]", found.join(", "), listed.join(", "))]
    Policies {
        /// Policies of the data file.
        found: Vec<String>,
        /// Policies of the description.
        listed: Vec<String>,
    },
    /// A policy's KPIs are not this version's.
    #[error("policy '{policy}': the KPI columns differ from this mutasi version's")]
    KpiColumns {
        /// The policy.
        policy: String,
    },
    /// A policy holds another number of replications (or of KPIs in one) than described.
    #[error(
        "policy '{policy}': expected {expected} replications of {} KPIs, found {found}",
        Kpi::COUNT
    )]
    Replications {
        /// The policy.
        policy: String,
        /// Replications described.
        expected: usize,
        /// Replications found.
        found: usize,
    },
    /// A policy's series accumulators are not rows x months.
    #[error("policy '{policy}': the series do not have {rows} rows x {months} months")]
    Series {
        /// The policy.
        policy: String,
        /// Series rows described.
        rows: usize,
        /// Months described.
        months: usize,
    },
    /// A saved histogram does not rebuild.
    #[error("policy '{policy}': malformed {what} histogram")]
    Histogram {
        /// The policy.
        policy: String,
        /// `wait` or `resolution`.
        what: &'static str,
    },
    /// A transfer log entry outside the shard's replications or units.
    #[error(
        "policy '{policy}': transfer log entry out of range (replication {replication}, units {from} -> {to})"
    )]
    Transfer {
        /// The policy.
        policy: String,
        /// The entry's replication.
        replication: u64,
        /// Its origin unit.
        from: u32,
        /// Its destination unit.
        to: u32,
    },
    /// Per-unit outcomes that do not rebuild.
    #[error("policy '{policy}': malformed unit outcomes")]
    UnitOutcomes {
        /// The policy.
        policy: String,
    },
}

fn json_error(e: serde_json::Error) -> PartialError {
    PartialError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

impl Partial {
    /// `shard-data.json`: KPIs, accumulators, histograms and logs (compact JSON).
    pub fn data_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let data = SavedData {
            policies: self
                .policies
                .iter()
                .map(|p| SavedPolicy {
                    name: p.name.clone(),
                    kpi_names: kpi_names(),
                    kpi_bits: kpi_bits(&p.kpis),
                    events: p.events,
                    wait_days: SavedHistogram::of(&p.wait_days),
                    resolution_days: SavedHistogram::of(&p.resolution_days),
                    series: p.series.accumulators().to_vec(),
                    transfers: p.transfers.clone(),
                    units: p.units.iter().map(SavedUnits::of).collect(),
                })
                .collect(),
        };
        serde_json::to_vec(&data)
    }

    /// Rebuilds a partial result from its two files, checking that they agree.
    pub fn from_json(meta: PartialMeta, data: &[u8]) -> Result<Partial, PartialError> {
        let data: SavedData = serde_json::from_slice(data).map_err(json_error)?;
        if !data.policies.iter().map(|p| &p.name).eq(&meta.policies) {
            return Err(PartialError::Policies {
                found: data.policies.iter().map(|p| p.name.clone()).collect(),
                listed: meta.policies.clone(),
            });
        }
        let expected = meta.end_replication.saturating_sub(meta.first_replication) as usize;
        let mut policies = Vec::with_capacity(data.policies.len());
        for p in data.policies {
            if !same_kpis(&p.kpi_names) {
                return Err(PartialError::KpiColumns { policy: p.name });
            }
            if p.kpi_bits.len() != expected || p.kpi_bits.iter().any(|k| k.len() != Kpi::COUNT) {
                return Err(PartialError::Replications {
                    policy: p.name,
                    expected,
                    found: p.kpi_bits.len(),
                });
            }
            let series = SeriesStats::from_accumulators(meta.rows, meta.months, p.series)
                .ok_or_else(|| PartialError::Series {
                    policy: p.name.clone(),
                    rows: meta.rows,
                    months: meta.months,
                })?;
            let histogram = |h: &SavedHistogram, what: &'static str| {
                LogHistogram::from_sparse(h.zeros, &h.bins, h.overflow).ok_or_else(|| {
                    PartialError::Histogram {
                        policy: p.name.clone(),
                        what,
                    }
                })
            };
            let range = meta.first_replication..meta.end_replication;
            let units = meta.rows.saturating_sub(1) as u32;
            if let Some(t) = p
                .transfers
                .iter()
                .find(|t| !range.contains(&t.replication) || t.from >= units || t.to >= units)
            {
                return Err(PartialError::Transfer {
                    policy: p.name.clone(),
                    replication: t.replication,
                    from: t.from,
                    to: t.to,
                });
            }
            let mut kpis = Vec::with_capacity(expected);
            for bits in &p.kpi_bits {
                let mut k = [f64::NAN; Kpi::COUNT];
                for (slot, &b) in k.iter_mut().zip(bits) {
                    *slot = f64::from_bits(b);
                }
                kpis.push(k);
            }
            let units = p
                .units
                .iter()
                .map(SavedUnits::restore)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| PartialError::UnitOutcomes {
                    policy: p.name.clone(),
                })?;
            policies.push(PolicyResult {
                wait_days: histogram(&p.wait_days, "wait")?,
                resolution_days: histogram(&p.resolution_days, "resolution")?,
                name: p.name,
                kpis,
                series,
                events: p.events,
                transfers: p.transfers,
                units,
            });
        }
        Ok(Partial { meta, policies })
    }

    /// The scenario the shard ran (parsed from its exact TOML copy).
    pub fn scenario(&self) -> Result<Scenario, ScenarioCopyError> {
        let mut scenario = scenario_copy(&self.meta.scenario_toml)?;
        scenario.overrides = self.meta.overrides.clone();
        Ok(scenario)
    }
}

/// Why shards could not be merged. Every message names the shard folders involved.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No shard given.
    #[error("nothing to merge: give the folders written by `mutasi run --shard K/N`")]
    Empty,
    /// A shard was written by another mutasi version or file format than this one.
    #[error(
        "'{label}' was written by {mismatch}, this is mutasi {} (format {FORMAT}); merge with \
         the mutasi that ran the shards",
        env!("CARGO_PKG_VERSION")
    )]
    OtherVersion {
        /// The shard (its folder).
        label: String,
        /// Its version and format.
        mismatch: Mismatch,
    },
    /// Two shards come from different runs.
    #[error(
        "'{first}' and '{other}' are shards of different runs: {mismatch}; merge only the shards \
         of one run (same scenario, seed, replications, shard count, policies and mutasi version)"
    )]
    Mismatch {
        /// The first shard given.
        first: String,
        /// The shard that differs from it.
        other: String,
        /// What differs (the first shard's value first).
        mismatch: Mismatch,
    },
    /// A shard is given twice.
    #[error("shard {shard} is given twice: '{first}' and '{second}'; pass each shard folder once")]
    Duplicate {
        /// The shard.
        shard: Shard,
        /// Its first folder.
        first: String,
        /// Its second folder.
        second: String,
    },
    /// Some shards are missing.
    #[error(
        "missing shard(s) {} of {count} (found {}); run the missing shard(s) with \
         `mutasi run ... --shard K/{count}` and merge all {count} folders",
        missing.join(", "),
        found.join(", ")
    )]
    Missing {
        /// The shard count.
        count: u64,
        /// The missing shards, as `K/N`.
        missing: Vec<String>,
        /// The shards given, as `K/N in 'FOLDER'`.
        found: Vec<String>,
    },
    /// A shard's content is inconsistent.
    #[error("'{label}': {problem}")]
    Corrupt {
        /// The shard (its folder).
        label: String,
        /// What is wrong.
        problem: ShardProblem,
    },
}

/// What is wrong inside a shard's files (damaged or hand-edited).
#[derive(Debug, thiserror::Error)]
pub enum ShardProblem {
    /// Its scenario copy does not parse.
    #[error(transparent)]
    Scenario(#[from] ScenarioCopyError),
    /// Its scenario does not compile.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Its series rows or months are not those of its scenario.
    #[error("its series shape does not match its scenario")]
    SeriesShape,
    /// It lists no policy.
    #[error("it lists no policy")]
    NoPolicy,
    /// More shards than replications (or than any run would use).
    #[error(
        "{count} shards for {replications} replications: use at most one shard per replication"
    )]
    ShardCount {
        /// The shard count.
        count: u64,
        /// Replications per policy.
        replications: u64,
    },
    /// A shard index not below the count.
    #[error("shard index {index} is not below the shard count {count}")]
    ShardIndex {
        /// The index.
        index: u64,
        /// The shard count.
        count: u64,
    },
    /// Replications other than its shard's.
    #[error(
        "shard {shard} should hold replications {}..{} but holds {}..{}",
        .expected.start, .expected.end, .held.start, .held.end
    )]
    Replications {
        /// The shard.
        shard: Shard,
        /// Its replications.
        expected: Range<u64>,
        /// The replications it holds.
        held: Range<u64>,
    },
    /// Fewer or more policies than the run's.
    #[error("its policy list is incomplete")]
    PolicyList,
    /// A policy with another number of replications than the shard's.
    #[error("policy '{0}' has the wrong number of replications")]
    ReplicationCount(String),
}

/// One way in which two partial results (two shards, or a checkpoint and the run that
/// would continue it) are not parts of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What differs: `mutasi version`, `seed`, `replications`, `shard count`, `scenario`,
    /// `policies` or `transfer log`.
    pub field: &'static str,
    /// Its value on the first side (for `scenario`: the line that differs, numbered).
    pub a: String,
    /// Its value on the second side.
    pub b: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            "scenario" => write!(
                f,
                "the resolved scenario differs (first difference at {} vs `{}`)",
                self.a, self.b
            ),
            "transfer log" => write!(
                f,
                "one logs transfers (--transfer-log) and the other does not"
            ),
            "mutasi version" => write!(f, "mutasi {} vs {}", self.a, self.b),
            field => write!(f, "{field} {} vs {}", self.a, self.b),
        }
    }
}

/// The first line where two texts differ: `line N: `a``, and `b`'s line.
pub(crate) fn first_difference(a: &str, b: &str) -> (String, String) {
    let (mut la, mut lb) = (a.lines(), b.lines());
    for i in 1.. {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => {}
            (None, None) => break,
            (x, y) => {
                return (
                    format!("line {i}: `{}`", x.unwrap_or("(end)")),
                    y.unwrap_or("(end)").to_string(),
                );
            }
        }
    }
    ("(no line)".into(), "(no line)".into())
}

impl PartialMeta {
    /// The mutasi version and file format, as `0.1.0 (format 2)`.
    fn version_label(&self) -> String {
        format!("{} (format {})", self.version, self.format)
    }

    /// Whether this was written by this mutasi version and file format.
    pub fn check_version(&self) -> Result<(), Mismatch> {
        if self.format == FORMAT && self.version == env!("CARGO_PKG_VERSION") {
            return Ok(());
        }
        Err(Mismatch {
            field: "mutasi version",
            a: self.version_label(),
            b: format!("{} (format {FORMAT})", env!("CARGO_PKG_VERSION")),
        })
    }

    /// The first way in which `other` is not part of the same run as `self`: mutasi version
    /// and file format, seed, replications per policy, scenario, policies and baseline,
    /// transfer log. The one check `merge` (shard against shard) and
    /// [`Experiment::resume_from`](super::Experiment::resume_from) (checkpoint against the
    /// run continuing it) share.
    pub fn same_run(&self, other: &PartialMeta) -> Result<(), Mismatch> {
        let differ = |field, a: String, b: String| Err(Mismatch { field, a, b });
        if self.format != other.format || self.version != other.version {
            return differ(
                "mutasi version",
                self.version_label(),
                other.version_label(),
            );
        }
        if self.seed != other.seed {
            return differ("seed", self.seed.to_string(), other.seed.to_string());
        }
        if self.replications != other.replications {
            return differ(
                "replications",
                self.replications.to_string(),
                other.replications.to_string(),
            );
        }
        if self.scenario_toml != other.scenario_toml {
            let (a, b) = first_difference(&self.scenario_toml, &other.scenario_toml);
            return differ("scenario", a, b);
        }
        if self.policies != other.policies || self.baseline != other.baseline {
            let list =
                |m: &PartialMeta| format!("[{}] (baseline {})", m.policies.join(", "), m.baseline);
            return differ("policies", list(self), list(other));
        }
        if self.transfer_log != other.transfer_log {
            return differ(
                "transfer log",
                self.transfer_log.to_string(),
                other.transfer_log.to_string(),
            );
        }
        if self.series != other.series || self.rows != other.rows {
            let scope = |m: &PartialMeta| format!("--series {} ({} rows)", m.series.name(), m.rows);
            return differ("series", scope(self), scope(other));
        }
        Ok(())
    }
}

/// A merged run: the model to write outputs with, and the result.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The compiled scenario of the shards.
    pub model: Model,
    /// The result, equal to a single run's.
    pub result: ExperimentResult,
}

/// Merges the shards of one run, given with labels (their folders) for messages, into the
/// result a single run would have given. Refuses shards of another mutasi version, shards
/// of different runs, a shard given twice, and missing shards.
pub fn merge(parts: Vec<(String, Partial)>) -> Result<Merged, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    for (label, part) in &parts {
        part.meta
            .check_version()
            .map_err(|mismatch| MergeError::OtherVersion {
                label: label.clone(),
                mismatch,
            })?;
    }
    for (label, part) in &parts[1..] {
        let mismatch = |mismatch| MergeError::Mismatch {
            first: first.0.clone(),
            other: label.clone(),
            mismatch,
        };
        first.1.meta.same_run(&part.meta).map_err(mismatch)?;
        if part.meta.shard.count != first.1.meta.shard.count {
            return Err(mismatch(Mismatch {
                field: "shard count",
                a: first.1.meta.shard.count.to_string(),
                b: part.meta.shard.count.to_string(),
            }));
        }
    }
    let order = shard_order(&parts)?;
    let (label0, p0) = first;
    let corrupt = |label: &str, problem: ShardProblem| MergeError::Corrupt {
        label: label.to_string(),
        problem,
    };
    let scenario = p0.scenario().map_err(|e| corrupt(label0, e.into()))?;
    let meta = &p0.meta;
    let model = Model::new(&scenario)
        .map_err(|e| corrupt(label0, e.into()))?
        .with_series_scope(meta.series);
    if meta.rows != model.series_rows.len() || meta.months != model.months {
        return Err(corrupt(label0, ShardProblem::SeriesShape));
    }
    let (baseline, baseline_note) = resolve_baseline(&meta.baseline, &meta.policies)
        .map_err(|_| corrupt(label0, ShardProblem::NoPolicy))?;
    let mut policies: Vec<PolicyResult> = meta
        .policies
        .iter()
        .map(|name| PolicyResult::new(name, meta.rows, meta.months))
        .collect();
    let (mut threads, mut wall_seconds) = (0, 0.0);
    for &i in &order {
        let (label, part) = &parts[i];
        fold_shard(&mut policies, part).map_err(|m| corrupt(label, m))?;
        threads = threads.max(part.meta.threads);
        wall_seconds += part.meta.wall_seconds;
    }
    Ok(Merged {
        model,
        result: ExperimentResult {
            policies,
            replications: meta.replications,
            seed: meta.seed,
            threads,
            wall_seconds,
            baseline,
            baseline_note,
            stopping_rule: StoppingRule::Fixed,
            target_ci: None,
            target_kpis: Vec::new(),
            transfer_log: meta.transfer_log,
            shards: Some(meta.shard.count),
        },
    })
}

/// The index in `parts` of shard 0, 1, ..., N-1 of the run (all of the same run): refuses a
/// shard count that cannot be right, a shard given twice and missing shards.
fn shard_order(parts: &[(String, Partial)]) -> Result<Vec<usize>, MergeError> {
    let (label0, p0) = &parts[0];
    let count = p0.meta.shard.count;
    if count > MAX_SHARDS || count > p0.meta.replications.max(1) {
        return Err(MergeError::Corrupt {
            label: label0.clone(),
            problem: ShardProblem::ShardCount {
                count,
                replications: p0.meta.replications,
            },
        });
    }
    let mut slots: Vec<Option<usize>> = vec![None; count as usize];
    for (i, (label, p)) in parts.iter().enumerate() {
        let k = p.meta.shard.index;
        let slot = slots
            .get_mut(k as usize)
            .ok_or_else(|| MergeError::Corrupt {
                label: label.clone(),
                problem: ShardProblem::ShardIndex { index: k, count },
            })?;
        if let Some(j) = *slot {
            return Err(MergeError::Duplicate {
                shard: p.meta.shard,
                first: parts[j].0.clone(),
                second: label.clone(),
            });
        }
        *slot = Some(i);
    }
    let missing = missing_shards(&slots);
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            count,
            missing,
            found: parts
                .iter()
                .map(|(l, p)| format!("{} in '{l}'", p.meta.shard))
                .collect(),
        });
    }
    Ok(slots.into_iter().flatten().collect())
}

/// Appends one shard's replications to the per-policy totals (shards in order).
fn fold_shard(policies: &mut [PolicyResult], part: &Partial) -> Result<(), ShardProblem> {
    let m = &part.meta;
    let expect = m.shard.range(m.replications);
    if m.first_replication != expect.start || m.end_replication != expect.end {
        return Err(ShardProblem::Replications {
            shard: m.shard,
            expected: expect,
            held: m.first_replication..m.end_replication,
        });
    }
    if part.policies.len() != policies.len() {
        return Err(ShardProblem::PolicyList);
    }
    for (acc, p) in policies.iter_mut().zip(&part.policies) {
        if p.kpis.len() as u64 != expect.end - expect.start {
            return Err(ShardProblem::ReplicationCount(p.name.clone()));
        }
        acc.kpis.extend_from_slice(&p.kpis);
        acc.units.extend(p.units.iter().cloned());
        acc.series.merge(&p.series);
        acc.wait_days.merge(&p.wait_days);
        acc.resolution_days.merge(&p.resolution_days);
        acc.events += p.events;
        acc.transfers.extend(p.transfers.iter().cloned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_tile_the_replications() {
        for (r, n) in [(10u64, 3u64), (2, 5), (64, 64), (1000, 7)] {
            let mut next = 0;
            for k in 0..n {
                let range = Shard::new(k, n).expect("valid").range(r);
                assert_eq!(range.start, next);
                assert!(range.end - range.start <= r / n + 1);
                next = range.end;
            }
            assert_eq!(next, r);
        }
        assert!("3/3".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("a/3".parse::<Shard>().is_err());
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
    }
}
