//! What a policy may look at: the organisation as a planner observes it.

use crate::scenario::Indicator;
use crate::sim::result::MonthCell;
use crate::sim::staff::{AfterCase, Status};
use crate::sim::world::World;

/// A staff-initiated transfer request, waiting for a policy's decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TransferRequest {
    /// Who asks.
    pub staff: u32,
    /// Where to.
    pub to_unit: u32,
    /// Month the request was made (0-based).
    pub month: usize,
}

/// A unit as seen at a review.
#[derive(Debug, Clone, Copy)]
pub struct UnitInfo<'a> {
    /// Unit index.
    pub id: u32,
    /// Name.
    pub name: &'a str,
    /// Competence field (index; see [`OrgView::field_name`]).
    pub field: u16,
    /// 0 urban, 1 rural, 2 remote.
    pub remoteness: u8,
    /// Authorised headcount.
    pub positions: u32,
    /// Staff on the books (present, absent, or serving notice).
    pub assigned: u32,
    /// Staff present now.
    pub present: u32,
    /// Staff in transit towards the unit or with an accepted order to it.
    pub incoming: u32,
    /// Of `assigned`, people on temporary assignment here from another unit.
    pub lent_in: u32,
    /// The unit's people on temporary assignment elsewhere (not in `assigned`).
    pub lent_out: u32,
    /// Cases waiting or in service.
    pub backlog: u32,
}

impl UnitInfo<'_> {
    /// Free places: positions minus posts held (staff on the books, people lent elsewhere
    /// included, people lent here left out) and incoming.
    pub fn vacancies(&self) -> i64 {
        self.positions as i64 - self.assigned as i64 - self.lent_out as i64 + self.lent_in as i64
            - self.incoming as i64
    }
}

/// A person as seen at a review.
#[derive(Debug, Clone, Copy)]
pub struct StaffInfo {
    /// Staff id.
    pub id: u32,
    /// Unit.
    pub unit: u32,
    /// Education/background field.
    pub field: u16,
    /// Years at the current post.
    pub years_at_post: f64,
    /// Years since hiring.
    pub years_of_service: f64,
    /// Age (years).
    pub age: f64,
    /// Stress level.
    pub stress: f64,
    /// Burned out.
    pub burned_out: bool,
    /// Individual performance (1.0 = standard).
    pub performance: f64,
    /// Morale 0..1.
    pub morale: f64,
    /// Has an order or a temporary assignment in progress.
    pub pending: bool,
    /// Has resigned or retired and is finishing the case in hand; gone when it ends (an
    /// order to them is blocked as unavailable).
    pub leaving: bool,
    /// Distinct fields served so far.
    pub fields_served: usize,
    /// Contract staff (honorer, GTT/PTT, PPPK), whom no mutasi moves.
    pub contract: bool,
    /// At work now: present and not about to leave for an absence spell, so a temporary
    /// assignment could start today.
    pub at_work: bool,
    /// The unit whose post the person holds while on a temporary assignment (lent, or
    /// about to go or come back); `None` otherwise.
    pub on_loan_from: Option<u32>,
}

impl StaffInfo {
    /// True for a civil servant, whom a mutasi may move; contract staff stay at their unit.
    pub fn movable(&self) -> bool {
        !self.contract
    }
}

/// The organisation, read-only, at the end of a month.
pub struct OrgView<'a> {
    pub(crate) world: &'a World<'a>,
    pub(crate) now: f64,
}

/// Grade of a workload-analysis efficiency ratio (EJ): A > 1.00, B 0.90-1.00, C 0.70-0.89,
/// D 0.50-0.69, E < 0.50 (Permendagri 12/2008 as reproduced in \[R33\]).
pub fn ej_grade(ej: f64) -> char {
    if ej > 1.0 {
        'A'
    } else if ej >= 0.9 {
        'B'
    } else if ej >= 0.7 {
        'C'
    } else if ej >= 0.5 {
        'D'
    } else {
        'E'
    }
}

