//! CSV tables: summary, replications, time series, comparison, transfer log, sweep.

use crate::experiment::ExperimentResult;
use crate::sim::{Kpi, Metric, Model};
use crate::stats::Summary;

use super::OutputError;
use super::atomic::{EncodeError, csv_bytes as finish};

/// Header of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 12] = [
    "policy",
    "kpi",
    "mean",
    "sd",
    "ci95_low",
    "ci95_high",
    "p10",
    "p50",
    "p90",
    "n",
    "unit",
    "p_best",
];
/// Header of `timeseries.csv`. The series' name is in `kpi`, as in every other table
/// (older folders call it `metric` and have no `year` or `warmup`; they are still read).
pub const TIMESERIES_HEADER: [&str; 9] = [
    "policy",
    "unit",
    "year",
    "month",
    "warmup",
    "kpi",
    "mean",
    "ci95_low",
    "ci95_high",
];
/// Header of `comparison.csv`.
pub const COMPARISON_HEADER: [&str; 9] = [
    "policy",
    "baseline",
    "kpi",
    "diff_mean",
    "ci95_low",
    "ci95_high",
    "significant",
    "p_best",
    "unit",
];
/// First column of `sweep.csv` and of a robust study's `points.csv`: the point's number.
pub const POINT_COLUMN: &str = "point";
/// Columns of `sweep.csv` after `point` and one column per swept path.
pub const SWEEP_COLUMNS: [&str; 6] = ["policy", "kpi", "mean", "ci95_low", "ci95_high", "unit"];
/// First columns of `replications.csv` (one column per KPI follows).
pub const REPLICATIONS_KEYS: [&str; 2] = ["policy", "replication"];
/// Header of `transfers.csv`.
pub const TRANSFERS_HEADER: [&str; 9] = [
    "policy",
    "replication",
    "month",
    "staff",
    "from",
    "to",
    "reason",
    "outcome",
    "rule",
];
/// Row name of the whole organisation in `timeseries.csv`.
pub const ALL_UNITS: &str = "all";

/// A number as written in every CSV file (shortest round-trip form; empty when undefined).
pub(crate) fn csv_number(x: f64) -> String {
    num(x)
}

/// A text cell as written in every CSV file (formula-guarded).
pub(crate) fn csv_text(s: &str) -> String {
    text(s)
}

/// A number as written in CSV: shortest round-trip form; empty when undefined.
pub(crate) fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// First characters that make a spreadsheet read a cell as a formula (or hide one), and
/// the apostrophe of the guard itself, so that a name starting with one reads back exactly.
pub(crate) const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Text cells that a spreadsheet would run as a formula get a leading apostrophe (which
/// spreadsheets show as "text", and `mutasi report` removes when reading back).
pub(crate) fn text(s: &str) -> String {
    if s.starts_with(FORMULA_STARTS) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A cell that holds a number when it is one (e.g. a swept value such as `-0.1`, kept as
/// is), and guarded text otherwise.
fn number_or_text(s: &str) -> String {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => s.trim().to_string(),
        _ => text(s),
    }
}

fn encode(e: csv::Error) -> OutputError {
    e.into()
}

/// Years in the measured window of a model (after the warm-up).
pub fn measured_years(model: &Model) -> f64 {
    model.months.saturating_sub(model.first_measured_month) as f64 / 12.0
}

/// Factor from a KPI as simulated to the unit written in every output: window totals
/// (counts, costs) per year of the measured window, everything else as it is.
pub fn output_factor(kpi: Kpi, years: f64) -> f64 {
    if kpi.per_year() && years > 0.0 {
        1.0 / years
    } else {
        1.0
    }
}

/// A summary with every value multiplied by `f`.
fn scaled(s: Summary, f: f64) -> Summary {
    Summary {
        mean: s.mean * f,
        sd: s.sd * f,
        ci95_low: s.ci95_low * f,
        ci95_high: s.ci95_high * f,
        p10: s.p10 * f,
        p50: s.p50 * f,
        p90: s.p90 * f,
        ..s
    }
}

/// `summary.csv`: one row per policy x KPI, counts and costs per year of the measured
/// window (see the `unit` column), with the probability of being best.
pub fn summary_csv(model: &Model, result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let years = measured_years(model);
    let best: Vec<Vec<f64>> = Kpi::ALL
        .iter()
        .map(|&k| result.probability_best(k))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SUMMARY_HEADER).map_err(encode)?;
    for (i, p) in result.policies.iter().enumerate() {
        for (j, &k) in Kpi::ALL.iter().enumerate() {
            let s = scaled(p.summary(k), output_factor(k, years));
            w.write_record([
                text(&p.name),
                k.name().to_string(),
                num(s.mean),
                num(s.sd),
                num(s.ci95_low),
                num(s.ci95_high),
                num(s.p10),
                num(s.p50),
                num(s.p90),
                s.n.to_string(),
                k.output_unit(),
                num(best[j].get(i).copied().unwrap_or(f64::NAN)),
            ])
            .map_err(encode)?;
        }
    }
    finish(w)
}

/// `replications.csv`: one row per policy x replication, one column per KPI (counts and
/// costs per year, as in `summary.csv`).
pub fn replications_csv(model: &Model, result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let years = measured_years(model);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = REPLICATIONS_KEYS.iter().map(|s| s.to_string()).collect();
    header.extend(Kpi::ALL.iter().map(|k| k.name().to_string()));
    w.write_record(&header).map_err(encode)?;
    for p in &result.policies {
        for (r, kpis) in p.kpis.iter().enumerate() {
            let mut row = vec![text(&p.name), r.to_string()];
            row.extend(
                Kpi::ALL
                    .iter()
                    .zip(kpis)
                    .map(|(&k, &v)| num(v * output_factor(k, years))),
            );
            w.write_record(&row).map_err(encode)?;
        }
    }
    finish(w)
}

/// `timeseries.csv`: per policy, series row (a unit or group, see
/// [`Model::series_rows`], and `all`), month (1-based, with its year of the simulation and
/// whether it is a warm-up month) and metric, the mean over replications with its 95 % CI.
pub fn timeseries_csv(model: &Model, result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TIMESERIES_HEADER).map_err(encode)?;
    for p in &result.policies {
        let s = &p.series;
        for row in 0..s.rows() {
            let unit = model
                .series_rows
                .get(row)
                .filter(|_| row + 1 < s.rows())
                .map(|r| text(&r.name))
                .unwrap_or_else(|| ALL_UNITS.to_string());
            for month in 0..s.months() {
                let year = (month / 12 + 1).to_string();
                let warmup = (month < model.first_measured_month).to_string();
                for &metric in Metric::ALL {
                    let c = s.cell(metric, row, month);
                    let (mean, hw) = if c.n == 0 {
                        (f64::NAN, f64::NAN)
                    } else {
                        (c.mean, c.ci_half_width(0.95))
                    };
                    w.write_record([
                        text(&p.name),
                        unit.clone(),
                        year.clone(),
                        (month + 1).to_string(),
                        warmup.clone(),
                        metric.name().to_string(),
                        num(mean),
                        num(mean - hw),
                        num(mean + hw),
                    ])
                    .map_err(encode)?;
                }
            }
        }
    }
    finish(w)
}

