//! The hold model of `benches/engine.rs` as a plain program, for counting instructions
//! (`benches/README.md`, "Scale"): a calendar of `PENDING` events at Exp(1) times, warmed up
//! with 10 x `PENDING` holds, then `HOLDS` holds in `measured_holds`, which is what to count:
//!
//! `valgrind --tool=callgrind --toggle-collect='*measured_holds*' \
//!  target/release/examples/hold_model PENDING HOLDS`
//!
//! and divide the instructions collected by `HOLDS`. It also prints the wall time per hold,
//! which is only a rough figure on a busy machine.

use std::process::ExitCode;
use std::time::Instant;

use mutasi::engine::{Calendar, StreamRng, stream_rng};
use rand_distr::{Distribution as _, Exp1};

/// `holds` holds: pop the earliest event, schedule it again `Exp(1)` later. Returns the last
/// payload so the work cannot be optimised away.
#[inline(never)]
fn hold(cal: &mut Calendar<u32>, rng: &mut StreamRng, holds: u64) -> u32 {
    let mut last = 0;
    for _ in 0..holds {
        let Some((_, e)) = cal.pop() else {
            break;
        };
        let gap: f64 = Exp1.sample(rng);
        let at = cal.now() + gap;
        cal.schedule_at(at, e);
        last = e;
    }
    last
}

/// The holds to count (a function of its own, for callgrind's `--toggle-collect`).
#[inline(never)]
fn measured_holds(cal: &mut Calendar<u32>, rng: &mut StreamRng, holds: u64) -> u32 {
    hold(cal, rng, holds)
}

fn main() -> ExitCode {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let &[pending, holds] = args.as_slice() else {
        eprintln!("usage: hold_model PENDING HOLDS   (two whole numbers)");
        return ExitCode::from(2);
    };
    let mut rng = stream_rng(42, 0, pending);
    let mut cal = Calendar::with_capacity(pending as usize + 1);
    for i in 0..pending {
        let t: f64 = Exp1.sample(&mut rng);
        cal.schedule_at(t, i as u32);
    }
    hold(&mut cal, &mut rng, 10 * pending);
    let start = Instant::now();
    let last = measured_holds(&mut cal, &mut rng, holds);
    let ns = start.elapsed().as_nanos() as f64 / holds.max(1) as f64;
    println!("{pending} pending: {ns:.1} ns per hold (wall time; last payload {last})");
    ExitCode::SUCCESS
}
