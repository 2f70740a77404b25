//! A scenario compiled for simulation: names interned to indices, rate tables and samplers
//! built once, shared read-only by every replication.

use std::collections::HashMap;

use crate::scenario::{COMPLAINT_CLASS, ClassView, Distribution, PersonSpec, Scenario};

use super::demand::monthly_rates;
use super::result::MonthCell;
use super::series_rows::{SeriesRow, SeriesScope, series_rows};
use super::work::Duration;

/// One case class of one unit, ready to simulate.
#[derive(Debug, Clone)]
#[repr(C)]
pub struct ClassModel {
    // What an arrival and a completion read comes first (`repr(C)`).
    /// Index of the unit it arrives at.
    pub unit: usize,
    /// SLA (working hours from arrival to completion).
    pub sla_hours: f64,
    /// Probability of complaining after [`ClassModel::complaint_after_hours`].
    pub complaint_prob: f64,
    /// Waits and resolution times of its cases enter the histograms from here (hours): the
    /// measured window's start where its unit has an SLA, infinity elsewhere.
    pub sla_from_hours: f64,
    /// The class is tallied on its own from here (hours): the measured window's start for a
    /// class sharing its unit ([`Model::class_shares_unit`]), infinity for a unit's only
    /// class, whose totals are its unit's (from the month cells, at the end).
    pub tally_from_hours: f64,
    /// Work content (hours at productivity 1).
    pub work: Duration,
    /// How long its cases wait before giving up.
    pub patience: Patience,
    /// True for the class that counts as complaints.
    pub is_complaint: bool,
    /// Wait (hours) after which a case may complain.
    pub complaint_after_hours: f64,
    /// Class name (`request`, `complaint`, ...).
    pub name: String,
    /// Arrival rate per working hour of each month (the arrival draw uses
    /// [`Model::mean_gap_hours`]).
    pub rates_per_hour: Vec<f64>,
}

/// How a class's waiting cases give up.
#[derive(Debug, Clone)]
pub enum Patience {
    /// They never do.
    Unlimited,
    /// Exponential patience with this mean (hours): one abandonment clock for the class.
    Memoryless {
        /// Mean patience (hours).
        mean_hours: f64,
    },
    /// Any other patience distribution (hours): a timer per waiting case.
    Timed(Duration),
}

/// One unit, ready to simulate.
#[derive(Debug, Clone)]
pub struct UnitModel {
    /// Unit name.
    pub name: String,
    /// Competence field (index into [`Model::fields`]).
    pub field: u16,
    /// How the unit's work is done (queued service or timetabled sessions).
    pub kind: crate::scenario::UnitKind,
    /// 0 urban, 1 rural, 2 remote.
    pub remoteness: u8,
    /// Region (index into [`Model::regions`]), if any.
    pub region: Option<u16>,
    /// Authorised headcount.
    pub positions: u32,
    /// Staff at the start.
    pub initial_staff: u32,
    /// Named people at the start (empty = generate `initial_staff`).
    pub people: Vec<PersonSpec>,
    /// Field mix of generated staff as (field, cumulative weight); empty = unit's field.
    pub staff_fields: Vec<(u16, f64)>,
    /// Fields of which someone must be present (indices into [`Model::fields`]).
    pub requires: Vec<u16>,
    /// Field mix of hires into this unit as (field, cumulative weight); empty = the
    /// organisation's mix ([`Model::hire_fields`]).
    pub hire_fields: Vec<(u16, f64)>,
    /// Teachers the standard gives per subject group as (field, teachers): the school's
    /// `subject_need` shares of `students ÷ students_per_teacher`; empty = not checked.
    pub subject_need: Vec<(u16, f64)>,
    /// Students enrolled (0 = not a school).
    pub students: u32,
    /// Standard students per teacher of the school.
    pub students_per_teacher: f64,
    /// Generated staff who are contract staff (people): the last ones generated.
    pub contract_staff: u32,
    /// Minimum years at post before moving away.
    pub min_years_at_post: f64,
    /// Mean present period between absence spells (hours).
    pub present_mean_hours: f64,
    /// Multiplier of absence days here (1 = the organisation's absence).
    pub absence_factor: f64,
    /// Retirement age of the posts here (years).
    pub retirement_age: f64,
    /// Indices into [`Model::classes`].
    pub classes: std::ops::Range<usize>,
    /// Index of its complaint class, if it has one.
    pub complaint_class: Option<usize>,
}