/// `comparison.csv`: per policy other than the baseline (experiment order) and KPI, the
/// paired difference policy − baseline over replications with the same index (mean and
/// Student-t 95 % CI, counts and costs per year), whether the CI excludes zero, and the
/// probability of being best (the baseline's is in `summary.csv`). Undefined values (one
/// replication, KPIs with no better direction) are empty cells.
pub fn comparison_csv(model: &Model, result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let years = measured_years(model);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COMPARISON_HEADER).map_err(encode)?;
    for c in result.comparison() {
        let Some(d) = &c.difference else {
            continue;
        };
        let f = output_factor(c.kpi, years);
        let (mean, low, high) = (num(d.mean * f), num(d.ci95_low * f), num(d.ci95_high * f));
        w.write_record([
            text(&c.policy),
            text(&c.baseline),
            c.kpi.name().to_string(),
            mean,
            low,
            high,
            c.significant.map(|s| s.to_string()).unwrap_or_default(),
            num(c.p_best),
            k_unit(c.kpi),
        ])
        .map_err(encode)?;
    }
    finish(w)
}

/// Unit of a KPI difference: percentage points are not used in files (shares stay
/// fractions), so a difference has the KPI's own unit.
fn k_unit(k: Kpi) -> String {
    k.output_unit()
}

/// `transfers.csv`: every transfer order of every replication, with unit names.
pub fn transfers_csv(model: &Model, result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TRANSFERS_HEADER).map_err(encode)?;
    let unit = |i: u32| {
        model
            .units
            .get(i as usize)
            .map(|u| text(&u.name))
            .unwrap_or_else(|| format!("#{i}"))
    };
    for p in &result.policies {
        for t in &p.transfers {
            // One fact per column: `blocked` in `outcome`, the rule that blocked it in `rule`.
            let (outcome, rule) = match t.outcome.split_once(':') {
                Some((outcome, rule)) => (outcome, rule),
                None => (t.outcome.as_str(), ""),
            };
            w.write_record([
                text(&p.name),
                t.replication.to_string(),
                t.month.to_string(),
                t.staff.to_string(),
                unit(t.from),
                unit(t.to),
                text(&t.reason),
                text(outcome),
                text(rule),
            ])
            .map_err(encode)?;
        }
    }
    finish(w)
}

/// `sweep.csv`, written point by point: `point,<PATH...>,policy,kpi,mean,ci95_low,ci95_high`.
pub struct SweepCsv {
    writer: csv::Writer<Vec<u8>>,
    parameters: usize,
}

impl SweepCsv {
    /// Starts the table with one column per swept path.
    pub fn new(parameters: &[String]) -> Result<SweepCsv, OutputError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec![POINT_COLUMN.to_string()];
        header.extend(parameters.iter().map(|p| text(p)));
        header.extend(SWEEP_COLUMNS.iter().map(|s| s.to_string()));
        writer.write_record(&header).map_err(encode)?;
        Ok(SweepCsv {
            writer,
            parameters: parameters.len(),
        })
    }

    /// Adds every policy x KPI of one point (counts and costs per year of the point's
    /// measured window).
    pub fn add_point(
        &mut self,
        point: usize,
        values: &[String],
        model: &Model,
        result: &ExperimentResult,
    ) -> Result<(), OutputError> {
        let years = measured_years(model);
        if values.len() != self.parameters {
            return Err(OutputError::Encode(EncodeError::SweepPoint {
                point,
                values: values.len(),
                parameters: self.parameters,
            }));
        }
        for p in &result.policies {
            for &k in Kpi::ALL {
                let s = scaled(p.summary(k), output_factor(k, years));
                let mut row = vec![point.to_string()];
                row.extend(values.iter().map(|v| number_or_text(v)));
                row.extend([
                    text(&p.name),
                    k.name().to_string(),
                    num(s.mean),
                    num(s.ci95_low),
                    num(s.ci95_high),
                    k.output_unit(),
                ]);
                self.writer.write_record(&row).map_err(encode)?;
            }
        }
        Ok(())
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, OutputError> {
        finish(self.writer)
    }
}
