//! The event calendar: a 4-ary min-heap ordered by (time, insertion sequence), plus lanes.
//!
//! A 4-ary heap is shallower than a binary one and its four children share a cache line or
//! two, so a pop touches fewer lines; the order key is a single `u128` (time bits, sequence),
//! so a comparison is one integer compare.
//!
//! A *lane* holds at most one pending event: the natural shape of a recurring timer such as
//! an arrival process, which always has exactly one next arrival. Lanes sit outside the heap
//! in a tournament tree (a lane update is one comparison per level of a tree over the lanes,
//! not a sift through every pending event), and draw their keys from the same sequence, so
//! the order of events is exactly what it would be with everything in the heap.

use std::collections::HashSet;

/// Handle of a scheduled event, used to cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKey(u64);

/// Handle of a lane (see the module docs), from [`Calendar::add_lane`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lane(u32);

/// Key of an empty lane: after every real key.
const EMPTY: u128 = u128::MAX;

/// The node with the earlier key.
#[inline(always)]
fn earlier(a: Node, b: Node) -> Node {
    // Indexing a pair instead of branching: which key is earlier is a coin flip to the
    // branch predictor.
    [a, b][(b.key < a.key) as usize]
}

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
    /// Pending event of each lane (padded with `None` to a power of two).
    lane_events: Vec<Option<E>>,
    /// Lanes handed out by `add_lane`.
    lanes_used: usize,
    /// Tournament tree over the lanes: `tree[1]` is the earliest lane, `tree[k]` the earliest
    /// under node `k`, and `tree[n + i]` lane `i`'s own key (`n = lane_events.len()`).
    tree: Vec<Node>,
    /// A lane popped whose emptying is not yet replayed up the tree (`NO_LANE` if none):
    /// usually the handler sets the same lane again at once, so one replay serves both.
    unsettled: u32,
}

/// A tournament-tree node: the earliest key below it and the lane it belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Node {
    key: u128,
    lane: u32,
}