/// The compiled scenario.
#[derive(Debug, Clone)]
pub struct Model {
    /// The validated scenario it was built from.
    pub scenario: Scenario,
    /// Working hours per day.
    pub hours_per_day: f64,
    /// Working hours per month.
    pub hours_per_month: f64,
    /// `1 / hours_per_month`, so the hot path multiplies instead of dividing.
    pub months_per_hour: f64,
    /// Working hours per year.
    pub hours_per_year: f64,
    /// Simulated length (hours).
    pub horizon_hours: f64,
    /// Whole months simulated (the last may be partial).
    pub months: usize,
    /// First month counted in statistics (warm-up rounded to whole months).
    pub first_measured_month: usize,
    /// Competence fields by index.
    pub fields: Vec<String>,
    /// Regions by index.
    pub regions: Vec<String>,
    /// Mean hours between arrivals, `[month * classes + class]` (`1 / rate`, infinite for a
    /// zero rate): the arrival draw multiplies by it instead of dividing by the rate, and a
    /// month's gaps of all classes lie side by side.
    pub mean_gap_hours: Vec<f64>,
    /// Units in scenario order.
    pub units: Vec<UnitModel>,
    /// Case classes of all units, unit by unit.
    pub classes: Vec<ClassModel>,
    /// Fit class (0 same, 1 related, 2 unrelated) by `[person field][unit field]`.
    fit_class: Vec<Vec<u8>>,
    /// Absence spell kinds as (cumulative probability, mean length in hours).
    pub absence_spells: Vec<(f64, f64)>,
    /// New hires' field mix as (field, cumulative weight); empty = the unit's field.
    pub hire_fields: Vec<(u16, f64)>,
    /// By field: true if rotation between posts of this unit field builds breadth
    /// (`competence.breadth_across_posts`).
    pub breadth_across_posts: Vec<bool>,
    /// The absence cycle of a person at absence factor 1 (present periods between spells).
    pub(crate) absence: AbsenceCycle,
    /// Clock-hour multiplier of a person working the most overtime (1 + overtime share of a
    /// standard week).
    pub overtime_factor: f64,
    /// Share of present time a person at the workload analysis's standard is busy: the
    /// effective FTE year (1,250 h) over the hours a person is present in a year (working
    /// hours less the organisation's absence). A person's load is their busy share of present
    /// time (weighted by pace) over this, so a month without leave is no heavier than one
    /// with it.
    pub standard_occupancy: f64,
    /// Record every transfer order in the result (for `transfers.csv`).
    pub log_transfers: bool,
    /// People learn, tire, fall ill, leave and are replaced (false: plain servers).
    pub dynamics: bool,
    /// Which units have a monthly series row ([`Model::set_series_scope`]).
    pub series_scope: SeriesScope,
    /// The monthly series rows, the whole organisation last.
    pub series_rows: Vec<SeriesRow>,
}

/// Rough size of an experiment, for resource guards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResourceEstimate {
    /// Events expected in all.
    pub events: f64,
    /// Peak memory expected (bytes).
    pub memory_bytes: f64,
}

/// A scenario that passed validation but could not be compiled or written back (a bug, not a
/// user error: validation rejects each of these first).
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A unit or person names a region that `[geography]` does not list.
    #[error("cannot build the model: {path} names the unknown region '{region}'")]
    UnknownRegion {
        /// Field path of the name (`units[2].region`).
        path: String,
        /// The region named.
        region: String,
    },
    /// A case class without its demand, service or SLA.
    #[error("cannot build the model: {path} has no demand, service or sla_days")]
    IncompleteClass {
        /// Field path of the class (`units[2]` or `units[2].cases[0]`).
        path: String,
    },
    /// A duration distribution the sampler refuses.
    #[error("cannot build the model: {path}: {source}")]
    Distribution {
        /// Field path of the distribution (`units[2].service`).
        path: String,
        /// The distribution and the sampler's reason.
        source: super::work::SamplerError,
    },
    /// The scenario could not be written back as TOML (for shard and checkpoint files).
    #[error("cannot write the scenario as TOML: {message}")]
    Serialize {
        /// The serializer's reason.
        message: String,
    },
}

