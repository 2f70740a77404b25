//! A 4-ary min-heap of calendar entries, ordered by their `u128` key.
//!
//! A 4-ary heap is shallower than a binary one and a node's four children share a cache line
//! or two, so a pop touches fewer lines; the key is one integer (see [`key`]), so a comparison
//! is one integer compare.

/// An event with its order key.
#[derive(Clone, Copy)]
pub(super) struct Entry<E> {
    /// See [`key`].
    pub key: u128,
    pub event: E,
}

/// Key of an empty place (no lane event, empty heap): after every real key.
pub(super) const EMPTY: u128 = u128::MAX;

/// The order key of an event at `time` (not negative, not NaN) scheduled as number `seq`:
/// `time.to_bits() << 64 | seq`. For non-negative times the bit pattern orders like the
/// number, so keys order by time and then by scheduling order (FIFO ties).
#[inline(always)]
pub(super) fn key(time: f64, seq: u64) -> u128 {
    ((time.to_bits() as u128) << 64) | seq as u128
}

/// The time of a key.
#[inline(always)]
pub(super) fn time_of(key: u128) -> f64 {
    f64::from_bits((key >> 64) as u64)
}

/// Children per node.
const ARITY: usize = 4;

/// The min-heap.
pub(super) struct Heap<E> {
    entries: Vec<Entry<E>>,
}

impl<E: Copy> Heap<E> {
    pub fn with_capacity(capacity: usize) -> Self {
        Heap {
            entries: Vec::with_capacity(capacity),
        }
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Key of the earliest entry ([`EMPTY`] if none).
    #[inline(always)]
    pub fn min_key(&self) -> u128 {
        self.entries.first().map_or(EMPTY, |e| e.key)
    }

    /// The earliest entry's event, if any.
    #[inline(always)]
    pub fn peek(&self) -> Option<&E> {
        self.entries.first().map(|e| &e.event)
    }

    /// Adds an entry.
    // Always inlined: called out of line, the entry travels through memory and the load that
    // reads it back stalls on the caller's partial stores (a third of the push's time).
    #[inline(always)]
    pub fn push(&mut self, entry: Entry<E>) {
        self.entries.push(entry);
        self.sift_up(self.entries.len() - 1, entry);
    }

    /// Puts `moving` into the hole at `i`, first shifting the parents it precedes down into
    /// the hole (one write per level instead of a swap's two). `moving` comes in by value, not
    /// read back from the heap, which would stall on the stores that just wrote it.
    #[inline(always)]
    fn sift_up(&mut self, mut i: usize, moving: Entry<E>) {
        let heap = &mut self.entries[..];
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

    /// Removes the earliest entry.
    ///
    /// Bottom-up: the hole left at the root walks down along the smallest children to a leaf
    /// (no comparison against the moving entry on the way), then the last entry, which is
    /// usually among the latest, fills it and sifts up a level or two at most.
    #[inline(always)]
    pub fn pop(&mut self) -> Option<Entry<E>> {
        let last = self.entries.pop()?;
        let heap = &mut self.entries[..];
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
                // scan, and selects the compiler can turn into conditional moves (which
                // child is smallest is a coin flip to the branch predictor).
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

    /// Removes every entry, in no particular order, keeping the allocation.
    pub fn drain(&mut self) -> std::vec::Drain<'_, Entry<E>> {
        self.entries.drain(..)
    }
}
