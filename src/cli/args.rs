//! Argument definitions (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use mutasi::experiment::{Shard, Vary};
use mutasi::report::{Lang, Replace};
use mutasi::scenario::{DEFAULT_MAX_DATA_BYTES, DataAccess, Override};
use mutasi::sim::SeriesScope;

use super::Failure;

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
    /// Run a scenario at every point of a grid of parameter values (same seeds everywhere).
    Sweep(SweepArgs),
    /// Rankings that hold across the assumptions: sample the scenario's uncertain parameters
    /// (`[uncertainty]`, `--range`), run every policy at every point, and say how often each
    /// is best and which assumption would change it.
    Robust(super::robust::RobustArgs),
    /// Combine the shard folders of one run (`run --shard K/N`) into its results folder.
    Merge(MergeArgs),
    /// Draw the charts and write `report.html` and `report.md` for a results folder.
    Report(ReportArgs),
    /// Validate a scenario: print every problem (exit 2) or `ok` and a summary.
    Check(CheckArgs),
    /// List the scenarios shipped inside the binary.
    Scenarios,
    /// Write a starting point for your own office: a shipped scenario, the documented
    /// `starter` template, or a scenario built from a roster and a history CSV.
    Init(InitArgs),
    /// Estimate demand (base rate, growth, season) from every `history` CSV a scenario names,
    /// with 95 % intervals and goodness of fit.
    Fit(FitArgs),
}

/// `mutasi init`.
#[derive(Args)]
pub struct InitArgs {
    /// `starter` (a documented template) or a shipped scenario (see `mutasi scenarios`);
    /// leave out with --roster.
    #[arg(conflicts_with = "roster")]
    pub name: Option<String>,
    /// Staff roster CSV: one unit per `unit` value, people from its rows.
    #[arg(long, value_name = "CSV")]
    pub roster: Option<PathBuf>,
    /// Monthly counts CSV (`month,unit,class,count`): demand is fitted from it.
    #[arg(long, value_name = "CSV", requires = "roster")]
    pub history: Option<PathBuf>,
    /// Write to this file instead of stdout (required with --roster).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Largest data file (roster, history) read, in megabytes; for an Excel workbook also
    /// the most its parts may unpack to.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_DATA_BYTES / 1_000_000)]
    pub max_data_mb: u64,
}

