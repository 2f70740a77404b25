//! Reading a results folder written by `mutasi run` back into memory, leniently: columns are
//! found by name, unknown columns, KPIs and metrics are kept as data, an empty cell is an
//! undefined value (NaN), and every problem is reported with its file and line.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::OutputError;
use super::tables::TIMESERIES_HEADER;
use crate::scenario::csv_file::{CsvProblem, CsvTable, shown};

/// Why a results folder could not be read or its report written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file every results folder has is missing.
    #[error("'{}' not found: is '{}' a mutasi results folder?", path.display(), folder.display())]
    Missing {
        /// The file looked for.
        path: PathBuf,
        /// The folder given.
        folder: PathBuf,
    },
    /// The folder is one shard of a run (`run --shard K/N`), not a results folder.
    #[error(
        "'{}' is one shard of a run (it has {}), not a results folder: put every shard's folder together with `mutasi merge SHARD_FOLDERS... -o RESULTS`, then report on RESULTS",
        folder.display(),
        super::run_info::SHARD_META_FILE
    )]
    Shard {
        /// The folder given.
        folder: PathBuf,
    },
    /// The folder holds a run that was interrupted before it finished.
    #[error(
        "'{}' holds a run that was interrupted (it has {}), not finished results: complete it with `mutasi run --resume {}`",
        folder.display(),
        super::checkpoint::CHECKPOINT_META_FILE,
        folder.display()
    )]
    Interrupted {
        /// The folder given.
        folder: PathBuf,
    },
    /// The file system refused a read.
    #[error("cannot read '{}': {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A CSV file has a bad line.
    #[error("{}, line {line}: {message}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// 1-based line number (1 = header).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// `run.json` is not valid JSON or has a value of the wrong type.
    #[error("{}, line {line}, column {column}: {message}", path.display())]
    Json {
        /// The JSON file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// 1-based column number.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("cannot draw chart '{chart}': {message}")]
    Chart {
        /// Chart file stem.
        chart: String,
        /// What went wrong.
        message: String,
    },
    /// The folder holds an interrupted run (`"complete": false`), which has no results.
    #[error("'{}' holds an interrupted run (run.json says \"complete\": false), not results; finish it with `mutasi run --resume {}`", .0.display(), .0.display())]
    Incomplete(PathBuf),
    /// A table does not agree with `run.json` (rows, columns, policies, KPIs, months).
    #[error(
        "'{}' does not match run.json: expected {expected}, found {found}; the results folder \
         is damaged (rerun, or restore it from a copy)",
        path.display()
    )]
    Damaged {
        /// The table.
        path: PathBuf,
        /// What `run.json` implies.
        expected: String,
        /// What the table holds.
        found: String,
    },
    /// A report language other than `en` or `id` was asked for.
    #[error("unknown report language '{0}' (use 'en' or 'id')")]
    UnknownLang(String),
    /// An output file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The mean of a quantity over replications with its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean over replications (NaN when undefined).
    pub mean: f64,
    /// Lower end of the 95 % CI (NaN when undefined, e.g. a single replication).
    pub low: f64,
    /// Upper end of the 95 % CI.
    pub high: f64,
}

impl Estimate {
    /// An undefined estimate.
    pub const UNDEFINED: Estimate = Estimate {
        mean: f64::NAN,
        low: f64::NAN,
        high: f64::NAN,
    };

    /// Multiplies every value by `factor` (unit conversion).
    pub fn scaled(self, factor: f64) -> Estimate {
        Estimate {
            mean: self.mean * factor,
            low: self.low * factor,
            high: self.high * factor,
        }
    }

    /// The size of a change without its sign: a fall's estimate negated (its interval with
    /// it), a rise's as it is.
    pub fn magnitude(self) -> Estimate {
        if self.mean > 0.0 {
            self
        } else {
            Estimate {
                mean: -self.mean,
                low: -self.high,
                high: -self.low,
            }
        }
    }
}

