//! Temporary assignment (perbantuan, tugas tambahan, piket at the PATEN counter): a person
//! lent to another unit for a bounded period, outside the transfer pipeline. No notice, no
//! transit beyond the day, no resistance model of a mutasi. The person keeps their post at
//! home (a loan holds no post at the host), works at the host at the fit and on the learning
//! ramp of a newcomer there, and comes back with the experience they had at home.

use crate::engine::Calendar;

use super::event::Event;
use super::policy::TransferOrder;
use super::staff::{AfterCase, Status};
use super::transfer::Blocked;
use super::world::World;

/// Working days in a week of a temporary assignment.
const DAYS_PER_WEEK: f64 = 5.0;

/// Where a temporary assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoanPhase {
    /// Lent, finishing the case in hand at home.
    Going,
    /// Working at the host.
    Active,
    /// Over, finishing the case in hand at the host.
    Returning,
    /// Back home (or left the service).
    Over,
}

/// One temporary assignment.
#[derive(Debug, Clone, Copy)]
pub struct Loan {
    /// The unit whose post the person holds.
    pub home: u32,
    /// The unit they are lent to.
    pub host: u32,
    /// Last moment of the assignment (working hours since the start).
    pub until: f64,
    /// Where it stands.
    pub phase: LoanPhase,
    /// At home before leaving: arrival time, fit and learning ramp, restored on return.
    home_arrived_at: f64,
    home_fit: f64,
    home_r0: f64,
    home_tau_hours: f64,
    /// Its record in the transfer log.
    record: Option<u32>,
}

