//! The files of a robustness study's folder: `robust.csv`, `sensitivity.csv`, `points.csv`,
//! `run.json` (what was studied, with `"kind": "robust"`), and, for a shard or an interrupted
//! study, `robust-partial.json` (every completed point, numbers as IEEE bits so they survive
//! exactly) in place of the tables.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::experiment::ScenarioCopyError;
use crate::experiment::robust::{
    BOOTSTRAP_RESAMPLES, PointResult, PointTable, RobustMeta, RobustRow, RobustRun, SensitivityRow,
    comparison_name, robust_rows, sensitivity_rows,
};
use crate::experiment::{kpi_bits, kpi_names, same_kpis};
use crate::scenario::{Scenario, uncertain_parameters};
use crate::sim::{Kpi, Model};
use crate::stats::default_groups;

use super::atomic::csv_bytes as finish;
use super::saved::{Row, Table};
use super::tables::{POINT_COLUMN, num, text};
use super::{EncodeError, Lang, OutputError, ReportError, ReportFiles, ResultsDir};

/// Header of `robust.csv`.
pub const ROBUST_HEADER: [&str; 7] = [
    "policy",
    "kpi",
    "p_best",
    "p_best_se",
    "mean_rank",
    "regret_mean",
    "regret_p90",
];
/// Header of `sensitivity.csv`.
pub const SENSITIVITY_HEADER: [&str; 8] = [
    "parameter",
    "kpi",
    "comparison",
    "index",
    "ci95_low",
    "ci95_high",
    "diff_at_low",
    "diff_at_high",
];
/// The columns of `points.csv` named the same in every study: `point` first, then one per
/// parameter, then `policy`, then one per KPI.
pub const POINTS_KEYS: [&str; 2] = [POINT_COLUMN, "policy"];
/// The partial-results file of a shard or an interrupted study.
pub const ROBUST_PARTIAL_FILE: &str = "robust-partial.json";
/// `run.json`'s `kind` for a robustness study.
pub const ROBUST_KIND: &str = "robust";

fn encode(e: csv::Error) -> OutputError {
    e.into()
}

/// `robust.csv`.
pub fn robust_csv(rows: &[RobustRow]) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(ROBUST_HEADER).map_err(encode)?;
    for r in rows {
        w.write_record([
            text(&r.policy),
            r.kpi.name().to_string(),
            num(r.p_best),
            num(r.p_best_se),
            num(r.mean_rank),
            num(r.regret_mean),
            num(r.regret_p90),
        ])
        .map_err(encode)?;
    }
    finish(w)
}

/// `sensitivity.csv`.
pub fn sensitivity_csv(rows: &[SensitivityRow]) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SENSITIVITY_HEADER).map_err(encode)?;
    for r in rows {
        w.write_record([
            text(&r.parameter),
            r.kpi.name().to_string(),
            text(&r.comparison()),
            num(r.index.value),
            num(r.index.ci95_low),
            num(r.index.ci95_high),
            num(r.diff_at_low),
            num(r.diff_at_high),
        ])
        .map_err(encode)?;
    }
    finish(w)
}

/// `points.csv`: one row per point and policy, with the point's parameter values and the
/// policy's mean of every KPI over the replications.
pub fn points_csv(run: &RobustRun) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![POINTS_KEYS[0].to_string()];
    header.extend(run.meta.parameters.iter().map(|p| text(p)));
    header.push(POINTS_KEYS[1].into());
    header.extend(Kpi::ALL.iter().map(|k| k.name().to_string()));
    w.write_record(&header).map_err(encode)?;
    for p in &run.points {
        for (policy, kpis) in run.meta.policies.iter().zip(&p.kpis) {
            let mut row = vec![p.index.to_string()];
            row.extend(p.values.iter().map(|&v| num(v)));
            row.push(text(policy));
            row.extend(kpis.iter().map(|&v| num(v)));
            w.write_record(&row).map_err(encode)?;
        }
    }
    finish(w)
}

