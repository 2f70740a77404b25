//! The state of one replication and the transitions every handler shares: people entering
//! and leaving presence, rule checks, resistance, workload cells.

use rand::RngExt;
use rand_distr::{Distribution as _, Exp1, StandardNormal};

use crate::engine::{Calendar, Lane, StreamRng, stream_rng};
use crate::stats::LogHistogram;

use super::case::WaitingCases;
use super::event::Event;
use super::model::Model;
use super::patience::PatienceClock;
use super::policy::{Support, TransferRequest};
use super::result::{MonthCell, TransferRecord};
use super::staff::{Staff, Status};
use super::unit::Unit;

/// Random-stream families; the stream id is `family << 40 | index`, so every random process
/// has its own stream and policy choices never shift another process's draws (common random
/// numbers across policies).
pub(crate) mod stream {
    /// Inter-arrival gaps, per case class.
    pub const ARRIVALS: u64 = 1;
    /// Work content, patience and complaint coin of each arriving case, per case class.
    pub const CASES: u64 = 2;
    /// Work content of induced complaints, per unit.
    pub const INDUCED: u64 = 3;
    /// The initial population.
    pub const POPULATION: u64 = 4;
    /// Absence spells, per person.
    pub const ABSENCE: u64 = 5;
    /// Monthly resignation coin, per person.
    pub const ATTRITION: u64 = 6;
    /// Resistance to orders, per person.
    pub const RESIST: u64 = 7;
    /// New hires' attributes, per unit.
    pub const HIRING: u64 = 8;
    /// Staff-initiated transfer requests, per person.
    pub const REQUESTS: u64 = 9;
    /// The policy's own randomness.
    pub const POLICY: u64 = 10;
    /// Abandonment clocks (memoryless patience), per case class.
    pub const ABANDON: u64 = 11;
    /// Lengths of capacity shocks, per unit.
    pub const CAPACITY: u64 = 12;

    /// Stream id of one process.
    pub fn id(family: u64, index: usize) -> u64 {
        (family << 40) | index as u64
    }
}

/// Per-person random streams.
pub(crate) struct PersonStreams {
    pub absence: StreamRng,
    pub attrition: StreamRng,
    pub resist: StreamRng,
    pub requests: StreamRng,
}

pub(crate) struct ClassStreams {
    pub arrivals: StreamRng,
    pub cases: StreamRng,
}

/// Who a new person is: the initial staff and new hires.
pub(crate) struct Newcomer {
    /// Background field.
    pub field: u16,
    /// Home region.
    pub home_region: Option<u16>,
    /// Age now (years).
    pub age: f64,
    /// Time of arrival at the post (hours; negative before the start).
    pub arrived_at: f64,
    /// Time of hiring (hours; negative before the start).
    pub hired_at: f64,
    /// Individual speed relative to standard.
    pub performance: f64,
    /// Dispositional resistance (standard-normal scale).
    pub resistance: f64,
    /// Past the learning ramp at the post from the start.
    pub experienced: bool,
    /// Contract staff (not a civil servant).
    pub contract: bool,
}

/// A transfer order in the pipeline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Order {
    pub staff: u32,
    pub from: u32,
    pub to: u32,
    pub train_first: bool,
    pub record: Option<u32>,
}

