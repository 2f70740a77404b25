//! Which rows the monthly series of a run hold: every unit, or only the units and groups a
//! planner asked about.
//!
//! A series row costs `Metric::COUNT x months` exact accumulators per policy (about 200
//! bytes each), so a 1,000-unit organisation over 10 years holds about 0.6 GB of them per
//! policy when every unit has its own row. A large organisation therefore keeps, by
//! default, the scenario's `[report]` focus units, its named groups, and automatic groups of
//! units sharing a competence field or a remoteness class; the whole organisation's row is
//! always last. A group's row is built from the sums of its units' month cells, so its
//! ratios (SLA compliance, mean wait, EJ) are those of the group as one unit, like the
//! whole organisation's row.

use serde::{Deserialize, Serialize};

use super::Model;

/// Which units get a monthly series row of their own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesScope {
    /// Every unit when the organisation has at most [`AUTO_ALL_UNITS`] units, else as
    /// [`SeriesScope::Focus`].
    #[default]
    Auto,
    /// The `[report]` focus units, named groups and the field and remoteness groups.
    Focus,
    /// Every unit.
    All,
}

/// Largest organisation (units) whose every unit gets a series row under
/// [`SeriesScope::Auto`]: at this size every unit's series of six policies over ten years
/// stays near 0.4 GB, and the brief's per-unit charts stay readable.
pub const AUTO_ALL_UNITS: usize = 50;

/// Name of the whole organisation's row.
pub const ALL_ROW: &str = "all";
/// Prefix of the rows of `[report]` groups (`group:donors`).
pub const GROUP_PREFIX: &str = "group:";
/// Prefix of the rows of units sharing a competence field (`field:health`).
pub const FIELD_PREFIX: &str = "field:";
/// Prefix of the rows of units sharing a remoteness class (`remoteness:remote`).
pub const REMOTENESS_PREFIX: &str = "remoteness:";

/// One row of the monthly series: a unit, a group of units, or the whole organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesRow {
    /// Name in `timeseries.csv`: the unit's name, `group:NAME`, `field:NAME`,
    /// `remoteness:urban|rural|remote`, or `all`.
    pub name: String,
    /// Indices of its units in scenario order (every unit for the whole organisation).
    pub units: Vec<usize>,
}

impl SeriesScope {
    /// Parses `auto`, `focus` or `all`.
    pub fn parse(text: &str) -> Option<SeriesScope> {
        match text {
            "auto" => Some(SeriesScope::Auto),
            "focus" => Some(SeriesScope::Focus),
            "all" => Some(SeriesScope::All),
            _ => None,
        }
    }

    /// The name `--series` takes.
    pub fn name(self) -> &'static str {
        match self {
            SeriesScope::Auto => "auto",
            SeriesScope::Focus => "focus",
            SeriesScope::All => "all",
        }
    }

    /// Whether every unit gets its own row in an organisation of `units` units.
    pub fn every_unit(self, units: usize) -> bool {
        match self {
            SeriesScope::All => true,
            SeriesScope::Focus => false,
            SeriesScope::Auto => units <= AUTO_ALL_UNITS,
        }
    }
}

/// The name of remoteness class `r` (0 urban, 1 rural, 2 remote).
fn remoteness_name(r: u8) -> &'static str {
    match r {
        0 => "urban",
        1 => "rural",
        _ => "remote",
    }
}

/// The series rows of `model` under `scope`, the whole organisation (`all`) last.
pub fn series_rows(model: &Model, scope: SeriesScope) -> Vec<SeriesRow> {
    let n = model.units.len();
    let mut rows: Vec<SeriesRow> = Vec::new();
    if scope.every_unit(n) {
        rows.extend(model.units.iter().enumerate().map(|(i, u)| SeriesRow {
            name: u.name.clone(),
            units: vec![i],
        }));
    } else {
        let index = |name: &str| model.units.iter().position(|u| u.name == name);
        let report = &model.scenario.report;
        rows.extend(report.focus_units.iter().filter_map(|name| {
            index(name).map(|i| SeriesRow {
                name: name.clone(),
                units: vec![i],
            })
        }));
        for (group, members) in &report.groups {
            rows.push(SeriesRow {
                name: format!("{GROUP_PREFIX}{group}"),
                units: members.iter().filter_map(|m| index(m)).collect(),
            });
        }
        // Fields in the order of first use, then remoteness classes in their order.
        for (f, field) in model.fields.iter().enumerate() {
            let units: Vec<usize> = (0..n)
                .filter(|&i| model.units[i].field as usize == f)
                .collect();
            if !units.is_empty() {
                rows.push(SeriesRow {
                    name: format!("{FIELD_PREFIX}{field}"),
                    units,
                });
            }
        }
        for r in 0..=2u8 {
            let units: Vec<usize> = (0..n)
                .filter(|&i| model.units[i].remoteness.min(2) == r)
                .collect();
            if !units.is_empty() {
                rows.push(SeriesRow {
                    name: format!("{REMOTENESS_PREFIX}{}", remoteness_name(r)),
                    units,
                });
            }
        }
    }
    rows.push(SeriesRow {
        name: ALL_ROW.to_string(),
        units: (0..n).collect(),
    });
    rows
}