/// What `run.json` says about the run; every field is optional so older and newer files load.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunMeta {
    /// `true` when every replication finished.
    pub complete: Option<bool>,
    /// mutasi version that produced the results.
    pub version: String,
    /// Scenario name.
    pub scenario_name: String,
    /// Master seed.
    pub seed: Option<u64>,
    /// Replications per policy.
    pub replications: Option<u64>,
    /// Worker threads used.
    pub threads: Option<u64>,
    /// Policies in output order (fixes each policy's colour).
    pub policies: Vec<String>,
    /// The policy every other is compared with in `comparison.csv`.
    pub baseline: Option<String>,
    /// How the number of replications was decided (`fixed`, `target_ci_reached`, ...).
    pub stopping_rule: Option<String>,
    /// Notes of the experiment on its statistics (e.g. why an interval is empty).
    pub notes: Vec<String>,
    /// Months simulated (warm-up included).
    pub months: Option<u64>,
    /// Warm-up months, excluded from every statistic.
    pub warmup_months: Option<u64>,
    /// Wall-clock seconds of the simulation.
    pub wall_seconds: Option<f64>,
    /// Events simulated in all.
    pub events: Option<u64>,
    /// True when the files hold counts and costs per year (false: totals over the measured
    /// period, as older versions wrote them; [`load_saved`] converts those to per year).
    pub totals_per_year: bool,
    /// The `--set` overrides applied, as typed (empty for older files).
    pub overrides: Vec<String>,
    /// The full resolved scenario, kept as a JSON tree because it grows.
    pub scenario: serde_json::Value,
}

impl RunMeta {
    /// Years in the measured window (after the warm-up), when known.
    pub fn measured_years(&self) -> Option<f64> {
        let months = self.months? as f64 - self.warmup_months.unwrap_or(0) as f64;
        (months > 0.0).then_some(months / 12.0)
    }

    /// The scenario's one-line description.
    pub fn description(&self) -> &str {
        self.scenario
            .get("description")
            .and_then(|d| d.as_str())
            .unwrap_or("")
    }

    /// The scenario's work units as listed in the scenario echo.
    pub fn units(&self) -> Vec<SavedUnit> {
        let Some(units) = self.scenario.get("units").and_then(|u| u.as_array()) else {
            return Vec::new();
        };
        let text = |u: &serde_json::Value, key: &str| match u.get(key) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        };
        units
            .iter()
            .map(|u| SavedUnit {
                name: text(u, "name"),
                field: text(u, "field"),
                remoteness: text(u, "remoteness"),
                positions: text(u, "positions"),
                staff: text(u, "staff"),
            })
            .collect()
    }
}

/// One work unit of the scenario, as text for the report's units table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedUnit {
    /// Unit name.
    pub name: String,
    /// Competence field the unit needs.
    pub field: String,
    /// 0 urban, 1 rural, 2 remote.
    pub remoteness: String,
    /// Authorised headcount.
    pub positions: String,
    /// Staff at the start.
    pub staff: String,
}

/// One row of `summary.csv`: a KPI of a policy over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiSummary {
    /// Policy name.
    pub policy: String,
    /// KPI name.
    pub kpi: String,
    /// Mean with its 95 % CI.
    pub estimate: Estimate,
    /// Standard deviation over replications.
    pub sd: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Replications with a defined value.
    pub n: Option<u64>,
    /// Probability of being best on this KPI (NaN when not given).
    pub p_best: f64,
}

/// One row of `comparison.csv`: the paired difference policy − baseline of a KPI.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedDifference {
    /// Policy compared.
    pub policy: String,
    /// Baseline it is compared with.
    pub baseline: String,
    /// KPI name.
    pub kpi: String,
    /// Mean paired difference (policy − baseline) with its 95 % CI.
    pub difference: Estimate,
    /// Whether the experiment judged the difference significant.
    pub significant: bool,
    /// Probability that the policy is the best on this KPI (NaN when not given).
    pub p_best: f64,
}

impl PairedDifference {
    /// A difference is claimed only when the experiment calls it significant and the 95 % CI
    /// excludes zero.
    pub fn is_clear(&self) -> bool {
        let d = self.difference;
        self.significant && (d.low > 0.0 || d.high < 0.0) && d.mean.is_finite()
    }
}

/// `replications.csv`: one KPI vector per policy and replication.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Replications {
    /// KPI column names, in file order.
    pub kpis: Vec<String>,
    /// `(policy, replication, values in `kpis` order)`.
    pub rows: Vec<(String, u64, Vec<f64>)>,
}