impl<'a> OrgView<'a> {
    /// The month that has just ended (0-based).
    pub fn month(&self) -> usize {
        self.world.month.saturating_sub(1)
    }
    /// Months of warm-up (months `0..this` are not measured; no policy moves anyone of its
    /// own then).
    pub fn warm_up_months(&self) -> usize {
        self.world.model.first_measured_month
    }
    /// Current time (working hours since the start).
    pub fn now_hours(&self) -> f64 {
        self.now
    }
    /// Working hours per year.
    pub fn hours_per_year(&self) -> f64 {
        self.world.model.hours_per_year
    }
    /// Most orders one review may issue (the review's move cap; further ones are blocked).
    pub fn max_moves_per_review(&self) -> u32 {
        self.world.review.max_moves_per_review
    }
    /// Number of units.
    pub fn unit_count(&self) -> usize {
        self.world.units.len()
    }
    /// One unit.
    pub fn unit(&self, u: u32) -> UnitInfo<'a> {
        let m = &self.world.model.units[u as usize];
        let s = &self.world.units[u as usize];
        UnitInfo {
            id: u,
            name: &m.name,
            field: m.field,
            remoteness: m.remoteness,
            positions: m.positions,
            assigned: s.assigned,
            present: s.present,
            incoming: s.incoming,
            lent_in: s.lent_in,
            lent_out: s.lent_out,
            backlog: s.backlog(),
        }
    }
    /// Every unit.
    pub fn units(&self) -> impl Iterator<Item = UnitInfo<'a>> + '_ {
        (0..self.unit_count() as u32).map(|u| self.unit(u))
    }
    /// The unit of that name.
    pub fn unit_by_name(&self, name: &str) -> Option<u32> {
        self.world
            .model
            .units
            .iter()
            .position(|u| u.name == name)
            .map(|u| u as u32)
    }
    /// Name of a competence field.
    pub fn field_name(&self, field: u16) -> &'a str {
        &self.world.model.fields[field as usize]
    }

    /// A unit's indicator `months_back` months before the month just ended (0 = that month);
    /// NaN before the start or when undefined.
    pub fn indicator(&self, unit: u32, indicator: Indicator, months_back: usize) -> f64 {
        let Some(m) = self.month().checked_sub(months_back) else {
            return f64::NAN;
        };
        if self.world.month == 0 {
            return f64::NAN;
        }
        let c = self.world.cell_at(unit as usize, m);
        indicator_of(self.world, c, indicator)
    }

    /// Mean of an indicator over the last `months` months (undefined months skipped).
    pub fn mean_indicator(&self, unit: u32, indicator: Indicator, months: usize) -> f64 {
        let (sum, n) = (0..months)
            .map(|b| self.indicator(unit, indicator, b))
            .filter(|v| v.is_finite())
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        if n == 0 { f64::NAN } else { sum / n as f64 }
    }

    fn info(&self, id: u32) -> StaffInfo {
        let p = &self.world.staff[id as usize];
        let hpy = self.hours_per_year();
        StaffInfo {
            id,
            unit: p.unit,
            field: p.field,
            years_at_post: p.years_at_post(self.now, hpy),
            years_of_service: (self.now - p.hired_at) / hpy,
            age: p.age_at_start + self.now / hpy,
            stress: p.stress,
            burned_out: p.burned_out,
            performance: p.performance(),
            morale: p.morale,
            pending: p.pending_order.is_some() || p.status == Status::InTransit || p.loan.is_some(),
            leaving: p.after_case() == AfterCase::Exit,
            fields_served: p.fields_served(self.world.model.units[p.unit as usize].field),
            contract: p.contract,
            on_loan_from: p.loan.map(|_| self.world.home_unit(id as usize) as u32),
            at_work: p.status == Status::Present && p.after_case() == AfterCase::Continue,
        }
    }

    /// Everyone still in the organisation (in transit included, marked `pending`).
    pub fn staff(&self) -> impl Iterator<Item = StaffInfo> + '_ {
        self.world
            .staff
            .iter()
            .filter(|p| p.status != Status::Gone)
            .map(|p| self.info(p.id))
    }

    /// People on the books of one unit (not in transit).
    pub fn staff_of(&self, unit: u32) -> impl Iterator<Item = StaffInfo> + '_ {
        self.world
            .staff
            .iter()
            .filter(move |p| p.unit == unit && matches!(p.status, Status::Present | Status::Absent))
            .map(|p| self.info(p.id))
    }

    /// One person, if still in the organisation.
    pub fn person(&self, id: u32) -> Option<StaffInfo> {
        let p = self.world.staff.get(id as usize)?;
        (p.status != Status::Gone).then(|| self.info(id))
    }

    /// Fit (0..1) of a person with background `field` at `unit`, before breadth bonus (1 at
    /// an outside pool, where everyone finds a post of their own field).
    pub fn fit(&self, field: u16, unit: u32) -> f64 {
        if self.world.model.is_pool(unit as usize) {
            return 1.0;
        }
        self.world
            .model
            .fit(field, self.world.model.units[unit as usize].field)
    }

    /// Probability that the person resists an order to `to_unit` under this policy's support.
    pub fn resistance_probability(&self, staff: u32, to_unit: u32) -> f64 {
        self.world
            .resistance_probability(staff as usize, to_unit as usize, self.now)
    }

    /// True for an outside pool (see [`crate::scenario::UnitKind::Pool`]).
    pub fn is_pool(&self, unit: u32) -> bool {
        self.world.model.is_pool(unit as usize)
    }

    /// Minimum years at post before a person at `unit` may move.
    pub fn min_years_at_post(&self, unit: u32) -> f64 {
        self.world.model.units[unit as usize].min_years_at_post
    }

    /// True when an order moving `staff` to `to_unit` now would pass every rule (the review
    /// cap aside).
    pub fn may_move(&self, staff: u32, to_unit: u32) -> bool {
        self.world
            .rule_check(staff as usize, to_unit as usize, self.now, false)
            .is_ok()
    }

    /// True when every transfer rule but the destination's headcount lets the person move
    /// there now: for the other half of an exchange, whose place the first half frees.
    pub fn may_move_into_freed_place(&self, staff: u32, to_unit: u32) -> bool {
        self.world
            .rules_but_place(staff as usize, to_unit as usize, self.now, false)
            .is_ok()
    }

    /// True when the person could be lent to `to_unit` now for `weeks` weeks (at work, no
    /// order or loan under way, a civil servant, another unit that is not a pool).
    pub fn may_lend(&self, staff: u32, to_unit: u32, weeks: f64) -> bool {
        self.world
            .loan_check(staff as usize, to_unit as usize, weeks)
            .is_ok()
    }

    /// Requests waiting for a decision.
    pub fn requests(&self) -> &'a [TransferRequest] {
        &self.world.requests
    }
}

/// The value of an indicator from a month's raw cell.
pub(crate) fn indicator_of(world: &World<'_>, c: &MonthCell, ind: Indicator) -> f64 {
    match ind {
        Indicator::Complaints => c.complaints as f64,
        Indicator::Cases => c.arrivals as f64,
        Indicator::SlaCompliance => c.sla_compliance(),
        Indicator::SlaBreachRate => 1.0 - c.sla_compliance(),
        Indicator::Utilization => c.utilization(),
        Indicator::Ej => world.model.ej(c),
        Indicator::RequiredFte => world.model.required_fte(c),
        Indicator::Backlog => c.backlog_end as f64,
        Indicator::WaitDaysMean => c.wait_days_mean(world.model.hours_per_day),
    }
}
