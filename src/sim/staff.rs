//! A member of staff: a person with an id who serves cases at a unit.

use super::case::Case;

/// What a person is doing right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Present at the unit, waiting for a case.
    Idle,
    /// Working on a case.
    Busy,
}

/// One person. The id is stable for the whole replication.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Stable id (index in the replication's staff list).
    pub id: u32,
    /// Unit the person works at.
    pub unit: u32,
    /// Current activity.
    pub activity: Activity,
    /// The case in hand while busy.
    pub in_hand: Option<Case>,
    /// Time the case in hand started (hours).
    pub started_at: f64,
}

impl Staff {
    /// A person present and idle at `unit`.
    pub fn new(id: u32, unit: u32) -> Staff {
        Staff {
            id,
            unit,
            activity: Activity::Idle,
            in_hand: None,
            started_at: 0.0,
        }
    }

    /// Speed relative to the work-content standard (1.0 = standard).
    #[inline]
    pub fn productivity(&self) -> f64 {
        1.0
    }
}
