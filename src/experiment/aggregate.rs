//! Folding replication results, always in replication order, into per-policy statistics.

use crate::sim::{Kpi, Metric, ReplicationResult};
use crate::stats::{LogHistogram, Moments, Summary, summarize};

/// Streaming mean and variance of every monthly series cell across replications; memory is
/// independent of the number of replications.
#[derive(Debug, Clone)]
pub struct SeriesStats {
    rows: usize,
    months: usize,
    cells: Vec<Moments>,
}

impl SeriesStats {
    /// Empty statistics for `rows` x `months` cells of every metric.
    pub fn new(rows: usize, months: usize) -> SeriesStats {
        SeriesStats {
            rows,
            months,
            cells: vec![Moments::default(); Metric::COUNT * rows * months],
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
    /// Moments of one cell.
    pub fn cell(&self, metric: Metric, row: usize, month: usize) -> &Moments {
        &self.cells[(metric as usize * self.rows + row) * self.months + month]
    }
    fn push(&mut self, r: &ReplicationResult) {
        for (m, &v) in self.cells.iter_mut().zip(r.series.values()) {
            m.push(v);
        }
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
}

impl PolicyResult {
    /// Empty result for a policy.
    pub fn new(name: &str, rows: usize, months: usize) -> PolicyResult {
        PolicyResult {
            name: name.to_string(),
            kpis: Vec::new(),
            series: SeriesStats::new(rows, months),
            wait_days: LogHistogram::new(),
            resolution_days: LogHistogram::new(),
            events: 0,
        }
    }

    /// Adds the next replication; callers must add replications in index order.
    pub fn push(&mut self, r: &ReplicationResult) {
        self.kpis.push(r.kpis);
        self.series.push(r);
        self.wait_days.merge(&r.wait_days);
        self.resolution_days.merge(&r.resolution_days);
        self.events += r.events;
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
