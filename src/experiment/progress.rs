//! Progress of a running experiment, handed to a callback (the library never prints).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::compare::Imprecise;

/// A snapshot of a running experiment, passed to the callback of
/// [`Experiment::run_with`](super::Experiment::run_with) each time a replication finishes
/// (from worker threads, so the callback must be `Sync` and quick).
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    /// Replications per policy planned (the maximum under a target-CI rule, the shard's
    /// share for a shard).
    pub planned: u64,
    /// Per policy, in experiment order.
    pub policies: Vec<PolicyProgress<'a>>,
    /// Time since the run started.
    pub elapsed: Duration,
    /// Under a target-CI rule, after the first batch: the estimate furthest from the target
    /// (the KPI that holds the run back while its width is above the target).
    pub limiting: Option<Imprecise>,
}

/// Progress of one policy.
#[derive(Debug, Clone, Copy)]
pub struct PolicyProgress<'a> {
    /// Policy name.
    pub name: &'a str,
    /// Replications finished.
    pub done: u64,
    /// Events simulated so far.
    pub events: u64,
}

impl Progress<'_> {
    /// Replications finished over all policies.
    pub fn done(&self) -> u64 {
        self.policies.iter().map(|p| p.done).sum()
    }
    /// Replications planned over all policies.
    pub fn total(&self) -> u64 {
        self.planned * self.policies.len() as u64
    }
    /// Events simulated over all policies.
    pub fn events(&self) -> u64 {
        self.policies.iter().map(|p| p.events).sum()
    }
    /// Share of the planned work done, in [0, 1].
    pub fn fraction(&self) -> f64 {
        match self.total() {
            0 => 1.0,
            t => (self.done() as f64 / t as f64).min(1.0),
        }
    }
}

/// Counters shared by the worker threads.
pub(crate) struct Counters<'a> {
    names: Vec<&'a str>,
    done: Vec<AtomicU64>,
    events: Vec<AtomicU64>,
    planned: u64,
    started: Instant,
    limiting: Mutex<Option<Imprecise>>,
}

impl<'a> Counters<'a> {
    pub(crate) fn new(names: Vec<&'a str>, planned: u64) -> Counters<'a> {
        let n = names.len();
        Counters {
            names,
            done: (0..n).map(|_| AtomicU64::new(0)).collect(),
            events: (0..n).map(|_| AtomicU64::new(0)).collect(),
            planned,
            started: Instant::now(),
            limiting: Mutex::new(None),
        }
    }

    /// Records the least precise estimate after a batch of a target-CI run.
    pub(crate) fn set_limiting(&self, limiting: Option<Imprecise>) {
        *self.limiting.lock().unwrap_or_else(PoisonError::into_inner) = limiting;
    }

    /// Records one finished replication.
    pub(crate) fn finished(&self, policy: usize, events: u64) {
        self.done[policy].fetch_add(1, Ordering::Relaxed);
        self.events[policy].fetch_add(events, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Progress<'a> {
        Progress {
            planned: self.planned,
            policies: self
                .names
                .iter()
                .enumerate()
                .map(|(i, &name)| PolicyProgress {
                    name,
                    done: self.done[i].load(Ordering::Relaxed),
                    events: self.events[i].load(Ordering::Relaxed),
                })
                .collect(),
            elapsed: self.started.elapsed(),
            limiting: self
                .limiting
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        }
    }
}
