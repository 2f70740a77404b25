//! Reading `unit_replications.csv` back: the totals of every unit, replication and period,
//! from which the brief computes a unit's, a group's or the worst unit's KPI per replication.

use std::collections::HashMap;
use std::path::Path;

use crate::sim::{Period, UnitTotals};

use super::saved::{ReportError, Table};

/// Most units accepted in the file (a larger number is taken as a corrupt file).
const MAX_UNITS: usize = 1_000_000;

/// `unit_replications.csv`: per policy, replication and period, every unit's totals.
#[derive(Debug, Clone, Default)]
pub struct UnitReplications {
    /// Units in order of first appearance (the scenario's order).
    pub units: Vec<String>,
    /// `(policy, period)` → per replication (index = replication), per unit (index into
    /// `units`) the totals; a unit missing from a replication is `None`.
    data: HashMap<(String, Period), Vec<Vec<Option<UnitTotals>>>>,
}

impl UnitReplications {
    /// Per replication, the totals of the named units in a period (replications where a
    /// unit is missing are left out). `None` when the policy or period has no row.
    pub fn totals(
        &self,
        policy: &str,
        period: Period,
        units: &[&str],
    ) -> Option<Vec<Vec<UnitTotals>>> {
        let reps = self.data.get(&(policy.to_string(), period))?;
        let idx: Vec<usize> = units
            .iter()
            .filter_map(|u| self.units.iter().position(|x| x == u))
            .collect();
        if idx.is_empty() {
            return None;
        }
        Some(
            reps.iter()
                .filter_map(|rep| idx.iter().map(|&i| rep.get(i).copied().flatten()).collect())
                .collect(),
        )
    }

    /// Whether any row of the period exists (trend periods need two years of measurement).
    pub fn has_period(&self, period: Period) -> bool {
        self.data.keys().any(|(_, p)| *p == period)
    }
}

/// Reads `unit_replications.csv` (columns found by name; the totals columns are required).
pub fn load_unit_replications(path: &Path) -> Result<UnitReplications, ReportError> {
    let mut t = Table::open(path)?;
    let [policy, replication, unit, period] =
        super::unit_tables::UNIT_REPLICATIONS_KEYS.map(|name| t.column(name));
    let (policy, replication, unit, period) = (policy?, replication?, unit?, period?);
    let fields = UnitTotals::NAMES
        .iter()
        .map(|n| t.column(n))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = UnitReplications::default();
    while let Some(r) = t.next_row()? {
        let name = r.name(unit)?;
        let u = match out.units.iter().position(|x| *x == name) {
            Some(u) => u,
            None if out.units.len() >= MAX_UNITS => {
                return Err(r.error(format!("more than {MAX_UNITS} units")));
            }
            None => {
                out.units.push(name);
                out.units.len() - 1
            }
        };
        let p = r.name(period)?;
        let Some(p) = Period::from_name(&p) else {
            return Err(r.error(format!(
                "column 'period' must be measured, year_before_last or last_year, not '{p}'"
            )));
        };
        let rep = r.uint(replication)?;
        let rep = usize::try_from(rep)
            .ok()
            .filter(|&x| x < 100_000_000)
            .ok_or_else(|| r.error(format!("replication {rep} is out of range")))?;
        let mut values = [0.0; UnitTotals::COUNT];
        for (v, &i) in values.iter_mut().zip(&fields) {
            *v = r.number(i)?;
        }
        let reps = out.data.entry((r.name(policy)?, p)).or_default();
        if reps.len() <= rep {
            reps.resize(rep + 1, Vec::new());
        }
        let units = &mut reps[rep];
        if units.len() <= u {
            units.resize(u + 1, None);
        }
        units[u] = Some(UnitTotals::from_array(&values));
    }
    Ok(out)
}
