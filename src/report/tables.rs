//! CSV tables: summary, replications, time series.

use crate::experiment::ExperimentResult;
use crate::sim::{Kpi, Metric, Model};

use super::OutputError;

/// Header of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 10] = [
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
];
/// Header of `timeseries.csv`.
pub const TIMESERIES_HEADER: [&str; 7] = [
    "policy",
    "unit",
    "month",
    "metric",
    "mean",
    "ci95_low",
    "ci95_high",
];
/// Row name of the whole organisation in `timeseries.csv`.
pub const ALL_UNITS: &str = "all";

/// A number as written in CSV: shortest round-trip form; empty when undefined.
fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// Text cells that a spreadsheet would run as a formula get a leading apostrophe.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, OutputError> {
    w.into_inner()
        .map_err(|e| OutputError::Encode(e.to_string()))
}

fn encode(e: csv::Error) -> OutputError {
    OutputError::Encode(e.to_string())
}

/// `summary.csv`: one row per policy x KPI.
pub fn summary_csv(result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SUMMARY_HEADER).map_err(encode)?;
    for p in &result.policies {
        for &k in Kpi::ALL {
            let s = p.summary(k);
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
            ])
            .map_err(encode)?;
        }
    }
    finish(w)
}

/// `replications.csv`: one row per policy x replication, one column per KPI.
pub fn replications_csv(result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["policy".to_string(), "replication".to_string()];
    header.extend(Kpi::ALL.iter().map(|k| k.name().to_string()));
    w.write_record(&header).map_err(encode)?;
    for p in &result.policies {
        for (r, kpis) in p.kpis.iter().enumerate() {
            let mut row = vec![text(&p.name), r.to_string()];
            row.extend(kpis.iter().map(|&v| num(v)));
            w.write_record(&row).map_err(encode)?;
        }
    }
    finish(w)
}

/// `timeseries.csv`: per policy, unit (and `all`), month (1-based) and metric, the mean over
/// replications with its 95 % CI.
pub fn timeseries_csv(model: &Model, result: &ExperimentResult) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(TIMESERIES_HEADER).map_err(encode)?;
    for p in &result.policies {
        let s = &p.series;
        for row in 0..s.rows() {
            let unit = model
                .units
                .get(row)
                .map(|u| text(&u.name))
                .unwrap_or_else(|| ALL_UNITS.to_string());
            for month in 0..s.months() {
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
                        (month + 1).to_string(),
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
