//! Lanes: slots that each hold at most one pending event, the natural shape of a recurring
//! timer such as an arrival process, which always has exactly one next arrival, or a clock
//! whose next ring moves whenever its state changes.
//!
//! The lanes form a tournament tree: every inner node names the lane with the earliest key
//! below it, so the earliest lane is at the root, and setting a lane replays the matches on
//! one path of the tree (one comparison per level) instead of sifting through every pending
//! event. Lane keys come from the calendar's own sequence, so the calendar orders lane and
//! queue events exactly as if all were in one queue.

use super::heap::EMPTY;

/// Handle of a lane, from [`Calendar::add_lane`](super::Calendar::add_lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lane(pub(super) u32);

/// No lane.
const NO_LANE: u32 = u32::MAX;

/// The lanes (see the module docs).
pub(super) struct Lanes<E> {
    /// Pending event of each lane, padded with empty lanes to a power of two, `n`.
    events: Vec<Option<E>>,
    /// Order key of each lane's event ([`EMPTY`] if none), same padding.
    keys: Vec<u128>,
    /// Lanes handed out by `add`.
    used: usize,
    /// The tree over the `n` lanes: node `k` in `1..n` has children `2k` and `2k + 1`, and
    /// node `n + i` is lane `i`. `winner[k]` is the lane with the earliest key under inner
    /// node `k`, so `winner[1]` is the earliest lane. Lane numbers, not keys, so the tree is
    /// small (4 bytes a node) and stays in the nearest cache with the keys.
    winner: Vec<u32>,
    /// A lane taken whose emptying is not yet replayed up the tree (`NO_LANE` if none):
    /// usually the handler sets the same lane again at once, so one replay serves both.
    unsettled: u32,
}

impl<E: Copy> Lanes<E> {
    pub fn new() -> Self {
        Lanes {
            events: Vec::new(),
            keys: Vec::new(),
            used: 0,
            winner: Vec::new(),
            unsettled: NO_LANE,
        }
    }

    /// A new empty lane. The tree doubles when full (rare: lanes are made at set-up).
    pub fn add(&mut self) -> Lane {
        self.settle();
        let id = self.used;
        self.used += 1;
        if id == self.keys.len() {
            let n = (id + 1).next_power_of_two().max(2);
            self.events.resize(n, None);
            self.keys.resize(n, EMPTY);
            self.winner = vec![NO_LANE; n];
            for k in (1..n).rev() {
                let (a, b) = (self.child_winner(2 * k), self.child_winner(2 * k + 1));
                self.winner[k] = if self.keys[b as usize] < self.keys[a as usize] {
                    b
                } else {
                    a
                };
            }
        }
        Lane(id as u32)
    }

    /// Puts `event` with order key `key` on `lane` ([`EMPTY`] and `None` to clear it).
    #[inline(always)]
    pub fn set(&mut self, lane: Lane, key: u128, event: Option<E>) {
        let i = lane.0 as usize;
        if self.unsettled == lane.0 {
            // Its replay is the one below.
            self.unsettled = NO_LANE;
        } else {
            self.settle();
        }
        self.events[i] = event;
        self.keys[i] = key;
        self.replay(i);
    }

    /// Key of the earliest lane event ([`EMPTY`] if none).
    #[inline(always)]
    pub fn front_key(&mut self) -> u128 {
        self.settle();
        match self.winner.get(1) {
            Some(&lane) => self.keys[lane as usize],
            None => EMPTY,
        }
    }

    /// Takes the event of the earliest lane; call right after
    /// [`Lanes::front_key`] gave its key.
    #[inline(always)]
    pub fn take_front(&mut self) -> Option<E> {
        let lane = self.winner[1];
        self.unsettled = lane;
        self.keys[lane as usize] = EMPTY;
        self.events[lane as usize].take()
    }

    /// Number of lanes holding an event.
    pub fn pending(&self) -> usize {
        self.events.iter().filter(|e| e.is_some()).count()
    }

    /// The earliest lane under node `c` (a lane itself when `c` is a leaf).
    fn child_winner(&self, c: usize) -> u32 {
        let n = self.keys.len();
        if c >= n {
            (c - n) as u32
        } else {
            self.winner[c]
        }
    }

    /// Replays the emptying of the last taken lane, if still pending.
    #[inline(always)]
    fn settle(&mut self) {
        if self.unsettled != NO_LANE {
            let lane = self.unsettled as usize;
            self.unsettled = NO_LANE;
            self.replay(lane);
        }
    }

    /// Replays the matches on the path from lane `i` (whose key changed) to the root,
    /// stopping where another lane still wins (nothing above it changes either).
    #[inline(always)]
    fn replay(&mut self, i: usize) {
        let keys = &self.keys[..];
        let winner = &mut self.winner[..];
        let n = keys.len();
        // The first match is against the neighbouring lane; the rest against inner nodes.
        let (mut best, mut best_key) = (i as u32, keys[i]);
        let rival = (i ^ 1) as u32;
        if keys[rival as usize] < best_key {
            (best, best_key) = (rival, keys[rival as usize]);
        }
        let mut k = (n + i) / 2;
        loop {
            if winner[k] == best && best != i as u32 {
                break;
            }
            winner[k] = best;
            if k == 1 {
                break;
            }
            let rival = winner[k ^ 1];
            let rival_key = keys[rival as usize];
            if rival_key < best_key {
                (best, best_key) = (rival, rival_key);
            }
            k /= 2;
        }
    }
}
