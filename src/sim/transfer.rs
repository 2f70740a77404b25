//! The transfer pipeline: rule check -> resistance -> accept | appeal | refuse | quit ->
//! notice period -> transit -> arrival on the learning ramp. Every step is an event and
//! every order's outcome is counted.

use rand::RngExt;

use crate::engine::Calendar;

use super::event::Event;
use super::people::ExitKind;
use super::policy::{Reason, TransferOrder};
use super::result::TransferRecord;
use super::staff::{AfterCase, Status};
use super::world::{Order, World};

/// The rule an order would break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// The person does not exist, has left, or is between posts.
    Unavailable,
    /// The destination is not a unit.
    UnknownUnit,
    /// The person already has an order in progress.
    PendingOrder,
    /// The destination is the current unit.
    SameUnit,
    /// Orders are frozen now (e.g. before regional elections).
    Freeze,
    /// Too few years at the current post.
    MinYearsAtPost,
    /// The destination is full (positions).
    Headcount,
    /// The review's cap of moves is used up.
    ReviewCap,
    /// A new hire may not request a transfer yet.
    NewHireLock,
}

impl Blocked {
    /// Name used in the transfer log (`blocked:<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Blocked::Unavailable => "unavailable",
            Blocked::UnknownUnit => "unknown_unit",
            Blocked::PendingOrder => "pending_order",
            Blocked::SameUnit => "same_unit",
            Blocked::Freeze => "freeze",
            Blocked::MinYearsAtPost => "min_years_at_post",
            Blocked::Headcount => "headcount",
            Blocked::ReviewCap => "review_cap",
            Blocked::NewHireLock => "new_hire_lock",
        }
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl World<'_> {
    /// Checks every rule for moving `id` to `to` now.
    pub fn rule_check(
        &self,
        id: usize,
        to: usize,
        now: f64,
        is_request: bool,
    ) -> Result<(), Blocked> {
        let model = self.model;
        let t = &model.scenario.transfers;
        let Some(p) = self.staff.get(id) else {
            return Err(Blocked::Unavailable);
        };
        if !matches!(p.status, Status::Present | Status::Absent) || p.after_case == AfterCase::Exit
        {
            return Err(Blocked::Unavailable);
        }
        if to >= model.units.len() {
            return Err(Blocked::UnknownUnit);
        }
        if p.pending_order.is_some() {
            return Err(Blocked::PendingOrder);
        }
        if p.unit as usize == to {
            return Err(Blocked::SameUnit);
        }
        let year = now / model.hours_per_year;
        if t.freeze
            .iter()
            .any(|f| f.start_year <= year && year < f.end_year)
        {
            return Err(Blocked::Freeze);
        }
        let min_years = model.units[p.unit as usize].min_years_at_post;
        if p.years_at_post(now, model.hours_per_year) < min_years - 1e-9 {
            return Err(Blocked::MinYearsAtPost);
        }
        // People leaving the destination (already ordered, or in this review's batch) free
        // their places, so swaps and rotation chains are possible.
        let u = &self.units[to];
        let held = u.assigned as i64 - u.outgoing as i64 - u.batch_out as i64 + u.incoming as i64;
        if held >= model.units[to].positions as i64 {
            return Err(Blocked::Headcount);
        }
        if is_request
            && (now - p.hired_at) / model.hours_per_year
                < model.scenario.workforce.new_hire_lock_years
        {
            return Err(Blocked::NewHireLock);
        }
        Ok(())
    }

    /// Probability that the person resists an order to `to` under the policy's support.
    pub fn resistance_probability(&self, id: usize, to: usize, now: f64) -> f64 {
        let model = self.model;
        let r = &model.scenario.transfers.resistance;
        let p = &self.staff[id];
        let dest = &model.units[to];
        let support = &self.support;
        let travel = model.travel_hours(p.home_region, dest.region);
        let supported = self.support_units.get(to).copied().unwrap_or(true);
        let premium = if supported {
            support.allowance_premium[dest.remoteness.min(2) as usize]
        } else {
            0.0
        };
        let package = if supported && dest.remoteness >= 1 {
            let k = &support.package;
            (k.security as u8 as f64) * r.security
                + (k.training as u8 as f64) * r.training
                + (k.facilities as u8 as f64) * r.facilities
        } else {
            0.0
        };
        logistic(
            r.base_logit
                + r.per_year_at_post * p.years_at_post(now, model.hours_per_year)
                + r.per_remoteness * dest.remoteness as f64
                + r.per_travel_hour * travel
                + r.trait_weight * p.resistance
                - r.income_premium * premium
                - r.communication * support.communication
                - package,
        )
    }

    /// Starts a review: resets the cap of moves.
    pub fn begin_review(&mut self) {
        self.review_moves = 0;
    }

    fn log(&mut self, order: &TransferOrder, from: u32, outcome: String) -> Option<u32> {
        if !self.model.log_transfers {
            return None;
        }
        self.transfer_log.push(TransferRecord {
            // Reviews run after `month` has moved on: the month just closed, 1-based, is
            // `self.month`.
            month: self.month,
            staff: order.staff,
            from,
            to: order.to_unit,
            reason: order.reason.name(),
            outcome,
            completed: false,
        });
        Some(self.transfer_log.len() as u32 - 1)
    }

    fn set_outcome(&mut self, record: Option<u32>, outcome: &str) {
        if let Some(r) = record.and_then(|r| self.transfer_log.get_mut(r as usize)) {
            r.outcome = outcome.to_string();
        }
    }

    /// Passes one order through the rules and the person's resistance.
    pub fn order_transfer(&mut self, cal: &mut Calendar<Event>, now: f64, order: TransferOrder) {
        let model = self.model;
        let id = order.staff as usize;
        let to = order.to_unit as usize;
        let from = self.staff.get(id).map(|p| p.unit).unwrap_or(0);
        if self.staff.get(id).is_some() {
            let u = &mut self.units[from as usize];
            u.batch_out = u.batch_out.saturating_sub(1);
        }
        let is_request = order.reason == Reason::Request;
        let cap = self.review.max_moves_per_review;
        let check = if self.review_moves >= cap {
            Err(Blocked::ReviewCap)
        } else {
            self.rule_check(id, to, now, is_request)
        };
        if let Err(rule) = check {
            if let Some(unit) = self.staff.get(id).map(|p| p.unit as usize) {
                self.cell(unit).blocked += 1;
            }
            self.log(&order, from, format!("blocked:{}", rule.name()));
            return;
        }
        self.review_moves += 1;
        let trained = order.train_first || self.support.train_before_move;
        let record = self.log(&order, from, "accepted".into());
        let index = self.orders.len() as u32;
        self.orders.push(Order {
            staff: order.staff,
            from,
            to: order.to_unit,
            train_first: trained,
            record,
        });
        self.units[to].incoming += 1;
        self.units[from as usize].outgoing += 1;
        self.staff[id].pending_order = Some(index);
        let costs = &model.scenario.costs;
        let comm = self.support.communication * costs.communication_per_order_rp;
        let cell = self.cell(from as usize);
        cell.ordered += 1;
        cell.cost_incentives += comm;

        // Two draws per order, whatever the outcome, keep the person's stream aligned.
        let rng = &mut self.person_rng[id].resist;
        let (u_resist, u_kind): (f64, f64) = (rng.random(), rng.random());
        let p_resist = if is_request {
            0.0
        } else {
            self.resistance_probability(id, to, now)
        };
        let t = &model.scenario.transfers;
        let m = &model.scenario.morale;
        let hpm = model.hours_per_month;
        if u_resist >= p_resist {
            cal.schedule_at(
                now + t.notice_months * hpm,
                Event::NoticeOver { order: index },
            );
            return;
        }
        let r = &t.resistance;
        let total = r.appeal_share + r.refuse_share + r.quit_share;
        let k = u_kind * total;
        if k < r.appeal_share {
            self.cell(from as usize).appealed += 1;
            let p = &mut self.staff[id];
            p.morale = (p.morale - m.appeal_drop).max(0.0);
            self.set_outcome(record, "appealed");
            let delay = (t.appeal_delay_months + t.notice_months) * hpm;
            cal.schedule_at(now + delay, Event::NoticeOver { order: index });
        } else if k < r.appeal_share + r.refuse_share {
            self.cell(from as usize).refused += 1;
            let p = &mut self.staff[id];
            p.morale = (p.morale - m.refusal_drop).max(0.0);
            p.refusals += 1;
            self.set_outcome(record, "refused");
            self.release_order(id);
        } else {
            self.set_outcome(record, "quit");
            self.release_order(id);
            self.exit(cal, now, id, ExitKind::TransferQuit);
        }
    }

    /// Orders from a review, in the order the policy gave them.
    pub fn order_transfers(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        orders: Vec<TransferOrder>,
    ) {
        for order in &orders {
            if let Some(p) = self.staff.get(order.staff as usize) {
                self.units[p.unit as usize].batch_out += 1;
            }
        }
        for order in orders {
            self.order_transfer(cal, now, order);
        }
        for u in &mut self.units {
            u.batch_out = 0;
        }
    }

    /// The notice period is over: the person leaves after the case in hand.
    pub fn on_notice_over(&mut self, cal: &mut Calendar<Event>, now: f64, order: usize) {
        let id = self.orders[order].staff as usize;
        let p = &mut self.staff[id];
        if p.pending_order != Some(order as u32) {
            return; // cancelled (the person left)
        }
        if p.status == Status::Present && p.busy {
            p.after_case = AfterCase::Transit(order as u32);
            return;
        }
        self.begin_transit(cal, now, order);
    }

    /// The person leaves the old unit and travels (and trains, if ordered).
    pub fn begin_transit(&mut self, cal: &mut Calendar<Event>, now: f64, order: usize) {
        let model = self.model;
        let o = self.orders[order];
        let id = o.staff as usize;
        let old_field = model.units[self.staff[id].unit as usize].field;
        self.units[o.from as usize].outgoing -= 1;
        self.leave_unit(id, now);
        let p = &mut self.staff[id];
        p.accrue(now);
        p.served.push((old_field, now));
        p.status = Status::InTransit;
        p.unit = o.to;
        let dest = &model.units[o.to as usize];
        let t = &model.scenario.transfers;
        let costs = &model.scenario.costs;
        let rem = dest.remoteness.min(2) as usize;
        let mut days = t.transit_days[rem];
        let mut cost = costs.relocation_rp[rem];
        if o.train_first {
            days += t.training_days;
            cost += costs.training_rp;
        }
        self.cell(o.from as usize).cost_relocation += cost;
        cal.schedule_at(
            now + days * model.hours_per_day,
            Event::Arrive {
                order: order as u32,
            },
        );
    }

    /// The person starts at the new unit, at the start of the learning ramp.
    pub fn on_arrive(&mut self, cal: &mut Calendar<Event>, now: f64, order: usize) {
        let o = self.orders[order];
        let id = o.staff as usize;
        let to = o.to as usize;
        if self.staff[id].status != Status::InTransit {
            return;
        }
        self.accrue(to, now);
        self.staff[id].accrue(now);
        let u = &mut self.units[to];
        u.incoming -= 1;
        u.assigned += 1;
        u.present += 1;
        let p = &mut self.staff[id];
        p.status = Status::Present;
        p.pending_order = None;
        self.settle(id, to, now, o.train_first);
        self.cell(to).moved_in += 1;
        if let Some(r) = o.record.and_then(|r| self.transfer_log.get_mut(r as usize)) {
            r.completed = true;
        }
        self.start_next_case(cal, now, id);
    }
}
