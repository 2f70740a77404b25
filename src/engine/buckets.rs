//! The queue of scheduled events: a heap while it is small; in front of time buckets once it
//! is large, so the cost of an event does not grow with the number pending.
//!
//! A heap pop costs one level per factor of four in size, and at tens of thousands of
//! pending events each level is a likely cache miss. So a large queue keeps in front only
//! the events of the current time bucket; later events wait unsorted in a ring of buckets
//! of equal width (a push is an append) and come to the front when their bucket comes up;
//! events beyond the ring's reach wait in a second heap (the *far* heap) and move into the
//! ring as it reaches them. The width is chosen so that a bucket holds about
//! [`BUCKET_TARGET`] events, which keeps the front small whatever the size.
//!
//! The front is two parts: the bucket's events, sorted once when it comes up (as one
//! integer each, [`sort_latest_first`]; popped from the end of a vector), and a small heap
//! for the few events scheduled into the bucket while it is being popped; the earlier of
//! the two heads goes first. While the buckets are off, everything is in that heap.
//!
//! Order is exact, not approximate: an event's bucket number is a non-decreasing function
//! of its time, so every event in the front is earlier than every event in a later bucket,
//! and the front orders its events by the full key (time, then scheduling order). The pops
//! are therefore those of one heap holding everything, bit for bit.

use super::heap::{EMPTY, Entry, Heap, time_of};

/// Events per bucket the width aims at (a front heap of two or three levels).
const BUCKET_TARGET: f64 = 32.0;
/// Events in the queue above which the buckets are switched on: below it a plain heap is
/// faster (measured with the hold model of `benches/engine.rs`).
const SWITCH_ON: usize = 4_096;
/// Front size at which the width is reconsidered (the bucket is far fuller than aimed at).
const FRONT_HIGH: usize = 16 * BUCKET_TARGET as usize;
/// Nearest events sampled to estimate how densely events are scheduled ahead of now.
const DENSITY_SAMPLE: usize = 4 * BUCKET_TARGET as usize;
/// Fewest and most buckets in the ring.
const MIN_BUCKETS: usize = 64;
const MAX_BUCKETS: usize = 1 << 20;

/// Where the queue's earliest entry is.
#[derive(Clone, Copy)]
pub(super) enum Place {
    /// In the front heap.
    Heap,
    /// At the end of the current bucket's sorted run.
    Sorted,
}

/// The queue (see the module docs).
pub(super) struct BucketQueue<E> {
    /// Events of bucket `current` (or earlier) that are not in `sorted`: those scheduled
    /// into it after it came up, far events reaching it, a new layout's first bucket;
    /// everything while the buckets are off.
    front: Heap<E>,
    /// The events bucket `current` held when it came up, sorted latest first (popped from
    /// the end): sorting a bucket once costs less than sifting each of its events through a
    /// heap twice, and few events are scheduled into the bucket being popped.
    sorted: Vec<Entry<E>>,
    /// Bucket `n` for `current < n <= current + ring.len()` is `ring[n % ring.len()]`
    /// (the length is a power of two). Empty while the buckets are off.
    ring: Vec<Vec<Entry<E>>>,
    /// Events in `ring`.
    in_ring: usize,
    /// Events whose bucket was beyond the ring when they were scheduled.
    far: Heap<E>,
    /// Bucket numbers count from this time.
    origin: f64,
    /// Buckets per time unit (the inverse of the width); 0 while the buckets are off.
    per_time: f64,
    /// The bucket in the front.
    current: u64,
    /// Front size above which the queue reconsiders its layout.
    front_limit: usize,
    /// The calendar's count of events scheduled, at the last layout.
    scheduled_at_layout: u64,
    /// Empty buckets stepped over since the last layout.
    empty_steps: usize,
    /// Scratch space of [`sort_latest_first`], kept to allocate nothing once warm.
    sort_keys: Vec<u64>,
    sort_spare: Vec<Entry<E>>,
}

impl<E: Copy> BucketQueue<E> {
    pub fn with_capacity(capacity: usize) -> Self {
        BucketQueue {
            front: Heap::with_capacity(capacity),
            sorted: Vec::new(),
            ring: Vec::new(),
            in_ring: 0,
            far: Heap::with_capacity(0),
            origin: 0.0,
            per_time: 0.0,
            current: 0,
            front_limit: SWITCH_ON,
            scheduled_at_layout: 0,
            empty_steps: 0,
            sort_keys: Vec::new(),
            sort_spare: Vec::new(),
        }
    }

