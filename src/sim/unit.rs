//! A unit's runtime state: its FIFO queue, its idle staff, and the levels whose time
//! integrals give utilization and mean number in system.

use std::collections::VecDeque;

use super::case::CaseRef;
use super::result::MonthCell;

/// One unit during a replication.
#[derive(Debug, Default)]
#[repr(C, align(128))]
pub struct Unit {
    // What a case's arrival, start and completion read and update comes first (`repr(C)`):
    // the first 128 bytes (the tally's end-of-run counts just after), one aligned pair of
    // cache lines.
    /// Time the levels last changed (hours).
    last_change: f64,
    /// Standard work content of the cases really waiting (hours at productivity 1).
    pub waiting_work_hours: f64,
    /// Cases really waiting.
    pub waiting: u32,
    /// Staff serving a case.
    pub busy: u32,
    /// Staff present (idle or busy).
    pub present: u32,
    /// Staff on the books but absent.
    pub absent: u32,
    /// Waiting cases in arrival order (may hold handles of abandoned cases, skipped lazily).
    pub queue: VecDeque<CaseRef>,
    /// Idle present staff, longest idle first.
    pub idle: VecDeque<u32>,
    /// Counts over the whole run, for conservation checks.
    pub tally: UnitTally,
    /// Staff on the books (present, absent, serving notice).
    pub assigned: u32,
    /// Of `assigned`, people on temporary assignment here from another unit.
    pub lent_in: u32,
    /// People of this unit on temporary assignment elsewhere (on the books there while away).
    pub lent_out: u32,
    /// Staff with an accepted order to this unit, not yet arrived.
    pub incoming: u32,
    /// Staff on the books with an accepted order away, not yet left.
    pub outgoing: u32,
    /// Leavers still finishing their case in hand.
    pub leaving: u32,
    /// Hires that arrived before the leaver they replace had gone; they start as the leaver
    /// departs.
    pub hires_waiting: u32,
    /// Of `hires_waiting`, the contract hires.
    pub contract_hires_waiting: u32,
}

/// Whole-run counts of one unit: arrived = completed + abandoned + waiting + in service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnitTally {
    /// Cases arrived (exogenous and induced).
    pub arrived: u64,
    /// Cases completed.
    pub completed: u64,
    /// Cases abandoned.
    pub abandoned: u64,
    /// Cases waiting at the end.
    pub waiting_end: u64,
    /// Cases in service at the end.
    pub in_service_end: u64,
}

impl Unit {
    /// A waiting case of `work_hours` leaves the queue (taken up or abandoned); the waiting
    /// work is reset to exactly zero with the queue, so rounding never accumulates.
    #[inline]
    pub fn leave_queue(&mut self, work_hours: f64) {
        self.waiting -= 1;
        self.waiting_work_hours = if self.waiting == 0 {
            0.0
        } else {
            self.waiting_work_hours - work_hours
        };
    }

    /// Adds the time integrals of the current levels since the last change to `cell`.
    /// Call before any level changes, and at month ends.
    #[inline]
    pub fn accrue(&mut self, now: f64, cell: &mut MonthCell) {
        let dt = now - self.last_change;
        if dt > 0.0 {
            cell.busy_hours += self.busy as f64 * dt;
            cell.staffed_hours += self.present as f64 * dt;
            cell.in_system_hours += (self.waiting + self.busy) as f64 * dt;
            cell.absent_hours += self.absent as f64 * dt;
            self.last_change = now;
        }
    }

    /// Posts of the unit held: on the books here, people lent elsewhere included and people
    /// lent here left out (a temporary assignment holds no post).
    #[inline]
    pub fn held(&self) -> i64 {
        self.assigned as i64 + self.lent_out as i64 - self.lent_in as i64
    }

    /// Cases waiting or in service.
    #[inline]
    pub fn backlog(&self) -> u32 {
        self.waiting + self.busy
    }
}

#[cfg(test)]
mod tests {
    use super::{Unit, UnitTally};
    use std::mem::{align_of, offset_of, size_of};

    #[test]
    fn what_each_case_reads_fits_one_pair_of_cache_lines() {
        assert_eq!(align_of::<Unit>(), 128);
        // The tally's counts that cases update during the run.
        let tally = offset_of!(Unit, tally);
        for count in [
            offset_of!(UnitTally, arrived),
            offset_of!(UnitTally, completed),
            offset_of!(UnitTally, abandoned),
        ] {
            assert!(tally + count + size_of::<u64>() <= 128, "at byte {count}");
        }
        assert!(offset_of!(Unit, idle) + size_of::<std::collections::VecDeque<u32>>() <= 128);
    }
}
