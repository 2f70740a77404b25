//! What is kept about each policy across replications.
//!
//! Two kinds of state, each reproducible whatever the thread count or shard split:
//! per-replication values (KPIs, the transfer log) are stored in replication order, and the
//! monthly series, histograms and event counts are folded with exact arithmetic (integer
//! counts, [`ExactMoments`]), whose result does not depend on the order of the fold.

use crate::sim::{Kpi, Metric, ReplicationResult, TransferRecord, UnitOutcomes, UnitTotals};
use crate::stats::{LogHistogram, Moments, Summary, summarize};

use super::exact::ExactMoments;

/// Mean and variance of every monthly series cell across replications, accumulated exactly;
/// memory does not grow with the number of replications.
#[derive(Debug, Clone)]
pub struct SeriesStats {
    rows: usize,
    months: usize,
    cells: Vec<ExactMoments>,
}

impl SeriesStats {
    /// Empty statistics for `rows` x `months` cells of every metric.
    pub fn new(rows: usize, months: usize) -> SeriesStats {
        SeriesStats {
            rows,
            months,
            cells: vec![ExactMoments::default(); Metric::COUNT * rows * months],
        }
    }
    /// Rows (units + 1 for the whole organisation).
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Months.
    pub fn months(&self) -> usize {
        self.months
    }
    /// Count, mean and sum of squared deviations of one cell (each rounded once from exact
    /// sums, so identical however the replications were split or ordered).
    pub fn cell(&self, metric: Metric, row: usize, month: usize) -> Moments {
        self.cells[(metric as usize * self.rows + row) * self.months + month].moments()
    }
    /// Adds the series of one replication (in any order).
    pub fn push(&mut self, r: &ReplicationResult) {
        for (m, &v) in self.cells.iter_mut().zip(r.series.values()) {
            m.push(v);
        }
    }
    /// Adds the statistics of other replications of the same shape.
    pub fn merge(&mut self, other: &SeriesStats) {
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.merge(b);
        }
    }
    /// The exact accumulators, metric-major then row then month (for saving shards).
    pub fn accumulators(&self) -> &[ExactMoments] {
        &self.cells
    }
    /// Rebuilds statistics from saved accumulators; `None` when the count does not match the
    /// shape or an accumulator is malformed.
    pub fn from_accumulators(
        rows: usize,
        months: usize,
        cells: Vec<ExactMoments>,
    ) -> Option<SeriesStats> {
        let expected = Metric::COUNT.checked_mul(rows)?.checked_mul(months)?;
        (cells.len() == expected && cells.iter().all(ExactMoments::is_valid)).then_some(
            SeriesStats {
                rows,
                months,
                cells,
            },
        )
    }
}

/// One line of the transfer log: a transfer order of one replication and its outcome.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TransferRow {
    /// Replication index.
    pub replication: u64,
    /// Month the order was issued (1-based).
    pub month: usize,
    /// Staff id.
    pub staff: u32,
    /// Origin unit index (scenario order).
    pub from: u32,
    /// Destination unit index.
    pub to: u32,
    /// Why it was ordered.
    pub reason: String,
    /// `accepted`, `appealed`, `refused`, `quit` or `blocked:<rule>`.
    pub outcome: String,
}

impl TransferRow {
    fn new(replication: u64, r: &TransferRecord) -> TransferRow {
        TransferRow {
            replication,
            month: r.month,
            staff: r.staff,
            from: r.from,
            to: r.to,
            reason: r.reason.to_string(),
            outcome: r.outcome.clone(),
        }
    }
}

/// The order-free part of a policy's results: series, histograms and events. Replications
/// can be added in any order, from any thread.
#[derive(Debug, Clone)]
pub struct Pooled {
    /// Monthly series statistics.
    pub series: SeriesStats,
    /// Pooled waits (working days).
    pub wait_days: LogHistogram,
    /// Pooled resolution times (working days).
    pub resolution_days: LogHistogram,
    /// Events simulated.
    pub events: u64,
}

impl Pooled {
    /// Empty pooled statistics.
    pub fn new(rows: usize, months: usize) -> Pooled {
        Pooled {
            series: SeriesStats::new(rows, months),
            wait_days: LogHistogram::new(),
            resolution_days: LogHistogram::new(),
            events: 0,
        }
    }

    /// Adds one replication.
    pub fn push(&mut self, r: &ReplicationResult) {
        self.series.push(r);
        self.wait_days.merge(&r.wait_days);
        self.resolution_days.merge(&r.resolution_days);
        self.events += r.events;
    }
}

