//! Monte Carlo: replications of a scenario on a rayon thread pool, seeded so that results
//! are bit-identical whatever the thread count, aggregated in replication order.

mod aggregate;
mod run;

pub use aggregate::{PolicyResult, SeriesStats};
pub use run::{Experiment, ExperimentResult, PolicyEntry, PolicyFactory, RunError};