    /// Events queued.
    pub fn len(&self) -> usize {
        self.front.len() + self.sorted.len() + self.in_ring + self.far.len()
    }

    /// Adds an entry: to the front if it falls in the current bucket (always while the
    /// buckets are off), else later. The front's size is checked by the next
    /// [`BucketQueue::min_key`], which keeps this path as short as a plain heap's.
    #[inline(always)]
    pub fn push(&mut self, entry: Entry<E>) {
        if self.per_time == 0.0 || self.bucket(entry.key) <= self.current {
            self.front.push(entry);
        } else {
            self.push_later(entry);
        }
    }

    /// Key of the earliest entry ([`EMPTY`] if none), and where it is, for
    /// [`BucketQueue::pop`]. `scheduled` is the number of events the calendar has scheduled
    /// so far, which paces the re-layouts.
    #[inline(always)]
    pub fn min_key(&mut self, scheduled: u64) -> (u128, Place) {
        // One comparison for both rare cases: an empty front (`0 - 1` wraps to the largest
        // number) and an overfull one.
        if self.front_len().wrapping_sub(1) >= self.front_limit {
            self.front_empty_or_overfull(scheduled);
        }
        self.front_head()
    }

    /// The front's earliest event, if the front holds one (not looking into the buckets).
    #[inline(always)]
    pub fn peek_front(&self) -> Option<&E> {
        match self.front_head().1 {
            Place::Sorted => self.sorted.last().map(|e| &e.event),
            Place::Heap => self.front.peek(),
        }
    }

    /// Key and place of the front's earliest entry: the earlier of the heap's head and the
    /// sorted run's ([`EMPTY`] in the heap if both are empty).
    #[inline(always)]
    fn front_head(&self) -> (u128, Place) {
        let heap = self.front.min_key();
        match self.sorted.last() {
            Some(e) if e.key < heap => (e.key, Place::Sorted),
            _ => (heap, Place::Heap),
        }
    }

    /// Removes the earliest entry, from where [`BucketQueue::min_key`] just found it.
    #[inline(always)]
    pub fn pop(&mut self, at: Place) -> Option<Entry<E>> {
        match at {
            Place::Heap => self.front.pop(),
            Place::Sorted => self.sorted.pop(),
        }
    }

    /// Events of the current bucket: the front heap's and the sorted run's.
    #[inline(always)]
    fn front_len(&self) -> usize {
        self.front.len() + self.sorted.len()
    }

    /// Events scheduled since the last layout.
    fn since_layout(&self, scheduled: u64) -> usize {
        scheduled.saturating_sub(self.scheduled_at_layout) as usize
    }

    /// The bucket of the time of `key`: non-decreasing in the time (a subtraction and a
    /// multiplication by a positive constant round monotonically, and the conversion
    /// saturates: below `origin` to 0, beyond the range to `u64::MAX`).
    #[inline(always)]
    fn bucket(&self, key: u128) -> u64 {
        ((time_of(key) - self.origin) * self.per_time) as u64
    }

    /// Puts an entry after the front: into its bucket in the ring, or the far heap.
    #[inline(always)]
    fn push_later(&mut self, entry: Entry<E>) {
        let n = self.bucket(entry.key);
        if n - self.current <= self.ring.len() as u64 {
            let slot = n as usize & (self.ring.len() - 1);
            self.ring[slot].push(entry);
            self.in_ring += 1;
        } else {
            self.far.push(entry);
        }
    }

    /// The front is empty (refill it from the next bucket with events, if any) or holds
    /// more than it should.
    #[cold]
    #[inline(never)]
    fn front_empty_or_overfull(&mut self, scheduled: u64) {
        if self.front_len() > 0 {
            self.front_overfull(scheduled);
        } else if self.in_ring + self.far.len() > 0 {
            self.refill(scheduled);
        }
    }

