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
//! ## A tutorial in three steps
//!
//! (The examples use `expect` for brevity; a program would report the errors, each of
//! which names what was wrong, as the `mutasi` binary does.)
//!
//! **1. A scenario from a string.** A scenario is a TOML text (the format of
//! `docs/scenario.md`); [`scenario::parse`] reads it with line/column errors, and
//! [`experiment::Experiment::new`] validates it (every problem at once, each with its field
//! path). Two units, a counter short of staff and a back office with slack, and two
//! policies: the status quo and a planned move of one person in month 3.
//!
//! ```
//! use mutasi::experiment::Experiment;
//!
//! let text = r#"
//!     name = "two_units"
//!     horizon_years = 2          # years simulated
//!     warmup_years = 0.5         # years left out of every statistic
//!     [experiment]
//!     replications = 8
//!     seed = 7
//!     [[units]]
//!     name = "counter"
//!     positions = 5
//!     staff = 2
//!     demand = { base_per_day = 30 }                           # cases per working day
//!     service = { kind = "lognormal", mean_hours = 0.5, cv = 0.5 }
//!     patience = { kind = "exponential", mean_hours = 15 }     # citizens give up
//!     sla_days = 1
//!     [[units]]
//!     name = "back_office"
//!     positions = 5
//!     staff = 5
//!     demand = { base_per_day = 15 }
//!     service = { kind = "lognormal", mean_hours = 0.75, cv = 0.5 }
//!     sla_days = 5
//!     [[policies]]
//!     name = "status_quo"
//!     kind = "status_quo"
//!     [[policies]]
//!     name = "move_one"
//!     kind = "planned_moves"
//!     moves = [{ month = 3, from = "back_office", to = "counter", count = 1 }]
//! "#;
//! let scenario = mutasi::scenario::parse(text, "two_units.toml").expect("parses");
//! let result = Experiment::new(&scenario).expect("valid").threads(1).run().expect("runs");
//!
//! // 2. Read a comparison: the paired difference of a policy against the baseline, over
//! // replications that share their random numbers (mean and Student-t 95 % CI).
//! use mutasi::sim::Kpi;
//! let diff = result.paired_difference("move_one", Kpi::WaitDaysMean).expect("compared");
//! assert!(diff.ci95_low <= diff.mean && diff.mean <= diff.ci95_high);
//! // Two people at a counter with work for about 2.6 (absence counted): the move shortens waits.
//! assert!(diff.ci95_high < 0.0, "moving one person to the short counter cut waits: {diff:?}");
//! for row in result.comparison() {
//!     if let (Some(d), Some(true)) = (row.difference, row.significant) {
//!         let _ = (row.policy, row.kpi.name(), d.mean); // what comparison.csv holds
//!     }
//! }
//! ```
//!
//! **3. A policy of your own.** [`sim::policy::Policy`] is the one extension point: a
//! `review` that looks at the organisation through an [`sim::policy::OrgView`] and returns
//! transfer orders, which go through the same rules, resistance and transit as the built-ins.
//!
//! ```
//! use mutasi::experiment::Experiment;
//! use mutasi::sim::policy::{Indicator, OrgView, Policy, Reason, TransferOrder};
//!
//! /// Once a review, moves one person from the least to the most utilised unit.
//! struct Levelling;
//!
//! impl Policy for Levelling {
//!     fn review(&mut self, org: &OrgView<'_>, _rng: &mut dyn mutasi::rand::Rng) -> Vec<TransferOrder> {
//!         let load = |u: u32| org.mean_indicator(u, Indicator::Utilization, 3);
//!         let units = 0..org.unit_count() as u32;
//!         let to = units.clone().max_by(|&a, &b| load(a).total_cmp(&load(b)));
//!         let from = units.min_by(|&a, &b| load(a).total_cmp(&load(b)));
//!         let (Some(to), Some(from)) = (to, from) else { return Vec::new() };
//!         let who = org.staff_of(from).find(|p| org.may_move(p.id, to));
//!         who.map(|p| TransferOrder::new(p.id, to, Reason::Custom))
//!             .into_iter()
//!             .collect()
//!     }
//! }
//!
//! let (mut scenario, _) = mutasi::scenario::load("arcamanik", &[]).expect("shipped");
//! scenario.horizon_years = 1.5;
//! scenario.warmup_years = 0.5;
//! let result = Experiment::new(&scenario)
//!     .expect("valid")
//!     .policy("levelling", |_model| Levelling)
//!     .only(&["status_quo".to_string(), "levelling".to_string()])
//!     .expect("known policies")
//!     .replications(2)
//!     .threads(1)
//!     .run()
//!     .expect("runs");
//! assert_eq!(result.policies.len(), 2);
//! ```
//!
//! Files, charts and the brief of a result are [`report`]'s; the `mutasi` binary is a thin
//! command line over these calls.

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
