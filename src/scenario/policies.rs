//! The policies a scenario compares (`[[policies]]`), when they review, and the support
//! measures they offer. Parameters are flat per entry; `kind` says which apply.

use serde::{Deserialize, Serialize};

/// The built-in policy kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// Grant requests the rules allow, plan nothing.
    StatusQuo,
    /// No transfers at all.
    Freeze,
    /// An explicit list of moves at given months.
    PlannedMoves,
    /// Tour of duty every N years.
    PeriodicRotation,
    /// Workload analysis: surplus to deficit units.
    NeedsBased,
    /// React to complaint (or SLA breach) surges.
    ComplaintTriggered,
    /// Re-assign people to maximise total fit under a move budget.
    CompetenceMatch,
    /// The camat's first response to a surge: lend people to the surging unit for a
    /// bounded period (perbantuan, tugas tambahan, piket), back when it clears.
    TemporaryAssignment,
}

/// Who a policy picks first among people who could move (the merit system of UU 20/2023
/// asks that performance count; the Gorontalo seed asks for performance data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SelectBy {
    /// Best fit to the destination first, then least resistance.
    #[default]
    Fit,
    /// Best performers first, then fit, then least resistance.
    Performance,
}

impl PolicyKind {
    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::StatusQuo => "status_quo",
            PolicyKind::Freeze => "freeze",
            PolicyKind::PlannedMoves => "planned_moves",
            PolicyKind::PeriodicRotation => "periodic_rotation",
            PolicyKind::NeedsBased => "needs_based",
            PolicyKind::ComplaintTriggered => "complaint_triggered",
            PolicyKind::CompetenceMatch => "competence_match",
            PolicyKind::TemporaryAssignment => "temporary_assignment",
        }
    }
}

/// Who moves in a periodic rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RotationWho {
    /// Those longest at post first.
    #[default]
    LongestAtPost,
    /// At random among the eligible.
    Random,
    /// Best performers first (rotation gains are driven by high performers \[R66\]).
    Performance,
}

/// Where people go in a rotation or rebalancing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// The unit where the person fits best (ties: most needed).
    #[default]
    BestFit,
    /// The unit with the highest workload ratio EJ (ties: best fit).
    MostNeeded,
    /// The posts the rotating people leave, re-dealt among them: every unit keeps its
    /// headcount, nobody returns to their own unit, and the total fit is the highest possible.
    Swap,
}

/// A monthly indicator of a unit, as a planner's dashboard shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Complaints filed in the month.
    Complaints,
    /// Cases arrived in the month.
    Cases,
    /// Share of cases resolved within SLA (abandoned count as breaches).
    SlaCompliance,
    /// 1 - SLA compliance.
    SlaBreachRate,
    /// Busy hours / present hours.
    Utilization,
    /// Workload-analysis efficiency ratio: required FTE / staff on the books.
    Ej,
    /// Workload-analysis required FTE.
    RequiredFte,
    /// Cases in the unit at month end.
    Backlog,
    /// Mean wait of cases started in the month (working days).
    WaitDaysMean,
}

/// Non-cash package offered with postings to rural and remote units (odds ratios from
/// Kurniati et al. 2024 \[R97\]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Security guarantee from the local government.
    #[serde(default)]
    pub security: bool,
    /// Fully funded continuing professional development.
    #[serde(default)]
    pub training: bool,
    /// Housing and facilities.
    #[serde(default)]
    pub facilities: bool,
}

impl Package {
    /// True when any part of the package is offered.
    pub fn any(&self) -> bool {
        self.security || self.training || self.facilities
    }
}

