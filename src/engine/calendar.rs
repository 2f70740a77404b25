//! The event calendar: a binary heap ordered by (time, insertion sequence).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

/// Handle of a scheduled event, used to cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKey(u64);

struct Entry<E> {
    time: f64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed so that `BinaryHeap` (a max-heap) pops the earliest event; equal times pop in
    /// insertion order, which makes ties FIFO and runs deterministic.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
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
    heap: BinaryHeap<Entry<E>>,
    now: f64,
    next_seq: u64,
    /// Sequence numbers of cancelled events still in the heap (lazy deletion; cancellations
    /// are rare, so this stays empty and costs one branch per pop).
    cancelled: HashSet<u64>,
    popped: u64,
}

impl<E> Default for Calendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Calendar<E> {
    /// An empty calendar at time 0.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty calendar at time 0 with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> Self {
        Calendar {
            heap: BinaryHeap::with_capacity(capacity),
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
    #[inline]
    pub fn schedule_at(&mut self, time: f64, event: E) -> EventKey {
        debug_assert!(!time.is_nan(), "event scheduled at NaN");
        let time = if time < self.now { self.now } else { time };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry { time, seq, event });
        EventKey(seq)
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
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the next event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        loop {
            let entry = self.heap.pop()?;
            if !self.cancelled.is_empty() && self.cancelled.remove(&entry.seq) {
                continue;
            }
            self.now = entry.time;
            self.popped += 1;
            return Some((entry.time, entry.event));
        }
    }

    /// Drops cancelled entries from the top of the heap, so the next entry is live.
    fn skip_cancelled(&mut self) {
        while !self.cancelled.is_empty() {
            match self.heap.peek() {
                Some(top) if self.cancelled.contains(&top.seq) => {
                    let seq = top.seq;
                    self.cancelled.remove(&seq);
                    self.heap.pop();
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
