//! The benchmarks' clock, shared by `engine.rs` and `mmc.rs` (`mod clock;`).

use std::time::{Duration, Instant};

/// Time of `iters` runs of `f`. Wall time by default, like criterion; with `BENCH_CLOCK=cpu`
/// this thread's CPU time instead, which leaves out the time slices that other processes
/// take on a shared machine (each run here is single-threaded, so on an idle machine the
/// two agree).
pub fn timed(iters: u64, mut f: impl FnMut()) -> Duration {
    let cpu = std::env::var("BENCH_CLOCK").is_ok_and(|v| v == "cpu");
    if let (true, Some(start)) = (cpu, thread_cpu_time()) {
        for _ in 0..iters {
            f();
        }
        return thread_cpu_time().map_or(Duration::ZERO, |end| end.saturating_sub(start));
    }
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed()
}

/// CPU time consumed by the calling thread (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`; libc
/// is linked by std, so no dependency is needed). `None` where unsupported.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn thread_cpu_time() -> Option<Duration> {
    /// `struct timespec` on 64-bit Linux.
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable `timespec`; the call writes only into it.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn thread_cpu_time() -> Option<Duration> {
    None
}
