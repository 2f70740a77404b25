//! The KPI side of a scenario's `[report]`: which KPI a headline names and which direction
//! is better, and the problems of names that do not exist (the scenario layer checks the
//! units, groups and policies; the KPI names are defined here).

use crate::scenario::{HeadlineSpec, Problem, Scenario};

use super::kpi::{Better, Kpi};
use super::unit_kpis::UnitKpi;

/// The unit KPI a headline computes (at a unit, over a group, or as the worst unit);
/// `None` for a KPI of the whole organisation or an unknown name.
pub fn headline_unit_kpi(h: &HeadlineSpec) -> Option<UnitKpi> {
    h.is_located().then(|| UnitKpi::from_name(&h.kpi)).flatten()
}

/// Which direction of a headline is better: the one written, else the KPI's own.
pub fn headline_direction(h: &HeadlineSpec) -> Better {
    match h.better.as_deref() {
        Some("higher") => Better::Higher,
        Some("lower") => Better::Lower,
        _ => match headline_unit_kpi(h) {
            Some(k) => k.better(),
            None => Kpi::from_name(&h.kpi)
                .map(Kpi::better)
                .unwrap_or(Better::Neither),
        },
    }
}

/// Problems of the KPI names in `[report.headline]`: unknown names, and `worst` on a KPI
/// with no better direction.
pub fn report_problems(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, h) in s.report.headline.iter().enumerate() {
        let path = format!("report.headline[{i}]");
        let list = |names: Vec<&str>| names.join(", ");
        if h.is_located() && UnitKpi::from_name(&h.kpi).is_none() {
            out.push(Problem {
                path: format!("{path}.kpi"),
                value: format!("\"{}\"", h.kpi),
                expected: format!(
                    "a unit KPI when `unit`, `group` or `worst` is given ({})",
                    list(UnitKpi::ALL.iter().map(|k| k.name()).collect())
                ),
            });
        } else if !h.is_located() && Kpi::from_name(&h.kpi).is_none() {
            out.push(Problem {
                path: format!("{path}.kpi"),
                value: format!("\"{}\"", h.kpi),
                expected: format!(
                    "a KPI of the whole organisation ({}), or a unit KPI with `unit`, `group` or `worst`",
                    list(Kpi::ALL.iter().map(|k| k.name()).collect())
                ),
            });
        } else if h.worst && headline_direction(h) == Better::Neither {
            out.push(Problem {
                path: format!("{path}.worst"),
                value: "true".into(),
                expected: format!(
                    "a KPI with a better direction, or `better = \"higher\"` or `\"lower\"` ('{}' has none, so no unit is worst)",
                    h.kpi
                ),
            });
        }
    }
    out
}
