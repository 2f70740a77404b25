//! People over time: absence spells, the monthly update of stress, burnout and morale,
//! retirement and resignation, hiring replacements, and transfer requests.

use rand::RngExt;
use rand_distr::{Distribution as _, StandardNormal};

use crate::engine::Calendar;

use super::event::Event;
use super::policy::TransferRequest;
use super::staff::{AfterCase, Status};
use super::world::{Newcomer, World};

/// Why someone leaves the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitKind {
    Resignation,
    Retirement,
    TransferQuit,
    /// A contract not renewed at its yearly end.
    ContractEnd,
}

/// Monthly hazard from an annual probability.
fn monthly(p_year: f64) -> f64 {
    1.0 - (1.0 - p_year.clamp(0.0, 1.0)).powf(1.0 / 12.0)
}

impl World<'_> {
    pub fn on_absence_start(&mut self, cal: &mut Calendar<Event>, now: f64, id: usize) {
        if self.staff[id].status == Status::Gone {
            return;
        }
        let until = now + self.spell_length(id);
        let p = &mut self.staff[id];
        match p.status {
            Status::Present if !p.busy => self.go_absent(id, now),
            Status::Present if p.after_case() == AfterCase::Continue => {
                p.set_after_case(AfterCase::Absent(until));
            }
            _ => {}
        }
        cal.schedule_at(until, Event::AbsenceEnd { staff: id as u32 });
    }

    pub fn on_absence_end(&mut self, cal: &mut Calendar<Event>, now: f64, id: usize) {
        match self.staff[id].status {
            Status::Gone => return,
            Status::Absent => self.return_present(cal, id, now),
            _ => {
                if let AfterCase::Absent(_) = self.staff[id].after_case() {
                    self.staff[id].set_after_case(AfterCase::Continue);
                }
            }
        }
        let gap = self.present_period(id);
        if gap.is_finite() {
            cal.schedule_at(now + gap, Event::AbsenceStart { staff: id as u32 });
        }
    }

    /// Someone leaves the organisation: at once, or after the case in hand.
    pub fn exit(&mut self, cal: &mut Calendar<Event>, now: f64, id: usize, kind: ExitKind) {
        let unit = self.staff[id].unit as usize;
        let cell = self.cell(unit);
        match kind {
            ExitKind::Resignation => cell.resignations += 1,
            ExitKind::Retirement => cell.retirements += 1,
            ExitKind::TransferQuit => cell.transfer_quits += 1,
            ExitKind::ContractEnd => cell.contract_ends += 1,
        }
        self.release_order(id, now);
        // The post left empty is the person's own, also while lent to another unit.
        let post = self.home_unit(id);
        let p = &mut self.staff[id];
        if p.status == Status::Present && p.busy {
            p.set_after_case(AfterCase::Exit);
            self.units[unit].leaving += 1;
        } else {
            self.depart(now, id);
        }
        let contract = self.staff[id].contract;
        self.open_vacancy(cal, now, post, contract, 0);
    }

    /// Cancels a person's pending order, freeing the place reserved at the destination.
    pub fn release_order(&mut self, id: usize, now: f64) {
        if let Some(order) = self.staff[id].pending_order.take() {
            let o = self.orders[order as usize];
            self.close_record(o.record, now);
            self.units[o.to as usize].incoming -= 1;
            if self.staff[id].status != Status::InTransit {
                self.units[o.from as usize].outgoing -= 1;
            }
        }
    }

    /// The person is gone (after finishing any case in hand).
    pub fn depart(&mut self, now: f64, id: usize) {
        self.release_order(id, now);
        self.end_loan_on_exit(id, now);
        self.leave_unit(id, now);
        self.staff[id].status = Status::Gone;
        self.left += 1;
    }

    /// An exit (or a transfer away: `backfill` is then the unit's posts held before it, see
    /// [`Event::Hire`]) opens a vacancy: replaced after the hiring delay, or at the annual
    /// intake; a contract post by the unit's own contract hiring, after its delay.
    pub(crate) fn open_vacancy(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        unit: usize,
        contract: bool,
        backfill: u16,
    ) {
        let wf = &self.model.scenario.workforce;
        let h = &wf.hiring;
        if !h.enabled {
            return;
        }
        let unit = unit as u32;
        let hire = Event::Hire {
            unit,
            contract,
            backfill,
        };
        if contract {
            let at = now + wf.contracts.hiring_delay_months * self.model.hours_per_month;
            cal.schedule_at(at, hire);
        } else if h.recruitment_month == 0 {
            let at = now + h.delay_months * self.model.hours_per_month;
            cal.schedule_at(at, hire);
        } else if backfill > 0 {
            self.backfills_pending[unit as usize].push(backfill);
        } else {
            self.vacancies_pending[unit as usize] += 1;
        }
    }

    /// At the annual recruitment month, the accumulated vacancies are advertised.
    pub fn annual_intake(&mut self, cal: &mut Calendar<Event>, now: f64) {
        let h = &self.model.scenario.workforce.hiring;
        if h.recruitment_month == 0 || (self.month % 12) + 1 != h.recruitment_month as usize {
            return;
        }
        let at = now + h.delay_months * self.model.hours_per_month;
        for unit in 0..self.units.len() {
            let exits = std::mem::take(&mut self.vacancies_pending[unit]);
            let moves = std::mem::take(&mut self.backfills_pending[unit]);
            let hires = (0..exits).map(|_| 0).chain(moves);
            for backfill in hires {
                let hire = Event::Hire {
                    unit: unit as u32,
                    contract: false,
                    backfill,
                };
                cal.schedule_at(at, hire);
            }
        }
    }

    /// Field of a hire into `unit` (`u` uniform in [0, 1)): a required profession nobody on
    /// the unit's books holds (the formasi goes to the missing doctor first), else a draw
    /// from the unit's hiring mix, the organisation's, or the unit's field.
    fn hire_field(&self, unit: usize, u: f64) -> u16 {
        let m = &self.model.units[unit];
        let on_books = |f: u16| {
            self.staff
                .iter()
                .any(|p| p.unit as usize == unit && p.status != Status::Gone && p.field == f)
        };
        if let Some(&f) = m.requires.iter().find(|&&f| !on_books(f)) {
            return f;
        }
        let mix = if m.hire_fields.is_empty() {
            &self.model.hire_fields
        } else {
            &m.hire_fields
        };
        mix.iter()
            .find(|(_, c)| u <= *c)
            .or(mix.last())
            .map(|(f, _)| *f)
            .unwrap_or(m.field)
    }

    /// A new hire (a contract hire if `contract`) starts at `unit`, or at the unit with most
    /// vacancies if it has been filled.
    pub fn on_hire(
        &mut self,
        cal: &mut Calendar<Event>,
        now: f64,
        unit: usize,
        contract: bool,
        backfill: u16,
    ) {
        let model = self.model;
        let wf = &model.scenario.workforce;
        let vacancies = |u: usize, w: &World| {
            model.units[u].positions as i64 - w.units[u].held() - w.units[u].incoming as i64
        };
        let u = &self.units[unit];
        let refilled = u.held() + u.incoming as i64 >= backfill as i64;
        let target = if backfill > 0 && (refilled || vacancies(unit, self) <= 0) {
            // The post a transfer left was filled (or promised) meanwhile.
            return;
        } else if vacancies(unit, self) > 0 {
            unit
        } else if self.units[unit].leaving > self.units[unit].hires_waiting {
            // The leaver is finishing a case: the successor starts when they go.
            self.units[unit].hires_waiting += 1;
            self.units[unit].contract_hires_waiting += contract as u32;
            return;
        } else {
            match (0..self.units.len())
                .map(|u| (vacancies(u, self), std::cmp::Reverse(u)))
                .max()
            {
                Some((v, std::cmp::Reverse(u))) if v > 0 => u,
                _ => return,
            }
        };
        let rng = &mut self.hiring[unit];
        let field_u: f64 = rng.random();
        let age = wf.hiring.age_range[0]
            + (wf.hiring.age_range[1] - wf.hiring.age_range[0]) * rng.random::<f64>();
        let z_perf: f64 = StandardNormal.sample(rng);
        let z_trait: f64 = StandardNormal.sample(rng);
        let field = self.hire_field(target, field_u);
        self.accrue(target, now);
        let id = self.add_person(
            target,
            Newcomer {
                field,
                home_region: model.units[target].region,
                age,
                arrived_at: now,
                hired_at: now,
                performance: (1.0 + wf.performance_sd * z_perf).clamp(0.5, 1.5),
                resistance: wf.resistance_sd * z_trait,
                experienced: false,
                contract,
            },
        );
        self.cell(target).hires += 1;
        // add_person put the newcomer on the idle line; let them take waiting work.
        self.units[target].idle.pop_back();
        self.start_next_case(cal, now, id);
        self.start_absence_cycle(cal, id, now);
    }

    /// Monthly update of every person: load, stress, burnout, morale, statistics, exits.
    pub fn staff_month_end(&mut self, cal: &mut Calendar<Event>, now: f64) {
        let model = self.model;
        if !model.dynamics {
            return;
        }
        let s = &model.scenario;
        let hpy = model.hours_per_year;
        for id in 0..self.staff.len() {
            if self.staff[id].status == Status::Gone {
                continue;
            }
            let unit = self.staff[id].unit as usize;
            let p = &mut self.staff[id];
            p.accrue(now);
            // Load: the busy share of present time, weighted by pace, against the share a
            // person at the workload analysis's standard is busy (ABK: 1,250 h a year).
            let load = if p.month_present_hours > 0.0 {
                p.month_effort_hours / p.month_present_hours / model.standard_occupancy
            } else {
                0.0
            };
            let strain = s.stress.strain(load);
            p.stress = s.stress.next_stress(p.stress, strain);
            let overtime_hours = p.month_overtime_hours;
            p.month_busy_hours = 0.0;
            p.month_present_hours = 0.0;
            p.month_effort_hours = 0.0;
            p.month_overtime_hours = 0.0;
            p.morale = (p.morale + s.morale.recovery_per_month).min(1.0);
            let burnout_coin: f64 = self.person_rng[id].attrition.random();
            let p = &mut self.staff[id];
            let mut burnout = false;
            if p.burned_out {
                if burnout_coin < s.stress.recovery_per_month(p.stress) {
                    p.burned_out = false;
                }
            } else if burnout_coin < monthly(s.stress.burnout_per_year(p.stress)) {
                p.burned_out = true;
                burnout = true;
            }
            let on_books = matches!(p.status, Status::Present | Status::Absent);
            let (stress, present, ramp) = (p.stress, p.status == Status::Present, p.ramp(now));
            let productivity = self.productivity(id, now);
            let p = &self.staff[id];
            let over_max = p.years_at_post(now, hpy) > s.transfers.max_years_at_post;
            let age = p.age_at_start + now / hpy;
            let burned = p.burned_out;
            let contract = p.contract;
            let cell = self.cell(unit);
            cell.overtime_hours += overtime_hours;
            cell.cost_overtime += overtime_hours * s.workpace.overtime_pay_per_hour_rp;
            if !on_books {
                continue;
            }
            cell.burnouts += burnout as u32;
            cell.burned_out_end += burned as u32;
            cell.stress_sum += stress;
            cell.learning_loss += 1.0 - ramp;
            cell.over_max_end += over_max as u32;
            if present {
                cell.productivity_sum += productivity;
            }
            if contract {
                cell.contract_end += 1;
            }
            let coin: f64 = self.person_rng[id].attrition.random();
            if self.staff[id].after_case() == AfterCase::Exit {
                continue;
            }
            if age >= model.units[unit].retirement_age {
                self.exit(cal, now, id, ExitKind::Retirement);
            } else if self.contract_not_renewed(id, now) {
                self.exit(cal, now, id, ExitKind::ContractEnd);
            } else {
                let p_year = if burned {
                    s.attrition.quit_per_year_burned_out
                } else {
                    s.attrition.quit_per_year
                };
                if coin < monthly(self.retained(unit, p_year)) {
                    self.exit(cal, now, id, ExitKind::Resignation);
                }
            }
        }
    }

    /// True when `id` is contract staff whose contract reaches a yearly end at this month end
    /// (every 12 months from hiring) and is not renewed (`workforce.contracts`).
    fn contract_not_renewed(&mut self, id: usize, now: f64) -> bool {
        let p = &self.staff[id];
        if !p.contract {
            return false;
        }
        let months = ((now - p.hired_at) * self.model.months_per_hour + 1e-9).floor() as i64;
        if months <= 0 || months % 12 != 0 {
            return false;
        }
        let renewal = self.model.scenario.workforce.contracts.renewal_per_year;
        let coin: f64 = self.person_rng[id].attrition.random();
        coin >= renewal
    }

    /// An annual probability of leaving a post at `unit` (a request to move, a resignation)
    /// lowered by the support measures in force there: the allowance premium and the non-cash
    /// package lower its log-odds as they raise acceptance of such a post (\[R98\]\[R97\]),
    /// scaled by `retention.retention_weight`.
    pub fn retained(&self, unit: usize, p_year: f64) -> f64 {
        let logit = self.support_logit(unit) * self.model.scenario.retention.retention_weight;
        if logit <= 0.0 || p_year <= 0.0 || p_year >= 1.0 {
            return p_year;
        }
        let odds = p_year / (1.0 - p_year) * (-logit).exp();
        odds / (1.0 + odds)
    }

    /// People ask to move: towards their home region or a less remote unit of their field.
    pub fn staff_requests(&mut self, now: f64) {
        let model = self.model;
        if !model.dynamics {
            return;
        }
        let q = &model.scenario.transfers.requests;
        let lock = model.scenario.workforce.new_hire_lock_years;
        let hpy = model.hours_per_year;
        let month = self.month;
        let expire = q.expire_months;
        let staff = &self.staff;
        self.requests.retain(|r| {
            let p = &staff[r.staff as usize];
            (month - r.month) as f64 <= expire
                && p.pending_order.is_none()
                && matches!(p.status, Status::Present | Status::Absent)
        });
        for id in 0..self.staff.len() {
            let p = &self.staff[id];
            if !matches!(p.status, Status::Present | Status::Absent) {
                continue;
            }
            let unit = p.unit as usize;
            let here = &model.units[unit];
            let p_year = self.retained(
                unit,
                q.base_per_year
                    + q.per_remoteness * here.remoteness as f64
                    + q.per_stress * p.stress,
            );
            let coin: f64 = self.person_rng[id].requests.random();
            let eligible = p.movable()
                && p.loan.is_none()
                && (now - p.hired_at) / hpy >= lock
                && p.pending_order.is_none()
                && !self.requests.iter().any(|r| r.staff as usize == id);
            if !eligible || coin >= monthly(p_year) {
                continue;
            }
            let home = p.home_region;
            let away_from_home = home.is_some() && here.region != home;
            let target = (0..model.units.len())
                // A post of one's own field, here or in the rest of the city (a pool).
                .filter(|&u| u != unit && (model.units[u].field == here.field || model.is_pool(u)))
                .filter(|&u| {
                    model.units[u].positions as i64
                        > self.units[u].held() + self.units[u].incoming as i64
                })
                .filter(|&u| {
                    let m = &model.units[u];
                    m.remoteness < here.remoteness || (away_from_home && m.region == home)
                })
                .min_by_key(|&u| {
                    let m = &model.units[u];
                    (m.region != home, m.remoteness, u)
                });
            if let Some(to) = target {
                self.requests.push(TransferRequest {
                    staff: id as u32,
                    to_unit: to as u32,
                    month,
                });
            }
        }
    }
}
