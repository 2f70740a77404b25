//! `kpis.csv`: the data dictionary of a results folder. One row per column, KPI and metric
//! of every table, with its unit, which direction is better and its definition, so a
//! researcher who has only the folder knows what each number is.

use crate::sim::{Better, Kpi, Metric, UnitTotals};

use super::OutputError;
use super::unit_tables::{CLASS_TOTALS, kpi_column, unit_kpi_columns};

/// Header of `kpis.csv`.
pub const DICTIONARY_HEADER: [&str; 5] = ["file", "name", "unit", "better", "description"];

/// Files that hold one value per KPI (as rows of `summary.csv` and `comparison.csv`, as
/// columns of `replications.csv`).
const KPI_FILES: &str = "summary.csv comparison.csv replications.csv sweep.csv";

/// Columns shared by several tables.
const COLUMNS: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "policy",
        "",
        "Policy name as in the scenario's [[policies]].",
    ),
    (
        "*",
        "replication",
        "",
        "Replication index (0-based); replication r of every policy faces the same random demand.",
    ),
    (
        "summary.csv comparison.csv",
        "kpi",
        "",
        "KPI name (rows of this dictionary with file summary.csv).",
    ),
    (
        "timeseries.csv",
        "kpi",
        "",
        "Name of the monthly series (rows of this dictionary with file timeseries.csv; older folders call this column metric).",
    ),
    (
        "summary.csv comparison.csv sweep.csv",
        "unit",
        "",
        "Unit of the values in the row; counts and costs are per year of the measured period (after the warm-up).",
    ),
    (
        "summary.csv sweep.csv timeseries.csv",
        "mean",
        "",
        "Mean over replications.",
    ),
    (
        "summary.csv",
        "sd",
        "",
        "Standard deviation over replications.",
    ),
    (
        "*",
        "ci95_low",
        "",
        "Lower end of the Student-t 95% confidence interval of the mean (simulation noise only; not clipped to the possible range).",
    ),
    (
        "*",
        "ci95_high",
        "",
        "Upper end of the Student-t 95% confidence interval of the mean.",
    ),
    (
        "summary.csv",
        "p10",
        "",
        "10th percentile over replications.",
    ),
    ("summary.csv", "p50", "", "Median over replications."),
    (
        "summary.csv",
        "p90",
        "",
        "90th percentile over replications.",
    ),
    (
        "summary.csv",
        "n",
        "replications",
        "Replications with a defined value.",
    ),
    (
        "summary.csv comparison.csv",
        "p_best",
        "fraction",
        "Share of replications in which the policy has the best value of the KPI (ties split); empty for KPIs with no better direction.",
    ),
    (
        "comparison.csv",
        "baseline",
        "",
        "The policy compared with (every other policy has one row per KPI; the baseline has none).",
    ),
    (
        "comparison.csv",
        "diff_mean",
        "",
        "Mean paired difference policy − baseline over replications with the same index.",
    ),
    (
        "comparison.csv",
        "significant",
        "",
        "true when the 95% CI of the difference excludes zero.",
    ),
    (
        "timeseries.csv",
        "unit",
        "",
        "Work unit, or 'all' for the whole organisation.",
    ),
    (
        "timeseries.csv",
        "year",
        "year",
        "Year of the simulation the month falls in, from 1 (months 1-12 are year 1).",
    ),
    (
        "timeseries.csv",
        "month",
        "month",
        "Month of the simulation, from 1 (the warm-up months come first).",
    ),
    (
        "timeseries.csv",
        "warmup",
        "",
        "true for a warm-up month (left out of every KPI and comparison), false for a measured one.",
    ),
    (
        "unit_replications.csv class_replications.csv",
        "unit",
        "",
        "Work unit.",
    ),
    (
        "unit_replications.csv",
        "period",
        "",
        "measured (the whole measured period), year_before_last or last_year (the 12 months before the last 12, and the last 12: their difference is the trend).",
    ),
    (
        "class_replications.csv",
        "class",
        "",
        "Case class of the unit.",
    ),
    (
        "transfers.csv",
        "month",
        "month",
        "Month the order was issued.",
    ),
    (
        "transfers.csv",
        "staff",
        "",
        "Staff id (the same person keeps it within a replication).",
    ),
    (
        "transfers.csv",
        "from",
        "",
        "Unit the person was ordered away from.",
    ),
    ("transfers.csv", "to", "", "Unit the person was ordered to."),
    (
        "transfers.csv",
        "reason",
        "",
        "Why the order was given (the policy's reason, or 'request').",
    ),
    (
        "transfers.csv",
        "outcome",
        "",
        "accepted, appealed, refused, quit, lent (a temporary assignment) or blocked.",
    ),
    (
        "transfers.csv",
        "rule",
        "",
        "For a blocked order, the transfer rule that blocked it (e.g. min_years_at_post, review_cap); empty otherwise.",
    ),
];

fn better(b: Better) -> &'static str {
    match b {
        Better::Lower => "lower",
        Better::Higher => "higher",
        Better::Neither => "",
    }
}

/// Units of the totals of `unit_replications.csv`.
fn total_unit(name: &str) -> &'static str {
    match name {
        "months" => "months",
        "wait_days" | "resolution_days" => "working days",
        "staff_months" => "person-months",
        "required_fte_months" => "FTE-months",
        "busy_hours" | "staffed_hours" => "staff-hours",
        "resignations" => "people",
        "cost_rp" => "Rp",
        _ => "cases",
    }
}

/// One line of text for a cell (doc comments span lines).
/// A doc comment as one line of plain text (rustdoc's escapes of citation brackets removed).
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("\\[", "[")
        .replace("\\]", "]")
}

/// The rows of `kpis.csv`: `[file, name, unit, better, description]`.
pub fn dictionary_rows() -> Vec<[String; 5]> {
    let mut rows: Vec<[String; 5]> = COLUMNS
        .iter()
        .map(|(f, n, u, d)| [f, n, u, &"", d].map(|s| s.to_string()))
        .collect();
    for &k in Kpi::ALL {
        rows.push([
            KPI_FILES.to_string(),
            k.name().to_string(),
            k.output_unit(),
            better(k.better()).to_string(),
            one_line(k.description()),
        ]);
    }
    for &m in Metric::ALL {
        rows.push([
            "timeseries.csv".to_string(),
            m.name().to_string(),
            m.unit().to_string(),
            String::new(),
            one_line(m.description()),
        ]);
    }
    for (name, desc) in UnitTotals::NAMES.iter().zip(UnitTotals::DESCRIPTIONS) {
        let files = if CLASS_TOTALS.contains(name) {
            "unit_replications.csv class_replications.csv"
        } else {
            "unit_replications.csv"
        };
        rows.push([
            files.to_string(),
            name.to_string(),
            total_unit(name).to_string(),
            String::new(),
            format!("{} Total over the period.", one_line(desc)),
        ]);
    }
    for k in unit_kpi_columns() {
        rows.push([
            "unit_replications.csv class_replications.csv".to_string(),
            kpi_column(k),
            k.unit().to_string(),
            better(k.better()).to_string(),
            one_line(k.description()),
        ]);
    }
    rows.sort_by_key(|r| (r[0] != "*", r[0].clone()));
    rows
}

/// `kpis.csv`.
pub fn dictionary_csv() -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(DICTIONARY_HEADER)?;
    for r in dictionary_rows() {
        w.write_record(&r)?;
    }
    super::atomic::csv_bytes(w)
}
