//! What one replication returns: scalar KPIs, monthly series per unit, whole-run tallies.

use crate::stats::LogHistogram;

use super::kpi::{Kpi, Metric};
use super::model::Model;
use super::unit::UnitTally;

/// Raw monthly accumulators of one unit (filled during the run, turned into metrics at the end).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(128))]
pub struct MonthCell {
    // What every case updates comes first (`repr(C)`): a start or a completion, and the
    // time integrals, only the first 64 bytes; an arrival the next few; month-end figures
    // after.
    /// Cases arrived.
    pub arrivals: u32,
    /// Cases that started service.
    pub started: u32,
    /// Cases completed.
    pub completed: u32,
    /// Completed within SLA.
    pub within_sla: u32,
    /// Staff-hours spent serving.
    pub busy_hours: f64,
    /// Staff-hours present.
    pub staffed_hours: f64,
    /// Integral of cases in the unit (case-hours).
    pub in_system_hours: f64,
    /// Staff-hours absent.
    pub absent_hours: f64,
    /// Sum of the waits of the cases that started service (hours).
    pub wait_hours: f64,
    /// Sum of the resolution times of the cases completed (hours).
    pub resolution_hours: f64,
    /// Standard work hours of the cases that arrived (for workload analysis).
    pub work_hours: f64,
    /// Cases abandoned.
    pub abandoned: u32,
    /// Complaints filed (exogenous and induced).
    pub complaints: u32,
    /// Complaints induced by long waits.
    pub complaints_induced: u32,
    /// Backlog at month end.
    pub backlog_end: u32,
    /// Staff present at month end.
    pub staff_end: u32,
    /// Staff on the books at month end.
    pub assigned_end: u32,
    /// Sum of productivity of present staff at month end.
    pub productivity_sum: f64,
    /// Sum of stress of staff on the books at month end.
    pub stress_sum: f64,
    /// Sum over staff on the books of the learning shortfall (1 - ramp) this month.
    pub learning_loss: f64,
    /// Staff past the maximum years at post at month end.
    pub over_max_end: u32,
    /// Burnout onsets.
    pub burnouts: u32,
    /// Staff on the books burned out at month end.
    pub burned_out_end: u32,
    /// Overtime hours worked.
    pub overtime_hours: f64,
    /// Overtime pay (Rp).
    pub cost_overtime: f64,
    /// Resignations.
    pub resignations: u32,
    /// Retirements.
    pub retirements: u32,
    /// Contracts that ended without renewal.
    pub contract_ends: u32,
    /// Contract staff on the books at month end.
    pub contract_end: u32,
    /// Pay of contract staff (Rp).
    pub cost_contract: f64,
    /// Month ends at which the unit had a `requires` list (unit-months).
    pub required_checked: u32,
    /// Month ends at which a required profession had nobody present (unit-months).
    pub required_missing: u32,
    /// Teachers the standard gives, summed over the school's subject groups (teacher-months).
    pub subject_need: f64,
    /// Of those, the teachers missing within each subject group (a surplus in one group does
    /// not cover another) (teacher-months).
    pub subject_short: f64,
    /// New hires starting.
    pub hires: u32,
    /// Orders that passed the rules.
    pub ordered: u32,
    /// Orders blocked by a rule.
    pub blocked: u32,
    /// Moves completed into the unit.
    pub moved_in: u32,
    /// Temporary assignments into the unit begun.
    pub lent_in: u32,
    /// Orders appealed.
    pub appealed: u32,
    /// Orders refused.
    pub refused: u32,
    /// Quits over an order.
    pub transfer_quits: u32,
    /// Relocation and training costs (Rp).
    pub cost_relocation: f64,
    /// Allowance, package and communication costs (Rp).
    pub cost_incentives: f64,
    /// Civil servants' pay (Rp): `costs.monthly_salary_rp` per civil servant on the
    /// unit's books (in transit included) at a month end.
    pub cost_salaries: f64,
}

/// `num / den`, NaN (undefined) when the denominator is not positive.
fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