/// `mutasi fit`.
#[derive(Args)]
pub struct FitArgs {
    /// Scenario file whose demands name `history` CSVs.
    pub scenario: String,
    /// Write a copy of the scenario with the fitted values in place of `history`.
    #[arg(long, value_name = "OUT.toml")]
    pub write: Option<PathBuf>,
    /// Replace the --write file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Where a scenario comes from and how it is changed.
#[derive(Args)]
pub struct ScenarioArgs {
    /// Override a scenario value before validation, e.g. `units.0.positions=12` or
    /// `experiment.replications=50` (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<Override>,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Where the data files a scenario names (roster, history) may be, and how large.
#[derive(Args)]
pub struct DataArgs {
    /// Read the roster and history files a scenario names wherever they are (absolute
    /// paths, or outside the scenario's folder); by default they must be in the scenario's
    /// folder or below it.
    #[arg(long)]
    pub allow_external_data: bool,
    /// Largest data file (roster, history) read, in megabytes; for an Excel workbook also
    /// the most its parts may unpack to.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_DATA_BYTES / 1_000_000)]
    pub max_data_mb: u64,
}

/// `--series`: `auto`, `focus` or `all`.
fn parse_series(text: &str) -> Result<SeriesScope, String> {
    SeriesScope::parse(text).ok_or_else(|| format!("expected auto, focus or all, not '{text}'"))
}

impl DataArgs {
    /// The data access these flags allow.
    pub fn access(&self) -> DataAccess {
        DataAccess {
            anywhere: self.allow_external_data,
            max_bytes: self.max_data_mb.saturating_mul(1_000_000),
        }
    }
}

/// Settings shared by `run` and `sweep`: replications, seed, threads, policies, output.
#[derive(Args)]
pub struct ExperimentArgs {
    /// Replications per policy (default: the scenario's `experiment.replications`).
    #[arg(short = 'r', long)]
    pub replications: Option<u64>,
    /// Master seed (default: the scenario's `experiment.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Run only these policies, in this order (comma-separated names).
    #[arg(long, value_name = "NAME,NAME", value_delimiter = ',')]
    pub policies: Option<Vec<String>>,
    /// Write `transfers.csv`: every transfer order and its outcome.
    #[arg(long)]
    pub transfer_log: bool,
    /// Which units get monthly series in `timeseries.csv`: `all` (every unit), `focus` (the
    /// `[report]` focus units and groups, and groups by field and remoteness) or `auto`
    /// (every unit up to 50 units, else as `focus`) [default: auto]. Only the series differ.
    #[arg(long, value_name = "auto|focus|all", value_parser = parse_series)]
    pub series: Option<SeriesScope>,
    /// Output folder (default: `results/<scenario>-<UTC timestamp>`).
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub replace: ReplaceArgs,
    /// Print nothing but errors.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Run even when the estimated events or memory are above the limits (see `mutasi
    /// check` for the estimate).
    #[arg(long)]
    pub no_limit: bool,
    #[command(flatten)]
    pub brief: BriefArgs,
}

/// Charts and the policy brief written with the results.
#[derive(Args)]
pub struct BriefArgs {
    /// Language of the charts and the brief: `en` or `id` (Bahasa Indonesia).
    #[arg(long, default_value = "en", value_name = "LANG")]
    pub lang: Lang,
    /// Write only the tables and run.json (no charts, no report.html / report.md).
    #[arg(long)]
    pub no_charts: bool,
}

impl BriefArgs {
    /// The brief's language, or `None` with `--no-charts`.
    pub fn language(&self) -> Option<Lang> {
        (!self.no_charts).then_some(self.lang)
    }
}

/// `mutasi report`.
#[derive(Args)]
pub struct ReportArgs {
    /// A results folder written by `mutasi run` or `mutasi merge`.
    pub dir: PathBuf,
    /// Language of the charts and the brief: `en` or `id` (Bahasa Indonesia).
    #[arg(long, default_value = "en", value_name = "LANG")]
    pub lang: Lang,
    /// Write the charts and the brief here instead of into DIR.
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Replace the -o folder if it exists and mutasi wrote it.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// With --force, also replace a folder mutasi wrote that holds files it did not write
    /// there (they are deleted with it); without it such a folder is refused, naming the file.
    #[arg(long, requires = "force")]
    pub delete_foreign_files: bool,
    /// Print nothing but errors.
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

/// `mutasi run`.
#[derive(Args)]
pub struct RunArgs {
    /// Scenario file or shipped name (default: the embedded `arcamanik`).
    pub scenario: Option<String>,
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// Add replications in batches of 64 until every headline KPI's 95 % CI half-width is at
    /// most REL x |mean| for every policy (or every difference with the baseline is resolved,
    /// or --max-replications is reached), e.g. 0.05.
    #[arg(long, value_name = "REL", conflicts_with_all = ["replications", "shard"])]
    pub target_ci: Option<f64>,
    /// The KPIs --target-ci watches (comma-separated names, e.g. sla_compliance,complaints)
    /// [default: resolution_days_mean,sla_compliance,complaints,backlog_end,utilization_cv].
    #[arg(
        long,
        value_name = "KPI,KPI",
        value_delimiter = ',',
        requires = "target_ci"
    )]
    pub target_kpis: Option<Vec<String>>,
    /// Replications per policy at most under --target-ci [default: 10000].
    #[arg(long, value_name = "N", requires = "target_ci")]
    pub max_replications: Option<u64>,
    /// Run only shard K of N (0-based): replications floor(K*R/N) to floor((K+1)*R/N) - 1,
    /// written as a partial folder for `mutasi merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Continue the run interrupted (Ctrl-C) in DIR to the result an uninterrupted run gives;
    /// without a scenario, the one stored in DIR is used. The completed results replace DIR.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["shard", "output"])]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

/// `mutasi sweep`.
#[derive(Args)]
pub struct SweepArgs {
    /// Scenario file or shipped name.
    pub scenario: String,
    /// A parameter and its values, `PATH=v1,v2,...` with `--set` paths (repeatable; the grid
    /// is every combination, the first --vary changing slowest).
    #[arg(long = "vary", value_name = "PATH=V1,V2,...", required = true)]
    pub vary: Vec<Vary>,
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

/// `mutasi merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// Shard folders written by `mutasi run --shard K/N` (all N of one run, any order).
    #[arg(required = true, value_name = "DIR")]
    pub shards: Vec<PathBuf>,
    /// Output folder for the merged results.
    #[arg(short = 'o', long, required = true)]
    pub output: PathBuf,
    #[command(flatten)]
    pub replace: ReplaceArgs,
    /// Print nothing but errors.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    #[command(flatten)]
    pub brief: BriefArgs,
}

/// `mutasi check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Scenario file or shipped name.
    pub scenario: String,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

impl ExperimentArgs {
    /// The policies named by `--policies`, trimmed (`None` without the flag); a list naming
    /// none is refused, with the scenario's policies (`known`) in the message.
    pub fn chosen_policies(&self, known: &[String]) -> Result<Option<Vec<String>>, Failure> {
        let Some(names) = &self.policies else {
            return Ok(None);
        };
        let names: Vec<String> = names
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return Err(Failure::Input(format!(
                "--policies lists no policy; name at least one of: {}",
                known.join(", ")
            )));
        }
        Ok(Some(names))
    }
}

/// `--force` and `--delete-foreign-files` of a command writing a results folder.
#[derive(Args)]
pub struct ReplaceArgs {
    /// Replace the output folder if it exists and mutasi wrote it (its `.mutasi` marker
    /// lists every file in it).
    #[arg(long)]
    pub force: bool,
    /// With --force, also replace a folder mutasi wrote that holds files it did not write
    /// there (they are deleted with it); without it such a folder is refused, naming the file.
    #[arg(long, requires = "force")]
    pub delete_foreign_files: bool,
}

impl ReplaceArgs {
    /// What the flags allow for an existing output folder.
    pub fn allowed(&self) -> Replace {
        replace(self.force, self.delete_foreign_files)
    }
}

/// What `--force` and `--delete-foreign-files` allow for an existing output folder.
pub fn replace(force: bool, delete_foreign_files: bool) -> Replace {
    match (force, delete_foreign_files) {
        (false, _) => Replace::Never,
        (true, false) => Replace::Own,
        (true, true) => Replace::OwnWithForeign,
    }
}
