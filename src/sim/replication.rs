//! One replication: the organisation model driven by the engine's calendar and a policy.
//!
//! Reading order: [`simulate`] builds the world and runs the calendar; each event goes to a
//! handler named after what happens (`on_arrival`, `on_completion`, `on_absence_start`,
//! `order_transfers`, `on_arrive`, `on_hire`, `on_month_end`) in `service.rs`, `people.rs`
//! and `transfer.rs`.

use std::cell::Cell;

use crate::engine::{Calendar, stream_rng};
use crate::scenario::ReviewSpec;

use super::event::Event;
use super::kpi::Kpi;
use super::model::{Model, Patience};
use super::patience::PatienceClock;
use super::policy::{OrgView, Policy, PolicySetup, Watch};
use super::result::{EndState, ReplicationResult, finish};
use super::staff::Status;
use super::unit::Unit;
use super::unit_kpis::UnitOutcomes;
use super::world::{World, stream};

/// Runs replication `replication` of `model` under `policy`, set up by `setup`, with master
/// seed `seed`.
pub fn simulate(
    model: &Model,
    policy: &mut dyn Policy,
    setup: &PolicySetup,
    seed: u64,
    replication: u64,
) -> ReplicationResult {
    match simulate_until(model, policy, setup, seed, replication, &|| false) {
        Some(result) => result,
        None => unreachable!("a replication that is never asked to stop finishes"),
    }
}

/// Events between two questions to the stop predicate of [`simulate_until`] (besides the
/// one at every month end): about 10 ms of a large organisation's events at 10^6 events per
/// second, a fraction of a millisecond of a small one's; the question is an atomic load.
pub(crate) const STOP_CHECK_EVENTS: u32 = 1 << 14;

/// Runs like [`simulate`], but gives up as soon as `stop()` is true and returns `None` (a
/// cancelled run; nothing of it is kept). `stop` is asked at every month end and every
/// 16,384 events, so a month of a very large organisation (minutes of
/// computing) is no longer a wait; the model stays unaware of threads (`stop` is just a
/// closure), and the result of a replication that finishes is exactly [`simulate`]'s.
pub fn simulate_until(
    model: &Model,
    policy: &mut dyn Policy,
    setup: &PolicySetup,
    seed: u64,
    replication: u64,
    stop: &dyn Fn() -> bool,
) -> Option<ReplicationResult> {
    let mut cal: Calendar<Event> = Calendar::with_capacity(1024);
    let mut world = World::new(model, seed, replication, setup.support);
    let review = setup
        .review
        .clone()
        .unwrap_or_else(|| model.scenario.review.clone());
    world.review = review.clone();
    if let Some(scope) = setup
        .support_units
        .as_ref()
        .filter(|s| s.len() == model.units.len())
    {
        world.support_units = scope.clone();
    }
    world.start(&mut cal);
    let mut rng = stream_rng(seed, replication, stream::id(stream::POLICY, 0));
    let watches = policy.watch();
    let mut above = vec![false; watches.len()];
    let stopped = Cell::new(false);
    let mut since_check = 0u32;
    let warm_people = world.staff.len() > WARM_PEOPLE_ABOVE;
    let mut handle = |cal: &mut Calendar<Event>, now: f64, event: Event| {
        // Once stopped, the rest of the month's events are popped unhandled: nothing new is
        // scheduled, so the calendar empties up to the month end in one quick pass.
        if stopped.get() {
            return;
        }
        since_check += 1;
        if since_check == STOP_CHECK_EVENTS {
            since_check = 0;
            if stop() {
                stopped.set(true);
                return;
            }
        }
        // In a large organisation the person of a coming completion or arrival is fetched
        // into cache while this event is handled; a small one's are in cache already.
        if warm_people && let Some(next) = cal.peek_queued() {
            world.warm_for(next);
        }
        let Some(closed) = world.handle(cal, now, event) else {
            return;
        };
        if review_due(&review, closed) {
            world.begin_review();
            let orders = policy.review(&world.view(now), &mut rng);
            world.order_transfers(cal, now, orders);
        }
        for (
            i,
            &Watch {
                unit,
                indicator,
                above: level,
            },
        ) in watches.iter().enumerate()
        {
            let value = world.view(now).indicator(unit, indicator, 0);
            let is_above = value > level;
            if is_above && !above[i] {
                world.begin_review();
                let orders = policy.on_alert(&world.view(now), unit, indicator, &mut rng);
                world.order_transfers(cal, now, orders);
            }
            above[i] = is_above;
        }
    };
    // The calendar runs one month at a time; running in slices processes exactly the same
    // events in the same order as one call up to the horizon.
    for month in 0..model.months {
        if month > 0 && stop() {
            return None;
        }
        let until = ((month + 1) as f64 * model.hours_per_month).min(model.horizon_hours);
        cal.run_until(until, &mut handle);
        if stopped.get() {
            return None;
        }
    }
    cal.run_until(model.horizon_hours, &mut handle);
    if stopped.get() {
        return None;
    }
    Some(world.finish(replication, cal.events_processed()))
}

