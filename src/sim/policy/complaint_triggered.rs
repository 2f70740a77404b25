//! `complaint_triggered`: when complaints (or SLA breaches) at a unit surge, move staff with
//! a matching background there from the least loaded units (the Arcamanik adminduk case).

use crate::scenario::{Indicator, PolicySpec};
use crate::sim::Model;

use super::choose::{asc, desc, eligible};
use super::{OrgView, Policy, Reason, TransferOrder, Watch};

/// Default surge window (months).
const DEFAULT_WINDOW: u32 = 2;
/// Default surge factor over the earlier baseline. Assumption.
const DEFAULT_SURGE: f64 = 1.5;
/// Months of baseline before the window that a surge is measured against.
const BASELINE_MONTHS: usize = 12;
/// A unit that just received staff is not triggered again while the newcomers ramp up:
/// about 2.3 tau, the time to 90 % productivity (brief 6.1).
const COOLDOWN_MONTHS: usize = 6;

/// Reaction to complaint surges.
pub struct ComplaintTriggered {
    indicator: Indicator,
    window: usize,
    surge_factor: f64,
    threshold: Option<f64>,
    moves_per_trigger: u32,
    scope: Vec<bool>,
    train_first: bool,
    last_trigger: Vec<Option<usize>>,
}

impl ComplaintTriggered {
    /// Builds the policy.
    pub fn new(spec: &PolicySpec, model: &Model, scope: Vec<bool>) -> Self {
        ComplaintTriggered {
            indicator: spec.indicator.unwrap_or(Indicator::Complaints),
            window: spec.months.unwrap_or(DEFAULT_WINDOW).max(1) as usize,
            surge_factor: spec.surge_factor.unwrap_or(DEFAULT_SURGE),
            threshold: spec.threshold,
            moves_per_trigger: spec.moves_per_trigger.unwrap_or(2),
            scope,
            train_first: spec.train_first,
            last_trigger: vec![None; model.units.len()],
        }
    }

    fn surging(&self, org: &OrgView<'_>, unit: u32) -> bool {
        let recent = org.mean_indicator(unit, self.indicator, self.window);
        if self.threshold.is_some_and(|level| recent > level) {
            return true;
        }
        let (sum, n) = (self.window..self.window + BASELINE_MONTHS)
            .map(|b| org.indicator(unit, self.indicator, b))
            .filter(|v| v.is_finite())
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        n >= self.window && recent > self.surge_factor * (sum / n as f64).max(f64::MIN_POSITIVE)
    }

    fn respond(&mut self, org: &OrgView<'_>, to: u32) -> Vec<TransferOrder> {
        let month = org.month();
        if self.last_trigger[to as usize].is_some_and(|m| month < m + COOLDOWN_MONTHS) {
            return Vec::new();
        }
        let util = |u: u32| {
            let v = org.mean_indicator(u, Indicator::Utilization, self.window);
            if v.is_nan() { 0.0 } else { v }
        };
        let mut candidates: Vec<_> = org
            .staff()
            .filter(|p| p.unit != to && self.scope[p.unit as usize] && eligible(org, p))
            .filter(|p| org.may_move(p.id, to))
            .collect();
        // Matching background first, then from the least loaded unit, then least resistance.
        candidates.sort_by(|a, b| {
            desc(org.fit(a.field, to), org.fit(b.field, to))
                .then(asc(util(a.unit), util(b.unit)))
                .then(asc(
                    org.resistance_probability(a.id, to),
                    org.resistance_probability(b.id, to),
                ))
                .then(a.id.cmp(&b.id))
        });
        let mut orders = Vec::new();
        let mut from_unit = vec![0u32; org.unit_count()];
        for p in candidates {
            if orders.len() as u32 >= self.moves_per_trigger {
                break;
            }
            // Never take the last person of a unit, nor push a donor's workload ratio (EJ)
            // above 1: relieving one unit must not overload another.
            let left = org.unit(p.unit).assigned as f64 - from_unit[p.unit as usize] as f64 - 1.0;
            let need = org.mean_indicator(p.unit, Indicator::RequiredFte, self.window);
            if left < 1.0 || (need.is_finite() && need > left) {
                continue;
            }
            from_unit[p.unit as usize] += 1;
            orders.push(TransferOrder {
                staff: p.id,
                to_unit: to,
                reason: Reason::ComplaintTriggered,
                train_first: self.train_first,
            });
        }
        if !orders.is_empty() {
            self.last_trigger[to as usize] = Some(month);
        }
        orders
    }
}

impl Policy for ComplaintTriggered {
    fn watch(&self) -> Vec<Watch> {
        match self.threshold {
            Some(level) => (0..self.scope.len() as u32)
                .filter(|&u| self.scope[u as usize])
                .map(|unit| Watch {
                    unit,
                    indicator: self.indicator,
                    above: level,
                })
                .collect(),
            None => Vec::new(),
        }
    }
    fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let mut orders = Vec::new();
        for u in 0..org.unit_count() as u32 {
            if self.scope[u as usize] && self.surging(org, u) {
                orders.extend(self.respond(org, u));
            }
        }
        orders
    }
    fn on_alert(
        &mut self,
        org: &OrgView<'_>,
        unit: u32,
        _indicator: Indicator,
        _rng: &mut dyn rand::Rng,
    ) -> Vec<TransferOrder> {
        self.respond(org, unit)
    }
}
