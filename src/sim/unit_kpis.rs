//! Outcomes of one replication per work unit and per case class, and the KPIs a decision
//! needs that are built from them: SLA compliance that counts cases still open past their
//! SLA at the end, the share of demand served, the worst unit, workload balance against the
//! ABK band.
//!
//! A unit's outcome is a set of window totals ([`UnitTotals`]) rather than ratios, so that
//! any set of units (a group, the whole organisation) adds up exactly, and a ratio such as a
//! group's SLA compliance is computed once from the sums ([`UnitKpi::value`]). The same
//! totals are kept for the last two years of the horizon, so a KPI's change over the last
//! two years (is it still getting worse?) has a confidence interval like any other KPI.

use super::kpi::{Better, Kpi};
use super::model::Model;
use super::result::MonthCell;
use super::world::World;

/// EJ band of a unit staffed within the workload regulation's grades B and C (0.70–1.00;
/// grades A > 1.00 overloaded, D and E < 0.70 over-staffed) \[R33\]. A unit outside it is
/// counted by [`Kpi::EjOutsideBand`].
pub const EJ_BAND: (f64, f64) = (0.7, 1.0);

macro_rules! totals {
    ($( $(#[doc = $doc:literal])* $field:ident; )*) => {
        /// Window totals of one unit, one case class, or a set of units added together.
        /// Counts are cases or people; sums of times are in working days.
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct UnitTotals { $( $(#[doc = $doc])* pub $field: f64, )* }

        impl UnitTotals {
            /// Definitions of the fields (their doc comments), in [`UnitTotals::NAMES`] order.
            pub const DESCRIPTIONS: &'static [&'static str] = &[$(concat!($($doc),*)),*];
            /// Column names, in [`UnitTotals::to_array`] order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];
            /// Number of fields.
            pub const COUNT: usize = UnitTotals::NAMES.len();
            /// The fields as an array, in [`UnitTotals::NAMES`] order.
            pub fn to_array(&self) -> [f64; UnitTotals::COUNT] { [$(self.$field),*] }
            /// Totals from an array in [`UnitTotals::NAMES`] order.
            pub fn from_array(a: &[f64; UnitTotals::COUNT]) -> UnitTotals {
                let mut it = a.iter().copied();
                UnitTotals { $( $field: it.next().unwrap_or(f64::NAN), )* }
            }
            /// Adds another set of totals (months are not added: both cover one period).
            pub fn add(&mut self, o: &UnitTotals) {
                let months = self.months.max(o.months);
                $( self.$field += o.$field; )*
                self.months = months;
            }
        }
    };
}

totals! {
    /// Months in the period.
    months;
    /// Cases that arrived (exogenous and induced complaints).
    cases;
    /// Complaints filed (exogenous and induced).
    complaints;
    /// Cases whose service started.
    started;
    /// Cases that gave up before service started.
    abandoned;
    /// Cases completed.
    completed;
    /// Cases completed within their SLA.
    within_sla;
    /// Cases still open (waiting or in service) past their SLA at the end of the period
    /// (counted at the end of the horizon only; 0 for earlier periods and classes).
    open_past_sla;
    /// Sum of waits of the cases started (working days).
    wait_days;
    /// Sum of resolution times of the cases completed (working days).
    resolution_days;
    /// Cases in the unit at the end of the period.
    backlog_end;
    /// Staff on the books summed over month ends (person-months).
    staff_months;
    /// Contract staff on the books summed over month ends (person-months).
    contract_months;
    /// Workload-analysis required FTE summed over months (FTE-months).
    required_fte_months;
    /// Staff-hours spent serving.
    busy_hours;
    /// Staff-hours present.
    staffed_hours;
    /// Resignations.
    resignations;
    /// Relocation, training, allowance, package and communication costs (Rp).
    cost_rp;
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

impl UnitTotals {
    /// Totals of one unit's month cells `months` (`cells[unit * n + month]`).
    pub fn of_cells(model: &Model, cells: &[MonthCell]) -> UnitTotals {
        let hpd = model.hours_per_day;
        let mut t = UnitTotals {
            months: cells.len() as f64,
            ..UnitTotals::default()
        };
        for c in cells {
            t.cases += c.arrivals as f64;
            t.complaints += c.complaints as f64;
            t.started += c.started as f64;
            t.abandoned += c.abandoned as f64;
            t.completed += c.completed as f64;
            t.within_sla += c.within_sla as f64;
            t.wait_days += c.wait_hours / hpd;
            t.resolution_days += c.resolution_hours / hpd;
            t.staff_months += c.assigned_end as f64;
            t.contract_months += c.contract_end as f64;
            t.required_fte_months += model.required_fte(c);
            t.busy_hours += c.busy_hours;
            t.staffed_hours += c.staffed_hours;
            t.resignations += c.resignations as f64;
            t.cost_rp += c.cost_total();
        }
        t.backlog_end = cells.last().map_or(0.0, |c| c.backlog_end as f64);
        t
    }

    /// The sum of several units' totals over one period.
    pub fn sum<'a>(items: impl IntoIterator<Item = &'a UnitTotals>) -> UnitTotals {
        let mut t = UnitTotals::default();
        for i in items {
            t.add(i);
        }
        t
    }
}

macro_rules! unit_kpis {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $unit:literal, $better:ident,
        $per_year:literal, |$t:ident, $y:ident| $value:expr; )*) => {
        /// A KPI of a work unit, a case class or a set of units, computed from
        /// [`UnitTotals`]. Counts and costs are per year of the period.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum UnitKpi { $( $(#[doc = $doc])* $variant, )* }

        impl UnitKpi {
            /// Every unit KPI, in output column order.
            pub const ALL: &'static [UnitKpi] = &[$(UnitKpi::$variant),*];
            /// Name used in output files and in a scenario's `[report]`.
            pub fn name(self) -> &'static str { match self { $(UnitKpi::$variant => $name),* } }
            /// Unit of measurement (after the per-year conversion).
            pub fn unit(self) -> &'static str { match self { $(UnitKpi::$variant => $unit),* } }
            /// Direction of improvement.
            pub fn better(self) -> Better { match self { $(UnitKpi::$variant => Better::$better),* } }
            /// True for a count or cost shown per year.
            pub fn per_year(self) -> bool { match self { $(UnitKpi::$variant => $per_year),* } }
            /// Its definition (the doc comment), for data dictionaries.
            pub fn description(self) -> &'static str {
                match self { $(UnitKpi::$variant => concat!($($doc),*)),* }
            }
            /// The unit KPI with that name.
            pub fn from_name(name: &str) -> Option<UnitKpi> {
                UnitKpi::ALL.iter().copied().find(|k| k.name() == name)
            }
            /// Its value for a set of totals (NaN when undefined, e.g. no case at all).
            pub fn value(self, totals: &UnitTotals) -> f64 {
                let years = totals.months / 12.0;
                match self {
                    $(UnitKpi::$variant => { let $t = totals; let $y = years; let _ = $y; $value }),*
                }
            }
        }
    };
}

unit_kpis! {
    /// Cases that arrived.
    Cases = "cases", "cases per year", Neither, true, |t, years| ratio(t.cases, years);
    /// Complaints filed.
    Complaints = "complaints", "cases per year", Lower, true, |t, years| ratio(t.complaints, years);
    /// Cases that gave up before service (untaught lessons, patients sent home).
    Abandoned = "abandoned", "cases per year", Lower, true, |t, years| ratio(t.abandoned, years);
    /// Share of the cases that were served rather than given up: started / (started +
    /// abandoned). For work that expires (a lesson, a clinic session) this is the share of
    /// demand delivered.
    DemandServed = "demand_served", "fraction", Higher, false,
        |t, years| ratio(t.started, t.started + t.abandoned);
    /// Mean wait from arrival to start of service.
    WaitDaysMean = "wait_days_mean", "working days", Lower, false, |t, years| ratio(t.wait_days, t.started);
    /// Mean resolution time of completed cases.
    ResolutionDaysMean = "resolution_days_mean", "working days", Lower, false,
        |t, years| ratio(t.resolution_days, t.completed);
    /// Share within SLA: completed within SLA / (completed + abandoned + still open past
    /// SLA at the end of the horizon).
    SlaCompliance = "sla_compliance", "fraction", Higher, false,
        |t, years| ratio(t.within_sla, t.completed + t.abandoned + t.open_past_sla);
    /// Cases waiting or in service at the end of the period.
    BacklogEnd = "backlog_end", "cases", Lower, false, |t, years| t.backlog_end;
    /// Staff on the books (mean over month ends).
    Staff = "staff", "people", Neither, false, |t, years| ratio(t.staff_months, t.months);
    /// Share of staff on the books who are contract staff (honorer, GTT/PTT, PPPK).
    ContractShare = "contract_share", "fraction", Neither, false,
        |t, years| ratio(t.contract_months, t.staff_months);
    /// Workload-analysis required FTE (mean over months).
    RequiredFte = "required_fte", "FTE", Neither, false, |t, years| ratio(t.required_fte_months, t.months);
    /// Staff on the books per FTE of workload (1 = staffed to need; the inverse of EJ).
    StaffingRatio = "staffing_ratio", "ratio", Neither, false,
        |t, years| ratio(t.staff_months, t.required_fte_months);
    /// Workload-analysis efficiency ratio EJ = required FTE / staff on the books.
    Ej = "ej", "ratio", Neither, false, |t, years| ratio(t.required_fte_months, t.staff_months);
    /// Busy hours / present hours.
    Utilization = "utilization", "fraction", Neither, false, |t, years| ratio(t.busy_hours, t.staffed_hours);
    /// Resignations.
    Attrition = "attrition", "people per year", Lower, true, |t, years| ratio(t.resignations, years);
    /// All costs charged to the unit (as `cost_total`: moves, incentives, overtime,
    /// contract pay and salaries).
    Cost = "cost", "Rp per year", Lower, true, |t, years| ratio(t.cost_rp, years);
}

impl UnitKpi {
    /// True for a share within [0, 1] when defined.
    pub fn is_share(self) -> bool {
        self.unit() == "fraction"
    }

    /// The KPI of the whole organisation with the same definition, if there is one.
    pub fn organisation_kpi(self) -> Option<Kpi> {
        Some(match self {
            UnitKpi::Cases => Kpi::Cases,
            UnitKpi::Complaints => Kpi::Complaints,
            UnitKpi::Abandoned => Kpi::Abandoned,
            UnitKpi::DemandServed => Kpi::DemandServed,
            UnitKpi::WaitDaysMean => Kpi::WaitDaysMean,
            UnitKpi::ResolutionDaysMean => Kpi::ResolutionDaysMean,
            UnitKpi::SlaCompliance => Kpi::SlaComplianceStrict,
            UnitKpi::BacklogEnd => Kpi::BacklogEnd,
            UnitKpi::Attrition => Kpi::Attrition,
            UnitKpi::ContractShare => Kpi::ContractShare,
            _ => return None,
        })
    }
}

/// Which period of the horizon a set of totals covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// The measured window (after the warm-up).
    Measured,
    /// The 12 months before the last 12.
    YearBeforeLast,
    /// The last 12 months of the horizon.
    LastYear,
}

