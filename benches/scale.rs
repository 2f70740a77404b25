//! Cost per event against organisation size, side by side in one criterion group:
//!
//! - `scale/arcamanik`: the default scenario (35 staff, 9 units), one replication of its
//!   10 years under its baseline policy, every staff dynamic on.
//! - `scale/staff_10000`: a SYNTHETIC organisation of 1,000 units of 10 staff
//!   (`synthetic/mod.rs`: the arcamanik mix of units, lognormal work, EJ 0.55-0.95), one
//!   replication of [`LARGE_MONTHS`] months under `status_quo`.
//!
//! Both on one thread; throughput is events per second (every event popped before the
//! horizon), set-up of the replication and result building included, model compilation not.
//! Issue 22's goal: `staff_10000` within 1.5x arcamanik's cost per event.
//!
//! Run: `cargo bench --bench scale` (`BENCH_CLOCK=cpu cargo bench --bench scale` to time
//! thread CPU time instead of wall time on a busy machine).

use std::hint::black_box;
use std::time::Duration;

mod clock;
mod replication;
mod synthetic;
use clock::timed;
use replication::run_mutasi;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use mutasi::scenario::{self, Scenario};
use mutasi::sim::Model;

/// Units of the large organisation (of `synthetic::STAFF_PER_UNIT` = 10 staff each).
const LARGE_UNITS: usize = 1_000;
/// Simulated months of the large organisation: long enough that the queues, absences and
/// month ends are in their steady state for most of the run, short enough for criterion
/// (about 3.5 M events).
const LARGE_MONTHS: f64 = 3.0;
/// Master seed of every run here.
const SEED: u64 = 1;

fn large_scenario() -> Scenario {
    let text = synthetic::scenario_text(LARGE_UNITS, LARGE_MONTHS / 12.0);
    let s = scenario::parse(&text, "synthetic").expect("the generated scenario parses");
    s.validate("synthetic")
        .expect("the generated scenario is valid");
    s
}

fn bench_scale(c: &mut Criterion) {
    let (arcamanik, _) = scenario::load("arcamanik", &[]).expect("shipped scenario loads");
    let small = Model::new(&arcamanik).expect("shipped scenario compiles");
    let large = Model::new(&large_scenario()).expect("generated scenario compiles");
    let mut group = c.benchmark_group("scale");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for (name, model) in [("arcamanik", &small), ("staff_10000", &large)] {
        let events = run_mutasi(model, SEED).events;
        let staff: u32 = model.units.iter().map(|u| u.initial_staff).sum();
        eprintln!(
            "{name}: {staff} staff, {} units, {} months, {events} events per replication",
            model.units.len(),
            model.months
        );
        group.throughput(Throughput::Elements(events));
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                timed(iters, || {
                    black_box(run_mutasi(model, black_box(SEED)).events);
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
        .measurement_time(Duration::from_secs(5));
    targets = bench_scale
}
criterion_main!(benches);
