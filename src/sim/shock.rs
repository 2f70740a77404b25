//! Capacity shocks: a unit's service capacity falls for a while (a stoppage of a process
//! step, such as the blank KTP-el card shortage), each shock's length drawn once per
//! replication from its own stream.

use rand::RngExt;

use crate::engine::stream_rng;

use super::model::Model;
use super::world::{World, stream};

/// One shock as it happens in a replication: `[start, end)` in working hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CapacityWindow {
    /// Start (working hours).
    pub start: f64,
    /// End (working hours).
    pub end: f64,
    /// Capacity multiplier in force.
    pub multiplier: f64,
}

/// The shock windows of every unit for one replication. A week is 5 working days. The
/// lengths come from one stream per unit, so they are the same under every policy.
pub(crate) fn capacity_windows(
    model: &Model,
    seed: u64,
    replication: u64,
) -> Vec<Vec<CapacityWindow>> {
    let week_hours = 5.0 * model.hours_per_day;
    model
        .scenario
        .units
        .iter()
        .enumerate()
        .map(|(u, spec)| {
            if spec.capacity_shocks.is_empty() {
                return Vec::new();
            }
            let mut rng = stream_rng(seed, replication, stream::id(stream::CAPACITY, u));
            spec.capacity_shocks
                .iter()
                .map(|k| {
                    let [lo, hi] = k.weeks.range();
                    let weeks = lo + (hi - lo) * rng.random::<f64>();
                    let start = k.start_month * model.hours_per_month;
                    CapacityWindow {
                        start,
                        end: start + weeks * week_hours,
                        multiplier: k.multiplier,
                    }
                })
                .collect()
        })
        .collect()
}

impl World<'_> {
    /// Capacity multiplier of `unit` at `now` (1 outside every shock; overlapping shocks
    /// multiply).
    #[inline]
    pub(crate) fn capacity(&self, unit: usize, now: f64) -> f64 {
        if !self.capacity_shocked {
            return 1.0;
        }
        self.capacity_windows[unit]
            .iter()
            .filter(|w| w.start <= now && now < w.end)
            .map(|w| w.multiplier)
            .product()
    }
}
