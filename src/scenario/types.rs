//! The serde types of a scenario file. Every field has a doc comment with its unit; defaults
//! are functions next to the field so the scenario reference can cite them.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::Distribution;
use super::people::{
    AbsenceSpec, AttritionSpec, CompetenceSpec, LearningSpec, MoraleSpec, PersonSpec,
    RetentionSpec, StressSpec, WorkforceSpec, WorkpaceSpec,
};
use super::policies::{PolicySpec, ReviewSpec, default_baseline, default_policies};
use super::transfers::{CostSpec, GeographySpec, TransferSpec, WorkloadSpec};

/// A whole scenario: the organisation, its demand, and how to run the experiment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name used in output folders (defaults to the file name).
    #[serde(default)]
    pub name: String,
    /// One or two sentences for reports.
    #[serde(default)]
    pub description: String,
    /// Business-time calendar.
    #[serde(default)]
    pub calendar: CalendarSpec,
    /// Simulated length (years), in (0, 200].
    pub horizon_years: f64,
    /// Initial period excluded from every statistic (years), in [0, horizon_years).
    #[serde(default)]
    pub warmup_years: f64,
    /// The work units.
    pub units: Vec<UnitSpec>,
    /// Replications and seed.
    #[serde(default)]
    pub experiment: ExperimentSpec,
    /// `false` makes staff plain servers (productivity 1, no absence, stress, exits, hires or
    /// requests), for validation against queueing theory.
    #[serde(default = "yes")]
    pub staff_dynamics: bool,
    /// A staff roster CSV (path relative to the scenario file) giving every unit's people;
    /// see `docs/scenario.md` for its columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<String>,
    /// How generated staff and new hires are drawn, retirement, hiring.
    #[serde(default)]
    pub workforce: WorkforceSpec,
    /// Fit between fields.
    #[serde(default)]
    pub competence: CompetenceSpec,
    /// Learning ramp after a move.
    #[serde(default)]
    pub learning: LearningSpec,
    /// Absence spells.
    #[serde(default)]
    pub absence: AbsenceSpec,
    /// Stress and burnout.
    #[serde(default)]
    pub stress: StressSpec,
    /// How work gives way when it piles up: speed-up and overtime.
    #[serde(default)]
    pub workpace: WorkpaceSpec,
    /// What support measures change besides resistance: requests, resignations, attendance.
    #[serde(default)]
    pub retention: RetentionSpec,
    /// Resignations.
    #[serde(default)]
    pub attrition: AttritionSpec,
    /// Morale after contested transfers.
    #[serde(default)]
    pub morale: MoraleSpec,
    /// Transfer rules, delays and resistance.
    #[serde(default)]
    pub transfers: TransferSpec,
    /// Regions and travel times.
    #[serde(default)]
    pub geography: GeographySpec,
    /// Costs (Rp).
    #[serde(default)]
    pub costs: CostSpec,
    /// Workload analysis (ABK).
    #[serde(default)]
    pub workload: WorkloadSpec,
    /// When policies review the organisation.
    #[serde(default)]
    pub review: ReviewSpec,
    /// The policies to compare (default: the status quo alone).
    #[serde(default = "default_policies")]
    pub policies: Vec<PolicySpec>,
    /// The policy every other is compared with (default `status_quo`).
    #[serde(default = "default_baseline")]
    pub baseline: String,
    /// What is not known: a plausible range for assumed parameters (`--set` paths), for
    /// `mutasi robust`; ignored by every other command. See `docs/robust.md`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub uncertainty: BTreeMap<String, super::Uncertain>,
    /// What the brief leads with: the question, focus units, groups, headline KPIs.
    #[serde(default, skip_serializing_if = "super::report::ReportSpec::is_empty")]
    pub report: super::report::ReportSpec,
    /// The `--set PATH=VALUE` overrides applied when loading, as typed; filled by
    /// [`load`](super::load), never read from or written to a scenario file.
    #[serde(skip)]
    pub overrides: Vec<String>,
    /// Data files read while loading (rosters), as resolved against the scenario's folder;
    /// filled by [`load`](super::load), never read from or written to a scenario file.
    #[serde(skip)]
    pub data_files: Vec<std::path::PathBuf>,
}

/// Business-time calendar: the clock only counts working hours.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Working hours per day (default 7.5: 37.5 h/week over 5 days, Perpres 21/2023 \[R22\]).
    #[serde(default = "default_hours_per_day")]
    pub hours_per_day: f64,
    /// Working days per year (default 240; assumption between the 235 of PermenPANRB 1/2020
    /// \[R32\] and the 250 of the ABK tools \[R31\]).
    #[serde(default = "default_days_per_year")]
    pub days_per_year: f64,
}

fn default_hours_per_day() -> f64 {
    7.5
}
fn default_days_per_year() -> f64 {
    240.0
}

