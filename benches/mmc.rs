//! The same M/M/c queue (c = 10, lambda = 9/h, mu = 1/h, rho = 0.9) two ways, side by side in
//! one criterion group (the default scenario is measured in `scale.rs`):
//!
//! - `mmc/hand_loop`: a minimal hand-written event loop (std `BinaryHeap` of
//!   (time, seq, kind) entries, Xoshiro256++ with `Exp1` sampling, FIFO queue of arrival
//!   times, a count of idle servers). No statistics beyond the wait sum: the practical limit.
//! - `mmc/mutasi_simulate`: mutasi's full model path, `simulate` on the shipped `mmc`
//!   scenario (one replication), with month cells, histograms, longest-idle staff and KPIs.
//!
//! Event accounting (both M/M/c sides): every event popped from the calendar at or before
//! the horizon counts once. For the hand loop that is arrivals + completions; for mutasi it
//! is arrivals + completions + one `MonthEnd` per simulated month (12 a year, about 0.002 %
//! of the events here). Completions still pending at the horizon are not counted on either
//! side. Throughput is that count divided by the time of one whole replication, set-up and
//! result building included. Both sides first check their mean wait against Erlang C, so the
//! comparison is of equal work.
//!
//! Run: `cargo bench --bench mmc` (`BENCH_CLOCK=cpu cargo bench --bench mmc` to time thread
//! CPU time instead of wall time on a busy machine).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::hint::black_box;
use std::time::Duration;

mod clock;
mod replication;
use clock::timed;
use replication::run_mutasi;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use mutasi::engine::{StreamRng, stream_rng};
use mutasi::scenario;
use mutasi::sim::{Kpi, Model};
use rand_distr::{Distribution as _, Exp1};

/// Servers.
const C: u32 = 10;
/// Arrivals per working hour.
const LAMBDA: f64 = 9.0;
/// Services per server-hour.
const MU: f64 = 1.0;
/// Simulated years of the M/M/c runs (1,800 working hours a year, about 32,400 events a
/// year): long enough that one replication takes roughly 50-200 ms on this machine.
const MMC_YEARS: f64 = 40.0;
/// Master seed of every run here.
const SEED: u64 = 1;
/// Allowed relative error of a measured mean wait against Erlang C. One long replication at
/// rho = 0.9 is within a few percent; the check is only there to prove both sides simulate
/// the same queue.
const WAIT_TOLERANCE: f64 = 0.10;

/// Erlang C mean wait in queue (hours) of an M/M/c queue.
fn erlang_c_wq(c: u32, lambda: f64, mu: f64) -> f64 {
    let a = lambda / mu;
    let rho = a / c as f64;
    assert!(rho < 1.0, "unstable queue");
    // sum_{k<c} a^k / k!, then a^c / c!
    let (mut term, mut sum) = (1.0, 0.0);
    for k in 0..c {
        if k > 0 {
            term *= a / k as f64;
        }
        sum += term;
    }
    let top = term * a / c as f64 / (1.0 - rho);
    let p_wait = top / (sum + top);
    p_wait / (c as f64 * mu - lambda)
}

fn check_wait(side: &str, measured_hours: f64) {
    let theory = erlang_c_wq(C, LAMBDA, MU);
    let rel = (measured_hours - theory).abs() / theory;
    assert!(
        rel < WAIT_TOLERANCE,
        "{side}: mean wait {measured_hours:.4} h vs Erlang C {theory:.4} h ({:.1} % off)",
        rel * 100.0
    );
    eprintln!(
        "{side}: mean wait {measured_hours:.4} h, Erlang C {theory:.4} h ({:+.1} %)",
        (measured_hours / theory - 1.0) * 100.0
    );
}

// ----- (a) the hand-written loop ---------------------------------------------------------

#[derive(Clone, Copy)]
enum Kind {
    Arrival,
    Completion,
}