/// `timeseries.csv`: monthly estimates per policy, unit and metric.
#[derive(Debug, Clone, Default)]
pub struct TimeSeries {
    /// Units in file order (`all` = whole organisation).
    pub units: Vec<String>,
    /// Metrics in file order.
    pub metrics: Vec<String>,
    /// Largest month number seen.
    pub months: usize,
    /// Data rows read.
    rows: usize,
    policies: Vec<String>,
    index: HashMap<(usize, usize, usize), usize>,
    series: Vec<Vec<Estimate>>,
}

pub use super::tables::ALL_UNITS;

impl TimeSeries {
    /// The monthly series (index = month − 1; months never written are undefined).
    pub fn series(&self, policy: &str, unit: &str, metric: &str) -> Option<&[Estimate]> {
        let p = self.policies.iter().position(|x| x == policy)?;
        let u = self.units.iter().position(|x| x == unit)?;
        let m = self.metrics.iter().position(|x| x == metric)?;
        let i = *self.index.get(&(p, u, m))?;
        self.series.get(i).map(Vec::as_slice)
    }

    /// Whether any unit of any policy has this metric.
    pub fn has_metric(&self, metric: &str) -> bool {
        self.metrics.iter().any(|m| m == metric)
    }

    /// The work units (every unit but `all`).
    pub fn work_units(&self) -> impl Iterator<Item = &str> {
        self.units
            .iter()
            .map(String::as_str)
            .filter(|u| *u != ALL_UNITS)
    }
}

/// One row of `sweep.csv`: a KPI of a policy at one point of a parameter sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// Sweep point number.
    pub point: u64,
    /// Values of the swept parameters at this point, in [`Sweep::parameters`] order.
    pub values: Vec<String>,
    /// Policy name.
    pub policy: String,
    /// KPI name.
    pub kpi: String,
    /// Mean with its 95 % CI.
    pub estimate: Estimate,
}

/// `sweep.csv`: KPIs against swept scenario parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sweep {
    /// Swept parameter paths (the columns between `point` and `policy`).
    pub parameters: Vec<String>,
    /// Rows in file order.
    pub rows: Vec<SweepRow>,
}

/// Everything a results folder holds, as read by [`load_saved`].
#[derive(Debug, Clone)]
pub struct SavedResults {
    /// `run.json`.
    pub run: RunMeta,
    /// Policies: those of `run.json` in order, then any other seen in the files.
    pub policies: Vec<String>,
    /// `summary.csv` rows in file order.
    pub summary: Vec<KpiSummary>,
    /// `replications.csv`, when present.
    pub replications: Option<Replications>,
    /// `timeseries.csv`, when present.
    pub timeseries: Option<TimeSeries>,
    /// `comparison.csv`, when present.
    pub comparison: Option<Vec<PairedDifference>>,
    /// `sweep.csv`, when present.
    pub sweep: Option<Sweep>,
    /// `unit_replications.csv`, when present.
    pub units: Option<super::saved_units::UnitReplications>,
}

impl SavedResults {
    /// The summary of one KPI of one policy.
    pub fn summary(&self, policy: &str, kpi: &str) -> Option<&KpiSummary> {
        self.summary
            .iter()
            .find(|s| s.policy == policy && s.kpi == kpi)
    }

    /// KPI names of `summary.csv` in order of first appearance.
    pub fn kpis(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &self.summary {
            if !out.contains(&s.kpi.as_str()) {
                out.push(&s.kpi);
            }
        }
        out
    }

    /// Whether any policy has a defined mean for this KPI.
    pub fn has_kpi(&self, kpi: &str) -> bool {
        self.summary
            .iter()
            .any(|s| s.kpi == kpi && s.estimate.mean.is_finite())
    }

    /// Colour index of a policy (its position in [`SavedResults::policies`]).
    pub fn policy_index(&self, policy: &str) -> usize {
        self.policies
            .iter()
            .position(|p| p == policy)
            .unwrap_or(self.policies.len())
    }
}

