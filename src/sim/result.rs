//! What one replication returns: scalar KPIs, monthly series per unit, whole-run tallies.

use crate::stats::LogHistogram;

use super::kpi::{Kpi, Metric};
use super::model::Model;
use super::unit::UnitTally;

/// Raw monthly accumulators of one unit (filled during the run, turned into metrics at the end).
#[derive(Debug, Clone, Copy, Default)]
pub struct MonthCell {
    /// Cases arrived.
    pub arrivals: u32,
    /// Complaints filed (exogenous and induced).
    pub complaints: u32,
    /// Complaints induced by long waits.
    pub complaints_induced: u32,
    /// Cases abandoned.
    pub abandoned: u32,
    /// Cases that started service.
    pub started: u32,
    /// Sum of their waits (hours).
    pub wait_hours: f64,
    /// Cases completed.
    pub completed: u32,
    /// Sum of their resolution times (hours).
    pub resolution_hours: f64,
    /// Completed within SLA.
    pub within_sla: u32,
    /// Staff-hours spent serving.
    pub busy_hours: f64,
    /// Staff-hours present.
    pub staffed_hours: f64,
    /// Integral of cases in the unit (case-hours).
    pub in_system_hours: f64,
    /// Backlog at month end.
    pub backlog_end: u32,
    /// Staff present at month end.
    pub staff_end: u32,
}

/// Monthly series of one replication: `value(metric, row, month)` where rows are the units
/// in scenario order followed by one row for the whole organisation.
#[derive(Debug, Clone)]
pub struct Series {
    rows: usize,
    months: usize,
    values: Vec<f64>,
}

