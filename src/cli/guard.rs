//! Resource guards: before any simulation, the run's events and peak memory are estimated
//! from the scenario, printed by `mutasi check`, and a run above the limits is refused
//! (exit 2) with the estimate and the flag that overrides it (`--no-limit`).

use mutasi::sim::{Model, ResourceEstimate};

use super::Failure;

/// Most events a run may simulate without `--no-limit` (about three hours on one core).
pub const MAX_EVENTS: f64 = 1e11;
/// Throughput assumed for the time estimate (events per second per thread). A full
/// scenario with every dynamic on runs at about 15 M (README "Performance"); 10 M leaves
/// room for slower machines and busier scenarios.
pub const EVENTS_PER_SECOND: f64 = 1e7;
/// Share of the machine's memory a run may expect to use without `--no-limit`.
pub const MEMORY_SHARE: f64 = 0.5;

/// The size of a planned run.
pub struct Budget {
    /// Events and memory expected.
    pub estimate: ResourceEstimate,
    /// Worker threads it will use.
    pub threads: u64,
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
        }
    }

    /// One line: events, time at the stated rate, and memory.
    pub fn describe(&self) -> String {
        let e = &self.estimate;
        let seconds = e.events / (EVENTS_PER_SECOND * self.threads as f64);
        format!(
            "about {} events (~{} on {} thread(s) at {:.0} M events/s each), peak memory about {}",
            events(e.events),
            duration(seconds),
            self.threads,
            EVENTS_PER_SECOND / 1e6,
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
        }
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
