//! Integration tests: one test binary, one module per area.

mod arrivals;
mod calibrate;
mod cli;
mod data_files;
mod determinism;
mod engine;
mod experiments;
mod extremes;
mod guards;
mod interrupt;
mod policies;
mod queueing;
mod report;
mod robust;
mod robustness;
mod scale;
mod scenario_errors;
mod series;
mod staff;
mod stories;
mod support;
mod theory;
mod transfers;
mod workload;
