//! The event calendar: the clock and every pending event, popped in order of time, ties in
//! the order they were scheduled (FIFO), so a run is a pure function of its inputs.
//!
//! Two places hold pending events, and the calendar pops whichever holds the earlier one:
//!
//! - the queue (`buckets.rs`): events scheduled with [`Calendar::schedule_at`], in a 4-ary
//!   heap (`heap.rs`) while few, in front of time buckets when many;
//! - the lanes (`lanes.rs`): slots of one pending event each, for recurring timers such as
//!   an arrival process, set and cleared in place, in a small tournament tree.
//!
//! Every event gets its order key (time, then a sequence number) from the calendar when it
//! is scheduled, wherever it goes, so the order of events is exactly that of one sorted list.

use super::buckets::BucketQueue;
use super::heap::{EMPTY, Entry, key, time_of};
use super::lanes::{Lane, Lanes};

/// A simulation clock with its pending events.
///
/// ```
/// use mutasi::engine::Calendar;
/// let mut cal = Calendar::new();
/// cal.schedule_at(2.0, "second");
/// cal.schedule_at(1.0, "first");
/// let arrivals = cal.add_lane();
/// cal.set_lane(arrivals, 1.5, "an arrival");
/// let mut seen = Vec::new();
/// cal.run_until(10.0, |_cal, t, e| seen.push((t, e)));
/// assert_eq!(seen, vec![(1.0, "first"), (1.5, "an arrival"), (2.0, "second")]);
/// assert_eq!(cal.now(), 10.0);
/// ```
pub struct Calendar<E> {
    now: f64,
    /// Sequence number of the next event scheduled.
    next_seq: u64,
    /// Events popped so far.
    popped: u64,
    queue: BucketQueue<E>,
    lanes: Lanes<E>,
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
            now: 0.0,
            next_seq: 0,
            popped: 0,
            queue: BucketQueue::with_capacity(capacity),
            lanes: Lanes::new(),
        }
    }

    /// Current simulation time.
    #[inline]
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Number of events popped and handed out so far.
    pub fn events_processed(&self) -> u64 {
        self.popped
    }

    /// Number of pending events, lanes included.
    pub fn len(&self) -> usize {
        self.queue.len() + self.lanes.pending()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Schedules `event` at absolute `time`. A time before `now` (a caller bug, or rounding)
    /// is clamped to `now` so the clock never runs backwards.
    #[inline(always)]
    pub fn schedule_at(&mut self, time: f64, event: E) {
        let key = self.next_key(time);
        self.queue.push(Entry { key, event });
    }

    /// Adds an empty lane: a slot that holds at most one pending event (see the module docs).
    pub fn add_lane(&mut self) -> Lane {
        self.lanes.add()
    }

    /// Schedules `event` at absolute `time` on `lane`, replacing whatever was pending there.
    /// Times before `now` are clamped to `now`, as in [`Calendar::schedule_at`].
    #[inline(always)]
    pub fn set_lane(&mut self, lane: Lane, time: f64, event: E) {
        let key = self.next_key(time);
        self.lanes.set(lane, key, Some(event));
    }

    /// Removes the pending event of `lane`, if any.
    pub fn clear_lane(&mut self, lane: Lane) {
        self.lanes.set(lane, EMPTY, None);
    }

    /// The order key for an event at `time`, taking the next sequence number.
    #[inline(always)]
    fn next_key(&mut self, time: f64) -> u128 {
        debug_assert!(!time.is_nan(), "event scheduled at NaN");
        // `+ 0.0` turns -0.0 into 0.0, whose bits order correctly.
        let time = if time < self.now {
            self.now
        } else {
            time + 0.0
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        key(time, seq)
    }

    /// The earliest event of the queue's front, if it holds one: a hint for a handler that
    /// wants the data of a coming event in cache while it handles the current one. It may
    /// not be the next event popped (a lane's may come first).
    #[inline(always)]
    pub fn peek_queued(&self) -> Option<&E> {
        self.queue.peek_front()
    }

    /// Removes the next event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.pop_due(f64::INFINITY)
    }

    /// Removes the next event if it is due by `until`, and advances the clock to its time.
    #[inline(always)]
    fn pop_due(&mut self, until: f64) -> Option<(f64, E)> {
        let lane_key = self.lanes.front_key();
        let (queue_key, place) = self.queue.min_key(self.next_seq);
        let from_lane = lane_key < queue_key;
        let time = time_of(if from_lane { lane_key } else { queue_key });
        // With nothing pending the time is that of `EMPTY`, NaN, which is not after `until`:
        // the queue's pop below then finds nothing (one check fewer on the hot path).
        if time > until {
            return None;
        }
        let event = if from_lane {
            self.lanes.take_front()
        } else {
            self.queue.pop(place).map(|e| e.event)
        }?;
        self.now = time;
        self.popped += 1;
        Some((time, event))
    }

    /// Pops and handles every event with time `<= until`, then sets the clock to `until`.
    /// The handler may schedule further events.
    pub fn run_until(&mut self, until: f64, mut handle: impl FnMut(&mut Self, f64, E)) {
        while let Some((time, event)) = self.pop_due(until) {
            handle(self, time, event);
        }
        if until > self.now {
            self.now = until;
        }
    }
}