impl Default for CalendarSpec {
    fn default() -> Self {
        CalendarSpec {
            hours_per_day: default_hours_per_day(),
            days_per_year: default_days_per_year(),
        }
    }
}

impl CalendarSpec {
    /// Working days per month (a month is a twelfth of a year).
    pub fn days_per_month(&self) -> f64 {
        self.days_per_year / 12.0
    }
    /// Working hours per month.
    pub fn hours_per_month(&self) -> f64 {
        self.days_per_month() * self.hours_per_day
    }
    /// Working hours per year.
    pub fn hours_per_year(&self) -> f64 {
        self.days_per_year * self.hours_per_day
    }
}

/// A work unit: a service counter, a seksi, a school, a puskesmas.
///
/// A unit with one case class writes `demand`, `service` and `sla_days` directly; a unit with
/// several writes a `[[units.cases]]` table per class. Not both.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    /// Unique name.
    pub name: String,
    /// What the unit stands for and how its work is done: `service` (cases queue until
    /// served, the default), `timetabled` (sessions such as lessons happen at their time or are
    /// lost) or `pool` (the rest of the city or province, outside the modelled units).
    #[serde(default, skip_serializing_if = "UnitKind::is_service")]
    pub kind: UnitKind,
    /// Competence field the unit needs, e.g. `adminduk`, `health`, `education`.
    #[serde(default = "default_field")]
    pub field: String,
    /// 0 urban, 1 rural, 2 remote / hard to reach.
    #[serde(default)]
    pub remoteness: u8,
    /// Authorised headcount (people).
    pub positions: u32,
    /// Staff at the start (people), at most `positions`; generated from `staff_fields` and
    /// the `[workforce]` ranges. Omit when `people` (or the roster) lists them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<u32>,
    /// Field mix of generated staff (weights); empty = all in the unit's own field.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub staff_fields: BTreeMap<String, f64>,
    /// Share of the generated staff (`staff = N`) who are contract staff (honorer, GTT/PTT,
    /// PPPK), in [0, 1]: the last `round(share x N)` people generated. Default 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub contract_share: f64,
    /// Professions (fields) the unit must have someone of present, e.g. `["doctor"]` for a
    /// puskesmas; KPI `required_missing` counts the unit-months without one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Field mix (weights) of the civil servants and contract staff hired into this unit,
    /// e.g. nurses, midwives and doctors for a puskesmas; empty = `[workforce.hiring] fields`.
    /// A hire to a unit where a `requires` profession has nobody on the books is of that
    /// profession whatever the mix.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hire_fields: BTreeMap<String, f64>,
    /// Subject groups of the school's teachers (fields, e.g. `science`, `language`,
    /// `social`, `vocational`) as weights: each group's share of the teachers the standard
    /// gives (`students ÷ students_per_teacher`). Feeds KPI `subject_gap_vs_standard`;
    /// empty = subjects not checked. Needs `students`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub subject_need: BTreeMap<String, f64>,
    /// Students enrolled (a school); 0 = not a school. Feeds the student-teacher KPIs.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub students: u32,
    /// Standard students per teacher of the school (SMA 20, SMK 15: PP 74/2008 \[R140\]).
    #[serde(
        default = "default_students_per_teacher",
        skip_serializing_if = "is_default_students_per_teacher"
    )]
    pub students_per_teacher: f64,
    /// Named people at the start (instead of `staff = N`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonSpec>,
    /// Region (see `[geography]`); empty = no travel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Minimum years at post here, overriding `transfers.min_years_at_post` (e.g. 4 for
    /// teachers, PP 74/2008 Pasal 62(4) \[R19\]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_years_at_post: Option<f64>,
    /// Multiplier of absence days here (remote schools: one teacher in five absent \[R175\]).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub absence_factor: f64,
    /// Retirement age of the posts here (years), overriding `workforce.retirement_age`:
    /// 60 for teachers (UU 14/2005 Pasal 30(4) \[R172\]), 60 or 65 for senior functional posts
    /// (PP 11/2017 Pasal 239 \[R171\]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retirement_age: Option<f64>,
    /// Temporary falls of the unit's service capacity (a stoppage of a process step, e.g. the
    /// blank KTP-el card shortage \[R50\]\[R52\]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_shocks: Vec<CapacityShockSpec>,
    /// Single-class shorthand: the class name (default `request`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Single-class shorthand: service-level target (working days from arrival to completion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_days: Option<f64>,
    /// Single-class shorthand: arrivals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<DemandSpec>,
    /// Single-class shorthand: work content per case (hours at productivity 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<Distribution>,
    /// Single-class shorthand: patience before abandoning (working hours); none = never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience: Option<Distribution>,
    /// Single-class shorthand: see [`CaseClassSpec::complaint_after_days`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint_after_days: Option<f64>,
    /// Single-class shorthand: see [`CaseClassSpec::complaint_prob`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint_prob: Option<f64>,
    /// Case classes sharing the unit's FIFO queue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseClassSpec>,
}