/// Reads a results folder: `run.json` and `summary.csv` (or `sweep.csv`) are required;
/// `replications.csv`, `timeseries.csv`, `comparison.csv` and `sweep.csv` are read when present.
pub fn load_saved(dir: &Path) -> Result<SavedResults, ReportError> {
    let run = load_run_json(dir)?;
    let sweep = optional(dir, "sweep.csv", load_sweep)?;
    let summary = match optional(dir, "summary.csv", load_summary)? {
        Some(s) => s,
        None if sweep.is_some() => Vec::new(),
        None => return Err(missing(dir, "summary.csv")),
    };
    let replications = optional(dir, "replications.csv", load_replications)?;
    let timeseries = optional(dir, "timeseries.csv", load_timeseries)?;
    let comparison = optional(dir, "comparison.csv", load_comparison)?;
    let units = optional(
        dir,
        "unit_replications.csv",
        super::saved_units::load_unit_replications,
    )?;

    let mut policies: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !policies.iter().any(|x| x == p) {
            policies.push(p.to_string());
        }
    };
    run.policies.iter().for_each(|p| add(p));
    summary.iter().for_each(|s| add(&s.policy));
    if let Some(c) = &comparison {
        c.iter().for_each(|d| {
            add(&d.baseline);
            add(&d.policy)
        });
    }
    if let Some(t) = &timeseries {
        t.policies.iter().for_each(|p| add(p));
    }
    if let Some(s) = &sweep {
        s.rows.iter().for_each(|r| add(&r.policy));
    }
    let mut saved = SavedResults {
        run,
        policies,
        summary,
        replications,
        timeseries,
        comparison,
        sweep,
        units,
    };
    saved.convert_to_per_year();
    Ok(saved)
}

impl SavedResults {
    /// Converts the totals of files written by older versions (counts and costs over the
    /// measured period) to per year, so every value read is in the units of today's files.
    fn convert_to_per_year(&mut self) {
        if self.run.totals_per_year {
            return;
        }
        let Some(years) = self.run.measured_years() else {
            return;
        };
        let factor = |kpi: &str| {
            if super::i18n::kpi_info(kpi).is_some_and(|k| k.per_year) {
                1.0 / years
            } else {
                1.0
            }
        };
        for s in &mut self.summary {
            let f = factor(&s.kpi);
            s.estimate = s.estimate.scaled(f);
            s.sd *= f;
            s.p10 *= f;
            s.p50 *= f;
            s.p90 *= f;
        }
        for d in self.comparison.iter_mut().flatten() {
            d.difference = d.difference.scaled(factor(&d.kpi));
        }
        if let Some(r) = &mut self.replications {
            let factors: Vec<f64> = r.kpis.iter().map(|k| factor(k)).collect();
            for (_, _, values) in &mut r.rows {
                for (v, f) in values.iter_mut().zip(&factors) {
                    *v *= f;
                }
            }
        }
        for row in self.sweep.iter_mut().flat_map(|s| s.rows.iter_mut()) {
            row.estimate = row.estimate.scaled(factor(&row.kpi));
        }
        self.run.totals_per_year = true;
    }
}

/// Checks that the tables of a results folder agree with its `run.json`, as written by
/// `mutasi run` or `mutasi merge`: every table present, `summary.csv` with all its columns
/// and one row per policy and KPI, `comparison.csv` likewise against the baseline,
/// `replications.csv` with replications 0..R of every policy, `timeseries.csv` with every
/// month of every series. What `run.json` does not say (an older file) is not checked. A
/// sweep folder is checked point by point (`mutasi report DIR/point-K`).
pub fn check_saved(saved: &SavedResults, dir: &Path) -> Result<(), ReportError> {
    if saved.sweep.is_some() {
        return Ok(());
    }
    let (Some(replications), Some(timeseries), Some(comparison)) =
        (&saved.replications, &saved.timeseries, &saved.comparison)
    else {
        let absent = ["replications.csv", "timeseries.csv", "comparison.csv"]
            .into_iter()
            .find(|f| !dir.join(f).is_file())
            .unwrap_or("replications.csv");
        return Err(missing(dir, absent));
    };
    let run = &saved.run;
    let policies = if run.policies.is_empty() {
        saved.policies.clone()
    } else {
        run.policies.clone()
    };
    if saved.policies != policies {
        return Err(damaged(
            dir,
            "summary.csv",
            format!("policies [{}]", policies.join(", ")),
            format!("[{}]", saved.policies.join(", ")),
        ));
    }
    let header = super::tables::SUMMARY_HEADER;
    let columns = Table::open(&dir.join("summary.csv"))?.header;
    if let Some(absent) = header.iter().find(|c| !columns.iter().any(|h| h == *c)) {
        return Err(damaged(
            dir,
            "summary.csv",
            format!("the columns {}", header.join(",")),
            format!("no column '{absent}'"),
        ));
    }
    // Every KPI any table names: each table must hold all of them.
    let mut kpis = saved.kpis();
    for k in replications
        .kpis
        .iter()
        .map(String::as_str)
        .chain(comparison.iter().map(|c| c.kpi.as_str()))
    {
        if !kpis.contains(&k) {
            kpis.push(k);
        }
    }
    check_summary_rows(saved, dir, &policies, &kpis)?;
    check_comparison_rows(comparison, run, dir, &policies, kpis.len())?;
    check_replication_rows(replications, run, dir, &policies, kpis.len())?;
    check_timeseries_rows(timeseries, run, dir, &policies)
}