/// The ratios of a cell: one definition each, shared by the monthly series, the KPIs (of a
/// cell summed over the measured months) and the indicators policies read. Each is NaN when
/// its denominator is zero.
impl MonthCell {
    /// Share of cases closed (completed or abandoned) that were completed within their SLA;
    /// abandoned cases count as breaches.
    pub fn sla_compliance(&self) -> f64 {
        ratio(
            self.within_sla as f64,
            (self.completed + self.abandoned) as f64,
        )
    }

    /// Mean wait (working days of `hours_per_day` hours) of the cases that started service.
    pub fn wait_days_mean(&self, hours_per_day: f64) -> f64 {
        ratio(self.wait_hours / hours_per_day, self.started as f64)
    }

    /// Mean resolution time (working days of `hours_per_day` hours) of the cases completed.
    pub fn resolution_days_mean(&self, hours_per_day: f64) -> f64 {
        ratio(self.resolution_hours / hours_per_day, self.completed as f64)
    }

    /// Busy staff-hours / staff-hours present.
    pub fn utilization(&self) -> f64 {
        ratio(self.busy_hours, self.staffed_hours)
    }

    /// Share of staff time absent: absent / (absent + present) staff-hours.
    pub fn absence_rate(&self) -> f64 {
        ratio(self.absent_hours, self.absent_hours + self.staffed_hours)
    }

    /// Every cost of the month (Rp).
    pub fn cost_total(&self) -> f64 {
        self.cost_relocation
            + self.cost_incentives
            + self.cost_overtime
            + self.cost_contract
            + self.cost_salaries
    }

    /// Mean productivity of the staff present at month end.
    pub fn productivity_mean(&self) -> f64 {
        ratio(self.productivity_sum, self.staff_end as f64)
    }

    /// Mean stress of the staff on the books at month end.
    pub fn stress_mean(&self) -> f64 {
        ratio(self.stress_sum, self.assigned_end as f64)
    }

    /// Share of staff on the books burned out at month end.
    pub fn burned_out_share(&self) -> f64 {
        ratio(self.burned_out_end as f64, self.assigned_end as f64)
    }

    /// Time-average number of cases in the unit over a period of `hours` working hours.
    pub fn in_system_mean(&self, hours: f64) -> f64 {
        ratio(self.in_system_hours, hours)
    }

    /// Adds another cell's counts and sums (month-end levels are summed too: used for the
    /// whole-organisation row).
    pub fn add(&mut self, c: &MonthCell) {
        self.arrivals += c.arrivals;
        self.complaints += c.complaints;
        self.complaints_induced += c.complaints_induced;
        self.abandoned += c.abandoned;
        self.started += c.started;
        self.wait_hours += c.wait_hours;
        self.completed += c.completed;
        self.resolution_hours += c.resolution_hours;
        self.within_sla += c.within_sla;
        self.busy_hours += c.busy_hours;
        self.staffed_hours += c.staffed_hours;
        self.in_system_hours += c.in_system_hours;
        self.backlog_end += c.backlog_end;
        self.staff_end += c.staff_end;
        self.assigned_end += c.assigned_end;
        self.work_hours += c.work_hours;
        self.absent_hours += c.absent_hours;
        self.productivity_sum += c.productivity_sum;
        self.stress_sum += c.stress_sum;
        self.learning_loss += c.learning_loss;
        self.over_max_end += c.over_max_end;
        self.burnouts += c.burnouts;
        self.burned_out_end += c.burned_out_end;
        self.overtime_hours += c.overtime_hours;
        self.cost_overtime += c.cost_overtime;
        self.resignations += c.resignations;
        self.retirements += c.retirements;
        self.contract_ends += c.contract_ends;
        self.contract_end += c.contract_end;
        self.cost_contract += c.cost_contract;
        self.required_checked += c.required_checked;
        self.required_missing += c.required_missing;
        self.subject_need += c.subject_need;
        self.subject_short += c.subject_short;
        self.hires += c.hires;
        self.ordered += c.ordered;
        self.blocked += c.blocked;
        self.moved_in += c.moved_in;
        self.lent_in += c.lent_in;
        self.appealed += c.appealed;
        self.refused += c.refused;
        self.transfer_quits += c.transfer_quits;
        self.cost_relocation += c.cost_relocation;
        self.cost_incentives += c.cost_incentives;
        self.cost_salaries += c.cost_salaries;
    }
}

