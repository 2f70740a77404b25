//! The event calendar: a 4-ary min-heap ordered by (time, insertion sequence).
//!
//! A 4-ary heap is shallower than a binary one and its four children share a cache line or
//! two, so a pop touches fewer lines; the order key is a single `u128` (time bits, sequence),
//! so a comparison is one integer compare.

use std::collections::HashSet;

/// Handle of a scheduled event, used to cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKey(u64);

/// Children per heap node.
const ARITY: usize = 4;

#[derive(Clone, Copy)]
struct Entry<E> {
    /// `time.to_bits() << 64 | seq`: for non-negative times the bit pattern orders like the
    /// number, so ties break by insertion order (FIFO) and runs are deterministic.
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    #[inline]
    fn time(&self) -> f64 {
        f64::from_bits((self.key >> 64) as u64)
    }
    #[inline]
    fn seq(&self) -> u64 {
        self.key as u64
    }
}

/// A simulation clock with its pending events.
///
/// ```
/// use mutasi::engine::Calendar;
/// let mut cal = Calendar::new();
/// cal.schedule_at(2.0, "second");
/// cal.schedule_at(1.0, "first");
/// let late = cal.schedule_at(1.5, "cancelled");
/// cal.cancel(late);
/// let mut seen = Vec::new();
/// cal.run_until(10.0, |_cal, t, e| seen.push((t, e)));
/// assert_eq!(seen, vec![(1.0, "first"), (2.0, "second")]);
/// assert_eq!(cal.now(), 10.0);
/// ```
pub struct Calendar<E> {
    heap: Vec<Entry<E>>,
    now: f64,
    next_seq: u64,
    /// Sequence numbers of cancelled events still in the heap (lazy deletion; cancellations
    /// are rare, so this stays empty and costs one branch per pop).
    cancelled: HashSet<u64>,
    popped: u64,
}

impl<E: Copy> Default for Calendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> Calendar<E> {
    /// An empty calendar at time 0.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty calendar at time 0 with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> Self {
        Calendar {
            heap: Vec::with_capacity(capacity),
            now: 0.0,
            next_seq: 0,
            cancelled: HashSet::new(),
            popped: 0,
        }
    }

    /// Current simulation time.
    #[inline]
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Number of events popped and handed out so far (cancelled ones excluded).
    pub fn events_processed(&self) -> u64 {
        self.popped
    }

    /// Number of pending entries (including cancelled ones not yet discarded).
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Schedules `event` at absolute `time`. A time before `now` (a caller bug, or rounding)
    /// is clamped to `now` so the clock never runs backwards.
    // Always inlined: called out of line, the event travels through memory and the load
    // that reads it back stalls on the caller's partial stores (a third of the push's time).
    #[inline(always)]
    pub fn schedule_at(&mut self, time: f64, event: E) -> EventKey {
        debug_assert!(!time.is_nan(), "event scheduled at NaN");
        // `+ 0.0` turns -0.0 into 0.0, whose bits order correctly.
        let time = if time < self.now {
            self.now
        } else {
            time + 0.0
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        let key = ((time.to_bits() as u128) << 64) | seq as u128;
        let entry = Entry { key, event };
        self.heap.push(entry);
        self.sift_up(self.heap.len() - 1, entry);
        EventKey(seq)
    }

    /// Puts `moving` into the hole at `i`, first shifting the parents it precedes down into
    /// the hole (one write per level instead of a swap's two). `moving` comes in by value, not
    /// read back from the heap, which would stall on the stores that just wrote it.
    #[inline(always)]
    fn sift_up(&mut self, mut i: usize, moving: Entry<E>) {
        let heap = &mut self.heap[..];
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if moving.key >= heap[parent].key {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = moving;
    }

    /// Removes the earliest entry, cancelled or not.
    ///
    /// Bottom-up: the hole left at the root walks down along the smallest children to a leaf
    /// (no comparison against the moving entry on the way), then the last entry, which is
    /// usually among the latest, fills it and sifts up a level or two at most.
    #[inline(always)]
    fn pop_entry(&mut self) -> Option<Entry<E>> {
        let last = self.heap.pop()?;
        let heap = &mut self.heap[..];
        let Some(&top) = heap.first() else {
            return Some(last);
        };
        let n = heap.len();
        let mut i = 0;
        loop {
            let first = ARITY * i + 1;
            if first >= n {
                break;
            }
            let mut best = first;
            for c in first + 1..(first + ARITY).min(n) {
                if heap[c].key < heap[best].key {
                    best = c;
                }
            }
            heap[i] = heap[best];
            i = best;
        }
        self.sift_up(i, last);
        Some(top)
    }

    /// Schedules `event` after `delay` time units from now.
    #[inline]
    pub fn schedule_in(&mut self, delay: f64, event: E) -> EventKey {
        self.schedule_at(self.now + delay, event)
    }

    /// Cancels a pending event. Cancelling an event that already fired is a caller bug
    /// (its key would stay in the cancelled set); use generation counters for events that
    /// may or may not have fired.
    pub fn cancel(&mut self, key: EventKey) {
        self.cancelled.insert(key.0);
    }

    /// Time of the next pending event, if any (may be a cancelled one).
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.first().map(Entry::time)
    }

    /// Removes the next event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        loop {
            let entry = self.pop_entry()?;
            if !self.cancelled.is_empty() && self.cancelled.remove(&entry.seq()) {
                continue;
            }
            let time = entry.time();
            self.now = time;
            self.popped += 1;
            return Some((time, entry.event));
        }
    }

    /// Drops cancelled entries from the top of the heap, so the next entry is live.
    fn skip_cancelled(&mut self) {
        while !self.cancelled.is_empty() {
            match self.heap.first() {
                Some(top) if self.cancelled.contains(&top.seq()) => {
                    let seq = top.seq();
                    self.cancelled.remove(&seq);
                    self.pop_entry();
                }
                _ => break,
            }
        }
    }

    /// Pops and handles every event with time `<= until`, then sets the clock to `until`.
    /// The handler may schedule further events.
    pub fn run_until(&mut self, until: f64, mut handle: impl FnMut(&mut Self, f64, E)) {
        loop {
            self.skip_cancelled();
            let Some(t) = self.peek_time() else {
                break;
            };
            if t > until {
                break;
            }
            match self.pop() {
                Some((time, event)) => handle(self, time, event),
                None => break,
            }
        }
        if until > self.now {
            self.now = until;
        }
    }
}
