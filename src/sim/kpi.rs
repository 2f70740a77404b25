//! The scalar outcomes of a replication and the monthly series, by name.

/// Whether smaller or larger values of a KPI are better for the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Smaller is better (waits, backlog, cost).
    Lower,
    /// Larger is better (SLA compliance).
    Higher,
    /// Neither (descriptive counts such as cases).
    Neither,
}

macro_rules! kpis {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $unit:literal, $better:ident; )*) => {
        /// A scalar KPI of one replication, measured after the warm-up.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Kpi { $( $(#[doc = $doc])* $variant, )* }

        impl Kpi {
            /// Every KPI, in output column order.
            pub const ALL: &'static [Kpi] = &[$(Kpi::$variant),*];
            /// Number of KPIs.
            pub const COUNT: usize = Kpi::ALL.len();
            /// Name used in output files.
            pub fn name(self) -> &'static str { match self { $(Kpi::$variant => $name),* } }
            /// Unit of measurement, for tables and axis labels.
            pub fn unit(self) -> &'static str { match self { $(Kpi::$variant => $unit),* } }
            /// Direction of improvement.
            pub fn better(self) -> Better { match self { $(Kpi::$variant => Better::$better),* } }
            /// The KPI with that output name.
            pub fn from_name(name: &str) -> Option<Kpi> {
                Kpi::ALL.iter().copied().find(|k| k.name() == name)
            }
            /// Its definition (the doc comment), for data dictionaries.
            pub fn description(self) -> &'static str {
                match self { $(Kpi::$variant => concat!($($doc),*)),* }
            }
        }
    };
}

