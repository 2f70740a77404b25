//! Calibration: model parameters estimated from data. Pure functions (data in, estimates
//! out); no files, no threads. Uses [`crate::stats`] only.
//!
//! - [`poisson`]: log-linear Poisson regression by Newton's method (maximum likelihood), with
//!   the inverse observed information as covariance.
//! - [`demand`]: the monthly arrival model of a case class (base rate, growth, season) fitted
//!   to monthly counts, with 95 % intervals and goodness of fit.

pub mod demand;
pub mod poisson;

pub use demand::{
    CalibrationError, DemandFit, GoodnessOfFit, MIN_MONTHS, MonthCount, ParameterEstimate,
    fit_monthly_counts,
};
pub use poisson::{PoissonError, PoissonFit, fit_log_linear};
