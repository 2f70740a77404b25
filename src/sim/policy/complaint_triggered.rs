//! `complaint_triggered`: when complaints (or SLA breaches) at a unit surge, move staff with
//! a matching background there from the least loaded units (the Arcamanik adminduk case).
//! `temporary_assignment` (and `complaint_triggered` with `temporary_weeks`) lends them
//! instead, for a bounded period, and sends them back once the surge has cleared: the
//! camat's first response.
//!
//! A surge is a statistical finding, not a ratio of two noisy months: the recent window is
//! compared with a baseline of at least 12 months before it. For counts (complaints, cases)
//! the test is the exact one-sided conditional test of two Poisson rates at level `alpha`,
//! with both counts divided by the baseline months' dispersion index (quasi-Poisson,
//! `stats::overdispersed_rate_increase_p`: complaints from a long queue come in runs, and a
//! plain Poisson test would take a run for a surge); for other indicators a one-sided t test of the window
//! mean against the baseline months. The recent mean must also be at least `surge_factor`
//! times the baseline's (a surge worth acting on). Nothing triggers before the baseline is
//! complete or during the warm-up.

use crate::scenario::{Indicator, PolicyKind, PolicySpec, SelectBy};
use crate::sim::Model;
use crate::stats::{overdispersed_rate_increase_p, student_t_quantile};

use super::choose::{asc, desc, eligible, merit_first};
use super::guard::Guard;
use super::{OrgView, Policy, Reason, StaffInfo, TransferOrder, Watch};

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
/// Default longest temporary assignment of `temporary_assignment` (weeks). Assumption,
/// plausible range 2-13.
pub const DEFAULT_LOAN_WEEKS: f64 = 8.0;

/// A person this policy lent, and the level below which their host's surge has cleared.
#[derive(Debug, Clone, Copy)]
struct Lent {
    staff: u32,
    host: u32,
    clear_below: f64,
}

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
    select_by: SelectBy,
    /// `Some(weeks)`: lend people (temporary assignments) instead of transferring them, and
    /// send them back once the surge has cleared.
    loan_weeks: Option<f64>,
    lent: Vec<Lent>,
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
            select_by: spec.select_by.unwrap_or_default(),
            loan_weeks: match spec.kind {
                PolicyKind::TemporaryAssignment => {
                    Some(spec.temporary_weeks.unwrap_or(DEFAULT_LOAN_WEEKS))
                }
                _ => spec.temporary_weeks,
            },
            lent: Vec::new(),
        }
    }

    /// Mean of the indicator over the baseline months before the window.
    fn baseline_mean(&self, org: &OrgView<'_>, unit: u32) -> f64 {
        let base: Vec<f64> = (self.window..self.window + self.baseline)
            .map(|b| org.indicator(unit, self.indicator, b))
            .filter(|v| v.is_finite())
            .collect();
        base.iter().sum::<f64>() / base.len().max(1) as f64
    }

    /// Orders sending people lent by this policy home: every loan to a host whose last month
    /// fell back to its clearing level (halfway between the baseline and a surge, so one
    /// quiet month does not end the help too early). Loans already over are forgotten.
    fn recalls(&mut self, org: &OrgView<'_>) -> Vec<TransferOrder> {
        self.lent.retain(|l| {
            org.person(l.staff)
                .is_some_and(|p| p.unit == l.host && p.on_loan_from.is_some())
        });
        let weeks = self.loan_weeks.unwrap_or(DEFAULT_LOAN_WEEKS);
        let cleared = |l: &Lent| org.indicator(l.host, self.indicator, 0) <= l.clear_below;
        self.lent
            .iter()
            .filter(|l| cleared(l))
            .filter_map(|l| {
                let home = org.person(l.staff)?.on_loan_from?;
                Some(TransferOrder {
                    temporary_weeks: Some(weeks),
                    ..TransferOrder::new(l.staff, home, Reason::TemporaryAssignment)
                })
            })
            .collect()
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
            Indicator::Complaints | Indicator::Cases => overdispersed_rate_increase_p(recent, base),
            _ => t_test_p(recent, base, self.alpha),
        }
    }

    /// Orders for a surge at `to`, never naming anyone in `taken` (chosen for another unit
    /// at the same review).
    fn respond(&mut self, org: &OrgView<'_>, to: u32, taken: &[u32]) -> Vec<TransferOrder> {
        let month = org.month();
        // Newcomers by transfer need time to ramp up; people on loan are topped up instead.
        let cooling = self.loan_weeks.is_none()
            && self.last_trigger[to as usize].is_some_and(|m| month < m + COOLDOWN_MONTHS);
        if month < org.warm_up_months() || cooling {
            return Vec::new();
        }
        let already = self.lent.iter().filter(|l| l.host == to).count() as u32;
        let wanted = self.moves_per_trigger.saturating_sub(already);
        let util = |u: u32| {
            let v = org.mean_indicator(u, Indicator::Utilization, self.window);
            if v.is_nan() { 0.0 } else { v }
        };
        let may_go = |p: &StaffInfo| match self.loan_weeks {
            Some(weeks) => org.may_lend(p.id, to, weeks),
            None => eligible(org, p) && org.may_move(p.id, to),
        };
        let mut candidates: Vec<_> = org
            .staff()
            .filter(|p| p.unit != to && self.scope[p.unit as usize] && may_go(p))
            .filter(|p| !taken.contains(&p.id))
            .collect();
        // Matching background first (the best performers first under the merit system),
        // then from the least loaded unit, then least resistance.
        candidates.sort_by(|a, b| {
            merit_first(self.select_by, a, b)
                .then(desc(org.fit(a.field, to), org.fit(b.field, to)))
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
            if orders.len() as u32 >= wanted {
                break;
            }
            // Never take the last person of a unit; the guard keeps the donor's effective
            // workload within its margin and stops once the receiver has what it needs.
            if (org.unit(p.unit).assigned as f64 - from_unit[p.unit as usize] as f64) < 2.0 {
                continue;
            }
            let order = match self.loan_weeks {
                Some(weeks) => TransferOrder::temporary(p.id, to, weeks),
                None => TransferOrder {
                    train_first: self.train_first,
                    ..TransferOrder::new(p.id, to, Reason::ComplaintTriggered)
                },
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
        if self.loan_weeks.is_some() {
            let base = self.baseline_mean(org, to);
            let clear_below = base * (1.0 + (self.surge_factor - 1.0) / 2.0);
            self.lent.extend(orders.iter().map(|o| Lent {
                staff: o.staff,
                host: to,
                clear_below,
            }));
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
        let mut orders = if self.loan_weeks.is_some() {
            self.recalls(org)
        } else {
            Vec::new()
        };
        for u in 0..org.unit_count() as u32 {
            if self.scope[u as usize] && self.surging(org, u) {
                let taken: Vec<u32> = orders.iter().map(|o| o.staff).collect();
                let more = self.respond(org, u, &taken);
                orders.extend(more);
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
        self.respond(org, unit, &[])
    }
}
