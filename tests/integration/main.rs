//! Integration tests: one test binary, one module per area.

mod arrivals;
mod cli;
mod determinism;
mod engine;
mod queueing;
mod scenario_errors;
mod stories;
mod policies;
mod staff;
mod support;
mod theory;
mod transfers;
