//! Lanes: slots that each hold at most one pending event, the natural shape of a recurring
//! timer such as an arrival process, which always has exactly one next arrival, or a clock
//! whose next ring moves whenever its state changes.
//!
//! The lanes form a tournament tree: every node holds the earliest key below it and its lane,
//! so the earliest lane is at the root, and setting a lane replays the matches on one path of
//! the tree (one comparison per level) instead of sifting through every pending event. Lane
//! keys come from the calendar's own sequence, so the calendar orders lane and queue events
//! exactly as if all were in one queue.

use super::heap::EMPTY;

/// Handle of a lane, from [`Calendar::add_lane`](super::Calendar::add_lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lane(pub(super) u32);

/// A tree node: the earliest key below it and the lane it belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Node {
    key: u128,
    lane: u32,
}

/// No lane.
const NO_LANE: u32 = u32::MAX;

/// The node with the earlier key.
#[inline(always)]
fn earlier(a: Node, b: Node) -> Node {
    // Indexing a pair instead of branching: which key is earlier is a coin flip to the
    // branch predictor.
    [a, b][(b.key < a.key) as usize]
}

/// The lanes and their tournament tree.
pub(super) struct Lanes<E> {
    /// Pending event of each lane, padded with empty lanes to a power of two, `n`.
    events: Vec<Option<E>>,
    /// Lanes handed out by `add`.
    used: usize,
    /// `tree[1]` is the earliest lane, `tree[k]` the earliest under node `k` (children
    /// `2k` and `2k + 1`), and `tree[n + i]` lane `i`'s own key. Keys are kept in the nodes,
    /// not looked up by lane, so the loads of a replay do not wait on one another (a tree of
    /// lane numbers is smaller, but each level's key load waits on its lane-number load).
    tree: Vec<Node>,
    /// A lane taken whose emptying is not yet replayed up the tree (`NO_LANE` if none):
    /// usually the handler sets the same lane again at once, so one replay serves both.
    unsettled: u32,
}

impl<E: Copy> Lanes<E> {
    pub fn new() -> Self {
        Lanes {
            events: Vec::new(),
            used: 0,
            tree: Vec::new(),
            unsettled: NO_LANE,
        }
    }

    /// A new empty lane. The tree doubles when full (rare: lanes are made at set-up).
    pub fn add(&mut self) -> Lane {
        self.settle();
        let id = self.used;
        if id == self.events.len() {
            let n = (id + 1).next_power_of_two().max(2);
            let old = std::mem::take(&mut self.tree);
            let old_n = self.events.len();
            self.events.resize(n, None);
            let leaf = |i: usize| Node {
                key: if i < old_n { old[old_n + i].key } else { EMPTY },
                lane: i as u32,
            };
            let inner = Node {
                key: EMPTY,
                lane: NO_LANE,
            };
            self.tree = vec![inner; n];
            self.tree.extend((0..n).map(leaf));
            for k in (1..n).rev() {
                self.tree[k] = earlier(self.tree[2 * k], self.tree[2 * k + 1]);
            }
        }
        self.used += 1;
        Lane(id as u32)
    }

    /// Puts `event` with order key `key` on `lane` ([`EMPTY`] and `None` to clear it).
    #[inline(always)]
    pub fn set(&mut self, lane: Lane, key: u128, event: Option<E>) {
        let lane = lane.0;
        if self.unsettled == lane {
            // Its replay is the one below.
            self.unsettled = NO_LANE;
        } else {
            self.settle();
        }
        self.events[lane as usize] = event;
        self.replay(lane as usize, key);
    }

    /// Key of the earliest lane event ([`EMPTY`] if none).
    #[inline(always)]
    pub fn front_key(&mut self) -> u128 {
        self.settle();
        self.tree.get(1).map_or(EMPTY, |n| n.key)
    }

    /// Takes the event of the earliest lane; call right after [`Lanes::front_key`] gave its
    /// key.
    #[inline(always)]
    pub fn take_front(&mut self) -> Option<E> {
        let lane = self.tree[1].lane;
        self.unsettled = lane;
        self.events[lane as usize].take()
    }

    /// Number of lanes holding an event.
    pub fn pending(&self) -> usize {
        self.events.iter().filter(|e| e.is_some()).count()
    }

    /// Replays the emptying of the last taken lane, if still pending.
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
}