/// Monthly series of one replication: `value(metric, row, month)` where rows are the
/// model's [`series_rows`](Model::series_rows): every unit in scenario order (or only the
/// focus units and groups of a large organisation) followed by one row for the whole
/// organisation.
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
    /// Number of rows (series rows, the whole organisation last).
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
    /// Every transfer order and its outcome (only when the model asks for a log).
    pub transfers: Vec<TransferRecord>,
    /// Headcount identity checked every month: initial + hires - exits = on the books +
    /// in transit (true when it held every month).
    pub headcount_conserved: bool,
    /// True when the clock never went backwards (nor became NaN) from event to event.
    pub clock_monotone: bool,
    /// True when no unit's places held (on the books, minus leavers finishing a last case and
    /// those ordered away, plus those ordered in) exceeded its positions at any month end.
    pub within_positions: bool,
    /// The cap of orders per review in force (for auditing [`ReplicationResult::transfers`]).
    pub max_moves_per_review: u32,
    /// Outcomes per work unit and per case class (measured window, last two years).
    pub units: super::unit_kpis::UnitOutcomes,
}

/// One transfer order and what became of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TransferRecord {
    /// Time the order was given (working hours from the start).
    pub hour: f64,
    /// Number of the review (or alert) that gave it, from 1.
    pub review: u32,
    /// The person's years at the current post when ordered.
    pub years_at_post: f64,
    /// Years since the person was hired when ordered.
    pub years_since_hire: f64,
    /// Time (working hours) the order stopped being pending: arrival, refusal, quit, or
    /// cancellation when the person left; `None` while still pending or never issued.
    pub closed_hour: Option<f64>,
    /// Month the order was issued (1-based).
    pub month: usize,
    /// Staff id.
    pub staff: u32,
    /// Origin unit index.
    pub from: u32,
    /// Destination unit index.
    pub to: u32,
    /// Why it was ordered.
    pub reason: &'static str,
    /// `accepted`, `appealed`, `refused`, `quit` or `blocked:<rule>`.
    pub outcome: String,
    /// True once the person arrived at the destination.
    pub completed: bool,
}

impl ReplicationResult {
    /// Checks every invariant: [`check_invariants`](Self::check_invariants) and, when the
    /// transfer log was kept, [`check_transfers`](Self::check_transfers). Run at the end of
    /// every replication in debug builds; tests call it in release builds too.
    pub fn check_all_invariants(&self, model: &Model) -> Result<(), String> {
        self.check_invariants()?;
        self.check_transfers(model)
    }

