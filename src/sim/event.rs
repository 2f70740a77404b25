//! The events of one replication. Kept small (12 bytes) because the calendar moves them.

use super::case::CaseRef;

/// Something that happens at a point in time.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// The next case of a class arrives (index into the model's classes).
    Arrival {
        /// Class index.
        class: u32,
    },
    /// A person finishes the case in hand.
    Completion {
        /// Staff id.
        staff: u32,
    },
    /// A waiting case runs out of patience (ignored if it has started).
    Abandon {
        /// The case.
        case: CaseRef,
    },
    /// One waiting case of a class with memoryless patience gives up (which one is drawn).
    AbandonOne {
        /// Class index.
        class: u32,
    },
    /// A waiting case has waited long enough to complain (ignored if it has started).
    ComplaintDue {
        /// The case.
        case: CaseRef,
    },
    /// A person's absence spell begins (after the case in hand).
    AbsenceStart {
        /// Staff id.
        staff: u32,
    },
    /// A person's absence spell ends.
    AbsenceEnd {
        /// Staff id.
        staff: u32,
    },
    /// The notice period (or appeal delay) of an order is over.
    NoticeOver {
        /// Order index.
        order: u32,
    },
    /// A transferred person arrives at the new unit.
    Arrive {
        /// Order index.
        order: u32,
    },
    /// A new hire starts (at this unit, or where the vacancy now is).
    Hire {
        /// Unit index.
        unit: u32,
        /// A contract hire (refilling a contract that ended) rather than a civil servant.
        contract: bool,
        /// For a post left by a transfer, the unit's posts held before it was left (0: not a
        /// backfill): the hire is dropped once the unit holds or is promised as many again.
        backfill: u16,
    },
    /// A temporary assignment reaches its last day.
    LoanEnd {
        /// Staff id.
        staff: u32,
    },
    /// The end of a calendar month: close the month's statistics, update people, review.
    MonthEnd,
}