/// One uncertain parameter as described in `run.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterInfo {
    /// The path as written.
    pub path: String,
    /// The distribution in words, e.g. `uniform [0.5, 2]`.
    pub distribution: String,
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
    /// Whether it takes whole numbers only.
    pub whole: bool,
    /// Its value in the scenario file (`null` when the file leaves it to the default).
    pub nominal: Option<f64>,
}

/// `run.json` of a robustness study's folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RobustInfo {
    /// Always `robust`.
    pub kind: String,
    /// mutasi version.
    pub version: String,
    /// `true` once every point is done and the tables are written.
    pub complete: bool,
    /// Scenario name.
    pub scenario_name: String,
    /// The scenario's description.
    pub description: String,
    /// Points of the design (N).
    pub points: usize,
    /// Points completed (all of them in a complete study; a shard's own share).
    pub points_completed: usize,
    /// Replications per policy at every point (R).
    pub replications: u64,
    /// Master seed.
    pub seed: u64,
    /// Policies, in output order.
    pub policies: Vec<String>,
    /// The policy differences are taken against.
    pub baseline: String,
    /// KPIs analysed.
    pub kpis: Vec<String>,
    /// The uncertain parameters, in design order.
    pub parameters: Vec<ParameterInfo>,
    /// `latin_hypercube`.
    pub design: String,
    /// `first_order_index_omega_squared` (see docs/robust.md).
    pub sensitivity_measure: String,
    /// Groups of points along each parameter for the index and the flips.
    pub groups: usize,
    /// Bootstrap resamples behind each interval.
    pub bootstrap_resamples: usize,
    /// Years in the measured window (for per-year figures).
    pub measured_years: f64,
    /// `K/N` for a shard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// The command that ran it, to reproduce.
    #[serde(default)]
    pub command: String,
    /// Worker threads.
    pub threads: usize,
    /// Wall-clock seconds (summed over shards and resumed parts).
    pub wall_seconds: f64,
    /// Events simulated.
    pub events: u64,
    /// The resolved scenario with its `[uncertainty]` table.
    pub scenario: serde_json::Value,
}

/// The scenario a study's description carries.
pub fn study_scenario(meta: &RobustMeta) -> Result<Scenario, ScenarioCopyError> {
    let mut scenario = crate::experiment::scenario_copy(&meta.scenario_toml)?;
    scenario.overrides = meta.overrides.clone();
    Ok(scenario)
}

impl RobustInfo {
    /// The description of `run` (complete or not); `command` is how it was started.
    pub fn new(run: &RobustRun, complete: bool, command: &str) -> Result<RobustInfo, OutputError> {
        let m = &run.meta;
        let scenario = study_scenario(m).map_err(EncodeError::from)?;
        let parameters = uncertain_parameters(&scenario)
            .map_err(|_| EncodeError::StudyUncertainty)?
            .into_iter()
            .map(|p| {
                let (min, max) = p.range.bounds();
                ParameterInfo {
                    path: p.path.clone(),
                    distribution: p.range.describe(),
                    min,
                    max,
                    whole: p.whole,
                    nominal: p.nominal.is_finite().then_some(p.nominal),
                }
            })
            .collect();
        let model = Model::new(&scenario).map_err(EncodeError::from)?;
        let measured_months = model.months.saturating_sub(model.first_measured_month);
        Ok(RobustInfo {
            kind: ROBUST_KIND.into(),
            version: m.version.clone(),
            complete,
            scenario_name: m.scenario_name.clone(),
            description: scenario.description.clone(),
            points: m.points,
            points_completed: run.points.len(),
            replications: m.replications,
            seed: m.seed,
            policies: m.policies.clone(),
            baseline: m.baseline.clone(),
            kpis: m.kpis.clone(),
            parameters,
            design: "latin_hypercube".into(),
            sensitivity_measure: "first_order_index_omega_squared".into(),
            groups: default_groups(m.points),
            bootstrap_resamples: BOOTSTRAP_RESAMPLES,
            measured_years: measured_months as f64 / 12.0,
            shard: (m.shard.count > 1).then(|| m.shard.to_string()),
            command: command.to_string(),
            threads: m.threads,
            wall_seconds: m.wall_seconds,
            events: run.events(),
            scenario: serde_json::to_value(&scenario)?,
        })
    }
}

