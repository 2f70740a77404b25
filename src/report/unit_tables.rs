//! Per-unit and per-class outcomes of every replication: `unit_replications.csv` and
//! `class_replications.csv`. Each row holds the period's totals (which add up exactly over
//! any set of units, see `sim::UnitTotals`) followed by the KPIs computed from them, so a
//! researcher gets waits per class or a unit's SLA compliance with a CI over replications,
//! and `mutasi report` can compute a group's or the worst unit's KPI per replication.

use crate::experiment::ExperimentResult;
use crate::sim::{Model, Period, UnitKpi, UnitTotals};

use super::OutputError;
use super::atomic::csv_bytes as finish;
use super::tables::{csv_number as num, csv_text as text};

/// First columns of `unit_replications.csv` (the totals and KPIs follow).
pub const UNIT_REPLICATIONS_KEYS: [&str; 4] = ["policy", "replication", "unit", "period"];

/// Fields of [`UnitTotals`] that a case class has (the others are unit-level).
pub const CLASS_TOTALS: &[&str] = &[
    "months",
    "cases",
    "started",
    "abandoned",
    "completed",
    "within_sla",
    "open_past_sla",
    "wait_days",
    "resolution_days",
];

/// Unit KPIs that describe a case class.
const CLASS_KPIS: &[UnitKpi] = &[
    UnitKpi::Cases,
    UnitKpi::Abandoned,
    UnitKpi::DemandServed,
    UnitKpi::WaitDaysMean,
    UnitKpi::ResolutionDaysMean,
    UnitKpi::SlaCompliance,
];

/// Column name of a unit KPI in these files: counts per year carry `_per_year` so they are
/// not confused with the period's totals of the same name.
pub fn kpi_column(k: UnitKpi) -> String {
    if k.per_year() {
        format!("{}_per_year", k.name())
    } else {
        k.name().to_string()
    }
}

/// Unit KPIs written as columns (the end backlog is a total already).
pub fn unit_kpi_columns() -> impl Iterator<Item = UnitKpi> {
    UnitKpi::ALL
        .iter()
        .copied()
        .filter(|k| *k != UnitKpi::BacklogEnd)
}

fn encode(e: csv::Error) -> OutputError {
    e.into()
}

/// `unit_replications.csv`: per policy, replication, unit and period (`measured`, and for
/// a measured window of two years or more `year_before_last` and `last_year`), the totals
/// and the unit KPIs. `None` when the results hold no per-unit outcomes (e.g. merged from
/// shards written by an older version).
pub fn unit_replications_csv(
    model: &Model,
    result: &ExperimentResult,
) -> Result<Option<Vec<u8>>, OutputError> {
    if result.policies.iter().any(|p| p.unit_outcomes().is_none()) {
        return Ok(None);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = UNIT_REPLICATIONS_KEYS
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(UnitTotals::NAMES.iter().map(|s| s.to_string()));
    header.extend(unit_kpi_columns().map(kpi_column));
    w.write_record(&header).map_err(encode)?;
    for p in &result.policies {
        for (r, outcomes) in p.unit_outcomes().unwrap_or(&[]).iter().enumerate() {
            for period in Period::ALL {
                for (u, t) in outcomes.period(period).iter().enumerate() {
                    let unit = model.units.get(u).map_or("?", |m| m.name.as_str());
                    let mut row = vec![
                        text(&p.name),
                        r.to_string(),
                        text(unit),
                        period.name().to_string(),
                    ];
                    row.extend(t.to_array().iter().map(|&v| num(v)));
                    row.extend(unit_kpi_columns().map(|k| num(k.value(t))));
                    w.write_record(&row).map_err(encode)?;
                }
            }
        }
    }
    finish(w).map(Some)
}

/// `class_replications.csv`: per policy, replication, unit and case class, the measured
/// window's totals and KPIs of the class (waits, resolution times, SLA compliance, share
/// served). `None` like [`unit_replications_csv`].
pub fn class_replications_csv(
    model: &Model,
    result: &ExperimentResult,
) -> Result<Option<Vec<u8>>, OutputError> {
    if result.policies.iter().any(|p| p.unit_outcomes().is_none()) {
        return Ok(None);
    }
    let index: Vec<usize> = CLASS_TOTALS
        .iter()
        .filter_map(|n| UnitTotals::NAMES.iter().position(|x| x == n))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["policy", "replication", "unit", "class"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(CLASS_TOTALS.iter().map(|s| s.to_string()));
    header.extend(CLASS_KPIS.iter().map(|&k| kpi_column(k)));
    w.write_record(&header).map_err(encode)?;
    for p in &result.policies {
        for (r, outcomes) in p.unit_outcomes().unwrap_or(&[]).iter().enumerate() {
            for (c, t) in outcomes.classes.iter().enumerate() {
                let Some(class) = model.classes.get(c) else {
                    continue;
                };
                let unit = model.units.get(class.unit).map_or("?", |m| m.name.as_str());
                let mut row = vec![text(&p.name), r.to_string(), text(unit), text(&class.name)];
                let values = t.to_array();
                row.extend(index.iter().map(|&i| num(values[i])));
                row.extend(CLASS_KPIS.iter().map(|k| num(k.value(t))));
                w.write_record(&row).map_err(encode)?;
            }
        }
    }
    finish(w).map(Some)
}
