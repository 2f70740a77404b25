//! Proves that the event loop does not touch the heap once it has grown: a counting global
//! allocator (its own test binary, because `#[global_allocator]` is process-wide).
//!
//! Each `simulate` call allocates its own state up front (calendar, staff, month cells,
//! histograms) and its result at the end, and a few buffers grow by doubling to the
//! largest size they reach (the calendar heap, the unit queues, the waiting-case slab), so
//! the allocation count of one call is not zero and depends weakly (logarithmically) on
//! the run length. The honest per-event measure is therefore a difference: allocations of a
//! long replication minus those of a short one. For `mmc` (the README's claim) that
//! difference is exactly 0: five years make no more allocations than one. For `arcamanik`,
//! whose buffers keep doubling towards rarer peaks, it is divided by the extra events:
//! per-event allocation (a `Box`, a `Vec` per case, a `HashSet` insert...) would make that
//! ratio about 1 or more; amortised doubling makes it about 1e-5. The bound 0.001 separates
//! the two.
//!
//! Counting is per thread (a thread-local counter switched on only around the measured
//! call), so tests running in parallel and the harness itself do not disturb it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use mutasi::scenario;
use mutasi::sim::policy::{self, Policy, PolicySetup};
use mutasi::sim::{Model, simulate};

/// The system allocator, counting allocations (not frees) made by threads that enabled it.
struct Counting;

thread_local! {
    // Const-initialised `Cell`s without destructors: reading them never allocates, so the
    // allocator can use them without recursion.
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with` so that allocations during thread teardown cannot panic.
    let _ = ENABLED.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

// SAFETY: every method forwards to `System` unchanged; the counting touches only
// thread-local `Cell`s, which neither allocate nor unwind.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A growing buffer reallocates: that counts as an allocation too.
        note_allocation();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by this thread while running `f`, and its result.
fn count_allocations<T>(f: impl FnOnce() -> T) -> (u64, T) {
    COUNT.with(|c| c.set(0));
    ENABLED.with(|on| on.set(true));
    let out = f();
    ENABLED.with(|on| on.set(false));
    (COUNT.with(Cell::get), out)
}

/// A shipped scenario with another horizon, compiled (outside any counting).
fn model(name: &str, years: f64) -> Model {
    let (mut s, _) = scenario::load(name, &[]).expect("shipped scenario loads");
    s.horizon_years = years;
    Model::new(&s).expect("shipped scenario compiles")
}

/// Allocations and events of one replication.
#[derive(Debug, Clone, Copy)]
struct Count {
    allocations: u64,
    events: u64,
}

/// Counts of a short and a long replication of `name` (same seed), which must differ by
/// many events for their comparison to mean anything.
fn short_and_long(name: &str, short_years: f64, long_years: f64) -> (Count, Count) {
    let short = model(name, short_years);
    let long = model(name, long_years);
    // The one call into the replication (adapt here if the signature of `simulate` changes).
    // The policy is built outside the counted region, as the experiment runner's factory
    // does before each replication.
    let run = |m: &Model, (p, setup): &mut (Box<dyn Policy>, PolicySetup)| {
        simulate(m, p.as_mut(), setup, 7, 0).events
    };
    let (mut p_short, mut p_long) = (
        policy::build_baseline(&short),
        policy::build_baseline(&long),
    );
    // The result is dropped inside the counted closure: frees are not counted.
    let (a_short, e_short) = count_allocations(|| run(&short, &mut p_short));
    let (a_long, e_long) = count_allocations(|| run(&long, &mut p_long));
    assert!(
        e_long > e_short + 100_000,
        "{name}: the long run must process many more events ({e_short} vs {e_long})"
    );
    eprintln!(
        "{name}: {short_years} y: {e_short} events, {a_short} allocations; \
         {long_years} y: {e_long} events, {a_long} allocations"
    );
    (
        Count {
            allocations: a_short,
            events: e_short,
        },
        Count {
            allocations: a_long,
            events: e_long,
        },
    )
}

#[test]
fn counting_allocator_sees_allocations() {
    // Guards the harness itself: a counter that never counts would pass everything below.
    let (n, v) = count_allocations(|| vec![1u8; 64]);
    assert!(n >= 1 && v.len() == 64, "counted {n}");
}

/// Most extra allocations a longer run may make: the growing buffers (queue, waiting-case
/// slab, calendar) double now and then when a rare long queue sets a new peak. A doubling is
/// one allocation per buffer however many events follow; an allocation per event, or per
/// month, would add thousands.
const LATE_DOUBLINGS: u64 = 12;

/// The pure M/M/c scenario (arrivals, completions and month ends only) allocates nothing per
/// event: four more simulated years (over 100,000 more events) add at most a few buffer
/// doublings. (An exact 0 held on one seed's path only: which months set a new queue peak
/// moves with every change to the random path, and on 7 of seeds 0..20 a late peak added 3.)
#[test]
fn mmc_event_loop_does_not_allocate_per_event() {
    let (short, long) = short_and_long("mmc", 1.0, 5.0);
    assert!(
        long.allocations <= short.allocations + LATE_DOUBLINGS,
        "mmc: {} more events made {} more allocations",
        long.events - short.events,
        long.allocations as i64 - short.allocations as i64
    );
}

/// The default scenario also exercises abandonment, complaints, several classes and units.
#[test]
fn arcamanik_event_loop_does_not_allocate_per_event() {
    let (short, long) = short_and_long("arcamanik", 2.0, 10.0);
    let extra = long.allocations.saturating_sub(short.allocations) as f64;
    let per_event = extra / (long.events - short.events) as f64;
    assert!(
        per_event < 1e-3,
        "{per_event:.2e} allocations per extra event"
    );
}
