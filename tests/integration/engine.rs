//! The event calendar: time order, FIFO ties, `run_until`, scheduling from inside the
//! handler, lanes, and the same order at sizes where the calendar switches to time buckets.

use std::collections::BTreeMap;

use mutasi::engine::{Calendar, Lane, stream_rng};
use proptest::prelude::*;
use rand::RngExt;

use crate::support::property_config;

/// Pops everything left, in order.
fn drain<E: Copy>(cal: &mut Calendar<E>) -> Vec<(f64, E)> {
    std::iter::from_fn(|| cal.pop()).collect()
}

#[test]
fn events_pop_in_time_order_and_advance_the_clock() {
    let mut cal = Calendar::new();
    for (t, name) in [
        (5.0, "e"),
        (1.0, "a"),
        (3.5, "c"),
        (0.25, "0"),
        (2.0, "b"),
        (4.0, "d"),
    ] {
        cal.schedule_at(t, name);
    }
    assert_eq!(cal.len(), 6);
    let mut seen = Vec::new();
    while let Some((t, e)) = cal.pop() {
        assert_eq!(cal.now(), t, "the clock is at the popped event's time");
        seen.push((t, e));
    }
    assert_eq!(
        seen,
        vec![
            (0.25, "0"),
            (1.0, "a"),
            (2.0, "b"),
            (3.5, "c"),
            (4.0, "d"),
            (5.0, "e")
        ]
    );
    assert!(cal.is_empty());
    assert_eq!(cal.pop(), None);
    assert_eq!(
        cal.now(),
        5.0,
        "popping an empty calendar leaves the clock alone"
    );
    assert_eq!(cal.events_processed(), 6);
}

