//! Resource guards: before any simulation, the run's events and peak memory are estimated
//! from the scenario, printed by `mutasi check`, and a run above the limits is refused
//! (exit 2) with the estimate and the flag that overrides it (`--no-limit`).

use mutasi::sim::{Model, ResourceEstimate};

use super::Failure;

/// Most events a run may simulate without `--no-limit`.
pub const MAX_EVENTS: f64 = 1e11;
/// Most computing a run may be expected to take without `--no-limit` (seconds of one core:
/// three hours).
pub const MAX_CPU_SECONDS: f64 = 3.0 * 3600.0;
/// Measured cost of one event (nanoseconds of one core) by organisation size (staff), all
/// dynamics on, one replication of one policy: generated scenarios of 10-person units
/// (`benches/scaling.sh`: `mutasi run -r 1 --threads 1`, user CPU time of the whole process,
/// release build, 2-core EPYC VM shared with other builds; 100 and 1,000 staff 2026-12-04,
/// 10,000 staff over 10 years and 100,000 over half a year 2026-12-05, after the layout
/// work for scale). The cost grows with size because the state of thousands of people and
/// their pending events no longer fits in the processor's caches.
const NS_PER_EVENT: [(f64, f64); 4] = [
    (100.0, 67.0),
    (1_000.0, 122.0),
    (10_000.0, 156.0),
    (100_000.0, 567.0),
];
/// Share of the machine's memory a run may expect to use without `--no-limit`.
pub const MEMORY_SHARE: f64 = 0.5;

/// Nanoseconds of one core per event for an organisation of `staff` people: interpolated
/// on log scales between the measured sizes of [`NS_PER_EVENT`], extended beyond them with
/// the slope of the nearest two.
pub fn ns_per_event(staff: f64) -> f64 {
    let table = &NS_PER_EVENT;
    let x = staff.max(table[0].0).ln();
    let i = table
        .windows(2)
        .position(|w| x <= w[1].0.ln())
        .unwrap_or(table.len() - 2);
    let ((x0, y0), (x1, y1)) = (table[i], table[i + 1]);
    let (x0, x1, y0, y1) = (x0.ln(), x1.ln(), y0.ln(), y1.ln());
    (y0 + (x - x0) * (y1 - y0) / (x1 - x0)).exp()
}

/// The size of a planned run.
pub struct Budget {
    /// Events and memory expected.
    pub estimate: ResourceEstimate,
    /// Worker threads it will use.
    pub threads: u64,
    /// People in the organisation at the start (the cost of an event grows with it).
    pub staff: f64,
}

impl Budget {
    /// The budget of `replications` per policy of `policies` on `threads` (0 = all cores).
    pub fn of(model: &Model, policies: u64, replications: u64, threads: usize) -> Budget {
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get() as u64),
            n => n as u64,
        };
        Budget {
            estimate: model.estimate(policies, replications, threads),
            threads,
            staff: model.units.iter().map(|u| u.initial_staff as f64).sum(),
        }
    }

    /// Seconds of one core the run is expected to take.
    pub fn cpu_seconds(&self) -> f64 {
        self.estimate.events * ns_per_event(self.staff) * 1e-9
    }

    /// One line: events, time at the rate measured for this size, and memory.
    pub fn describe(&self) -> String {
        let e = &self.estimate;
        let rate = 1e3 / ns_per_event(self.staff);
        format!(
            "about {} events (~{} on {} thread(s) at about {rate:.1} M events/s each for {} \
             staff), peak memory about {}",
            events(e.events),
            duration(self.cpu_seconds() / self.threads as f64),
            self.threads,
            self.staff,
            bytes(e.memory_bytes)
        )
    }

    /// Refuses a run above the limits unless `no_limit`; `machine` is the machine's memory
    /// (bytes) when known.
    pub fn check(&self, machine: Option<f64>, no_limit: bool) -> Result<(), Failure> {
        if no_limit {
            return Ok(());
        }
        let e = &self.estimate;
        let mut over = Vec::new();
        // NaN counts as over the limit.
        if e.events.is_nan() || e.events > MAX_EVENTS {
            over.push(format!(
                "more than the limit of {} events",
                events(MAX_EVENTS)
            ));
        }
        let cpu = self.cpu_seconds();
        if cpu.is_nan() || cpu > MAX_CPU_SECONDS {
            over.push(format!(
                "more than the limit of {} of computing (one core)",
                duration(MAX_CPU_SECONDS)
            ));
        }
        if let Some(total) = machine
            && (e.memory_bytes.is_nan() || e.memory_bytes > MEMORY_SHARE * total)
        {
            over.push(format!(
                "more memory than half of this machine's {}",
                bytes(total)
            ));
        }
        if over.is_empty() {
            return Ok(());
        }
        Err(Failure::Input(format!(
            "this run is too large: {} ({}); use fewer replications (-r), policies \
             (--policies) or years (--set horizon_years=...), or pass --no-limit to run it anyway",
            self.describe(),
            over.join(", ")
        )))
    }
}