/// A temporary fall of a unit's service capacity: every case started at the unit during
/// the shock takes `1 / multiplier` times as long (the productivity of its staff is
/// multiplied by `multiplier`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityShockSpec {
    /// Start: months from the start of the simulation (0 = at once; 14 = after 14 whole
    /// months).
    pub start_month: f64,
    /// Duration in working weeks (5 working days each): a number, or a range `[min, max]`
    /// drawn uniformly once per replication.
    pub weeks: ShockWeeks,
    /// Capacity multiplier during the shock, in (0, 1] (0.2 = a fifth of normal output).
    pub multiplier: f64,
}

/// Duration of a capacity shock (working weeks): fixed or drawn per replication.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ShockWeeks {
    /// Always this many weeks.
    Fixed(f64),
    /// Uniform on `[min, max]` weeks, drawn once per replication.
    Range([f64; 2]),
}

impl ShockWeeks {
    /// The range `[min, max]` (equal ends when fixed).
    pub fn range(self) -> [f64; 2] {
        match self {
            ShockWeeks::Fixed(w) => [w, w],
            ShockWeeks::Range(r) => r,
        }
    }
}

/// How a unit's work is done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// Cases wait in a FIFO queue until someone serves them (a counter, a seksi).
    #[default]
    Service,
    /// Sessions happen at their time (a lesson): delivered if a person is present and free,
    /// otherwise lost at once. No queue, no SLA, no resolution time, no complaints.
    Timetabled,
    /// The rest of the city or province outside the modelled units: no demand or queue of
    /// its own, holds people by field, and exchanges people with rotation and requests
    /// (see `sim::policy::pool`). Left out of every organisation KPI.
    Pool,
}

impl UnitKind {
    /// True for the default kind (omitted when writing a scenario).
    pub fn is_service(&self) -> bool {
        *self == UnitKind::Service
    }
    /// True when work that finds nobody free waits in a queue; false when it is lost at once.
    pub fn queues(self) -> bool {
        match self {
            UnitKind::Service | UnitKind::Pool => true,
            UnitKind::Timetabled => false,
        }
    }
    /// True when waiting times, resolution times and SLA compliance describe the unit's work.
    pub fn has_sla(self) -> bool {
        match self {
            UnitKind::Service => true,
            UnitKind::Timetabled | UnitKind::Pool => false,
        }
    }
}

fn yes() -> bool {
    true
}
fn one() -> f64 {
    1.0
}
fn is_one(x: &f64) -> bool {
    *x == 1.0
}
fn is_zero_u32(x: &u32) -> bool {
    *x == 0
}
/// SMA's minimum of 20 students per teacher (PP 74/2008 \[R140\]).
fn default_students_per_teacher() -> f64 {
    20.0
}
fn is_default_students_per_teacher(x: &f64) -> bool {
    *x == default_students_per_teacher()
}
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn default_field() -> String {
    "general".to_string()
}

/// The class name of induced complaints; a unit that can receive them needs a class of this name.
pub const COMPLAINT_CLASS: &str = "complaint";
/// The class name used when a single-class unit names none.
pub const DEFAULT_CLASS: &str = "request";

/// One kind of case arriving at a unit (a service request, a citizen complaint...).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseClassSpec {
    /// Class name, unique within the unit (`request`, `complaint`, ...).
    pub class: String,
    /// Service-level target (working days from arrival to completion), > 0.
    pub sla_days: f64,
    /// Arrivals.
    pub demand: DemandSpec,
    /// Work content per case (hours at productivity 1).
    pub service: Distribution,
    /// Patience before abandoning if not started (working hours); none = never abandons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience: Option<Distribution>,
    /// A case still waiting this long (working days) may file a complaint at its unit.
    #[serde(default = "default_complaint_after_days")]
    pub complaint_after_days: f64,
    /// Probability that a case waiting longer than `complaint_after_days` files a complaint,
    /// in [0, 1]; the complaint joins the unit's `complaint` class.
    #[serde(default)]
    pub complaint_prob: f64,
}

fn default_complaint_after_days() -> f64 {
    1.0
}

/// Poisson arrivals whose rate is piecewise constant per month:
/// `base_per_day x (1 + growth_per_year)^year x season[month] x shocks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandSpec {
    /// Arrivals per working day in year 0, >= 0. May be left out when `history` is given:
    /// loading fills it (and `growth_per_year`, `season`) from the fit; when both are given,
    /// the value written here wins and `mutasi fit` reports both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_per_day: Option<f64>,
    /// Monthly counts CSV (path relative to the scenario file) to estimate `base_per_day`,
    /// `growth_per_year` and `season` from; see `docs/scenario.md`. Resolved at load time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// Compound growth per year (0.05 = +5 % a year), > -1.
    #[serde(default)]
    pub growth_per_year: f64,
    /// Twelve multipliers, one per calendar month (empty = flat).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub season: Vec<f64>,
    /// Temporary multipliers (surges, shortages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shocks: Vec<ShockSpec>,
}

