//! A scenario compiled for simulation: rate tables and samplers built once, shared
//! read-only by every replication.

use crate::scenario::{COMPLAINT_CLASS, Scenario};

use super::demand::monthly_rates;
use super::work::Duration;

/// One case class of one unit, ready to simulate.
#[derive(Debug, Clone)]
pub struct ClassModel {
    /// Index of the unit it arrives at.
    pub unit: usize,
    /// Class name (`request`, `complaint`, ...).
    pub name: String,
    /// True for the class that counts as complaints.
    pub is_complaint: bool,
    /// SLA (working hours from arrival to completion).
    pub sla_hours: f64,
    /// Work content (hours at productivity 1).
    pub work: Duration,
    /// Patience (hours), if the class abandons.
    pub patience: Option<Duration>,
    /// Wait (hours) after which a case may complain.
    pub complaint_after_hours: f64,
    /// Probability of complaining after that wait.
    pub complaint_prob: f64,
    /// Arrival rate per working hour of each month.
    pub rates_per_hour: Vec<f64>,
}

/// One unit, ready to simulate.
#[derive(Debug, Clone)]
pub struct UnitModel {
    /// Unit name.
    pub name: String,
    /// Competence field.
    pub field: String,
    /// 0 urban, 1 rural, 2 remote.
    pub remoteness: u8,
    /// Authorised headcount.
    pub positions: u32,
    /// Staff at the start.
    pub initial_staff: u32,
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
    /// Simulated length (hours).
    pub horizon_hours: f64,
    /// Whole months simulated (the last may be partial).
    pub months: usize,
    /// First month counted in statistics (warm-up rounded to whole months).
    pub first_measured_month: usize,
    /// Units in scenario order.
    pub units: Vec<UnitModel>,
    /// Case classes of all units, unit by unit.
    pub classes: Vec<ClassModel>,
}

/// A scenario that passed validation but could not be compiled (a bug, not a user error).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the model: {0}")]
pub struct ModelError(pub String);

impl Model {
    /// Compiles a validated scenario.
    pub fn new(scenario: &Scenario) -> Result<Model, ModelError> {
        let cal = &scenario.calendar;
        let months = scenario.months();
        let mut units = Vec::with_capacity(scenario.units.len());
        let mut classes = Vec::new();
        for (ui, u) in scenario.units.iter().enumerate() {
            let first = classes.len();
            let mut complaint_class = None;
            for v in u.class_views(&format!("units[{ui}]")) {
                let (Some(demand), Some(service), Some(sla)) = (v.demand, v.service, v.sla_days)
                else {
                    return Err(ModelError(format!("{} is incomplete", v.path)));
                };
                if v.class == COMPLAINT_CLASS {
                    complaint_class = Some(classes.len());
                }
                classes.push(ClassModel {
                    unit: ui,
                    name: v.class.to_string(),
                    is_complaint: v.class == COMPLAINT_CLASS,
                    sla_hours: sla * cal.hours_per_day,
                    work: Duration::new(service).map_err(ModelError)?,
                    patience: v
                        .patience
                        .map(Duration::new)
                        .transpose()
                        .map_err(ModelError)?,
                    complaint_after_hours: v.complaint_after_days * cal.hours_per_day,
                    complaint_prob: v.complaint_prob,
                    rates_per_hour: monthly_rates(demand, months, cal.hours_per_day),
                });
            }
            units.push(UnitModel {
                name: u.name.clone(),
                field: u.field.clone(),
                remoteness: u.remoteness,
                positions: u.positions,
                initial_staff: u.staff,
                classes: first..classes.len(),
                complaint_class,
            });
        }
        Ok(Model {
            scenario: scenario.clone(),
            hours_per_day: cal.hours_per_day,
            hours_per_month: cal.hours_per_month(),
            horizon_hours: scenario.horizon_hours(),
            months,
            first_measured_month: ((scenario.warmup_years * 12.0).round() as usize).min(months - 1),
            units,
            classes,
        })
    }

    /// Expected arrivals over the horizon, all classes (exogenous only).
    pub fn expected_arrivals(&self) -> f64 {
        self.classes
            .iter()
            .map(|c| c.rates_per_hour.iter().sum::<f64>() * self.hours_per_month)
            .sum()
    }
}