/// A calendar entry, ordered like mutasi's: earliest time first, ties in insertion order.
struct Entry {
    time: f64,
    seq: u64,
    kind: Kind,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed: `BinaryHeap` is a max-heap.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// What a run returns: events processed and the mean wait (hours) of the cases that
/// started service after the warm-up.
struct Outcome {
    events: u64,
    mean_wait_hours: f64,
}

/// The M/M/c queue as a bare event loop up to `horizon` hours, measuring waits of services
/// starting at or after `measured_from`. The same generator and sampling as mutasi: one
/// Xoshiro256++ stream for gaps, one for work, `Exp1` scaled by the rate.
#[inline(never)]
fn hand_loop(horizon: f64, measured_from: f64, seed: u64) -> Outcome {
    let mut gaps: StreamRng = stream_rng(seed, 0, 1 << 40);
    let mut work: StreamRng = stream_rng(seed, 0, 2 << 40);
    let mut heap = BinaryHeap::with_capacity(1024);
    let mut queue: VecDeque<f64> = VecDeque::with_capacity(1024);
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<Entry>, time: f64, kind: Kind| {
        heap.push(Entry { time, seq, kind });
        seq += 1;
    };
    let (mut idle, mut events, mut waits, mut wait_sum) = (C, 0u64, 0u64, 0.0f64);
    let first: f64 = Exp1.sample(&mut gaps);
    push(&mut heap, first / LAMBDA, Kind::Arrival);
    while let Some(entry) = heap.pop() {
        let (now, kind) = (entry.time, entry.kind);
        if now > horizon {
            break;
        }
        events += 1;
        // The arrival time of the case that starts service now, if one does.
        let starts = match kind {
            Kind::Arrival => {
                let gap: f64 = Exp1.sample(&mut gaps);
                push(&mut heap, now + gap / LAMBDA, Kind::Arrival);
                if idle > 0 {
                    idle -= 1;
                    Some(now)
                } else {
                    queue.push_back(now);
                    None
                }
            }
            Kind::Completion => {
                let next = queue.pop_front();
                if next.is_none() {
                    idle += 1;
                }
                next
            }
        };
        if let Some(arrived) = starts {
            if now >= measured_from {
                waits += 1;
                wait_sum += now - arrived;
            }
            let w: f64 = Exp1.sample(&mut work);
            push(&mut heap, now + w / MU, Kind::Completion);
        }
    }
    Outcome {
        events,
        mean_wait_hours: wait_sum / waits as f64,
    }
}

// ----- (b) and (c) mutasi's model path ---------------------------------------------------

/// A shipped scenario compiled for simulation, optionally with another horizon.
fn model(name: &str, years: Option<f64>) -> Model {
    let (mut s, _) = scenario::load(name, &[]).expect("shipped scenario loads");
    if let Some(y) = years {
        s.horizon_years = y;
    }
    Model::new(&s).expect("shipped scenario compiles")
}

// ----- the benchmarks --------------------------------------------------------------------

fn bench_mmc(c: &mut Criterion) {
    let mmc = model("mmc", Some(MMC_YEARS));
    assert_eq!(mmc.units.len(), 1, "mmc must stay a single M/M/c unit");
    assert_eq!(mmc.units[0].initial_staff, C);
    let horizon = mmc.horizon_hours;
    let measured_from = mmc.first_measured_month as f64 * mmc.hours_per_month;

    // One check run per side: proves equal work and gives the (deterministic) event count
    // that criterion divides by.
    let hand = hand_loop(horizon, measured_from, SEED);
    check_wait("hand_loop", hand.mean_wait_hours);
    let ours = run_mutasi(&mmc, SEED);
    check_wait(
        "mutasi_simulate",
        ours.kpi(Kpi::WaitDaysMean) * mmc.hours_per_day,
    );
    eprintln!(
        "events per replication: hand_loop {}, mutasi_simulate {} ({} month ends)",
        hand.events, ours.events, mmc.months
    );

    let mut group = c.benchmark_group("mmc");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.throughput(Throughput::Elements(hand.events));
    group.bench_function("hand_loop", |b| {
        b.iter_custom(|iters| {
            timed(iters, || {
                black_box(hand_loop(horizon, measured_from, black_box(SEED)).events);
            })
        })
    });
    group.throughput(Throughput::Elements(ours.events));
    group.bench_function("mutasi_simulate", |b| {
        b.iter_custom(|iters| {
            timed(iters, || {
                black_box(run_mutasi(&mmc, black_box(SEED)).events);
            })
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Short by default (shared 2-core machine); command-line flags still override.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench_mmc
}
criterion_main!(benches);