/// No lane.
const NO_LANE: u32 = u32::MAX;

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
            lane_events: Vec::new(),
            lanes_used: 0,
            tree: Vec::new(),
            unsettled: NO_LANE,
        }
    }

    /// Adds an empty lane: a slot that holds at most one pending event (see the module docs).
    pub fn add_lane(&mut self) -> Lane {
        self.settle();
        let id = self.lanes_used;
        if id == self.lane_events.len() {
            let size = (id + 1).next_power_of_two().max(2);
            let old = std::mem::take(&mut self.tree);
            let old_size = self.lane_events.len();
            self.lane_events.resize(size, None);
            self.tree = vec![
                Node {
                    key: EMPTY,
                    lane: NO_LANE
                };
                2 * size
            ];
            for i in 0..size {
                let key = if i < old_size {
                    old[old_size + i].key
                } else {
                    EMPTY
                };
                self.tree[size + i] = Node {
                    key,
                    lane: i as u32,
                };
            }
            for k in (1..size).rev() {
                self.tree[k] = earlier(self.tree[2 * k], self.tree[2 * k + 1]);
            }
        }
        self.lanes_used += 1;
        Lane(id as u32)
    }

    /// Schedules `event` at absolute `time` on `lane`, replacing whatever was pending there.
    /// Times before `now` are clamped to `now`, as in [`Calendar::schedule_at`].
    #[inline(always)]
    pub fn set_lane(&mut self, lane: Lane, time: f64, event: E) {
        debug_assert!(!time.is_nan(), "event scheduled at NaN");
        let key = self.next_key(time);
        self.put_lane(lane.0, key, Some(event));
    }

    /// Removes the pending event of `lane`, if any.
    pub fn clear_lane(&mut self, lane: Lane) {
        self.put_lane(lane.0, EMPTY, None);
    }

    #[inline(always)]
    fn put_lane(&mut self, lane: u32, key: u128, event: Option<E>) {
        if self.unsettled == lane {
            // Its replay is the one below.
            self.unsettled = NO_LANE;
        } else {
            self.settle();
        }
        self.lane_events[lane as usize] = event;
        self.replay(lane as usize, key);
    }

    /// Replays the emptying of the last popped lane, if still pending.
    #[inline(always)]
    fn settle(&mut self) {
        if self.unsettled != NO_LANE {
            let lane = self.unsettled as usize;
            self.unsettled = NO_LANE;
            self.replay(lane, EMPTY);
        }
    }

    /// Gives lane `i` the key `key` and replays the matches on its path to the root,
    /// stopping where a node's winner does not change (nothing above it changes either).
    #[inline(always)]
    fn replay(&mut self, i: usize, key: u128) {
        let tree = &mut self.tree[..];
        let mut k = tree.len() / 2 + i;
        let mut node = Node {
            key,
            lane: i as u32,
        };
        tree[k] = node;
        while k > 1 {
            node = earlier(node, tree[k ^ 1]);
            k /= 2;
            if tree[k] == node {
                break;
            }
            tree[k] = node;
        }
    }

    /// Key of the earliest lane event (`EMPTY` if none).
    #[inline(always)]
    fn lane_front(&mut self) -> u128 {
        self.settle();
        self.tree.get(1).map_or(EMPTY, |n| n.key)
    }

    /// The order key for an event at `time`, taking the next sequence number.
    #[inline(always)]
    fn next_key(&mut self, time: f64) -> u128 {
        // `+ 0.0` turns -0.0 into 0.0, whose bits order correctly.
        let time = if time < self.now {
            self.now
        } else {
            time + 0.0
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        ((time.to_bits() as u128) << 64) | seq as u128
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

    /// Number of pending entries, lanes included (and cancelled ones not yet discarded).
    pub fn len(&self) -> usize {
        self.heap.len() + self.lane_events.iter().filter(|e| e.is_some()).count()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Schedules `event` at absolute `time`. A time before `now` (a caller bug, or rounding)
    /// is clamped to `now` so the clock never runs backwards.
    // Always inlined: called out of line, the event travels through memory and the load
    // that reads it back stalls on the caller's partial stores (a third of the push's time).
    #[inline(always)]
    pub fn schedule_at(&mut self, time: f64, event: E) -> EventKey {
        debug_assert!(!time.is_nan(), "event scheduled at NaN");
        let key = self.next_key(time);
        let entry = Entry { key, event };
        self.heap.push(entry);
        self.sift_up(self.heap.len() - 1, entry);
        EventKey(key as u64)
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
            let best = if first + ARITY <= n {
                // Two independent matches, then the final: shorter dependency chain than a
                // scan, and selects the compiler can turn into conditional moves.
                let pick = |a: usize, b: usize| if heap[b].key < heap[a].key { b } else { a };
                pick(pick(first, first + 1), pick(first + 2, first + 3))
            } else {
                let mut best = first;
                for c in first + 1..n {
                    if heap[c].key < heap[best].key {
                        best = c;
                    }
                }
                best
            };
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
        let heap = self.heap.first().map_or(EMPTY, |e| e.key);
        let lanes = if self.unsettled == NO_LANE {
            self.tree.get(1).map_or(EMPTY, |n| n.key)
        } else {
            // The tree still holds the popped lane's key: look at the lanes themselves.
            let n = self.lane_events.len();
            (0..n)
                .filter(|&i| i as u32 != self.unsettled)
                .map(|i| self.tree[n + i].key)
                .min()
                .unwrap_or(EMPTY)
        };
        let key = heap.min(lanes);
        (key != EMPTY).then(|| f64::from_bits((key >> 64) as u64))
    }

    /// Removes the next event and advances the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        loop {
            let lane_key = self.lane_front();
            if lane_key < self.heap.first().map_or(EMPTY, |e| e.key) {
                let lane = self.tree[1].lane;
                self.unsettled = lane;
                let time = f64::from_bits((lane_key >> 64) as u64);
                self.now = time;
                self.popped += 1;
                return self.lane_events[lane as usize].take().map(|e| (time, e));
            }
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
            let next = self
                .lane_front()
                .min(self.heap.first().map_or(EMPTY, |e| e.key));
            if next == EMPTY || f64::from_bits((next >> 64) as u64) > until {
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