/// One point as saved: numbers as IEEE bits.
#[derive(Debug, Serialize, Deserialize)]
struct SavedPoint {
    index: usize,
    value_bits: Vec<u64>,
    kpi_bits: Vec<Vec<u64>>,
    events: u64,
}

/// `robust-partial.json`.
#[derive(Debug, Serialize, Deserialize)]
struct SavedPartial {
    meta: RobustMeta,
    kpi_names: Vec<String>,
    points: Vec<SavedPoint>,
}

/// `robust-partial.json` of `run`.
fn partial_json(run: &RobustRun) -> Result<Vec<u8>, OutputError> {
    let saved = SavedPartial {
        meta: run.meta.clone(),
        kpi_names: kpi_names(),
        points: run
            .points
            .iter()
            .map(|p| SavedPoint {
                index: p.index,
                value_bits: p.values.iter().map(|v| v.to_bits()).collect(),
                kpi_bits: kpi_bits(&p.kpis),
                events: p.events,
            })
            .collect(),
    };
    Ok(serde_json::to_vec(&saved)?)
}

/// Writes the folder of a shard or an interrupted study: `run.json` (not complete) and
/// `robust-partial.json`; no table and no brief, so it cannot pass for results.
pub fn write_robust_partial(
    dir: &Path,
    run: &RobustRun,
    command: &str,
    force: bool,
) -> Result<(), OutputError> {
    let out = ResultsDir::create(dir, force)?;
    let info = RobustInfo::new(run, false, command)?;
    out.write("run.json", &json(&info)?)?;
    out.write(ROBUST_PARTIAL_FILE, &partial_json(run)?)?;
    out.commit()
}

fn json<T: Serialize>(v: &T) -> Result<Vec<u8>, OutputError> {
    Ok(serde_json::to_vec_pretty(v)?)
}

/// Writes a complete study's folder: the three tables, `run.json` and, with `brief`, the
/// charts, `report.html` and `report.md` in that language. The folder appears only once
/// everything is written.
pub fn write_robust_results(
    dir: &Path,
    run: &RobustRun,
    command: &str,
    force: bool,
    brief: Option<Lang>,
) -> Result<Option<ReportFiles>, ReportError> {
    let table = PointTable::from_run(run).map_err(|e| OutputError::Encode(e.into()))?;
    let out = ResultsDir::create(dir, force)?;
    out.write("robust.csv", &robust_csv(&robust_rows(&table))?)?;
    out.write(
        "sensitivity.csv",
        &sensitivity_csv(&sensitivity_rows(&table))?,
    )?;
    out.write("points.csv", &points_csv(run)?)?;
    out.write("run.json", &json(&RobustInfo::new(run, true, command)?)?)?;
    let files = match brief {
        Some(lang) => Some(super::brief::render_robust_report(
            out.staging(),
            out.staging(),
            lang,
        )?),
        None => None,
    };
    out.commit()?;
    Ok(files)
}

/// Why a robust folder could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum RobustFileError {
    /// The folder has no `robust-partial.json`.
    #[error("'{}' has no {ROBUST_PARTIAL_FILE}: is it a folder written by `mutasi robust --shard` or an interrupted `mutasi robust`?", .0.display())]
    NotPartial(PathBuf),
    /// A file could not be read.
    #[error("cannot read '{}': {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The file does not parse or is inconsistent.
    #[error("'{}': {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong (with line and column for JSON).
        message: String,
    },
}

/// Whether `dir` holds a robust study's partial results (a shard or an interrupted study).
pub fn is_robust_partial(dir: &Path) -> bool {
    dir.join(ROBUST_PARTIAL_FILE).is_file()
}