    /// The front is empty and events wait later: moves on to the next bucket with events.
    fn refill(&mut self, scheduled: u64) {
        // A new bucket: a front overfull in the last one (and let grow then) counts afresh.
        self.front_limit = FRONT_HIGH;
        while self.front_len() == 0 {
            if self.in_ring == 0 {
                // Nothing in the ring: jump to the bucket before the next far event's.
                let Some(next) = self.far_min_bucket() else {
                    return;
                };
                self.current = self.current.max(next.saturating_sub(1));
            }
            self.current = self.current.saturating_add(1);
            let slot = self.current as usize & (self.ring.len() - 1);
            // The empty run's buffer goes to the slot, which next holds a later bucket.
            std::mem::swap(&mut self.sorted, &mut self.ring[slot]);
            let moved = self.sorted.len();
            self.in_ring -= moved;
            if moved == 0 {
                self.empty_steps += 1;
            }
            // The ring now reaches one bucket further: bring in the far events it covers.
            let reach = self.current.saturating_add(self.ring.len() as u64);
            while self.far_min_bucket().is_some_and(|n| n <= reach) {
                if let Some(entry) = self.far.pop() {
                    self.push(entry);
                }
            }
        }
        sort_latest_first(&mut self.sorted, &mut self.sort_keys, &mut self.sort_spare);
        // Mostly empty buckets (the width is too small for the present pace of events), or
        // so few events left that a plain heap is faster.
        let len = self.len();
        let since = self.since_layout(scheduled);
        if len < SWITCH_ON / 4 || self.empty_steps > since.max(len / 4).max(MIN_BUCKETS) {
            self.relayout(scheduled);
        }
    }

    /// Bucket of the earliest far event, if any.
    #[inline(always)]
    fn far_min_bucket(&self) -> Option<u64> {
        let key = self.far.min_key();
        (key != EMPTY).then(|| self.bucket(key))
    }

    /// The front holds more than it should: switch the buckets on, or choose a new width.
    /// A new layout touches every event once, so it waits until a quarter of the queue's
    /// size has been scheduled since the last one (amortised O(1) per event); meanwhile the
    /// limit doubles, until the next bucket.
    fn front_overfull(&mut self, scheduled: u64) {
        if self.per_time == 0.0 || self.since_layout(scheduled) >= self.len() / 4 {
            self.relayout(scheduled);
        }
        self.front_limit = self.front_limit.max(2 * self.front_len());
    }

    /// Lays everything out afresh for the queue's present size and density: buckets off
    /// while small, else a width for about [`BUCKET_TARGET`] events a bucket, estimated from
    /// the nearest pending events, and a ring that reaches twice as far ahead as the average
    /// pending event (by Little's law, len / density).
    fn relayout(&mut self, scheduled: u64) {
        let mut all: Vec<Entry<E>> = Vec::with_capacity(self.len());
        all.extend(self.front.drain());
        all.append(&mut self.sorted);
        for bucket in &mut self.ring {
            all.append(bucket);
        }
        all.extend(self.far.drain());
        self.in_ring = 0;
        self.scheduled_at_layout = scheduled;
        self.empty_steps = 0;
        self.current = 0;
        if all.len() < SWITCH_ON / 2 {
            self.per_time = 0.0;
            self.ring = Vec::new();
            self.front_limit = SWITCH_ON;
        } else {
            let density = density_ahead(&mut all);
            self.origin = time_of(all[0].key);
            // Keep bucket numbers meaningful: a width no finer than about 2^-40 of the time.
            let finest = (self.origin.abs() + 1.0) * f64::EPSILON * 4096.0;
            self.per_time = (density / BUCKET_TARGET).min(1.0 / finest);
            let buckets = (2.0 * all.len() as f64 / BUCKET_TARGET) as usize;
            let buckets = buckets.next_power_of_two().clamp(MIN_BUCKETS, MAX_BUCKETS);
            self.ring.truncate(buckets);
            self.ring.resize_with(buckets, Vec::new);
            self.front_limit = FRONT_HIGH;
        }
        for entry in all {
            self.push(entry);
        }
    }
}

/// Bits of a sort key that hold the entry's index (so a bucket of up to 4,096 events).
const INDEX_BITS: u32 = 12;

