//! The event calendar: time order, FIFO ties, cancellation, `run_until`, and scheduling from
//! inside the handler.

use mutasi::engine::{Calendar, EventKey};
use proptest::prelude::*;

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
fn cancelled_events_are_never_delivered_and_the_others_are_unaffected() {
    let mut cal = Calendar::new();
    let keys: Vec<EventKey> = (0..10).map(|i| cal.schedule_at(f64::from(i), i)).collect();
    // A tie with an event that will be cancelled.
    cal.schedule_at(4.0, 104);
    for i in [0, 3, 4, 9] {
        cal.cancel(keys[i]);
    }
    // Cancelling twice is harmless.
    cal.cancel(keys[3]);
    assert_eq!(
        drain(&mut cal),
        vec![
            (1.0, 1),
            (2.0, 2),
            (4.0, 104),
            (5.0, 5),
            (6.0, 6),
            (7.0, 7),
            (8.0, 8)
        ]
    );
    assert_eq!(
        cal.events_processed(),
        7,
        "cancelled events are not counted"
    );
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

/// A cancelled event before the bound must not let `run_until` deliver a later event.
#[test]
fn run_until_with_a_cancelled_event_before_the_bound_stops_at_the_bound() {
    let mut cal = Calendar::new();
    let early = cal.schedule_at(1.0, "cancelled");
    cal.schedule_at(10.0, "after the bound");
    cal.cancel(early);
    let mut seen = Vec::new();
    cal.run_until(5.0, |_, t, e| seen.push((t, e)));
    assert_eq!(seen, vec![], "nothing is due by t = 5");
    assert_eq!(cal.now(), 5.0);
    assert_eq!(drain(&mut cal), vec![(10.0, "after the bound")]);
}

#[test]
fn the_handler_can_schedule_and_cancel_events() {
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Ev {
        Tick(u32),
        Echo(u32),
        Doomed,
    }
    let mut cal = Calendar::new();
    cal.schedule_at(0.0, Ev::Tick(0));
    let doomed = cal.schedule_at(2.5, Ev::Doomed);
    cal.schedule_at(1.0, Ev::Echo(100));
    let mut seen = Vec::new();
    cal.run_until(4.0, |cal, t, e| {
        seen.push((t, e));
        match e {
            Ev::Tick(i) => {
                // Same-time follow-up: after every already-pending event of time t.
                cal.schedule_in(0.0, Ev::Echo(i));
                // Next tick one unit later; the last ones fall after the bound.
                cal.schedule_in(1.0, Ev::Tick(i + 1));
                if i == 1 {
                    cal.cancel(doomed);
                }
            }
            Ev::Echo(_) | Ev::Doomed => {}
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
fn schedule_in_is_relative_to_now_and_the_past_is_clamped_to_now() {
    let mut cal = Calendar::new();
    cal.schedule_at(10.0, "first");
    assert_eq!(cal.pop(), Some((10.0, "first")));
    cal.schedule_in(2.5, "relative");
    cal.schedule_at(3.0, "in the past");
    assert_eq!(
        drain(&mut cal),
        vec![(10.0, "in the past"), (12.5, "relative")],
        "a time before now is clamped to now, so the clock never runs backwards"
    );
}

proptest! {
    #![proptest_config(property_config(512))]

    /// For any schedule, cancellations and bound: `run_until` hands out exactly the
    /// uncancelled events due by the bound, as a stable sort by time, and leaves the rest
    /// pending in the same order.
    #[test]
    fn run_until_is_a_stable_sort_of_the_uncancelled_events(
        events in prop::collection::vec((0u8..12, any::<bool>()), 0..120),
        bound in 0u8..14,
    ) {
        let mut cal = Calendar::new();
        let mut expected = Vec::new();
        for (i, &(slot, cancel)) in events.iter().enumerate() {
            let t = f64::from(slot) * 0.5;
            let key = cal.schedule_at(t, i);
            if cancel {
                cal.cancel(key);
            } else {
                expected.push((t, i));
            }
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
    assert_eq!(cal.peek_time(), Some(1.0));
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
                    prop_assert_eq!(cal.peek_time(), want.map(|w| w.1));
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