    /// Audits the transfer log against the rules: no order issued (accepted, appealed,
    /// refused or quit) in a freeze window, before the origin's minimum years at post, to
    /// the same or an unknown unit, by a new hire's request inside the lock, beyond the cap
    /// of orders per review, or while the person had another order pending; every order
    /// decided. Empty logs pass (the log is kept only when the model asks for it).
    pub fn check_transfers(&self, model: &Model) -> Result<(), String> {
        let rules = &model.scenario.transfers;
        let lock = model.scenario.workforce.new_hire_lock_years;
        let mut per_review: std::collections::HashMap<u32, u32> = Default::default();
        // Per person: the time their last issued order stops being pending.
        let mut busy_until: std::collections::HashMap<u32, f64> = Default::default();
        for (i, t) in self.transfers.iter().enumerate() {
            let at = || format!("transfer {i} (month {}, staff {})", t.month, t.staff);
            let issued = match t.outcome.as_str() {
                "accepted" | "appealed" | "refused" | "quit" => true,
                // A temporary assignment is not a mutasi: none of these rules applies.
                "lent" => false,
                o if o.strip_prefix("blocked:").is_some() => false,
                o => return Err(format!("{}: undecided outcome '{o}'", at())),
            };
            if !issued {
                continue;
            }
            let year = t.hour / model.hours_per_year;
            if let Some(f) = rules
                .freeze
                .iter()
                .find(|f| f.start_year <= year && year < f.end_year)
            {
                return Err(format!(
                    "{}: issued in year {year:.3}, inside the freeze [{}, {})",
                    at(),
                    f.start_year,
                    f.end_year
                ));
            }
            let (Some(from), true) = (model.units.get(t.from as usize), t.to != t.from) else {
                return Err(format!("{}: from {} to {}", at(), t.from, t.to));
            };
            if (t.to as usize) >= model.units.len() {
                return Err(format!("{}: unknown destination {}", at(), t.to));
            }
            if t.years_at_post < from.min_years_at_post - 1e-9 {
                return Err(format!(
                    "{}: {:.3} years at post, minimum {}",
                    at(),
                    t.years_at_post,
                    from.min_years_at_post
                ));
            }
            if t.reason == "request" && t.years_since_hire < lock - 1e-9 {
                return Err(format!(
                    "{}: request {:.3} years after hire, lock {lock}",
                    at(),
                    t.years_since_hire
                ));
            }
            let n = per_review.entry(t.review).or_default();
            *n += 1;
            if *n > self.max_moves_per_review {
                return Err(format!(
                    "{}: order {n} of review {}, cap {}",
                    at(),
                    t.review,
                    self.max_moves_per_review
                ));
            }
            let until = busy_until.entry(t.staff).or_insert(f64::NEG_INFINITY);
            if t.hour < *until {
                return Err(format!(
                    "{}: issued while an earlier order was pending until hour {until}",
                    at()
                ));
            }
            *until = t.closed_hour.unwrap_or(f64::INFINITY);
            if *until < t.hour {
                return Err(format!("{}: closed before it was issued", at()));
            }
        }
        Ok(())
    }