impl Period {
    /// Every period, in output order.
    pub const ALL: [Period; 3] = [Period::Measured, Period::YearBeforeLast, Period::LastYear];

    /// Name in output files.
    pub fn name(self) -> &'static str {
        match self {
            Period::Measured => "measured",
            Period::YearBeforeLast => "year_before_last",
            Period::LastYear => "last_year",
        }
    }

    /// The period with that name.
    pub fn from_name(name: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Per-unit and per-class outcomes of one replication.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitOutcomes {
    /// Per unit (scenario order), the measured window.
    pub measured: Vec<UnitTotals>,
    /// Per unit, the 12 months before the last 12; empty when the measured window is
    /// shorter than two years.
    pub year_before_last: Vec<UnitTotals>,
    /// Per unit, the last 12 months; empty when the measured window is shorter than two
    /// years.
    pub last_year: Vec<UnitTotals>,
    /// Per case class (model order), the measured window: cases, started, abandoned,
    /// completed, within SLA, open past SLA at the end, waits and resolution times.
    pub classes: Vec<UnitTotals>,
    /// Per unit, true for an outside pool (left out of the organisation's EJ measures).
    pub pool: Vec<bool>,
}

impl UnitOutcomes {
    /// The per-unit totals of a period.
    pub fn period(&self, p: Period) -> &[UnitTotals] {
        match p {
            Period::Measured => &self.measured,
            Period::YearBeforeLast => &self.year_before_last,
            Period::LastYear => &self.last_year,
        }
    }

    /// Builds the outcomes from the month cells, the per-class tallies and the cases still
    /// open past their SLA at the end of the horizon (per class).
    pub(crate) fn build(
        model: &Model,
        cells: &[MonthCell],
        mut classes: Vec<UnitTotals>,
        open_past_sla: &[u32],
    ) -> UnitOutcomes {
        let months = model.months;
        let first = model.first_measured_month;
        let unit_cells = |u: usize, range: std::ops::Range<usize>| {
            UnitTotals::of_cells(
                model,
                &cells[u * months + range.start..u * months + range.end],
            )
        };
        let mut out = UnitOutcomes::default();
        for (u, unit) in model.units.iter().enumerate() {
            let mut t = unit_cells(u, first..months);
            t.open_past_sla = unit
                .classes
                .clone()
                .map(|c| open_past_sla.get(c).copied().unwrap_or(0) as f64)
                .sum();
            out.measured.push(t);
            out.pool.push(model.is_pool(u));
            if months - first >= 24 {
                out.year_before_last
                    .push(unit_cells(u, months - 24..months - 12));
                out.last_year.push(unit_cells(u, months - 12..months));
            }
        }
        for (c, t) in classes.iter_mut().enumerate() {
            // A unit's only class is not tallied per case (see `ClassModel::tally_from_hours`):
            // its case counts and times are the unit's.
            if !model.class_shares_unit(c)
                && let Some(unit) = model
                    .classes
                    .get(c)
                    .and_then(|spec| out.measured.get(spec.unit))
            {
                t.cases = unit.cases;
                t.started = unit.started;
                t.abandoned = unit.abandoned;
                t.completed = unit.completed;
                t.within_sla = unit.within_sla;
                t.wait_days = unit.wait_days;
                t.resolution_days = unit.resolution_days;
            }
            t.months = (months - first) as f64;
            t.open_past_sla = open_past_sla.get(c).copied().unwrap_or(0) as f64;
        }
        out.classes = classes;
        out
    }

    /// Fills the organisation KPIs that are built from unit outcomes. SLA compliance leaves
    /// out units whose work has no SLA (timetabled sessions).
    pub(crate) fn fill_kpis(&self, model: &Model, kpis: &mut [f64; Kpi::COUNT]) {
        let all = UnitTotals::sum(&self.measured);
        let with_sla: Vec<UnitTotals> = self
            .measured
            .iter()
            .zip(&model.units)
            .filter(|(_, u)| u.kind.has_sla())
            .map(|(t, _)| *t)
            .collect();
        kpis[Kpi::SlaComplianceStrict as usize] =
            UnitKpi::SlaCompliance.value(&UnitTotals::sum(&with_sla));
        kpis[Kpi::DemandServed as usize] = UnitKpi::DemandServed.value(&all);
        kpis[Kpi::SlaComplianceWorstUnit as usize] = worst(&with_sla, UnitKpi::SlaCompliance);
        kpis[Kpi::DemandServedWorstUnit as usize] = worst(&self.measured, UnitKpi::DemandServed);
        let ejs: Vec<f64> = self
            .measured
            .iter()
            .enumerate()
            .filter(|(u, _)| !self.pool.get(*u).copied().unwrap_or(false))
            .map(|(_, t)| UnitKpi::Ej.value(t))
            .filter(|v| v.is_finite())
            .collect();
        kpis[Kpi::EjOutsideBand as usize] = outside_band(&ejs);
        kpis[Kpi::EjGini as usize] = gini(&ejs);
    }
}

/// The worst defined value of a KPI over units (NaN when no unit has one).
pub fn worst(units: &[UnitTotals], kpi: UnitKpi) -> f64 {
    let values = units.iter().map(|t| kpi.value(t)).filter(|v| v.is_finite());
    match kpi.better() {
        Better::Higher => values.fold(f64::NAN, f64::min),
        Better::Lower => values.fold(f64::NAN, f64::max),
        Better::Neither => f64::NAN,
    }
}

/// Share of values outside [`EJ_BAND`] (NaN for none).
pub fn outside_band(ejs: &[f64]) -> f64 {
    let outside = ejs
        .iter()
        .filter(|&&e| e < EJ_BAND.0 || e > EJ_BAND.1 + 1e-12)
        .count();
    ratio(outside as f64, ejs.len() as f64)
}

/// Gini coefficient of non-negative values (0 = all equal; NaN for none or all zero).
pub fn gini(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let total: f64 = xs.iter().sum();
    if xs.is_empty() || total <= 0.0 {
        return f64::NAN;
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x)
        .sum();
    weighted / (n * total)
}

impl World<'_> {
    /// Adds to the measured-window tally of a case class (nothing during the warm-up).
    #[inline]
    pub(crate) fn tally_class(&mut self, class: u32, now: f64, f: impl FnOnce(&mut UnitTotals)) {
        let c = class as usize;
        if self
            .model
            .classes
            .get(c)
            .is_some_and(|spec| now >= spec.tally_from_hours)
            && let Some(t) = self.class_totals.get_mut(c)
        {
            f(t);
        }
    }

    /// Cases still open (waiting or in service) past their SLA at `now`, per class.
    pub(crate) fn open_past_sla(&self, now: f64) -> Vec<u32> {
        let classes = &self.model.classes;
        let mut out = vec![0u32; classes.len()];
        let mut count = |arrival: f64, class: u32| {
            let c = class as usize;
            if let (Some(spec), Some(n)) = (classes.get(c), out.get_mut(c))
                && now - arrival > spec.sla_hours
            {
                *n += 1;
            }
        };
        for u in &self.units {
            for &r in &u.queue {
                if let Some(case) = self.waiting.get(r) {
                    count(case.arrival, case.class);
                }
            }
        }
        for p in &self.staff {
            if let Some(case) = p.in_hand {
                count(case.arrival, case.class());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_equal_values_is_zero_and_of_one_holder_is_near_one() {
        assert_eq!(gini(&[1.0, 1.0, 1.0]), 0.0);
        let g = gini(&[0.0, 0.0, 0.0, 4.0]);
        assert!((g - 0.75).abs() < 1e-12, "{g}");
        assert!(gini(&[]).is_nan());
    }

    #[test]
    fn band_counts_units_outside_0_7_to_1() {
        assert_eq!(outside_band(&[0.69, 0.7, 1.0, 1.01]), 0.5);
    }

    #[test]
    fn group_sla_is_a_ratio_of_sums_not_a_mean_of_ratios() {
        let a = UnitTotals {
            months: 12.0,
            completed: 90.0,
            within_sla: 90.0,
            ..Default::default()
        };
        let b = UnitTotals {
            months: 12.0,
            completed: 10.0,
            within_sla: 0.0,
            open_past_sla: 10.0,
            ..Default::default()
        };
        let sum = UnitTotals::sum([&a, &b]);
        assert_eq!(sum.months, 12.0);
        assert!((UnitKpi::SlaCompliance.value(&sum) - 90.0 / 110.0).abs() < 1e-12);
        assert_eq!(worst(&[a, b], UnitKpi::SlaCompliance), 0.0);
        let round = UnitTotals::from_array(&sum.to_array());
        assert_eq!(round, sum);
    }
}
