//! Numerical building blocks with no domain words: histograms, streaming moments, Student t
//! confidence intervals and quantiles, paired comparisons. Used by `sim` (per replication)
//! and `experiment` (across replications).

mod histogram;
mod paired;
mod summary;

pub use histogram::LogHistogram;
pub use paired::{paired_differences, probability_best};
pub use summary::{Moments, Summary, quantile_sorted, student_t_quantile, summarize};