/// Support measures a policy keeps in force; each lowers resistance or learning loss and
/// has a cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// Income premium by unit remoteness 0/1/2 (0.4 = +40 % of base salary), paid monthly
    /// to everyone posted there (tunjangan khusus: one month's base salary \[R143\]).
    #[serde(default)]
    pub allowance_premium: [f64; 3],
    /// Non-cash package for postings to units with remoteness >= 1.
    #[serde(default)]
    pub package: Package,
    /// Communication effort per order, 0..1 (lowers resistance, costs per order).
    #[serde(default)]
    pub communication: f64,
    /// Train every transferred person before the move.
    #[serde(default)]
    pub train_before_move: bool,
    /// Pay the allowance only for days present (as KIAT Guru's pay-for-presence arm \[R176\]):
    /// then it also lowers the extra absence of the units where it is paid (see
    /// `retention.conditional_attendance_effect`); an unconditional allowance does not \[R175\].
    #[serde(default)]
    pub allowance_conditional_on_presence: bool,
}

/// One move of a planned-moves policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlannedMove {
    /// Month of the order (1-based: month 1 is the first simulated month).
    pub month: u32,
    /// Unit to move people from.
    pub from: String,
    /// Unit to move them to.
    pub to: String,
    /// How many people.
    #[serde(default = "one_u32")]
    pub count: u32,
    /// Prefer people of this background field (default: best fit at the destination).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Train them before the move.
    #[serde(default)]
    pub train_first: bool,
}

fn one_u32() -> u32 {
    1
}

/// When policies act.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReviewSpec {
    /// Months between reviews (1 monthly, 3 quarterly, 12 yearly). Assumption: quarterly.
    #[serde(default = "default_every")]
    pub every_months: u32,
    /// Month (1-based) at whose end the first review happens.
    #[serde(default = "default_every")]
    pub start_month: u32,
    /// Most orders accepted per review (further ones are blocked and counted).
    #[serde(default = "default_cap")]
    pub max_moves_per_review: u32,
}

fn default_every() -> u32 {
    3
}
fn default_cap() -> u32 {
    10
}

impl Default for ReviewSpec {
    fn default() -> Self {
        ReviewSpec {
            every_months: default_every(),
            start_month: default_every(),
            max_moves_per_review: default_cap(),
        }
    }
}

/// One policy to compare: a name, a kind, the kind's parameters and support measures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Name in outputs (unique).
    pub name: String,
    /// Which built-in policy.
    pub kind: PolicyKind,
    /// One sentence for reports.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Support measures in force.
    #[serde(default)]
    pub support: Support,
    /// Review timing for this policy (default: the scenario's `[review]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewSpec>,
    /// Units the policy may move people between (default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    /// `planned_moves`: the moves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<PlannedMove>,
    /// `periodic_rotation`: years between tours of duty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_years: Option<f64>,
    /// `periodic_rotation`: who moves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<RotationWho>,
    /// `periodic_rotation`: where they go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<Destination>,
    /// `periodic_rotation`: only people of these fields rotate (default: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// `needs_based`: EJ band around 1 inside which nothing is done (0.1 = 0.9..1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// `needs_based`, `complaint_triggered`: months an indicator must stay out of band / the
    /// surge window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// `complaint_triggered`: the indicator watched, one where higher is worse (complaints,
    /// sla_breach_rate, backlog, wait_days_mean, ej).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    /// `complaint_triggered`: surge = recent mean above this multiple of the earlier mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surge_factor: Option<f64>,
    /// `complaint_triggered`: months of baseline before the window (at least 12; default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_months: Option<u32>,
    /// `complaint_triggered`: level of the one-sided surge test (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// `complaint_triggered`: or above this absolute level per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// `complaint_triggered`, `needs_based`: people moved per trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moves_per_trigger: Option<u32>,
    /// `competence_match`: most moves per review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_budget: Option<u32>,
    /// Train moved people first (planned moves may also say so per move).
    #[serde(default)]
    pub train_first: bool,
    /// Also grant staff-initiated transfer requests that the rules allow (default: yes for
    /// every kind but `freeze`; `status_quo` always does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_requests: Option<bool>,
    /// Donor guard: no move of the policy's own may leave the unit it takes someone from
    /// above this effective workload ratio (EJ on need projected over 12 months, with fit,
    /// learning ramp and absence counted; default 0.9, the edge of ABK grade B \[R33\]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub donor_max_ej: Option<f64>,
    /// Receiver guard: a unit receives only while its effective staffing is below its
    /// projected need x (1 + this) (default 0.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_margin: Option<f64>,
    /// Donor guard for granted requests (default: none, requests are granted as the
    /// transfer rules allow under every policy alike).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_donor_max_ej: Option<f64>,
    /// Make the policy's own moves temporary assignments of at most this many weeks instead
    /// of transfers (granted requests stay transfers). `temporary_assignment`: the longest
    /// loan (default 8 weeks; assumption, plausible range 2-13: a piket or perbantuan is
    /// counted in weeks, not years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_weeks: Option<f64>,
    /// Who is picked first among people who could move: `fit` (default) or `performance`
    /// (the merit system). `periodic_rotation` says it with `who = "performance"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select_by: Option<SelectBy>,
}