kpis! {
    /// Complaints filed (exogenous + induced), measured window.
    Complaints = "complaints", "cases", Lower;
    /// Complaints induced by long waits, measured window.
    ComplaintsInduced = "complaints_induced", "cases", Lower;
    /// All cases arrived, measured window.
    Cases = "cases", "cases", Neither;
    /// Cases abandoned before service started, measured window.
    Abandoned = "abandoned", "cases", Lower;
    /// Mean wait from arrival to start of service.
    WaitDaysMean = "wait_days_mean", "working days", Lower;
    /// Mean resolution time (arrival to completion).
    ResolutionDaysMean = "resolution_days_mean", "working days", Lower;
    /// 90th percentile of resolution time.
    ResolutionDaysP90 = "resolution_days_p90", "working days", Lower;
    /// Share of cases completed within their SLA (abandoned cases count as breaches).
    SlaCompliance = "sla_compliance", "fraction", Higher;
    /// Cases in the system at the end of the horizon.
    BacklogEnd = "backlog_end", "cases", Lower;
    /// Largest month-end backlog in the measured window.
    BacklogPeak = "backlog_peak", "cases", Lower;
    /// Mean over units of busy hours / staffed hours.
    UtilizationMean = "utilization_mean", "fraction", Neither;
    /// Coefficient of variation of utilization across units (0 = perfectly balanced).
    UtilizationCv = "utilization_cv", "ratio", Lower;
    /// Mean stress (0..1: sustained overload) of staff on the books at month ends.
    StressMean = "stress_mean", "index", Lower;
    /// Burnout onsets.
    Burnouts = "burnouts", "people", Lower;
    /// Share of staff on the books burned out, over month ends.
    BurnoutPrevalence = "burnout_prevalence", "fraction", Lower;
    /// Overtime hours worked.
    OvertimeHours = "overtime_hours", "hours", Lower;
    /// Resignations (not counting quits over a transfer order).
    Attrition = "attrition", "people", Lower;
    /// Retirements at the age limit.
    Retirements = "retirements", "people", Neither;
    /// New hires who started work.
    Hires = "hires", "people", Neither;
    /// Share of staff time absent (leave, sickness, duties).
    AbsenceRate = "absence_rate", "fraction", Lower;
    /// Orders that passed the rules and reached the person.
    TransfersOrdered = "transfers_ordered", "orders", Neither;
    /// Moves completed (arrived at the new unit).
    TransfersDone = "transfers_done", "moves", Neither;
    /// Orders appealed (moved later).
    TransfersAppealed = "transfers_appealed", "orders", Lower;
    /// Orders refused (cancelled; disciplinary record).
    TransfersRefused = "transfers_refused", "orders", Lower;
    /// People who quit the service rather than move.
    TransferQuits = "transfer_quits", "people", Lower;
    /// Orders blocked because they would break a rule.
    RuleViolationsPrevented = "rule_violations_prevented", "orders", Neither;
    /// Mean productivity of present staff at month ends (1 = standard).
    ProductivityMean = "productivity_mean", "ratio", Higher;
    /// Staff time lost to learning at a new post: moved people, new hires, and initial staff
    /// still on their ramp (sum over staff-months of 1 - ramp).
    LearningLossFteMonths = "learning_loss_fte_months", "FTE-months", Lower;
    /// Mean distinct fields served per person at the end.
    FieldsPerStaff = "fields_per_staff", "fields", Higher;
    /// Coefficient of variation of EJ across units (0 = balanced workload).
    EjCv = "ej_cv", "ratio", Lower;
    /// Units whose EJ over the measured window exceeds 1 (overloaded).
    UnitsOverloaded = "units_overloaded", "units", Lower;
    /// Mean number of staff past the maximum years at post at month ends.
    StaffOverMaxTenure = "staff_over_max_tenure", "people", Lower;
    /// Relocation and training costs of moves.
    CostRelocation = "cost_relocation", "Rp", Lower;
    /// Allowances, packages and communication costs.
    CostIncentives = "cost_incentives", "Rp", Lower;
    /// Overtime pay.
    CostOvertime = "cost_overtime", "Rp", Lower;
    /// All costs: moves, incentives, overtime, contract staff pay and civil servants'
    /// salaries.
    CostTotal = "cost_total", "Rp", Lower;
    /// Share of cases within their SLA counting abandoned cases and cases still open past
    /// their SLA at the end of the horizon as breaches (`sla_compliance` leaves the open
    /// ones out, which flatters a policy whose backlog grows).
    SlaComplianceStrict = "sla_compliance_strict", "fraction", Higher;
    /// Share of cases served rather than given up: started / (started + abandoned). For
    /// work that expires (a lesson, a clinic session) the share of demand delivered.
    DemandServed = "demand_served", "fraction", Higher;
    /// The lowest `sla_compliance_strict` of any unit.
    SlaComplianceWorstUnit = "sla_compliance_worst_unit", "fraction", Higher;
    /// The lowest `demand_served` of any unit.
    DemandServedWorstUnit = "demand_served_worst_unit", "fraction", Higher;
    /// Share of staffed units whose EJ over the measured window is outside the band
    /// 0.70–1.00 of the workload regulation's grades B and C \[R33\] (overloaded or
    /// over-staffed). Unlike a utilisation CV it does not fall when overload is spread.
    EjOutsideBand = "ej_outside_band", "fraction", Lower;
    /// Gini coefficient of EJ across staffed units (0 = workload per person equal).
    EjGini = "ej_gini", "ratio", Lower;
    /// Share of staff on the books who are contract staff (honorer, GTT/PTT, PPPK), over
    /// month ends: the capacity no mutasi can move.
    ContractShare = "contract_share", "fraction", Neither;
    /// Contracts that ended without renewal (each an exit refilled by contract hiring).
    ContractEnds = "contract_ends", "people", Neither;
    /// Pay of contract staff (`costs.contract_monthly_rp` per person-month).
    CostContract = "cost_contract", "Rp", Lower;
    /// Civil servants' salaries (`costs.monthly_salary_rp` per civil servant
    /// person-month): what a policy that ends with more or fewer people costs.
    CostSalaries = "cost_salaries", "Rp", Lower;
    /// Share of unit-months, over units with a `requires` list, ending with a required
    /// profession (e.g. a doctor at a puskesmas) absent: nobody of it present (0 when no
    /// unit requires one).
    RequiredMissing = "required_missing", "fraction", Lower;
    /// Temporary assignments begun (perbantuan, tugas tambahan, piket): people lent to
    /// another unit for a bounded period, counted apart from transfers.
    TemporaryAssignments = "temporary_assignments", "assignments", Neither;
    /// Share of school-months (units with `students`) ending with more students per teacher
    /// on the books (contract teachers included) than the school's standard
    /// `students_per_teacher` (PP 74/2008 \[R140\]): schools short of teachers against the
    /// standard (0 when no unit has students).
    StudentRatioOverStandard = "student_ratio_over_standard", "fraction", Lower;
    /// Mean over school-months of |teachers on the books - students / standard| / (students /
    /// standard): how far schools are, short or in excess, from the teachers their
    /// student-teacher standard gives them (0 = every school at its standard, or no school).
    TeacherGapVsStandard = "teacher_gap_vs_standard", "fraction", Lower;
    /// Over schools with `subject_need`: the teachers missing within each subject group
    /// (on the books, contract teachers included) ÷ the teachers the standard gives, over
    /// month ends; a surplus of one subject does not cover a shortage of another (0 with no
    /// such school).
    SubjectGapVsStandard = "subject_gap_vs_standard", "fraction", Lower;
}

