//! The event kernel alone: the classic "hold model" on [`Calendar`].
//!
//! The calendar holds `N` pending events; one *hold* pops the earliest and schedules a new one
//! at `now + Exp(1)`, so the number pending stays `N` and every operation is one pop plus one
//! push on a heap of size `N`. Throughput is reported in holds per second, which is the same
//! as events per second: each hold processes exactly one event. No model logic, so this is
//! the ceiling for any model built on the calendar at that pending-event count.
//!
//! Run: `cargo bench --bench engine` (`BENCH_CLOCK=cpu cargo bench --bench engine` to time
//! thread CPU time instead of wall time on a busy machine).

use std::hint::black_box;
use std::time::Duration;

mod clock;
use clock::timed;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use mutasi::engine::{Calendar, StreamRng, stream_rng};
use rand_distr::{Distribution as _, Exp1};

/// Holds timed per criterion iteration: 10-100 ms here, so criterion's own overhead is
/// negligible and a 3 s measurement still gets tens of iterations.
const HOLDS_PER_ITER: u64 = 100_000;

/// A calendar with `n` pending events at Exp(1) times, and the generator that drew them.
/// The payload is a `u32`, like the small `Copy` events of the model.
fn prefilled(n: usize) -> (Calendar<u32>, StreamRng) {
    let mut rng = stream_rng(42, 0, n as u64);
    let mut cal = Calendar::with_capacity(n + 1);
    for i in 0..n {
        let t: f64 = Exp1.sample(&mut rng);
        cal.schedule_at(t, i as u32);
    }
    (cal, rng)
}

/// `holds` hold operations; returns the last payload so the work cannot be optimised away.
#[inline(never)]
fn hold(cal: &mut Calendar<u32>, rng: &mut StreamRng, holds: u64) -> u32 {
    let mut last = 0;
    for _ in 0..holds {
        let (_, e) = cal
            .pop()
            .expect("the hold model never empties the calendar");
        let gap: f64 = Exp1.sample(rng);
        let at = cal.now() + gap;
        cal.schedule_at(at, e);
        last = e;
    }
    last
}

fn bench_hold(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_hold");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(HOLDS_PER_ITER));
    for n in [1_000usize, 10_000, 100_000] {
        // The calendar persists across iterations. 10 N holds first replace every initial
        // event about ten times, so the pending times are in the model's steady state.
        let (mut cal, mut rng) = prefilled(n);
        hold(&mut cal, &mut rng, 10 * n as u64);
        group.bench_function(format!("pending_{n}"), |b| {
            b.iter_custom(|iters| {
                timed(iters, || {
                    black_box(hold(&mut cal, &mut rng, HOLDS_PER_ITER));
                })
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Short by default (shared 2-core machine); command-line flags still override.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = bench_hold
}
criterion_main!(benches);