#[test]
fn equal_times_pop_in_insertion_order() {
    let mut cal = Calendar::new();
    // Interleave two times so that ties are not simply adjacent insertions.
    for i in 0..50 {
        cal.schedule_at(if i % 2 == 0 { 7.0 } else { 3.0 }, i);
    }
    let got: Vec<i32> = drain(&mut cal).into_iter().map(|(_, e)| e).collect();
    let want: Vec<i32> = (0..50)
        .filter(|i| i % 2 == 1)
        .chain((0..50).filter(|i| i % 2 == 0))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn run_until_handles_events_up_to_and_including_the_bound_then_sets_the_clock() {
    let mut cal = Calendar::new();
    for t in [1.0, 2.0, 3.0, 3.0, 4.5, 6.0] {
        cal.schedule_at(t, t);
    }
    let mut seen = Vec::new();
    cal.run_until(3.0, |cal, t, e| {
        assert_eq!(cal.now(), t);
        seen.push(e);
    });
    assert_eq!(
        seen,
        vec![1.0, 2.0, 3.0, 3.0],
        "events at the bound are handled"
    );
    assert_eq!(cal.now(), 3.0);
    seen.clear();
    cal.run_until(5.0, |_, _, e| seen.push(e));
    assert_eq!(seen, vec![4.5]);
    assert_eq!(
        cal.now(),
        5.0,
        "the clock moves to the bound, past the last event"
    );
    assert_eq!(cal.len(), 1, "the event after the bound is still pending");
    // An earlier bound handles nothing and does not move the clock back.
    cal.run_until(4.0, |_, _, e| panic!("handled {e} before its time"));
    assert_eq!(cal.now(), 5.0);
    assert_eq!(drain(&mut cal), vec![(6.0, 6.0)]);
    assert_eq!(cal.events_processed(), 6);
}

#[test]
fn run_until_on_an_empty_calendar_only_moves_the_clock() {
    let mut cal: Calendar<()> = Calendar::new();
    cal.run_until(12.5, |_, _, _| panic!("nothing to handle"));
    assert_eq!(cal.now(), 12.5);
    assert_eq!(cal.events_processed(), 0);
}

#[test]
fn the_handler_can_schedule_events() {
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Ev {
        Tick(u32),
        Echo(u32),
    }
    let mut cal = Calendar::new();
    cal.schedule_at(0.0, Ev::Tick(0));
    cal.schedule_at(1.0, Ev::Echo(100));
    let mut seen = Vec::new();
    cal.run_until(4.0, |cal, t, e| {
        seen.push((t, e));
        if let Ev::Tick(i) = e {
            // Same-time follow-up: after every already-pending event of time t.
            cal.schedule_at(t, Ev::Echo(i));
            // Next tick one unit later; the last ones fall after the bound.
            cal.schedule_at(t + 1.0, Ev::Tick(i + 1));
        }
    });
    assert_eq!(
        seen,
        vec![
            (0.0, Ev::Tick(0)),
            (0.0, Ev::Echo(0)),
            (1.0, Ev::Echo(100)),
            (1.0, Ev::Tick(1)),
            (1.0, Ev::Echo(1)),
            (2.0, Ev::Tick(2)),
            (2.0, Ev::Echo(2)),
            (3.0, Ev::Tick(3)),
            (3.0, Ev::Echo(3)),
            (4.0, Ev::Tick(4)),
            (4.0, Ev::Echo(4)),
        ]
    );
    assert_eq!(cal.now(), 4.0);
    assert_eq!(drain(&mut cal), vec![(5.0, Ev::Tick(5))]);
}

#[test]
fn a_time_in_the_past_is_clamped_to_now() {
    let mut cal = Calendar::new();
    cal.schedule_at(10.0, "first");
    assert_eq!(cal.pop(), Some((10.0, "first")));
    cal.schedule_at(12.5, "later");
    cal.schedule_at(3.0, "in the past");
    assert_eq!(
        drain(&mut cal),
        vec![(10.0, "in the past"), (12.5, "later")],
        "a time before now is clamped to now, so the clock never runs backwards"
    );
}

proptest! {
    #![proptest_config(property_config(512))]

    /// For any schedule and bound: `run_until` hands out exactly the events due by the
    /// bound, as a stable sort by time, and leaves the rest pending in the same order.
    #[test]
    fn run_until_is_a_stable_sort_of_the_events(
        events in prop::collection::vec(0u8..12, 0..120),
        bound in 0u8..14,
    ) {
        let mut cal = Calendar::new();
        let mut expected = Vec::new();
        for (i, &slot) in events.iter().enumerate() {
            let t = f64::from(slot) * 0.5;
            cal.schedule_at(t, i);
            expected.push((t, i));
        }
        expected.sort_by(|a, b| a.0.total_cmp(&b.0)); // stable: ties keep insertion order
        let bound = f64::from(bound) * 0.5;
        let mut handled = Vec::new();
        cal.run_until(bound, |_, t, e| handled.push((t, e)));
        let split = expected.partition_point(|&(t, _)| t <= bound);
        prop_assert_eq!(&handled[..], &expected[..split]);
        prop_assert_eq!(cal.now(), bound);
        prop_assert_eq!(cal.events_processed(), split as u64);
        let rest = drain(&mut cal);
        prop_assert_eq!(&rest[..], &expected[split..]);
    }
}

#[test]
fn a_lane_holds_one_event_and_orders_with_the_heap() {
    let mut cal = Calendar::new();
    let a = cal.add_lane();
    let b = cal.add_lane();
    cal.schedule_at(2.0, "heap 2");
    cal.set_lane(a, 5.0, "a 5 (replaced)");
    cal.set_lane(a, 1.0, "a 1");
    cal.set_lane(b, 2.0, "b 2 (after heap 2: scheduled later)");
    cal.schedule_at(3.0, "heap 3");
    assert_eq!(cal.len(), 4);
    let mut seen = Vec::new();
    cal.run_until(10.0, |cal, t, e| {
        seen.push((t, e));
        if e == "a 1" {
            // A lane handler typically sets its lane again at once.
            cal.set_lane(a, 2.5, "a 2.5");
        }
        if e == "heap 2" {
            cal.clear_lane(b);
        }
    });
    assert_eq!(
        seen,
        vec![
            (1.0, "a 1"),
            (2.0, "heap 2"),
            (2.5, "a 2.5"),
            (3.0, "heap 3")
        ]
    );
    assert!(cal.is_empty());
    assert_eq!(cal.events_processed(), 4);
}

/// One step of the lane property test.
#[derive(Debug, Clone)]
enum Op {
    Schedule(u8),
    SetLane(usize, u8),
    ClearLane(usize),
    AddLane,
    Pop,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..10).prop_map(Op::Schedule),
        (0usize..40, 0u8..10).prop_map(|(l, t)| Op::SetLane(l, t)),
        (0usize..40).prop_map(Op::ClearLane),
        Just(Op::AddLane),
        Just(Op::Pop),
        Just(Op::Pop),
    ]
}