impl Kpi {
    /// True for a ratio whose denominator can legitimately be zero, so the KPI is undefined
    /// (NaN, written as empty/`null`/"n/a"): a mean wait with no case started, a share with no
    /// case closed, a staff mean with nobody on the books. Every other KPI is always finite.
    pub fn may_be_undefined(self) -> bool {
        matches!(
            self,
            Kpi::WaitDaysMean
                | Kpi::ResolutionDaysMean
                | Kpi::ResolutionDaysP90
                | Kpi::SlaCompliance
                | Kpi::UtilizationMean
                | Kpi::UtilizationCv
                | Kpi::StressMean
                | Kpi::BurnoutPrevalence
                | Kpi::AbsenceRate
                | Kpi::ProductivityMean
                | Kpi::FieldsPerStaff
                | Kpi::EjCv
                | Kpi::SlaComplianceStrict
                | Kpi::DemandServed
                | Kpi::SlaComplianceWorstUnit
                | Kpi::DemandServedWorstUnit
                | Kpi::EjOutsideBand
                | Kpi::EjGini
                | Kpi::ContractShare
        )
    }

    /// True for a total over the measured window (a count or a cost), which outputs show
    /// per year of the window.
    pub fn per_year(self) -> bool {
        matches!(
            self,
            Kpi::Complaints
                | Kpi::ComplaintsInduced
                | Kpi::Cases
                | Kpi::Abandoned
                | Kpi::Burnouts
                | Kpi::Attrition
                | Kpi::Retirements
                | Kpi::Hires
                | Kpi::TransfersOrdered
                | Kpi::TransfersDone
                | Kpi::TransfersAppealed
                | Kpi::TransfersRefused
                | Kpi::TransferQuits
                | Kpi::RuleViolationsPrevented
                | Kpi::LearningLossFteMonths
                | Kpi::CostRelocation
                | Kpi::CostIncentives
                | Kpi::CostOvertime
                | Kpi::CostTotal
                | Kpi::OvertimeHours
                | Kpi::ContractEnds
                | Kpi::CostContract
                | Kpi::CostSalaries
                | Kpi::TemporaryAssignments
        )
    }

    /// Unit as written in output files: `unit()` with "per year" for window totals.
    pub fn output_unit(self) -> String {
        if self.per_year() {
            format!("{} per year", self.unit())
        } else {
            self.unit().to_string()
        }
    }

    /// The smallest and largest values the KPI can take (for clipping confidence
    /// intervals): shares lie in [0, 1], everything else is non-negative.
    pub fn possible_range(self) -> (f64, f64) {
        if self.is_share() {
            (0.0, 1.0)
        } else {
            (0.0, f64::INFINITY)
        }
    }

