//! The planner's guards every built-in policy obeys, in one place: a move must not leave its
//! donor above a margin of *effective* workload, nor give a receiver more than its need plus a
//! margin; and no policy of its own moves anyone during the warm-up.
//!
//! Workload here is what a BKPSDM's annual workload analysis (ABK) would project, made honest
//! about people: the *need* of a unit is its required FTE (work arrived, in standard hours,
//! over the effective FTE year) averaged over the last 12 months and carried forward over the
//! next 12 months by the scenario's demand trend (growth, seasons and announced shocks);
//! its *effective staffing* counts each person at their speed over the same 12 months (fit to
//! the unit, learning ramp still to climb, the unit's absence relative to the standard one).
//! Effective EJ = need / effective staffing.

use crate::scenario::{PolicySpec, UnitKind};
use crate::sim::staff::{AfterCase, Status};

use super::{Indicator, OrgView, Reason, TransferOrder};

/// Default highest effective EJ a donor may be left at: 0.9, the lower edge of grade B
/// ("Baik", 0.90-1.00, Permendagri 12/2008 as reproduced in \[R33\]); a unit left in grade C
/// keeps slack for absence spells and noise. Assumption within 0.8-1.0.
pub const DEFAULT_DONOR_MAX_EJ: f64 = 0.9;
/// Default receiver margin: a unit receives only while its effective staffing is below its
/// need x (1 + 0.1), the half-width of grade B \[R33\]. Assumption within 0-0.3.
pub const DEFAULT_RECEIVER_MARGIN: f64 = 0.1;
/// A guard set at or above this value is off (`donor_max_ej = 1e6` never refuses a donor,
/// `receiver_margin = 1e6` never refuses a receiver, even one with no need).
pub const GUARD_OFF: f64 = 1e6;
/// Months of observed demand the need is averaged over, and months it is projected ahead.
pub const HORIZON_MONTHS: usize = 12;

/// The guards of one policy entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guard {
    /// Highest effective EJ a donor may be left at by the policy's own moves.
    pub donor_max_ej: f64,
    /// A receiver takes someone only while its effective staffing is below need x (1 + this).
    pub receiver_margin: f64,
    /// Highest effective EJ a donor may be left at by a granted request (`None`: requests
    /// are granted as the transfer rules allow, under every policy alike).
    pub request_donor_max_ej: Option<f64>,
}

impl Default for Guard {
    fn default() -> Self {
        Guard {
            donor_max_ej: DEFAULT_DONOR_MAX_EJ,
            receiver_margin: DEFAULT_RECEIVER_MARGIN,
            request_donor_max_ej: None,
        }
    }
}

/// Need and effective staffing of one unit at a review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitLoad {
    /// Required FTE projected over the next 12 months.
    pub need: f64,
    /// Effective FTE of the people it has now (or has coming), over the next 12 months.
    pub effective: f64,
    /// True for units the guards do not apply to (an outside pool).
    pub exempt: bool,
}

impl UnitLoad {
    /// Effective EJ (need / effective staffing; infinite with need and nobody).
    pub fn ej(&self) -> f64 {
        if self.need <= 0.0 {
            0.0
        } else if self.effective <= 0.0 {
            f64::INFINITY
        } else {
            self.need / self.effective
        }
    }
}

/// The loads of every unit at a review and the orders admitted so far, so that a policy's
/// later choices see its earlier ones.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Loads before any order of this review.
    pub base: Vec<UnitLoad>,
    /// Effective FTE after the orders admitted so far.
    pub now: Vec<f64>,
}

impl Guard {
    /// The guards an entry asks for (defaults where it says nothing).
    pub fn from_spec(spec: &PolicySpec) -> Guard {
        Guard {
            donor_max_ej: spec.donor_max_ej.unwrap_or(DEFAULT_DONOR_MAX_EJ),
            receiver_margin: spec.receiver_margin.unwrap_or(DEFAULT_RECEIVER_MARGIN),
            request_donor_max_ej: spec.request_donor_max_ej,
        }
    }

    /// A fresh ledger for a review.
    pub fn ledger(&self, org: &OrgView<'_>) -> Ledger {
        let base = unit_loads(org);
        let now = base.iter().map(|l| l.effective).collect();
        Ledger { base, now }
    }

    fn donor_limit(&self, reason: Reason) -> Option<f64> {
        match reason {
            Reason::Request => self.request_donor_max_ej,
            _ => Some(self.donor_max_ej),
        }
        .filter(|&limit| limit < GUARD_OFF)
    }

    /// True when moving `staff` to `to` passes both guards given the orders already in the
    /// ledger; then it is recorded.
    pub fn admit(&self, org: &OrgView<'_>, ledger: &mut Ledger, order: &TransferOrder) -> bool {
        match self.check(org, ledger, order) {
            Some((from, here, there)) => {
                ledger.now[from] -= here;
                ledger.now[order.to_unit as usize] += there;
                true
            }
            None => false,
        }
    }