/// Working days in a week (Perpres 21/2023: a five-day week \[R22\]).
pub const DAYS_PER_WEEK: f64 = 5.0;

/// Names interned to indices in order of first use.
#[derive(Default)]
struct Interner(Vec<String>, HashMap<String, u16>);

impl Interner {
    fn id(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.1.get(name) {
            return i;
        }
        let i = self.0.len() as u16;
        self.0.push(name.to_string());
        self.1.insert(name.to_string(), i);
        i
    }
}

fn cumulative(weights: impl Iterator<Item = (u16, f64)>) -> Vec<(u16, f64)> {
    let mut acc = 0.0;
    let mut out: Vec<(u16, f64)> = weights
        .map(|(f, w)| {
            acc += w.max(0.0);
            (f, acc)
        })
        .collect();
    if acc > 0.0 {
        for (_, c) in &mut out {
            *c /= acc;
        }
    } else {
        out.clear();
    }
    out
}

/// Absence as an alternation of present periods and spells, so that the expected absent
/// share per year equals the configured days.
#[derive(Debug, Clone)]
pub(crate) struct AbsenceCycle {
    /// Spell kinds as (cumulative probability, mean length in hours).
    spells: Vec<(f64, f64)>,
    /// Spells per person and year (all kinds).
    spells_per_year: f64,
    /// Absent days per person and year (all kinds).
    absent_days: f64,
}

impl AbsenceCycle {
    fn new(scenario: &Scenario) -> AbsenceCycle {
        let kinds = &scenario.absence.kinds;
        let hours_per_day = scenario.calendar.hours_per_day;
        let spells_per_year: f64 = kinds.iter().map(|k| k.days_per_year / k.spell_days).sum();
        let mut acc = 0.0;
        let spells = kinds
            .iter()
            .map(|k| {
                acc += k.days_per_year / k.spell_days / spells_per_year;
                (acc, k.spell_days * hours_per_day)
            })
            .collect();
        AbsenceCycle {
            spells,
            spells_per_year,
            absent_days: kinds.iter().map(|k| k.days_per_year).sum(),
        }
    }

    /// Mean present period (hours) between spells of a person whose absence is
    /// `absence_factor` times the organisation's (infinite when nobody is ever absent).
    pub(crate) fn present_mean_hours(&self, scenario: &Scenario, absence_factor: f64) -> f64 {
        let cal = &scenario.calendar;
        if self.spells_per_year > 0.0 && absence_factor > 0.0 {
            let spells = self.spells_per_year * absence_factor;
            let present_days = cal.days_per_year - self.absent_days * absence_factor;
            (present_days / spells * cal.hours_per_day).max(0.0)
        } else {
            f64::INFINITY
        }
    }
}

/// One case class of unit `unit`, ready to simulate.
fn class_model(
    unit: usize,
    v: &ClassView<'_>,
    months: usize,
    hours_per_day: f64,
) -> Result<ClassModel, ModelError> {
    let (Some(demand), Some(service), Some(sla)) = (v.demand, v.service, v.sla_days) else {
        return Err(ModelError::IncompleteClass {
            path: v.path.clone(),
        });
    };
    let duration = |d: &Distribution, name: &str| {
        Duration::new(d).map_err(|source| ModelError::Distribution {
            path: format!("{}.{name}", v.path),
            source,
        })
    };
    let rates = monthly_rates(demand, months, hours_per_day);
    Ok(ClassModel {
        unit,
        name: v.class.to_string(),
        is_complaint: v.class == COMPLAINT_CLASS,
        sla_hours: sla * hours_per_day,
        // Set once the units are known (`Model::with_class_windows`).
        sla_from_hours: f64::INFINITY,
        tally_from_hours: f64::INFINITY,
        work: duration(service, "service")?,
        patience: match v.patience {
            None => Patience::Unlimited,
            Some(&Distribution::Exponential { mean_hours }) => Patience::Memoryless { mean_hours },
            Some(d) => Patience::Timed(duration(d, "patience")?),
        },
        complaint_after_hours: v.complaint_after_days * hours_per_day,
        complaint_prob: v.complaint_prob,
        rates_per_hour: rates,
    })
}

