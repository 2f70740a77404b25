//! Integration tests: one test binary, one module per area.

mod arrivals;
mod cli;
mod determinism;
mod engine;
mod queueing;
mod report;
mod scenario_errors;
mod support;
mod theory;
mod stories;