/// Sorts `run` latest first by key. The times of a bucket are close, so the difference of
/// each one's bit pattern from the latest one's fits in a `u64` with room for the entry's
/// index below it: sorting those integers and then gathering the entries in their order
/// costs far less than sorting the entries themselves (short runs of integers sort without
/// data-dependent branches; benches/README.md, change 11). Equal times come out latest
/// index first, which is latest scheduled first for events appended to a bucket as they
/// were scheduled; where that does not hold (events moved in from the far heap), the
/// entries are sorted by key.
fn sort_latest_first<E: Copy>(
    run: &mut Vec<Entry<E>>,
    keys: &mut Vec<u64>,
    spare: &mut Vec<Entry<E>>,
) {
    let n = run.len();
    let time_bits = |e: &Entry<E>| (e.key >> 64) as u64;
    let latest = run.iter().map(time_bits).max().unwrap_or(0);
    let earliest = run.iter().map(time_bits).min().unwrap_or(0);
    let fits = n <= 1 << INDEX_BITS && (latest - earliest) >> (64 - INDEX_BITS) == 0;
    if fits && n > 1 {
        keys.clear();
        keys.extend(
            run.iter()
                .enumerate()
                .map(|(i, e)| ((latest - time_bits(e)) << INDEX_BITS) | (n - 1 - i) as u64),
        );
        keys.sort_unstable();
        let index = |k: u64| n - 1 - (k & ((1 << INDEX_BITS) - 1)) as usize;
        spare.clear();
        spare.extend(keys.iter().map(|&k| run[index(k)]));
        std::mem::swap(run, spare);
    }
    if !run.windows(2).all(|w| w[0].key > w[1].key) {
        run.sort_unstable_by_key(|e| std::cmp::Reverse(e.key));
    }
}

