//! `complaint_triggered`: when complaints (or SLA breaches) at a unit surge, move staff with
//! a matching background there from the least loaded units (the Arcamanik adminduk case).
//!
//! A surge is a statistical finding, not a ratio of two noisy months: the recent window is
//! compared with a baseline of at least 12 months before it. For counts (complaints, cases)
//! the test is the exact one-sided conditional test of two Poisson rates at level `alpha`
//! (`stats::poisson_rate_increase_p`); for other indicators a one-sided t test of the window
//! mean against the baseline months. The recent mean must also be at least `surge_factor`
//! times the baseline's (a surge worth acting on). Nothing triggers before the baseline is
//! complete or during the warm-up.

use crate::scenario::{Indicator, PolicySpec};
use crate::sim::Model;
use crate::stats::{poisson_rate_increase_p, student_t_quantile};

use super::choose::{asc, desc, eligible};
use super::guard::Guard;
use super::{OrgView, Policy, Reason, TransferOrder, Watch};

/// Default surge window (months).
const DEFAULT_WINDOW: u32 = 2;
/// Default smallest surge worth acting on: recent mean at least 1.5 x the baseline's.
/// Assumption.
const DEFAULT_SURGE: f64 = 1.5;
/// Default baseline (months before the window); the least allowed is 12, one full seasonal
/// cycle.
pub const DEFAULT_BASELINE_MONTHS: u32 = 12;
/// Default level of the one-sided test: 0.01, so a unit with a constant rate is flagged at
/// most about once in 100 reviews.
pub const DEFAULT_ALPHA: f64 = 0.01;
/// A unit that just received staff is not triggered again while the newcomers ramp up:
/// about 2.3 tau, the time to 90 % productivity (brief 6.1).
const COOLDOWN_MONTHS: usize = 6;

/// Reaction to complaint surges.
pub struct ComplaintTriggered {
    indicator: Indicator,
    window: usize,
    baseline: usize,
    alpha: f64,
    surge_factor: f64,
    threshold: Option<f64>,
    moves_per_trigger: u32,
    scope: Vec<bool>,
    train_first: bool,
    guard: Guard,
    last_trigger: Vec<Option<usize>>,
}

impl ComplaintTriggered {
    /// Builds the policy.
    pub fn new(spec: &PolicySpec, model: &Model, scope: Vec<bool>) -> Self {
        ComplaintTriggered {
            indicator: spec.indicator.unwrap_or(Indicator::Complaints),
            window: spec.months.unwrap_or(DEFAULT_WINDOW).max(1) as usize,
            baseline: spec
                .baseline_months
                .unwrap_or(DEFAULT_BASELINE_MONTHS)
                .max(DEFAULT_BASELINE_MONTHS) as usize,
            alpha: spec.alpha.unwrap_or(DEFAULT_ALPHA),
            surge_factor: spec.surge_factor.unwrap_or(DEFAULT_SURGE),
            threshold: spec.threshold,
            moves_per_trigger: spec.moves_per_trigger.unwrap_or(2),
            scope,
            train_first: spec.train_first,
            guard: Guard::from_spec(spec),
            last_trigger: vec![None; model.units.len()],
        }
    }

    /// True when the unit's recent window is significantly above its baseline.
    pub fn surging(&self, org: &OrgView<'_>, unit: u32) -> bool {
        if org.month() < org.warm_up_months() {
            return false;
        }
        let recent: Vec<f64> = (0..self.window)
            .map(|b| org.indicator(unit, self.indicator, b))
            .collect();
        let base: Vec<f64> = (self.window..self.window + self.baseline)
            .map(|b| org.indicator(unit, self.indicator, b))
            .collect();
        let recent_mean = recent.iter().sum::<f64>() / recent.len() as f64;
        if self.threshold.is_some_and(|level| recent_mean > level) {
            return true;
        }
        // A full baseline of defined months, and a window of defined months.
        if !recent.iter().chain(&base).all(|v| v.is_finite()) {
            return false;
        }
        let base_mean = base.iter().sum::<f64>() / base.len() as f64;
        if recent_mean <= self.surge_factor * base_mean || recent_mean <= 0.0 {
            return false;
        }
        self.p_value(&recent, &base) < self.alpha
    }

    /// One-sided p-value of "the recent level exceeds the baseline".
    fn p_value(&self, recent: &[f64], base: &[f64]) -> f64 {
        match self.indicator {
            Indicator::Complaints | Indicator::Cases => {
                let count = |v: &[f64]| v.iter().map(|x| x.round().max(0.0) as u64).sum::<u64>();
                poisson_rate_increase_p(
                    count(recent),
                    recent.len() as f64,
                    count(base),
                    base.len() as f64,
                )
            }
            _ => t_test_p(recent, base, self.alpha),
        }
    }

    fn respond(&mut self, org: &OrgView<'_>, to: u32) -> Vec<TransferOrder> {
        let month = org.month();
        if month < org.warm_up_months()
            || self.last_trigger[to as usize].is_some_and(|m| month < m + COOLDOWN_MONTHS)
        {
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
        let mut ledger = self.guard.ledger(org);
        let mut orders = Vec::new();
        let mut from_unit = vec![0u32; org.unit_count()];
        for p in candidates {
            if orders.len() as u32 >= self.moves_per_trigger {
                break;
            }
            // Never take the last person of a unit; the guard keeps the donor's effective
            // workload within its margin and stops once the receiver has what it needs.
            if (org.unit(p.unit).assigned as f64 - from_unit[p.unit as usize] as f64) < 2.0 {
                continue;
            }
            let order = TransferOrder {
                staff: p.id,
                to_unit: to,
                reason: Reason::ComplaintTriggered,
                train_first: self.train_first,
            };
            if !self.guard.admit(org, &mut ledger, &order) {
                continue;
            }
            from_unit[p.unit as usize] += 1;
            orders.push(order);
        }
        if !orders.is_empty() {
            self.last_trigger[to as usize] = Some(month);
        }
        orders
    }
}

/// One-sided p-value proxy of a t test of the window mean against the baseline months'
/// mean (baseline spread, Student t with n - 1 degrees of freedom): returns 0 when the
/// statistic exceeds the `1 - alpha` quantile, 1 otherwise (only the decision is needed).
fn t_test_p(recent: &[f64], base: &[f64], alpha: f64) -> f64 {
    let n = base.len() as f64;
    if n < 2.0 {
        return 1.0;
    }
    let mean = base.iter().sum::<f64>() / n;
    let var = base.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let recent_mean = recent.iter().sum::<f64>() / recent.len() as f64;
    let se = (var * (1.0 / recent.len() as f64 + 1.0 / n)).sqrt();
    if se <= 0.0 {
        return if recent_mean > mean { 0.0 } else { 1.0 };
    }
    if (recent_mean - mean) / se > student_t_quantile(1.0 - alpha, n - 1.0) {
        0.0
    } else {
        1.0
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
