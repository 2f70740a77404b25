//! Transfer and rotation policies: the [`Policy`] trait (the one place users extend mutasi in
//! Rust), what a policy sees ([`OrgView`]) and what it may do ([`TransferOrder`], [`Support`]).
//!
//! A policy only proposes. The simulation enforces every rule (minimum years at post,
//! headcount, freeze windows, one pending order per person, the review's move cap), and each
//! order then meets the person's resistance.

mod build;
mod choose;
mod competence_match;
mod complaint_triggered;
mod freeze;
mod grant_requests;
mod guard;
mod layered;
mod needs_based;
mod periodic_rotation;
mod planned_moves;
mod pool;
mod status_quo;
mod transport;
mod view;

pub use crate::scenario::{Indicator, Package, ReviewSpec, Support};
pub use build::{build, build_baseline};
pub use competence_match::{CompetenceMatch, assign, assign_within_budget};
pub use complaint_triggered::ComplaintTriggered;
pub use freeze::Freeze;
pub use guard::{
    DEFAULT_DONOR_MAX_EJ, DEFAULT_RECEIVER_MARGIN, GUARD_OFF, Guard, Ledger, UnitLoad, mover_fte,
    staying_fte, unit_loads,
};
pub use layered::Layered;
pub use needs_based::NeedsBased;
pub use periodic_rotation::PeriodicRotation;
pub use planned_moves::PlannedMoves;
pub use status_quo::StatusQuo;
pub use view::{OrgView, StaffInfo, TransferRequest, UnitInfo, ej_grade};

/// Why a transfer was ordered (recorded in the transfer log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A person's own request, granted.
    Request,
    /// A move drafted by hand for a given month.
    Planned,
    /// Periodic rotation (tour of duty).
    Rotation,
    /// Workload analysis: surplus to deficit unit.
    NeedsBased,
    /// Reaction to a complaint surge.
    ComplaintTriggered,
    /// Re-assignment to maximise competence fit.
    CompetenceMatch,
    /// A temporary assignment (perbantuan, tugas tambahan, piket at the counter): lent for a
    /// bounded period outside the transfer pipeline.
    TemporaryAssignment,
    /// Someone from an outside pool ordered to the post a person left for the pool on
    /// request (the other half of the exchange).
    Exchange,
    /// A user-defined policy's own reason.
    Custom,
}

impl Reason {
    /// Name used in output files.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Request => "request",
            Reason::Planned => "planned",
            Reason::Rotation => "rotation",
            Reason::NeedsBased => "needs_based",
            Reason::ComplaintTriggered => "complaint_triggered",
            Reason::CompetenceMatch => "competence_match",
            Reason::TemporaryAssignment => "temporary_assignment",
            Reason::Exchange => "exchange",
            Reason::Custom => "custom",
        }
    }
}

/// An order to move one person to another unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TransferOrder {
    /// Staff id.
    pub staff: u32,
    /// Destination unit (index in scenario order).
    pub to_unit: u32,
    /// Why.
    pub reason: Reason,
    /// Train the person before the move (raises the learning ramp's start; costs money).
    pub train_first: bool,
    /// `None`: a transfer (mutasi) through the formal pipeline. `Some(weeks)`: a temporary
    /// assignment of at most that many weeks (5 working days each): no notice, no transit,
    /// no resistance, the person stays on the books of their own unit and comes back at the
    /// end. An order sending someone on such an assignment back to their own unit ends it
    /// early.
    pub temporary_weeks: Option<f64>,
}

impl TransferOrder {
    /// A transfer of `staff` to `to_unit`, untrained.
    pub fn new(staff: u32, to_unit: u32, reason: Reason) -> TransferOrder {
        TransferOrder {
            staff,
            to_unit,
            reason,
            train_first: false,
            temporary_weeks: None,
        }
    }

    /// A temporary assignment of `staff` to `to_unit` for at most `weeks` weeks.
    pub fn temporary(staff: u32, to_unit: u32, weeks: f64) -> TransferOrder {
        TransferOrder {
            temporary_weeks: Some(weeks),
            ..TransferOrder::new(staff, to_unit, Reason::TemporaryAssignment)
        }
    }
}

/// A threshold a policy watches between reviews: when `indicator` of `unit` for the month just
/// closed rises above `above`, the policy's [`Policy::on_alert`] is called at that month's end
/// (once per crossing: it must fall back to the level or below before it alerts again).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watch {
    /// Unit (index in scenario order).
    pub unit: u32,
    /// The monthly indicator watched.
    pub indicator: Indicator,
    /// The level it must rise above (in the indicator's unit).
    pub above: f64,
}

/// How a policy runs, fixed for a whole experiment: support measures, where they apply and
/// when reviews happen. Plain data held beside the policy (by the experiment's policy entry),
/// so that the policy itself is only behaviour and wrappers have nothing to forward.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySetup {
    /// Support measures in force for the whole run (default: none).
    pub support: Support,
    /// Units where the support measures apply, one flag per unit in scenario order
    /// (`None` = every unit).
    pub support_units: Option<Vec<bool>>,
    /// Review timing and move cap (`None` = the scenario's `[review]`).
    pub review: Option<ReviewSpec>,
}

/// A transfer or rotation policy.
///
/// `review` is called at each review epoch (and `on_alert` when an indicator crosses a
/// threshold the policy asked to [`watch`](Policy::watch)); it reads the organisation and
/// returns orders. How often reviews happen and which support measures apply is not the
/// policy's business but its [`PolicySetup`]'s.
///
/// Draw any randomness from `rng` only, so runs stay reproducible. `rng` is a
/// [`rand`] generator; `mutasi::rand` re-exports the version mutasi uses, so a
/// policy needs no `rand` dependency of its own (`use mutasi::rand::RngExt;` for
/// `random_range` and friends).
pub trait Policy: Send {
    /// Looks at the organisation and orders transfers.
    fn review(&mut self, org: &OrgView<'_>, rng: &mut dyn rand::Rng) -> Vec<TransferOrder>;

    /// Thresholds to watch between reviews (default: none).
    fn watch(&self) -> Vec<Watch> {
        Vec::new()
    }

    /// Reacts to a watched threshold being crossed (default: nothing).
    fn on_alert(
        &mut self,
        _org: &OrgView<'_>,
        _unit: u32,
        _indicator: Indicator,
        _rng: &mut dyn rand::Rng,
    ) -> Vec<TransferOrder> {
        Vec::new()
    }
}