/// Fit class (0 same, 1 related, 2 unrelated) by `[person field][unit field]` of `n` fields.
fn fit_classes(n: usize, related: &[(u16, u16)]) -> Vec<Vec<u8>> {
    let mut fit_class = vec![vec![2u8; n]; n];
    for (i, row) in fit_class.iter_mut().enumerate() {
        row[i] = 0;
    }
    for &(a, b) in related {
        if a != b {
            fit_class[a as usize][b as usize] = 1;
            fit_class[b as usize][a as usize] = 1;
        }
    }
    fit_class
}

impl Model {
    /// Compiles a validated scenario.
    pub fn new(scenario: &Scenario) -> Result<Model, ModelError> {
        let cal = &scenario.calendar;
        let months = scenario.months();
        // Fields get their indices in order of first use: units (own field, staff mix,
        // people), then hiring, then related pairs.
        let mut fields = Interner::default();
        let absence = AbsenceCycle::new(scenario);
        let mut units = Vec::with_capacity(scenario.units.len());
        let mut classes = Vec::new();
        for (ui, u) in scenario.units.iter().enumerate() {
            let first = classes.len();
            let mut complaint_class = None;
            for v in u.class_views(&format!("units[{ui}]")) {
                let class = class_model(ui, &v, months, cal.hours_per_day)?;
                if class.is_complaint {
                    complaint_class = Some(classes.len());
                }
                classes.push(class);
            }
            let mut unit = Model::unit_model(scenario, ui, &mut fields, &absence)?;
            unit.classes = first..classes.len();
            unit.complaint_class = complaint_class;
            units.push(unit);
        }
        let hire_fields = &scenario.workforce.hiring.fields;
        let hire_fields = cumulative(hire_fields.iter().map(|(f, w)| (fields.id(f), *w)));
        let related: Vec<(u16, u16)> = scenario
            .competence
            .related
            .iter()
            .map(|[a, b]| (fields.id(a), fields.id(b)))
            .collect();
        Ok(Model {
            scenario: scenario.clone(),
            hours_per_day: cal.hours_per_day,
            hours_per_month: cal.hours_per_month(),
            months_per_hour: 1.0 / cal.hours_per_month(),
            hours_per_year: cal.hours_per_year(),
            horizon_hours: scenario.horizon_hours(),
            months,
            first_measured_month: ((scenario.warmup_years * 12.0).round() as usize)
                .min(months.saturating_sub(1)),
            fit_class: fit_classes(fields.0.len(), &related),
            breadth_across_posts: fields
                .0
                .iter()
                .map(|f| scenario.competence.breadth_across_posts.contains(f))
                .collect(),
            fields: fields.0,
            regions: scenario.geography.regions.clone(),
            units,
            mean_gap_hours: (0..months)
                .flat_map(|m| {
                    classes
                        .iter()
                        .map(move |c| c.rates_per_hour.get(m).map_or(f64::INFINITY, |r| 1.0 / r))
                })
                .collect(),
            classes,
            absence_spells: if scenario.staff_dynamics {
                absence.spells.clone()
            } else {
                Vec::new()
            },
            hire_fields,
            overtime_factor: 1.0
                + scenario.workpace.overtime_hours_per_week / (DAYS_PER_WEEK * cal.hours_per_day),
            standard_occupancy: {
                let present_days = (cal.days_per_year - absence.absent_days).max(0.0);
                let present_hours = present_days * cal.hours_per_day;
                (scenario.workload.effective_hours_per_fte_year / present_hours).clamp(1e-9, 1.0)
            },
            absence,
            log_transfers: false,
            dynamics: scenario.staff_dynamics,
            series_scope: SeriesScope::Auto,
            series_rows: Vec::new(),
        }
        .with_class_windows()
        .with_series_scope(SeriesScope::Auto))
    }

