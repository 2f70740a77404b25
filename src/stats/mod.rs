//! Numerical building blocks with no domain words: histograms, streaming moments, Student t
//! and normal quantiles, the regularized incomplete gamma (chi-square tail),
//! confidence intervals and quantiles, paired comparisons. Used by `sim` (per replication)
//! and `experiment` (across replications).

mod gamma;
mod histogram;
mod paired;
mod rate_test;
mod sensitivity;
mod summary;

pub use gamma::{chi_square_sf, ln_gamma, regularized_gamma_p, regularized_gamma_q};
pub use histogram::LogHistogram;
pub use paired::{paired_differences, probability_best};
pub use rate_test::{
    binomial_sf, dispersion_index, overdispersed_rate_increase_p, poisson_rate_increase_p,
};
pub use sensitivity::{
    GroupMean, Index, default_groups, first_order_index, group_means, linear_root, normal_cdf,
    rank_groups,
};
pub use summary::{
    Moments, Summary, normal_quantile, quantile_sorted, student_t_quantile, summarize,
};
