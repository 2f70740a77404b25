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
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $unit:literal, $better:ident; )*) => {
        /// A scalar KPI of one replication, measured after the warm-up.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Kpi { $( $(#[$doc])* $variant, )* }

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
}

macro_rules! metrics {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $unit:literal; )*) => {
        /// A monthly per-unit series.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Metric { $( $(#[$doc])* $variant, )* }

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
}
