//! One replication: the organisation model driven by the engine's calendar.
//!
//! Reading order: [`simulate`] sets up staff and the first events, then each handler
//! (`on_arrival`, `start_next_case`, `on_completion`, `on_abandon`, `on_complaint_due`,
//! `on_month_end`) changes the state and schedules what follows.

use rand::RngExt;

use crate::engine::{Calendar, StreamRng, stream_rng};
use crate::stats::LogHistogram;

use super::case::{Case, CaseRef, WaitingCases};
use super::demand::next_arrival;
use super::event::Event;
use super::kpi::Kpi;
use super::model::Model;
use super::result::{MonthCell, ReplicationResult, finish};
use super::staff::{Activity, Staff};
use super::unit::Unit;

/// Random-stream families; the stream id is `family << 40 | index`, so every random process
/// has its own stream and policy choices never shift another process's draws (common random
/// numbers across policies).
mod stream {
    /// Inter-arrival gaps, per case class.
    pub const ARRIVALS: u64 = 1;
    /// Work content, patience and complaint coin of each arriving case, per case class.
    pub const CASES: u64 = 2;
    /// Work content of induced complaints, per unit.
    pub const INDUCED: u64 = 3;

    pub fn id(family: u64, index: usize) -> u64 {
        (family << 40) | index as u64
    }
}

struct ClassStreams {
    arrivals: StreamRng,
    cases: StreamRng,
}

/// The state of one replication.
struct World<'m> {
    model: &'m Model,
    units: Vec<Unit>,
    staff: Vec<Staff>,
    waiting: WaitingCases,
    streams: Vec<ClassStreams>,
    induced: Vec<StreamRng>,
    /// Current calendar month (index).
    month: usize,
    /// `cells[unit * months + month]`.
    cells: Vec<MonthCell>,
    /// Start of the measured window (hours).
    measured_from: f64,
    wait_days: LogHistogram,
    resolution_days: LogHistogram,
}

/// Runs replication `replication` of `model` with master seed `seed`.
pub fn simulate(model: &Model, seed: u64, replication: u64) -> ReplicationResult {
    let mut cal: Calendar<Event> = Calendar::with_capacity(1024);
    let mut world = World::new(model, seed, replication);
    world.start(&mut cal);
    cal.run_until(model.horizon_hours, |cal, t, e| world.handle(cal, t, e));
    world.finish(replication, cal.events_processed())
}

