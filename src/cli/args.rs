//! Argument definitions (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use mutasi::scenario::Override;

/// Simulate civil-service staffing and transfer (mutasi ASN) policies.
#[derive(Parser)]
#[command(name = "mutasi", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run a scenario's experiment and write the results folder.
    Run(RunArgs),
    /// Validate a scenario: print every problem (exit 2) or `ok` and a summary.
    Check(CheckArgs),
    /// List the scenarios shipped inside the binary.
    Scenarios,
    /// Print a shipped scenario to stdout as a starting point for your own.
    Init {
        /// Name of a shipped scenario (see `mutasi scenarios`).
        #[arg(default_value = "arcamanik")]
        name: String,
    },
}

/// Where a scenario comes from and how it is changed.
#[derive(Args)]
pub struct ScenarioArgs {
    /// Override a scenario value before validation, e.g. `units.0.positions=12` or
    /// `experiment.replications=50` (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<Override>,
}

/// `mutasi run`.
#[derive(Args)]
pub struct RunArgs {
    /// Scenario file or shipped name (default: the embedded `arcamanik`).
    pub scenario: Option<String>,
    /// Replications per policy (default: the scenario's `experiment.replications`).
    #[arg(short = 'r', long)]
    pub replications: Option<u64>,
    /// Master seed (default: the scenario's `experiment.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Output folder (default: `results/<scenario>-<UTC timestamp>`).
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

/// `mutasi check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Scenario file or shipped name.
    pub scenario: String,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}