proptest! {
    #![proptest_config(property_config(512))]

    /// Lanes and heap events together pop exactly as one list sorted by (time, order of
    /// scheduling) would, whatever the mix of scheduling, lane updates, clears and pops, and
    /// however many lanes are added on the way (the lane tree grows).
    #[test]
    fn lanes_and_heap_pop_like_one_sorted_list(ops in prop::collection::vec(op(), 0..300)) {
        let mut cal = Calendar::new();
        let mut lanes = Vec::new();
        // Reference: (time, sequence, id) of every pending event; lane events carry their lane.
        let mut pending: Vec<(f64, u64, usize, Option<usize>)> = Vec::new();
        let mut seq = 0u64;
        for (id, op) in ops.iter().enumerate() {
            let at = |t: u8, now: f64| (f64::from(t) * 0.5).max(now);
            match *op {
                Op::Schedule(t) => {
                    let t = at(t, cal.now());
                    cal.schedule_at(t, id);
                    pending.push((t, seq, id, None));
                    seq += 1;
                }
                Op::SetLane(l, t) if !lanes.is_empty() => {
                    let l = l % lanes.len();
                    let t = at(t, cal.now());
                    cal.set_lane(lanes[l], t, id);
                    pending.retain(|p| p.3 != Some(l));
                    pending.push((t, seq, id, Some(l)));
                    seq += 1;
                }
                Op::ClearLane(l) if !lanes.is_empty() => {
                    let l = l % lanes.len();
                    cal.clear_lane(lanes[l]);
                    pending.retain(|p| p.3 != Some(l));
                }
                Op::AddLane => lanes.push(cal.add_lane()),
                Op::Pop => {
                    let want = pending
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1.0.total_cmp(&b.1.0).then(a.1.1.cmp(&b.1.1)))
                        .map(|(i, p)| (i, p.0, p.2));
                    let got = cal.pop();
                    prop_assert_eq!(got, want.map(|w| (w.1, w.2)));
                    if let Some((i, _, _)) = want {
                        pending.remove(i);
                    }
                }
                _ => {}
            }
            prop_assert_eq!(cal.len(), pending.len());
        }
    }
}

/// One phase of the large-size test: how many steps, how far ahead events are scheduled,
/// and whether the calendar grows, holds steady or drains.
#[derive(Debug, Clone)]
struct Phase {
    steps: u32,
    delays: u8,
    balance: u8,
}

/// A delay ahead of `now` in the style `kind`; some on a coarse grid (ties), a few in the
/// past (clamped to now by the calendar).
fn delay(kind: u8, rng: &mut impl RngExt) -> f64 {
    let d = match kind {
        0 => 0.0,
        1 => rng.random::<f64>() * 0.01,
        2 => -(1.0 - rng.random::<f64>()).ln() * 1.5,
        3 if rng.random::<f64>() < 0.3 => 200.0 * rng.random::<f64>(),
        3 => 2.0 * rng.random::<f64>(),
        _ => 1e4 * rng.random::<f64>(),
    };
    match rng.random_range(0..20) {
        0 => -1.0,
        1..=4 => (d * 4.0).round() / 4.0,
        _ => d,
    }
}

/// Reference calendar: pending events by (time bits, sequence), each with its id and lane.
struct Reference {
    pending: BTreeMap<(u64, u64), (usize, Option<usize>)>,
    lane_key: Vec<Option<(u64, u64)>>,
    seq: u64,
}

impl Reference {
    fn schedule(&mut self, now: f64, t: f64, id: usize, lane: Option<usize>) {
        let t = t.max(now);
        let k = (t.to_bits(), self.seq);
        self.seq += 1;
        if let Some(old) = lane.and_then(|l| self.lane_key[l].replace(k)) {
            self.pending.remove(&old);
        }
        self.pending.insert(k, (id, lane));
    }

    fn clear(&mut self, lane: usize) {
        if let Some(old) = self.lane_key[lane].take() {
            self.pending.remove(&old);
        }
    }