impl Series {
    /// A series of NaN (undefined) values.
    pub fn new(rows: usize, months: usize) -> Series {
        Series {
            rows,
            months,
            values: vec![f64::NAN; Metric::COUNT * rows * months],
        }
    }
    /// Number of rows (units + 1).
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Number of months.
    pub fn months(&self) -> usize {
        self.months
    }
    #[inline]
    fn index(&self, metric: Metric, row: usize, month: usize) -> usize {
        (metric as usize * self.rows + row) * self.months + month
    }
    /// The value, NaN when undefined (e.g. a mean wait in a month with no case).
    pub fn value(&self, metric: Metric, row: usize, month: usize) -> f64 {
        self.values[self.index(metric, row, month)]
    }
    /// Sets a value.
    pub fn set(&mut self, metric: Metric, row: usize, month: usize, v: f64) {
        let i = self.index(metric, row, month);
        self.values[i] = v;
    }
    /// All values, metric-major then row then month.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// The outcome of one replication.
#[derive(Debug, Clone)]
pub struct ReplicationResult {
    /// Replication index.
    pub replication: u64,
    /// Scalar KPIs, indexed by [`Kpi`].
    pub kpis: [f64; Kpi::COUNT],
    /// Monthly series.
    pub series: Series,
    /// Whole-run counts per unit.
    pub tallies: Vec<UnitTally>,
    /// Waits (working days) of cases starting service in the measured window.
    pub wait_days: LogHistogram,
    /// Resolution times (working days) of cases completed in the measured window.
    pub resolution_days: LogHistogram,
    /// Events simulated.
    pub events: u64,
}

impl ReplicationResult {
    /// The value of one KPI.
    pub fn kpi(&self, k: Kpi) -> f64 {
        self.kpis[k as usize]
    }
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

/// Turns raw monthly cells (`cells[unit * months + month]`) into series and KPIs.
pub(crate) fn finish(
    model: &Model,
    cells: &[MonthCell],
    backlog_end: f64,
) -> (Series, [f64; Kpi::COUNT]) {
    let units = model.units.len();
    let months = model.months;
    let hpd = model.hours_per_day;
    let mut series = Series::new(units + 1, months);
    let mut total_by_month = vec![MonthCell::default(); months];
    for u in 0..units {
        for m in 0..months {
            let c = &cells[u * months + m];
            let t = &mut total_by_month[m];
            t.arrivals += c.arrivals;
            t.complaints += c.complaints;
            t.complaints_induced += c.complaints_induced;
            t.abandoned += c.abandoned;
            t.started += c.started;
            t.wait_hours += c.wait_hours;
            t.completed += c.completed;
            t.resolution_hours += c.resolution_hours;
            t.within_sla += c.within_sla;
            t.busy_hours += c.busy_hours;
            t.staffed_hours += c.staffed_hours;
            t.in_system_hours += c.in_system_hours;
            t.backlog_end += c.backlog_end;
            t.staff_end += c.staff_end;
        }
    }
    let month_hours = |m: usize| {
        let start = m as f64 * model.hours_per_month;
        (model.horizon_hours.min(start + model.hours_per_month) - start).max(0.0)
    };
    for row in 0..=units {
        for m in 0..months {
            let c = if row < units {
                &cells[row * months + m]
            } else {
                &total_by_month[m]
            };
            let s = &mut series;
            s.set(Metric::Arrivals, row, m, c.arrivals as f64);
            s.set(Metric::Completions, row, m, c.completed as f64);
            s.set(Metric::Complaints, row, m, c.complaints as f64);
            s.set(Metric::Abandoned, row, m, c.abandoned as f64);
            s.set(
                Metric::WaitDaysMean,
                row,
                m,
                ratio(c.wait_hours / hpd, c.started as f64),
            );
            s.set(
                Metric::ResolutionDaysMean,
                row,
                m,
                ratio(c.resolution_hours / hpd, c.completed as f64),
            );
            s.set(
                Metric::SlaCompliance,
                row,
                m,
                ratio(c.within_sla as f64, (c.completed + c.abandoned) as f64),
            );
            s.set(
                Metric::Utilization,
                row,
                m,
                ratio(c.busy_hours, c.staffed_hours),
            );
            s.set(
                Metric::InSystemMean,
                row,
                m,
                ratio(c.in_system_hours, month_hours(m)),
            );
            s.set(Metric::Backlog, row, m, c.backlog_end as f64);
            s.set(Metric::StaffPresent, row, m, c.staff_end as f64);
        }
    }

    // Scalar KPIs over the measured months.
    let measured = model.first_measured_month..months;
    let mut sum = MonthCell::default();
    let mut backlog_peak = 0u32;
    for m in measured.clone() {
        let t = &total_by_month[m];
        sum.arrivals += t.arrivals;
        sum.complaints += t.complaints;
        sum.complaints_induced += t.complaints_induced;
        sum.abandoned += t.abandoned;
        sum.started += t.started;
        sum.wait_hours += t.wait_hours;
        sum.completed += t.completed;
        sum.resolution_hours += t.resolution_hours;
        sum.within_sla += t.within_sla;
        backlog_peak = backlog_peak.max(t.backlog_end);
    }
    // Utilization per unit over the measured window; units never staffed are left out.
    let utils: Vec<f64> = (0..units)
        .filter_map(|u| {
            let (busy, staffed) = measured.clone().fold((0.0, 0.0), |(b, s), m| {
                let c = &cells[u * months + m];
                (b + c.busy_hours, s + c.staffed_hours)
            });
            (staffed > 0.0).then(|| busy / staffed)
        })
        .collect();
    let (util_mean, util_cv) = mean_cv(&utils);
    let mut k = [f64::NAN; Kpi::COUNT];
    k[Kpi::Complaints as usize] = sum.complaints as f64;
    k[Kpi::ComplaintsInduced as usize] = sum.complaints_induced as f64;
    k[Kpi::Cases as usize] = sum.arrivals as f64;
    k[Kpi::Abandoned as usize] = sum.abandoned as f64;
    k[Kpi::WaitDaysMean as usize] = ratio(sum.wait_hours / hpd, sum.started as f64);
    k[Kpi::ResolutionDaysMean as usize] = ratio(sum.resolution_hours / hpd, sum.completed as f64);
    k[Kpi::SlaCompliance as usize] = ratio(
        sum.within_sla as f64,
        (sum.completed + sum.abandoned) as f64,
    );
    k[Kpi::BacklogEnd as usize] = backlog_end;
    k[Kpi::BacklogPeak as usize] = backlog_peak as f64;
    k[Kpi::UtilizationMean as usize] = util_mean;
    k[Kpi::UtilizationCv as usize] = util_cv;
    (series, k)
}

/// Mean and coefficient of variation (population sd / mean); CV is 0 for a single value and
/// NaN when the mean is 0 or there is no value.
pub(crate) fn mean_cv(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let cv = if mean > 0.0 {
        var.sqrt() / mean
    } else {
        f64::NAN
    };
    (mean, cv)
}
