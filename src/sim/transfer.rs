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
    /// Contract staff (honorer, GTT/PTT, PPPK) are not moved by mutasi.
    ContractStaff,
    /// The person is on a temporary assignment (only an order back to their own unit, which
    /// ends it, applies).
    OnLoan,
    /// A temporary assignment needs a positive, finite number of weeks.
    LoanPeriod,
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
            Blocked::ContractStaff => "contract_staff",
            Blocked::OnLoan => "on_loan",
            Blocked::LoanPeriod => "loan_period",
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
        if !matches!(p.status, Status::Present | Status::Absent)
            || p.after_case() == AfterCase::Exit
        {
            return Err(Blocked::Unavailable);
        }
        if to >= model.units.len() {
            return Err(Blocked::UnknownUnit);
        }
        if p.pending_order.is_some() {
            return Err(Blocked::PendingOrder);
        }
        if p.loan.is_some() {
            return Err(Blocked::OnLoan);
        }
        if p.unit as usize == to {
            return Err(Blocked::SameUnit);
        }
        if !p.movable() {
            return Err(Blocked::ContractStaff);
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
        if is_request
            && (now - p.hired_at) / model.hours_per_year
                < model.scenario.workforce.new_hire_lock_years
        {
            return Err(Blocked::NewHireLock);
        }
        if !self.has_place(to) {
            return Err(Blocked::Headcount);
        }
        Ok(())
    }

    /// Every rule but the destination's headcount.
    pub(crate) fn rules_but_place(
        &self,
        id: usize,
        to: usize,
        now: f64,
        is_request: bool,
    ) -> Result<(), Blocked> {
        match self.rule_check(id, to, now, is_request) {
            Err(Blocked::Headcount) => Ok(()),
            other => other,
        }
    }

    /// True when the destination has a free place: positions minus those on the books, plus
    /// those already ordered out, minus those ordered in.
    fn has_place(&self, to: usize) -> bool {
        let u = &self.units[to];
        let held = u.held() - u.outgoing as i64 + u.incoming as i64;
        held < self.model.units[to].positions as i64
    }

    /// Probability that the person resists an order to `to` under the policy's support.
    pub fn resistance_probability(&self, id: usize, to: usize, now: f64) -> f64 {
        let model = self.model;
        let r = &model.scenario.transfers.resistance;
        let p = &self.staff[id];
        let dest = &model.units[to];
        let travel = model.travel_hours(p.home_region, dest.region);
        logistic(
            r.base_logit
                + r.per_year_at_post * p.years_at_post(now, model.hours_per_year)
                + r.per_remoteness * dest.remoteness as f64
                + r.per_travel_hour * travel
                + r.trait_weight * p.resistance
                - r.communication * self.support.communication
                - self.support_logit(to),
        )
    }

    /// Log-odds by which the policy's support at `unit` makes a post there more attractive:
    /// the income premium for its remoteness and, at rural and remote units, the non-cash
    /// package (\[R98\]\[R97\]); 0 where the policy offers no support.
    pub fn support_logit(&self, unit: usize) -> f64 {
        let r = &self.model.scenario.transfers.resistance;
        let support = &self.support;
        if !self.support_units.get(unit).copied().unwrap_or(true) {
            return 0.0;
        }
        let remoteness = self.model.units[unit].remoteness;
        let mut logit = r.income_premium * support.allowance_premium[remoteness.min(2) as usize];
        if remoteness >= 1 {
            let k = &support.package;
            logit += (k.security as u8 as f64) * r.security
                + (k.training as u8 as f64) * r.training
                + (k.facilities as u8 as f64) * r.facilities;
        }
        logit
    }

    /// Starts a review: resets the cap of moves.
    pub fn begin_review(&mut self) {
        self.review_moves = 0;
        self.reviews += 1;
    }

    pub(crate) fn log(&mut self, order: &TransferOrder, now: f64, outcome: String) -> Option<u32> {
        if !self.model.log_transfers {
            return None;
        }
        let hpy = self.model.hours_per_year;
        let person = self.staff.get(order.staff as usize);
        let from = person.map(|p| p.unit).unwrap_or(0);
        self.transfer_log.push(TransferRecord {
            hour: now,
            review: self.reviews,
            years_at_post: person.map_or(0.0, |p| p.years_at_post(now, hpy)),
            years_since_hire: person.map_or(0.0, |p| (now - p.hired_at) / hpy),
            closed_hour: None,
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

    /// Marks a logged order as no longer pending (arrived, refused, quit or cancelled).
    pub(crate) fn close_record(&mut self, record: Option<u32>, now: f64) {
        if let Some(r) = record.and_then(|r| self.transfer_log.get_mut(r as usize)) {
            r.closed_hour = Some(now);
        }
    }

    pub(crate) fn set_outcome(&mut self, record: Option<u32>, outcome: &str) {
        if let Some(r) = record.and_then(|r| self.transfer_log.get_mut(r as usize)) {
            r.outcome = outcome.to_string();
        }
    }

    /// Orders from a review, in the order the policy gave them.
    ///
    /// An order whose destination is full waits while the others go through: each accepted
    /// order frees a place at its origin, so rotation chains work in any order. Orders left
    /// waiting that form a cycle of full units (a swap) go through together when no leg
    /// refuses; a leg that refuses or quits is decided alone and the others wait again. What
    /// still waits at the end is blocked for headcount. No place is ever promised twice, so
    /// no unit ends over its positions whatever the outcomes.
    pub fn order_transfers(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        orders: Vec<TransferOrder>,
    ) {
        // Temporary assignments (and their early ends) bypass the pipeline.
        let (loans, orders): (Vec<_>, Vec<_>) =
            orders.into_iter().partition(|o| self.is_loan_order(o));
        for order in loans {
            self.lend_or_recall(cal, now, order);
        }
        // Log records in the policy's order, outcomes filled in as they are decided.
        let mut waiting: Vec<(TransferOrder, Option<u32>)> = orders
            .into_iter()
            .map(|o| {
                let record = self.log(&o, now, "pending".into());
                (o, record)
            })
            .collect();
        loop {
            let mut full = Vec::new();
            let mut progress = false;
            for (order, record) in waiting {
                if self.decide(cal, now, order, record, false) {
                    progress = true;
                } else {
                    full.push((order, record));
                }
            }
            waiting = full;
            if waiting.is_empty() {
                return;
            }
            if !progress && !self.swap(cal, now, &mut waiting) {
                break;
            }
        }
        for (order, record) in waiting {
            self.block(&order, record, Blocked::Headcount);
        }
    }

    /// Decides one order unless only a full destination stands in its way (then `false`).
    /// With `place_promised` the destination's place is already secured by a swap.
    fn decide(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        order: TransferOrder,
        record: Option<u32>,
        place_promised: bool,
    ) -> bool {
        let id = order.staff as usize;
        let to = order.to_unit as usize;
        let is_request = order.reason == Reason::Request;
        let check = if self.review_moves >= self.review.max_moves_per_review {
            Err(Blocked::ReviewCap)
        } else {
            self.rules_but_place(id, to, now, is_request)
        };
        if let Err(rule) = check {
            self.block(&order, record, rule);
            return true;
        }
        if !place_promised && !self.has_place(to) {
            return false;
        }
        self.issue_order(cal, now, order, record);
        true
    }

    /// Finds one cycle of waiting orders among full units and decides it. `false` when there
    /// is none.
    fn swap(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        waiting: &mut Vec<(TransferOrder, Option<u32>)>,
    ) -> bool {
        let Some(cycle) = self.find_cycle(waiting) else {
            return false;
        };
        // A leg that will refuse or quit is decided alone (it frees or keeps its own place);
        // the rest of the cycle waits again.
        let resisting: Vec<usize> = cycle
            .iter()
            .copied()
            .filter(|&i| self.will_resist(&waiting[i].0, now))
            .collect();
        let mut legs = if resisting.is_empty() {
            cycle
        } else {
            resisting
        };
        // Half a swap would overfill a unit: the cycle goes whole or not at all.
        if self.review_moves.saturating_add(legs.len() as u32) > self.review.max_moves_per_review {
            return false;
        }
        legs.sort_unstable();
        for &i in legs.iter().rev() {
            let (order, record) = waiting.remove(i);
            self.decide(cal, now, order, record, true);
        }
        true
    }

    /// Indices of waiting orders whose origins and destinations close a cycle, earliest
    /// orders first.
    fn find_cycle(&self, waiting: &[(TransferOrder, Option<u32>)]) -> Option<Vec<usize>> {
        let from = |i: usize| self.staff[waiting[i].0.staff as usize].unit;
        for start in 0..waiting.len() {
            let mut path = vec![start];
            let mut at = waiting[start].0.to_unit;
            while path.len() <= waiting.len() {
                if at == from(start) {
                    return Some(path);
                }
                let next = (0..waiting.len()).find(|&j| {
                    from(j) == at
                        && !path.contains(&j)
                        && !path
                            .iter()
                            .any(|&k| waiting[k].0.staff == waiting[j].0.staff)
                });
                let Some(j) = next else { break };
                path.push(j);
                at = waiting[j].0.to_unit;
            }
        }
        None
    }

    /// Whether the person would refuse or quit this order (peeks at their stream).
    fn will_resist(&self, order: &TransferOrder, now: f64) -> bool {
        if order.reason == Reason::Request {
            return false;
        }
        let id = order.staff as usize;
        let mut rng = self.person_rng[id].resist.clone();
        let (u_resist, u_kind): (f64, f64) = (rng.random(), rng.random());
        if u_resist >= self.resistance_probability(id, order.to_unit as usize, now) {
            return false;
        }
        let r = &self.model.scenario.transfers.resistance;
        u_kind * (r.appeal_share + r.refuse_share + r.quit_share) >= r.appeal_share
    }

    pub(crate) fn block(&mut self, order: &TransferOrder, record: Option<u32>, rule: Blocked) {
        if let Some(unit) = self
            .staff
            .get(order.staff as usize)
            .map(|p| p.unit as usize)
        {
            self.cell(unit).blocked += 1;
        }
        self.set_outcome(record, &format!("blocked:{}", rule.name()));
    }

    /// The order passed every rule: the person accepts, appeals, refuses or quits.
    fn issue_order(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        order: TransferOrder,
        record: Option<u32>,
    ) {
        let model = self.model;
        let id = order.staff as usize;
        let to = order.to_unit as usize;
        let from = self.staff[id].unit;
        let is_request = order.reason == Reason::Request;
        self.review_moves += 1;
        let trained = order.train_first || self.support.train_before_move;
        self.set_outcome(record, "accepted");
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
            self.release_order(id, now);
        } else {
            self.set_outcome(record, "quit");
            self.release_order(id, now);
            self.exit(cal, now, id, ExitKind::TransferQuit);
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
            p.set_after_case(AfterCase::Transit(order as u32));
            return;
        }
        self.begin_transit(cal, now, order);
    }

    /// The person leaves the old unit and travels (and trains, if ordered).
    pub fn begin_transit(&mut self, cal: &mut Calendar<Event>, now: f64, order: usize) {
        let model = self.model;
        let o = self.orders[order];
        let id = o.staff as usize;
        let old = self.staff[id].unit as usize;
        // In the outside pool a person works at a post of their own field.
        let old_field = if model.is_pool(old) {
            self.staff[id].field
        } else {
            model.units[old].field
        };
        self.units[o.from as usize].outgoing -= 1;
        let held_before = self.units[old].held();
        self.leave_unit(id, now);
        if model.scenario.workforce.hiring.backfill_transfers && !model.is_pool(old) {
            let contract = self.staff[id].contract;
            let level = held_before.clamp(1, u16::MAX as i64) as u16;
            self.open_vacancy(cal, now, old, contract, level);
        }
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
            r.closed_hour = Some(now);
        }
        self.start_next_case(cal, now, id);
    }
}
