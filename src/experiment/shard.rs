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
use crate::sim::{Kpi, Model};
use crate::stats::LogHistogram;

use super::aggregate::{PolicyResult, SavedUnits, SeriesStats, TransferRow};
use super::compare::StoppingRule;
use super::exact::ExactMoments;
use super::run::{ExperimentResult, resolve_baseline};

/// Version of the partial-result files; bumped when their layout changes.
pub const FORMAT: u32 = 1;

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
    pub fn new(index: u64, count: u64) -> Result<Shard, String> {
        if count == 0 {
            return Err("the shard count must be at least 1 (K/N with N >= 1)".into());
        }
        if index >= count {
            return Err(format!(
                "shard {index}/{count} does not exist: shards are numbered 0 to {} (K/N with K < N)",
                count - 1
            ));
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
        Shard::new(k, n)
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
    /// Series rows (units + 1).
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
    /// The JSON parses but its content is inconsistent.
    #[error("{0}")]
    Invalid(String),
}

fn json_error(e: serde_json::Error) -> PartialError {
    PartialError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

impl Partial {
    /// `shard.json`: the description (pretty JSON).
    pub fn meta_json(&self) -> Result<Vec<u8>, String> {
        serde_json::to_vec_pretty(&self.meta).map_err(|e| e.to_string())
    }

    /// `shard-data.json`: KPIs, accumulators, histograms and logs (compact JSON).
    pub fn data_json(&self) -> Result<Vec<u8>, String> {
        let data = SavedData {
            policies: self
                .policies
                .iter()
                .map(|p| SavedPolicy {
                    name: p.name.clone(),
                    kpi_names: Kpi::ALL.iter().map(|k| k.name().to_string()).collect(),
                    kpi_bits: p
                        .kpis
                        .iter()
                        .map(|k| k.iter().map(|v| v.to_bits()).collect())
                        .collect(),
                    events: p.events,
                    wait_days: SavedHistogram::of(&p.wait_days),
                    resolution_days: SavedHistogram::of(&p.resolution_days),
                    series: p.series.accumulators().to_vec(),
                    transfers: p.transfers.clone(),
                    units: p.units.iter().map(SavedUnits::of).collect(),
                })
                .collect(),
        };
        serde_json::to_vec(&data).map_err(|e| e.to_string())
    }

    /// Reads the description of a shard.
    pub fn meta_from_json(meta: &[u8]) -> Result<PartialMeta, PartialError> {
        serde_json::from_slice(meta).map_err(json_error)
    }

    /// Rebuilds a partial result from its two files, checking that they agree.
    pub fn from_json(meta: PartialMeta, data: &[u8]) -> Result<Partial, PartialError> {
        let data: SavedData = serde_json::from_slice(data).map_err(json_error)?;
        let invalid = |m: String| Err(PartialError::Invalid(m));
        let names: Vec<&str> = data.policies.iter().map(|p| p.name.as_str()).collect();
        if names != meta.policies.iter().map(String::as_str).collect::<Vec<_>>() {
            return invalid(format!(
                "the data file has policies [{}] but shard.json lists [{}]",
                names.join(", "),
                meta.policies.join(", ")
            ));
        }
        let expected = meta.end_replication.saturating_sub(meta.first_replication) as usize;
        let kpi_names: Vec<&str> = Kpi::ALL.iter().map(|k| k.name()).collect();
        let mut policies = Vec::with_capacity(data.policies.len());
        for p in data.policies {
            if p.kpi_names != kpi_names {
                return invalid(format!(
                    "policy '{}': the KPI columns differ from this mutasi version's",
                    p.name
                ));
            }
            if p.kpi_bits.len() != expected || p.kpi_bits.iter().any(|k| k.len() != Kpi::COUNT) {
                return invalid(format!(
                    "policy '{}': expected {expected} replications of {} KPIs, found {}",
                    p.name,
                    Kpi::COUNT,
                    p.kpi_bits.len()
                ));
            }
            let series = SeriesStats::from_accumulators(meta.rows, meta.months, p.series)
                .ok_or_else(|| {
                    PartialError::Invalid(format!(
                        "policy '{}': the series do not have {} rows x {} months",
                        p.name, meta.rows, meta.months
                    ))
                })?;
            let histogram = |h: &SavedHistogram, what: &str| {
                LogHistogram::from_sparse(h.zeros, &h.bins, h.overflow).ok_or_else(|| {
                    PartialError::Invalid(format!(
                        "policy '{}': malformed {what} histogram",
                        p.name
                    ))
                })
            };
            let range = meta.first_replication..meta.end_replication;
            let units = meta.rows.saturating_sub(1) as u32;
            if let Some(t) = p
                .transfers
                .iter()
                .find(|t| !range.contains(&t.replication) || t.from >= units || t.to >= units)
            {
                return invalid(format!(
                    "policy '{}': transfer log entry out of range (replication {}, units {} -> {})",
                    p.name, t.replication, t.from, t.to
                ));
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
                .ok_or_else(|| {
                    PartialError::Invalid(format!("policy '{}': malformed unit outcomes", p.name))
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
    pub fn scenario(&self) -> Result<Scenario, String> {
        toml::from_str::<Scenario>(&self.meta.scenario_toml)
            .map_err(|e| format!("its scenario copy does not parse: {}", e.message().trim()))
    }
}

/// Why shards could not be merged. Every message names the shard folders involved.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No shard given.
    #[error("nothing to merge: give the folders written by `mutasi run --shard K/N`")]
    Empty,
    /// The shards come from different runs.
    #[error("{0}")]
    Mismatch(String),
    /// A shard is missing or given twice.
    #[error("{0}")]
    Incomplete(String),
    /// A shard's content is inconsistent.
    #[error("'{label}': {message}")]
    Corrupt {
        /// The shard (its folder).
        label: String,
        /// What is wrong.
        message: String,
    },
}

/// A merged run: the model to write outputs with, and the result.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The compiled scenario of the shards.
    pub model: Model,
    /// The result, equal to a single run's.
    pub result: ExperimentResult,
}

/// The first line where two texts differ, for messages.
pub(crate) fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("first difference at line {}: `{x}` vs `{y}`", i + 1);
        }
    }
    "one is longer than the other".to_string()
}

/// Checks that two shards belong to the same run.
fn same_run(a: &(String, Partial), b: &(String, Partial)) -> Result<(), MergeError> {
    let (la, ma) = (&a.0, &a.1.meta);
    let (lb, mb) = (&b.0, &b.1.meta);
    let differ = |what: String| {
        Err(MergeError::Mismatch(format!(
            "'{la}' and '{lb}' are shards of different runs: {what}; merge only the shards of one \
             run (same scenario, seed, replications, shard count, policies and mutasi version)"
        )))
    };
    if ma.format != mb.format || ma.version != mb.version {
        return differ(format!(
            "written by mutasi {} vs {} (file format {} vs {})",
            ma.version, mb.version, ma.format, mb.format
        ));
    }
    if ma.seed != mb.seed {
        return differ(format!("seed {} vs {}", ma.seed, mb.seed));
    }
    if ma.replications != mb.replications {
        return differ(format!(
            "{} vs {} replications per policy",
            ma.replications, mb.replications
        ));
    }
    if ma.shard.count != mb.shard.count {
        return differ(format!(
            "split into {} vs {} shards",
            ma.shard.count, mb.shard.count
        ));
    }
    if ma.scenario_toml != mb.scenario_toml {
        return differ(format!(
            "the resolved scenarios differ ({})",
            first_difference(&ma.scenario_toml, &mb.scenario_toml)
        ));
    }
    if ma.policies != mb.policies || ma.baseline != mb.baseline {
        return differ(format!(
            "policies [{}] vs [{}]",
            ma.policies.join(", "),
            mb.policies.join(", ")
        ));
    }
    if ma.transfer_log != mb.transfer_log {
        return differ("one logged transfers (--transfer-log) and the other did not".into());
    }
    Ok(())
}

/// Merges the shards of one run, given with labels (their folders) for messages, into the
/// result a single run would have given. Refuses shards of different runs, a shard given
/// twice, and missing shards.
pub fn merge(parts: Vec<(String, Partial)>) -> Result<Merged, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    for other in &parts[1..] {
        same_run(first, other)?;
    }
    let count = first.1.meta.shard.count;
    if count > MAX_SHARDS || count > first.1.meta.replications.max(1) {
        return Err(MergeError::Corrupt {
            label: first.0.clone(),
            message: format!(
                "{count} shards for {} replications: use at most one shard per replication",
                first.1.meta.replications
            ),
        });
    }
    let mut slots: Vec<Option<usize>> = vec![None; count as usize];
    for (i, (label, p)) in parts.iter().enumerate() {
        let k = p.meta.shard.index;
        let slot = slots
            .get_mut(k as usize)
            .ok_or_else(|| MergeError::Corrupt {
                label: label.clone(),
                message: format!("shard index {k} is not below the shard count {count}"),
            })?;
        if let Some(j) = *slot {
            return Err(MergeError::Incomplete(format!(
                "shard {} is given twice: '{}' and '{label}'; pass each shard folder once",
                p.meta.shard, parts[j].0
            )));
        }
        *slot = Some(i);
    }
    let missing: Vec<String> = slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(k, _)| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        let found: Vec<String> = parts
            .iter()
            .map(|(l, p)| format!("{} in '{l}'", p.meta.shard))
            .collect();
        return Err(MergeError::Incomplete(format!(
            "missing shard(s) {} of {count} (found {}); run the missing shard(s) with \
             `mutasi run ... --shard K/{count}` and merge all {count} folders",
            missing.join(", "),
            found.join(", ")
        )));
    }
    let (label0, p0) = first;
    let corrupt = |label: &str, message: String| MergeError::Corrupt {
        label: label.to_string(),
        message,
    };
    let scenario = p0.scenario().map_err(|m| corrupt(label0, m))?;
    let model = Model::new(&scenario).map_err(|e| corrupt(label0, e.to_string()))?;
    let meta = &p0.meta;
    if meta.rows != model.units.len() + 1 || meta.months != model.months {
        return Err(corrupt(
            label0,
            "its series shape does not match its scenario".into(),
        ));
    }
    let (baseline, baseline_note) = resolve_baseline(&meta.baseline, &meta.policies)
        .map_err(|e| corrupt(label0, e.to_string()))?;
    let mut policies: Vec<PolicyResult> = meta
        .policies
        .iter()
        .map(|name| PolicyResult::new(name, meta.rows, meta.months))
        .collect();
    let (mut threads, mut wall_seconds) = (0, 0.0);
    for slot in slots.iter().flatten() {
        let (label, part) = &parts[*slot];
        let m = &part.meta;
        let expect = m.shard.range(m.replications);
        if m.first_replication != expect.start || m.end_replication != expect.end {
            return Err(corrupt(
                label,
                format!(
                    "shard {} should hold replications {}..{} but holds {}..{}",
                    m.shard, expect.start, expect.end, m.first_replication, m.end_replication
                ),
            ));
        }
        if part.policies.len() != policies.len() {
            return Err(corrupt(label, "its policy list is incomplete".into()));
        }
        for (acc, p) in policies.iter_mut().zip(&part.policies) {
            if p.kpis.len() as u64 != expect.end - expect.start {
                return Err(corrupt(
                    label,
                    format!("policy '{}' has the wrong number of replications", p.name),
                ));
            }
            acc.kpis.extend_from_slice(&p.kpis);
            acc.units.extend(p.units.iter().cloned());
            acc.series.merge(&p.series);
            acc.wait_days.merge(&p.wait_days);
            acc.resolution_days.merge(&p.resolution_days);
            acc.events += p.events;
            acc.transfers.extend(p.transfers.iter().cloned());
        }
        threads = threads.max(m.threads);
        wall_seconds += m.wall_seconds;
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
            transfer_log: meta.transfer_log,
            shards: Some(count),
        },
    })
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