    /// The model with each case class's measured-window times set (see
    /// [`ClassModel::sla_from_hours`] and [`ClassModel::tally_from_hours`]).
    fn with_class_windows(mut self) -> Model {
        let measured_from = self.first_measured_month as f64 * self.hours_per_month;
        let from = |yes: bool| if yes { measured_from } else { f64::INFINITY };
        for c in 0..self.classes.len() {
            let has_sla = self.units[self.classes[c].unit].kind.has_sla();
            let shares = self.class_shares_unit(c);
            let class = &mut self.classes[c];
            class.sla_from_hours = from(has_sla);
            class.tally_from_hours = from(shares);
        }
        self
    }

    /// The model with monthly series rows for the units `scope` selects.
    pub fn with_series_scope(mut self, scope: SeriesScope) -> Model {
        self.set_series_scope(scope);
        self
    }

    /// Keeps monthly series rows for the units `scope` selects (see [`SeriesScope`]).
    pub fn set_series_scope(&mut self, scope: SeriesScope) {
        self.series_scope = scope;
        self.series_rows = series_rows(self, scope);
    }

    /// Unit `ui` of the scenario, its classes not yet attached.
    fn unit_model(
        scenario: &Scenario,
        ui: usize,
        fields: &mut Interner,
        absence: &AbsenceCycle,
    ) -> Result<UnitModel, ModelError> {
        let u = &scenario.units[ui];
        let field = fields.id(&u.field);
        let staff_fields = cumulative(u.staff_fields.iter().map(|(f, w)| (fields.id(f), *w)));
        let hire_fields = cumulative(u.hire_fields.iter().map(|(f, w)| (fields.id(f), *w)));
        let standard_teachers = f64::from(u.students) / u.students_per_teacher;
        let weight: f64 = u.subject_need.values().sum();
        let subject_need = u
            .subject_need
            .iter()
            .map(|(f, w)| (fields.id(f), standard_teachers * w / weight))
            .collect();
        for f in u.people.iter().filter_map(|p| p.field.as_ref()) {
            fields.id(f);
        }
        let region = match &u.region {
            None => None,
            Some(name) => Some(
                scenario
                    .geography
                    .regions
                    .iter()
                    .position(|r| r == name)
                    .ok_or_else(|| ModelError::UnknownRegion {
                        path: format!("units[{ui}].region"),
                        region: name.clone(),
                    })? as u16,
            ),
        };
        Ok(UnitModel {
            name: u.name.clone(),
            field,
            kind: u.kind,
            remoteness: u.remoteness,
            region,
            positions: u.positions,
            initial_staff: u.initial_staff(),
            people: u.people.clone(),
            staff_fields,
            requires: u.requires.iter().map(|f| fields.id(f)).collect(),
            hire_fields,
            subject_need,
            students: u.students,
            students_per_teacher: u.students_per_teacher,
            contract_staff: (u.contract_share * u.initial_staff() as f64).round() as u32,
            min_years_at_post: u
                .min_years_at_post
                .unwrap_or(scenario.transfers.min_years_at_post),
            present_mean_hours: absence.present_mean_hours(scenario, u.absence_factor),
            absence_factor: u.absence_factor,
            retirement_age: u
                .retirement_age
                .unwrap_or(scenario.workforce.retirement_age),
            classes: 0..0,
            complaint_class: None,
        })
    }

    /// Index of a field name, if any unit or person uses it.
    pub fn field_id(&self, name: &str) -> Option<u16> {
        self.fields.iter().position(|f| f == name).map(|i| i as u16)
    }

    /// Fit class of a person's field at a unit's field: 0 same, 1 related, 2 unrelated.
    pub fn fit_class(&self, person_field: u16, unit_field: u16) -> u8 {
        self.fit_class[person_field as usize][unit_field as usize]
    }

    /// True for a case class that shares its unit with others, so its totals need a tally of
    /// their own; a unit's only class takes its unit's totals (from the month cells).
    pub fn class_shares_unit(&self, class: usize) -> bool {
        self.classes
            .get(class)
            .and_then(|c| self.units.get(c.unit))
            .is_some_and(|u| u.classes.len() > 1)
    }