impl PolicySpec {
    /// A policy entry of a kind with no parameters.
    pub fn simple(name: &str, kind: PolicyKind) -> PolicySpec {
        PolicySpec {
            name: name.to_string(),
            kind,
            description: String::new(),
            support: Support::default(),
            review: None,
            units: Vec::new(),
            moves: Vec::new(),
            every_years: None,
            who: None,
            destination: None,
            fields: Vec::new(),
            tolerance: None,
            months: None,
            indicator: None,
            surge_factor: None,
            baseline_months: None,
            alpha: None,
            threshold: None,
            moves_per_trigger: None,
            move_budget: None,
            train_first: false,
            grant_requests: None,
            donor_max_ej: None,
            receiver_margin: None,
            request_donor_max_ej: None,
            temporary_weeks: None,
            select_by: None,
        }
    }

    /// Parameters given that the kind does not use, as field names.
    pub fn stray_parameters(&self) -> Vec<&'static str> {
        use PolicyKind::*;
        let k = self.kind;
        let mut out = Vec::new();
        let mut check = |name: &'static str, present: bool, kinds: &[PolicyKind]| {
            if present && !kinds.contains(&k) {
                out.push(name);
            }
        };
        check("moves", !self.moves.is_empty(), &[PlannedMoves]);
        check(
            "every_years",
            self.every_years.is_some(),
            &[PeriodicRotation],
        );
        check("who", self.who.is_some(), &[PeriodicRotation]);
        check(
            "destination",
            self.destination.is_some(),
            &[PeriodicRotation, NeedsBased],
        );
        check("fields", !self.fields.is_empty(), &[PeriodicRotation]);
        check("tolerance", self.tolerance.is_some(), &[NeedsBased]);
        check(
            "months",
            self.months.is_some(),
            &[NeedsBased, ComplaintTriggered, TemporaryAssignment],
        );
        let surge = &[ComplaintTriggered, TemporaryAssignment];
        check("indicator", self.indicator.is_some(), surge);
        check("surge_factor", self.surge_factor.is_some(), surge);
        check("threshold", self.threshold.is_some(), surge);
        check("baseline_months", self.baseline_months.is_some(), surge);
        check("alpha", self.alpha.is_some(), surge);
        check(
            "moves_per_trigger",
            self.moves_per_trigger.is_some(),
            &[ComplaintTriggered, TemporaryAssignment, NeedsBased],
        );
        check(
            "temporary_weeks",
            self.temporary_weeks.is_some(),
            &[
                TemporaryAssignment,
                ComplaintTriggered,
                NeedsBased,
                CompetenceMatch,
                PeriodicRotation,
                PlannedMoves,
            ],
        );
        check(
            "select_by",
            self.select_by.is_some(),
            &[
                ComplaintTriggered,
                TemporaryAssignment,
                NeedsBased,
                CompetenceMatch,
            ],
        );
        check(
            "move_budget",
            self.move_budget.is_some(),
            &[CompetenceMatch],
        );
        out
    }
}

/// The default policy list: the status quo alone.
pub fn default_policies() -> Vec<PolicySpec> {
    vec![PolicySpec::simple("status_quo", PolicyKind::StatusQuo)]
}

/// The default baseline policy name.
pub fn default_baseline() -> String {
    "status_quo".to_string()
}