/// Events per time unit scheduled just ahead: the [`DENSITY_SAMPLE`] nearest events over the
/// time they span. Puts the earliest entry first.
fn density_ahead<E: Copy>(all: &mut [Entry<E>]) -> f64 {
    let k = DENSITY_SAMPLE.min(all.len() - 1);
    all.select_nth_unstable_by_key(k, |e| e.key);
    // The earliest is among the k + 1 nearest.
    let first = (0..=k).min_by_key(|&i| all[i].key).unwrap_or(0);
    let span = time_of(all[k].key) - time_of(all[first].key);
    all.swap(0, first);
    if span > 0.0 {
        k as f64 / span
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    //! The layouts themselves (the order at every size is checked through the calendar in
    //! `tests/integration/engine.rs`): these phases must reach each of them, or that test
    //! would check the plain heap only.
    use super::*;
    use crate::engine::heap::key;
    use crate::engine::stream_rng;
    use rand::RngExt;
    use std::collections::BTreeSet;

    /// A queue and a sorted set of the same keys, popped in step.
    struct Pair {
        queue: BucketQueue<u64>,
        sorted: BTreeSet<u128>,
        now: f64,
        seq: u64,
        /// Pops from the current bucket's sorted run and from the front heap while the
        /// buckets are on.
        from_sorted: usize,
        from_heap: usize,
    }

    impl Pair {
        fn push(&mut self, ahead: f64) {
            let k = key(self.now + ahead, self.seq);
            self.seq += 1;
            self.queue.push(Entry {
                key: k,
                event: self.seq,
            });
            self.sorted.insert(k);
        }

        fn pop(&mut self) {
            let want = self.sorted.pop_first();
            let (min, at) = self.queue.min_key(self.seq);
            assert_eq!(min, want.unwrap_or(EMPTY));
            if self.queue.per_time > 0.0 {
                match at {
                    Place::Sorted => self.from_sorted += 1,
                    Place::Heap => self.from_heap += 1,
                }
            }
            let got = self.queue.pop(at).map(|e| e.key);
            assert_eq!(got, want);
            if let Some(k) = got {
                self.now = time_of(k);
            }
        }
    }

    #[test]
    fn growing_spreading_and_thinning_out_reach_every_layout() {
        let mut rng = stream_rng(1, 0, 0);
        let mut p = Pair {
            queue: BucketQueue::with_capacity(0),
            sorted: BTreeSet::new(),
            now: 0.0,
            seq: 0,
            from_sorted: 0,
            from_heap: 0,
        };
        // Small: a plain heap.
        for _ in 0..1_000 {
            p.push(rng.random::<f64>());
        }
        assert_eq!(p.queue.per_time, 0.0, "buckets off while small");
        // Large, most events hours ahead, some weeks ahead: ring and far heap in use.
        for _ in 0..100_000 {
            let ahead = if rng.random::<f64>() < 0.1 {
                2_000.0 * rng.random::<f64>()
            } else {
                3.0 * rng.random::<f64>()
            };
            p.push(ahead);
            if rng.random::<f64>() < 0.4 {
                p.pop();
            }
        }
        assert!(p.queue.per_time > 0.0, "buckets on when large");
        // Both parts of the front: buckets' sorted runs, and the heap for events scheduled
        // into the bucket being popped.
        assert!(
            p.from_sorted > 1_000,
            "{} pops from sorted runs",
            p.from_sorted
        );
        assert!(p.from_heap > 0, "no pop from the front heap");
        assert!(p.queue.in_ring > 0 && p.queue.far.len() > 0);
        assert!(
            p.queue.front_len() <= FRONT_HIGH,
            "the front holds a bucket, not the queue: {} of {}",
            p.queue.front_len(),
            p.queue.len()
        );
        let width = 1.0 / p.queue.per_time;
        // Spreading out, as many events pending but each far ahead: mostly empty buckets,
        // so a new layout with wider ones.
        for _ in 0..100_000 {
            p.push(100_000.0 * rng.random::<f64>());
            p.pop();
        }
        assert!(
            1.0 / p.queue.per_time > 10.0 * width,
            "wider buckets: {} h, were {width} h",
            1.0 / p.queue.per_time
        );
        // Thinning out to a few events weeks apart: mostly empty buckets, a new layout.
        while p.queue.len() > 200 {
            p.pop();
        }
        for _ in 0..20_000 {
            p.push(2_000.0 * rng.random::<f64>());
            p.pop();
        }
        assert_eq!(p.queue.per_time, 0.0, "buckets off again once small");
        assert!(
            width < 1.0,
            "the large phase had buckets of minutes, not weeks"
        );
        while !p.sorted.is_empty() {
            p.pop();
        }
        p.pop();
    }

    /// `sort_latest_first` against a plain sort, for runs it sorts by integers (near times,
    /// ties in and out of scheduling order) and runs it must hand to the plain sort (times
    /// too far apart, too many entries).
    #[test]
    fn a_bucket_sorts_as_a_plain_sort_would() {
        let mut rng = stream_rng(7, 0, 0);
        let (mut keys, mut spare) = (Vec::new(), Vec::new());
        let mut check = |run: Vec<Entry<u64>>| {
            let mut want: Vec<u128> = run.iter().map(|e| e.key).collect();
            want.sort_unstable_by(|a, b| b.cmp(a));
            let mut run = run;
            sort_latest_first(&mut run, &mut keys, &mut spare);
            let got: Vec<u128> = run.iter().map(|e| e.key).collect();
            assert_eq!(got, want, "{} entries", run.len());
            // Events travel with their keys.
            assert!(run.iter().all(|e| e.event == e.key as u64));
        };
        let entry = |time: f64, seq: u64| Entry {
            key: key(time, seq),
            event: seq,
        };
        for n in [0, 1, 2, 31, 32, 33, 500, 4_096, 4_097] {
            // Near times, appended in scheduling order, a few ties.
            let mut seq = 0;
            let run: Vec<_> = (0..n)
                .map(|_| {
                    seq += 1 + rng.random_range(0..3);
                    let tick = rng.random_range(0..(n as u64 / 4 + 1));
                    entry(1_000.0 + tick as f64 / 64.0, seq)
                })
                .collect();
            check(run.clone());
            // The same entries in any order (as moved in from the far heap).
            let mut shuffled = run;
            shuffled.sort_by_key(|e| e.event.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            check(shuffled);
            // Times too far apart for the integers: from microseconds to a thousand years.
            check(
                (0..n as u64)
                    .map(|s| entry(1e-9 + 1e7 * rng.random::<f64>(), s))
                    .collect(),
            );
        }
    }

    #[test]
    fn a_burst_at_one_instant_keeps_its_order() {
        let mut p = Pair {
            queue: BucketQueue::with_capacity(0),
            sorted: BTreeSet::new(),
            now: 5.0,
            seq: 0,
            from_sorted: 0,
            from_heap: 0,
        };
        for i in 0..20_000 {
            p.push(if i % 3 == 0 { 0.0 } else { 1.0 });
        }
        // The first pop finds the front overfull and switches the buckets on.
        p.pop();
        assert!(p.queue.per_time > 0.0);
        while !p.sorted.is_empty() {
            p.pop();
        }
    }
}