/// Reads the points of a shard or an interrupted study back from its folder.
pub fn read_robust_partial(dir: &Path) -> Result<RobustRun, RobustFileError> {
    let path = dir.join(ROBUST_PARTIAL_FILE);
    if !path.is_file() {
        return Err(RobustFileError::NotPartial(dir.to_path_buf()));
    }
    let bytes = fs::read(&path).map_err(|source| RobustFileError::Io {
        path: path.clone(),
        source,
    })?;
    let invalid = |message: String| RobustFileError::Invalid {
        path: path.clone(),
        message,
    };
    let saved: SavedPartial = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if !same_kpis(&saved.kpi_names) {
        return Err(invalid(
            "the KPI columns differ from this mutasi version's; merge or resume with the \
             version that wrote it"
                .into(),
        ));
    }
    let (params, policies) = (saved.meta.parameters.len(), saved.meta.policies.len());
    let mut points = Vec::with_capacity(saved.points.len());
    for p in saved.points {
        if p.value_bits.len() != params
            || p.kpi_bits.len() != policies
            || p.kpi_bits.iter().any(|k| k.len() != Kpi::COUNT)
        {
            return Err(invalid(format!(
                "point {} does not have {params} parameter value(s) and {policies} policies x \
                 {} KPIs",
                p.index,
                Kpi::COUNT
            )));
        }
        points.push(PointResult {
            index: p.index,
            values: p.value_bits.into_iter().map(f64::from_bits).collect(),
            kpis: p
                .kpi_bits
                .into_iter()
                .map(|k| k.into_iter().map(f64::from_bits).collect())
                .collect(),
            events: p.events,
        });
    }
    Ok(RobustRun {
        meta: saved.meta,
        points,
    })
}

/// A robust study's folder read back for its brief: `run.json` and the three tables.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedRobust {
    /// `run.json`.
    pub info: RobustInfo,
    /// `robust.csv`.
    pub robust: Vec<RobustRow>,
    /// `sensitivity.csv`.
    pub sensitivity: Vec<SensitivityRow>,
    /// `points.csv` (the analysed KPIs).
    pub table: PointTable,
}

/// Whether `dir` holds a complete robust study (for `mutasi report`).
pub fn is_robust_folder(dir: &Path) -> bool {
    dir.join("robust.csv").is_file()
}

/// Reads a complete robust study's folder.
pub fn load_robust(dir: &Path) -> Result<SavedRobust, ReportError> {
    let info_path = dir.join("run.json");
    let bytes = fs::read(&info_path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ReportError::Missing {
            path: info_path.clone(),
            folder: dir.to_path_buf(),
        },
        _ => ReportError::Io {
            path: info_path.clone(),
            source,
        },
    })?;
    let info: RobustInfo = serde_json::from_slice(&bytes).map_err(|e| ReportError::Json {
        path: info_path.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if !info.complete {
        return Err(ReportError::Csv {
            path: info_path,
            line: 1,
            message: "the study is not complete (\"complete\": false); finish it with \
                      `mutasi robust --resume DIR`"
                .into(),
        });
    }
    let kpis = info
        .kpis
        .iter()
        .map(|n| Kpi::from_name(n))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| ReportError::Csv {
            path: dir.join("run.json"),
            line: 1,
            message: format!("unknown KPI among {}", info.kpis.join(", ")),
        })?;
    let robust = read_robust_csv(&dir.join("robust.csv"))?;
    let sensitivity = read_sensitivity_csv(&dir.join("sensitivity.csv"), &info)?;
    let table = read_points_csv(&dir.join("points.csv"), &info, &kpis)?;
    Ok(SavedRobust {
        info,
        robust,
        sensitivity,
        table,
    })
}

/// A KPI name in column `i` of a row.
fn kpi_cell(r: &Row<'_>, i: usize) -> Result<Kpi, ReportError> {
    let name = r.name(i)?;
    Kpi::from_name(&name).ok_or_else(|| r.error(format!("unknown KPI '{name}'")))
}

