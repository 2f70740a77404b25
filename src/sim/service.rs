//! Cases through a unit: arrival, the FIFO queue, service by the longest-idle person,
//! completion, abandonment and complaints about long waits.

use rand::RngExt;

use crate::engine::{Calendar, StreamRng};

use super::case::{Case, CaseRef};
use super::demand::next_arrival;
use super::event::Event;
use super::model::Patience;
use super::patience::PatienceClock;
use super::staff::{AfterCase, InHand, Status};
use super::world::World;

impl World<'_> {
    pub fn schedule_next_arrival(&mut self, cal: &mut Calendar<Event>, class: usize, now: f64) {
        let model = self.model;
        let classes = model.classes.len();
        let gaps = |m: usize| model.mean_gap_hours.get(m * classes + class).copied();
        let rng = &mut self.streams[class].arrivals;
        let month = (model.hours_per_month, model.months_per_hour);
        if let Some(at) = next_arrival(now, gaps, month, rng) {
            let event = Event::Arrival {
                class: class as u32,
            };
            match self.arrival_lanes.get(class) {
                Some(&lane) => cal.set_lane(lane, at, event),
                None => cal.schedule_at(at, event),
            }
        }
    }

    pub fn on_arrival(&mut self, cal: &mut Calendar<Event>, now: f64, class: usize) {
        self.schedule_next_arrival(cal, class, now);
        let model = self.model;
        let spec = &model.classes[class];
        let rng = &mut self.streams[class].cases;
        // A fixed number of draws per arrival keeps the stream aligned across policies.
        let work_hours = spec.work.sample(rng);
        let patience = timed_patience(&spec.patience, rng);
        let complains = spec.complaint_prob > 0.0 && rng.random::<f64>() < spec.complaint_prob;
        let case = Case {
            arrival: now,
            work_hours,
            class: class as u32,
        };
        self.admit(cal, now, case, patience, complains);
    }

    /// A new case enters its unit: served at once by the longest-idle person, or queued.
    fn admit(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        case: Case,
        patience: Option<f64>,
        complains: bool,
    ) {
        let spec = &self.model.classes[case.class as usize];
        let unit = spec.unit;
        self.accrue(unit, now);
        let cell = self.cell(unit);
        cell.arrivals += 1;
        cell.work_hours += case.work_hours;
        if spec.is_complaint {
            cell.complaints += 1;
        }
        self.units[unit].tally.arrived += 1;
        self.tally_class(case.class, now, |t| t.cases += 1.0);
        if let Some(staff) = self.units[unit].idle.pop_front() {
            self.start_case(cal, now, staff as usize, case);
            return;
        }
        if !self.model.units[unit].kind.queues() {
            // A session nobody is free to give is lost at once (counted as abandoned).
            self.units[unit].tally.abandoned += 1;
            self.cell(unit).abandoned += 1;
            self.tally_class(case.class, now, |t| t.abandoned += 1.0);
            return;
        }
        let r = self.waiting.insert(case);
        let u = &mut self.units[unit];
        u.queue.push_back(r);
        u.waiting += 1;
        u.waiting_work_hours += case.work_hours;
        if let Some(clock) = self.clocks[case.class as usize].as_mut() {
            clock.advance(now);
            self.waiting.set_clock_pos(r, clock.waiting.len() as u32);
            clock.waiting.push(r);
            set_abandon_lane(cal, clock, case.class);
        } else if let Some(p) = patience {
            cal.schedule_at(now + p, Event::Abandon { case: r });
        }
        if complains {
            cal.schedule_at(
                now + spec.complaint_after_hours,
                Event::ComplaintDue { case: r },
            );
        }
    }

    /// `staff` (present, idle, off the idle line) starts `case`. Levels must be accrued.
    fn start_case(&mut self, cal: &mut Calendar<Event>, now: f64, staff: usize, case: Case) {
        let hpd = self.model.hours_per_day;
        let unit = self.staff[staff].unit as usize;
        // Personal time integrals and the pace of work exist only with staff dynamics.
        let dynamics = self.model.dynamics;
        let (pace, overtime) = if dynamics {
            self.pace(unit)
        } else {
            (1.0, 1.0)
        };
        let speed = self.productivity(staff, now) * pace * self.capacity(unit, now);
        let duration = case.work_hours / speed;
        let p = &mut self.staff[staff];
        if dynamics {
            p.accrue(now);
            p.pace = pace;
            p.overtime = overtime;
        }
        p.busy = true;
        p.in_hand = Some(InHand::new(&case));
        self.units[unit].busy += 1;
        let wait = now - case.arrival;
        let cell = self.cell(unit);
        cell.started += 1;
        cell.wait_hours += wait;
        let wait_days = wait / hpd;
        if now >= self.model.classes[case.class as usize].sla_from_hours {
            self.wait_days.record(wait_days);
        }
        self.tally_class(case.class, now, |t| {
            t.started += 1.0;
            t.wait_days += wait_days;
        });
        cal.schedule_at(
            now + duration,
            Event::Completion {
                staff: staff as u32,
            },
        );
    }

    /// Pace of a case starting now at `unit` and its overtime factor: people speed up as
    /// queued work per present person grows, up to `speedup_max`, and work overtime above
    /// `overtime_after_days` of queued work ([workpace]). The pace includes the overtime.
    #[inline]
    fn pace(&self, unit: usize) -> (f64, f64) {
        let u = &self.units[unit];
        if u.waiting == 0 {
            return (1.0, 1.0);
        }
        let w = &self.model.scenario.workpace;
        let queued_days =
            u.waiting_work_hours / (u.present.max(1) as f64 * self.model.hours_per_day);
        let speed = 1.0 + w.speedup_max * (queued_days / w.speedup_full_at_days).min(1.0);
        let overtime = if queued_days > w.overtime_after_days {
            self.model.overtime_factor
        } else {
            1.0
        };
        (speed * overtime, overtime)
    }

    /// The next waiting case of `unit`, skipping handles of abandoned cases.
    fn pop_waiting(&mut self, cal: &mut Calendar<Event>, now: f64, unit: usize) -> Option<Case> {
        while let Some(r) = self.units[unit].queue.pop_front() {
            let pos = self.waiting.clock_pos(r);
            if let Some(case) = self.waiting.remove(r) {
                self.units[unit].leave_queue(case.work_hours);
                self.stop_clock(cal, now, case.class, pos);
                return Some(case);
            }
        }
        None
    }

    /// A waiting case at `pos` in its class's abandonment clock leaves the queue (if the
    /// class has a clock).
    fn stop_clock(&mut self, cal: &mut Calendar<Event>, now: f64, class: u32, pos: u32) {
        let Some(clock) = self.clocks[class as usize].as_mut() else {
            return;
        };
        clock.advance(now);
        let pos = pos as usize;
        clock.waiting.swap_remove(pos);
        if let Some(&moved) = clock.waiting.get(pos) {
            self.waiting.set_clock_pos(moved, pos as u32);
        }
        set_abandon_lane(cal, clock, class);
    }

    /// The abandonment clock of `class` ran out: a waiting case drawn at random gives up.
    pub fn on_abandon_one(&mut self, cal: &mut Calendar<Event>, now: f64, class: usize) {
        let Some(clock) = self.clocks[class].as_mut() else {
            return;
        };
        clock.advance(now);
        if clock.waiting.is_empty() {
            return;
        }
        let pos = clock.pick();
        let r = clock.waiting[pos];
        self.stop_clock(cal, now, class as u32, pos as u32);
        self.on_abandon(now, r);
    }

    pub fn on_completion(&mut self, cal: &mut Calendar<Event>, now: f64, staff: usize) {
        let unit = self.staff[staff].unit as usize;
        let Some(case) = self.staff[staff].in_hand.take() else {
            return;
        };
        self.accrue(unit, now);
        if self.model.dynamics {
            self.staff[staff].accrue(now);
        }
        let hpd = self.model.hours_per_day;
        let resolution = now - case.arrival;
        let class = case.class();
        let within = resolution <= self.model.classes[class as usize].sla_hours;
        let cell = self.cell(unit);
        cell.completed += 1;
        cell.resolution_hours += resolution;
        cell.within_sla += within as u32;
        if now >= self.model.classes[class as usize].sla_from_hours {
            self.resolution_days.record(resolution / hpd);
        }
        self.tally_class(class, now, |t| {
            t.completed += 1.0;
            t.within_sla += within as u32 as f64;
            t.resolution_days += resolution / hpd;
        });
        let u = &mut self.units[unit];
        u.busy -= 1;
        u.tally.completed += 1;
        let p = &mut self.staff[staff];
        p.busy = false;
        let after = p.take_after_case();
        match after {
            AfterCase::Continue => self.start_next_case(cal, now, staff),
            AfterCase::Absent(until) if until > now => {
                self.go_absent(staff, now);
            }
            AfterCase::Absent(_) => self.start_next_case(cal, now, staff),
            AfterCase::Transit(order) => self.begin_transit(cal, now, order as usize),
            AfterCase::Relocate => self.relocate_for_loan(cal, now, staff),
            AfterCase::Exit => {
                let unit = self.staff[staff].unit as usize;
                self.depart(now, staff);
                let u = &mut self.units[unit];
                u.leaving -= 1;
                if u.hires_waiting > 0 {
                    u.hires_waiting -= 1;
                    let contract = u.contract_hires_waiting > 0;
                    u.contract_hires_waiting -= contract as u32;
                    self.on_hire(cal, now, unit, contract, 0);
                }
            }
        }
    }

    /// A person who is free takes the next waiting case, or joins the idle line.
    pub fn start_next_case(&mut self, cal: &mut Calendar<Event>, now: f64, staff: usize) {
        debug_assert_eq!(self.staff[staff].status, Status::Present);
        let unit = self.staff[staff].unit as usize;
        match self.pop_waiting(cal, now, unit) {
            Some(case) => self.start_case(cal, now, staff, case),
            None => {
                debug_assert_eq!(self.staff[staff].id as usize, staff);
                self.units[unit].idle.push_back(staff as u32);
            }
        }
    }

    pub fn on_abandon(&mut self, now: f64, r: CaseRef) {
        let Some(case) = self.waiting.get(r).copied() else {
            return;
        };
        let unit = self.model.classes[case.class as usize].unit;
        self.accrue(unit, now);
        self.waiting.remove(r);
        let u = &mut self.units[unit];
        u.leave_queue(case.work_hours);
        u.tally.abandoned += 1;
        self.cell(unit).abandoned += 1;
        self.tally_class(case.class, now, |t| t.abandoned += 1.0);
    }

    pub fn on_complaint_due(&mut self, cal: &mut Calendar<Event>, now: f64, r: CaseRef) {
        let Some(case) = self.waiting.get(r).copied() else {
            return;
        };
        let unit = self.model.classes[case.class as usize].unit;
        let Some(class) = self.model.units[unit].complaint_class else {
            return;
        };
        let spec = &self.model.classes[class];
        let rng = &mut self.induced[unit];
        let work_hours = spec.work.sample(rng);
        let patience = timed_patience(&spec.patience, rng);
        self.cell(unit).complaints_induced += 1;
        let complaint = Case {
            arrival: now,
            work_hours,
            class: class as u32,
        };
        self.admit(cal, now, complaint, patience, false);
    }
}

/// A patience draw (hours) for classes that time each case; memoryless classes draw nothing
/// here, their clock does.
#[inline]
fn timed_patience(patience: &Patience, rng: &mut StreamRng) -> Option<f64> {
    match patience {
        Patience::Timed(d) => Some(d.sample(rng)),
        Patience::Unlimited | Patience::Memoryless { .. } => None,
    }
}

/// Puts the clock's next abandonment on its lane (or clears it when nobody waits).
#[inline]
fn set_abandon_lane(cal: &mut Calendar<Event>, clock: &PatienceClock, class: u32) {
    match clock.due() {
        Some(at) => cal.set_lane(clock.lane, at, Event::AbandonOne { class }),
        None => cal.clear_lane(clock.lane),
    }
}
