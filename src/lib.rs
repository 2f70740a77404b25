//! # mutasi
//!
//! Discrete-event simulation of civil-service work units, their staff, and the transfer and
//! rotation policies (mutasi ASN) that move staff between them.
//!
//! Layers, each knowing only those below it: [`engine`] (generic event kernel),
//! [`calibrate`] (parameters estimated from data),
//! [`scenario`] (scenario files), [`sim`] (one replication), [`experiment`] (Monte Carlo on
//! many threads), [`report`] (output files).
//!
//! ```
//! use mutasi::scenario;
//! use mutasi::experiment::Experiment;
//!
//! let (mut s, _) = scenario::load("mmc", &[]).expect("shipped scenario");
//! s.horizon_years = 0.5;
//! s.warmup_years = 0.1;
//! s.experiment.replications = 4;
//! let result = Experiment::new(&s).expect("valid").threads(1).run().expect("runs");
//! let wait = result.summary("status_quo", mutasi::sim::Kpi::WaitDaysMean).expect("kpi");
//! assert!(wait.mean > 0.0);
//! ```

#![forbid(unsafe_code)]

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod calibrate;
pub mod engine;
pub mod experiment;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod stats;

#[doc(hidden)]
pub mod fuzz;

/// The `rand` crate mutasi is built with: a [`Policy`](sim::policy::Policy) draws from a
/// `&mut dyn rand::Rng` of this version, so user code can use `mutasi::rand` and need not
/// match it by hand.
pub use rand;