    /// True when the order would pass both guards given the ledger (nothing recorded).
    pub fn would_admit(&self, org: &OrgView<'_>, ledger: &Ledger, order: &TransferOrder) -> bool {
        self.check(org, ledger, order).is_some()
    }

    /// The donor, the effective FTE it loses and the FTE the receiver gains, when the order
    /// passes both guards.
    fn check(
        &self,
        org: &OrgView<'_>,
        ledger: &Ledger,
        order: &TransferOrder,
    ) -> Option<(usize, f64, f64)> {
        let id = order.staff as usize;
        let p = org.world.staff.get(id)?;
        let (from, to) = (p.unit as usize, order.to_unit as usize);
        if from == to || to >= ledger.now.len() {
            return None;
        }
        // Sending someone on loan home is always allowed (the loan was bounded anyway).
        if p.loan.is_some() && org.world.home_unit(id) == to {
            return Some((from, 0.0, 0.0));
        }
        // A loan takes the person away for part of the 12 months the guards look at; the
        // receiver guard, on 12-month need, does not judge help against a surge.
        let share = order.temporary_weeks.map(|w| loan_share(org, w));
        let here = staying_fte(org, id) * share.unwrap_or(1.0);
        let there = mover_fte(org, id, to) * share.unwrap_or(1.0);
        // A donor may end above the limit only if it is no weaker than before the review
        // (someone equally strong came in, as in a swap or an exchange with the pool).
        let donor = &ledger.base[from];
        let left = ledger.now[from] - here;
        if let Some(limit) = self.donor_limit(order.reason)
            && !donor.exempt
            && donor.need > left * limit
            && left < donor.effective - 1e-9
        {
            return None;
        }
        // A receiver may end above its margin only if it is no stronger than before the
        // review; the other half of an exchange refills a post left in the same batch.
        let receiver = &ledger.base[to];
        if !matches!(order.reason, Reason::Request | Reason::Exchange)
            && share.is_none()
            && self.receiver_margin < GUARD_OFF
            && !receiver.exempt
            && ledger.now[to] >= receiver.need * (1.0 + self.receiver_margin)
            && ledger.now[to] + there > receiver.effective + 1e-9
        {
            return None;
        }
        Some((from, here, there))
    }

    /// The orders that pass the guards, taken in the order given (a policy's own orders
    /// come before the requests it grants). Orders in a cycle (a swap) are checked as one:
    /// the cycle's people leave and arrive together, so a unit in it loses only the
    /// difference in speed. Policy orders are dropped during the warm-up.
    pub fn filter(&self, org: &OrgView<'_>, orders: Vec<TransferOrder>) -> Vec<TransferOrder> {
        let warm_up = org.month() < org.warm_up_months();
        let orders: Vec<TransferOrder> = orders
            .into_iter()
            .filter(|o| !(warm_up && o.reason != Reason::Request))
            .collect();
        if orders.is_empty() {
            return orders;
        }
        let mut ledger = self.ledger(org);
        let mut keep = vec![false; orders.len()];
        // First pass: each order alone, in order.
        for (i, o) in orders.iter().enumerate() {
            keep[i] = self.admit(org, &mut ledger, o);
        }
        // Second pass: a refused order whose donor gets someone back in the same batch (a
        // swap) is checked again with the batch's arrivals counted.
        let mut changed = true;
        while changed {
            changed = false;
            for (i, o) in orders.iter().enumerate() {
                if !keep[i] && self.admit(org, &mut ledger, o) {
                    keep[i] = true;
                    changed = true;
                }
            }
        }
        orders
            .into_iter()
            .zip(keep)
            .filter_map(|(o, k)| k.then_some(o))
            .collect()
    }
}

/// Share of the guards' 12 months a loan of `weeks` weeks takes (at most 1).
fn loan_share(org: &OrgView<'_>, weeks: f64) -> f64 {
    let m = org.world.model;
    let hours = weeks.max(0.0) * 5.0 * m.hours_per_day;
    (hours / (HORIZON_MONTHS as f64 * m.hours_per_month)).min(1.0)
}

/// Share of working time absent at the organisation's standard (from the standard occupancy:
/// the effective FTE year over present hours).
fn standard_absence(org: &OrgView<'_>) -> f64 {
    let m = org.world.model;
    let present = m.scenario.workload.effective_hours_per_fte_year / m.standard_occupancy;
    if present.is_finite() && m.hours_per_year > 0.0 {
        (1.0 - present / m.hours_per_year).clamp(0.0, 0.95)
    } else {
        0.0
    }
}