/// A temporary change of the arrival rate over `[start_year, end_year)`: the multiplier ramps
/// linearly from 1 over `ramp_months`, holds, and ends at `end_year`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShockSpec {
    /// Start (years from the start of the simulation; fractions allowed, rounded to months).
    pub start_year: f64,
    /// End (years), > start_year.
    pub end_year: f64,
    /// Rate multiplier at full strength, >= 0 (2.0 doubles arrivals).
    pub multiplier: f64,
    /// Months to ramp from 1 to `multiplier` (0 = a step).
    #[serde(default)]
    pub ramp_months: f64,
}

impl DemandSpec {
    /// Arrivals per working day in year 0 (0 when not given; a loaded scenario always has it).
    pub fn base(&self) -> f64 {
        self.base_per_day.unwrap_or(0.0)
    }
}

/// How many replications, and the master seed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentSpec {
    /// Replications per policy (default 200, as recommended in domain brief 6.1).
    #[serde(default = "default_replications")]
    pub replications: u32,
    /// Master seed; every random stream derives from it.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_replications() -> u32 {
    200
}
fn default_seed() -> u64 {
    20_261_123
}

impl Default for ExperimentSpec {
    fn default() -> Self {
        ExperimentSpec {
            replications: default_replications(),
            seed: default_seed(),
        }
    }
}

/// A unit's case classes, whichever way the file wrote them.
pub struct ClassView<'a> {
    /// Field path prefix for error messages (`units[2]` or `units[2].cases[0]`).
    pub path: String,
    /// Class name.
    pub class: &'a str,
    /// SLA (working days), if given.
    pub sla_days: Option<f64>,
    /// Arrivals, if given.
    pub demand: Option<&'a DemandSpec>,
    /// Work content, if given.
    pub service: Option<&'a Distribution>,
    /// Patience, if any.
    pub patience: Option<&'a Distribution>,
    /// Complaint threshold (working days).
    pub complaint_after_days: f64,
    /// Complaint probability.
    pub complaint_prob: f64,
}

impl UnitSpec {
    /// Staff at the start: the people listed, else `staff`.
    pub fn initial_staff(&self) -> u32 {
        if self.people.is_empty() {
            self.staff.unwrap_or(0)
        } else {
            self.people.len() as u32
        }
    }

    /// True when the unit uses the single-class shorthand.
    pub fn is_shorthand(&self) -> bool {
        self.cases.is_empty()
    }

    /// The unit's classes with the path each was written at.
    pub fn class_views(&self, unit_path: &str) -> Vec<ClassView<'_>> {
        if self.kind == UnitKind::Pool {
            // A pool serves no cases of its own (validation refuses any it is given).
            Vec::new()
        } else if self.is_shorthand() {
            vec![ClassView {
                path: unit_path.to_string(),
                class: self.class.as_deref().unwrap_or(DEFAULT_CLASS),
                sla_days: self.sla_days,
                demand: self.demand.as_ref(),
                service: self.service.as_ref(),
                patience: self.patience.as_ref(),
                complaint_after_days: self
                    .complaint_after_days
                    .unwrap_or_else(default_complaint_after_days),
                complaint_prob: self.complaint_prob.unwrap_or(0.0),
            }]
        } else {
            self.cases
                .iter()
                .enumerate()
                .map(|(i, c)| ClassView {
                    path: format!("{unit_path}.cases[{i}]"),
                    class: &c.class,
                    sla_days: Some(c.sla_days),
                    demand: Some(&c.demand),
                    service: Some(&c.service),
                    patience: c.patience.as_ref(),
                    complaint_after_days: c.complaint_after_days,
                    complaint_prob: c.complaint_prob,
                })
                .collect()
        }
    }
}

impl Scenario {
    /// Simulated length (working hours).
    pub fn horizon_hours(&self) -> f64 {
        self.horizon_years * self.calendar.hours_per_year()
    }
    /// Warm-up length (working hours).
    pub fn warmup_hours(&self) -> f64 {
        self.warmup_years * self.calendar.hours_per_year()
    }
    /// Whole months simulated (the last partial month counts).
    pub fn months(&self) -> usize {
        (self.horizon_years * 12.0 - 1e-9).ceil().max(1.0) as usize
    }
    /// Total initial staff (people).
    pub fn total_staff(&self) -> u64 {
        self.units.iter().map(|u| u.initial_staff() as u64).sum()
    }
}