/// Everything kept about one policy across replications.
#[derive(Debug, Clone)]
pub struct PolicyResult {
    /// Policy name.
    pub name: String,
    /// KPIs of each replication, in replication order (small; kept for quantiles and paired
    /// comparisons).
    pub kpis: Vec<[f64; Kpi::COUNT]>,
    /// Monthly series statistics.
    pub series: SeriesStats,
    /// Pooled waits (working days) over all replications.
    pub wait_days: LogHistogram,
    /// Pooled resolution times (working days) over all replications.
    pub resolution_days: LogHistogram,
    /// Events simulated.
    pub events: u64,
    /// Every transfer order, replication by replication (empty unless the experiment logs
    /// transfers).
    pub transfers: Vec<TransferRow>,
    /// Outcomes per unit and case class of each replication, in replication order; complete
    /// only when it has as many entries as [`PolicyResult::kpis`] (results saved by an
    /// older version have none).
    pub units: Vec<UnitOutcomes>,
}

impl PolicyResult {
    /// Empty result for a policy.
    pub fn new(name: &str, rows: usize, months: usize) -> PolicyResult {
        PolicyResult::from_pooled(name, Pooled::new(rows, months))
    }

    /// A result with the given pooled statistics and no per-replication values yet.
    pub fn from_pooled(name: &str, pooled: Pooled) -> PolicyResult {
        PolicyResult {
            name: name.to_string(),
            kpis: Vec::new(),
            series: pooled.series,
            wait_days: pooled.wait_days,
            resolution_days: pooled.resolution_days,
            events: pooled.events,
            transfers: Vec::new(),
            units: Vec::new(),
        }
    }

    /// Adds the next replication; callers must add replications in index order.
    pub fn push(&mut self, r: &ReplicationResult) {
        self.kpis.push(r.kpis);
        self.series.push(r);
        self.wait_days.merge(&r.wait_days);
        self.resolution_days.merge(&r.resolution_days);
        self.events += r.events;
        self.push_transfers(r.replication, &r.transfers);
        self.units.push(r.units.clone());
    }

    /// The per-unit outcomes of every replication, when they were kept for all of them.
    pub fn unit_outcomes(&self) -> Option<&[UnitOutcomes]> {
        (self.units.len() == self.kpis.len() && !self.units.is_empty())
            .then_some(self.units.as_slice())
    }

    /// Appends a replication's transfer log.
    pub(crate) fn push_transfers(&mut self, replication: u64, log: &[TransferRecord]) {
        self.transfers
            .extend(log.iter().map(|t| TransferRow::new(replication, t)));
    }

    /// The values of one KPI over replications.
    pub fn values(&self, kpi: Kpi) -> Vec<f64> {
        self.kpis.iter().map(|k| k[kpi as usize]).collect()
    }

    /// Mean, sd, CI and quantiles of one KPI.
    pub fn summary(&self, kpi: Kpi) -> Summary {
        summarize(&self.values(kpi))
    }
}

/// [`UnitOutcomes`] as saved in shard and checkpoint files: every value as IEEE bits, one
/// list per unit (or class), so that every value survives exactly.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedUnits {
    measured: Vec<Vec<u64>>,
    year_before_last: Vec<Vec<u64>>,
    last_year: Vec<Vec<u64>>,
    classes: Vec<Vec<u64>>,
}

impl SavedUnits {
    /// The saved form of one replication's outcomes.
    pub(crate) fn of(u: &UnitOutcomes) -> SavedUnits {
        let bits = |v: &[UnitTotals]| -> Vec<Vec<u64>> {
            v.iter()
                .map(|t| t.to_array().iter().map(|x| x.to_bits()).collect())
                .collect()
        };
        SavedUnits {
            measured: bits(&u.measured),
            year_before_last: bits(&u.year_before_last),
            last_year: bits(&u.last_year),
            classes: bits(&u.classes),
        }
    }

    /// The outcomes back; `None` when a list has the wrong length.
    pub(crate) fn restore(&self) -> Option<UnitOutcomes> {
        let totals = |v: &[Vec<u64>]| -> Option<Vec<UnitTotals>> {
            v.iter()
                .map(|bits| {
                    let a: [f64; UnitTotals::COUNT] = bits
                        .iter()
                        .map(|b| f64::from_bits(*b))
                        .collect::<Vec<_>>()
                        .try_into()
                        .ok()?;
                    Some(UnitTotals::from_array(&a))
                })
                .collect()
        };
        Some(UnitOutcomes {
            measured: totals(&self.measured)?,
            year_before_last: totals(&self.year_before_last)?,
            last_year: totals(&self.last_year)?,
            classes: totals(&self.classes)?,
            // Read back only for per-unit tables; the organisation KPIs were kept.
            pool: Vec::new(),
        })
    }
}