/// Presence at `unit` relative to the standard the need assumes (1 for a standard unit).
fn presence(org: &OrgView<'_>, unit: usize) -> f64 {
    let a = standard_absence(org);
    let f = org.world.model.units[unit].absence_factor;
    ((1.0 - a * f) / (1.0 - a)).clamp(0.0, 2.0)
}

/// Mean of the learning ramp `1 - (1 - r0) exp(-t / tau)` over `t` in `[t0, t0 + h]`.
fn mean_ramp(r0: f64, tau: f64, t0: f64, h: f64) -> f64 {
    if tau <= 0.0 || h <= 0.0 {
        return 1.0;
    }
    let gap = (1.0 - r0) * tau / h * ((-t0 / tau).exp() - (-(t0 + h) / tau).exp());
    (1.0 - gap).clamp(0.0, 1.0)
}

/// Effective FTE over the next 12 months of a person staying at their unit.
pub fn staying_fte(org: &OrgView<'_>, id: usize) -> f64 {
    let w = org.world;
    if !w.model.dynamics {
        return 1.0;
    }
    let p = &w.staff[id];
    let h = HORIZON_MONTHS as f64 * w.model.hours_per_month;
    let t0 = (org.now - p.arrived_at).max(0.0);
    p.performance_x_fit()
        * mean_ramp(p.ramp_r0, p.ramp_tau_hours, t0, h)
        * presence(org, p.unit as usize)
}

/// Effective FTE over the next 12 months of a person if moved to `unit` now (fit without the
/// breadth bonus, a fresh learning ramp).
pub fn mover_fte(org: &OrgView<'_>, id: usize, unit: usize) -> f64 {
    let w = org.world;
    if !w.model.dynamics {
        return 1.0;
    }
    let m = w.model;
    let p = &w.staff[id];
    let unit_field = m.units[unit].field;
    let class = m.fit_class(p.field, unit_field) as usize;
    let l = &m.scenario.learning;
    // From the pool to a post of one's own field: experienced (no dip).
    let r0 = if class == 0 && m.is_pool(p.unit as usize) {
        1.0
    } else if class == 2 {
        l.r0_unrelated
    } else {
        l.r0
    };
    let tau = l.tau_months * l.tau_factor_by_fit[class] * m.hours_per_month;
    let h = HORIZON_MONTHS as f64 * m.hours_per_month;
    p.performance() * m.fit(p.field, unit_field) * mean_ramp(r0, tau, 0.0, h) * presence(org, unit)
}

/// Need and effective staffing of every unit now.
pub fn unit_loads(org: &OrgView<'_>) -> Vec<UnitLoad> {
    let w = org.world;
    let n = w.units.len();
    let mut effective = vec![0.0; n];
    for p in &w.staff {
        let id = p.id as usize;
        match p.status {
            Status::Gone => {}
            Status::InTransit => effective[p.unit as usize] += mover_fte(org, id, p.unit as usize),
            Status::Present | Status::Absent => {
                if p.after_case() == AfterCase::Exit {
                    continue;
                }
                match p.pending_order.map(|o| w.orders[o as usize]) {
                    Some(o) if o.to != p.unit => {
                        effective[o.to as usize] += mover_fte(org, id, o.to as usize)
                    }
                    _ => effective[p.unit as usize] += staying_fte(org, id),
                }
            }
        }
    }
    (0..n)
        .map(|u| UnitLoad {
            need: projected_need(org, u as u32),
            effective: effective[u],
            exempt: w.model.scenario.units[u].kind == UnitKind::Pool,
        })
        .collect()
}

/// Required FTE of a unit over the next 12 months: the mean over the last 12 observed
/// months (fewer at the start), times the ratio of the scenario's scheduled arrival rates
/// ahead to those of the months observed (demand growth, seasons and announced shocks).
pub fn projected_need(org: &OrgView<'_>, unit: u32) -> f64 {
    let w = org.world;
    let months = (org.month() + 1).min(HORIZON_MONTHS);
    let observed = org.mean_indicator(unit, Indicator::RequiredFte, months);
    if !observed.is_finite() {
        return 0.0;
    }
    let m = w.model;
    let rate_sum = |range: std::ops::Range<usize>| -> f64 {
        m.units[unit as usize]
            .classes
            .clone()
            .map(|c| {
                let rates = &m.classes[c].rates_per_hour;
                range
                    .clone()
                    .map(|k| rates.get(k).or(rates.last()).copied().unwrap_or(0.0))
                    .sum::<f64>()
            })
            .sum()
    };
    let last = org.month();
    let past = rate_sum(last + 1 - months..last + 1) / months as f64;
    let ahead = rate_sum(last + 1..last + 1 + HORIZON_MONTHS) / HORIZON_MONTHS as f64;
    let trend = if past > 0.0 { ahead / past } else { 1.0 };
    observed * trend
}