    /// Checks the model's invariants on this result: clock monotone, no case lost per unit,
    /// headcount conserved every month and within positions, every KPI finite unless it is
    /// one that may be undefined ([`Kpi::may_be_undefined`]), counts and costs non-negative,
    /// utilization and shares within [0, 1].
    pub fn check_invariants(&self) -> Result<(), String> {
        if !self.clock_monotone {
            return Err("the clock went backwards (or became NaN)".into());
        }
        for (u, t) in self.tallies.iter().enumerate() {
            let accounted = t.completed + t.abandoned + t.waiting_end + t.in_service_end;
            if t.arrived != accounted {
                return Err(format!(
                    "unit {u}: {} cases arrived but {accounted} accounted for",
                    t.arrived
                ));
            }
        }
        if !self.headcount_conserved {
            return Err("headcount not conserved in some month".into());
        }
        if !self.within_positions {
            return Err("a unit held more places (kept + promised) than its positions".into());
        }
        for &k in Kpi::ALL {
            let v = self.kpi(k);
            if v.is_infinite() || (v.is_nan() && !k.may_be_undefined()) {
                return Err(format!("KPI {} = {v}", k.name()));
            }
            if v < 0.0 {
                return Err(format!("KPI {} = {v} is negative", k.name()));
            }
            if k.is_share() && v > 1.0 + 1e-9 {
                return Err(format!("KPI {} = {v} above 1", k.name()));
            }
        }
        for m in [
            Metric::Utilization,
            Metric::SlaCompliance,
            Metric::AbsenceRate,
        ] {
            for row in 0..self.series.rows() {
                for month in 0..self.series.months() {
                    let v = self.series.value(m, row, month);
                    if !v.is_nan() && !(-1e-9..=1.0 + 1e-9).contains(&v) {
                        return Err(format!(
                            "{} = {v} outside [0, 1] (row {row}, month {})",
                            m.name(),
                            month + 1
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The value of one KPI.
    pub fn kpi(&self, k: Kpi) -> f64 {
        self.kpis[k as usize]
    }
}

/// Turns raw monthly cells (`cells[unit * months + month]`) into series and KPIs.
pub(crate) fn finish(
    model: &Model,
    cells: &[MonthCell],
    end: EndState,
) -> (Series, [f64; Kpi::COUNT]) {
    let months = model.months;
    let mut total_by_month = vec![MonthCell::default(); months];
    // An outside pool is not part of the organisation measured.
    for u in (0..model.units.len()).filter(|&u| !model.is_pool(u)) {
        for (m, t) in total_by_month.iter_mut().enumerate() {
            t.add(&cells[u * months + m]);
        }
    }
    let series = monthly_series(model, cells, &total_by_month);
    (series, kpis(model, cells, &total_by_month, end))
}

/// Every metric of every series row ([`Model::series_rows`]: units, groups, then the whole
/// organisation, `total_by_month`) and month.
fn monthly_series(model: &Model, cells: &[MonthCell], total_by_month: &[MonthCell]) -> Series {
    let (units, months) = (model.units.len(), model.months);
    let rows = &model.series_rows;
    let mut series = Series::new(rows.len(), months);
    let mut group = vec![MonthCell::default(); months];
    for (row, r) in rows.iter().enumerate() {
        let by_month: &[MonthCell] = match r.units.as_slice() {
            [u] => &cells[u * months..(u + 1) * months],
            members if members.len() == units => total_by_month,
            members => {
                group.fill(MonthCell::default());
                for &u in members {
                    for (g, c) in group.iter_mut().zip(&cells[u * months..(u + 1) * months]) {
                        g.add(c);
                    }
                }
                &group
            }
        };
        for (m, c) in by_month.iter().enumerate() {
            // The last month may be cut short by the horizon.
            let start = m as f64 * model.hours_per_month;
            let hours = (model.horizon_hours.min(start + model.hours_per_month) - start).max(0.0);
            series.set_month(model, row, m, c, hours);
        }
    }
    series
}

impl Series {
    /// Every metric of one row and month from its cell; `month_hours` is the month's length
    /// (working hours).
    fn set_month(&mut self, model: &Model, row: usize, m: usize, c: &MonthCell, month_hours: f64) {
        let hpd = model.hours_per_day;
        self.set(Metric::Arrivals, row, m, c.arrivals as f64);
        self.set(Metric::Completions, row, m, c.completed as f64);
        self.set(Metric::Complaints, row, m, c.complaints as f64);
        self.set(Metric::Abandoned, row, m, c.abandoned as f64);
        self.set(Metric::WaitDaysMean, row, m, c.wait_days_mean(hpd));
        self.set(
            Metric::ResolutionDaysMean,
            row,
            m,
            c.resolution_days_mean(hpd),
        );
        self.set(Metric::SlaCompliance, row, m, c.sla_compliance());
        self.set(Metric::Utilization, row, m, c.utilization());
        self.set(Metric::InSystemMean, row, m, c.in_system_mean(month_hours));
        self.set(Metric::Backlog, row, m, c.backlog_end as f64);
        self.set(Metric::StaffPresent, row, m, c.staff_end as f64);
        self.set(Metric::StaffAssigned, row, m, c.assigned_end as f64);
        self.set(Metric::AbsenceRate, row, m, c.absence_rate());
        self.set(Metric::ProductivityMean, row, m, c.productivity_mean());
        self.set(Metric::StressMean, row, m, c.stress_mean());
        self.set(Metric::BurnedOut, row, m, c.burned_out_share());
        self.set(Metric::OvertimeHours, row, m, c.overtime_hours);
        self.set(Metric::RequiredFte, row, m, model.required_fte(c));
        self.set(Metric::Ej, row, m, model.ej(c));
        self.set(Metric::TransfersDone, row, m, c.moved_in as f64);
        self.set(Metric::TransfersAppealed, row, m, c.appealed as f64);
        self.set(Metric::TransfersRefused, row, m, c.refused as f64);
        self.set(Metric::TransferQuits, row, m, c.transfer_quits as f64);
        self.set(
            Metric::Exits,
            row,
            m,
            (c.resignations + c.retirements + c.contract_ends) as f64,
        );
        self.set(Metric::Hires, row, m, c.hires as f64);
        self.set(Metric::StaffContract, row, m, c.contract_end as f64);
        self.set(Metric::TemporaryAssignments, row, m, c.lent_in as f64);
    }
}

/// Scalar KPIs over the measured months (after the warm-up).
fn kpis(
    model: &Model,
    cells: &[MonthCell],
    total_by_month: &[MonthCell],
    end: EndState,
) -> [f64; Kpi::COUNT] {
    let (units, months) = (model.units.len(), model.months);
    let hpd = model.hours_per_day;
    let measured = model.first_measured_month..months;
    let n_measured = measured.len().max(1) as f64;
    let mut sum = MonthCell::default();
    let mut backlog_peak = 0u32;
    let mut over_max = 0.0;
    for m in measured.clone() {
        let t = &total_by_month[m];
        sum.add(t);
        backlog_peak = backlog_peak.max(t.backlog_end);
        over_max += t.over_max_end as f64;
    }
    // Utilization and EJ per unit over the measured window; units never staffed left out.
    let mut utils = Vec::with_capacity(units);
    let mut ejs = Vec::with_capacity(units);
    // Waits, resolution times and SLA over the units whose work has an SLA (not timetabled).
    let mut with_sla = MonthCell::default();
    for u in (0..units).filter(|&u| !model.is_pool(u)) {
        let mut w = MonthCell::default();
        for m in measured.clone() {
            w.add(&cells[u * months + m]);
        }
        if model.units[u].kind.has_sla() {
            with_sla.add(&w);
        }
        if w.staffed_hours > 0.0 {
            utils.push(w.utilization());
        }
        let staff = w.assigned_end as f64 / n_measured;
        if staff > 0.0 {
            ejs.push(model.required_fte(&w) / n_measured / staff);
        }
    }
    let (over_standard, teacher_gap) = student_ratios(model, cells);
    let (util_mean, util_cv) = mean_cv(&utils);
    let (_, ej_cv) = mean_cv(&ejs);
    let mut k = [f64::NAN; Kpi::COUNT];
    let mut set = |kpi: Kpi, v: f64| k[kpi as usize] = v;
    set(Kpi::Complaints, sum.complaints as f64);
    set(Kpi::ComplaintsInduced, sum.complaints_induced as f64);
    set(Kpi::Cases, sum.arrivals as f64);
    set(Kpi::Abandoned, sum.abandoned as f64);
    set(Kpi::WaitDaysMean, with_sla.wait_days_mean(hpd));
    set(Kpi::ResolutionDaysMean, with_sla.resolution_days_mean(hpd));
    set(Kpi::SlaCompliance, with_sla.sla_compliance());
    set(Kpi::BacklogEnd, end.backlog);
    set(Kpi::BacklogPeak, backlog_peak as f64);
    set(Kpi::UtilizationMean, util_mean);
    set(Kpi::UtilizationCv, util_cv);
    set(Kpi::StressMean, sum.stress_mean());
    set(Kpi::Burnouts, sum.burnouts as f64);
    set(Kpi::BurnoutPrevalence, sum.burned_out_share());
    set(Kpi::OvertimeHours, sum.overtime_hours);
    set(Kpi::Attrition, sum.resignations as f64);
    set(Kpi::Retirements, sum.retirements as f64);
    set(Kpi::Hires, sum.hires as f64);
    set(Kpi::AbsenceRate, sum.absence_rate());
    set(Kpi::TransfersOrdered, sum.ordered as f64);
    set(Kpi::TransfersDone, sum.moved_in as f64);
    set(Kpi::TransfersAppealed, sum.appealed as f64);
    set(Kpi::TransfersRefused, sum.refused as f64);
    set(Kpi::TransferQuits, sum.transfer_quits as f64);
    set(Kpi::TemporaryAssignments, sum.lent_in as f64);
    set(Kpi::RuleViolationsPrevented, sum.blocked as f64);
    set(Kpi::ProductivityMean, sum.productivity_mean());
    set(Kpi::LearningLossFteMonths, sum.learning_loss);
    set(Kpi::FieldsPerStaff, end.fields_per_staff);
    set(Kpi::EjCv, ej_cv);
    set(
        Kpi::UnitsOverloaded,
        ejs.iter().filter(|&&e| e > 1.0).count() as f64,
    );
    set(Kpi::StaffOverMaxTenure, over_max / n_measured);
    set(Kpi::CostRelocation, sum.cost_relocation);
    set(Kpi::CostIncentives, sum.cost_incentives);
    set(Kpi::CostOvertime, sum.cost_overtime);
    set(Kpi::CostSalaries, sum.cost_salaries);
    set(Kpi::CostTotal, sum.cost_total());
    set(
        Kpi::ContractShare,
        ratio(sum.contract_end as f64, sum.assigned_end as f64),
    );
    set(Kpi::ContractEnds, sum.contract_ends as f64);
    set(Kpi::CostContract, sum.cost_contract);
    set(
        Kpi::RequiredMissing,
        // 0 (nothing missing) when no unit requires a profession.
        if sum.required_checked > 0 {
            sum.required_missing as f64 / sum.required_checked as f64
        } else {
            0.0
        },
    );
    set(
        Kpi::SubjectGapVsStandard,
        // 0 (nothing missing) when no school has subject groups.
        if sum.subject_need > 0.0 {
            sum.subject_short / sum.subject_need
        } else {
            0.0
        },
    );
    set(Kpi::StudentRatioOverStandard, over_standard);
    set(Kpi::TeacherGapVsStandard, teacher_gap);
    k
}

/// Over the measured school-months (units with students): the share with more students per
/// teacher on the books than the standard, and the mean relative gap between teachers on the
/// books and the teachers the standard gives (0, 0 with no school, as `required_missing` with
/// no required profession: every output keeps a value).
fn student_ratios(model: &Model, cells: &[MonthCell]) -> (f64, f64) {
    let months = model.months;
    let (mut n, mut over, mut gap) = (0usize, 0usize, 0.0);
    for (u, unit) in model.units.iter().enumerate() {
        if unit.students == 0 {
            continue;
        }
        let standard_teachers = unit.students as f64 / unit.students_per_teacher;
        for m in model.first_measured_month..months {
            let teachers = cells[u * months + m].assigned_end as f64;
            n += 1;
            over += (teachers < standard_teachers) as usize;
            gap += (teachers - standard_teachers).abs() / standard_teachers;
        }
    }
    if n == 0 {
        return (0.0, 0.0);
    }
    (over as f64 / n as f64, gap / n as f64)
}

/// State at the end of the horizon that feeds KPIs.
pub(crate) struct EndState {
    /// Cases in the system.
    pub backlog: f64,
    /// Mean distinct fields served by staff still in the organisation.
    pub fields_per_staff: f64,
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

#[cfg(test)]
mod tests {
    use super::MonthCell;
    use std::mem::{align_of, offset_of, size_of};

    #[test]
    fn what_each_case_updates_fits_one_pair_of_cache_lines() {
        // Counters and time integrals touched by arrivals, starts and completions: the first
        // 128 bytes of a cell aligned to 128.
        assert_eq!(align_of::<MonthCell>(), 128);
        assert!(offset_of!(MonthCell, complaints) + size_of::<u32>() <= 128);
        // A start, a completion and the time integrals: the first line alone.
        for end in [
            offset_of!(MonthCell, within_sla) + size_of::<u32>(),
            offset_of!(MonthCell, absent_hours) + size_of::<f64>(),
            offset_of!(MonthCell, resolution_hours) + size_of::<f64>(),
        ] {
            assert!(end <= 64, "a field of every case ends at byte {end}");
        }
    }
}