/// Total memory of the machine (bytes) from `/proc/meminfo`, when there is one.
pub fn machine_memory() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

fn events(n: f64) -> String {
    if n >= 1e9 {
        format!("{:.3e}", n)
    } else if n >= 1e6 {
        format!("{:.1} M", n / 1e6)
    } else {
        format!("{:.0}", n)
    }
}

fn bytes(b: f64) -> String {
    match b {
        b if b >= 1e9 => format!("{:.1} GB", b / 1e9),
        b if b >= 1e6 => format!("{:.0} MB", b / 1e6),
        b => format!("{:.0} kB", (b / 1e3).max(1.0)),
    }
}

fn duration(seconds: f64) -> String {
    match seconds {
        s if s >= 86_400.0 => format!("{:.1} days", s / 86_400.0),
        s if s >= 3_600.0 => format!("{:.1} h", s / 3_600.0),
        s if s >= 60.0 => format!("{:.0} min", s / 60.0),
        s => format!("{:.0} s", s.max(1.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(events: f64, memory: f64) -> Budget {
        Budget {
            estimate: ResourceEstimate {
                events,
                memory_bytes: memory,
            },
            threads: 2,
            staff: 50.0,
        }
    }

    #[test]
    fn the_cost_per_event_grows_with_size_as_measured() {
        for (staff, ns) in NS_PER_EVENT {
            assert!((ns_per_event(staff) / ns - 1.0).abs() < 1e-9, "{staff}");
        }
        assert!((ns_per_event(1.0) - NS_PER_EVENT[0].1).abs() < 1e-9);
        let mut last = 0.0;
        for staff in [10.0, 300.0, 3_000.0, 30_000.0, 300_000.0, 1_000_000.0] {
            let ns = ns_per_event(staff);
            assert!(ns >= last, "{staff}: {ns}");
            last = ns;
        }
        // The reliability review's run: 999,999 people, 5.04e10 events on 2 threads was
        // "~42 min" at a fixed 10 M events/s; it is more than half a day on 2 threads (over a
        // day of one core), and refused without --no-limit.
        let huge = Budget {
            staff: 999_999.0,
            ..budget(5.043e10, 1e9)
        };
        assert!(huge.cpu_seconds() / 2.0 > 43_200.0, "{}", huge.describe());
        let Err(Failure::Input(msg)) = huge.check(None, false) else {
            panic!("half a day of computing must be refused");
        };
        assert!(
            msg.contains("of computing") && msg.contains(" h on 2 thread(s)"),
            "{msg}"
        );
        // A small organisation at the same event count is within an hour.
        assert!(budget(5e10, 1e9).cpu_seconds() < 3_600.0);
    }

    #[test]
    fn limits_refuse_with_the_estimate_and_the_override() {
        let gb = 1e9;
        assert!(budget(1e9, gb).check(Some(16.0 * gb), false).is_ok());
        let Err(Failure::Input(msg)) = budget(2e11, gb).check(Some(16.0 * gb), false) else {
            panic!("2e11 events must be refused");
        };
        assert!(
            msg.contains("2.000e11 events") && msg.contains("--no-limit"),
            "{msg}"
        );
        let Err(Failure::Input(msg)) = budget(1e9, 9.0 * gb).check(Some(16.0 * gb), false) else {
            panic!("9 GB of 16 GB must be refused");
        };
        assert!(msg.contains("9.0 GB") && msg.contains("16.0 GB"), "{msg}");
        // Unknown machine memory: only the event limit applies.
        assert!(budget(1e9, 1e15).check(None, false).is_ok());
        assert!(budget(2e11, 1e15).check(Some(gb), true).is_ok());
        assert!(budget(f64::NAN, gb).check(None, false).is_err());
    }
}