/// A table of `dir` that does not hold what `run.json` says it should.
fn damaged(dir: &Path, file: &str, expected: String, found: String) -> ReportError {
    ReportError::Damaged {
        path: dir.join(file),
        expected,
        found,
    }
}

/// `summary.csv`: one row per policy and KPI.
fn check_summary_rows(
    saved: &SavedResults,
    dir: &Path,
    policies: &[String],
    kpis: &[&str],
) -> Result<(), ReportError> {
    let cells = policies.len() * kpis.len();
    let mut pairs: Vec<(&str, &str)> = saved
        .summary
        .iter()
        .map(|s| (s.policy.as_str(), s.kpi.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    if saved.summary.len() != cells || pairs.len() != cells {
        return Err(damaged(
            dir,
            "summary.csv",
            format!(
                "one row per policy and KPI ({} x {} = {cells})",
                policies.len(),
                kpis.len()
            ),
            format!("{} rows, {} distinct", saved.summary.len(), pairs.len()),
        ));
    }
    Ok(())
}

/// `comparison.csv`: one row per policy other than the baseline and KPI (the baseline is
/// not compared with itself).
fn check_comparison_rows(
    comparison: &[PairedDifference],
    run: &RunMeta,
    dir: &Path,
    policies: &[String],
    kpis: usize,
) -> Result<(), ReportError> {
    let compared = policies
        .iter()
        .filter(|p| run.baseline.as_deref() != Some(p.as_str()))
        .count()
        * kpis;
    if comparison.len() != compared
        || run
            .baseline
            .as_ref()
            .is_some_and(|b| comparison.iter().any(|c| &c.baseline != b))
    {
        return Err(damaged(
            dir,
            "comparison.csv",
            format!(
                "one row per policy other than the baseline and KPI ({compared}) against the \
                 baseline {}",
                run.baseline.as_deref().unwrap_or("of run.json")
            ),
            format!("{} rows", comparison.len()),
        ));
    }
    Ok(())
}

/// `replications.csv`: replications 0..R of every policy, in order, with every KPI.
fn check_replication_rows(
    replications: &Replications,
    run: &RunMeta,
    dir: &Path,
    policies: &[String],
    kpis: usize,
) -> Result<(), ReportError> {
    let Some(r) = run.replications else {
        return Ok(());
    };
    let expected = policies.len() as u64 * r;
    let in_order = policies.iter().enumerate().all(|(p, name)| {
        let rows = &replications.rows[..replications.rows.len().min(expected as usize)];
        rows.iter()
            .skip(p * r as usize)
            .take(r as usize)
            .enumerate()
            .all(|(i, row)| &row.0 == name && row.1 == i as u64)
    });
    if replications.rows.len() as u64 != expected || !in_order || replications.kpis.len() != kpis {
        return Err(damaged(
            dir,
            "replications.csv",
            format!(
                "replications 0 to {} of each of {} policies",
                r.saturating_sub(1),
                policies.len()
            ),
            format!("{} rows", replications.rows.len()),
        ));
    }
    Ok(())
}

/// `timeseries.csv`: every month of every series of every policy.
fn check_timeseries_rows(
    timeseries: &TimeSeries,
    run: &RunMeta,
    dir: &Path,
    policies: &[String],
) -> Result<(), ReportError> {
    let Some(months) = run.months else {
        return Ok(());
    };
    let series = timeseries.series.len();
    let complete = timeseries.series.iter().all(|s| s.len() as u64 == months);
    if timeseries.policies != policies
        || timeseries.months as u64 != months
        || !complete
        || timeseries.rows as u64 != series as u64 * months
    {
        return Err(damaged(
            dir,
            "timeseries.csv",
            format!(
                "{months} months of every series of [{}]",
                policies.join(", ")
            ),
            format!(
                "{} rows for {series} series of [{}], up to month {}",
                timeseries.rows,
                timeseries.policies.join(", "),
                timeseries.months
            ),
        ));
    }
    Ok(())
}

/// Reads a `sweep.csv` file on its own.
pub fn load_sweep(path: &Path) -> Result<Sweep, ReportError> {
    let mut t = Table::open(path)?;
    let point = t.column(super::tables::POINT_COLUMN)?;
    let policy = t.column(super::tables::SWEEP_COLUMNS[0])?;
    let parameters: Vec<String> = t.header[point + 1..policy.max(point + 1)].to_vec();
    let [_, kpi, mean, low, high, _] = super::tables::SWEEP_COLUMNS.map(|name| t.column(name));
    let (kpi, mean, low, high) = (kpi?, mean?, low?, high?);
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        rows.push(SweepRow {
            point: r.uint(point)?,
            values: (point + 1..policy).map(|i| unescape(&r.text(i))).collect(),
            policy: r.name(policy)?,
            kpi: r.name(kpi)?,
            estimate: r.estimate(mean, low, high)?,
        });
    }
    Ok(Sweep { parameters, rows })
}

/// A file every results folder has is missing: say what the folder is instead when it is a
/// shard or an interrupted run.
fn missing(dir: &Path, file: &str) -> ReportError {
    let folder = dir.to_path_buf();
    if dir.join(super::run_info::SHARD_META_FILE).is_file() {
        return ReportError::Shard { folder };
    }
    if dir.join(super::checkpoint::CHECKPOINT_META_FILE).is_file() {
        return ReportError::Interrupted { folder };
    }
    ReportError::Missing {
        path: dir.join(file),
        folder: dir.to_path_buf(),
    }
}

pub(super) fn optional<T>(
    dir: &Path,
    file: &str,
    load: fn(&Path) -> Result<T, ReportError>,
) -> Result<Option<T>, ReportError> {
    let path = dir.join(file);
    if path.is_file() {
        load(&path).map(Some)
    } else {
        Ok(None)
    }
}

pub(super) fn load_run_json(dir: &Path) -> Result<RunMeta, ReportError> {
    let path = dir.join("run.json");
    if !path.is_file() {
        return Err(missing(dir, "run.json"));
    }
    let bytes = fs::read(&path).map_err(|source| ReportError::Io {
        path: path.clone(),
        source,
    })?;
    let run: RunMeta = serde_json::from_slice(&bytes).map_err(|e| ReportError::Json {
        path: path.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if run.complete == Some(false) {
        return Err(ReportError::Incomplete(dir.to_path_buf()));
    }
    Ok(run)
}

fn load_summary(path: &Path) -> Result<Vec<KpiSummary>, ReportError> {
    let mut t = Table::open(path)?;
    let c = super::tables::SUMMARY_HEADER.map(|name| t.column_opt(name));
    let need = |i: usize, name: &str| c[i].ok_or_else(|| t.no_column(name));
    let (policy, kpi, mean, low, high) = (
        need(0, "policy")?,
        need(1, "kpi")?,
        need(2, "mean")?,
        need(4, "ci95_low")?,
        need(5, "ci95_high")?,
    );
    let mut out = Vec::new();
    while let Some(r) = t.next_row()? {
        let opt = |i: Option<usize>| i.map(|i| r.number(i)).unwrap_or(Ok(f64::NAN));
        out.push(KpiSummary {
            policy: r.name(policy)?,
            kpi: r.name(kpi)?,
            estimate: r.estimate(mean, low, high)?,
            sd: opt(c[3])?,
            p10: opt(c[6])?,
            p50: opt(c[7])?,
            p90: opt(c[8])?,
            n: match c[9] {
                Some(i) if !r.text(i).is_empty() => Some(r.uint(i)?),
                _ => None,
            },
            p_best: opt(c[11])?,
        });
    }
    Ok(out)
}

fn load_replications(path: &Path) -> Result<Replications, ReportError> {
    let mut t = Table::open(path)?;
    let [policy, replication] = super::tables::REPLICATIONS_KEYS.map(|name| t.column(name));
    let (policy, replication) = (policy?, replication?);
    let columns: Vec<usize> = (0..t.header.len())
        .filter(|&i| i != policy && i != replication)
        .collect();
    let kpis = columns.iter().map(|&i| t.header[i].clone()).collect();
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        let values = columns
            .iter()
            .map(|&i| r.number(i))
            .collect::<Result<_, _>>()?;
        rows.push((r.name(policy)?, r.uint(replication)?, values));
    }
    Ok(Replications { kpis, rows })
}

/// Months beyond this are taken as a corrupt file rather than allocated.
const MAX_MONTHS: u64 = 12 * 1000;

fn load_timeseries(path: &Path) -> Result<TimeSeries, ReportError> {
    let mut t = Table::open(path)?;
    let [policy, unit, _, month, _, kpi, mean, low, high] =
        super::tables::TIMESERIES_HEADER.map(|name| t.column_opt(name));
    let need = |c: Option<usize>, i: usize| c.ok_or_else(|| t.no_column(TIMESERIES_HEADER[i]));
    let (policy, unit, month) = (need(policy, 0)?, need(unit, 1)?, need(month, 3)?);
    let (mean, low, high) = (need(mean, 6)?, need(low, 7)?, need(high, 8)?);
    // The series' name: `kpi`, or `metric` in folders written before the tables agreed on
    // one word. `year` and `warmup` follow from `month` and `run.json`, so they are not read.
    let metric = match (kpi, t.column_opt("metric")) {
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Err(t.no_column(TIMESERIES_HEADER[5])),
    };
    let mut ts = TimeSeries::default();
    fn intern(list: &mut Vec<String>, name: String) -> usize {
        match list.iter().position(|x| *x == name) {
            Some(i) => i,
            None => {
                list.push(name);
                list.len() - 1
            }
        }
    }
    while let Some(r) = t.next_row()? {
        let m = r.uint(month)?;
        if m == 0 || m > MAX_MONTHS {
            return Err(r.error(format!(
                "month {m} is out of range (months are numbered from 1)"
            )));
        }
        let key = (
            intern(&mut ts.policies, r.name(policy)?),
            intern(&mut ts.units, r.name(unit)?),
            intern(&mut ts.metrics, r.name(metric)?),
        );
        let next = ts.series.len();
        let i = *ts.index.entry(key).or_insert(next);
        if i == next {
            ts.series.push(Vec::new());
        }
        let m = m as usize;
        let s = &mut ts.series[i];
        if s.len() < m {
            s.resize(m, Estimate::UNDEFINED);
        }
        s[m - 1] = r.estimate(mean, low, high)?;
        ts.months = ts.months.max(m);
        ts.rows += 1;
    }
    Ok(ts)
}

fn load_comparison(path: &Path) -> Result<Vec<PairedDifference>, ReportError> {
    let mut t = Table::open(path)?;
    // Every column but the last two (`p_best`, `unit`: absent from older folders) is needed.
    let [
        policy,
        baseline,
        kpi,
        diff,
        low,
        high,
        significant,
        p_best,
        _,
    ] = super::tables::COMPARISON_HEADER.map(|name| t.column(name));
    let (policy, baseline, kpi, diff) = (policy?, baseline?, kpi?, diff?);
    let (low, high, significant) = (low?, high?, significant?);
    let p_best = p_best.ok();
    let mut out = Vec::new();
    while let Some(r) = t.next_row()? {
        let flag = r.text(significant).to_ascii_lowercase();
        let significant = match flag.as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" | "" => false,
            other => {
                return Err(r.error(format!(
                    "column 'significant' must be true or false, not '{other}'"
                )));
            }
        };
        out.push(PairedDifference {
            policy: r.name(policy)?,
            baseline: r.name(baseline)?,
            kpi: r.name(kpi)?,
            difference: r.estimate(diff, low, high)?,
            significant,
            p_best: p_best.map(|i| r.number(i)).unwrap_or(Ok(f64::NAN))?,
        });
    }
    Ok(out)
}

/// Undoes the spreadsheet-formula guard of the CSV writer (a leading apostrophe).
fn unescape(name: &str) -> String {
    match name.strip_prefix('\'') {
        Some(rest) if rest.starts_with(super::tables::FORMULA_STARTS) => rest.to_string(),
        _ => name.to_string(),
    }
}

/// A CSV file being read, with its header: the crate's one CSV reader
/// ([`CsvTable`], shared with the scenario's data files) with the file named in errors.
pub(super) struct Table {
    path: PathBuf,
    header: Vec<String>,
    table: CsvTable<'static>,
    record: csv::StringRecord,
}

/// One data line of a [`Table`].
pub(super) struct Row<'a> {
    table: &'a Table,
    line: u64,
}