fn read_robust_csv(path: &Path) -> Result<Vec<RobustRow>, ReportError> {
    let mut t = Table::open(path)?;
    let c = t.columns(ROBUST_HEADER)?;
    let mut out = Vec::new();
    while let Some(r) = t.next_row()? {
        out.push(RobustRow {
            policy: r.name(c[0])?,
            kpi: kpi_cell(&r, c[1])?,
            p_best: r.number(c[2])?,
            p_best_se: r.number(c[3])?,
            mean_rank: r.number(c[4])?,
            regret_mean: r.number(c[5])?,
            regret_p90: r.number(c[6])?,
        });
    }
    Ok(out)
}

fn read_sensitivity_csv(
    path: &Path,
    info: &RobustInfo,
) -> Result<Vec<SensitivityRow>, ReportError> {
    let mut t = Table::open(path)?;
    let c = t.columns(SENSITIVITY_HEADER)?;
    let mut out = Vec::new();
    while let Some(r) = t.next_row()? {
        let comparison = r.name(c[2])?;
        let policy = info
            .policies
            .iter()
            .find(|p| comparison_name(p, &info.baseline) == comparison)
            .ok_or_else(|| {
                r.error(format!(
                    "comparison '{comparison}' is not 'POLICY - {}' for a policy of run.json",
                    info.baseline
                ))
            })?;
        out.push(SensitivityRow {
            parameter: r.name(c[0])?,
            kpi: kpi_cell(&r, c[1])?,
            policy: policy.clone(),
            baseline: info.baseline.clone(),
            index: crate::stats::Index {
                value: r.number(c[3])?,
                ci95_low: r.number(c[4])?,
                ci95_high: r.number(c[5])?,
            },
            diff_at_low: r.number(c[6])?,
            diff_at_high: r.number(c[7])?,
        });
    }
    Ok(out)
}

fn read_points_csv(
    path: &Path,
    info: &RobustInfo,
    kpis: &[Kpi],
) -> Result<PointTable, ReportError> {
    let mut t = Table::open(path)?;
    let [point, policy] = POINTS_KEYS.map(|name| t.column(name));
    let (point, policy) = (point?, policy?);
    let params = t.columns(info.parameters.iter().map(|p| p.path.as_str()))?;
    let kpi_cols = t.columns(kpis.iter().map(|k| k.name()))?;
    let n_policies = info.policies.len();
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut outcomes: Vec<Vec<Option<Vec<f64>>>> = Vec::new();
    while let Some(r) = t.next_row()? {
        let i = r.number(point)?;
        let name = r.name(policy)?;
        let p = info
            .policies
            .iter()
            .position(|q| *q == name)
            .ok_or_else(|| r.error(format!("policy '{name}' is not among run.json's policies")))?;
        // Rows come point by point (0, 1, 2, ...), one per policy.
        if i == values.len() as f64 {
            values.push(
                params
                    .iter()
                    .map(|&c| r.number(c))
                    .collect::<Result<_, _>>()?,
            );
            outcomes.push(vec![None; n_policies]);
        } else if i != values.len() as f64 - 1.0 {
            return Err(r.error(format!(
                "point {i}: expected point {} or {} (points in order)",
                values.len().saturating_sub(1),
                values.len()
            )));
        }
        let Some(slot) = outcomes.last_mut().map(|o| &mut o[p]) else {
            continue;
        };
        if slot.is_some() {
            return Err(r.error(format!("point {i} has two rows of policy '{name}'")));
        }
        *slot = Some(
            kpi_cols
                .iter()
                .map(|&c| r.number(c))
                .collect::<Result<_, _>>()?,
        );
    }
    let outcomes = outcomes
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            o.into_iter()
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| t.error(0, format!("point {i} lacks the row of some policy")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if values.len() != info.points {
        return Err(t.error(
            0,
            format!(
                "{} point(s), but run.json says {}",
                values.len(),
                info.points
            ),
        ));
    }
    Ok(PointTable {
        parameters: info.parameters.iter().map(|p| p.path.clone()).collect(),
        policies: info.policies.clone(),
        baseline: info.baseline.clone(),
        kpis: kpis.to_vec(),
        values,
        outcomes,
        seed: info.seed,
    })
}
