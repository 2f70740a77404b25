//! Numerical building blocks with no domain words: histograms, streaming moments, Student t
//! confidence intervals and quantiles. Used by `sim` (per replication) and `experiment`
//! (across replications).

mod histogram;
mod summary;

pub use histogram::LogHistogram;
pub use summary::{Moments, Summary, quantile_sorted, student_t_quantile, summarize};