impl Table {
    pub(super) fn open(path: &Path) -> Result<Table, ReportError> {
        let file = fs::File::open(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => ReportError::Missing {
                path: path.to_path_buf(),
                folder: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            },
            _ => ReportError::Io {
                path: path.to_path_buf(),
                source,
            },
        })?;
        let table = CsvTable::from_file(file).map_err(|p| csv_error(path, p))?;
        let header: Vec<String> = table.header.iter().map(|h| unescape(h)).collect();
        if header.iter().all(String::is_empty) {
            return Err(ReportError::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: "the file is empty (no header line)".into(),
            });
        }
        Ok(Table {
            path: path.to_path_buf(),
            header,
            table,
            record: csv::StringRecord::new(),
        })
    }

    pub(super) fn column_opt(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    pub(super) fn no_column(&self, name: &str) -> ReportError {
        ReportError::Csv {
            path: self.path.clone(),
            line: 1,
            message: format!(
                "missing column '{name}' (header: {})",
                self.header.join(",")
            ),
        }
    }

    pub(super) fn column(&self, name: &str) -> Result<usize, ReportError> {
        self.column_opt(name).ok_or_else(|| self.no_column(name))
    }

    /// Where each of `names` is, in their order; the first missing one is an error.
    pub(super) fn columns<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<Vec<usize>, ReportError> {
        names.into_iter().map(|name| self.column(name)).collect()
    }

    /// An error at `line` of the file (0: the file as a whole).
    pub(super) fn error(&self, line: u64, message: String) -> ReportError {
        ReportError::Csv {
            path: self.path.clone(),
            line,
            message,
        }
    }

    /// The next data row (blank rows skipped).
    pub(super) fn next_row(&mut self) -> Result<Option<Row<'_>>, ReportError> {
        match self.table.next_row() {
            None => Ok(None),
            Some(Err(p)) => Err(csv_error(&self.path, p)),
            Some(Ok((line, record))) => {
                self.record = record;
                Ok(Some(Row {
                    table: self,
                    line: line as u64,
                }))
            }
        }
    }
}