/// Staff above which the person of a coming completion or arrival is fetched ahead (4,096
/// records of 256 bytes fill a core's 1 MiB L2; set when a record's hot part was 192 bytes,
/// not re-tuned since it became 128).
const WARM_PEOPLE_ABOVE: usize = 4096;

/// Most case classes whose arrivals each get a calendar lane (see `World::start`).
const ARRIVAL_LANES_MAX: usize = 64;

/// True when a review falls at the end of month `closed` (0-based).
fn review_due(r: &ReviewSpec, closed: usize) -> bool {
    let m = closed as u32 + 1;
    r.every_months > 0 && m >= r.start_month && (m - r.start_month).is_multiple_of(r.every_months)
}

impl<'m> World<'m> {
    /// A read-only view for policies.
    pub fn view(&self, now: f64) -> OrgView<'_> {
        OrgView { world: self, now }
    }

    fn start(&mut self, cal: &mut Calendar<Event>) {
        // Arrivals get a lane per class while the classes are few; with hundreds, the lane
        // tree's replay of log2(lanes) matches per arrival costs more than the queue's push
        // and pop (benches/README.md, scale), so their arrivals go into the queue.
        let lanes = self.model.classes.len() <= ARRIVAL_LANES_MAX;
        for c in 0..self.model.classes.len() {
            if lanes {
                self.arrival_lanes.push(cal.add_lane());
            }
            self.schedule_next_arrival(cal, c, 0.0);
        }
        for c in 0..self.model.classes.len() {
            let clock = match self.model.classes[c].patience {
                Patience::Memoryless { mean_hours } => {
                    let rng =
                        stream_rng(self.seed, self.replication, stream::id(stream::ABANDON, c));
                    Some(PatienceClock::new(cal.add_lane(), mean_hours, rng))
                }
                _ => None,
            };
            self.clocks.push(clock);
        }
        for id in 0..self.staff.len() {
            self.start_absence_cycle(cal, id, 0.0);
        }
        cal.schedule_at(self.month_end(0), Event::MonthEnd);
    }

    fn month_end(&self, month: usize) -> f64 {
        ((month + 1) as f64 * self.model.hours_per_month).min(self.model.horizon_hours)
    }

    /// Handles one event; returns the month just closed after a `MonthEnd`.
    #[inline(always)]
    fn handle(&mut self, cal: &mut Calendar<Event>, now: f64, event: Event) -> Option<usize> {
        if now < self.clock || now.is_nan() {
            self.clock_monotone = false;
        }
        self.clock = now;
        match event {
            Event::Arrival { class } => self.on_arrival(cal, now, class as usize),
            Event::Completion { staff } => self.on_completion(cal, now, staff as usize),
            Event::Abandon { case } => self.on_abandon(now, case),
            Event::AbandonOne { class } => self.on_abandon_one(cal, now, class as usize),
            Event::ComplaintDue { case } => self.on_complaint_due(cal, now, case),
            Event::AbsenceStart { staff } => self.on_absence_start(cal, now, staff as usize),
            Event::AbsenceEnd { staff } => self.on_absence_end(cal, now, staff as usize),
            Event::NoticeOver { order } => self.on_notice_over(cal, now, order as usize),
            Event::Arrive { order } => self.on_arrive(cal, now, order as usize),
            Event::Hire {
                unit,
                contract,
                backfill,
            } => self.on_hire(cal, now, unit as usize, contract, backfill),
            Event::LoanEnd { staff } => self.on_loan_end(cal, now, staff as usize),
            Event::MonthEnd => return Some(self.on_month_end(cal, now)),
        }
        None
    }

    #[inline(never)]
    fn on_month_end(&mut self, cal: &mut Calendar<Event>, now: f64) -> usize {
        for unit in 0..self.units.len() {
            self.accrue(unit, now);
            let u = &self.units[unit];
            let (backlog, present, assigned) = (u.backlog(), u.present, u.assigned);
            let cell = self.cell(unit);
            cell.backlog_end = backlog;
            cell.staff_end = present;
            cell.assigned_end = assigned;
        }
        self.check_required();
        self.check_subjects();
        self.pay_salaries();
        self.staff_month_end(cal, now);
        self.pay_incentives();
        self.staff_requests(now);
        self.annual_intake(cal, now);
        self.check_headcount();
        let closed = self.month;
        self.next_month();
        if self.month < self.model.months {
            cal.schedule_at(self.month_end(self.month), Event::MonthEnd);
        }
        closed
    }

    /// Monthly pay of everyone on the books (in transit included): civil servants'
    /// salaries and contract staff's pay, each at its own rate.
    fn pay_salaries(&mut self) {
        let costs = &self.model.scenario.costs;
        let (salary, contract_pay) = (costs.monthly_salary_rp, costs.contract_monthly_rp);
        for id in 0..self.staff.len() {
            let p = &self.staff[id];
            if p.status == Status::Gone {
                continue;
            }
            let (contract, unit) = (p.contract, p.unit as usize);
            let cell = self.cell(unit);
            if contract {
                cell.cost_contract += contract_pay;
            } else {
                cell.cost_salaries += salary;
            }
        }
    }

    /// Monthly allowances and packages for everyone posted at supported units.
    fn pay_incentives(&mut self) {
        let costs = &self.model.scenario.costs;
        let support = self.support;
        for unit in 0..self.units.len() {
            if !self.support_units[unit] {
                continue;
            }
            let rem = self.model.units[unit].remoteness.min(2) as usize;
            let assigned = self.units[unit].assigned as f64;
            let mut cost = assigned * support.allowance_premium[rem] * costs.monthly_salary_rp;
            if rem >= 1 && support.package.any() {
                cost += assigned * costs.package_per_year_rp / 12.0;
            }
            self.cell(unit).cost_incentives += cost;
        }
    }

    /// initial + hires - exits = on the books + in transit, every month.
    fn check_headcount(&mut self) {
        let on_books: u64 = self.units.iter().map(|u| u.assigned as u64).sum();
        let transit = self
            .staff
            .iter()
            .filter(|p| p.status == Status::InTransit)
            .count() as u64;
        let gone = self
            .staff
            .iter()
            .filter(|p| p.status == Status::Gone)
            .count() as u64;
        if self.joined - self.left != on_books + transit || gone != self.left {
            self.headcount_conserved = false;
        }
        // Places held (staying + promised) never exceed positions; someone ordered away
        // may still be on the books, serving notice, when their successor arrives, and a
        // leaver finishing a last case has already given up their place (and any order).
        let over = |(u, m): (&Unit, &crate::sim::UnitModel)| {
            let staying = u.held() - u.leaving as i64 - u.outgoing as i64;
            staying + u.incoming as i64 > m.positions as i64
        };
        if self.units.iter().zip(&self.model.units).any(over) {
            self.within_positions = false;
        }
    }

    fn finish(mut self, replication: u64, events: u64) -> ReplicationResult {
        for unit in 0..self.units.len() {
            let u = &mut self.units[unit];
            u.tally.waiting_end = u.waiting as u64;
            u.tally.in_service_end = u.busy as u64;
        }
        let backlog: u32 = self.units.iter().map(Unit::backlog).sum();
        let (n, fields) = self.staff.iter().filter(|p| p.status != Status::Gone).fold(
            (0usize, 0usize),
            |(n, f), p| {
                (
                    n + 1,
                    f + p.fields_served(self.model.units[p.unit as usize].field),
                )
            },
        );
        let end = EndState {
            backlog: backlog as f64,
            fields_per_staff: if n > 0 {
                fields as f64 / n as f64
            } else {
                f64::NAN
            },
        };
        let cells = self.cells_by_unit();
        let (series, mut kpis) = finish(self.model, &cells, end);
        kpis[Kpi::ResolutionDaysP90 as usize] = self.resolution_days.quantile(0.9);
        let open = self.open_past_sla(self.model.horizon_hours);
        let classes = std::mem::take(&mut self.class_totals);
        let units = UnitOutcomes::build(self.model, &cells, classes, &open);
        units.fill_kpis(self.model, &mut kpis);
        let result = ReplicationResult {
            replication,
            kpis,
            series,
            tallies: self.units.iter().map(|u| u.tally).collect(),
            wait_days: self.wait_days,
            resolution_days: self.resolution_days,
            events,
            transfers: self.transfer_log,
            headcount_conserved: self.headcount_conserved,
            clock_monotone: self.clock_monotone,
            within_positions: self.within_positions,
            max_moves_per_review: self.review.max_moves_per_review,
            units,
        };
        #[cfg(debug_assertions)]
        if let Err(e) = result.check_all_invariants(self.model) {
            panic!("invariant broken in replication {replication}: {e}");
        }
        result
    }
}