impl<'m> World<'m> {
    fn new(model: &'m Model, seed: u64, replication: u64) -> World<'m> {
        let streams = (0..model.classes.len())
            .map(|c| ClassStreams {
                arrivals: stream_rng(seed, replication, stream::id(stream::ARRIVALS, c)),
                cases: stream_rng(seed, replication, stream::id(stream::CASES, c)),
            })
            .collect();
        let induced = (0..model.units.len())
            .map(|u| stream_rng(seed, replication, stream::id(stream::INDUCED, u)))
            .collect();
        let mut units: Vec<Unit> = model.units.iter().map(|_| Unit::default()).collect();
        let mut staff = Vec::new();
        for (ui, u) in model.units.iter().enumerate() {
            for _ in 0..u.initial_staff {
                let id = staff.len() as u32;
                staff.push(Staff::new(id, ui as u32));
                units[ui].idle.push_back(id);
                units[ui].present += 1;
            }
        }
        World {
            model,
            units,
            staff,
            waiting: WaitingCases::default(),
            streams,
            induced,
            month: 0,
            cells: vec![MonthCell::default(); model.units.len() * model.months],
            measured_from: model.first_measured_month as f64 * model.hours_per_month,
            wait_days: LogHistogram::new(),
            resolution_days: LogHistogram::new(),
        }
    }

    fn start(&mut self, cal: &mut Calendar<Event>) {
        for c in 0..self.model.classes.len() {
            self.schedule_next_arrival(cal, c, 0.0);
        }
        cal.schedule_at(self.month_end(0), Event::MonthEnd);
    }

    fn month_end(&self, month: usize) -> f64 {
        ((month + 1) as f64 * self.model.hours_per_month).min(self.model.horizon_hours)
    }

    #[inline]
    fn cell(&mut self, unit: usize) -> &mut MonthCell {
        let months = self.model.months;
        let m = self.month.min(months - 1);
        &mut self.cells[unit * months + m]
    }

    /// Accrues the unit's time integrals up to `now` before a level changes.
    #[inline]
    fn accrue(&mut self, unit: usize, now: f64) {
        let months = self.model.months;
        let m = self.month.min(months - 1);
        self.units[unit].accrue(now, &mut self.cells[unit * months + m]);
    }

    fn handle(&mut self, cal: &mut Calendar<Event>, now: f64, event: Event) {
        match event {
            Event::Arrival { class } => self.on_arrival(cal, now, class as usize),
            Event::Completion { staff } => self.on_completion(cal, now, staff as usize),
            Event::Abandon { case } => self.on_abandon(now, case),
            Event::ComplaintDue { case } => self.on_complaint_due(cal, now, case),
            Event::MonthEnd => self.on_month_end(cal, now),
        }
    }

    fn schedule_next_arrival(&mut self, cal: &mut Calendar<Event>, class: usize, now: f64) {
        let rates = &self.model.classes[class].rates_per_hour;
        let rng = &mut self.streams[class].arrivals;
        if let Some(at) = next_arrival(now, rates, self.model.hours_per_month, rng) {
            cal.schedule_at(
                at,
                Event::Arrival {
                    class: class as u32,
                },
            );
        }
    }

    fn on_arrival(&mut self, cal: &mut Calendar<Event>, now: f64, class: usize) {
        self.schedule_next_arrival(cal, class, now);
        let model = self.model;
        let spec = &model.classes[class];
        let rng = &mut self.streams[class].cases;
        // A fixed number of draws per arrival keeps the stream aligned across policies.
        let work_hours = spec.work.sample(rng);
        let patience = spec.patience.as_ref().map(|p| p.sample(rng));
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
        if spec.is_complaint {
            cell.complaints += 1;
        }
        self.units[unit].tally.arrived += 1;
        if let Some(staff) = self.units[unit].idle.pop_front() {
            self.start_case(cal, now, staff as usize, case);
            return;
        }
        let r = self.waiting.insert(case);
        let u = &mut self.units[unit];
        u.queue.push_back(r);
        u.waiting += 1;
        if let Some(p) = patience {
            cal.schedule_at(now + p, Event::Abandon { case: r });
        }
        if complains {
            cal.schedule_at(
                now + spec.complaint_after_hours,
                Event::ComplaintDue { case: r },
            );
        }
    }

    /// `staff` (present, not busy) starts `case`. Levels must already be accrued.
    fn start_case(&mut self, cal: &mut Calendar<Event>, now: f64, staff: usize, case: Case) {
        let hpd = self.model.hours_per_day;
        let p = &mut self.staff[staff];
        let unit = p.unit as usize;
        let duration = case.work_hours / p.productivity();
        p.activity = Activity::Busy;
        p.in_hand = Some(case);
        p.started_at = now;
        self.units[unit].busy += 1;
        let wait = now - case.arrival;
        let cell = self.cell(unit);
        cell.started += 1;
        cell.wait_hours += wait;
        if now >= self.measured_from {
            self.wait_days.record(wait / hpd);
        }
        cal.schedule_at(
            now + duration,
            Event::Completion {
                staff: staff as u32,
            },
        );
    }

    /// The next waiting case of `unit`, skipping handles of abandoned cases.
    fn pop_waiting(&mut self, unit: usize) -> Option<Case> {
        while let Some(r) = self.units[unit].queue.pop_front() {
            if let Some(case) = self.waiting.remove(r) {
                self.units[unit].waiting -= 1;
                return Some(case);
            }
        }
        None
    }

    fn on_completion(&mut self, cal: &mut Calendar<Event>, now: f64, staff: usize) {
        let unit = self.staff[staff].unit as usize;
        let Some(case) = self.staff[staff].in_hand.take() else {
            return;
        };
        self.accrue(unit, now);
        let hpd = self.model.hours_per_day;
        let resolution = now - case.arrival;
        let within = resolution <= self.model.classes[case.class as usize].sla_hours;
        let measured = now >= self.measured_from;
        let cell = self.cell(unit);
        cell.completed += 1;
        cell.resolution_hours += resolution;
        cell.within_sla += within as u32;
        if measured {
            self.resolution_days.record(resolution / hpd);
        }
        let u = &mut self.units[unit];
        u.busy -= 1;
        u.tally.completed += 1;
        self.staff[staff].activity = Activity::Idle;
        self.start_next_case(cal, now, staff);
    }

    /// A person who just became free takes the next waiting case, or joins the idle line.
    fn start_next_case(&mut self, cal: &mut Calendar<Event>, now: f64, staff: usize) {
        let unit = self.staff[staff].unit as usize;
        match self.pop_waiting(unit) {
            Some(case) => self.start_case(cal, now, staff, case),
            None => {
                let id = self.staff[staff].id;
                self.units[unit].idle.push_back(id);
            }
        }
    }

    fn on_abandon(&mut self, now: f64, r: CaseRef) {
        let Some(case) = self.waiting.get(r).copied() else {
            return;
        };
        let unit = self.model.classes[case.class as usize].unit;
        self.accrue(unit, now);
        self.waiting.remove(r);
        let u = &mut self.units[unit];
        u.waiting -= 1;
        u.tally.abandoned += 1;
        self.cell(unit).abandoned += 1;
    }

    fn on_complaint_due(&mut self, cal: &mut Calendar<Event>, now: f64, r: CaseRef) {
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
        let patience = spec.patience.as_ref().map(|p| p.sample(rng));
        self.cell(unit).complaints_induced += 1;
        let complaint = Case {
            arrival: now,
            work_hours,
            class: class as u32,
        };
        self.admit(cal, now, complaint, patience, false);
    }

    fn on_month_end(&mut self, cal: &mut Calendar<Event>, now: f64) {
        for unit in 0..self.units.len() {
            self.accrue(unit, now);
            let (backlog, present) = (self.units[unit].backlog(), self.units[unit].present);
            let cell = self.cell(unit);
            cell.backlog_end = backlog;
            cell.staff_end = present;
        }
        self.month += 1;
        if self.month < self.model.months {
            cal.schedule_at(self.month_end(self.month), Event::MonthEnd);
        }
    }

    fn finish(mut self, replication: u64, events: u64) -> ReplicationResult {
        for unit in 0..self.units.len() {
            let u = &mut self.units[unit];
            u.tally.waiting_end = u.waiting as u64;
            u.tally.in_service_end = u.busy as u64;
        }
        let backlog_end: u32 = self.units.iter().map(Unit::backlog).sum();
        let (series, mut kpis) = finish(self.model, &self.cells, backlog_end as f64);
        kpis[Kpi::ResolutionDaysP90 as usize] = self.resolution_days.quantile(0.9);
        ReplicationResult {
            replication,
            kpis,
            series,
            tallies: self.units.iter().map(|u| u.tally).collect(),
            wait_days: self.wait_days,
            resolution_days: self.resolution_days,
            events,
        }
    }
}
