//! Cases (requests, complaints) waiting in a unit's queue, kept in a slab so that timers
//! (abandonment, complaint) can find them; a generation number makes stale timers harmless.

/// Handle of a waiting case: slab slot plus generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRef {
    slot: u32,
    generation: u32,
}

/// A case: what it is and when it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// Arrival time (working hours).
    pub arrival: f64,
    /// Work content (hours at productivity 1).
    pub work_hours: f64,
    /// Index of its class in the model.
    pub class: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    generation: u32,
    /// Position in its class's abandonment clock (classes with memoryless patience).
    clock_pos: u32,
    case: Option<Case>,
}

/// Storage for waiting cases; slots are reused, so it stops allocating once it has grown to
/// the largest number of cases waiting at once.
#[derive(Debug, Default)]
pub struct WaitingCases {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl WaitingCases {
    /// Stores a case and returns its handle.
    #[inline]
    pub fn insert(&mut self, case: Case) -> CaseRef {
        if let Some(slot) = self.free.pop() {
            let s = &mut self.slots[slot as usize];
            s.case = Some(case);
            CaseRef {
                slot,
                generation: s.generation,
            }
        } else {
            let slot = self.slots.len() as u32;
            self.slots.push(Slot {
                generation: 0,
                clock_pos: 0,
                case: Some(case),
            });
            CaseRef {
                slot,
                generation: 0,
            }
        }
    }

    /// The case, if the handle is still current.
    #[inline]
    pub fn get(&self, r: CaseRef) -> Option<&Case> {
        let s = self.slots.get(r.slot as usize)?;
        if s.generation == r.generation {
            s.case.as_ref()
        } else {
            None
        }
    }

    /// Position of a waiting case in its class's abandonment clock.
    #[inline]
    pub fn clock_pos(&self, r: CaseRef) -> u32 {
        self.slots.get(r.slot as usize).map_or(0, |s| s.clock_pos)
    }

    /// Records the position of a waiting case in its class's abandonment clock.
    #[inline]
    pub fn set_clock_pos(&mut self, r: CaseRef, pos: u32) {
        if let Some(s) = self.slots.get_mut(r.slot as usize) {
            s.clock_pos = pos;
        }
    }

    /// Removes the case (it started service or was abandoned); later use of the handle
    /// finds nothing.
    #[inline]
    pub fn remove(&mut self, r: CaseRef) -> Option<Case> {
        let s = self.slots.get_mut(r.slot as usize)?;
        if s.generation != r.generation {
            return None;
        }
        let case = s.case.take()?;
        s.generation = s.generation.wrapping_add(1);
        self.free.push(r.slot);
        Some(case)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_handles_find_nothing_after_reuse() {
        let mut w = WaitingCases::default();
        let c = |a| Case {
            arrival: a,
            work_hours: 1.0,
            class: 0,
        };
        let a = w.insert(c(1.0));
        assert!(w.remove(a).is_some());
        let b = w.insert(c(2.0));
        assert!(w.get(a).is_none());
        assert!(w.remove(a).is_none());
        assert_eq!(w.get(b).map(|c| c.arrival), Some(2.0));
    }
}