    fn pop(&mut self) -> Option<(f64, usize)> {
        let ((bits, _), (id, lane)) = self.pending.pop_first()?;
        if let Some(l) = lane {
            self.lane_key[l] = None;
        }
        Some((f64::from_bits(bits), id))
    }
}

/// Runs `phases` on a calendar and on [`Reference`] side by side and fails at the first
/// difference in what they pop (or hand out in a bounded run, or count as pending); returns
/// the most events ever pending.
fn compare_with_reference(seed: u64, phases: &[Phase]) -> Result<usize, TestCaseError> {
    let mut rng = stream_rng(seed, 0, 0);
    let mut cal = Calendar::with_capacity(16);
    let mut lanes: Vec<Lane> = (0..48).map(|_| cal.add_lane()).collect();
    let mut reference = Reference {
        pending: BTreeMap::new(),
        lane_key: vec![None; lanes.len()],
        seq: 0,
    };
    let (mut id, mut most) = (0, 0);
    for phase in phases {
        let push_share = [0.67, 0.5, 0.25][phase.balance as usize];
        for _ in 0..phase.steps {
            id += 1;
            let now = cal.now();
            let u: f64 = rng.random();
            if u < push_share * 0.9 {
                let t = now + delay(phase.delays, &mut rng);
                cal.schedule_at(t, id);
                reference.schedule(now, t, id, None);
            } else if u < push_share {
                let l = rng.random_range(0..lanes.len());
                if rng.random::<f64>() < 0.2 {
                    cal.clear_lane(lanes[l]);
                    reference.clear(l);
                } else {
                    let t = now + delay(phase.delays, &mut rng);
                    cal.set_lane(lanes[l], t, id);
                    reference.schedule(now, t, id, Some(l));
                }
            } else if u < push_share + 0.002 {
                lanes.push(cal.add_lane());
                reference.lane_key.push(None);
            } else {
                prop_assert_eq!(cal.pop(), reference.pop());
            }
            most = most.max(reference.pending.len());
        }
        prop_assert_eq!(cal.len(), reference.pending.len());
        // A bounded run hands out exactly the events due by the bound.
        let bound = cal.now() + 1.0;
        let mut handled = Vec::new();
        cal.run_until(bound, |_, t, e| handled.push((t, e)));
        let mut expected = Vec::new();
        while reference
            .pending
            .first_key_value()
            .is_some_and(|(k, _)| f64::from_bits(k.0) <= bound)
        {
            expected.extend(reference.pop());
        }
        prop_assert_eq!(handled, expected);
    }
    while let Some(want) = reference.pop() {
        prop_assert_eq!(cal.pop(), Some(want));
    }
    prop_assert_eq!(cal.pop(), None);
    prop_assert!(cal.is_empty());
    Ok(most)
}

/// A calendar grown past ten thousand pending events (where it keeps its queue in time
/// buckets) by each kind of delay in turn, then drained, pops like one sorted list.
#[test]
fn a_large_calendar_pops_like_one_sorted_list() {
    let phases: Vec<Phase> = (0..5)
        .map(|delays| Phase {
            steps: 30_000,
            delays,
            balance: 0,
        })
        .chain([
            Phase {
                steps: 40_000,
                delays: 3,
                balance: 1,
            },
            Phase {
                steps: 150_000,
                delays: 2,
                balance: 2,
            },
        ])
        .collect();
    let most = compare_with_reference(7, &phases).map_err(|e| e.to_string());
    assert!(
        most.as_ref().is_ok_and(|&m| m > 10_000),
        "the calendar must have grown large: {most:?}"
    );
}

proptest! {
    #![proptest_config(property_config(24))]

    /// At sizes where the calendar keeps its queue in time buckets (thousands to tens of
    /// thousands pending), and as it grows, holds and drains through the sizes where it
    /// switches them on and off, the pops are still those of one list sorted by (time, order
    /// of scheduling), lanes included, whatever the spread of times: same-time follow-ups,
    /// near, hours ahead, near and far mixed, far.
    #[test]
    fn the_calendar_pops_like_one_sorted_list_at_large_sizes(
        seed in any::<u64>(),
        phases in prop::collection::vec(
            (1u32..30_000, 0u8..5, 0u8..3)
                .prop_map(|(steps, delays, balance)| Phase { steps, delays, balance }),
            1..6,
        ),
    ) {
        compare_with_reference(seed, &phases)?;
    }
}