    /// True for an outside pool (the rest of the city or province): no demand, left out of
    /// organisation KPIs; people there work in their own field.
    pub fn is_pool(&self, unit: usize) -> bool {
        self.scenario
            .units
            .get(unit)
            .is_some_and(|u| u.kind == crate::scenario::UnitKind::Pool)
    }

    /// Fit (before the breadth bonus) of a person's field at a unit's field.
    pub fn fit(&self, person_field: u16, unit_field: u16) -> f64 {
        match self.fit_class(person_field, unit_field) {
            0 => 1.0,
            1 => self.scenario.competence.related_fit,
            _ => self.scenario.competence.unrelated_fit,
        }
    }

    /// Travel hours between two regions (0 when either is unknown).
    pub fn travel_hours(&self, from: Option<u16>, to: Option<u16>) -> f64 {
        match (from, to) {
            (Some(a), Some(b)) => self
                .scenario
                .geography
                .travel_hours
                .get(a as usize)
                .and_then(|row| row.get(b as usize))
                .copied()
                .unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// Workload-analysis required FTE of a month: standard work hours demanded, annualised,
    /// over the effective hours of one FTE (ABK, PermenPANRB 1/2020).
    pub fn required_fte(&self, c: &MonthCell) -> f64 {
        c.work_hours * 12.0 / self.scenario.workload.effective_hours_per_fte_year
    }

    /// Efficiency ratio EJ = required FTE / staff on the books (NaN with no staff).
    pub fn ej(&self, c: &MonthCell) -> f64 {
        if c.assigned_end > 0 {
            self.required_fte(c) / c.assigned_end as f64
        } else {
            f64::NAN
        }
    }

    /// Expected events and peak memory of an experiment with `policies` policies and
    /// `replications` replications each on `threads` worker threads: events are exogenous
    /// arrivals and their completions, absence spells (start and end) and month ends;
    /// memory (bytes) is the exact series sums per policy (running totals and the block
    /// being folded) for the model's [`series_rows`](Model::series_rows), one replication's
    /// series and state per thread, and the per-replication KPIs and unit totals kept. A rough guide (within a factor of about two), for resource guards.
    pub fn estimate(&self, policies: u64, replications: u64, threads: u64) -> ResourceEstimate {
        /// Bytes of one exact series cell (count, two exact sums and their limbs).
        const EXACT_CELL_BYTES: f64 = 200.0;
        /// Bytes per person and per waiting case of one replication's state.
        const STATE_BYTES: f64 = 256.0;
        let years = self.horizon_hours / self.hours_per_year;
        let staff: f64 = self.units.iter().map(|u| u.initial_staff as f64).sum();
        let spells_per_year: f64 = if self.absence_spells.is_empty() {
            0.0
        } else {
            self.scenario
                .absence
                .kinds
                .iter()
                .map(|k| k.days_per_year / k.spell_days)
                .sum()
        };
        let per_replication = 2.0 * self.expected_arrivals()
            + 2.0 * staff * spells_per_year * years
            + self.months as f64;
        let runs = policies as f64 * replications as f64;
        let series_cells =
            (crate::sim::Metric::COUNT * self.series_rows.len() * self.months) as f64;
        let per_thread = series_cells * 8.0
            + (self.units.len() * self.months) as f64 * STATE_BYTES
            + staff * STATE_BYTES
            + self.expected_arrivals() / self.months.max(1) as f64 * STATE_BYTES;
        // Per replication kept: its KPIs and its per-unit and per-class totals (three periods
        // per unit, one per class), which grow with replications x units.
        let totals = (3 * self.units.len() + self.classes.len()) * crate::sim::UnitTotals::COUNT;
        let memory = series_cells * EXACT_CELL_BYTES * 2.0 * policies as f64
            + threads as f64 * per_thread
            + runs * (crate::sim::Kpi::COUNT + totals) as f64 * 8.0;
        ResourceEstimate {
            events: per_replication * runs,
            memory_bytes: memory,
        }
    }

    /// Expected arrivals over the horizon, all classes (exogenous only).
    pub fn expected_arrivals(&self) -> f64 {
        self.classes
            .iter()
            .map(|c| c.rates_per_hour.iter().sum::<f64>() * self.hours_per_month)
            .sum()
    }
}