/// The state of one replication.
pub(crate) struct World<'m> {
    pub model: &'m Model,
    pub seed: u64,
    pub replication: u64,
    pub units: Vec<Unit>,
    pub staff: Vec<Staff>,
    pub person_rng: Vec<PersonStreams>,
    pub waiting: WaitingCases,
    pub streams: Vec<ClassStreams>,
    /// The calendar lane holding each class's next arrival (filled when the run starts;
    /// empty for an organisation of many classes, whose arrivals go into the queue).
    pub arrival_lanes: Vec<Lane>,
    /// Abandonment clock of each class with memoryless patience (filled when the run starts).
    pub clocks: Vec<Option<PatienceClock>>,
    pub induced: Vec<StreamRng>,
    pub hiring: Vec<StreamRng>,
    pub orders: Vec<Order>,
    pub requests: Vec<TransferRequest>,
    pub support: Support,
    /// Units where the policy's support measures apply (all when the policy has no scope).
    pub support_units: Vec<bool>,
    /// Current calendar month (index).
    pub month: usize,
    /// `cells[month * units + unit]`: a month's cells of all units side by side, so the
    /// current month's, which every event touches, share cache lines in a large organisation
    /// (`finish` hands them on unit by unit).
    pub cells: Vec<MonthCell>,
    /// Index in `cells` of unit 0's cell of the current month.
    pub cell_base: usize,
    pub wait_days: LogHistogram,
    pub resolution_days: LogHistogram,
    pub transfer_log: Vec<TransferRecord>,
    /// Headcount bookkeeping: people who ever joined and who left.
    pub joined: u64,
    pub left: u64,
    pub headcount_conserved: bool,
    /// Exits waiting for the annual recruitment month, per unit.
    pub vacancies_pending: Vec<u32>,
    /// Posts left by transfers waiting for the annual recruitment month, per unit.
    pub backfills_pending: Vec<Vec<u16>>,
    /// Temporary assignments, ongoing and over (`Staff::loan` points into it).
    pub loans: Vec<super::loan::Loan>,
    /// Orders accepted in the current review (for the cap).
    pub review_moves: u32,
    /// Review timing and cap in force.
    pub review: crate::scenario::ReviewSpec,
    /// Reviews begun so far (numbers the transfer log's reviews).
    pub reviews: u32,
    /// Time of the last event handled (hours) and whether time never went backwards.
    pub clock: f64,
    pub clock_monotone: bool,
    /// False once a unit's places held (on the books, minus leavers finishing a last case
    /// and those ordered away, plus ordered in) exceeded its positions at a month end.
    pub within_positions: bool,
    /// Measured-window tallies per case class (see `unit_kpis.rs`).
    pub class_totals: Vec<super::unit_kpis::UnitTotals>,
    /// Capacity shocks of each unit in this replication (see `shock.rs`).
    pub capacity_windows: Vec<Vec<super::shock::CapacityWindow>>,
    /// True when some unit has a capacity shock in this replication.
    pub capacity_shocked: bool,
}

fn uniform(rng: &mut StreamRng, range: [f64; 2]) -> f64 {
    range[0] + (range[1] - range[0]) * rng.random::<f64>()
}

fn pick(cumulative: &[(u16, f64)], u: f64, fallback: u16) -> u16 {
    cumulative
        .iter()
        .find(|(_, c)| u <= *c)
        .or(cumulative.last())
        .map(|(f, _)| *f)
        .unwrap_or(fallback)
}