    /// True for a KPI that is a share, within [0, 1] when defined.
    pub fn is_share(self) -> bool {
        matches!(
            self,
            Kpi::SlaCompliance
                | Kpi::UtilizationMean
                | Kpi::AbsenceRate
                | Kpi::SlaComplianceStrict
                | Kpi::DemandServed
                | Kpi::SlaComplianceWorstUnit
                | Kpi::DemandServedWorstUnit
                | Kpi::EjOutsideBand
                | Kpi::BurnoutPrevalence
                | Kpi::ContractShare
                | Kpi::RequiredMissing
                | Kpi::StudentRatioOverStandard
                | Kpi::SubjectGapVsStandard
        )
    }
}

macro_rules! metrics {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $unit:literal; )*) => {
        /// A monthly per-unit series.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Metric { $( $(#[doc = $doc])* $variant, )* }

        impl Metric {
            /// Every metric, in output order.
            pub const ALL: &'static [Metric] = &[$(Metric::$variant),*];
            /// Number of metrics.
            pub const COUNT: usize = Metric::ALL.len();
            /// Name used in output files.
            pub fn name(self) -> &'static str { match self { $(Metric::$variant => $name),* } }
            /// Unit of measurement.
            pub fn unit(self) -> &'static str { match self { $(Metric::$variant => $unit),* } }
            /// The metric with that output name.
            pub fn from_name(name: &str) -> Option<Metric> {
                Metric::ALL.iter().copied().find(|k| k.name() == name)
            }
            /// Its definition (the doc comment), for data dictionaries.
            pub fn description(self) -> &'static str {
                match self { $(Metric::$variant => concat!($($doc),*)),* }
            }
        }
    };
}

metrics! {
    /// Cases arriving in the month (all classes).
    Arrivals = "arrivals", "cases";
    /// Cases completed in the month.
    Completions = "completions", "cases";
    /// Complaints filed in the month.
    Complaints = "complaints", "cases";
    /// Cases abandoned in the month.
    Abandoned = "abandoned", "cases";
    /// Mean wait of cases starting service in the month.
    WaitDaysMean = "wait_days_mean", "working days";
    /// Mean resolution time of cases completed in the month.
    ResolutionDaysMean = "resolution_days_mean", "working days";
    /// Share of cases completed in the month within SLA (abandoned count as breaches).
    SlaCompliance = "sla_compliance", "fraction";
    /// Busy hours / staffed hours.
    Utilization = "utilization", "fraction";
    /// Time-average number of cases in the unit (waiting or in service).
    InSystemMean = "in_system_mean", "cases";
    /// Cases in the unit at month end.
    Backlog = "backlog", "cases";
    /// Staff present at month end.
    StaffPresent = "staff_present", "people";
    /// Staff on the books (present, absent or serving notice) at month end.
    StaffAssigned = "staff_assigned", "people";
    /// Share of staff time absent.
    AbsenceRate = "absence_rate", "fraction";
    /// Mean productivity of present staff at month end.
    ProductivityMean = "productivity_mean", "ratio";
    /// Mean stress (0..1) of staff on the books at month end.
    StressMean = "stress_mean", "index";
    /// Share of staff on the books burned out at month end.
    BurnedOut = "burned_out", "fraction";
    /// Overtime hours worked in the month.
    OvertimeHours = "overtime_hours", "hours";
    /// Workload-analysis required FTE.
    RequiredFte = "required_fte", "FTE";
    /// Workload-analysis efficiency ratio (required FTE / staff on the books).
    Ej = "ej", "ratio";
    /// Moves completed into the unit.
    TransfersDone = "transfers_done", "moves";
    /// Orders appealed by the unit's staff.
    TransfersAppealed = "transfers_appealed", "orders";
    /// Orders refused by the unit's staff.
    TransfersRefused = "transfers_refused", "orders";
    /// Unit staff who quit rather than move.
    TransferQuits = "transfer_quits", "people";
    /// Resignations and retirements.
    Exits = "exits", "people";
    /// New hires starting.
    Hires = "hires", "people";
    /// Contract staff (honorer, GTT/PTT, PPPK) on the books at month end.
    StaffContract = "staff_contract", "people";
    /// Temporary assignments into the unit begun in the month (not transfers).
    TemporaryAssignments = "temporary_assignments", "assignments";
}