/// A problem of the CSV reader as an error naming the file.
fn csv_error(path: &Path, p: CsvProblem) -> ReportError {
    ReportError::Csv {
        path: path.to_path_buf(),
        line: p.line as u64,
        message: p.message,
    }
}

impl Row<'_> {
    pub(super) fn error(&self, message: String) -> ReportError {
        self.table.error(self.line, message)
    }

    pub(super) fn text(&self, i: usize) -> String {
        self.table.record.get(i).unwrap_or("").trim().to_string()
    }

    fn column_name(&self, i: usize) -> &str {
        self.table.header.get(i).map_or("?", String::as_str)
    }

    /// A non-empty name (policy, unit, KPI, metric).
    pub(super) fn name(&self, i: usize) -> Result<String, ReportError> {
        let t = self.text(i);
        if t.is_empty() {
            return Err(self.error(format!("column '{}' is empty", self.column_name(i))));
        }
        Ok(unescape(&t))
    }

    /// A number; an empty cell is undefined (NaN).
    pub(super) fn number(&self, i: usize) -> Result<f64, ReportError> {
        let t = self.text(i);
        if t.is_empty() {
            return Ok(f64::NAN);
        }
        // The writer leaves undefined values empty, never NaN or inf.
        t.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                self.error(format!(
                    "column '{}' must be a finite number or empty, not '{}'",
                    self.column_name(i),
                    shown(&t)
                ))
            })
    }

    pub(super) fn uint(&self, i: usize) -> Result<u64, ReportError> {
        let t = self.text(i);
        t.parse::<u64>().map_err(|_| {
            self.error(format!(
                "column '{}' must be a whole number, not '{t}'",
                self.column_name(i)
            ))
        })
    }

    fn estimate(&self, mean: usize, low: usize, high: usize) -> Result<Estimate, ReportError> {
        Ok(Estimate {
            mean: self.number(mean)?,
            low: self.number(low)?,
            high: self.number(high)?,
        })
    }
}