impl<'m> World<'m> {
    pub fn new(model: &'m Model, seed: u64, replication: u64, support: Support) -> World<'m> {
        let rng = |family, index| stream_rng(seed, replication, stream::id(family, index));
        let streams = (0..model.classes.len())
            .map(|c| ClassStreams {
                arrivals: rng(stream::ARRIVALS, c),
                cases: rng(stream::CASES, c),
            })
            .collect();
        let n_units = model.units.len();
        let capacity_windows = super::shock::capacity_windows(model, seed, replication);
        let mut world = World {
            model,
            seed,
            replication,
            units: (0..n_units).map(|_| Unit::default()).collect(),
            staff: Vec::new(),
            person_rng: Vec::new(),
            waiting: WaitingCases::default(),
            streams,
            arrival_lanes: Vec::new(),
            clocks: Vec::new(),
            induced: (0..n_units).map(|u| rng(stream::INDUCED, u)).collect(),
            hiring: (0..n_units).map(|u| rng(stream::HIRING, u)).collect(),
            orders: Vec::new(),
            requests: Vec::new(),
            support,
            support_units: vec![true; n_units],
            month: 0,
            cells: vec![MonthCell::default(); n_units * model.months],
            cell_base: 0,
            wait_days: LogHistogram::new(),
            resolution_days: LogHistogram::new(),
            transfer_log: Vec::new(),
            joined: 0,
            left: 0,
            headcount_conserved: true,
            vacancies_pending: vec![0; n_units],
            backfills_pending: vec![Vec::new(); n_units],
            loans: Vec::new(),
            review_moves: 0,
            review: model.scenario.review.clone(),
            reviews: 0,
            clock: 0.0,
            clock_monotone: true,
            within_positions: true,
            class_totals: vec![Default::default(); model.classes.len()],
            capacity_shocked: capacity_windows.iter().any(|w| !w.is_empty()),
            capacity_windows,
        };
        world.populate();
        world
    }

    /// Creates the initial staff: listed people as given, counts drawn from the workforce
    /// ranges (from one stream, so every policy starts with the same people).
    fn populate(&mut self) {
        let model = self.model;
        let wf = &model.scenario.workforce;
        let hpy = model.hours_per_year;
        let mut rng = stream_rng(
            self.seed,
            self.replication,
            stream::id(stream::POPULATION, 0),
        );
        for (ui, u) in model.units.iter().enumerate() {
            if u.people.is_empty() {
                let ages = wf
                    .age_range
                    .unwrap_or([wf.hiring.age_range[0], u.retirement_age]);
                let first_contract = u.initial_staff.saturating_sub(u.contract_staff);
                for i in 0..u.initial_staff {
                    let drawn = pick(&u.staff_fields, rng.random::<f64>(), u.field);
                    // One of each required profession first (the puskesmas's doctor), so
                    // that its absence is an outcome, not an accident of the draw.
                    let field = u.requires.get(i as usize).copied().unwrap_or(drawn);
                    let age = uniform(&mut rng, ages);
                    let years_at_post = (rng.random::<f64>() * wf.initial_years_at_post_max)
                        .min((age - 20.0).max(0.0));
                    let extra_service = rng.random::<f64>() * (age - 20.0 - years_at_post).max(0.0);
                    let z_perf: f64 = StandardNormal.sample(&mut rng);
                    let z_trait: f64 = StandardNormal.sample(&mut rng);
                    self.add_person(
                        ui,
                        Newcomer {
                            field,
                            home_region: u.region,
                            age,
                            arrived_at: -years_at_post * hpy,
                            hired_at: -(years_at_post + extra_service) * hpy,
                            performance: (1.0 + wf.performance_sd * z_perf).clamp(0.5, 1.5),
                            resistance: wf.resistance_sd * z_trait,
                            experienced: true,
                            contract: i >= first_contract,
                        },
                    );
                }
            } else {
                for p in &u.people {
                    let field = p
                        .field
                        .as_deref()
                        .and_then(|f| model.field_id(f))
                        .unwrap_or(u.field);
                    let home = p
                        .home_region
                        .as_deref()
                        .and_then(|r| model.regions.iter().position(|x| x == r))
                        .map(|r| r as u16)
                        .or(u.region);
                    // Years at post left out: drawn as for generated staff, and the person is
                    // taken to be experienced at the post (no learning ramp).
                    let (years_at_post, experienced) = match p.years_at_post {
                        Some(y) => (y, false),
                        None => (
                            (rng.random::<f64>() * wf.initial_years_at_post_max)
                                .min((p.age - 20.0).max(0.0)),
                            true,
                        ),
                    };
                    let service = p.years_of_service.unwrap_or(years_at_post + 10.0);
                    self.add_person(
                        ui,
                        Newcomer {
                            field,
                            home_region: home,
                            age: p.age,
                            arrived_at: -years_at_post * hpy,
                            hired_at: -service.max(years_at_post) * hpy,
                            performance: p.performance,
                            resistance: p.resistance,
                            experienced,
                            contract: !p.category.is_civil_servant(),
                        },
                    );
                }
            }
        }
    }

    /// Adds a person, present and idle at `unit`, settled on the learning ramp from
    /// `arrived_at` (or past it when experienced).
    pub fn add_person(&mut self, unit: usize, who: Newcomer) -> usize {
        let id = self.staff.len();
        let rng = |family| stream_rng(self.seed, self.replication, stream::id(family, id));
        self.person_rng.push(PersonStreams {
            absence: rng(stream::ABSENCE),
            attrition: rng(stream::ATTRITION),
            resist: rng(stream::RESIST),
            requests: rng(stream::REQUESTS),
        });
        let now = who.arrived_at.max(0.0);
        let hpy = self.model.hours_per_year;
        self.staff.push(Staff::new(id, unit, &who, now, hpy));
        self.settle(id, unit, who.arrived_at, false);
        if who.experienced {
            self.staff[id].ramp_r0 = 1.0;
        }
        self.accrue(unit, now);
        let u = &mut self.units[unit];
        u.present += 1;
        u.assigned += 1;
        u.idle.push_back(id as u32);
        self.joined += 1;
        id
    }

    /// Sets fit and learning ramp for a person starting at `unit` at time `at`.
    pub fn settle(&mut self, id: usize, unit: usize, at: f64, trained: bool) {
        let model = self.model;
        let k = &model.scenario.competence;
        let l = &model.scenario.learning;
        let unit_field = model.units[unit].field;
        let p = &mut self.staff[id];
        let class = model.fit_class(p.field, unit_field);
        // Distinct fields served; where rotation between posts builds breadth (health
        // rotation "to learn in different positions"), each earlier post in this field too.
        let mut breadth_count = p.fields_served(unit_field);
        if model.breadth_across_posts[unit_field as usize] {
            breadth_count += p.served.iter().filter(|(f, _)| *f == unit_field).count();
        }
        let breadth = if p.performance() >= k.breadth_bonus_min_performance {
            (k.breadth_bonus_per_field * (breadth_count - 1) as f64).min(k.breadth_bonus_cap)
        } else {
            0.0
        };
        p.set_fit(model.fit(p.field, unit_field) * (1.0 + breadth));
        // Experience in the unit's field decays geometrically while away.
        let retained = p
            .served
            .iter()
            .filter(|(f, _)| *f == unit_field)
            .map(|(_, left)| {
                let months_away = ((at - left) / model.hours_per_month).max(0.0);
                l.retention_per_month.powf(months_away)
            })
            .fold(0.0, f64::max);
        let r0 = if trained {
            l.r0_trained
        } else if class == 2 {
            l.r0_unrelated
        } else {
            l.r0
        };
        p.ramp_r0 = r0 + (1.0 - r0) * retained;
        p.ramp_tau_hours =
            l.tau_months * l.tau_factor_by_fit[class as usize] * model.hours_per_month;
        p.arrived_at = at;
    }

    /// Speed of a person now: performance x fit x learning ramp x fatigue x burnout x
    /// morale.
    #[inline]
    pub fn productivity(&self, id: usize, now: f64) -> f64 {
        if !self.model.dynamics {
            return 1.0;
        }
        let p = &self.staff[id];
        let s = &self.model.scenario;
        let burnout = if p.burned_out {
            s.stress.burnout_productivity
        } else {
            1.0
        };
        let fatigue = 1.0 - s.stress.fatigue * p.stress;
        let morale = 1.0 - s.morale.productivity_weight * (1.0 - p.morale);
        (p.performance_x_fit() * p.ramp(now) * fatigue * burnout * morale).max(1e-3)
    }

    /// Reads into cache the person the coming `event` is about, in a large organisation
    /// where people's records are far apart (benches/README.md, scale): the person of a
    /// completion, or the one an arrival will go to (its unit's longest idle). A load whose
    /// value nothing waits for, which the processor overlaps with the event in hand.
    #[inline(always)]
    pub fn warm_for(&self, event: &Event) {
        let id = match *event {
            Event::Completion { staff } => staff,
            Event::Arrival { class } => {
                let unit = self.model.classes.get(class as usize).map(|c| c.unit);
                match unit.and_then(|u| self.units.get(u)?.idle.front()) {
                    Some(&id) => id,
                    None => return,
                }
            }
            _ => return,
        };
        std::hint::black_box(self.staff.get(id as usize).map(|p| p.unit));
    }

    /// The current month's cell of `unit` (the last month's after the horizon).
    #[inline]
    pub fn cell(&mut self, unit: usize) -> &mut MonthCell {
        &mut self.cells[self.cell_base + unit]
    }

    /// The cell of `unit` in `month` (the last month's for a month past the horizon).
    pub fn cell_at(&self, unit: usize, month: usize) -> &MonthCell {
        &self.cells[month.min(self.model.months - 1) * self.units.len() + unit]
    }

    /// Moves on to the next month's cells (they stay at the last month after the horizon).
    pub fn next_month(&mut self) {
        self.month += 1;
        self.cell_base = self.month.min(self.model.months - 1) * self.units.len();
    }

    /// The month cells unit by unit (`[unit * months + month]`), as the results expect.
    pub fn cells_by_unit(&self) -> Vec<MonthCell> {
        let (units, months) = (self.units.len(), self.model.months);
        let mut out = Vec::with_capacity(self.cells.len());
        for u in 0..units {
            out.extend((0..months).map(|m| self.cells[m * units + u]));
        }
        out
    }

    /// Accrues the unit's time integrals up to `now` before a level changes.
    #[inline]
    pub fn accrue(&mut self, unit: usize, now: f64) {
        self.units[unit].accrue(now, &mut self.cells[self.cell_base + unit]);
    }

    /// A present, idle person stops being available (absence, transit, exit).
    pub fn leave_presence(&mut self, id: usize, now: f64) {
        let unit = self.staff[id].unit as usize;
        self.accrue(unit, now);
        self.staff[id].accrue(now);
        let u = &mut self.units[unit];
        u.present -= 1;
        if let Some(pos) = u.idle.iter().position(|&s| s as usize == id) {
            u.idle.remove(pos);
        }
    }

    /// Starts an absence spell for a present, idle person.
    pub fn go_absent(&mut self, id: usize, now: f64) {
        self.leave_presence(id, now);
        let unit = self.staff[id].unit as usize;
        self.units[unit].absent += 1;
        self.staff[id].status = Status::Absent;
    }

    /// Ends an absence spell: the person is back and takes work.
    pub fn return_present(&mut self, cal: &mut Calendar<Event>, id: usize, now: f64) {
        let unit = self.staff[id].unit as usize;
        self.accrue(unit, now);
        self.staff[id].accrue(now);
        let u = &mut self.units[unit];
        u.absent -= 1;
        u.present += 1;
        self.staff[id].status = Status::Present;
        self.start_next_case(cal, now, id);
    }

    /// Takes a person off the books of their unit (for transit or exit). Present people must
    /// be idle.
    pub fn leave_unit(&mut self, id: usize, now: f64) {
        let unit = self.staff[id].unit as usize;
        match self.staff[id].status {
            Status::Present => self.leave_presence(id, now),
            Status::Absent => {
                self.accrue(unit, now);
                self.units[unit].absent -= 1;
            }
            Status::InTransit | Status::Gone => return,
        }
        self.units[unit].assigned -= 1;
    }

    /// Next present period before an absence spell (hours), from the person's own stream.
    /// Burnout raises a person's absence; an allowance paid conditional on presence removes
    /// part of a unit's extra absence.
    pub fn present_period(&mut self, id: usize) -> f64 {
        let model = self.model;
        let unit = self.staff[id].unit as usize;
        let u = &model.units[unit];
        let burned = self.staff[id].burned_out;
        let conditional = self.support.allowance_conditional_on_presence
            && self.support_units[unit]
            && self.support.allowance_premium[u.remoteness.min(2) as usize] > 0.0;
        let mean = if !burned && !conditional {
            u.present_mean_hours
        } else {
            let s = &model.scenario;
            let mut factor = u.absence_factor;
            if conditional && factor > 1.0 {
                factor = 1.0 + (factor - 1.0) * (1.0 - s.retention.conditional_attendance_effect);
            }
            if burned {
                factor *= s.stress.burnout_absence_factor;
            }
            model.absence.present_mean_hours(s, factor)
        };
        let e: f64 = Exp1.sample(&mut self.person_rng[id].absence);
        e * mean
    }

    /// Length of the next absence spell (hours): kind by frequency, exponential length.
    pub fn spell_length(&mut self, id: usize) -> f64 {
        let rng = &mut self.person_rng[id].absence;
        let u: f64 = rng.random();
        let e: f64 = Exp1.sample(rng);
        let mean = self
            .model
            .absence_spells
            .iter()
            .find(|(c, _)| u <= *c)
            .or(self.model.absence_spells.last())
            .map(|(_, m)| *m)
            .unwrap_or(0.0);
        e * mean
    }

    /// Schedules the first absence spell of a person, if absence is modelled.
    pub fn start_absence_cycle(&mut self, cal: &mut Calendar<Event>, id: usize, now: f64) {
        if self.model.absence_spells.is_empty() {
            return;
        }
        let gap = self.present_period(id);
        if gap.is_finite() {
            cal.schedule_at(now + gap, Event::AbsenceStart { staff: id as u32 });
        }
    }
}