impl World<'_> {
    /// The unit whose post a person holds: their own, also while lent elsewhere.
    pub fn home_unit(&self, id: usize) -> usize {
        let p = &self.staff[id];
        match p.loan {
            Some(l) => self.loans[l as usize].home as usize,
            None => p.unit as usize,
        }
    }

    /// True for an order that lends someone, or sends someone on loan back home early.
    pub(crate) fn is_loan_order(&self, order: &TransferOrder) -> bool {
        order.temporary_weeks.is_some() || self.is_recall(order)
    }

    fn is_recall(&self, order: &TransferOrder) -> bool {
        let loan = self
            .staff
            .get(order.staff as usize)
            .and_then(|p| p.loan)
            .map(|l| self.loans[l as usize]);
        loan.is_some_and(|l| l.home == order.to_unit)
    }

    /// Lends a person (logged as `lent`, or blocked with the rule it breaks), or ends their
    /// loan early when the order sends them home.
    pub(crate) fn lend_or_recall(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        order: TransferOrder,
    ) {
        let id = order.staff as usize;
        if self.is_recall(&order) {
            self.end_loan(cal, now, id);
            return;
        }
        let record = self.log(&order, now, "pending".into());
        let weeks = order.temporary_weeks.unwrap_or(0.0);
        if let Err(rule) = self.loan_check(id, order.to_unit as usize, weeks) {
            self.block(&order, record, rule);
            return;
        }
        let until = now + weeks * DAYS_PER_WEEK * self.model.hours_per_day;
        let p = &self.staff[id];
        self.loans.push(Loan {
            home: p.unit,
            host: order.to_unit,
            until,
            phase: LoanPhase::Going,
            home_arrived_at: p.arrived_at,
            home_fit: p.fit(),
            home_r0: p.ramp_r0,
            home_tau_hours: p.ramp_tau_hours,
            record,
        });
        self.staff[id].loan = Some(self.loans.len() as u32 - 1);
        self.set_outcome(record, "lent");
        cal.schedule_at(until, Event::LoanEnd { staff: id as u32 });
        if self.staff[id].busy {
            self.staff[id].set_after_case(AfterCase::Relocate);
        } else {
            self.relocate_for_loan(cal, now, id);
        }
    }

    /// The rules of a loan: someone at work now (present, not leaving, no order or loan under
    /// way), a civil servant, to another unit that is not an outside pool, for a positive
    /// period. Minimum years at post, freezes, headcount and the review's cap do not apply:
    /// a temporary assignment is not a mutasi.
    pub(crate) fn loan_check(&self, id: usize, to: usize, weeks: f64) -> Result<(), Blocked> {
        let Some(p) = self.staff.get(id) else {
            return Err(Blocked::Unavailable);
        };
        if p.status != Status::Present || p.after_case() != AfterCase::Continue {
            return Err(Blocked::Unavailable);
        }
        if p.pending_order.is_some() {
            return Err(Blocked::PendingOrder);
        }
        if p.loan.is_some() {
            return Err(Blocked::OnLoan);
        }
        if !p.movable() {
            return Err(Blocked::ContractStaff);
        }
        if to >= self.units.len() || self.model.is_pool(to) || self.model.is_pool(p.unit as usize) {
            return Err(Blocked::UnknownUnit);
        }
        if p.unit as usize == to {
            return Err(Blocked::SameUnit);
        }
        if !(weeks > 0.0 && weeks.is_finite()) {
            return Err(Blocked::LoanPeriod);
        }
        Ok(())
    }

    /// The loan's last day: the person comes back (after the case in hand).
    pub fn on_loan_end(&mut self, cal: &mut Calendar<Event>, now: f64, id: usize) {
        let Some(l) = self.staff[id].loan else {
            return;
        };
        // An earlier loan that ended early leaves its event behind.
        if (self.loans[l as usize].until - now).abs() > 1e-6 {
            return;
        }
        self.end_loan(cal, now, id);
    }

    /// Ends a loan: at once for someone idle or absent, after the case in hand otherwise.
    fn end_loan(&mut self, cal: &mut Calendar<Event>, now: f64, id: usize) {
        let Some(l) = self.staff[id].loan else {
            return;
        };
        let l = l as usize;
        match self.loans[l].phase {
            LoanPhase::Going => {
                // Never left: the loan is simply cancelled.
                if self.staff[id].after_case() == AfterCase::Relocate {
                    self.staff[id].set_after_case(AfterCase::Continue);
                }
                self.loans[l].phase = LoanPhase::Over;
                self.staff[id].loan = None;
                self.close_record(self.loans[l].record, now);
            }
            LoanPhase::Active => {
                self.loans[l].phase = LoanPhase::Returning;
                let p = &mut self.staff[id];
                if p.status == Status::Present && p.busy {
                    // A spell of absence due after this case is given up for the journey
                    // home; someone leaving the service stays on that course.
                    if matches!(p.after_case(), AfterCase::Continue | AfterCase::Absent(_)) {
                        p.set_after_case(AfterCase::Relocate);
                    }
                } else {
                    self.relocate_for_loan(cal, now, id);
                }
            }
            LoanPhase::Returning | LoanPhase::Over => {}
        }
    }

    /// Moves a person on loan to the host or back home, as the loan's phase says (the case in
    /// hand, if any, is finished).
    pub fn relocate_for_loan(&mut self, cal: &mut Calendar<Event>, now: f64, id: usize) {
        let Some(l) = self.staff[id].loan.map(|l| l as usize) else {
            self.start_next_case(cal, now, id);
            return;
        };
        let loan = self.loans[l];
        match loan.phase {
            LoanPhase::Going => {
                let host = loan.host as usize;
                self.move_person(id, host, now);
                self.settle(id, host, now, false);
                self.units[host].lent_in += 1;
                self.units[loan.home as usize].lent_out += 1;
                self.loans[l].phase = LoanPhase::Active;
                self.cell(host).lent_in += 1;
                if let Some(r) = loan
                    .record
                    .and_then(|r| self.transfer_log.get_mut(r as usize))
                {
                    r.completed = true;
                }
            }
            LoanPhase::Returning => {
                let home = loan.home as usize;
                self.move_person(id, home, now);
                self.units[loan.host as usize].lent_in -= 1;
                self.units[home].lent_out -= 1;
                let p = &mut self.staff[id];
                p.arrived_at = loan.home_arrived_at;
                p.set_fit(loan.home_fit);
                p.ramp_r0 = loan.home_r0;
                p.ramp_tau_hours = loan.home_tau_hours;
                p.loan = None;
                self.loans[l].phase = LoanPhase::Over;
                self.close_record(loan.record, now);
            }
            LoanPhase::Active | LoanPhase::Over => {}
        }
        if self.staff[id].status == Status::Present {
            self.start_next_case(cal, now, id);
        }
    }

    /// Someone on loan leaves the service: the host no longer counts them as lent, their
    /// home no longer holds their post.
    pub(crate) fn end_loan_on_exit(&mut self, id: usize, now: f64) {
        let Some(l) = self.staff[id].loan.take().map(|l| l as usize) else {
            return;
        };
        let loan = self.loans[l];
        if matches!(loan.phase, LoanPhase::Active | LoanPhase::Returning) {
            self.units[loan.host as usize].lent_in -= 1;
            self.units[loan.home as usize].lent_out -= 1;
        }
        self.loans[l].phase = LoanPhase::Over;
        self.close_record(loan.record, now);
    }

    /// Moves a present, idle (or absent) person's place on the books to `to` at once,
    /// keeping their status.
    fn move_person(&mut self, id: usize, to: usize, now: f64) {
        let status = self.staff[id].status;
        self.leave_unit(id, now);
        self.staff[id].unit = to as u32;
        self.accrue(to, now);
        let u = &mut self.units[to];
        u.assigned += 1;
        match status {
            Status::Present => u.present += 1,
            Status::Absent => u.absent += 1,
            Status::InTransit | Status::Gone => {}
        }
    }
}
